import { fstatSync, readSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { builtinPolicy, type Policy } from '../core/policy/load';
import { Evaluator } from '../node/evaluator';
import { answerWaitWithin, decideHook } from '../node/hooks/decide';
import { dialectModules } from '../node/hooks/dialects';
import { type Dialect, dialectNames, dialects, type HookRequest, parseHookPayload } from '../node/hooks/payload';
import { type HookReply, renderRefusal, renderReply } from '../node/hooks/respond';
import { findPolicyFile, policyInForce } from '../node/policyFile';
import { cachedPolicyLoader, policyCacheDir } from '../node/policyCache';
import { AuditLog, defaultAuditFile, auditKeyFile, hookSource, loadAuditKey } from '../node/audit';
import { redactForDisplay } from '../core/redact';
import { type HookOutcome } from '../node/hooks/respond';

/**
 * `bulkhead hook [--policy FILE] [--dialect cursor|claude|vscode|copilot-cli|codex|gemini|cline|windsurf|kiro]`: reads one agent
 * hook payload on stdin and answers in the agent's own dialect. Every failure is a refusal in
 * that dialect (or exit 2 with a message when the dialect is unknown), never an allow: agents
 * treat a crashed or silent hook as "go ahead" unless told otherwise.
 */

export interface HookIo {
  /** The payload; read from process.stdin when absent. */
  readonly input?: string;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly home?: string;
  /**
   * The build of Bulkhead answering (its bundle and Node version, from dist/cli.js): loaded policies
   * are cached for it under ~/.bulkhead. Without it every policy is parsed from its text.
   */
  readonly build?: string;
}

/** Payloads larger than this are refused: Cursor's beforeReadFile carries the whole file. */
export const maxPayloadBytes = 16 * 1024 * 1024;

export const hookUsage = '  bulkhead hook [--policy FILE] [--dialect cursor|claude|vscode|copilot-cli|codex|gemini|cline|windsurf|kiro]   (agent hook payload on stdin)';

class HookUsageError extends Error {}

interface HookOptions {
  policy?: string;
  dialect?: Dialect;
}

function parseHookOptions(args: readonly string[]): HookOptions {
  const options: HookOptions = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (inline?: string): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new HookUsageError(`${arg.split('=')[0]} needs a value`);
      return v;
    };
    if (arg === '--policy' || arg.startsWith('--policy=')) options.policy = value(arg.startsWith('--policy=') ? arg.slice(9) : undefined);
    else if (arg === '--dialect' || arg.startsWith('--dialect=')) {
      const d = value(arg.startsWith('--dialect=') ? arg.slice(10) : undefined);
      if (!dialects.includes(d as Dialect)) throw new HookUsageError(`--dialect ${d} is not one of ${dialects.join(', ')}`);
      options.dialect = d as Dialect;
    } else throw new HookUsageError(`unknown option ${arg}`);
  }
  return options;
}

/**
 * Reads stdin with plain reads of file descriptor 0: making process.stdin sets up a stream, and for
 * a pipe a socket, which costs more than the read itself. A descriptor that would block (stdin
 * left non-blocking by whoever started the hook) falls back to the stream.
 */
async function readStdin(limit: number): Promise<string | { tooLarge: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const keep = (buffer: Buffer): void => {
    size += buffer.length;
    // Keep counting so the message can say how large it was, but stop holding it.
    if (size <= limit) chunks.push(buffer);
  };
  const block = Buffer.allocUnsafe(64 * 1024);
  let streamed = false;
  for (;;) {
    let read: number;
    try {
      read = readSync(0, block, 0, block.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        streamed = true;
        break;
      }
      if (code === 'EOF') break;
      throw error;
    }
    if (read === 0) break;
    keep(Buffer.from(block.subarray(0, read)));
  }
  if (streamed) {
    for await (const chunk of process.stdin) keep(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  if (size > limit) return { tooLarge: size };
  return Buffer.concat(chunks).toString('utf8');
}

/** A terminal, or another character device such as /dev/null: nothing an agent sends a payload through. */
function stdinIsTerminal(): boolean {
  try {
    return fstatSync(0).isCharacterDevice();
  } catch {
    return false;
  }
}

/** Plain writes, for the same reason as the reads; a descriptor that would block gets the stream. */
function writeAll(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Nobody is reading any more: the exit code is the answer left.
    if (code === 'EPIPE') return;
    if (code !== 'EAGAIN') throw error;
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(written));
  }
}

function workingDirectory(request: HookRequest, fallback: string): string {
  const base = request.roots.find((r) => isAbsolute(r)) ?? fallback;
  if (request.cwd) return isAbsolute(request.cwd) ? resolve(request.cwd) : resolve(base, request.cwd);
  return resolve(base);
}

type PolicyLoad = { readonly policy: Policy } | { readonly error: string };

/**
 * Where to look for the policy: a file tool's targets first (the policy nearest a file is the one
 * that knows its secrets, whatever folder the agent says it is in), then the working directory
 * and the workspace roots.
 */
function policySearchDirs(request: HookRequest, cwd: string, home: string): string[] {
  const action = request.action;
  const targets = action.kind === 'file' ? action.paths : action.kind === 'search' && action.root ? [action.root] : [];
  const folders = targets.map((p) => {
    const expanded = p === '~' ? home : p.startsWith('~/') ? join(home, p.slice(2)) : p;
    const absolute = resolve(cwd, expanded);
    return action.kind === 'search' ? absolute : dirname(absolute);
  });
  return [...folders, cwd, ...request.roots.filter((r) => isAbsolute(r))];
}

function loadPolicy(explicit: string | undefined, searchDirs: readonly string[], cwd: string, processCwd: string, home: string, build: string | undefined): PolicyLoad {
  let file: string | undefined;
  if (explicit) file = resolve(processCwd, explicit);
  else {
    for (const dir of searchDirs) {
      file = findPolicyFile(dir);
      if (file) break;
    }
  }
  if (!file) return { policy: builtinPolicy(cwd) };
  // The policy a human accepted, unless the file on disk only tightens it.
  const result = policyInForce(file, home, build === undefined ? undefined : cachedPolicyLoader(policyCacheDir(home), build));
  if (!result.policy) {
    const first = result.diagnostics.find((d) => d.severity === 'error') ?? result.diagnostics[0];
    const where = first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : file;
    return { error: `the policy has errors (${where})` };
  }
  return { policy: result.policy };
}

export async function runHookCommand(args: string[], io: HookIo = {}): Promise<number> {
  const out = io.stdout ?? ((t: string) => writeAll(1, t));
  const err = io.stderr ?? ((t: string) => writeAll(2, t));
  const env = io.env ?? process.env;
  const processCwd = io.cwd ?? process.cwd();
  const emit = (reply: HookReply): number => {
    if (reply.stdout) out(reply.stdout);
    if (reply.stderr) err(reply.stderr);
    return reply.exitCode;
  };
  const started = Date.now();
  let dialect: Dialect | undefined;
  // Only `--dialect` makes it certain; a dialect recognised from the payload is a guess.
  let certain = false;
  try {
    const options = parseHookOptions(args);
    dialect = options.dialect;
    certain = dialect !== undefined;
    let input: string;
    if (io.input !== undefined) {
      if (Buffer.byteLength(io.input) > maxPayloadBytes) return emit(renderRefusal(dialect, `the payload is larger than the ${maxPayloadBytes} bytes Bulkhead reads`));
      input = io.input;
    } else {
      if (stdinIsTerminal()) return emit(renderRefusal(dialect, 'no payload: `bulkhead hook` reads one JSON object on stdin, as an agent hook'));
      const read = await readStdin(maxPayloadBytes);
      if (typeof read !== 'string') return emit(renderRefusal(dialect, `the payload is ${read.tooLarge} bytes, larger than the ${maxPayloadBytes} Bulkhead reads`));
      input = read;
    }
    const parsed = parseHookPayload(input, options.dialect);
    if ('error' in parsed) return emit(renderRefusal(parsed.dialect ?? dialect, parsed.error, certain));
    const request = parsed.request;
    dialect = request.dialect;
    const cwd = workingDirectory(request, processCwd);
    const home = io.home ?? homedir();
    const loaded = loadPolicy(options.policy, policySearchDirs(request, cwd, home), cwd, processCwd, home, io.build);
    if ('error' in loaded) return emit(renderRefusal(dialect, loaded.error, certain));
    let evaluator: Promise<Evaluator> | undefined;
    const limit = dialectModules[dialect].timeLimit;
    const outcome = await decideHook(request, {
      policy: loaded.policy,
      evaluator: () => (evaluator ??= Promise.resolve(Evaluator.withGrammarOnDemand())),
      cwd,
      env,
      home: io.home,
      // `bulkhead doctor` sends canaries through the configured command without a modal popping up.
      offline: env.BULKHEAD_HOOK_OFFLINE === '1',
      ...(limit ? { ipcMaxWaitMs: answerWaitWithin(limit.ms, Date.now() - started), ipcMaxWaitWhy: limit.why } : {}),
    });
    if (!outcome.relayed && request.action.kind !== 'unchecked') {
      const problem = auditHookDecision(request, outcome, cwd, loaded.policy.default ?? '', Date.now() - started, home);
      if (problem) err(`Bulkhead: this decision could not be written to the audit log (${problem}).\n`);
    }
    return emit(renderReply(request, outcome, certain));
  } catch (error) {
    const message = error instanceof HookUsageError ? `${error.message}\n${hookUsage.trim()}` : `internal error: ${(error as Error).message ?? String(error)}`;
    return emit(renderRefusal(dialect, message, certain));
  }
}

function describeAction(request: HookRequest): string {
  const action = request.action;
  switch (action.kind) {
    case 'shell': return action.command;
    case 'file': return `${action.access} ${action.paths.join(' ')}`;
    case 'search': return `search ${action.root ?? '.'}${action.include ? ` (${action.include})` : ''}`;
    case 'mcp': return `mcp ${action.tool}`;
    case 'task': return `task ${action.id}`;
    case 'unchecked': return request.tool;
  }
}

const outcomeDecision: Record<HookOutcome['kind'], { decision: string; answer: string }> = {
  defer: { decision: 'allow', answer: 'allowed' },
  approve: { decision: 'confirm', answer: 'approved' },
  ask: { decision: 'confirm', answer: 'asked in the agent' },
  deny: { decision: 'block', answer: 'refused' },
};

/**
 * Decisions the hook makes itself (no extension running, file tools, critical secrets) are written
 * to the same log the extension writes; what the extension answered it has written already.
 */
function auditHookDecision(request: HookRequest, outcome: HookOutcome, cwd: string, active: string, latencyMs: number, home: string): string | undefined {
  try {
    const log = new AuditLog(defaultAuditFile(home), loadAuditKey(auditKeyFile(home)));
    const { decision, answer } = outcomeDecision[outcome.kind];
    const { effect, targets, rules } = outcome.judged ?? { effect: '', targets: [], rules: [] };
    log.append({
      time: new Date().toISOString(), source: hookSource(`${dialectNames[request.dialect]} ${request.tool}`), cwd, command: redactForDisplay(describeAction(request)),
      decision, effect, targets, rules, active, answer, latencyMs, reason: 'reason' in outcome ? redactForDisplay(outcome.reason) : undefined,
    });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
