import { chmodSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseDotenv } from '../../core/credentials/dotenv';
import type { CredentialLookup, KnownCredential } from '../../core/credentials/known';
import { credentialParts } from '../../core/credentials/values';
import type { Policy } from '../../core/policy/load';
import { hmacSha256, sha256, toHex } from '../../core/sha256';
import { readBoundedText } from '../boundedRead';
import { randomBytes } from '../random';

/**
 * The environments' credential values are remembered only as keyed fingerprints (HMAC-SHA-256
 * with a per-user key): a fingerprint file can be read by anyone who can read the user's files,
 * but without the key nobody can test a guess against it, and it never holds a value.
 */
export interface FingerprintEntry {
  readonly fingerprint: string;
  readonly environment: string;
  /** Where the value was seen: a secret file relative to the policy's folder, or `$NAME`. */
  readonly source: string;
  /** The value's length: a piece of a command line of another length is not hashed at all. */
  readonly length: number;
}

/** A secret file larger than this is not a `.env` file; its values are not read. */
export const maxSecretFileBytes = 256 * 1024;
/** Fingerprints kept per workspace at most; a store with more keeps the first ones. */
export const maxStoredFingerprints = 20_000;

export function bulkheadDir(home = homedir()): string {
  return join(home, '.bulkhead');
}

/** The per-user key: 32 random bytes in a 0600 file, made the first time it is needed. */
export function fingerprintKey(home = homedir()): Buffer {
  const file = join(bulkheadDir(home), 'fingerprint.key');
  try {
    const key = readFileSync(file);
    if (key.length >= 32) return key;
  } catch { /* made below */ }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, key);
    closeSync(fd);
    return key;
  } catch {
    // Another process made it first: use theirs, so every process agrees.
    return readFileSync(file);
  }
}

export type Fingerprinter = (value: string) => string;

export function fingerprinter(key: Buffer): Fingerprinter {
  const hmac = hmacSha256(key);
  return (value) => toHex(hmac(Buffer.from(value, 'utf8'))).slice(0, 32);
}

/** Fingerprints of one workspace's credentials, answering the core's lookups. */
export class CredentialIndex {
  private readonly byFingerprint = new Map<string, KnownCredential & { readonly length: number }>();
  /** Lengths of the values remembered: a piece of another length is not hashed at all. */
  private readonly lengths = new Set<number>();

  constructor(private readonly fingerprint: Fingerprinter, private readonly protectionOf: (environment: string) => number) {}

  add(value: string, environment: string, source: string): void {
    this.addFingerprint({ fingerprint: this.fingerprint(value), environment, source, length: value.length });
  }

  /** A value that belongs to several environments belongs to the most protected of them. */
  addFingerprint(entry: FingerprintEntry): void {
    const known = this.byFingerprint.get(entry.fingerprint);
    if (!known || this.protectionOf(entry.environment) > this.protectionOf(known.environment)) {
      this.byFingerprint.set(entry.fingerprint, { environment: entry.environment, source: entry.source, length: entry.length });
    }
    this.lengths.add(entry.length);
  }

  get size(): number {
    return this.byFingerprint.size;
  }

  entries(): FingerprintEntry[] {
    return [...this.byFingerprint].map(([fingerprint, k]) => ({ fingerprint, environment: k.environment, source: k.source, length: k.length }));
  }

  readonly lookup: CredentialLookup = (value) => {
    if (!this.lengths.has(value.length)) return undefined;
    const known = this.byFingerprint.get(this.fingerprint(value));
    return known && { environment: known.environment, source: known.source };
  };
}

/** Adds every credential value of a dotenv text, as belonging to `environment`. */
export function addDotenv(index: CredentialIndex, text: string, environment: string, source: string): void {
  for (const entry of parseDotenv(text)) {
    for (const part of credentialParts(entry.name, entry.value)) index.add(part, environment, source);
  }
}

const globChars = /[*?[\]{}!]/;

/**
 * The values in each environment's secret files that the policy names literally (`.env.production`,
 * `config/prod.env`), and in the variables the policy lists as its credentials, as the caller sees
 * them. Secret files found only by a glob or under other folders come from a workspace scan's store.
 */
export function addPolicyCredentials(index: CredentialIndex, policy: Policy, env: Readonly<Record<string, string | undefined>>): void {
  for (const environment of policy.environments) {
    for (const pattern of environment.secrets) {
      if (globChars.test(pattern.pattern) || !policy.root) continue;
      const rel = pattern.pattern.replace(/^\.\//, '');
      const text = readBoundedText(join(policy.root, rel), maxSecretFileBytes);
      if (text !== undefined) addDotenv(index, text, environment.name, rel);
    }
    for (const credential of environment.credentials) {
      const value = env[credential.name];
      if (value) for (const part of credentialParts(credential.name, value)) index.add(part, environment.name, `$${credential.name}`);
    }
  }
}

export function storeFile(root: string, home = homedir()): string {
  return join(bulkheadDir(home), 'fingerprints', `${toHex(sha256(Buffer.from(resolve(root)))).slice(0, 16)}.json`);
}

/** Writes the workspace's fingerprints where the CLI and the hooks read them (0600, replaced atomically). */
export function writeStore(root: string, entries: readonly FingerprintEntry[], home = homedir()): void {
  const file = storeFile(root, home);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(dirname(file), 0o700);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, root: resolve(root), entries: entries.slice(0, maxStoredFingerprints) }), { mode: 0o600 });
  renameSync(tmp, file);
}

export function readStore(root: string, home = homedir()): FingerprintEntry[] {
  const text = readBoundedText(storeFile(root, home), 4 * 1024 * 1024);
  if (!text) return [];
  try {
    const data = JSON.parse(text) as { entries?: unknown };
    if (!Array.isArray(data.entries)) return [];
    return data.entries.filter((e): e is FingerprintEntry => typeof e?.fingerprint === 'string' && typeof e?.environment === 'string'
      && typeof e?.source === 'string' && Number.isInteger(e?.length)).slice(0, maxStoredFingerprints);
  } catch {
    return [];
  }
}

const cacheMs = 2_000;
const cache = new WeakMap<Policy, { at: number; envKey: string; index: CredentialIndex }>();

/**
 * The lookup the engine is given: the policy's secret files and listed variables, read now, and
 * what the last workspace scan stored. The CLI, the hooks and the extension all build it here.
 */
export function credentialLookup(policy: Policy, env: Readonly<Record<string, string | undefined>>, home = homedir()): CredentialLookup | undefined {
  if (policy.environments.length === 0) return undefined;
  const envKey = policy.environments.flatMap((e) => e.credentials.map((c) => env[c.name] ?? '')).join('\0');
  const cached = cache.get(policy);
  if (cached && cached.envKey === envKey && Date.now() - cached.at < cacheMs) return cached.index.lookup;
  let index: CredentialIndex;
  try {
    index = newIndex(policy, fingerprintKey(home));
    addPolicyCredentials(index, policy, env);
    if (policy.root) for (const entry of readStore(policy.root, home)) if (policy.byName.has(entry.environment)) index.addFingerprint(entry);
  } catch {
    // No key can be made (read-only home): credentials are then not known on sight, and nothing else changes.
    return undefined;
  }
  cache.set(policy, { at: Date.now(), envKey, index });
  return index.lookup;
}

export function newIndex(policy: Policy, key: Buffer): CredentialIndex {
  const rank = { open: 0, guarded: 1, critical: 2 } as const;
  return new CredentialIndex(fingerprinter(key), (name) => rank[policy.byName.get(name)?.protection ?? 'open']);
}
