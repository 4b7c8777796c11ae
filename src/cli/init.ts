import { relative, resolve } from 'node:path';
import { initPolicy } from '../node/init';

export const initUsage = '  bulkhead init [--dir DIR] [--force] [--print]            (writes .bulkhead.yaml from what the workspace uses; --print only shows it)';

/** `bulkhead init`: the same first policy as Bulkhead: Initialize Policy. Exit 0 written or printed, 1 left alone, 3 usage. */
export function runInitCommand(args: readonly string[]): number {
  let dir = process.cwd();
  let force = false;
  let print = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--dir' && args[i + 1] !== undefined) dir = resolve(args[++i]);
    else if (a === '--force') force = true;
    else if (a === '--print') print = true;
    else {
      process.stderr.write(`bulkhead init: unknown argument ${a}\n${initUsage}\n`);
      return 3;
    }
  }
  let result;
  try {
    result = initPolicy(dir, { force, dryRun: print });
  } catch (error) {
    process.stderr.write(`bulkhead init: cannot write the policy in ${dir}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 3;
  }
  for (const problem of result.detection.problems) process.stderr.write(`bulkhead init: note: ${problem}\n`);
  if (print) {
    process.stdout.write(result.text);
    return 0;
  }
  const shown = relative(process.cwd(), result.file) || result.file;
  if (!result.written) {
    process.stderr.write(`bulkhead init: ${shown} already exists and was left alone (--force replaces it, --print shows what would be written)\n`);
    return 1;
  }
  const placed = result.detection.findings.filter((f) => f.stage !== undefined).length;
  const unplaced = result.detection.findings.length - placed;
  process.stdout.write(`Wrote ${shown}: ${placed} value${placed === 1 ? '' : 's'} placed in local, staging and production${unplaced ? `, ${unplaced} found but not placed (listed at the end of the file)` : ''}. Review it, then commit it.\n`);
  return 0;
}
