import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { test } from 'node:test';

// npm start and the host tests start code-server through this library (plain JavaScript, hence the typed view).
const libPath = '../../scripts/vshost-lib.mjs';
const lib = import(libPath) as Promise<{
  portFree(bind: string, port: number): Promise<boolean>;
  startServer(world: object, options: { port?: number; bind?: string }): Promise<unknown>;
}>;

test('a port already in use is a clear error, before anything starts', async () => {
  const { portFree, startServer } = await lib;
  const busy: Server = await new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => resolve(s)); });
  const port = (busy.address() as { port: number }).port;
  try {
    assert.equal(await portFree('127.0.0.1', port), false);
    await assert.rejects(startServer({ work: '/nonexistent', csArgs: [], env: {}, ws: '/nonexistent' }, { port, bind: '127.0.0.1' }),
      new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use .*--port`));
  } finally {
    await new Promise((r) => busy.close(r));
  }
  assert.equal(await portFree('127.0.0.1', port), true);
});
