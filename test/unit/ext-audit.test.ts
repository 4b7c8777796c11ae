import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { runAuditCommand } from '../../src/cli/audit';
import { AuditLog, type AuditEntry, auditKeyFile, defaultAuditFile, loadAuditKey, recordHash, verifyAudit, verifyAuditFile } from '../../src/node/audit';

const key = randomBytes(32);

const entry = (n: number): AuditEntry => ({
  time: new Date(1_700_000_000_000 + n * 1000).toISOString(), source: 'shim:kubectl', cwd: '/w', command: `kubectl delete pod p${n}`,
  decision: 'confirm', effect: 'destroy', targets: ['staging'], rules: ['kubectl.delete'], active: 'staging', answer: 'denied', latencyMs: n,
});

function logWith(n: number): { file: string; lines: string[] } {
  const file = join(mkdtempSync(join(tmpdir(), 'bulkhead-audit-')), 'audit.jsonl');
  const log = new AuditLog(file, key);
  for (let i = 1; i <= n; i++) log.append(entry(i));
  return { file, lines: readFileSync(file, 'utf8').trim().split('\n') };
}

const rewrite = (file: string, lines: readonly string[]) => writeFileSync(file, lines.length ? `${lines.join('\n')}\n` : '');

test('an intact chain verifies; reopening the log continues the chain', () => {
  const { file } = logWith(3);
  new AuditLog(file, key).append(entry(4));
  assert.deepEqual(verifyAuditFile(file, key), { ok: true, entries: 4 });
  assert.deepEqual(new AuditLog(file, key).recent(2).map((r) => r.seq), [4, 3]);
});

test('an edited entry is reported at its line', () => {
  const { file, lines } = logWith(4);
  const r = JSON.parse(lines[2]);
  r.answer = 'approved';
  lines[2] = JSON.stringify(r);
  rewrite(file, lines);
  const v = verifyAuditFile(file, key);
  assert.equal(v.ok, false);
  assert.deepEqual([v.problem?.line, v.problem?.kind, v.entries], [3, 'altered', 2]);
});

test('editing the last entry is caught even though nothing follows it', () => {
  const { file, lines } = logWith(3);
  const r = JSON.parse(lines[2]);
  r.decision = 'allow';
  lines[2] = JSON.stringify(r);
  rewrite(file, lines);
  assert.deepEqual([verifyAuditFile(file, key).ok, verifyAuditFile(file, key).problem?.line], [false, 3]);
});

test('an entry re-hashed without the key is a forgery; one re-hashed with another key too', () => {
  const { file, lines } = logWith(4);
  const r = JSON.parse(lines[3]);
  r.answer = 'approved';
  r.hash = recordHash(r, randomBytes(32));
  lines[3] = JSON.stringify(r);
  rewrite(file, lines);
  const v = verifyAuditFile(file, key);
  assert.deepEqual([v.ok, v.problem?.line, v.problem?.kind], [false, 4, 'altered']);
  assert.match(v.problem?.message ?? '', /forged/);
});

test('a forged entry appended to the end does not verify, with or without a forged head', () => {
  const { file, lines } = logWith(2);
  const last = JSON.parse(lines[1]);
  const forged = { ...entry(3), seq: 3, prev: last.hash };
  const otherKey = randomBytes(32);
  writeFileSync(file, `${lines.join('\n')}\n${JSON.stringify({ ...forged, hash: recordHash(forged, otherKey) })}\n`);
  assert.deepEqual([verifyAuditFile(file, key).ok, verifyAuditFile(file, key).problem?.line], [false, 3]);
  const head = JSON.parse(readFileSync(`${file}.head`, 'utf8'));
  writeFileSync(`${file}.head`, JSON.stringify({ ...head, seq: 3, hash: recordHash(forged, otherKey) }));
  assert.equal(verifyAuditFile(file, key).ok, false);
});

test('an empty append (a blank or torn line) is malformed', () => {
  const { file, lines } = logWith(2);
  writeFileSync(file, `${lines.join('\n')}\n{"seq":\n`);
  assert.equal(verifyAuditFile(file, key).problem?.kind, 'malformed');
  writeFileSync(file, `${lines.join('\n')}\n\n`);
  assert.equal(verifyAuditFile(file, key).ok, false);
});

test('a removed entry is reported as missing', () => {
  const { file, lines } = logWith(5);
  lines.splice(2, 1);
  rewrite(file, lines);
  const v = verifyAuditFile(file, key);
  assert.deepEqual([v.problem?.line, v.problem?.kind], [3, 'missing']);
  assert.match(v.problem?.message ?? '', /entry 3 is missing before it/);
});

test('reordered entries break the chain', () => {
  const { file, lines } = logWith(4);
  [lines[1], lines[2]] = [lines[2], lines[1]];
  rewrite(file, lines);
  const v = verifyAuditFile(file, key);
  assert.deepEqual([v.ok, v.problem?.line], [false, 2]);
});

test('entries cut from the end are caught through the head record', () => {
  const { file, lines } = logWith(5);
  rewrite(file, lines.slice(0, 3));
  const v = verifyAuditFile(file, key);
  assert.deepEqual([v.ok, v.problem?.kind], [false, 'truncated']);
  assert.match(v.problem?.message ?? '', /4–5 are missing from the end/);
});

test('a log cut from the front is missing its first entries', () => {
  const { file, lines } = logWith(4);
  rewrite(file, lines.slice(2));
  assert.deepEqual([verifyAuditFile(file, key).ok, verifyAuditFile(file, key).problem?.kind], [false, 'missing']);
});

test('a missing, broken or forged head record fails loudly', () => {
  const { file, lines } = logWith(3);
  rmSync(`${file}.head`);
  assert.deepEqual([verifyAuditFile(file, key).ok, verifyAuditFile(file, key).problem?.kind], [false, 'head']);
  // Deleting the head and the last entry together is still caught.
  rewrite(file, lines.slice(0, 2));
  assert.equal(verifyAuditFile(file, key).ok, false);
  writeFileSync(`${file}.head`, 'not json');
  assert.match(verifyAuditFile(file, key).problem?.message ?? '', /head record is broken/);
  writeFileSync(`${file}.head`, JSON.stringify({ seq: 2, hash: JSON.parse(lines[1]).hash, mac: '0'.repeat(64) }));
  assert.match(verifyAuditFile(file, key).problem?.message ?? '', /head record was altered or forged/);
});

test('an emptied or missing log is never OK', () => {
  const { file } = logWith(3);
  writeFileSync(file, '');
  assert.deepEqual([verifyAuditFile(file, key).ok, verifyAuditFile(file, key).problem?.kind], [false, 'empty']);
  rmSync(file);
  assert.equal(verifyAuditFile(file, key).ok, false);
  assert.equal(verifyAudit('', undefined, key).ok, false);
});

test('the same log does not verify under another key', () => {
  const { file } = logWith(2);
  assert.equal(verifyAuditFile(file, randomBytes(32)).ok, false);
});

test('the per-user key is created once, 0600, and the same for every process', () => {
  const home = mkdtempSync(join(tmpdir(), 'bulkhead-key-'));
  const first = loadAuditKey(auditKeyFile(home));
  assert.deepEqual(loadAuditKey(auditKeyFile(home)), first);
  assert.equal(statSync(auditKeyFile(home)).mode & 0o777, 0o600);
  assert.throws(() => loadAuditKey(join(home, 'none.key'), false), /does not exist/);
  writeFileSync(join(home, 'bad.key'), 'short');
  assert.throws(() => loadAuditKey(join(home, 'bad.key')), /is not a key/);
});

test('several processes appending at once never interleave, lose or fork a line', async () => {
  const home = mkdtempSync(join(tmpdir(), 'bulkhead-writers-'));
  const file = defaultAuditFile(home);
  const keyFile = auditKeyFile(home);
  const module = resolve('src/node/audit.ts');
  const script = `
    const { AuditLog, loadAuditKey } = require(${JSON.stringify(module)});
    const log = new AuditLog(${JSON.stringify(file)}, loadAuditKey(${JSON.stringify(keyFile)}));
    for (let i = 0; i < 40; i++) log.append({ time: new Date().toISOString(), source: 'writer ' + process.argv[1], cwd: '/w', command: 'x'.repeat(3000) + i,
      decision: 'allow', effect: 'read', targets: [], rules: [], active: 'staging', answer: 'allowed', latencyMs: 0 });`;
  const writers = Array.from({ length: 4 }, (_, n) => new Promise<number | null>((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, String(n)], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', done);
  }));
  assert.deepEqual(await Promise.all(writers), [0, 0, 0, 0]);
  const v = verifyAuditFile(file, loadAuditKey(keyFile, false));
  assert.deepEqual(v, { ok: true, entries: 160 });
  assert.equal(existsSync(`${file}.lock`), false);
});

test('a lock left by a writer that died is taken over', () => {
  const { file } = logWith(1);
  writeFileSync(`${file}.lock`, '999999999\n');
  new AuditLog(file, key).append(entry(2));
  assert.deepEqual(verifyAuditFile(file, key), { ok: true, entries: 2 });
});

test('a lock held by a live writer past the bound is an error that names the bound, not a lost or forked line', () => {
  const { file } = logWith(1);
  writeFileSync(`${file}.lock`, `${process.pid}\n`);
  assert.throws(() => new AuditLog(file, key).append(entry(2)), /held the audit log's lock .* for more than 2000 ms/);
  rmSync(`${file}.lock`);
  assert.deepEqual(verifyAuditFile(file, key), { ok: true, entries: 1 });
});

test('bulkhead audit verify: 0 intact, 1 broken, emptied, missing or without its key, 2 on usage', async () => {
  const home = mkdtempSync(join(tmpdir(), 'bulkhead-cli-audit-'));
  const keyFile = auditKeyFile(home);
  const file = defaultAuditFile(home);
  const log = new AuditLog(file, loadAuditKey(keyFile));
  for (let i = 1; i <= 3; i++) log.append(entry(i));
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => { out.push(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => { out.push(s); return true; }) as typeof process.stderr.write;
  const codes: number[] = [];
  try {
    codes.push(await runAuditCommand(['verify', file, '--key', keyFile]));
    rewrite(file, [lines[0], lines[2]]);
    codes.push(await runAuditCommand(['verify', file, '--key', keyFile]));
    rewrite(file, []);
    codes.push(await runAuditCommand(['verify', file, '--key', keyFile]));
    codes.push(await runAuditCommand(['verify', join(home, 'none.jsonl'), '--key', keyFile]));
    codes.push(await runAuditCommand(['verify', file, '--key', join(home, 'none.key')]));
    codes.push(await runAuditCommand(['verify', file, 'extra']));
    codes.push(await runAuditCommand(['check']));
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
  }
  assert.deepEqual(codes, [0, 1, 1, 1, 1, 2, 2]);
  assert.match(out[0], /OK: 3 entries/);
  assert.match(out[1], /BROKEN after 1 good entries: entry 3 \(line 2\): entry 2 is missing before it/);
  assert.match(out[2], /BROKEN after 0 good entries: the log has no entries/);
  assert.match(out[3], /does not exist/);
  assert.match(out[4], /NOT VERIFIED: the audit key .* does not exist/);
});

test('the hook writes the decisions it makes with no extension running, secret-file denials included, redacted', () => {
  const home = mkdtempSync(join(tmpdir(), 'bulkhead-hook-audit-'));
  const workspace = join(home, 'acme');
  mkdirSync(workspace);
  writeFileSync(join(workspace, '.bulkhead.yaml'), readFileSync('test/fixtures/policy.yaml', 'utf8'));
  const cli = resolve('dist/cli.js');
  const run = (payload: object) => spawnSync(process.execPath, [cli, 'hook', '--dialect', 'claude'], {
    cwd: workspace, input: JSON.stringify(payload), encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home },
  });
  const base = { session_id: 's', hook_event_name: 'PreToolUse', cwd: workspace, permission_mode: 'default' };
  assert.equal(run({ ...base, tool_name: 'Bash', tool_input: { command: 'kubectl --context prod-eu-1 delete ns api --token=abcdefghijklmnopqrstuvwxyz123456' } }).status, 2);
  assert.equal(run({ ...base, tool_name: 'Read', tool_input: { file_path: join(workspace, '.env.production') } }).status, 2);
  assert.equal(run({ ...base, tool_name: 'Bash', tool_input: { command: 'ls' } }).status, 0);
  const file = defaultAuditFile(home);
  assert.deepEqual(verifyAuditFile(file, loadAuditKey(auditKeyFile(home), false)), { ok: true, entries: 3 });
  const records = new AuditLog(file, key).recent(3).reverse();
  assert.deepEqual(records.map((r) => [r.source, r.decision, r.answer]), [
    ['hook:Claude Code Bash', 'block', 'refused'], ['hook:Claude Code Read', 'block', 'refused'], ['hook:Claude Code Bash', 'allow', 'allowed'],
  ]);
  assert.match(records[1].command, /\.env\.production/);
  assert.ok(!readFileSync(file, 'utf8').includes('abcdefghijklmnopqrstuvwxyz123456'), 'the token reached the audit log');
  // What was judged, as the extension's entries say it: the effect, the environments and the rules that decided.
  assert.deepEqual(records.map((r) => [r.effect, r.targets]), [['destroy', ['production']], ['read', ['production']], ['read', []]]);
  assert.ok(records[0].rules.length > 0, 'the rules that decided the kubectl delete are missing');
  assert.deepEqual(records[1].rules, ['files.secret-critical']);
});
