import { spawn } from 'node:child_process';
import { dialectModules } from './dialects';
import type { Dialect } from './payload';
import type { ProbeReading, ProbeRun } from './dialects/types';

export type { ProbeReading, ProbeRun, ProbeVerdict } from './dialects/types';

/**
 * Canary probes, shared by `bulkhead doctor` and the extension's self-test: a configured hook
 * command is run exactly as written, with the payload its agent would send, and its answer is read
 * the way that agent reads it. The canary is never executed; only the hook sees it.
 */

export interface ProbeOptions {
  /** Where the command runs. */
  readonly cwd: string;
  /** The folder the payload says the agent works in; `cwd` when absent. */
  readonly workspace?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

/** Runs `command` through `sh -c` (cmd.exe on Windows), as agents do, with `payload` on stdin. */
export function runConfiguredHook(command: string, payload: unknown, options: ProbeOptions): Promise<ProbeRun> {
  return new Promise((resolve) => {
    const win = process.platform === 'win32';
    const child = spawn(win ? process.env.ComSpec ?? 'cmd.exe' : '/bin/sh', win ? ['/d', '/s', '/c', command] : ['-c', command], {
      cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], windowsVerbatimArguments: win,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => { if (stdout.length < 1 << 20) stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 1 << 20) stderr += d; });
    child.stdin.on('error', () => { /* the hook may exit without reading */ });
    child.stdin.end(`${JSON.stringify(payload)}\n`);
    const finish = (run: ProbeRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(run);
    };
    child.on('error', (error) => finish({ exitCode: null, stdout, stderr, timedOut, error: error.message }));
    child.on('close', (code) => finish({ exitCode: code, stdout, stderr, timedOut }));
  });
}

/** Sends `line` through `command` in `dialect`'s payload, offline (no modal pops up), and reads the answer as that agent would. */
export async function probe(command: string, dialect: Dialect, line: string, options: ProbeOptions): Promise<ProbeReading & { readonly run: ProbeRun }> {
  const module = dialectModules[dialect];
  const env: NodeJS.ProcessEnv = { ...options.env, BULKHEAD_HOOK_OFFLINE: '1' };
  delete env.BULKHEAD_IPC;
  delete env.BULKHEAD_TOKEN;
  delete env.ELECTRON_RUN_AS_NODE;
  const run = await runConfiguredHook(command, module.canary(line, options.workspace ?? options.cwd), { ...options, env });
  return { ...readReply(dialect, run), run };
}

/**
 * Commands that need a human's yes under any policy (destroying local files, a namespace of an
 * unknown cluster), tried in order. A hook must stop them or put them before a human, never answer
 * in a way its agent runs unasked.
 */
export const confirmCanaries: readonly string[] = [
  'rm -rf ./bulkhead-self-test',
  'kubectl delete namespace bulkhead-self-test',
];

/** The first confirm canary the policy answers with a confirmation, if any. */
export function pickConfirmCanary(decisionOf: (line: string) => string): string | undefined {
  return confirmCanaries.find((line) => decisionOf(line) === 'confirm');
}

/** Stopped and put before a human are the sound answers to a confirmation; anything the agent runs, or a failure, is not. */
export function answersConfirmation(reading: ProbeReading): boolean {
  return reading.verdict === 'deny' || reading.verdict === 'ask';
}

export function readReply(dialect: Dialect, run: ProbeRun): ProbeReading {
  if (run.timedOut) return { verdict: 'error', detail: 'timed out' };
  if (run.error) return { verdict: 'error', detail: run.error };
  return dialectModules[dialect].readReply(run);
}

