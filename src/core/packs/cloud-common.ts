import type { TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { stageTokensOf } from '../targets/hints';

/**
 * Pieces shared by the cloud CLI packs (aws, gcloud/gsutil/bq, az, doctl, eksctl, sam).
 */

const awsAccountId = /(?:^|\D)(\d{12})(?:\D|$)/;

/** `stage` hints for every token of a name that names a stage, so `orders-prod` ties to production. */
export function stageHints(value: string, source: string, into: TargetHint[]): void {
  for (const stage of stageTokensOf(value)) into.push({ kind: 'stage', value: stage, source });
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
