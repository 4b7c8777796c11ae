import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { type CheckRequest, type CheckResponse, IpcServer } from '../../src/node/ipc';
import { writeGuardFiles } from '../../src/node/guard/files';
import { shimScript } from '../../src/node/guard/scripts';

// The shims, the client and the BASH_ENV trap, run by real sh and bash against a real IPC server.
const root = mkdtempSync(join(tmpdir(), 'bulkhead-guard-'));
const files = writeGuardFiles(join(root, 'storage'), ['kubectl', 'curl', 'terraform']);
const fakeBin = join(root, 'fake');
const runs = join(root, 'runs.log');
mkdirSync(fakeBin);
for (const p of ['kubectl', 'curl']) writeFileSync(join(fakeBin, p), `#!/bin/sh\nfor a in "$@"; do printf '[%s]' "$a" >> '${runs}'; done; echo >> '${runs}'\n`, { mode: 0o755 });

const requests: CheckRequest[] = [];
let answer: (r: CheckRequest) => Omit<CheckResponse, 'ok'> = () => ({ run: true, decision: 'allow', message: '' });
const server = new IpcServer({ handler: async (r) => { requests.push(r); return answer(r); } });
before(() => server.listen());
after(async () => { await server.dispose(); rmSync(root, { recursive: true, force: true }); });
beforeEach(() => { requests.length = 0; rmSync(runs, { force: true }); answer = () => ({ run: true, decision: 'allow', message: '' }); });

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: `${files.shimDir}:${fakeBin}:/usr/bin:/bin`, HOME: root,
    BULKHEAD_IPC: server.address, BULKHEAD_TOKEN: server.token, BULKHEAD_NODE: process.execPath,
    BULKHEAD_CLIENT: files.client, BULKHEAD_SHIM_DIR: files.shimDir, BASH_ENV: files.bashEnv, ...extra,
  };
}
// Asynchronous: the IPC server answers from this same process.
function run(cmd: string, args: string[], extra: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // stdin is /dev/null, as in a terminal or a script: bash ignores BASH_ENV when its stdin is a
    // socket (it takes that for rshd/sshd), and Node's default 'pipe' stdin is a socketpair.
    const child = spawn(cmd, args, { env: env(extra), cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}
const ran = () => (existsSync(runs) ? readFileSync(runs, 'utf8') : '');

test('a plain read runs without starting Node (the client cannot even run)', async () => {
  const r = await run('kubectl', ['get', 'pods', '-n', 'staging'], { BULKHEAD_NODE: '/bin/false' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(ran(), '[get][pods][-n][staging]\n');
  assert.equal(requests.length, 0);
  assert.equal((await run('curl', ['-s', 'https://staging.acme.com/health'], { BULKHEAD_NODE: '/bin/false' })).status, 0);
});

test('a read with a risky argument still asks', async () => {
  await run('kubectl', ['get', 'secret', 'db', '-o', 'yaml']);
  assert.equal(requests.length, 1);
  await run('curl', ['-X', 'POST', 'https://api.acme.com/graphql']);
  assert.equal(requests.length, 2);
  await run('kubectl', ['config', 'view', '--raw']);
  assert.equal(requests.length, 3);
});

test('allowed: the real binary runs with its arguments intact; the line is quoted faithfully', async () => {
  const r = await run('kubectl', ['annotate', 'pod', 'web', "note=it's a b", '']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(ran(), "[annotate][pod][web][note=it's a b][]\n");
  assert.equal(requests[0].line, "kubectl annotate pod web 'note=it'\\''s a b' ''");
  assert.equal(requests[0].source.kind, 'shim');
  assert.equal(requests[0].source.program, 'kubectl');
  assert.equal(requests[0].cwd, root);
  assert.equal(requests[0].env?.BULKHEAD_TOKEN, undefined, 'the token must not travel in env');
  assert.equal(requests[0].env?.HOME, root);
});

test('refused: exit 126, the reason on stderr, the real binary never runs', async () => {
  answer = () => ({ run: false, decision: 'block', message: 'Bulkhead blocked this command. Stop and ask the user how to proceed.' });
  const r = await run('kubectl', ['--context', 'prod-eu-1', 'delete', 'namespace', 'shop']);
  assert.equal(r.status, 126);
  assert.match(r.stderr, /Bulkhead refused: kubectl --context prod-eu-1 delete namespace shop/);
  assert.match(r.stderr, /Stop and ask the user/);
  assert.equal(ran(), '');
});

test('unreachable extension and no CLI: refused, saying why', async () => {
  const r = await run('kubectl', ['delete', 'pod', 'x'], { BULKHEAD_IPC: join(root, 'nobody.sock') });
  assert.equal(r.status, 126);
  assert.match(r.stderr, /could not reach VS Code/);
  assert.match(r.stderr, /If you are an AI agent: Do not retry this another way: .* Stop and ask the user how to proceed/);
  assert.equal(ran(), '');
});

test('unreachable extension: the CLI decides; only its "allow" (exit 0) runs', async () => {
  const cli = join(root, 'fake-cli.js');
  writeFileSync(cli, "process.exit(process.argv.join(' ').includes('delete') ? 2 : 0)\n");
  const offline = { BULKHEAD_IPC: join(root, 'nobody.sock'), BULKHEAD_CLI: cli };
  assert.equal((await run('kubectl', ['delete', 'pod', 'x'], offline)).status, 126);
  assert.equal((await run('kubectl', ['rollout', 'status', 'deploy/web'], offline)).status, 0);
  assert.equal(ran(), '[rollout][status][deploy/web]\n');
});

test('a shell without the connection variables refuses instead of running unchecked', async () => {
  const r = await run('kubectl', ['delete', 'pod', 'x'], { BULKHEAD_CLIENT: '' });
  assert.equal(r.status, 126);
  assert.match(r.stderr, /cannot be checked/);
});

test('no real binary on PATH: 127, and the shim does not find itself', async () => {
  const r = spawnSync('terraform', ['apply'], { env: env(), encoding: 'utf8' });
  assert.equal(r.status, 127);
  assert.match(r.stderr, /command not found/);
});

test('BASH_ENV: non-interactive bash checks an absolute-path call and aborts the script when refused', async () => {
  answer = (req) => (req.line.includes('delete') ? { run: false, decision: 'block', message: 'no' } : { run: true, decision: 'allow', message: '' });
  const r = await run('bash', ['-c', `${fakeBin}/kubectl delete ns shop; echo after`]);
  assert.equal(r.status, 126);
  assert.equal(r.stdout, '');
  assert.equal(ran(), '');
  assert.equal(requests.length, 1);
  assert.equal(requests[0].source.kind, 'bash');
  assert.equal(requests[0].line, `${fakeBin}/kubectl delete ns shop`);
  const ok = await run('bash', ['-c', `${fakeBin}/kubectl get pods; echo after`]);
  assert.equal(ok.status, 0);
  assert.equal(ok.stdout, 'after\n');
});

test('BASH_ENV: a plain call by name is left to its shim (asked once), lines without guarded programs cost nothing', async () => {
  const r = await run('bash', ['-c', 'kubectl delete pod x; echo done']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(requests.map((q) => q.source.kind), ['shim']);
  const quiet = await run('bash', ['-c', 'echo a; ls / >/dev/null; echo b'], { BULKHEAD_NODE: '/bin/false' });
  assert.equal(quiet.stdout, 'a\nb\n');
});

test('BASH_ENV: substitutions and sudo-style wrappers are checked as whole lines', async () => {
  answer = () => ({ run: false, decision: 'block', message: 'no' });
  const r = await run('bash', ['-c', 'x=$(kubectl delete ns shop); echo "$x"']);
  assert.equal(r.status, 126);
  assert.equal(requests[0].source.kind, 'bash');
  assert.equal(ran(), '');
});

test('shim names are validated', async () => {
  assert.throws(() => shimScript('kubectl; rm -rf /'));
});
