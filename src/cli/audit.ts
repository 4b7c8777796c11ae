import { existsSync } from 'node:fs';
import { verifyAuditFile } from '../node/audit';

const usage = 'usage: bulkhead audit verify FILE\n  Checks the hash chain of a Bulkhead audit log (JSONL) and reports the first altered or missing entry.\n';

/** `bulkhead audit verify FILE`: 0 when the chain is intact, 1 when it is broken, 2 on usage errors. */
export async function runAuditCommand(args: string[]): Promise<number> {
  const [sub, file, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  if (sub !== 'verify' || !file || rest.length > 0) {
    process.stderr.write(usage);
    return 2;
  }
  if (!existsSync(file)) {
    process.stderr.write(`bulkhead audit: ${file}: no such file\n`);
    return 2;
  }
  let result;
  try {
    result = verifyAuditFile(file);
  } catch (err) {
    process.stderr.write(`bulkhead audit: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (result.ok) {
    process.stdout.write(`OK: ${result.entries} entries, hash chain intact\n`);
    return 0;
  }
  process.stdout.write(`BROKEN after ${result.entries} good entries: ${result.problem?.message}\n`);
  return 1;
}
