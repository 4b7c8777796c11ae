import type { AmbientState, Finding, Invocation, TargetHint } from '../model';
import { protectionRank, remoteHintKinds } from '../model';
import { type Environment, patternEnds, type Policy } from '../policy/load';
import { relativeTo, resolvePath } from '../paths';
import { hintsFromValue, stageTokensOf } from './hints';
import { stageVariable, targetFlagKinds } from '../words/vocabulary';
import { type FileSystemView, type SecretLookup, secretEnvironmentOf, secretOwner, secretReads } from '../secretReads';
import { stageAliases, standaloneStageNames } from './stages';

/**
 * Target kinds named whatever the program: the working directory's `path`, the hosts and
 * resource names found in any argument, environment names (`stage`), the container a wrapper
 * runs its command in, and the kinds the generic target flags (`--profile`, `--context`) map to.
 */
export const genericTargetKinds: readonly string[] = [...new Set([
  'path', 'host', 'resource', 'stage', 'container',
  ...[...targetFlagKinds.values()].flat().filter((kind) => kind !== 'url' && kind !== 'path-words'),
])];

export interface Resolution {
  /** Environments the command acts on, most protected first. */
  readonly environments: readonly string[];
  /** Environments whose secret files the command touches. */
  readonly secretEnvironments: readonly string[];
  /** Set when the command may read a secret file that Bulkhead could not tell within its bounds: why. */
  readonly unknownSecret?: string;
  /** One line per fact that tied the command to an environment: "--context prod-eu-1 → production". */
  readonly evidence: readonly string[];
}

/**
 * Joins what a command names (flags, URLs, variables, files, working directory, ambient state)
 * with the policy's targets. A value that matches several environments belongs to the most
 * protected of them.
 */
export function resolveTargets(finding: Finding, inv: Invocation, policy: Policy, ambient: AmbientState, files?: FileSystemView): Resolution {
  const found = new Map<string, Environment>();
  const secret = new Set<string>();
  const unknownSecret: string[] = [];
  const evidence: string[] = [];
  if (policy.environments.length === 0) return { environments: [], secretEnvironments: [], evidence };
  const lookup: SecretLookup = files
    ? { policy, markerOf: files.markerOf, aliasesOf: files.aliasesOf, foldCase: files.foldCase }
    : { policy };

  const note = (env: Environment | undefined, fact: string): void => {
    if (!env) return;
    found.set(env.name, env);
    evidence.push(`${fact} → ${env.name}`);
  };

  const hints: TargetHint[] = [...(finding.targets ?? [])];
  for (const hint of inv.inherited) {
    if (hint.kind === 'ambient') {
      const value = ambient[hint.value];
      if (value) hints.push({ kind: hint.value, value, source: `current ${hint.value} (${hint.source})` });
    } else {
      hints.push(hint);
    }
  }
  // Local work (switching a context, editing a kubeconfig) does not act where the machine points.
  for (const kind of finding.scope === 'local' ? [] : finding.ambient ?? []) {
    if (hints.some((h) => h.kind === kind)) continue;
    const value = ambient[kind];
    if (value) hints.push({ kind, value, source: `current ${kind}` });
  }
  const remote = finding.scope !== 'local' || inv.inherited.some((h) => remoteHintKinds.has(h.kind));
  if (remote) {
    genericHints(inv, hints, finding.readsFrom);
    codeVariableHints(inv, policy, hints);
  }

  for (const hint of hints) {
    if (hint.kind === 'environment') {
      const env = policy.byName.get(hint.value);
      if (env && hint.source === 'credential printed') secret.add(env.name);
      note(env, hint.source);
      continue;
    }
    if (hint.kind === 'env-file') {
      // Variables loaded from an environment's secret file (`dotenv -e`, `source`): its power, not a read of it.
      const env = secretEnvironmentOf(lookup, hint.value);
      if (env) note(env, `${hint.source} ${hint.value}`);
      continue;
    }
    if (hint.kind === 'secret-file') {
      const env = secretEnvironmentOf(lookup, hint.value);
      if (env) {
        secret.add(env.name);
        note(env, `${hint.source} ${hint.value}`);
      }
      continue;
    }
    if (hint.kind === 'cwd') {
      const rel = relativeTo(policy.root, hint.value);
      const env = rel === undefined ? undefined : pathOwner(policy, rel);
      if (env) note(env, `${hint.source} ${rel}`);
      continue;
    }
    // Most hints name nothing the policy lists: the evidence is worded only for those that do.
    const env = hint.kind === 'stage' ? stageOwner(policy, hint.value) : owner(policy, hint.kind, hint.value);
    if (env) note(env, `${hint.source} ${hint.value}`);
    // A namespace is named by its team, not its cluster: one the policy does not list that is named
    // after its stage (`-n payments-prod`) is that stage's, whichever cluster holds it.
    else if (hint.kind === 'namespace') for (const stage of stageTokensOf(hint.value)) note(stageOwner(policy, stage), `${hint.source} ${hint.value}`);
  }

  credentialHints(inv, policy, remote, note);
  pathHints(inv, lookup, files, note, secret, unknownSecret, remote);

  const environments = [...found.values()]
    .sort((a, b) => protectionRank[b.protection] - protectionRank[a.protection])
    .map((e) => e.name);
  const unknown = secret.size === 0 && unknownSecret.length > 0 ? unknownSecret[0] : undefined;
  if (unknown) evidence.push(`${unknown} → environment unknown`);
  return { environments, secretEnvironments: [...secret], unknownSecret: unknown, evidence };
}

/** The most protected environment whose targets of this kind match the value. */
const ownerPrefilters = new WeakMap<Policy, Map<string, RegExp | undefined>>();

/** One expression over every pattern of a kind: a value it rejects belongs to no environment, and no pattern is tried. */
function couldBeOwned(policy: Policy, kind: string, value: string): boolean {
  let byKind = ownerPrefilters.get(policy);
  if (!byKind) ownerPrefilters.set(policy, byKind = new Map());
  let test = byKind.get(kind);
  if (test === undefined && !byKind.has(kind)) {
    const sources = policy.environments.flatMap((e) => (e.targets.get(kind) ?? []).map((p) => patternEnds(p.pattern)));
    test = sources.length > 0 ? new RegExp(sources.map((x) => `(?:${x})`).join('|'), 'i') : undefined;
    byKind.set(kind, test);
  }
  return test !== undefined && test.test(value);
}

export function owner(policy: Policy, kind: string, value: string): Environment | undefined {
  if (!couldBeOwned(policy, kind, value)) return undefined;
  let best: Environment | undefined;
  for (const env of policy.environments) {
    const patterns = env.targets.get(kind);
    if (!patterns || !patterns.some((p) => p.test(value))) continue;
    if (!best || protectionRank[env.protection] > protectionRank[best.protection]) best = env;
  }
  return best;
}

/**
 * Tools that name an environment generically (`--stage prod`, `RAILS_ENV=production`,
 * `vercel --prod`): the environment of that name, or of a common alias of it. A name the
 * policy also lists as a `stage` target counts too.
 */
export function stageOwner(policy: Policy, value: string): Environment | undefined {
  const wanted = value.toLowerCase();
  const direct = policy.environments.find((e) => e.name.toLowerCase() === wanted) ?? owner(policy, 'stage', value);
  if (direct) return direct;
  const group = stageAliases.find((g) => g.includes(wanted));
  if (!group) return undefined;
  return policy.environments.find((e) => group.includes(e.name.toLowerCase()));
}

const hostLike = /^(?:[a-z0-9-]+\.)+[a-z]{2,}$/i;

/** Facts any infrastructure command may carry in its arguments: URLs, ARNs, hosts, resource names. */
function genericHints(inv: Invocation, hints: TargetHint[], readsFrom: readonly string[] = []): void {
  for (const word of inv.words) {
    let value = word.value;
    if (readsFrom.includes(value)) continue;
    if (!value || word.dynamic && !value) continue;
    const eq = value.startsWith('-') ? value.indexOf('=') : -1;
    if (value.startsWith('-')) {
      if (eq < 0) continue;
      value = value.slice(eq + 1);
    }
    // A JSON document given inline (`--data '{"files":["https://www.acme.com/app.js"]}'`) or read
    // from a file (`--change-batch file://dns/cutover.json`) names what the request acts on.
    const document = /^\s*[[{]/.test(value) ? value : /^fileb?:\/\//.test(value) ? inv.fileText?.(value.replace(/^fileb?:\/\//, ''))?.slice(0, maxDocument) : undefined;
    if (document !== undefined) for (const text of documentStrings(document)) valueHints(text.replace(/\.$/, ''), 'argument', hints);
    if (value.length > 512) continue;
    valueHints(value, 'argument', hints);
  }
  // Variables set on the line are the command's configuration (`DB_HOST=db.prod.acme.internal typeorm …`).
  for (const [name, value] of Object.entries(inv.assigned)) {
    if (!value || value.length > 512 || value.startsWith('$')) continue;
    const source = `${name}=${value}`;
    if (stageVariable.test(name.toUpperCase())) hints.push({ kind: 'stage', value, source });
    else valueHints(value, source, hints);
  }
}

/** Characters of a document argument read, and strings taken from it, at most. */
const maxDocument = 64 * 1024;
const maxDocumentStrings = 200;

/** The quoted strings of a JSON document that are single words (names, hosts, URLs); prose says nothing. */
function documentStrings(text: string): string[] {
  const out: string[] = [];
  for (const m of text.slice(0, maxDocument).matchAll(/"([^"\\\s]{1,512})"/g)) {
    if (out.length >= maxDocumentStrings) break;
    out.push(m[1]);
  }
  return out;
}

/** What one value names: a URL, ARN or connection string's parts, else itself as a resource and, when it is one, a host. */
function valueHints(value: string, source: string, hints: TargetHint[]): void {
  const derived = hintsFromValue(value, source);
  if (derived.length > 0) {
    hints.push(...derived);
    return;
  }
  hints.push({ kind: 'resource', value, source });
  // A folder named after a host (`/etc/letsencrypt/live/acme.com/cert.pem`) holds that host's files.
  if (value.includes('/')) for (const part of value.split('/').slice(0, 16)) if (hostLike.test(part)) hints.push({ kind: 'host', value: part.toLowerCase(), source });
  const at = value.lastIndexOf('@');
  const host = at > 0 ? value.slice(at + 1) : value;
  if (hostLike.test(host)) hints.push({ kind: 'host', value: host.toLowerCase(), source });
}

/**
 * Tools that read credentials from the environment, by variable prefix. An inherited credential
 * counts for a command only when the command's tool would read it: a production Railway token in
 * the terminal makes `railway up` production's, not `kubectl apply`.
 */
const credentialReaders: Readonly<Record<string, readonly string[]>> = {
  railway: ['RAILWAY_'],
  aws: ['AWS_'],
  sam: ['AWS_'],
  eksctl: ['AWS_'],
  terraform: ['AWS_', 'GOOGLE_', 'ARM_', 'AZURE_', 'CLOUDFLARE_', 'TF_', 'DIGITALOCEAN_', 'HCLOUD_', 'GITHUB_', 'VAULT_'],
  tofu: ['AWS_', 'GOOGLE_', 'ARM_', 'AZURE_', 'CLOUDFLARE_', 'TF_', 'DIGITALOCEAN_', 'HCLOUD_', 'GITHUB_', 'VAULT_'],
  terragrunt: ['AWS_', 'GOOGLE_', 'ARM_', 'AZURE_', 'CLOUDFLARE_', 'TF_', 'DIGITALOCEAN_', 'TG_', 'TERRAGRUNT_'],
  pulumi: ['PULUMI_', 'AWS_', 'GOOGLE_', 'ARM_', 'AZURE_', 'CLOUDFLARE_', 'DIGITALOCEAN_'],
  cdk: ['AWS_', 'CDK_'],
  cdktf: ['AWS_', 'GOOGLE_', 'ARM_', 'AZURE_', 'TF_'],
  serverless: ['AWS_', 'SERVERLESS_'],
  sls: ['AWS_', 'SERVERLESS_'],
  gcloud: ['GOOGLE_', 'CLOUDSDK_'],
  gsutil: ['GOOGLE_', 'CLOUDSDK_', 'BOTO_'],
  bq: ['GOOGLE_', 'CLOUDSDK_'],
  az: ['AZURE_', 'ARM_'],
  fly: ['FLY_'],
  flyctl: ['FLY_'],
  heroku: ['HEROKU_'],
  vercel: ['VERCEL_'],
  netlify: ['NETLIFY_'],
  supabase: ['SUPABASE_'],
  firebase: ['FIREBASE_', 'GOOGLE_'],
  wrangler: ['CLOUDFLARE_', 'CF_'],
  doctl: ['DIGITALOCEAN_'],
  neonctl: ['NEON_'],
  pscale: ['PLANETSCALE_'],
  gh: ['GH_', 'GITHUB_'],
  kubectl: ['KUBE'],
  oc: ['KUBE'],
  kubecolor: ['KUBE'],
  helm: ['KUBE', 'HELM_'],
  helmfile: ['KUBE', 'HELM_'],
  skaffold: ['KUBE', 'SKAFFOLD_'],
  osls: ['AWS_', 'SERVERLESS_'],
};

const databasePrefixes = ['DATABASE_', 'DB_', 'PG', 'POSTGRES', 'MYSQL', 'MONGO', 'REDIS', 'DIRECT_URL', 'SHADOW_DATABASE'];

function reads(program: string, variable: string): boolean {
  const prefixes = credentialReaders[program];
  if (prefixes) return prefixes.some((p) => variable.startsWith(p));
  return databasePrefixes.some((p) => variable.startsWith(p)) && databaseTools.has(program)
    || variable.includes(program.toUpperCase().replace(/-/g, '_'));
}

const databaseTools = new Set([
  'psql', 'pg_dump', 'pg_restore', 'dropdb', 'createdb', 'mysql', 'mysqldump', 'mongosh', 'mongo', 'redis-cli', 'prisma',
  'drizzle-kit', 'rails', 'rake', 'bundle', 'python', 'python3', 'php', 'artisan', 'sequelize', 'knex', 'typeorm', 'node',
  'atlas', 'migrate', 'goose', 'dbmate', 'flyway', 'liquibase', 'alembic', 'django-admin', 'sqlx', 'diesel',
]);

function credentialHints(inv: Invocation, policy: Policy, remote: boolean, note: (env: Environment | undefined, fact: string) => void): void {
  for (const env of policy.environments) {
    for (const { name, reference } of env.credentials) {
      if (inv.words.some((w) => w.raw.includes(name) && reference.test(w.raw))) {
        note(env, `uses $${name}`);
        continue;
      }
      for (const assignedName in inv.assigned) {
        const value = inv.assigned[assignedName];
        if (reference.test(value) || (inv.env[name] && value === inv.env[name] && assignedName !== name)) {
          note(env, `${assignedName} is set from $${name}`);
        }
      }
      if (name in inv.assigned) {
        const value = inv.assigned[name];
        const copiedFrom = otherCredential(policy, value, inv, name);
        if (!copiedFrom) note(env, `sets ${name}`);
        continue;
      }
      if (remote && inv.env[name] && reads(inv.program, name)) note(env, `inherits ${name}`);
    }
  }
}

/**
 * The variables code reads are where it connects: a credential the policy lists is its
 * environment's (`process.env.PROD_DATABASE_URL`), and any other set variable names what its value
 * names (`os.environ["DATABASE_URL"]` holding a production URL).
 */
function codeVariableHints(inv: Invocation, policy: Policy, hints: TargetHint[]): void {
  for (const name of inv.code?.variables ?? []) {
    const env = policy.environments.find((e) => e.credentials.some((c) => c.name === name));
    if (env) {
      hints.push({ kind: 'environment', value: env.name, source: `the code reads $${name}` });
      continue;
    }
    const value = inv.env[name];
    if (value && value.length <= 512) hints.push(...hintsFromValue(value, `$${name}, which the code reads,`));
  }
}

/** When a credential variable is assigned from another one (`RAILWAY_TOKEN=$RAILWAY_STAGING_TOKEN`), the source decides. */
function otherCredential(policy: Policy, value: string, inv: Invocation, self: string): string | undefined {
  for (const env of policy.environments) {
    for (const { name, reference } of env.credentials) {
      if (name === self) continue;
      if (reference.test(value) || (inv.env[name] !== undefined && inv.env[name] === value)) return name;
    }
  }
  return undefined;
}

/**
 * The entry of a many-environment store a command picks out (`sed -n '/^\[prod\]/,/^\[/p'
 * ~/.aws/credentials`, `grep -A2 'machine api.acme.com' ~/.netrc`): a section or profile named
 * after an environment, or a host the policy lists.
 */
function selectedEntry(inv: Invocation, policy: Policy): { env: Environment; name: string } | undefined {
  for (const arg of inv.args) {
    if (arg.length > 256) continue;
    for (const m of arg.matchAll(/\[(?:profile\s+)?([\w.-]+)\\?\]|\b(?:machine|Host|host)\s+([\w.-]+)/g)) {
      const name = m[1] ?? m[2];
      const env = m[1] !== undefined ? owner(policy, 'aws-profile', name) ?? stageOwner(policy, name) : owner(policy, 'host', name.toLowerCase());
      if (env) return { env, name };
    }
  }
  // A key path or pattern naming a stage picks its entry (`jq '.production.DATABASE_URL'`, `grep -A4 production:`).
  const selector = selectorOf(inv);
  for (const m of selector?.slice(0, 256).matchAll(/(?:^|[^\w-])([A-Za-z][\w-]*)(?=$|[^\w-])/g) ?? []) {
    const name = m[1].toLowerCase();
    const env = standaloneStageNames.has(name) ? stageOwner(policy, name) : undefined;
    if (env) return { env, name: m[1] };
  }
  return undefined;
}

/** Readers that pick something out of a file, with their options that take a value as the next word. */
const selectingReaders: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ...['jq', 'gojq', 'jaq'].map((p): [string, ReadonlySet<string>] => [p, new Set(['--arg', '--argjson', '--slurpfile', '--rawfile', '--indent', '-L', '--tab'])]),
  ...['yq', 'dasel'].map((p): [string, ReadonlySet<string>] => [p, new Set(['-o', '-p', '-I', '--output-format', '--input-format', '--indent', '-r', '--read', '-w', '--write', '-f', '--file'])]),
  ...['grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack'].map((p): [string, ReadonlySet<string>] => [p, new Set(['-A', '-B', '-C', '-m', '--max-count', '-f', '--file', '--include', '--exclude', '-g', '--glob', '-t', '--type', '--color', '--colour'])]),
  ...['sed', 'awk', 'gawk'].map((p): [string, ReadonlySet<string>] => [p, new Set(['-f', '-F', '-v', '-l', '-s'])]),
]);

const expressionFlagReaders: ReadonlySet<string> = new Set(['grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'sed']);

/** What a reader picks out of a file: jq's filter, grep's pattern, sed's or awk's script (the first operand, or `-e`'s). */
function selectorOf(inv: Invocation): string | undefined {
  const valued = selectingReaders.get(inv.program);
  if (!valued) return undefined;
  // grep's and sed's `-e` gives the pattern; jq's `-e` only sets the exit status.
  const expression = expressionFlagReaders.has(inv.program) ? inv.args.indexOf('-e') : -1;
  if (expression >= 0) return inv.args[expression + 1];
  return inv.args.find((a, i) => !a.startsWith('-') && !(i > 0 && valued.has(inv.args[i - 1])));
}

function pathHints(
  inv: Invocation,
  lookup: SecretLookup,
  files: FileSystemView | undefined,
  note: (env: Environment | undefined, fact: string) => void,
  secret: Set<string>,
  unknownSecret: string[],
  remote: boolean,
): void {
  const { policy } = lookup;
  const hasPaths = policy.environments.some((e) => e.targets.has('path'));
  // Moving into a folder acts on nothing; the commands run there are judged by their working directory.
  if (inv.program === 'cd' || inv.program === 'pushd') return;
  for (const read of secretReads(inv, lookup, files)) {
    const chosen = read.environment ? undefined : selectedEntry(inv, policy);
    if (read.environment) {
      secret.add(read.environment.name);
      note(read.environment, read.fact);
    } else if (chosen) {
      secret.add(chosen.env.name);
      note(chosen.env, `${read.fact}: the entry for ${chosen.name}`);
    } else {
      unknownSecret.push(read.fact);
    }
  }
  if (!hasPaths) return;
  const home = inv.env.HOME;
  // The working directory picks the environment of tools that act remotely from it (terraform in
  // infra/envs/production); `git add .` or `rm -rf .terraform` there are still local work.
  if (inv.program && remote) {
    const cwd = relativeTo(policy.root, inv.cwd);
    const env = cwd === undefined ? undefined : pathOwner(policy, cwd);
    if (env) note(env, `working directory ${cwd}`);
    // What a pipe hands on was rendered from files (`kustomize build infra/envs/production/k8s | kubectl apply -f -`).
    for (const source of inv.stdin?.kind === 'pipe' ? inv.stdin.sources ?? [] : []) {
      const rel = relativeTo(policy.root, source);
      const owner = rel === undefined ? undefined : pathOwner(policy, rel);
      if (owner) note(owner, `input rendered from ${rel}`);
      // An overlay named after its stage (`deploy/overlays/prod`) renders that stage's manifests.
      else for (const stage of (rel ?? '').split('/').slice(0, 16).flatMap(stageTokensOf)) note(stageOwner(policy, stage), `input rendered from ${rel}`);
    }
  }
  for (const word of inv.words) {
    let value = word.value;
    if (value.startsWith('-')) {
      const eq = value.indexOf('=');
      if (eq < 0) continue;
      value = value.slice(eq + 1);
    }
    if (value.startsWith('@')) value = value.slice(1);
    if (!value || value.includes('://') || value.length > 1024 || !/[/.]/.test(value)) continue;
    const absolute = resolvePath(inv.cwd, value, home);
    if (secretOwner(policy, absolute)) continue;
    const rel = relativeTo(policy.root, absolute);
    const env = rel === undefined || rel === '.' ? undefined : pathOwner(policy, rel);
    if (env) note(env, `path ${value}`);
  }
}

function pathOwner(policy: Policy, rel: string): Environment | undefined {
  return owner(policy, 'path', rel) ?? (rel === '.' ? undefined : owner(policy, 'path', `${rel}/`));
}
