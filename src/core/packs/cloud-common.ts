import type { TargetHint } from '../model';
import type { ParsedArgs } from './args';

/**
 * Pieces shared by the cloud CLI packs (aws, gcloud/gsutil/bq, az, doctl, eksctl, sam).
 */

/**
 * Words that, as a whole token of a resource, profile, project or context name, say which
 * stage it belongs to: `acme-prod-db`, `rg-orders-staging`, `AdministratorAccess-dev`.
 * Deliberately narrower than the engine's stage aliases: `main`, `live`, `test` and `local`
 * are too common inside ordinary names to be evidence.
 */
const stageWords: ReadonlySet<string> = new Set([
  'prod', 'production', 'prd', 'staging', 'stg', 'preprod', 'uat', 'dev', 'development',
]);
const tokenSeparators = /[^a-z0-9]+/;
const awsAccountId = /(?:^|\D)(\d{12})(?:\D|$)/;

/** `stage` hints for every token of a name that names a stage, so `orders-prod` ties to production. */
export function stageHints(value: string, source: string, into: TargetHint[]): void {
  if (!value || value.length > 256) return;
  const lower = value.toLowerCase();
  let seen: string | undefined;
  for (const token of lower.split(tokenSeparators)) {
    if (!stageWords.has(token) || token === seen) continue;
    seen = token;
    into.push({ kind: 'stage', value: token, source });
  }
}

/** A named resource (`--db-instance-identifier orders-prod`): itself, and the stage its name carries. */
export function resourceHints(value: string | undefined, source: string, into: TargetHint[]): void {
  if (!value) return;
  into.push({ kind: 'resource', value, source });
  stageHints(value, source, into);
}

/** AWS SSO profile names often carry the account: `AdministratorAccess-111111111111`. */
export function awsAccountInName(value: string, source: string, into: TargetHint[]): void {
  const m = awsAccountId.exec(value);
  if (m) into.push({ kind: 'aws-account', value: m[1], source });
}

/** `--help`, `-h`, or a `help` word among the command words. */
export function asksForHelp(args: ParsedArgs, commandWords: readonly string[]): boolean {
  return args.has('--help', '-h') || commandWords.includes('help');
}

/** A flag whose value is true-ish: `--recursive`, `--recursive=true`; not `--recursive=false`. */
export function flagOn(args: ParsedArgs, ...names: string[]): boolean {
  for (const name of names) {
    const values = args.flags.get(name);
    if (!values) continue;
    const last = values[values.length - 1].toLowerCase();
    if (last !== 'false' && last !== 'no' && last !== '0') return true;
  }
  return false;
}

/** The first of several prefixes a word starts with, if any. */
export function startsWithAny(word: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) if (word.startsWith(prefix)) return true;
  return false;
}
