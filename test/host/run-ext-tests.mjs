// Runs the mocha suite (out/host/index.js) inside code-server's remote Node extension host: the
// workbench page is opened with the `payload` URL parameter (extensionDevelopmentPath,
// extensionTestsPath), which code-server honours when started with
// `--vscode-option enable-smoke-test-driver`. The exit code comes back through
// window.codeAutomationExit, the mocha output through window.codeAutomationLog.
// usage: node test/host/run-ext-tests.mjs SERVER_URL WORKSPACE   (env: EXT_HOST_ENV JSON, VERBOSE=1)
import path from 'node:path';
import util from 'node:util';
import { launchBrowser, noise } from './browser.mjs';

const server = new URL(process.argv[2]);
const workspace = path.resolve(process.argv[3]);
const extDir = path.resolve(process.env.EXT_DEV_PATH || '.');
const testsPath = path.resolve(process.env.EXT_TESTS_PATH || 'out/host/index.js');
const timeoutMs = Number(process.env.EXT_TEST_TIMEOUT_MS || 300_000);
const verbose = !!process.env.VERBOSE;

const remote = (p) => `vscode-remote://${server.host}${p}`;
const payload = [
  ['extensionDevelopmentPath', remote(extDir)],
  ['extensionTestsPath', remote(testsPath)],
  ['skipWelcome', 'true'],
];
if (process.env.EXT_HOST_ENV) payload.push(['extensionEnvironment', process.env.EXT_HOST_ENV]);
const url = `${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

const t0 = Date.now();
const browser = await launchBrowser();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
page.on('console', (m) => { if (verbose) console.log(`[browser ${m.type()}] ${m.text()}`); });
page.on('pageerror', (e) => { if (verbose) console.log(`[pageerror] ${e.message}`); });
let exited = () => {};
await page.exposeFunction('codeAutomationLog', (type, args) => {
  const line = util.format(...(args || []));
  if (verbose || !noise.test(line)) console.log(line);
});
await page.exposeFunction('codeAutomationExit', (code) => exited(code));
/** Loads the workbench with the suite and waits for the suite's exit code. */
async function runSuite(target) {
  const done = new Promise((resolve) => { exited = resolve; });
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
  await page.goto(target);
  return Promise.race([done, timer]);
}
let code = await runSuite(url);
console.log(`extension host tests exited with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const firstEnv = JSON.parse(process.env.EXT_HOST_ENV || '{}');
// A run narrowed to some suites (the bench's) did not seal what the reload suites check.
if (code === 0 && !firstEnv.BULKHEAD_TEST_GREP) {
  // A reload: the same browser profile and server, a new extension host, only the suites that check what survives one.
  const env = { ...firstEnv, BULKHEAD_TEST_PHASE: 'reload', BULKHEAD_TEST_GREP: 'after a reload' };
  delete env.BULKHEAD_TEST_RESULT;
  const reloaded = [...payload.filter(([k]) => k !== 'extensionEnvironment'), ['extensionEnvironment', JSON.stringify(env)]];
  code = await runSuite(`${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(reloaded))}`);
  console.log(`extension host tests after a reload exited with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
if (code !== 0 && process.env.SHOT_DIR) await page.screenshot({ path: path.join(process.env.SHOT_DIR, 'host-failure.png') }).catch(() => {});
await browser.close();
process.exit(code === 0 ? 0 : 1);
