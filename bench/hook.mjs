#!/usr/bin/env node
// The agent hook's whole-process cost, next to Node's own floor: wall time and peak resident memory
// of `bulkhead hook` answering a Claude Code payload, for an allowed line and a blocked one, without
// the extension and with it running (a stand-in that answers over the real IPC, without a modal),
// interleaved with `node -e 0` in the same run and the same clean environment (only PATH and HOME: a
// variable such as NODE_EXTRA_CA_CERTS alone slows every Node start).
//   node bench/hook.mjs        env: BULKHEAD_BENCH_ROUNDS (default 30); needs dist/cli.js (npm run build),
//                              and for the cases with the extension dist/bench (npm run bench builds both)
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('bench/hook: dist/cli.js is missing; run npm run build first');
  process.exit(1);
}
const rounds = Number(process.env.BULKHEAD_BENCH_ROUNDS || 30);
const workspace = mkdtempSync(join(tmpdir(), 'bulkhead-bench-hook-'));
copyFileSync(join(repo, 'test', 'fixtures', 'policy.yaml'), join(workspace, '.bulkhead.yaml'));
const rssFile = join(workspace, 'rss');
const envWithHome = (home) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, BULKHEAD_BENCH_RSS: rssFile });
const env = envWithHome(workspace);
// The extension's connection file lives under its own home, so that the cases without it find none.
const onlineHome = join(workspace, 'online-home');
mkdirSync(onlineHome);
const standIn = join(repo, 'dist', 'bench', 'extension-stand-in.js');
let extension;
if (existsSync(standIn)) {
  extension = spawn(process.execPath, [standIn, workspace], { env: envWithHome(onlineHome), stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    extension.stdout.once('data', resolve);
    extension.once('exit', (code) => reject(new Error(`the extension stand-in exited ${code}`)));
  });
} else {
  console.log('bench/hook: dist/bench/extension-stand-in.js is missing (npm run bench builds it): the cases with the extension are skipped');
}
const rss = join(repo, 'bench', 'rss.cjs');
const payload = (command) => JSON.stringify({
  session_id: 'bench', transcript_path: '', cwd: workspace, permission_mode: 'default', hook_event_name: 'PreToolUse',
  tool_name: 'Bash', tool_input: { command }, tool_use_id: 'bench',
});

const cases = [
  { name: 'node -e 0', args: ['-r', rss, '-e', '0'], input: '', exit: 0 },
  { name: 'hook, allowed (kubectl get pods)', args: ['-r', rss, cli, 'hook', '--dialect', 'claude'], input: payload('kubectl get pods'), exit: 0 },
  { name: 'hook, blocked (production delete)', args: ['-r', rss, cli, 'hook', '--dialect', 'claude'], input: payload('kubectl --context prod-eu-1 delete ns api'), exit: 2 },
  ...(extension ? [
    { name: 'hook + extension, allowed', args: ['-r', rss, cli, 'hook', '--dialect', 'claude'], input: payload('kubectl get pods'), exit: 0, env: envWithHome(onlineHome) },
    { name: 'hook + extension, blocked', args: ['-r', rss, cli, 'hook', '--dialect', 'claude'], input: payload('kubectl --context prod-eu-1 delete ns api'), exit: 2, env: envWithHome(onlineHome), says: 'Declined in the editor.' },
  ] : []),
];
const samples = cases.map(() => ({ ms: [], kib: [] }));
for (let round = 0; round < rounds + 1; round++) {
  cases.forEach((c, i) => {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, c.args, { input: c.input, env: c.env ?? env, cwd: workspace, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== c.exit || (c.says && !r.stdout.includes(c.says))) {
      console.error(`bench/hook: ${c.name} exited ${r.status}${c.says ? ` saying ${r.stdout.slice(0, 200)}` : ''}, not ${c.exit}${c.says ? ` saying ${c.says}` : ''}: ${r.stderr.slice(0, 300)}`);
      extension?.kill();
      process.exit(1);
    }
    // The first round warms the file cache and is not counted.
    if (round === 0) return;
    samples[i].ms.push(ms);
    samples[i].kib.push(Number(readFileSync(rssFile, 'utf8')));
  });
}
extension?.stdin.end();
if (extension) await new Promise((resolve) => extension.once('exit', resolve));
rmSync(workspace, { recursive: true, force: true });

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const floor = quantile(samples[0].ms, 0.5);
console.log(`node ${process.version}, ${rounds} interleaved rounds, environment: PATH and HOME only`);
cases.forEach((c, i) => {
  const median = quantile(samples[i].ms, 0.5);
  const ratio = i === 0 ? '' : `  ${(median / floor).toFixed(2)}× node -e 0`;
  console.log(`${c.name.padEnd(36)} ${median.toFixed(1)} ms median (p90 ${quantile(samples[i].ms, 0.9).toFixed(1)}), peak RSS ${(quantile(samples[i].kib, 0.5) / 1024).toFixed(1)} MiB${ratio}`);
});
