import { runHookCommand } from './hook';

/**
 * `dist/hook-main.js`: `bulkhead hook` alone, started by dist/cli.js. Agents run it before every
 * tool call, so it leaves out what only the other commands need (doctor's probes, the scan's
 * worker thread, readline) and the Node modules they would load.
 */
export function start(args: readonly string[], build: string): void {
  runHookCommand([...args], { build }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // runHookCommand answers every failure in the agent's dialect; this is the last resort.
      process.stderr.write(`bulkhead hook: internal error: ${String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
