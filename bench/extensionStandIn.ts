// The extension as the hook meets it, for bench/hook.mjs: a real IPC server and connection file, whose
// handler judges each line with the engine under the policy's default and answers as the extension
// does for a line it allows or blocks (no modal). Prints "ready" once the connection file is written.
//   node dist/bench/extension-stand-in.js WORKSPACE   (HOME is where the connection file goes)
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy } from '../src/core/policy/load';
import { Evaluator } from '../src/node/evaluator';
import { IpcServer, writeConnection } from '../src/node/ipc';

/** Begins every refusal, so that the benchmark can tell the extension answered. */
const declined = 'Declined in the editor.';

async function main(): Promise<void> {
  const workspace = process.argv[2];
  const file = join(workspace, '.bulkhead.yaml');
  const policy = loadPolicy(readFileSync(file, 'utf8'), file, workspace).policy;
  if (!policy) throw new Error(`${file} has errors`);
  const evaluator = await Evaluator.create();
  const server = new IpcServer({
    handler: async (request) => {
      const e = evaluator.evaluate(request.line, { policy, cwd: request.cwd, env: request.env ?? {} });
      if (e.decision === 'allow') return { run: true, decision: 'allow', message: '' };
      return { run: false, decision: e.decision, message: `${declined} ${e.agentMessage}` };
    },
  });
  await server.listen();
  writeConnection({ address: server.address, token: server.token, root: workspace, pid: process.pid }, homedir());
  process.stdout.write('ready\n');
  // Ends with the benchmark, which closes this process's stdin.
  process.stdin.resume();
  process.stdin.on('end', () => void server.dispose().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`extension stand-in: ${String(error)}\n`);
  process.exit(1);
});
