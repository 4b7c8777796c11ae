import { compileGlob, type Glob, globMatches, globsIntersect, shellGlobOf } from './glob';
import { braceExpand, Minimatch } from 'minimatch';
import { type Invocation, protectionRank, type Word } from './model';
import { operandWords, parseArgs } from './packs/args';
import { normalizePath, relativeTo, resolvePath } from './paths';
import type { Environment, Matcher, Policy } from './policy/load';

/**
 * Which secret files a shell command reads: the files it names, the files its globs expand to,
 * and every file under the folders it reads recursively (grep -r, rg, ag, ack, git grep, tar,
 * zip, cp -r, rsync, find -exec). Commands that only look at a file's name or metadata
 * (ls, stat, test, chmod, git check-ignore, find without -exec) read none.
 *
 * The core reads no disk: the Node side passes a FileSystemView. Without one (pure evaluation),
 * named files and a static comparison of globs with the policy's secret patterns are all there is.
 */

export interface DirectoryEntry {
  readonly name: string;
  readonly directory: boolean;
  readonly symlink: boolean;
}

/** A folder's entries; `missing` when it is not a readable folder; `exhausted` once the view's budget is spent. */
export type Listing = readonly DirectoryEntry[] | 'missing' | 'exhausted';

export interface FileSystemView extends Omit<SecretLookup, 'policy'> {
  list(dir: string): Listing;
  /** Whether git ignores the file (rg and ag skip those), and whether it tracks it (git grep reads only those). */
  gitIgnored(absolute: string): boolean;
  gitTracked(absolute: string): boolean;
  /** The bound, in words, for messages: "20000 entries or 200 ms". */
  readonly bound: string;
}

export interface SecretRead {
  /** Undefined when Bulkhead could not tell within its bounds whether a secret is read. */
  readonly environment?: Environment;
  readonly fact: string;
}

/** Programs that act on a file's name, metadata or permissions, never print its content. */
const metadataPrograms: ReadonlySet<string> = new Set([
  'ls', 'dir', 'vdir', 'stat', 'test', '[', '[[', 'file', 'chmod', 'chown', 'chgrp', 'touch', 'realpath', 'readlink', 'du',
  'basename', 'dirname', 'lsattr', 'chattr', 'getfacl', 'setfacl', 'namei', 'mkdir', 'rmdir', 'tree', 'exa', 'eza', 'lsd',
  'fd', 'fdfind', 'locate', 'which', 'type',
  // Counts and checksums: a number or a digest comes out, never a line of the file.
  'wc', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'b2sum', 'cksum',
  // They use a private key without printing it: at most its public half or fingerprint comes out.
  'ssh-keygen', 'ssh-add',
]);
const gitMetadata: ReadonlySet<string> = new Set(['check-ignore', 'check-attr', 'ls-files', 'status']);
/** `git log` options that print the changes themselves, not just the commits. */
const logPatchFlags = /^(?:-p|-u|--patch|--patch-with-stat|--patch-with-raw|-L.*|--full-diff|--cc|-c|-m|--word-diff.*|--color-words.*|-G.*|-S.*|--pickaxe.*)$/;

/** How a recursive read walks a folder: what it skips. */
interface TreeRule {
  /** Names starting with a dot are read (rg and ag skip them unless told). */
  readonly hidden: boolean;
  /** Which files git decides about: `all` ignores git, `not-ignored` skips ignored files, `tracked` reads tracked files only. */
  readonly git: 'all' | 'not-ignored' | 'tracked' | 'not-ignored-or-tracked';
  /** Names a file must match (find -name, grep --include); none means every file. */
  readonly names?: readonly Glob[];
  /** Names of files and of folders below the root that it skips (grep --exclude, --exclude-dir; rg -g '!…'). */
  readonly skipsFiles?: readonly Glob[];
  readonly skipsFolders?: readonly Glob[];
  /** Whether a symlink met on the way is read through (grep -R, rg -L, find -exec), or passed over or copied as a link. */
  readonly followLinks?: boolean;
}

interface Tree {
  readonly root: string;
  readonly rule: TreeRule;
  /** What the command does, for the fact: "grep -r". */
  readonly how: string;
}

interface Reading {
  /** Words that name files (or globs of files) the command reads. */
  readonly files: readonly Word[];
  readonly trees: readonly Tree[];
}

const walkDepth = 32;
/** Folders that tools honouring ignore files never enter in practice: walking them would spend the bound for nothing. */
const ignoredByConvention: ReadonlySet<string> = new Set(['node_modules', '.git', 'bower_components', '.venv', 'venv', '__pycache__', 'dist', 'build', 'target', '.next']);

export function secretReads(inv: Invocation, lookup: SecretLookup, files: FileSystemView | undefined): SecretRead[] {
  const { policy } = lookup;
  const reading = readingOf(inv);
  const out: SecretRead[] = [...credentialStoreReads(inv, reading), ...settingsStoreReads(inv, reading)];
  if (!files && !policy.environments.some((e) => e.secrets.length > 0)) return out;
  const home = inv.env.HOME;
  for (const word of reading.files) {
    const value = operandValue(word);
    if (value === undefined) continue;
    const glob = shellGlobOf(word.raw, value);
    if (glob) {
      out.push(...globReads(inv, lookup, files, glob.pattern, glob.literal, value));
      continue;
    }
    const env = mayBeSecret(lookup, value) ? secretEnvironmentOf(lookup, resolvePath(inv.cwd, value, home)) : undefined;
    if (env) out.push({ environment: env, fact: `secret file ${value}` });
    // `git show HEAD:config/prod.env` and `git cat-file -p main:.env.production` read a file at a revision.
    if (inv.program === 'git' && /^[^:\s/]*:[^\s:]/.test(value)) {
      const path = value.slice(value.indexOf(':') + 1);
      const atRevision = secretEnvironmentOf(lookup, resolvePath(inv.cwd, path, home));
      if (atRevision) out.push({ environment: atRevision, fact: `secret file ${path}` });
    }
  }
  if (inv.stdin?.kind === 'file' && inv.stdin.from) {
    const env = secretEnvironmentOf(lookup, resolvePath(inv.cwd, inv.stdin.from, home));
    if (env) out.push({ environment: env, fact: `secret file ${inv.stdin.from}` });
  }
  for (const tree of reading.trees) out.push(...treeReads(inv, lookup, files, tree));
  return out;
}

/**
 * Files that hold the credentials of several environments at once (every AWS profile, every
 * registry, every host in .netrc): reading one is a secret read whose environment cannot be told.
 * Paths relative to the home folder.
 */
const credentialStores: readonly { readonly dir: string; readonly path: RegExp; readonly what: string }[] = [
  { dir: '.aws', path: /^\.aws\/credentials$/, what: 'the keys of every AWS profile' },
  { dir: '.aws/sso/cache', path: /^\.aws\/sso\/cache\/[^/]+\.json$/, what: 'AWS SSO session tokens' },
  { dir: '.docker', path: /^\.docker\/config\.json$/, what: 'the logins of every container registry' },
  { dir: '.config/gcloud', path: /^\.config\/gcloud\/(?:application_default_credentials\.json|credentials\.db|access_tokens\.db|legacy_credentials\/.*)$/, what: 'Google Cloud credentials' },
  { dir: '.kube', path: /^\.kube\/config$/, what: 'the credentials of every Kubernetes cluster' },
  { dir: '.', path: /^\.netrc$/, what: 'the logins of every host it lists' },
  { dir: '.', path: /^\.pgpass$/, what: 'the passwords of every PostgreSQL server it lists' },
  { dir: '.', path: /^\.my\.cnf$/, what: 'MySQL passwords' },
  { dir: '.snowsql', path: /^\.snowsql\/config$/, what: 'the passwords of every SnowSQL connection' },
  { dir: '.dbt', path: /^\.dbt\/profiles\.ya?ml$/, what: 'the warehouse logins of every dbt target' },
  { dir: '.', path: /^\.databrickscfg$/, what: 'the tokens of every Databricks profile' },
  { dir: '.', path: /^\.git-credentials$/, what: 'stored git passwords and tokens' },
  { dir: '.', path: /^\.vault-token$/, what: 'the Vault token' },
  { dir: '.config/gh', path: /^\.config\/gh\/hosts\.ya?ml$/, what: 'GitHub CLI tokens' },
  { dir: '.terraform.d', path: /^\.terraform\.d\/credentials\.tfrc\.json$/, what: 'Terraform Cloud tokens' },
  { dir: '.azure', path: /^\.azure\/(?:accessTokens\.json|msal_token_cache\.(?:json|bin)|service_principal_entries\.json)$/, what: 'Azure CLI tokens' },
  { dir: '.config/doctl', path: /^\.config\/doctl\/config\.yaml$/, what: 'DigitalOcean tokens of every context' },
  { dir: '.railway', path: /^\.railway\/config\.json$/, what: 'the Railway login' },
  { dir: '.fly', path: /^\.fly\/config\.yml$/, what: 'the Fly.io token' },
  { dir: '.ssh', path: /^\.ssh\/id_[a-z0-9_-]+$/, what: 'an SSH private key for whatever hosts accept it' },
  { dir: '.bulkhead', path: /^\.bulkhead\/audit\.key$/, what: "the key that seals Bulkhead's audit log, with which a forged log would verify" },
  { dir: '.', path: /^\.npmrc$/, what: 'npm registry tokens' },
  { dir: '.', path: /^\.pypirc$/, what: 'PyPI upload tokens' },
  { dir: '.gem', path: /^\.gem\/credentials$/, what: 'RubyGems API keys' },
  { dir: '.cargo', path: /^\.cargo\/credentials(?:\.toml)?$/, what: 'crates.io tokens' },
  { dir: '.', path: /^\.s3cfg$/, what: 's3cmd access keys' },
  { dir: '.', path: /^\.boto$/, what: 'gsutil and boto credentials' },
  { dir: '.config/rclone', path: /^\.config\/rclone\/rclone\.conf$/, what: 'the credentials of every rclone remote' },
  { dir: '.mc', path: /^\.mc\/config\.json$/, what: 'the keys of every MinIO client alias' },
  { dir: '.codex', path: /^\.codex\/auth\.json$/, what: 'the Codex login' },
  { dir: '.claude', path: /^\.claude\/\.credentials\.json$/, what: 'the Claude Code login' },
];

/**
 * Workspace files that hold the settings of several environments at once, keyed by environment
 * (`.env-cmdrc.json`'s `production` object, a Rails `config/database.yml`). `literalOnly` stores are
 * often written with references only (`<%= ENV['DB_PASSWORD'] %>`): they count when their text is
 * read and holds a written-out credential.
 */
const settingsStores: readonly { readonly path: RegExp; readonly what: string; readonly literalOnly: boolean }[] = [
  { path: /(?:^|\/)\.env-cmdrc(?:\.json|\.js|\.cjs)?$/, what: "the variables of every env-cmd environment", literalOnly: false },
  { path: /(?:^|\/)config\/secrets\.ya?ml$/, what: 'the secrets of every Rails environment', literalOnly: false },
  { path: /(?:^|\/)config\/database\.ya?ml$/, what: 'the database logins of every environment it lists', literalOnly: true },
  { path: /(?:^|\/)config\/config\.json$/, what: 'the database logins of every Sequelize environment', literalOnly: true },
];

/** A credential written out in a settings file: a password-like key with a literal value, or a URL with one. */
const writtenCredential = /(?:["']?\w*(?:password|passwd|secret|token|api_?key)\w*["']?\s*[:=]\s*["']?(?![<$%{]|process\.env|ENV\[|null\b|""|'')[^\s"',}]{3,})|:\/\/[^\s/:@"']+:(?![<$%{])[^\s/@"']+@/i;

/** Reads of workspace settings stores: a store whose text is known counts only when it holds a credential of its own. */
function settingsStoreReads(inv: Invocation, reading: Reading): SecretRead[] {
  const out: SecretRead[] = [];
  for (const word of reading.files) {
    const value = operandValue(word);
    if (value === undefined || word.dynamic) continue;
    const store = settingsStores.find((s) => s.path.test(value));
    if (!store) continue;
    const text = store.literalOnly ? inv.fileText?.(value) : undefined;
    if (store.literalOnly && (text === undefined || !writtenCredential.test(text.slice(0, 65536)))) continue;
    out.push({ fact: `${value}, which holds ${store.what}` });
  }
  return out;
}

/** A path segment every credential store's path holds: most words name none, and need no resolving. */
const storeSegment = new RegExp(`(?:^|/)(?:${[...new Set(credentialStores.map((s) => (s.dir === '.' ? s.path.source.slice(1, -1) : s.dir.split('/')[0])))]
  .map((segment) => segment.replace(/\\\./g, '.').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?:/|$)`);

/** A path relative to a home folder (`.` for the folder itself): $HOME's, or any user's. */
function homeRelative(path: string, home: string | undefined): string | undefined {
  if (home) {
    const rel = relativeTo(normalizePath(home), path);
    if (rel !== undefined) return rel;
  }
  const m = /^(?:\/root|\/home\/[^/]+|\/Users\/[^/]+)(?:\/(.+))?$/.exec(path);
  return m ? m[1] ?? '.' : undefined;
}

/** Reads of credential stores: the files a command names, and the folders it reads through that hold one. */
function credentialStoreReads(inv: Invocation, reading: Reading): SecretRead[] {
  const out: SecretRead[] = [];
  const home = inv.env.HOME;
  const inStore = storeSegment.test(inv.cwd);
  for (const word of reading.files) {
    const value = operandValue(word);
    if (value === undefined || word.dynamic || (!inStore && !storeSegment.test(value))) continue;
    const rel = homeRelative(resolvePath(inv.cwd, value, home), home);
    const store = rel === undefined ? undefined : credentialStores.find((s) => s.path.test(rel));
    if (store) out.push({ fact: `${value}, which holds ${store.what}` });
  }
  for (const tree of reading.trees) {
    const root = resolvePath(inv.cwd, tree.root, home);
    const rel = homeRelative(root, home);
    // Folders above every home (/, /home, /Users) hold them all.
    const above = rel === undefined && /^\/(?:home|Users)?$/.test(root);
    const store = rel === undefined ? undefined : credentialStores.find((s) => rel === '.' || s.dir === rel || s.dir.startsWith(`${rel}/`));
    if (above || store) out.push({ fact: `${tree.how} under ${tree.root} reads ${store ? store.what : 'the credential stores of every user'}` });
  }
  return out;
}

/** The path a word names: `--file=x` and `@x` name `x`; other options and URLs name none. */
function operandValue(word: Word): string | undefined {
  let value = word.value;
  if (value.startsWith('-')) {
    const eq = value.indexOf('=');
    if (eq < 0) return undefined;
    value = value.slice(eq + 1);
  }
  if (value.startsWith('@')) value = value.slice(1);
  if (!value || value.includes('://') || value.length > 1024) return undefined;
  return value;
}

// ---------------------------------------------------------------- which files are secrets

interface SecretIndex {
  /** Environments by the plain file names their slash-free patterns name (`.env.production`). */
  readonly literalNames: ReadonlyMap<string, readonly Environment[]>;
  /**
   * The patterns that need matching: globs, or paths below the policy's folder. `name` is the
   * pattern's last segment when it is plain (`prod.env` of `config/prod.env`): a file of another
   * name cannot match, and is not matched.
   */
  readonly others: readonly { readonly env: Environment; readonly pattern: Matcher; readonly name?: string }[];
}

/** Per policy, the index for case-sensitive file systems and the one for case-folding ones. */
const secretIndexes = new WeakMap<Policy, { exact?: SecretIndex; folded?: SecretIndex }>();

function secretIndex(policy: Policy, foldCase: boolean): SecretIndex {
  let both = secretIndexes.get(policy);
  if (!both) secretIndexes.set(policy, both = {});
  const cached = foldCase ? both.folded : both.exact;
  if (cached) return cached;
  const literalNames = new Map<string, Environment[]>();
  const others: { env: Environment; pattern: Matcher; name?: string }[] = [];
  for (const env of policy.environments) {
    for (const pattern of env.secrets) {
      if (/[*?[\]{}()!+@/\\]/.test(pattern.pattern)) {
        const last = pattern.pattern.slice(pattern.pattern.lastIndexOf('/') + 1);
        const name = /[*?[\]{}()!+@\\]/.test(last) ? undefined : foldCase ? last.toLowerCase() : last;
        others.push({ env, pattern: foldCase ? foldedMatcher(pattern.pattern) : pattern, name });
      } else {
        const name = foldCase ? pattern.pattern.toLowerCase() : pattern.pattern;
        literalNames.set(name, [...(literalNames.get(name) ?? []), env]);
      }
    }
  }
  const index = { literalNames, others };
  if (foldCase) both.folded = index;
  else both.exact = index;
  return index;
}

function foldedMatcher(pattern: string): Matcher {
  const compiled = new Minimatch(pattern, { dot: true, nocomment: true, nonegate: true, matchBase: false, nocase: true });
  return { pattern, test: (value) => compiled.match(value) };
}

/**
 * The most protected environment that claims a file (absolute path) as its secret. `foldCase` is
 * for file systems that ignore case (macOS, Windows), where `.ENV.Production` is the same file.
 */
export function secretOwner(policy: Policy, absolute: string, foldCase = false): Environment | undefined {
  const base = absolute.slice(absolute.lastIndexOf('/') + 1);
  const index = secretIndex(policy, foldCase);
  let best: Environment | undefined;
  for (const env of index.literalNames.get(foldCase ? base.toLowerCase() : base) ?? []) {
    if (!best || protectionRank[env.protection] > protectionRank[best.protection]) best = env;
  }
  if (index.others.length === 0) return best;
  const name = foldCase ? base.toLowerCase() : base;
  let rel: string | undefined | null = null;
  for (const { env, pattern, name: plain } of index.others) {
    if (plain !== undefined && plain !== name) continue;
    if (rel === null) rel = relativeTo(foldCase ? policy.root.toLowerCase() : policy.root, foldCase ? absolute.toLowerCase() : absolute);
    const hit = pattern.pattern.includes('/') ? rel !== undefined && pattern.test(rel) : pattern.test(base);
    if (hit && (!best || protectionRank[env.protection] > protectionRank[best.protection])) best = env;
  }
  return best;
}

/**
 * What the core may learn about a file from the disk, passed in by the Node side: the environment
 * its marker comment names (`# bulkhead: production`), the other paths it is reachable by (its real
 * path through symlinks, the secret file it is a hard link of), and whether the file system folds case.
 */
export interface SecretLookup {
  readonly policy: Policy;
  readonly markerOf?: (absolute: string) => string | undefined;
  readonly aliasesOf?: (absolute: string) => readonly string[];
  readonly foldCase?: boolean;
}

/** The environment whose secret a file is: by the policy's `secrets` globs under any of its names, else by its marker. */
/**
 * Whether a path could be a secret by its name alone, before it is resolved: its last segment is a
 * secret's plain name, or the last segment of a secret pattern. Markers and links (the disk's
 * answers) need the full lookup, so a lookup that has them always says yes.
 */
function mayBeSecret(lookup: SecretLookup, value: string): boolean {
  if (lookup.markerOf || lookup.aliasesOf || lookup.foldCase) return true;
  const index = secretIndex(lookup.policy, false);
  const trimmed = value.endsWith('/') ? value.replace(/\/+$/, '') : value;
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return index.literalNames.has(base) || index.others.some((o) => o.name === undefined || o.name === base);
}

export function secretEnvironmentOf(lookup: SecretLookup, absolute: string): Environment | undefined {
  const { policy } = lookup;
  let best = secretOwner(policy, absolute, lookup.foldCase);
  for (const alias of lookup.aliasesOf?.(absolute) ?? []) {
    const env = secretOwner(policy, alias, lookup.foldCase);
    if (env && (!best || protectionRank[env.protection] > protectionRank[best.protection])) best = env;
  }
  if (best) return best;
  const marked = lookup.markerOf?.(absolute);
  return marked ? policy.byName.get(marked) : undefined;
}

// ---------------------------------------------------------------- what each program reads

function readingOf(inv: Invocation): Reading {
  const program = inv.program;
  // echo and printf print the names they are given, never what the files hold.
  if (metadataPrograms.has(program) || namePrinters.has(program)) return { files: [], trees: [] };
  const args = inv.args;
  switch (program) {
    case 'git':
      return gitReading(inv);
    case 'grep':
    case 'egrep':
    case 'fgrep':
      return grepReading(inv);
    case 'rg':
      return searcherReading(inv, 'rg', rgRule(args), new Set(['-e', '--regexp', '-f', '--file', '-g', '--glob', '--iglob', '-t', '--type', '-T', '--type-not',
        '-m', '--max-count', '-A', '-B', '-C', '--context', '--after-context', '--before-context', '-j', '--threads', '-M', '--max-columns',
        '-r', '--replace', '--max-depth', '-d', '--type-add', '--ignore-file', '-E', '--encoding', '--sort', '--sortr', '--pre', '--pre-glob']),
      args.includes('--files'));
    case 'ag':
      return searcherReading(inv, 'ag', agRule(args), new Set(['-G', '--file-search-regex', '--ignore', '--ignore-dir', '-m', '--max-count',
        '-A', '-B', '-C', '--context', '--depth', '-p', '--path-to-ignore']), args.includes('-g'));
    case 'ack':
      return searcherReading(inv, 'ack', { hidden: true, git: 'all' }, new Set(['--type', '-t', '--match', '-m', '--max-count', '-A', '-B', '-C',
        '--context', '--ignore-dir', '--ignore-file']), args.includes('-f') || args.includes('-g'));
    case 'find':
      return findReading(inv);
    case 'tar':
    case 'bsdtar':
      return tarReading(inv);
    case 'zip':
      return copyReading(inv, 'zip', args.some((a) => /^-[a-zA-Z]*r/.test(a) || a === '--recurse-paths'), 'first');
    case 'cp':
      return copyReading(inv, 'cp', args.some((a) => /^-[a-zA-Z]*[rRa]/.test(a) || a === '--recursive' || a === '--archive'), 'last');
    case 'dd':
      // `dd if=FILE`: the operand's value is the file it reads.
      return { files: inv.words.filter((w) => w.value.startsWith('if=')).map((w) => ({ ...w, value: w.value.slice(3) })), trees: [] };
    case 'rsync':
    case 'scp':
      return copyReading(inv, program, args.some((a) => /^-[a-zA-Z]*[ra]/.test(a) || a === '--recursive' || a === '--archive'), 'last');
    default:
      return { files: inv.words, trees: [] };
  }
}

const everything: TreeRule = { hidden: true, git: 'all' };

function gitReading(inv: Invocation): Reading {
  const args = parseArgs(inv.args, new Set(['-C', '-c', '--git-dir', '--work-tree']));
  const sub = args.positionals[0];
  if (sub !== undefined && gitMetadata.has(sub)) return { files: [], trees: [] };
  // `git log -- .env.production` lists the commits that touched the file; only a patch shows what it held.
  if ((sub === 'log' || sub === 'shortlog') && !inv.args.some((a) => logPatchFlags.test(a))) return { files: [], trees: [] };
  if (sub === 'grep') {
    const untracked = inv.args.includes('--untracked');
    const noIndex = inv.args.includes('--no-index');
    const rule: TreeRule = { hidden: true, git: noIndex ? 'all' : untracked ? 'not-ignored-or-tracked' : 'tracked' };
    const after = inv.args.indexOf('--');
    const paths = after >= 0 ? inv.args.slice(after + 1) : [];
    return { files: [], trees: (paths.length > 0 ? paths : ['.']).map((root) => ({ root, rule, how: 'git grep' })) };
  }
  return { files: inv.words, trees: [] };
}

function grepReading(inv: Invocation): Reading {
  const valued = new Set(['-e', '--regexp', '-f', '--file', '-m', '--max-count', '-A', '-B', '-C', '--context', '-d', '--directories',
    '-D', '--devices', '--label', '--include', '--exclude', '--exclude-dir', '--exclude-from', '--binary-files', '--color', '--colour']);
  const args = parseArgs(inv.args, valued);
  const recursive = inv.args.some((a) => /^-[a-zA-Z]*[rR]/.test(a) && !a.startsWith('--')) || args.has('--recursive', '--dereference-recursive')
    || args.value('-d', '--directories') === 'recurse' || inv.program === 'rgrep';
  const patternGiven = args.has('-e', '--regexp', '-f', '--file');
  const operands = operandWords(inv, valued, patternGiven ? 0 : 1);
  const patternFiles = patternFileWords(inv);
  if (!recursive) return { files: [...operands, ...patternFiles], trees: [] };
  const includes = nameGlobs(args.values('--include'));
  const follows = inv.args.some((a) => /^-[a-zA-Z]*R/.test(a) && !a.startsWith('--')) || args.has('--dereference-recursive');
  const rule: TreeRule = {
    hidden: true, git: 'all', names: includes.length > 0 ? includes : undefined, followLinks: follows,
    skipsFiles: nameGlobs(args.values('--exclude')), skipsFolders: nameGlobs(args.values('--exclude-dir')),
  };
  const reading = trees(operands, rule, 'grep -r');
  return { ...reading, files: [...reading.files, ...patternFiles] };
}

/** `grep -f FILE`, `rg --file=FILE`: the patterns are read from the file, and what matches them shows its lines. */
function patternFileWords(inv: Invocation): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < inv.words.length; i++) {
    const a = inv.words[i].value;
    if (a === '--') break;
    if ((a === '-f' || a === '--file') && inv.words[i + 1]) out.push(inv.words[i + 1]);
    else if (a.startsWith('--file=')) out.push({ ...inv.words[i], value: a.slice('--file='.length) });
  }
  return out;
}

function rgRule(args: readonly string[]): TreeRule {
  const u = args.filter((a) => /^-u+$/.test(a)).reduce((n, a) => n + a.length - 1, 0);
  const hidden = u >= 2 || args.includes('--hidden') || args.includes('-.');
  const noIgnore = u >= 1 || args.includes('--no-ignore') || args.includes('--no-ignore-vcs');
  // `-g '!*.env'` skips what it names; a glob with a folder in it is left out (it could skip less than it seems).
  const negated = args.flatMap((a, i) => (a === '-g' || a === '--glob') && args[i + 1]?.startsWith('!') ? [args[i + 1].slice(1)]
    : a.startsWith('--glob=!') ? [a.slice(8)] : []);
  const skips = nameGlobs(negated.filter((g) => !g.replace(/\/\*\*$|\/$/, '').includes('/')).map((g) => g.replace(/\/\*\*$|\/$/, '')));
  return { hidden, git: noIgnore ? 'all' : 'not-ignored', followLinks: args.includes('-L') || args.includes('--follow'), skipsFiles: skips, skipsFolders: skips };
}

/** Globs matched against a file's or folder's own name, as grep's --include/--exclude and rg's -g name them. */
function nameGlobs(patterns: readonly string[]): Glob[] {
  return patterns.map((p) => compileGlob(p, { dot: true, globstar: false })).filter((g): g is Glob => g !== undefined);
}

function agRule(args: readonly string[]): TreeRule {
  const unrestricted = args.includes('-u') || args.includes('--unrestricted');
  return {
    hidden: unrestricted || args.includes('--hidden'),
    git: unrestricted || args.includes('--skip-vcs-ignores') || args.includes('-U') ? 'all' : 'not-ignored',
    followLinks: args.includes('-f') || args.includes('--follow'),
  };
}

/** rg, ag and ack search the working directory when no path is given; a path named outright is always read. */
function searcherReading(inv: Invocation, how: string, rule: TreeRule, valued: ReadonlySet<string>, namesOnly: boolean): Reading {
  if (namesOnly) return { files: [], trees: [] };
  const patternGiven = inv.args.some((a) => a === '-e' || a === '--regexp' || a === '-f' || a === '--file' || a.startsWith('--regexp=') || a.startsWith('--file='));
  const operands = operandWords(inv, valued, patternGiven ? 0 : 1);
  const reading = trees(operands, rule, how);
  return { ...reading, files: [...reading.files, ...patternFileWords(inv)] };
}

/** Each operand is read as a file (globs expanded) and, when it is a folder, as a tree. */
function trees(operands: readonly Word[], rule: TreeRule, how: string): Reading {
  const roots = operands.length > 0 ? operands.map((w) => w.value) : ['.'];
  return { files: operands, trees: roots.map((root) => ({ root, rule, how })) };
}

const findTests: ReadonlySet<string> = new Set(['-name', '-iname']);
const findExec: ReadonlySet<string> = new Set(['-exec', '-execdir', '-ok', '-okdir']);

const namePrinters: ReadonlySet<string> = new Set(['echo', 'printf', 'basename', 'dirname', 'realpath', 'readlink']);

/** find reads the files it selects only through what it runs on them (-exec cat {} +). */
function findReading(inv: Invocation): Reading {
  const words = inv.words;
  let reads = false;
  const names: string[] = [];
  let branching = false;
  for (let j = 0; j < words.length; j++) {
    const v = words[j].value;
    if (findTests.has(v) && words[j + 1]) names.push(words[++j].value);
    else if (v === '-o' || v === '-or' || v === '!' || v === '-not') branching = true;
    else if (findExec.has(v) && words[j + 1]) {
      const payload = words[j + 1].value;
      const program = payload.slice(payload.lastIndexOf('/') + 1);
      let end = j + 1;
      while (end < words.length && words[end].value !== ';' && words[end].value !== '+') end++;
      // Only a payload handed the found paths (`{}`) can open them; echo and printf print the names.
      const handed = words.slice(j + 1, end).some((w) => w.value.includes('{}'));
      if (handed && !metadataPrograms.has(program) && !namePrinters.has(program) && payload !== 'rm') reads = true;
      j = end;
    }
  }
  if (!reads) return { files: [], trees: [] };
  const starts: string[] = [];
  for (const word of words) {
    if (/^-[HLP]$/.test(word.value)) continue;
    if (/^[-(!]/.test(word.value)) break;
    starts.push(word.value);
  }
  const globs = branching ? [] : names.map((n) => compileGlob(n, { dot: true, globstar: false }));
  // What -exec runs opens each path find prints, a symlink's target included.
  const rule: TreeRule = { hidden: true, git: 'all', names: globs.length > 0 && globs.every((g) => g) ? globs as Glob[] : undefined, followLinks: true };
  return { files: [], trees: (starts.length > 0 ? starts : ['.']).map((root) => ({ root, rule, how: 'find -exec' })) };
}

function tarReading(inv: Invocation): Reading {
  const first = inv.args[0] ?? '';
  const cluster = first.startsWith('-') && !first.startsWith('--') ? first.slice(1) : first.startsWith('-') ? '' : first;
  const creates = /c/.test(cluster) || inv.args.some((a) => a === '--create' || /^-[a-zA-Z]*c/.test(a) && !a.startsWith('--'));
  if (!creates) return { files: [], trees: [] };
  const out: Word[] = [];
  let skipNext = /f/.test(cluster) && !first.startsWith('-') ? 1 : 0;
  for (let i = first.startsWith('-') ? 0 : 1; i < inv.words.length; i++) {
    const v = inv.words[i].value;
    if (skipNext > 0) {
      skipNext--;
      continue;
    }
    if (v.startsWith('--')) {
      if (['--file', '--directory', '--exclude', '--files-from'].includes(v)) skipNext = 1;
      continue;
    }
    if (v.startsWith('-')) {
      if (/[fCT]$/.test(v)) skipNext = 1;
      continue;
    }
    out.push(inv.words[i]);
  }
  return trees(out, everything, 'tar');
}

/** cp, rsync, scp copy every operand but the last (the destination); zip writes to the first. */
function copyReading(inv: Invocation, how: string, recursive: boolean, destination: 'first' | 'last'): Reading {
  const args = parseArgs(inv.args, new Set(['-t', '--target-directory', '-e', '--rsh', '-i', '-P', '-o', '-F', '-S', '--suffix']));
  const operands = operandWords(inv, new Set(['-t', '--target-directory', '-e', '--rsh', '-i', '-P', '-o', '-F', '-S', '--suffix']), 0);
  // The destination is picked before remote operands (`host:path`) are set aside: an upload's source is here.
  const sources = (args.has('-t', '--target-directory') ? operands : destination === 'first' ? operands.slice(1) : operands.slice(0, -1))
    .filter((w) => !/^[^/]*:/.test(w.value) || w.value.startsWith('./'));
  if (!recursive) return { files: sources, trees: [] };
  return { files: sources, trees: sources.map((w) => ({ root: w.value, rule: everything, how: `${how} -r` })) };
}

// ---------------------------------------------------------------- globs

interface SecretGlob {
  readonly env: Environment;
  /** The whole pattern (below the policy's folder when it has a slash); undefined when it could match anything. */
  readonly glob: Glob | undefined;
  /** Its last segment, for tools that test names (find -name). */
  readonly name: Glob | undefined;
  readonly absolute: boolean;
}

const secretGlobs = new WeakMap<Policy, readonly SecretGlob[]>();

/** The policy's secret patterns as automata: slash-free ones match a name in any folder, the others a path below the policy's folder. */
function secretGlobsOf(policy: Policy): readonly SecretGlob[] {
  let globs = secretGlobs.get(policy);
  if (!globs) {
    const list: SecretGlob[] = [];
    for (const env of policy.environments) {
      for (const matcher of env.secrets) {
        for (const pattern of braceExpand(matcher.pattern)) {
          const absolute = pattern.includes('/');
          const text = absolute ? `${policy.root}/${pattern.replace(/^\.\//, '')}` : pattern;
          const last = pattern.slice(pattern.lastIndexOf('/') + 1);
          const options = { dot: true, globstar: true };
          list.push({ env, glob: compileGlob(text, options), name: last.includes('**') ? undefined : compileGlob(last, options), absolute });
        }
      }
    }
    globs = list;
    secretGlobs.set(policy, globs);
  }
  return globs;
}

/** The secret patterns a glob (absolute, with its quoted characters marked) could match. */
function staticGlobReads(policy: Policy, pattern: string, literal: readonly boolean[]): Environment[] {
  const whole = compileGlob(pattern, { dot: false, globstar: false }, literal);
  const cut = pattern.lastIndexOf('/');
  const last = compileGlob(pattern.slice(cut + 1), { dot: false, globstar: false }, literal.slice(cut + 1));
  const out: Environment[] = [];
  for (const { env, glob, absolute } of secretGlobsOf(policy)) {
    const mine = absolute ? whole : last;
    if (!glob || !mine || globsIntersect(mine, glob)) out.push(env);
  }
  return out;
}

/** The glob made absolute: the working directory (or home) in front, `.` and `..` segments resolved. */
function absoluteGlob(cwd: string, home: string | undefined, pattern: string, literal: readonly boolean[]): { pattern: string; literal: boolean[] } {
  let prefix = '';
  let text = pattern;
  let marks = literal.length > 0 ? [...literal] : new Array<boolean>(pattern.length).fill(false);
  if (home && (text === '~' || text.startsWith('~/'))) {
    prefix = home;
    text = text.slice(1);
    marks = marks.slice(1);
  } else if (!text.startsWith('/')) {
    prefix = `${cwd}/`;
  }
  const segments: { text: string; marks: boolean[] }[] = [];
  for (const part of normalizePath(prefix).split('/').filter(Boolean)) segments.push({ text: part, marks: new Array<boolean>(part.length).fill(true) });
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text[i] !== '/') continue;
    const part = text.slice(start, i);
    const partMarks = marks.slice(start, i);
    start = i + 1;
    if (part === '' || part === '.') continue;
    if (part === '..') segments.pop();
    else segments.push({ text: part, marks: partMarks });
  }
  return {
    pattern: `/${segments.map((s) => s.text).join('/')}`,
    literal: [true, ...segments.flatMap((s, i) => (i === 0 ? s.marks : [true, ...s.marks]))],
  };
}

const maxGlobMatches = 256;

function globReads(
  inv: Invocation, lookup: SecretLookup, files: FileSystemView | undefined, pattern: string, literal: readonly boolean[], written: string,
): SecretRead[] {
  const absolute = absoluteGlob(inv.cwd, inv.env.HOME, pattern, literal);
  const possible = staticGlobReads(lookup.policy, absolute.pattern, absolute.literal);
  if (!files) return possible.map((environment) => ({ environment, fact: `glob ${written} can match a secret file` }));
  const expanded = expandGlob(files, absolute.pattern, absolute.literal);
  if (expanded === 'exhausted') {
    // Past the bound the glob may still expand to a secret: a human decides.
    return possible.length > 0 ? [{ fact: `glob ${written} can match a secret file, and expanding it took more than ${files.bound}` }] : [];
  }
  const out: SecretRead[] = [];
  for (const path of expanded) {
    const env = secretEnvironmentOf(lookup, path);
    if (env) out.push({ environment: env, fact: `glob ${written} expands to the secret file ${path}` });
  }
  return out;
}

/** The paths a glob expands to, folder by folder, or `exhausted` past the view's budget or the match limit. */
function expandGlob(files: FileSystemView, pattern: string, literal: readonly boolean[]): string[] | 'exhausted' {
  const parts = pattern.split('/').slice(1);
  let offset = 1;
  let paths = [''];
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    const marks = literal.slice(offset, offset + part.length);
    offset += part.length + 1;
    const glob = shellGlobOf(part, part) && marks.some((m, i) => !m && /[*?[]/.test(part[i])) ? compileGlob(part, { dot: false, globstar: false }, marks) : undefined;
    if (!glob) {
      paths = paths.map((dir) => `${dir}/${part}`);
      continue;
    }
    const next: string[] = [];
    for (const dir of paths) {
      const listing = files.list(dir || '/');
      if (listing === 'exhausted') return 'exhausted';
      if (listing === 'missing') continue;
      for (const entry of listing) {
        if (p < parts.length - 1 && !entry.directory) continue;
        if (globMatches(glob, entry.name)) next.push(`${dir}/${entry.name}`);
        if (next.length > maxGlobMatches) return 'exhausted';
      }
    }
    paths = next;
  }
  return paths;
}

// ---------------------------------------------------------------- recursive reads

function treeReads(inv: Invocation, lookup: SecretLookup, files: FileSystemView | undefined, tree: Tree): SecretRead[] {
  const root = resolvePath(inv.cwd, tree.root, inv.env.HOME);
  if (!files) {
    // Without the disk, the policy's secret patterns are compared with what the walk can reach:
    // the paths below its root (`tar czf x config/` reaches config/prod.env), or find's name tests.
    if (!tree.rule.names) return pathPatternsUnder(lookup.policy, root, tree);
    const out: SecretRead[] = [];
    for (const { env, name } of secretGlobsOf(lookup.policy)) {
      if (!name || tree.rule.names.some((test) => globsIntersect(test, name))) out.push({ environment: env, fact: `${tree.how} under ${tree.root} can read a secret file` });
    }
    return out;
  }
  const found: SecretRead[] = [];
  const seen = new Set<string>();
  const stack: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (stack.length > 0) {
    const { dir, depth } = stack.pop()!;
    const listing = files.list(dir);
    if (listing === 'missing') continue;
    if (listing === 'exhausted' || depth > walkDepth) {
      return [...found, { fact: `${tree.how} reads every file under ${tree.root}, more than Bulkhead checks for secret files (${files.bound}, ${walkDepth} folders deep)` }];
    }
    for (const entry of listing) {
      if (!tree.rule.hidden && entry.name.startsWith('.')) continue;
      const path = dir === '/' ? `/${entry.name}` : `${dir}/${entry.name}`;
      if (entry.symlink && !tree.rule.followLinks) continue;
      if (entry.directory) {
        if (tree.rule.git !== 'all' && ignoredByConvention.has(entry.name)) continue;
        if (tree.rule.skipsFolders?.some((g) => globMatches(g, entry.name))) continue;
        stack.push({ dir: path, depth: depth + 1 });
        continue;
      }
      if (tree.rule.names && !tree.rule.names.some((g) => globMatches(g, entry.name))) continue;
      if (tree.rule.skipsFiles?.some((g) => globMatches(g, entry.name))) continue;
      const env = secretEnvironmentOf(lookup, path);
      if (!env || seen.has(env.name) || !gitLetsThrough(files, tree.rule, path)) continue;
      seen.add(env.name);
      found.push({ environment: env, fact: `${tree.how} under ${tree.root} reads the secret file ${path}` });
    }
  }
  return found;
}

const archivers = /^(?:tar|bsdtar|zip|cp|rsync|scp)\b/;

/** The environments whose secret path patterns (`config/prod.env`) lie below a folder a walk reads. */
function pathPatternsUnder(policy: Policy, root: string, tree: Tree): SecretRead[] {
  // Archives and copies take the whole folder along; searches and find's payloads are left to the disk.
  if (!archivers.test(tree.how) || /[*?[\]{}()!+@\\]/.test(root)) return [];
  const below = compileGlob(`${root === '/' ? '' : root}/**`, { dot: tree.rule.hidden, globstar: true });
  if (!below) return [];
  const out: SecretRead[] = [];
  const seen = new Set<string>();
  for (const { env, glob, absolute } of secretGlobsOf(policy)) {
    if (!absolute || !glob || seen.has(env.name) || !globsIntersect(below, glob)) continue;
    seen.add(env.name);
    out.push({ environment: env, fact: `${tree.how} under ${tree.root} reads the secret files there` });
  }
  return out;
}

function gitLetsThrough(files: FileSystemView, rule: TreeRule, path: string): boolean {
  switch (rule.git) {
    case 'all':
      return true;
    case 'not-ignored':
      return !files.gitIgnored(path);
    case 'tracked':
      return files.gitTracked(path);
    case 'not-ignored-or-tracked':
      return files.gitTracked(path) || !files.gitIgnored(path);
  }
}
