import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CredentialFinding } from '../core/credentials/scan';
import { formatDiagnostic } from './main';
import { readPolicyFile, findPolicyFile } from '../node/policyFile';
import { scanInWorker } from '../node/credentials/scanClient';
import { skippedDirectoryNames } from '../node/credentials/skipped';

export const scanUsage = '  bulkhead scan [DIR] [--policy FILE] [--json]                 (stray credentials in the workspace; exit 0 none, 1 found, 2 a protected environment\'s)';

const usage = `usage: bulkhead scan [DIR] [--policy FILE] [--json]
  Finds credentials in DIR's files (git-ignored ones included; ${skippedDirectoryNames.join(' and ')} are skipped) and says
  which environment each belongs to. Secrets are never printed: each finding shows a redacted preview.
  Exit codes: 0 nothing found, 1 credentials found, 2 one belongs to a guarded or critical environment, 3 usage or policy error.
`;

/** `bulkhead scan`: the whole folder in a worker thread, within the scan's bounds. */
export async function runScanCommand(args: string[]): Promise<number> {
  let dir: string | undefined;
  let policyFile: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(usage);
      return 0;
    }
    if (arg === '--json') json = true;
    else if (arg === '--policy' && args[i + 1] !== undefined) policyFile = resolve(args[++i]);
    else if (arg.startsWith('--policy=')) policyFile = resolve(arg.slice(9));
    else if (!arg.startsWith('-') && dir === undefined) dir = resolve(arg);
    else return usageError(`unexpected argument ${arg}`);
  }
  dir ??= process.cwd();
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return usageError(`${dir} is not a folder`);
  policyFile ??= findPolicyFile(dir);
  if (policyFile) {
    const loaded = readPolicyFile(policyFile);
    if (!loaded.policy) {
      for (const d of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      process.stderr.write('bulkhead: the policy has errors; nothing was scanned\n');
      return 3;
    }
  }
  const reply = await scanInWorker(join(__dirname, 'scanWorker.js'), { dir, policyFile, env: process.env });
  if ('error' in reply) {
    process.stderr.write(`bulkhead scan: ${reply.error}\n`);
    return 3;
  }
  const { result } = reply;
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...result, findings: result.findings.map(toJson) })}\n`);
  } else {
    const out = result.findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.preview}]`);
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    const skipped = Object.entries(result.skipped).filter(([, n]) => n > 0).map(([why, n]) => `${n} ${why}`);
    out.push(`${result.findings.length} credential${result.findings.length === 1 ? '' : 's'} found (${errors} of a guarded or critical environment) in ${
      result.filesScanned} file${result.filesScanned === 1 ? '' : 's'}, ${result.ms} ms${skipped.length > 0 ? `; not read: ${skipped.join(', ')}` : ''}`);
    if (result.incomplete) out.push(`incomplete: ${result.incomplete}`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
  if (result.findings.some((f) => f.severity === 'error')) return 2;
  return result.findings.length > 0 ? 1 : 0;
}

function toJson(f: CredentialFinding): object {
  return {
    file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, kind: f.kind, label: f.label,
    environment: f.environment ?? null, attribution: f.attribution ?? null, severity: f.severity, preview: f.preview, fingerprint: f.fingerprint, message: f.message,
  };
}

function usageError(message: string): number {
  process.stderr.write(`bulkhead scan: ${message}\n\n${usage}`);
  return 3;
}
