import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runAuditCommand } from '../../src/cli/audit';
import { AuditLog, type AuditEntry, verifyAudit, verifyAuditFile } from '../../src/node/audit';

const entry = (n: number): AuditEntry => ({
  time: new Date(1_700_000_000_000 + n * 1000).toISOString(), source: 'shim:kubectl', cwd: '/w', command: `kubectl delete pod p${n}`,
  decision: 'confirm', effect: 'destroy', targets: ['staging'], rules: ['kubectl.delete'], active: 'staging', answer: 'denied', latencyMs: n,
});

function logWith(n: number): { file: string; lines: string[] } {
  const file = join(mkdtempSync(join(tmpdir(), 'bulkhead-audit-')), 'audit.jsonl');
  const log = new AuditLog(file);
  for (let i = 1; i <= n; i++) log.append(entry(i));
  return { file, lines: readFileSync(file, 'utf8').trim().split('\n') };
}

test('an intact chain verifies; reopening the log continues the chain', () => {
  const { file } = logWith(3);
  new AuditLog(file).append(entry(4));
  assert.deepEqual(verifyAuditFile(file), { ok: true, entries: 4 });
  assert.deepEqual(new AuditLog(file).recent(2).map((r) => r.seq), [4, 3]);
});

test('an altered field is reported at its line', () => {
  const { lines } = logWith(4);
  const r = JSON.parse(lines[2]);
  r.answer = 'approved';
  lines[2] = JSON.stringify(r);
  const v = verifyAudit(`${lines.join('\n')}\n`);
  assert.equal(v.ok, false);
  assert.deepEqual([v.problem?.line, v.problem?.kind, v.entries], [3, 'altered', 2]);
});

test('a re-hashed forgery breaks the link to the next entry', async () => {
  const { lines } = logWith(4);
  const { recordHash } = await import('../../src/node/audit');
  const r = JSON.parse(lines[1]);
  r.answer = 'approved';
  r.hash = recordHash(r);
  lines[1] = JSON.stringify(r);
  const v = verifyAudit(`${lines.join('\n')}\n`);
  assert.deepEqual([v.problem?.line, v.problem?.kind], [3, 'altered']);
});

test('a removed entry is reported as missing', () => {
  const { lines } = logWith(5);
  lines.splice(2, 1);
  const v = verifyAudit(`${lines.join('\n')}\n`);
  assert.deepEqual([v.problem?.line, v.problem?.kind], [3, 'missing']);
  assert.match(v.problem?.message ?? '', /entry 3 is missing before it/);
});

test('entries cut from the end are caught through the head file', () => {
  const { file, lines } = logWith(5);
  writeFileSync(file, `${lines.slice(0, 3).join('\n')}\n`);
  const v = verifyAuditFile(file);
  assert.deepEqual([v.ok, v.problem?.kind], [false, 'truncated']);
  assert.match(v.problem?.message ?? '', /4–5 are missing from the end/);
});

test('a torn or garbage line is malformed', () => {
  const { lines } = logWith(2);
  assert.equal(verifyAudit(`${lines[0]}\n{"seq":\n`).problem?.kind, 'malformed');
});

test('bulkhead audit verify: exit codes 0, 1, 2', async () => {
  const { file, lines } = logWith(3);
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => { out.push(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => { out.push(s); return true; }) as typeof process.stderr.write;
  try {
    assert.equal(await runAuditCommand(['verify', file]), 0);
    writeFileSync(file, `${lines[0]}\n${lines[2]}\n`);
    assert.equal(await runAuditCommand(['verify', file]), 1);
    assert.equal(await runAuditCommand(['verify']), 2);
    assert.equal(await runAuditCommand(['verify', '/nonexistent/audit.jsonl']), 2);
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
  }
  assert.match(out[0], /OK: 3 entries/);
  assert.match(out[1], /BROKEN after 1 good entries: entry 3 \(line 2\): entry 2 is missing before it/);
});

test('recent() reads only the tail of a long log, newest first', () => {
  const { file } = logWith(1);
  const log = new AuditLog(file);
  for (let i = 2; i <= 400; i++) log.append({ ...entry(i), command: `${'x'.repeat(300)} ${i}` });
  const recent = log.recent(3);
  assert.deepEqual(recent.map((r) => r.seq), [400, 399, 398]);
  assert.equal(log.recent(1000).length > 100, true);
  assert.deepEqual(verifyAuditFile(file), { ok: true, entries: 400 });
});
