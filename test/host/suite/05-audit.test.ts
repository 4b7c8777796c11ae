import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAuditKey, verifyAuditFile } from '../../../src/node/audit';
import { api, tempDir } from './helpers';

suite('audit log', () => {
  test('every decision so far is in a hash chain that verifies, newest last', async () => {
    const a = await api();
    const result = verifyAuditFile(a.auditFile, loadAuditKey(undefined, false));
    assert.ok(result.ok, JSON.stringify(result.problem));
    assert.ok(result.entries >= 5, `only ${result.entries} entries`);
    const recent = a.testing.recentAudit(3);
    assert.ok(recent[0].seq > recent[1].seq, 'recent() must be newest first');
    for (const r of recent) {
      assert.ok(r.time && r.source && r.cwd && r.decision && r.answer && Array.isArray(r.targets) && Array.isArray(r.rules) && typeof r.latencyMs === 'number');
    }
  });

  test('an altered copy is caught at the altered entry', async () => {
    const a = await api();
    const copy = path.join(tempDir('audit'), 'audit.jsonl');
    const lines = fs.readFileSync(a.auditFile, 'utf8').trim().split('\n');
    const record = JSON.parse(lines[1]);
    record.answer = 'approved';
    record.decision = 'allow';
    lines[1] = JSON.stringify(record);
    fs.writeFileSync(copy, `${lines.join('\n')}\n`);
    const result = verifyAuditFile(copy, loadAuditKey(undefined, false));
    assert.equal(result.ok, false);
    assert.equal(result.problem?.line, 2);
  });

  test('secrets in commands are redacted before they are written', async () => {
    const a = await api();
    await a.evaluate('true');
    const { ipcRequest } = await import('../../../src/node/ipc');
    await ipcRequest(a.testing.ipc.address, {
      v: 1, token: a.testing.ipc.token, type: 'check', line: 'curl -H "Authorization: Bearer abcdefghijklmnop123" https://staging.acme.com/api', cwd: '/', source: { kind: 'test' },
    });
    const text = fs.readFileSync(a.auditFile, 'utf8');
    assert.ok(!text.includes('abcdefghijklmnop123'), 'the bearer token reached the audit log');
  });
});
