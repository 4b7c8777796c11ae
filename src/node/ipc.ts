import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server, Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { sameBytes, sha256, toHex } from '../core/sha256';
import { readBoundedText } from './boundedRead';
import { randomBytes } from './random';

/** Required when a connection is made: the hook reads its connection file first, and most calls find none. */
function net(): typeof import('node:net') {
  return require('node:net') as typeof import('node:net');
}

/**
 * Local IPC between the extension host (server) and the shims, the BASH_ENV trap and agent hooks
 * (clients). One request per connection: the client writes one JSON object on one line. For a
 * check the server first acknowledges it at once with `{"ok":true,"ack":true,"answerWithinMs":N}`,
 * then answers with one JSON line within N ms and closes; pings and refusals get their answer
 * line only. The acknowledgement is what tells a live extension from a socket that accepts and
 * never answers, so a client can give up on the latter in seconds instead of waiting out a modal.
 *
 * The client runs as the same user as the agent, so nothing it sends can approve anything: a
 * request carries a command and its context, never a verdict, and unknown fields are refused.
 * Only the extension (a human at a modal) decides.
 */

export const ipcProtocolVersion = 1;
/** Largest answer a client reads, in bytes: a decision and its message fit many times over. */
export const maxAnswerBytes = 64 * 1024;
/** How long a client waits for the acknowledgement before it counts the extension as unreachable. */
export const defaultAckTimeoutMs = 3000;
/** How long past the announced time a client still waits for the answer (the line must cross a busy host). */
export const answerGraceMs = 3000;
/** Longest answer time a client believes: the confirmation timeout's upper limit (package.json). */
export const maxAnswerWithinMs = 3600 * 1000;
/** What a server announces when not told how long its handler may take. */
export const defaultAnswerWithinMs = 60_000;

/** Largest request accepted, in bytes, newline included. */
export const defaultMaxRequestBytes = 128 * 1024;

export type SourceKind = 'shim' | 'bash' | 'hook' | 'cli' | 'test';

export interface RequestSource {
  readonly kind: SourceKind;
  /** The program a shim stands for (`kubectl`). */
  readonly program?: string;
  /** Parent process id (the shell that ran the shim), to tie a request to a terminal. */
  readonly ppid?: number;
  /** Free text: agent name, terminal name. */
  readonly label?: string;
}

export interface PingRequest {
  readonly v: 1;
  readonly token: string;
  readonly type: 'ping';
}

export interface CheckRequest {
  readonly v: 1;
  readonly token: string;
  readonly type: 'check';
  /** The command line as the shell would run it. */
  readonly line: string;
  readonly cwd: string;
  /** The caller's environment (values are never logged). */
  readonly env?: Readonly<Record<string, string>>;
  readonly source: RequestSource;
}

export type IpcRequest = PingRequest | CheckRequest;

export interface CheckResponse {
  readonly ok: true;
  /** True only when the command may run: allowed by policy, or confirmed by the human. */
  readonly run: boolean;
  readonly decision: 'allow' | 'confirm' | 'block';
  /** For stderr when `run` is false: tells an agent to stop and ask the user. */
  readonly message: string;
}

/** Sent first for a check: the request was read and is being decided. */
export interface AckResponse {
  readonly ok: true;
  readonly ack: true;
  /** The server answers within this long, or answers `timeout`. */
  readonly answerWithinMs: number;
}

export interface PingResponse {
  readonly ok: true;
  readonly pong: true;
}

export interface ErrorResponse {
  readonly ok: false;
  readonly error: 'too-large' | 'malformed' | 'unauthorized' | 'internal' | 'timeout';
  readonly message: string;
}

export type IpcResponse = CheckResponse | PingResponse | ErrorResponse;

export type RequestHandler = (request: CheckRequest) => Promise<Omit<CheckResponse, 'ok'>>;

export interface IpcServerOptions {
  readonly handler: RequestHandler;
  /** Defaults to 32 random bytes, hex. */
  readonly token?: string;
  readonly maxRequestBytes?: number;
  /** How long a client may take to send its request. */
  readonly readTimeoutMs?: number;
  /** How long the handler may take (the confirmation timeout): announced in the acknowledgement, then enforced. */
  readonly answerWithinMs?: () => number;
  /** Called for refused requests and handler failures (never with the token or env values). */
  readonly onProblem?: (message: string) => void;
}

/** Parses and checks a request against the schema. Returns the reason when it does not conform. */
export function validateRequest(value: unknown): { request: IpcRequest } | { error: string } {
  if (!isObject(value)) return { error: 'the request is not a JSON object' };
  const allowed = value.type === 'check' ? ['v', 'token', 'type', 'line', 'cwd', 'env', 'source'] : ['v', 'token', 'type'];
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) return { error: `unexpected field "${key}"` };
  }
  if (value.v !== ipcProtocolVersion) return { error: `unsupported protocol version ${JSON.stringify(value.v)}` };
  if (typeof value.token !== 'string' || value.token.length === 0 || value.token.length > 256) return { error: 'missing token' };
  if (value.type === 'ping') return { request: value as unknown as PingRequest };
  if (value.type !== 'check') return { error: `unknown request type ${JSON.stringify(value.type)}` };
  if (typeof value.line !== 'string') return { error: '"line" must be a string' };
  if (typeof value.cwd !== 'string' || value.cwd.length === 0) return { error: '"cwd" must be a non-empty string' };
  if (value.env !== undefined) {
    if (!isObject(value.env)) return { error: '"env" must be an object of strings' };
    for (const v of Object.values(value.env)) if (typeof v !== 'string') return { error: '"env" must be an object of strings' };
  }
  const source = value.source;
  if (!isObject(source)) return { error: '"source" must be an object' };
  for (const key of Object.keys(source)) {
    if (!['kind', 'program', 'ppid', 'label'].includes(key)) return { error: `unexpected field "source.${key}"` };
  }
  if (!['shim', 'bash', 'hook', 'cli', 'test'].includes(source.kind as string)) return { error: '"source.kind" is not one of shim, bash, hook, cli, test' };
  if (source.program !== undefined && (typeof source.program !== 'string' || source.program.length > 200)) return { error: '"source.program" must be a short string' };
  if (source.label !== undefined && (typeof source.label !== 'string' || source.label.length > 200)) return { error: '"source.label" must be a short string' };
  if (source.ppid !== undefined && !Number.isInteger(source.ppid)) return { error: '"source.ppid" must be an integer' };
  return { request: value as unknown as CheckRequest };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tokenMatches(expected: Buffer, given: string): boolean {
  const g = Buffer.from(given, 'utf8');
  // Compare fixed-length digests of equal size so the comparison time does not leak the length either.
  const a = Buffer.alloc(256);
  const b = Buffer.alloc(256);
  expected.copy(a);
  g.copy(b);
  return sameBytes(a, b) && g.length === expected.length;
}

/** A socket path in a fresh 0700 directory (Unix), or a random named pipe (Windows). */
export function privateSocketAddress(): { address: string; dir?: string } {
  if (process.platform === 'win32') return { address: `\\\\.\\pipe\\bulkhead-${randomBytes(12).toString('hex')}` };
  const runtime = process.env.XDG_RUNTIME_DIR;
  let base = tmpdir();
  try {
    if (runtime && statSync(runtime).isDirectory()) base = runtime;
  } catch { /* fall back to tmpdir */ }
  const dir = mkdtempSync(join(base, 'bulkhead-'));
  chmodSync(dir, 0o700);
  // Unix socket paths are limited to about 104 bytes.
  return { address: join(dir, 's.sock'), dir };
}

export class IpcServer {
  readonly token: string;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly maxBytes: number;
  private dir?: string;
  private _address?: string;

  constructor(private readonly options: IpcServerOptions) {
    this.token = options.token ?? randomBytes(32).toString('hex');
    this.maxBytes = options.maxRequestBytes ?? defaultMaxRequestBytes;
    const expected = Buffer.from(this.token, 'utf8');
    this.server = net().createServer((socket) => this.serve(socket, expected));
  }

  get address(): string {
    if (!this._address) throw new Error('the IPC server is not listening');
    return this._address;
  }

  async listen(address?: string): Promise<string> {
    let target = address;
    if (!target) {
      const made = privateSocketAddress();
      target = made.address;
      this.dir = made.dir;
    }
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(target, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    if (process.platform !== 'win32') chmodSync(target, 0o600);
    this._address = target;
    return target;
  }

  private serve(socket: Socket, expected: Buffer): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(this.options.readTimeoutMs ?? 5000);
    let size = 0;
    const chunks: Buffer[] = [];
    let done = false;
    const reply = (response: IpcResponse) => {
      if (socket.destroyed) return;
      socket.end(`${JSON.stringify(response)}\n`);
    };
    const refuse = (error: ErrorResponse['error'], message: string) => {
      done = true;
      this.options.onProblem?.(`IPC request refused (${error}): ${message}`);
      reply({ ok: false, error, message });
      // Stop reading whatever else the client sends.
      socket.removeAllListeners('data');
      socket.resume();
    };
    socket.on('timeout', () => {
      if (!done) refuse('timeout', 'no complete request within the time limit');
      else socket.setTimeout(0);
    });
    const finish = (buffer: Buffer) => {
      done = true;
      socket.setTimeout(0);
      socket.removeAllListeners('data');
      socket.resume();
      let parsed: unknown;
      try {
        parsed = JSON.parse(buffer.toString('utf8'));
      } catch {
        return refuse('malformed', 'the request is not valid JSON');
      }
      const checked = validateRequest(parsed);
      // The token is checked before the schema's details are revealed to the client.
      const token = isObject(parsed) && typeof parsed.token === 'string' ? parsed.token : '';
      if (!tokenMatches(expected, token)) return refuse('unauthorized', 'wrong or missing token');
      if ('error' in checked) return refuse('malformed', checked.error);
      const request = checked.request;
      if (request.type === 'ping') return reply({ ok: true, pong: true });
      const answerWithinMs = Math.min(maxAnswerWithinMs, Math.max(1, Math.round(this.options.answerWithinMs?.() ?? defaultAnswerWithinMs)));
      const ack: AckResponse = { ok: true, ack: true, answerWithinMs };
      socket.write(`${JSON.stringify(ack)}\n`);
      let answered = false;
      const answerOnce = (response: IpcResponse) => {
        if (answered) return;
        answered = true;
        clearTimeout(deadline);
        reply(response);
      };
      // The announced time is a promise to the client: past it, the answer is no.
      const deadline = setTimeout(() => answerOnce({ ok: false, error: 'timeout', message: `no decision within ${answerWithinMs} ms` }), answerWithinMs);
      this.options.handler(request).then(
        (answer) => answerOnce({ ok: true, ...answer }),
        (err: unknown) => {
          this.options.onProblem?.(`IPC handler failed: ${err instanceof Error ? err.message : String(err)}`);
          answerOnce({ ok: false, error: 'internal', message: 'Bulkhead could not check this command' });
        },
      );
    };
    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      const newline = chunk.indexOf(0x0a);
      const take = newline >= 0 ? chunk.subarray(0, newline) : chunk;
      size += take.length;
      if (size > this.maxBytes) return refuse('too-large', `requests are limited to ${this.maxBytes} bytes`);
      chunks.push(take);
      if (newline >= 0) finish(Buffer.concat(chunks));
    });
    socket.on('end', () => {
      if (!done) finish(Buffer.concat(chunks));
    });
  }

  async dispose(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.dir && existsSync(this.dir)) rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface IpcClientOptions {
  /** How long to wait for the acknowledgement (or the answer to a ping or refusal). */
  readonly ackTimeoutMs?: number;
  /** The longest the client will wait for the answer after the acknowledgement, whatever the server announced. */
  readonly maxWaitMs?: number;
}

/** Acknowledged, but no answer within the announced wait (at most the client's `maxWaitMs`) and its grace. */
export class IpcAnswerTimeoutError extends Error {}

/** No acknowledgement in time: whatever listens there is not a working extension. */
export class IpcUnreachableError extends Error {
  readonly code = 'EBULKHEADUNREACHABLE';
}

/** Sends one request and resolves with the server's answer. Rejects when the server cannot be reached. */
export function ipcRequest(address: string, request: unknown, options: IpcClientOptions = {}): Promise<IpcResponse> {
  return ipcRequestRaw(address, `${JSON.stringify(request)}\n`, options).then((text) => JSON.parse(text) as IpcResponse);
}

/**
 * Sends raw bytes (tests use it for malformed and oversized messages) and resolves with the answer
 * line, the acknowledgement skipped. Every wait is bounded: the acknowledgement by `ackTimeoutMs`,
 * the answer by what the server announced (at most `maxWaitMs`) plus a grace, the answer's size by
 * `maxAnswerBytes`.
 */
export function ipcRequestRaw(address: string, payload: string | Buffer, options: IpcClientOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net().createConnection(address);
    let buffered = '';
    let received = 0;
    let acknowledged = false;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (result: { line: string } | { error: Error }) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      socket.destroy();
      if ('line' in result) resolve(result.line);
      else reject(result.error);
    };
    const wait = (ms: number, error: () => Error) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => settle({ error: error() }), ms);
    };
    wait(options.ackTimeoutMs ?? defaultAckTimeoutMs, () => new IpcUnreachableError(`no acknowledgement from ${address} within ${options.ackTimeoutMs ?? defaultAckTimeoutMs} ms`));
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (d: string) => {
      received += Buffer.byteLength(d);
      if (received > maxAnswerBytes) return settle({ error: new Error(`the answer is larger than ${maxAnswerBytes} bytes`) });
      buffered += d;
      for (let newline = buffered.indexOf('\n'); newline >= 0 && !settled; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const announced = acknowledged ? undefined : announcedWait(line);
        if (announced === undefined) return settle({ line });
        if (announced === 'malformed') return settle({ error: new Error('the acknowledgement is malformed') });
        acknowledged = true;
        const ms = Math.min(announced, options.maxWaitMs ?? maxAnswerWithinMs) + answerGraceMs;
        wait(ms, () => new IpcAnswerTimeoutError(`no answer within ${ms} ms`));
      }
    });
    // The server may close while we are still writing an oversized payload: its answer still counts.
    socket.on('error', (err) => {
      if (buffered.includes('\n')) return;
      settle({ error: err });
    });
    socket.on('close', () => {
      const line = buffered.split('\n')[0];
      if (line) settle({ line });
      else settle({ error: acknowledged ? new Error('Bulkhead closed the connection without answering') : new IpcUnreachableError('the connection closed without an acknowledgement') });
    });
  });
}

/** The wait an acknowledgement announces, `malformed` for a broken one, undefined for any other line. */
function announcedWait(line: string): number | 'malformed' | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value) || !('ack' in value)) return undefined;
  const ms = value.answerWithinMs;
  if (value.ok !== true || value.ack !== true || typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) return 'malformed';
  return ms;
}

/**
 * A check's answer, strictly: anything but a well-formed decision is reported as malformed, so a
 * stray truthy value (`"run": "false"`, `"run": 1`) can never pass for an approval.
 */
export function parseCheckAnswer(value: unknown): { answer: Omit<CheckResponse, 'ok'> } | { error: string } {
  if (!isObject(value)) return { error: 'the extension\'s answer is not a JSON object' };
  if (value.ok === false) return { error: typeof value.message === 'string' && value.message ? value.message.slice(0, 500) : `the extension refused the request (${String(value.error).slice(0, 40)})` };
  const keys = Object.keys(value);
  const expected = ['ok', 'run', 'decision', 'message'];
  if (value.ok !== true || keys.length !== expected.length || !expected.every((k) => keys.includes(k))) return { error: 'the extension\'s answer is malformed (not a decision)' };
  if (typeof value.run !== 'boolean') return { error: 'the extension\'s answer is malformed ("run" is not true or false)' };
  if (value.decision !== 'allow' && value.decision !== 'confirm' && value.decision !== 'block') return { error: 'the extension\'s answer is malformed (unknown decision)' };
  if (typeof value.message !== 'string') return { error: 'the extension\'s answer is malformed ("message" is not text)' };
  return { answer: { run: value.run, decision: value.decision, message: value.message } };
}

/**
 * How processes outside VS Code terminals (agent hooks run by Cursor, Claude Code, …) find the
 * extension of the window that has a folder open: one file per workspace folder, in a 0700
 * directory under the user's home, removed when the window closes. Same-user processes can read
 * it, exactly as they could read a terminal's environment: the IPC can only ask, never approve.
 */
export interface Connection {
  readonly address: string;
  readonly token: string;
  readonly root: string;
  readonly pid: number;
}

/** A connection file is a few hundred bytes; anything larger is not one. */
const maxConnectionFileBytes = 64 * 1024;

export function connectionDir(home = homedir()): string {
  return join(home, '.bulkhead', 'run');
}

export function connectionFile(root: string, home = homedir()): string {
  return join(connectionDir(home), `${toHex(sha256(Buffer.from(resolve(root)))).slice(0, 16)}.json`);
}

export function writeConnection(connection: Connection, home = homedir()): string {
  const file = connectionFile(connection.root, home);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(dirname(file), 0o700);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(connection), { mode: 0o600 });
  renameSync(tmp, file);
  return file;
}

/** The connection of the nearest window whose folder contains `cwd`, if its process is alive. */
export function findConnection(cwd: string, home = homedir()): Connection | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const file = connectionFile(dir, home);
    try {
      const c = JSON.parse(readBoundedText(file, maxConnectionFileBytes) ?? 'null') as Connection;
      if (c && typeof c.address === 'string' && typeof c.token === 'string' && Number.isInteger(c.pid)) {
        try {
          process.kill(c.pid, 0);
          return c;
        } catch { /* stale: the window is gone */ }
      }
    } catch { /* none here */ }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function removeConnection(root: string, token: string, home = homedir()): void {
  const file = connectionFile(root, home);
  try {
    const c = JSON.parse(readBoundedText(file, maxConnectionFileBytes) ?? 'null') as Connection | null;
    // Another window of the same folder may have replaced it: only remove our own.
    if (c?.token === token) rmSync(file, { force: true });
  } catch { /* already gone */ }
}
