import { auditKeyFile, defaultAuditFile, loadAuditKey, verifyAuditFile } from '../node/audit';

const usage = `usage: bulkhead audit verify [FILE] [--key KEYFILE]
  Checks the keyed hash chain of a Bulkhead audit log (JSONL, default ${defaultAuditFile()}) and its
  head record, and reports the first altered, missing, forged or malformed entry. The key defaults
  to ${auditKeyFile()}.
`;

/** `bulkhead audit verify [FILE] [--key KEYFILE]`: 0 when the chain is intact, 1 when it is broken or absent, 2 on usage errors. */
export async function runAuditCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  let file: string | undefined;
  let keyFile: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--key' && rest[i + 1] && keyFile === undefined) keyFile = rest[++i];
    else if (rest[i].startsWith('--key=') && keyFile === undefined) keyFile = rest[i].slice(6);
    else if (!rest[i].startsWith('-') && file === undefined) file = rest[i];
    else {
      process.stderr.write(usage);
      return 2;
    }
  }
  if (sub !== 'verify') {
    process.stderr.write(usage);
    return 2;
  }
  file ??= defaultAuditFile();
  keyFile ??= auditKeyFile();
  let key: Buffer;
  try {
    key = loadAuditKey(keyFile, false);
  } catch (err) {
    process.stdout.write(`NOT VERIFIED: ${err instanceof Error ? err.message : String(err)}; without it nobody can tell a forged log from a true one\n`);
    return 1;
  }
  let result;
  try {
    result = verifyAuditFile(file, key);
  } catch (err) {
    process.stderr.write(`bulkhead audit: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (result.ok) {
    process.stdout.write(`OK: ${result.entries} entries, keyed hash chain and head intact\n`);
    return 0;
  }
  process.stdout.write(`BROKEN after ${result.entries} good entries: ${result.problem?.message}\n`);
  return 1;
}
