// What every UI test script does the same way: wait for the page, and time its steps.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns something truthy, failing with `label` after `ms`. */
export async function waitFor(fn, ms, label) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await sleep(100);
  }
}

/** A logger that prefixes each line with the test's name and the seconds since it started. */
export function lapper(name) {
  const t0 = Date.now();
  return (m) => console.log(`[ui ${name} ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
}
