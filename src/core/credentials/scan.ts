import { protectionRank } from '../model';
// The policy module loads before the target resolver: they import each other, and the policy
// module reads the resolver's kinds as it loads.
import '../policy/load';
import type { Environment, Policy } from '../policy/load';
import { secretOwner } from '../secretReads';
import { hintsFromValue } from '../targets/hints';
import { owner } from '../targets/resolve';
import type { CredentialLookup } from './known';
import { redact } from './redact';
import { credentialLabels, type Detector, ownDetectors, type RawMatch, surrounding } from './rules';
import { isPlaceholder } from './values';

/** One credential found in a workspace file. Never holds the secret: only a redacted preview and a keyed fingerprint. */
export interface CredentialFinding {
  /** Relative to the policy's folder, with `/`. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units as editors count them. */
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly kind: string;
  readonly label: string;
  /** The environment it belongs to, when that can be told. */
  readonly environment?: string;
  /** Why it belongs there: "as in .env.production", "named RAILWAY_TOKEN", "next to api.acme.com". */
  readonly attribution?: string;
  /** An error when it belongs to a guarded or critical environment and lies outside that environment's secret files. */
  readonly severity: 'error' | 'warning';
  readonly preview: string;
  /** Keyed fingerprint of the secret, to recognise the same finding again (ignored findings) without keeping it. */
  readonly fingerprint?: string;
  readonly message: string;
}

export interface ScanOptions {
  readonly policy: Policy;
  /** The maintained rule set, run by the Node side; Bulkhead's own detectors are always added. */
  readonly detectors?: readonly Detector[];
  readonly known?: CredentialLookup;
  readonly fingerprint?: (secret: string) => string;
}

/** Findings reported for one file at most; a file with more is listed with this many. */
export const maxFindingsPerFile = 200;

const lockFiles: ReadonlySet<string> = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb', 'deno.lock', 'Cargo.lock',
  'Gemfile.lock', 'poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock', 'composer.lock', 'go.sum', 'mix.lock', 'pubspec.lock',
  'Podfile.lock', 'packages.lock.json', 'flake.lock', '.terraform.lock.hcl',
]);

/**
 * Files whose contents are generated and hold hashes, not credentials: lock files and checksums.
 * The walk skips them; a scan of one finds nothing.
 */
export function isGeneratedFile(file: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return lockFiles.has(name) || /\.(?:sum|sha256|sha512|map)$/.test(name) || /\.min\.(?:js|css)$/.test(name);
}

/**
 * Test fixtures, examples and templates hold fake credentials on purpose. What is found there is
 * reported only when it is an environment's real value (its fingerprint matches).
 */
export function isSampleFile(file: string): boolean {
  return /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|__fixtures__|testdata|test-data|examples?|samples?|mocks?|__mocks__|docs?)\//i.test(file)
    || /\.(?:test|spec)\.[a-z0-9]+$/i.test(file)
    || /(?:\.|_|-)(?:example|sample|template|dist|tmpl|tpl)(?:\.[a-z0-9]+)?$/i.test(file);
}

/** Target kinds a word near a credential is compared with to tell whose it is (paths are where commands run, not what they name). */
const nearbyKinds = ['host', 'app', 'resource', 'railway-environment', 'supabase-project', 'gcp-project', 'aws-account', 'kube-context',
  'namespace', 'database', 'azure-resource-group', 'aws-profile'];
const contextLines = 3;

/** Every credential in one file's text, attributed to an environment where that can be told. */
export function scanText(file: string, text: string, options: ScanOptions): CredentialFinding[] {
  if (isGeneratedFile(file)) return [];
  const { policy } = options;
  const matches = collect(text, file, [...ownDetectors, ...(options.detectors ?? [])]);
  if (matches.length === 0) return [];
  const lineStarts = lineIndex(text);
  const fileOwner = secretOwner(policy, `${policy.root}/${file}`);
  const sample = isSampleFile(file);
  const findings: CredentialFinding[] = [];
  for (const match of matches) {
    if (findings.length >= maxFindingsPerFile) break;
    const secret = text.slice(match.secretStart ?? match.start, match.secretEnd ?? match.end);
    if (isPlaceholder(secret)) continue;
    const owned = attribute(text, match, secret, policy, options.known);
    // A secret file holds its own environment's credentials: only another environment's value is out of place there.
    if (fileOwner && (!owned || owned.environment === fileOwner.name)) continue;
    if (sample && owned?.how !== 'value') continue;
    findings.push(finding(file, text, lineStarts, match, secret, owned, policy, options.fingerprint));
  }
  return findings;
}

/** Matches from every detector, earliest first; where two overlap the longer stays. */
function collect(text: string, file: string, detectors: readonly Detector[]): RawMatch[] {
  const all: RawMatch[] = [];
  for (const detect of detectors) all.push(...detect(text, file));
  all.sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start));
  const kept: RawMatch[] = [];
  for (const m of all) {
    const last = kept[kept.length - 1];
    if (last && m.start < last.end) continue;
    kept.push(m);
  }
  return kept;
}

interface Owned {
  readonly environment: string;
  readonly attribution: string;
  /** `value`: equal to an environment's credential; weaker evidence otherwise. */
  readonly how: 'value' | 'name' | 'nearby';
}

/** Whose credential it is: equal to a known value, assigned to a variable the policy lists, or next to one of an environment's targets. */
function attribute(text: string, match: RawMatch, secret: string, policy: Policy, known: CredentialLookup | undefined): Owned | undefined {
  const whole = text.slice(match.start, match.end);
  const byValue = known?.(secret) ?? (whole !== secret ? known?.(whole) : undefined);
  if (byValue && policy.byName.has(byValue.environment)) return { environment: byValue.environment, attribution: `as in ${byValue.source}`, how: 'value' };
  const lineStart = text.lastIndexOf('\n', match.start - 1) + 1;
  const before = text.slice(lineStart, match.start);
  const name = /([A-Za-z_][A-Za-z0-9_]*)["']?\s*(?:=|:=|:|=>)\s*["']?$/.exec(before)?.[1];
  if (name) {
    let best: Environment | undefined;
    for (const env of policy.environments) {
      if (env.credentials.some((c) => c.name === name) && (!best || protectionRank[env.protection] > protectionRank[best.protection])) best = env;
    }
    if (best) return { environment: best.name, attribution: `assigned to ${name}, a credential of ${best.name}`, how: 'name' };
  }
  const around = surrounding(text, match.start, contextLines).replace(whole, ' ');
  let best: { env: Environment; word: string } | undefined;
  for (const word of new Set(around.split(/[\s"'`,;()[\]{}<>=|\\]+/))) {
    if (word.length < 3 || word.length > 300) continue;
    for (const env of wordOwners(policy, word)) {
      if (!best || protectionRank[env.protection] > protectionRank[best.env.protection]) best = { env, word };
    }
  }
  return best ? { environment: best.env.name, attribution: `next to ${best.word.length > 60 ? `${best.word.slice(0, 57)}…` : best.word}, a target of ${best.env.name}`, how: 'nearby' } : undefined;
}

function wordOwners(policy: Policy, word: string): Environment[] {
  const owners: Environment[] = [];
  for (const hint of hintsFromValue(word, 'nearby')) {
    const env = owner(policy, hint.kind, hint.value);
    if (env) owners.push(env);
  }
  const bare = word.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  for (const kind of nearbyKinds) {
    const env = owner(policy, kind, bare);
    if (env) owners.push(env);
  }
  return owners;
}

function finding(file: string, text: string, lineStarts: number[], match: RawMatch, secret: string, owned: Owned | undefined, policy: Policy,
  fingerprint: ((secret: string) => string) | undefined): CredentialFinding {
  const start = position(lineStarts, match.start);
  const end = position(lineStarts, match.end);
  const label = credentialLabels[match.kind] ?? credentialLabels['api-token'];
  const env = owned ? policy.byName.get(owned.environment) : undefined;
  const severity = env && env.protection !== 'open' ? 'error' : 'warning';
  const message = owned
    ? `${owned.environment} ${label} in ${file}: an agent can find and use it (${owned.attribution})`
    : `${label} in ${file}: an agent can find and use it; which environment it belongs to cannot be told`;
  return {
    file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, kind: match.kind, label,
    environment: owned?.environment, attribution: owned?.attribution, severity, preview: preview(text, match, secret),
    fingerprint: fingerprint?.(secret), message,
  };
}

/** The match with its secret part redacted: a key's header line, a URL without its password, a token's prefix. */
function preview(text: string, match: RawMatch, secret: string): string {
  if (match.kind === 'private-key' || match.kind === 'gcp-service-account') {
    const header = /-----BEGIN [A-Z ]*PRIVATE KEY-----/.exec(text.slice(match.start, match.end))?.[0];
    return header ?? redact(secret);
  }
  if (match.secretStart !== undefined && match.secretEnd !== undefined) {
    const head = text.slice(match.start, match.secretStart);
    const tail = text.slice(match.secretEnd, match.end);
    return `${head}••••${tail}`.slice(0, 200);
  }
  return redact(secret);
}

function lineIndex(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}
