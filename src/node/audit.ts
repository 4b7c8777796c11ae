import {
  appendFileSync, chmodSync, closeSync, existsSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync,
  writeFileSync, writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { hmacSha256, sameBytes, toHex } from '../core/sha256';
import { randomBytes } from './random';

/**
 * An append-only JSONL log of decisions, one per user, that the extension, the shims and every hook
 * process write to. Each record carries an HMAC (keyed with a per-user key in a 0600 file under
 * ~/.bulkhead, which the guard keeps agents from reading or writing) of itself and the previous
 * record, so editing, removing, reordering or forging entries breaks the chain at the first changed
 * line, and a same-user process without the key cannot recompute it. A sidecar head record
 * (`FILE.head`, keyed too) remembers the last sequence number and hash, so entries cut from the end,
 * an emptied file and a deleted head are noticed. Writers take a lock file in turn, so concurrent
 * appends never interleave or chain from the same entry.
 */

export interface AuditEntry {
  readonly time: string;
  /** `shim:kubectl`, `bash`, `hook:cursor`, `terminal:bash (2)`, `command-palette`. */
  readonly source: string;
  readonly cwd: string;
  /** Redacted before it gets here. */
  readonly command: string;
  /** The policy's decision, or `bypass` for a mutation seen that passed no guard. */
  readonly decision: string;
  readonly effect: string;
  readonly targets: readonly string[];
  readonly rules: readonly string[];
  readonly active: string;
  /** `allowed` (policy), `approved`/`denied`/`timeout`/`remembered` (human), `refused`, `observed`, `asked in the agent`. */
  readonly answer: string;
  readonly latencyMs: number;
  readonly reason?: string;
}

export interface AuditRecord extends AuditEntry {
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
}

export const genesisHash = '0'.repeat(64);

/** Where the log and its key live: beside the connection files, which the guard already protects. */
export function auditDir(home = homedir()): string {
  return join(home, '.bulkhead');
}

export function defaultAuditFile(home = homedir()): string {
  return join(auditDir(home), 'audit.jsonl');
}

export function auditKeyFile(home = homedir()): string {
  return join(auditDir(home), 'audit.key');
}

const keyBytes = 32;

/**
 * The per-user key, created on first use. It is made complete in a temporary file and linked into
 * place, so a process racing another never reads half a key.
 */
export function loadAuditKey(file = auditKeyFile(), create = true): Buffer {
  const existing = readKey(file);
  if (existing) return existing;
  if (!create) throw new Error(`the audit key ${file} does not exist`);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${randomBytes(keyBytes).toString('hex')}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(tmp);
  }
  const key = readKey(file);
  if (!key) throw new Error(`the audit key ${file} is not a key`);
  return key;
}

function readKey(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`the audit key ${file} is not a key`);
  // Anyone else who can read it can forge the log.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return Buffer.from(hex, 'hex');
}

/** JSON with keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function recordHash(record: Omit<AuditRecord, 'hash'>, key: Buffer): string {
  const { hash: _ignored, ...rest } = record as AuditRecord;
  return toHex(hmacSha256(key)(Buffer.from(`${rest.prev}\n${canonicalJson(rest)}`)));
}

export interface Head {
  readonly seq: number;
  readonly hash: string;
  readonly mac: string;
}

function headMac(seq: number, hash: string, key: Buffer): string {
  return toHex(hmacSha256(key)(Buffer.from(`head\n${seq}\n${hash}`)));
}

function sameHex(a: string, b: string): boolean {
  return sameBytes(Buffer.from(a), Buffer.from(b));
}

/** How long a writer waits for another to finish its append, and when a lock is abandoned. */
export const lockWaitMs = 2000;
const staleLockMs = 10_000;

export class AuditLog {
  constructor(readonly file: string, private readonly key: Buffer) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  }

  get headFile(): string {
    return `${this.file}.head`;
  }

  private get lockFile(): string {
    return `${this.file}.lock`;
  }

  /** Appends one entry under the writers' lock; throws (with the bound that was hit) when it cannot. */
  append(entry: AuditEntry): AuditRecord {
    return this.locked(() => {
      const last = this.lastRecord();
      const base = { ...entry, seq: last.seq + 1, prev: last.hash };
      const record: AuditRecord = { ...base, hash: recordHash(base, this.key) };
      appendFileSync(this.file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
      const head: Head = { seq: record.seq, hash: record.hash, mac: headMac(record.seq, record.hash, this.key) };
      const tmp = `${this.headFile}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(head), { mode: 0o600 });
      renameSync(tmp, this.headFile);
      return record;
    });
  }

  /** The entry to chain from: the file's last line, or the head record when that line is torn. */
  private lastRecord(): { seq: number; hash: string } {
    const lines = this.tail(64 * 1024).split('\n').filter((l) => l.trim());
    const last = lines[lines.length - 1];
    if (last) {
      try {
        const record = JSON.parse(last) as AuditRecord;
        if (Number.isInteger(record.seq) && typeof record.hash === 'string') return { seq: record.seq, hash: record.hash };
      } catch { /* a torn last line: `verify` points at it */ }
      const head = readHead(this.headFile);
      if (head && 'seq' in head) return head;
      return { seq: lines.length, hash: genesisHash };
    }
    return { seq: 0, hash: genesisHash };
  }

  private locked<T>(work: () => T): T {
    const deadline = Date.now() + lockWaitMs;
    let fd: number | undefined;
    while (fd === undefined) {
      try {
        fd = openSync(this.lockFile, 'wx', 0o600);
        writeSync(fd, `${process.pid}\n`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (this.lockIsStale()) {
          try { unlinkSync(this.lockFile); } catch { /* another writer took it over first */ }
          continue;
        }
        if (Date.now() > deadline) throw new Error(`another process has held the audit log's lock (${this.lockFile}) for more than ${lockWaitMs} ms`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2 + Math.floor(Math.random() * 8));
      }
    }
    try {
      return work();
    } finally {
      closeSync(fd);
      unlinkSync(this.lockFile);
    }
  }

  /** A lock whose writer has exited, or that is older than any append takes, is left over from a crash. */
  private lockIsStale(): boolean {
    try {
      const stat = statSync(this.lockFile);
      if (Date.now() - stat.mtimeMs > staleLockMs) return true;
      const pid = Number.parseInt(readFileSync(this.lockFile, 'utf8'), 10);
      if (!Number.isInteger(pid) || pid <= 0) return Date.now() - stat.mtimeMs > 500;
      try {
        process.kill(pid, 0);
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH';
      }
    } catch {
      return false;
    }
  }

  private tail(limit: number): string {
    if (!existsSync(this.file)) return '';
    const fd = openSync(this.file, 'r');
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, limit);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      const text = buffer.toString('utf8');
      return length < size ? text.slice(text.indexOf('\n') + 1) : text;
    } finally {
      closeSync(fd);
    }
  }

  /** The newest `limit` records, newest first. Lines that do not parse are skipped. */
  recent(limit: number): AuditRecord[] {
    // Only the tail is read, so a long log costs the same as a short one.
    const lines = this.tail(Math.max(64 * 1024, limit * 4096)).split('\n').filter((l) => l.trim());
    const out: AuditRecord[] = [];
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      try {
        out.push(JSON.parse(lines[i]) as AuditRecord);
      } catch { /* skipped */ }
    }
    return out;
  }
}

/** The head record, `undefined` when the file is absent, or why it is not one. */
function readHead(file: string): Head | { broken: string } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { broken: (error as Error).message };
  }
  try {
    const parsed = JSON.parse(text) as Head;
    if (Number.isInteger(parsed.seq) && typeof parsed.hash === 'string' && typeof parsed.mac === 'string') return parsed;
  } catch { /* reported below */ }
  return { broken: 'it is not a head record' };
}

export interface VerifyProblem {
  /** 1-based line in the file. */
  readonly line: number;
  readonly seq?: number;
  readonly kind: 'malformed' | 'altered' | 'missing' | 'truncated' | 'empty' | 'head';
  readonly message: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly entries: number;
  readonly problem?: VerifyProblem;
}

/**
 * Checks the chain against the key and the head record; reports the first altered, missing or
 * malformed entry. A log with no entries, or without a head that vouches for its last entry, is
 * never OK: emptying the file or deleting the head is how a log would be quietly rewritten.
 */
export function verifyAudit(text: string, head: Head | { broken: string } | undefined, key: Buffer): VerifyResult {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return { ok: false, entries: 0, problem: { line: 1, kind: 'empty', message: 'the log has no entries: a log Bulkhead has written to is never empty' } };
  let prev = genesisHash;
  let seq = 0;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let record: AuditRecord;
    try {
      record = JSON.parse(lines[i]) as AuditRecord;
    } catch {
      return { ok: false, entries: seq, problem: { line: lineNo, kind: 'malformed', message: `line ${lineNo} is not a JSON record` } };
    }
    if (!record || typeof record !== 'object' || !Number.isInteger(record.seq) || typeof record.hash !== 'string' || typeof record.prev !== 'string') {
      return { ok: false, entries: seq, problem: { line: lineNo, kind: 'malformed', message: `line ${lineNo} is not an audit record` } };
    }
    if (record.seq !== seq + 1 || record.prev !== prev) {
      const missing = record.seq === seq + 2 ? `entry ${seq + 1} is missing before it`
        : record.seq > seq + 2 ? `entries ${seq + 1}–${record.seq - 1} are missing before it` : 'it does not follow the previous entry';
      if (record.prev !== prev && record.seq === seq + 1) {
        return { ok: false, entries: seq, problem: { line: lineNo, seq: record.seq, kind: 'altered', message: `entry ${record.seq} (line ${lineNo}) does not chain to the entry before it: an earlier entry was altered, removed or inserted` } };
      }
      return { ok: false, entries: seq, problem: { line: lineNo, seq: record.seq, kind: 'missing', message: `entry ${record.seq} (line ${lineNo}): ${missing}` } };
    }
    if (!sameHex(recordHash(record, key), record.hash)) {
      return { ok: false, entries: seq, problem: { line: lineNo, seq: record.seq, kind: 'altered', message: `entry ${record.seq} (line ${lineNo}) was altered or forged: its content does not match its keyed hash` } };
    }
    prev = record.hash;
    seq = record.seq;
  }
  if (!head) return { ok: false, entries: seq, problem: { line: lines.length, seq, kind: 'head', message: 'the head record is missing, so entries cut from the end could not be noticed' } };
  if ('broken' in head) return { ok: false, entries: seq, problem: { line: lines.length, seq, kind: 'head', message: `the head record is broken (${head.broken})` } };
  if (!sameHex(headMac(head.seq, head.hash, key), head.mac)) {
    return { ok: false, entries: seq, problem: { line: lines.length, seq, kind: 'head', message: 'the head record was altered or forged: it does not match its keyed hash' } };
  }
  if (head.seq !== seq || head.hash !== prev) {
    if (head.seq > seq) {
      return { ok: false, entries: seq, problem: { line: lines.length + 1, seq: seq + 1, kind: 'truncated', message: `entries ${seq + 1}–${head.seq} are missing from the end of the log` } };
    }
    return { ok: false, entries: seq, problem: { line: lines.length, seq, kind: 'altered', message: `the last entry (${seq}) does not match the recorded head (${head.seq}): entries were appended without the head` } };
  }
  return { ok: true, entries: seq };
}

/** Reads FILE and FILE.head and verifies them with the key. A missing file is a problem, not an empty log. */
export function verifyAuditFile(file: string, key: Buffer): VerifyResult {
  if (!existsSync(file)) {
    return { ok: false, entries: 0, problem: { line: 1, kind: 'empty', message: `${file} does not exist: a log Bulkhead has written to is never absent` } };
  }
  return verifyAudit(readFileSync(file, 'utf8'), readHead(`${file}.head`), key);
}

/** How the audit names an agent's hook, whether the hook decided alone or asked the extension: `hook:Claude Code Bash`. */
export function hookSource(agentAndTool: string): string {
  return `hook:${agentAndTool}`.slice(0, 200);
}
