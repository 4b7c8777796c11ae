import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type CheckRequest, IpcServer, ipcRequest, ipcRequestRaw, validateRequest } from '../../src/node/ipc';

const seen: CheckRequest[] = [];
const server = new IpcServer({
  maxRequestBytes: 4096,
  readTimeoutMs: 500,
  handler: async (request) => {
    seen.push(request);
    return request.line.includes('delete') ? { run: false, decision: 'block', message: 'stop and ask' } : { run: true, decision: 'allow', message: '' };
  },
});
before(() => server.listen());
after(() => server.dispose());

const check = (line: string, extra: Record<string, unknown> = {}) =>
  ipcRequest(server.address, { v: 1, token: server.token, type: 'check', line, cwd: '/w', source: { kind: 'shim', program: 'kubectl', ppid: 1 }, ...extra });

test('a valid request reaches the handler and gets its answer', async () => {
  assert.deepEqual(await check('kubectl get pods'), { ok: true, run: true, decision: 'allow', message: '' });
  assert.deepEqual(await check('kubectl delete ns x'), { ok: true, run: false, decision: 'block', message: 'stop and ask' });
  assert.equal(seen.at(-1)?.source.program, 'kubectl');
});

test('ping', async () => {
  assert.deepEqual(await ipcRequest(server.address, { v: 1, token: server.token, type: 'ping' }), { ok: true, pong: true });
});

test('wrong, missing and near-miss tokens are refused before anything else', async () => {
  const before = seen.length;
  for (const token of ['nope', '', server.token.slice(0, -1), `${server.token}0`, server.token.toUpperCase()]) {
    const r = await ipcRequest(server.address, { v: 1, token, type: 'check', line: 'x', cwd: '/', source: { kind: 'shim' } });
    assert.deepEqual([r.ok, !r.ok && r.error], [false, 'unauthorized'], token);
  }
  assert.equal(seen.length, before, 'the handler saw an unauthorized request');
});

test('malformed JSON, wrong shapes and claims of approval are refused', async () => {
  for (const raw of ['{', 'null', '"x"', '[1]']) {
    const r = JSON.parse(await ipcRequestRaw(server.address, `${raw}\n`));
    assert.equal(r.ok, false, raw);
  }
  for (const extra of [{ approved: true }, { run: true }, { line: ['a'] }, { cwd: '' }, { env: { A: 1 } }, { source: { kind: 'shim', approved: true } }, { source: { kind: 'x' } }, { v: 2 }, { type: 'approve' }]) {
    const r = await check('kubectl delete ns x', extra);
    assert.deepEqual([r.ok, !r.ok && r.error], [false, 'malformed'], JSON.stringify(extra));
  }
});

test('oversized requests are cut off', async () => {
  const r = JSON.parse(await ipcRequestRaw(server.address, `${JSON.stringify({ v: 1, token: server.token, type: 'check', line: 'x'.repeat(10_000), cwd: '/', source: { kind: 'shim' } })}\n`));
  assert.deepEqual([r.ok, r.error], [false, 'too-large']);
});

test('a client that never finishes its request is dropped', async () => {
  const r = JSON.parse(await ipcRequestRaw(server.address, '{"v":1'));
  // The client half-closes after writing: the server reads what it got and refuses it.
  assert.equal(r.ok, false);
});

test('validateRequest table', () => {
  assert.ok('request' in validateRequest({ v: 1, token: 't', type: 'check', line: '', cwd: '/', source: { kind: 'bash' } }));
  assert.ok('error' in validateRequest({ v: 1, token: 't', type: 'check', line: '', cwd: '/', source: { kind: 'bash', ppid: 1.5 } }));
  assert.ok('error' in validateRequest({ v: 1, token: 't', type: 'check', line: '', cwd: '/' }));
});

test('connection files: found from a subfolder, only while the owner lives, removed only by their owner', async () => {
  const { mkdtempSync, mkdirSync, statSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { connectionDir, findConnection, removeConnection, writeConnection } = await import('../../src/node/ipc');
  const home = mkdtempSync(join(tmpdir(), 'bulkhead-home-'));
  const root = join(home, 'acme');
  mkdirSync(join(root, 'infra', 'envs'), { recursive: true });
  writeConnection({ address: '/x.sock', token: 't1', root, pid: process.pid }, home);
  assert.equal(statSync(connectionDir(home)).mode & 0o777, 0o700);
  assert.equal(findConnection(join(root, 'infra', 'envs'), home)?.token, 't1');
  assert.equal(findConnection(home, home), undefined);
  removeConnection(root, 'other', home);
  assert.equal(findConnection(root, home)?.token, 't1');
  writeConnection({ address: '/x.sock', token: 't2', root, pid: 2 ** 22 + 12345 }, home);
  assert.equal(findConnection(root, home), undefined, 'a dead window must not be found');
  removeConnection(root, 't2', home);
});

test('a check is acknowledged at once with the time its answer will take, and that time is kept', async () => {
  const { createConnection } = await import('node:net');
  const slow = new IpcServer({ answerWithinMs: () => 150, handler: () => new Promise(() => undefined) });
  await slow.listen();
  try {
    const lines = await new Promise<string[]>((resolve, reject) => {
      const socket = createConnection(slow.address);
      let text = '';
      socket.setEncoding('utf8');
      socket.on('connect', () => socket.write(`${JSON.stringify({ v: 1, token: slow.token, type: 'check', line: 'x', cwd: '/', source: { kind: 'test' } })}\n`));
      socket.on('data', (d: string) => { text += d; });
      socket.on('close', () => resolve(text.split('\n').filter(Boolean)));
      socket.on('error', reject);
      setTimeout(() => { socket.destroy(); reject(new Error('no answer within 5 s')); }, 5000);
    });
    assert.deepEqual(lines.map((l) => JSON.parse(l)), [{ ok: true, ack: true, answerWithinMs: 150 }, { ok: false, error: 'timeout', message: 'no decision within 150 ms' }]);
    // The client skips the acknowledgement and returns the answer.
    assert.deepEqual(await ipcRequest(slow.address, { v: 1, token: slow.token, type: 'check', line: 'x', cwd: '/', source: { kind: 'test' } }), { ok: false, error: 'timeout', message: 'no decision within 150 ms' });
  } finally {
    await slow.dispose();
  }
});

test('the client gives up on a server that never acknowledges, and on one that announces but never answers', async () => {
  const { createServer } = await import('node:net');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { IpcUnreachableError } = await import('../../src/node/ipc');
  for (const behaviour of ['silent', 'announces'] as const) {
    const address = join(mkdtempSync(join(tmpdir(), 'bulkhead-sock-')), 's.sock');
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      if (behaviour === 'announces') socket.write(`${JSON.stringify({ ok: true, ack: true, answerWithinMs: 50 })}\n`);
    });
    await new Promise<void>((r) => server.listen(address, r));
    try {
      const request = ipcRequest(address, { v: 1 }, { ackTimeoutMs: 100 });
      if (behaviour === 'silent') await assert.rejects(request, IpcUnreachableError);
      else await assert.rejects(request, /no answer within \d+ ms/);
    } finally {
      server.close();
    }
  }
});

test('parseCheckAnswer accepts only a well-formed decision', async () => {
  const { parseCheckAnswer } = await import('../../src/node/ipc');
  assert.deepEqual(parseCheckAnswer({ ok: true, run: true, decision: 'confirm', message: '' }), { answer: { run: true, decision: 'confirm', message: '' } });
  assert.deepEqual(parseCheckAnswer({ ok: true, run: false, decision: 'block', message: 'stop' }), { answer: { run: false, decision: 'block', message: 'stop' } });
  for (const bad of [{ ok: true, run: 'false', decision: 'block', message: '' }, { ok: true, run: 1, decision: 'allow', message: '' }, { ok: true, run: true, decision: 'allow' },
    { ok: true, run: true, decision: 'allow', message: '', extra: 1 }, { ok: 1, run: true, decision: 'allow', message: '' }, [], null, 'yes', { ok: true, pong: true }]) {
    assert.ok('error' in parseCheckAnswer(bad), JSON.stringify(bad));
  }
});
