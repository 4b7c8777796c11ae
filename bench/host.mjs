#!/usr/bin/env node
// Extension figures, measured in a real VS Code extension host (code-server, see scripts/test-host.mjs):
//   - activation time of the extension (activate() wall time: engine, policy, IPC server, guard files, UI);
//   - the PATH shim's added wall time, against calling the binary directly:
//       shim_fast_read               `kubectl get pods`: the sh pre-check lets it through, no Node;
//       shim_asks_extension_allowed  a read the pre-check does not know: Node client → IPC → policy → allow;
//       shim_asks_extension_confirmed a confirm answered at once (scripted): the round trip without the human.
// Prints the figures and merges them into bench/results.json under "host".
//   node bench/host.mjs [--no-build]      env: BULKHEAD_BENCH_ROUNDS (default 40)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(mkdtempSync(join(tmpdir(), 'bulkhead-bench-')), 'host.json');
const r = spawnSync(process.execPath, ['scripts/test-host.mjs', '--only', 'host', ...process.argv.slice(2)], {
  cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8',
  env: {
    ...process.env,
    BULKHEAD_EXT_HOST_ENV: JSON.stringify({ BULKHEAD_BENCH_OUT: out, BULKHEAD_TEST_GREP: 'bench', BULKHEAD_BENCH_ROUNDS: process.env.BULKHEAD_BENCH_ROUNDS || '40' }),
  },
});
if (r.status !== 0 || !existsSync(out)) {
  process.stdout.write(r.stdout ?? '');
  console.error('bench/host: the host run failed');
  process.exit(1);
}
const host = JSON.parse(readFileSync(out, 'utf8'));
const direct = host.direct.median_ms;
for (const k of ['shim_fast_read', 'shim_asks_extension_allowed', 'shim_asks_extension_confirmed']) {
  host[k].added_median_ms = Math.round((host[k].median_ms - direct) * 100) / 100;
}
const file = join(repo, 'bench', 'results.json');
const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
results.host = host;
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`VS Code ${host.vscode} (code-server), extension host node ${host.host_node}`);
console.log(`activation:                          ${host.activation_ms} ms`);
console.log(`kubectl called directly:             ${direct} ms median (p90 ${host.direct.p90_ms})`);
for (const [k, label] of [['shim_fast_read', 'shim, plain read (sh pre-check):'], ['shim_asks_extension_allowed', 'shim asks the extension → allow:'], ['shim_asks_extension_confirmed', 'shim asks → confirm (instant yes):']]) {
  console.log(`${label.padEnd(37)}+${host[k].added_median_ms} ms median (total ${host[k].median_ms}, p90 ${host[k].p90_ms})`);
}
console.log(`merged into ${file}`);
