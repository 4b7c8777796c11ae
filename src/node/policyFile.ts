import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type LoadResult, loadPolicy } from '../core/policy/load';

export const policyFileName = '.bulkhead.yaml';

/** The nearest `.bulkhead.yaml` at or above `startDir`. */
export function findPolicyFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, policyFileName);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and loads a policy file; a read failure is a diagnostic like any other, never an exception. */
export function readPolicyFile(file: string): LoadResult {
  const absolute = resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    return { diagnostics: [{ severity: 'error', message: `cannot read the policy: ${reason}`, file: absolute, line: 1, column: 1, endLine: 1, endColumn: 1 }] };
  }
  return loadPolicy(text, absolute, dirname(absolute));
}
