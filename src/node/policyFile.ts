import { lstatSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loosens, type PolicyChange, policyChanges } from '../core/policy/changes';
import { type LoadResult, loadPolicy } from '../core/policy/load';
import { sha256, toHex } from '../core/sha256';
import { maxStateFileBytes, readBoundedFile } from './boundedRead';

export const policyFileName = '.bulkhead.yaml';

/** Policies larger than this are refused: a real one is a few kilobytes. */
export const maxPolicyBytes = maxStateFileBytes;

/**
 * The nearest `.bulkhead.yaml` at or above `startDir`. Anything at that name counts, a dangling
 * symlink or a FIFO included: it is a broken policy to report, not an absent one to skip past.
 */
export function findPolicyFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, policyFileName);
    if (present(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and loads a policy file; a read failure is a diagnostic like any other, never an exception. */
export function readPolicyFile(file: string): LoadResult {
  const absolute = resolve(file);
  const read = readBoundedFile(absolute, maxPolicyBytes);
  if ('error' in read) {
    return { diagnostics: [{ severity: 'error', message: `cannot read the policy: ${read.message}`, file: absolute, line: 1, column: 1, endLine: 1, endColumn: 1 }] };
  }
  return loadPolicy(read.text, absolute, dirname(absolute));
}

function present(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    // A folder that cannot be searched may hide a policy: reading it will say so.
    return (error as NodeJS.ErrnoException).code !== 'ENOTDIR';
  }
}

/**
 * The last policy a human accepted for a policy file, kept under ~/.bulkhead (a guard the agent may
 * not write) so that the extension, the hooks and the shims' fallback all apply the same one.
 */
export interface AcceptedPolicy {
  readonly file: string;
  readonly text: string;
  readonly acceptedAt: string;
}

export function acceptedPolicyFile(policyFile: string, home = homedir()): string {
  return join(home, '.bulkhead', 'accepted', `${toHex(sha256(Buffer.from(resolve(policyFile)))).slice(0, 16)}.json`);
}

export function readAcceptedPolicy(policyFile: string, home = homedir()): AcceptedPolicy | undefined {
  const read = readBoundedFile(acceptedPolicyFile(policyFile, home), maxPolicyBytes * 2);
  if ('error' in read) return undefined;
  try {
    const value = JSON.parse(read.text) as AcceptedPolicy;
    if (typeof value.text === 'string' && value.file === resolve(policyFile)) return value;
  } catch { /* a broken record is no record: the policy on disk is judged against nothing */ }
  return undefined;
}

export function writeAcceptedPolicy(policyFile: string, text: string, home = homedir()): void {
  const target = acceptedPolicyFile(policyFile, home);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ file: resolve(policyFile), text, acceptedAt: new Date().toISOString() } satisfies AcceptedPolicy), { mode: 0o600 });
  renameSync(tmp, target);
}

export interface PolicyInForce extends LoadResult {
  /** A loosening change on disk that no human has accepted yet: the accepted policy stays in force. */
  readonly pending?: { readonly text: string; readonly changes: readonly PolicyChange[] };
  /** The text of the policy in force, when it is the file's. */
  readonly text?: string;
}

/**
 * The policy in force for a file: the one on disk when it only tightens the accepted one (or none
 * was accepted yet), else the accepted one, with the loosening changes that wait for a human. A file
 * that does not load falls back to the accepted policy too. `load` is the loader's cached form in
 * the hook.
 */
export function policyInForce(file: string, home = homedir(), load: (text: string, file: string, root: string) => LoadResult = loadPolicy): PolicyInForce {
  const absolute = resolve(file);
  const read = readBoundedFile(absolute, maxPolicyBytes);
  const disk: LoadResult = 'error' in read
    ? { diagnostics: [{ severity: 'error', message: `cannot read the policy: ${read.message}`, file: absolute, line: 1, column: 1, endLine: 1, endColumn: 1 }] }
    : load(read.text, absolute, dirname(absolute));
  const text = 'error' in read ? undefined : read.text;
  const accepted = readAcceptedPolicy(absolute, home);
  if (!accepted || accepted.text === text) return { ...disk, text };
  const before = load(accepted.text, absolute, dirname(absolute)).policy;
  if (!before) return { ...disk, text };
  if (!disk.policy) return { policy: before, diagnostics: disk.diagnostics, text: accepted.text };
  const changes = policyChanges(before, disk.policy);
  if (!loosens(changes)) return { ...disk, text };
  return { policy: before, diagnostics: disk.diagnostics, text: accepted.text, pending: { text: text ?? '', changes } };
}
