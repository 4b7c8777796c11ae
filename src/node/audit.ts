import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * An append-only JSONL log of decisions. Each record carries the SHA-256 of the previous record, so
 * editing, removing or reordering entries breaks the chain at the first changed line. A small
 * sidecar file (`FILE.head`) remembers the last sequence number and hash, so entries cut from the
 * end are noticed too.
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
  /** `allowed` (policy), `approved`/`denied`/`timeout`/`remembered` (human), `refused`, `observed`. */
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

export function recordHash(record: Omit<AuditRecord, 'hash'>): string {
  const { hash: _ignored, ...rest } = record as AuditRecord;
  return createHash('sha256').update(`${rest.prev}\n${canonicalJson(rest)}`).digest('hex');
}

interface Head {
  readonly seq: number;
  readonly hash: string;
}

export class AuditLog {
  private head: Head = { seq: 0, hash: genesisHash };

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    if (existsSync(file)) {
      const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
      const last = lines[lines.length - 1];
      if (last) {
        try {
          const record = JSON.parse(last) as AuditRecord;
          if (Number.isInteger(record.seq) && typeof record.hash === 'string') this.head = { seq: record.seq, hash: record.hash };
        } catch {
          // A torn last line: keep chaining from it anyway; `verify` will point at it.
          this.head = { seq: lines.length, hash: createHash('sha256').update(last).digest('hex') };
        }
      }
    }
  }

  get headFile(): string {
    return `${this.file}.head`;
  }

  append(entry: AuditEntry): AuditRecord {
    const base = { ...entry, seq: this.head.seq + 1, prev: this.head.hash };
    const record: AuditRecord = { ...base, hash: recordHash(base) };
    appendFileSync(this.file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    this.head = { seq: record.seq, hash: record.hash };
    const tmp = `${this.headFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.head), { mode: 0o600 });
    renameSync(tmp, this.headFile);
    return record;
  }

  /** The newest `limit` records, newest first. Lines that do not parse are skipped. */
  recent(limit: number): AuditRecord[] {
    if (!existsSync(this.file)) return [];
    // Only the tail is read, so a long log costs the same as a short one.
    const fd = openSync(this.file, 'r');
    let text: string;
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, Math.max(64 * 1024, limit * 4096));
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString('utf8');
      if (length < size) text = text.slice(text.indexOf('\n') + 1);
    } finally {
      closeSync(fd);
    }
    const lines = text.split('\n').filter((l) => l.trim());
    const out: AuditRecord[] = [];
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      try {
        out.push(JSON.parse(lines[i]) as AuditRecord);
      } catch { /* skipped */ }
    }
    return out;
  }
}

export interface VerifyProblem {
  /** 1-based line in the file. */
  readonly line: number;
  readonly seq?: number;
  readonly kind: 'malformed' | 'altered' | 'missing' | 'truncated';
  readonly message: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly entries: number;
  readonly problem?: VerifyProblem;
}

/** Checks the chain; reports the first altered, missing or malformed entry. */
export function verifyAudit(text: string, head?: { seq: number; hash: string }): VerifyResult {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
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
    if (recordHash(record) !== record.hash) {
      return { ok: false, entries: seq, problem: { line: lineNo, seq: record.seq, kind: 'altered', message: `entry ${record.seq} (line ${lineNo}) was altered: its content does not match its hash` } };
    }
    prev = record.hash;
    seq = record.seq;
  }
  if (head && (head.seq !== seq || head.hash !== prev)) {
    if (head.seq > seq) {
      return { ok: false, entries: seq, problem: { line: lines.length + 1, seq: seq + 1, kind: 'truncated', message: `entries ${seq + 1}–${head.seq} are missing from the end of the log` } };
    }
    return { ok: false, entries: seq, problem: { line: lines.length, seq, kind: 'altered', message: `the last entry (${seq}) does not match the recorded head (${head.seq})` } };
  }
  return { ok: true, entries: seq };
}

/** Reads FILE and FILE.head (when present) and verifies them. */
export function verifyAuditFile(file: string): VerifyResult {
  const text = readFileSync(file, 'utf8');
  let head: Head | undefined;
  const headFile = `${file}.head`;
  if (existsSync(headFile)) {
    try {
      const parsed = JSON.parse(readFileSync(headFile, 'utf8')) as Head;
      if (Number.isInteger(parsed.seq) && typeof parsed.hash === 'string') head = parsed;
    } catch { /* a broken head file is ignored; the chain itself is still checked */ }
  }
  return verifyAudit(text, head);
}
