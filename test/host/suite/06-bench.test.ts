// Measurements for bench/host.mjs, taken inside the real extension host. Skipped unless
// BULKHEAD_BENCH_OUT names the file to write (bench/host.mjs sets it and greps for this suite).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { api, fakeKubectl, tempDir } from './helpers';

const out = process.env.BULKHEAD_BENCH_OUT;

function time(cmd: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`${cmd} ${args.join(' ')} → ${code}: ${err}`))));
  });
}

function stats(samples: number[]): { median_ms: number; p90_ms: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 100) / 100;
  return { median_ms: at(0.5), p90_ms: at(0.9), n: s.length };
}

(out ? suite : suite.skip)('bench (for bench/host.mjs)', () => {
  test('activation and shim overhead', async function () {
    this.timeout(240_000);
    const a = await api();
    a.testing.useScriptedPrompter('run');
    await vscode.commands.executeCommand('bulkhead.returnToDefault');
    const fake = fakeKubectl();
    const files = a.testing.guardFiles;
    const env: Record<string, string> = {
      PATH: `${files.shimDir}:${fake.bin}:/usr/bin:/bin`, HOME: tempDir('benchhome'),
      BULKHEAD_IPC: a.testing.ipc.address, BULKHEAD_TOKEN: a.testing.ipc.token, BULKHEAD_NODE: process.execPath,
      BULKHEAD_CLIENT: files.client, BULKHEAD_SHIM_DIR: files.shimDir, BULKHEAD_ACTIVE: 'staging',
    };
    const rounds = Number(process.env.BULKHEAD_BENCH_ROUNDS || 40);
    const cases: Record<string, string[]> = {
      direct: [`${fake.bin}/kubectl`, 'get', 'pods'],
      shim_fast_read: ['kubectl', 'get', 'pods'],
      shim_asks_extension_allowed: ['kubectl', '--context', 'staging', 'rollout', 'status', 'deploy/web'],
      shim_asks_extension_confirmed: ['kubectl', '--context', 'staging', 'delete', 'pod', 'web-1'],
    };
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    for (let i = 0; i < 3; i++) for (const [, [cmd, ...args]] of Object.entries(cases)) await time(cmd, args, env);
    for (let i = 0; i < rounds; i++) {
      for (const [name, [cmd, ...args]] of Object.entries(cases)) samples[name].push(await time(cmd, args, env));
    }
    const result = {
      vscode: vscode.version, host_node: process.version, activation_ms: a.activationMs,
      ...Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)])),
    };
    a.testing.useRealPrompter();
    fs.writeFileSync(out!, JSON.stringify(result, null, 2));
    console.log(`[bench] ${JSON.stringify(result)}`);
  });
});
