import { lstatSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type LoadResult, loadPolicy } from '../core/policy/load';
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
