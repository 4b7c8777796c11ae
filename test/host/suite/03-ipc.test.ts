import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type CheckResponse, type ErrorResponse, findConnection, ipcRequest, ipcRequestRaw } from '../../../src/node/ipc';
import { api } from './helpers';

const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

suite('IPC server and confirmations', () => {
  teardown(async () => {
    const a = await api();
    a.testing.useRealPrompter();
    a.testing.setConfirmationTimeoutMs(undefined);
    await vscode.commands.executeCommand('bulkhead.returnToDefault');
  });

  const check = async (line: string, token?: string, extra: Record<string, unknown> = {}): Promise<CheckResponse | ErrorResponse> => {
    const a = await api();
    return <Promise<CheckResponse | ErrorResponse>>ipcRequest(a.testing.ipc.address, {
      v: 1, token: token ?? a.testing.ipc.token, type: 'check', line, cwd: workspace(), env: { HOME: process.env.HOME ?? '/' },
      source: { kind: 'test', label: 'mocha' }, ...extra,
    }, { maxWaitMs: 20_000 });
  };

  test('the socket lives in a private directory', async () => {
    const a = await api();
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dirMode = fs.statSync(path.dirname(a.testing.ipc.address)).mode & 0o777;
    assert.equal(dirMode, 0o700);
    assert.match(a.testing.ipc.token, /^[0-9a-f]{64}$/);
  });

  test('agent hooks outside terminals find the connection through the workspace folder', async () => {
    const a = await api();
    const c = findConnection(`${workspace()}/infra`);
    assert.equal(c?.address, a.testing.ipc.address);
    assert.equal(c?.token, a.testing.ipc.token);
  });

  test('answers a ping with the right token', async () => {
    const a = await api();
    assert.deepEqual(await ipcRequest(a.testing.ipc.address, { v: 1, token: a.testing.ipc.token, type: 'ping' }), { ok: true, pong: true });
  });

  test('refuses a wrong token, and a missing one', async () => {
    const r = await check('kubectl get pods', 'f'.repeat(64));
    assert.deepEqual([r.ok, !r.ok && r.error], [false, 'unauthorized']);
    const a = await api();
    const r2 = await ipcRequest(a.testing.ipc.address, { v: 1, type: 'ping' });
    assert.deepEqual([r2.ok, !r2.ok && r2.error], [false, 'unauthorized']);
  });

  test('refuses malformed messages', async () => {
    const a = await api();
    for (const payload of ['not json\n', '{"v":1,\n', '[]\n', 'null\n', '\n']) {
      const r = JSON.parse(await ipcRequestRaw(a.testing.ipc.address, payload));
      assert.equal(r.ok, false, payload);
      assert.ok(['malformed', 'unauthorized'].includes(r.error), `${payload} → ${r.error}`);
    }
    // Schema violations with the right token: a claim of approval is just an unknown field.
    for (const extra of [{ approved: true }, { decision: 'allow' }, { line: 42 }, { source: { kind: 'root' } }, { v: 2 }]) {
      const r = await check('kubectl --context prod-eu-1 delete ns x', undefined, extra);
      assert.deepEqual([r.ok, !r.ok && r.error], [false, 'malformed'], JSON.stringify(extra));
    }
  });

  test('refuses oversized messages', async () => {
    const a = await api();
    const big = JSON.stringify({ v: 1, token: a.testing.ipc.token, type: 'check', line: `echo ${'x'.repeat(200 * 1024)}`, cwd: '/', source: { kind: 'test' } });
    const r = JSON.parse(await ipcRequestRaw(a.testing.ipc.address, `${big}\n`));
    assert.deepEqual([r.ok, r.error], [false, 'too-large']);
  });

  test('allows what the policy allows without asking', async () => {
    const a = await api();
    const p = a.testing.useScriptedPrompter('no');
    const r = await check('kubectl --context staging get pods');
    assert.deepEqual(r, { ok: true, run: true, decision: 'allow', message: '' });
    assert.equal(p.asked.length, 0);
  });

  test('confirm: the human says no → refused, with a message telling an agent to stop and ask', async () => {
    const a = await api();
    const p = a.testing.useScriptedPrompter('no');
    const r = await check('kubectl --context staging delete pod web-1');
    assert.ok(r.ok && !r.run, JSON.stringify(r));
    assert.equal(r.ok && r.decision, 'confirm');
    assert.match(r.ok ? r.message : '', /ask the user/i);
    assert.equal(p.asked.length, 1);
    assert.equal(p.asked[0].decision, 'confirm');
    assert.match(p.asked[0].detail, /Command: kubectl --context staging delete pod web-1/);
    assert.match(p.asked[0].detail, /Source: .*mocha/);
    assert.equal(p.asked[0].offerRemember, false, 'destroy must never offer "allow for 10 minutes"');
  });

  test('block: the prompt names the target and asks to type it', async () => {
    const a = await api();
    const p = a.testing.useScriptedPrompter('no');
    const r = await check('kubectl --context prod-eu-1 delete namespace shop');
    assert.ok(r.ok && !r.run && r.decision === 'block', JSON.stringify(r));
    assert.equal(p.asked[0].typedName, 'production');
    assert.match(p.asked[0].message, /production/);
    assert.equal(p.asked[0].offerRemember, false);
  });

  test('no answer within the time limit means no', async () => {
    const a = await api();
    a.testing.useScriptedPrompter('hang');
    a.testing.setConfirmationTimeoutMs(800);
    const started = Date.now();
    const r = await check('kubectl --context staging delete pod web-2');
    assert.ok(r.ok && !r.run, JSON.stringify(r));
    assert.match(r.ok ? r.message : '', /Nobody answered/);
    assert.ok(Date.now() - started < 5000);
    assert.equal(a.testing.recentAudit(1)[0].answer, 'timeout');
  });

  test('identical pending requests are answered together; others wait their turn', async () => {
    const a = await api();
    const p = a.testing.useScriptedPrompter('run');
    p.delayMs = 400;
    const [r1, r2, r3] = await Promise.all([
      check('kubectl --context staging delete pod same'),
      check('kubectl --context staging delete pod same'),
      check('kubectl --context staging delete pod other'),
    ]);
    assert.ok(r1.ok && r1.run && r2.ok && r2.run && r3.ok && r3.run);
    assert.equal(p.asked.length, 2, 'the two identical requests must share one prompt');
  });

  test('"Allow this exact command for 10 minutes" remembers a confirm, only that exact command', async () => {
    const a = await api();
    // A write under a critical environment asks (confirm), and is not a destroy.
    a.testing.useScriptedPrompter('no', true);
    await vscode.commands.executeCommand('bulkhead.selectEnvironment', 'production');
    const p = a.testing.useScriptedPrompter('remember');
    const line = 'kubectl --context prod-eu-1 scale deployment web --replicas=3';
    const r1 = await check(line);
    assert.ok(r1.ok && r1.run && r1.decision === 'confirm', JSON.stringify(r1));
    assert.equal(p.asked[0].offerRemember, true);
    p.commandAnswer = 'no';
    const r2 = await check(line);
    assert.ok(r2.ok && r2.run, 'the remembered command was asked again');
    assert.equal(p.asked.length, 1);
    const r3 = await check(`${line} --timeout=5s`);
    assert.ok(r3.ok && !r3.run, 'a different command must be asked');
  });
});
