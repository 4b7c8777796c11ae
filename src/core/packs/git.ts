import type { Invocation, TargetHint } from '../model';
import { type FlagSet, flagSet, parseArgs, type ParsedArgs } from './args';
import { definePack } from './pack';
import { destroy, read, type Verdict, write } from './verdict';
import { deployStageNames } from '../targets/stages';

/**
 * git. Local history and the working tree are scope `local`: work that a commit protects is
 * recoverable (`write`); what throws away uncommitted work or unreachable history is `destroy`.
 *
 * A push is `local` too: it publishes commits without overwriting anything, and code hosting is
 * no environment. It becomes environment-bound when the branch or remote it updates is named
 * like one (`git push origin HEAD:production`, `git push staging main`): deploy branches and
 * deploy remotes. Rewriting the default branch is a `destroy` like any other force push (the
 * reason names the protected branch); it is not production's unless the branch is named so.
 */

const id = 'git';

const globalValued = flagSet('-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--attr-source');

/** Options that take a separate value, per subcommand, so positionals come out right. */
const subValued: Readonly<Record<string, FlagSet>> = {
  push: flagSet('--repo', '-o', '--push-option', '--receive-pack', '--exec'),
  commit: flagSet('-m', '--message', '-F', '--file', '-C', '--reuse-message', '-c', '--reedit-message', '--author', '--date', '--fixup', '--squash', '-t', '--template', '--trailer', '--cleanup'),
  checkout: flagSet('-b', '-B', '--orphan', '--conflict', '--pathspec-from-file'),
  switch: flagSet('-c', '--create', '-C', '--force-create', '--orphan', '--conflict'),
  restore: flagSet('-s', '--source', '--conflict', '--pathspec-from-file'),
  branch: flagSet('-u', '--set-upstream-to', '--contains', '--no-contains', '--merged', '--no-merged', '--points-at', '--sort', '--format', '--column'),
  tag: flagSet('-m', '--message', '-F', '--file', '-u', '--local-user', '--contains', '--no-contains', '--merged', '--no-merged', '--points-at', '--sort', '--format', '--cleanup'),
  stash: flagSet('-m', '--message', '--pathspec-from-file'),
  clean: flagSet('-e', '--exclude'),
  reset: flagSet('--pathspec-from-file'),
  log: flagSet('-n', '--max-count', '--author', '--committer', '--grep', '--since', '--until', '--format', '--pretty', '-L', '-G', '-S'),
  remote: flagSet('-t', '-m'),
  config: flagSet('--file', '-f', '--blob', '--type', '--default', '--comment', '--value'),
  worktree: flagSet('-b', '-B', '--reason'),
  gc: flagSet(),
  reflog: flagSet('--expire', '--expire-unreachable'),
  'filter-repo': flagSet('--path', '--path-rename', '--replace-text', '--invert-paths', '--refs', '--subdirectory-filter'),
  'update-ref': flagSet('-m'),
};
const noValued: FlagSet = flagSet();

const readSubcommands = new Set([
  'status', 'log', 'diff', 'show', 'blame', 'annotate', 'grep', 'shortlog', 'describe', 'rev-parse', 'rev-list', 'ls-files',
  'ls-tree', 'ls-remote', 'cat-file', 'whatchanged', 'diff-tree', 'diff-files', 'diff-index', 'merge-base', 'name-rev',
  'show-ref', 'show-branch', 'for-each-ref', 'count-objects', 'fsck', 'verify-commit', 'verify-tag', 'verify-pack',
  'check-ignore', 'check-attr', 'check-ref-format', 'check-mailmap', 'help', 'version', 'var', 'cherry', 'range-diff',
  'difftool', 'archive', 'get-tar-commit-id', 'column', 'request-pull', 'blame', 'instaweb', 'hash-object', 'show-index',
  'unpack-file', 'fmt-merge-msg', 'interpret-trailers', 'stripspace', 'patch-id', 'bugreport', 'diagnose', 'merge-tree',
]);

/** Branch names whose history a team relies on: force-pushing over them or deleting them loses shared work. */
const protectedBranch = /^(?:main|master|trunk|develop|production|prod|staging|live|release(?:[/-].+)?|releases\/.+|hotfix\/.+)$/;
/**
 * Branch and remote names that are environment names (the engine resolves `stage` hints): deploy
 * branches and deploy remotes. Not main: the default branch is shared history, not an environment,
 * even where the policy's aliases count `main` as production.
 */

const cleanWithoutForce = /^clean\.requireforce=(?:false|no|off|0)$/i;
const headsPrefix = /^refs\/heads\//;
const pathGlob = /[*?]/;

interface Globals {
  /** Index of the subcommand in args, or args.length when there is none. */
  readonly index: number;
  /** `-c key=value` settings given on the command line. */
  readonly config: readonly string[];
  readonly help: boolean;
}

function readGlobals(args: readonly string[], env: Readonly<Record<string, string>>): Globals {
  const config: string[] = [];
  let help = false;
  let i = 0;
  while (i < args.length) {
    const a = args[i];
    if (!a.startsWith('-')) break;
    if (a === '--help' || a === '-h' || a === '--version' || a === '-v' || a === '--html-path' || a === '--man-path' || a === '--info-path') help = true;
    if (globalValued.has(a)) {
      if (a === '-c') config.push(args[i + 1] ?? '');
      if (a === '--config-env') config.push(configFromEnv(args[i + 1] ?? '', env));
      i += 2;
      continue;
    }
    if (a.startsWith('-c') && a.length > 2) config.push(a.slice(2));
    if (a.startsWith('--config-env=')) config.push(configFromEnv(a.slice(13), env));
    i++;
  }
  return { index: i, config: [...config, ...configFromVariables(env)], help };
}

/**
 * The settings a git command line gives git (`-c`, `--config-env`, GIT_CONFIG_COUNT/KEY/VALUE,
 * GIT_CONFIG_PARAMETERS), as `key=value`: for the unwrapper, which runs the `core.sshCommand` they set.
 */
export function gitSettings(args: readonly string[], env: Readonly<Record<string, string>>): readonly string[] {
  return readGlobals(args, env).config;
}

/**
 * `git -c alias.wipe='!cmd' wipe args`: the shell command a `!` alias runs, with the index of the
 * words git appends to it; undefined for any other git command.
 */
export function gitShellAlias(args: readonly string[], env: Readonly<Record<string, string>>): { code: string; rest: number } | undefined {
  const globals = readGlobals(args, env);
  const sub = args[globals.index];
  const alias = sub === undefined ? undefined : aliasOf(sub, globals.config);
  return alias?.startsWith('!') ? { code: alias.slice(1), rest: globals.index + 1 } : undefined;
}

/** `--config-env alias.x=VAR`: the setting's value is that variable's. */
function configFromEnv(spec: string, env: Readonly<Record<string, string>>): string {
  const eq = spec.indexOf('=');
  return eq < 0 ? spec : `${spec.slice(0, eq)}=${env[spec.slice(eq + 1)] ?? ''}`;
}

/** Settings git takes from its environment: GIT_CONFIG_COUNT with GIT_CONFIG_KEY_n/VALUE_n, and GIT_CONFIG_PARAMETERS. */
function configFromVariables(env: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  const count = Math.min(Number(env.GIT_CONFIG_COUNT ?? 0) || 0, 64);
  for (let n = 0; n < count; n++) {
    const key = env[`GIT_CONFIG_KEY_${n}`];
    if (key) out.push(`${key}=${env[`GIT_CONFIG_VALUE_${n}`] ?? ''}`);
  }
  for (const m of (env.GIT_CONFIG_PARAMETERS ?? '').matchAll(/'([^']*)'(?:='([^']*)')?/g)) out.push(m[2] === undefined ? m[1] : `${m[1]}=${m[2]}`);
  return out;
}

/** `alias.nuke=reset --hard` among the settings: what `git nuke` runs. */
function aliasOf(sub: string, config: readonly string[]): string | undefined {
  const prefix = `alias.${sub.toLowerCase()}=`;
  const setting = [...config].reverse().find((c) => c.toLowerCase().startsWith(prefix));
  return setting?.slice(prefix.length);
}

/** Long options that make a subcommand lose work, which git also accepts abbreviated (`--har`, `--forc`, `--mir`). */
const losingOptions = [
  '--hard', '--force', '--discard-changes', '--delete', '--mirror', '--interactive', '--prune', '--pathspec-from-file',
  '--force-with-lease', '--force-if-includes', '--expire', '--expire-unreachable',
];

/**
 * The subcommand's words as git reads them: an unambiguous prefix of a long option is that option
 * (an ambiguous one is read as the option that loses work, which is the safe side), and a later
 * `--no-X` cancels an earlier `--X` (`git rm --cached --no-cached --force`).
 */
function spelledOut(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const [i, word] of words.entries()) {
    if (word === '--') {
      out.push(...words.slice(i));
      break;
    }
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    let spelled = word;
    if (name.startsWith('--') && name.length > 3 && !losingOptions.includes(name)) {
      const full = losingOptions.find((option) => option.startsWith(name));
      if (full) spelled = full + (eq < 0 ? '' : word.slice(eq));
    }
    if (name.startsWith('--no-')) {
      const cancelled = out.lastIndexOf(`--${name.slice(5)}`);
      if (cancelled >= 0) {
        out.splice(cancelled, 1);
        continue;
      }
    }
    out.push(spelled);
  }
  return out;
}

/** Options before the subcommand are git's, after it the subcommand's: each has its own options that take a value. */
function classifyGit(inv: Invocation): Verdict {
  const globals = readGlobals(inv.args, inv.env);
  let sub = inv.args[globals.index];
  if (globals.help || sub === undefined) return read('help', 'shows git help or version');
  let words = inv.args.slice(globals.index + 1);
  // An alias set on the line or in git's variables runs its expansion: `git -c alias.nuke=reset nuke --hard`.
  const alias = aliasOf(sub, globals.config);
  if (alias !== undefined) {
    if (alias.startsWith('!')) return { rule: 'alias-shell', effect: 'unknown', reason: `runs the shell command of the git alias ${sub} (${alias.slice(1, 80)}), which Bulkhead does not read` };
    const [expanded, ...aliasWords] = alias.trim().split(/\s+/);
    if (!expanded || aliasOf(expanded, globals.config) !== undefined) return { rule: 'alias-loop', effect: 'unknown', reason: `runs the git alias ${sub}, which expands to another alias` };
    sub = expanded;
    words = [...aliasWords, ...words];
  }
  const rest = spelledOut(words);
  const args = parseArgs(rest, subValued[sub] ?? noValued);
  if (args.has('--help') || (rest.length === 1 && rest[0] === '-h')) return read('help', `shows help for git ${sub}`);
  return classifySubcommand(sub, args, globals, inv);
}

export const gitPack = definePack({
  id,
  programs: ['git'],
  targetKinds: ['stage', 'host'],
  scope: 'local',
  // `git commit -m --help` commits: which words are values depends on the subcommand, so classify finds help.
  asksForHelp: () => false,
  classify: (_args, inv) => classifyGit(inv),
  rules: [],
});

function classifySubcommand(sub: string, a: ParsedArgs, g: Globals, inv: Invocation): Verdict {
  const pos = a.positionals;
  if (readSubcommands.has(sub)) return read('read', `reads the repository (git ${sub})`);
  switch (sub) {
    case 'push':
      return push(a, g, inv);
    case 'reset':
      if (a.has('--hard')) return destroy('reset-hard', 'git reset --hard throws away every uncommitted change in the working tree');
      return write('reset', 'moves the branch or unstages changes; the working tree is kept');
    case 'clean': {
      if (a.has('-n', '--dry-run')) return read('clean-dry-run', 'lists the untracked files git clean would delete');
      const forced = a.has('-f', '--force', '-i', '--interactive') || g.config.some((c) => cleanWithoutForce.test(c));
      if (!forced) return read('clean-refused', 'git clean without --force refuses to delete anything');
      return destroy('clean', 'deletes untracked files, which git has no copy of (with -x also ignored ones such as .env files)');
    }
    case 'checkout':
      return checkout(a);
    case 'switch':
      if (a.has('-f', '--force', '--discard-changes')) return destroy('switch-force', 'switches branches and throws away uncommitted changes');
      return write('switch', 'switches branches (git refuses to overwrite uncommitted changes)');
    case 'restore':
      if (a.has('-S', '--staged') && !a.has('-W', '--worktree')) return write('restore-staged', 'unstages changes; the working tree is kept');
      return destroy('restore', 'overwrites working-tree files, throwing away their uncommitted changes');
    case 'branch':
      return branch(a);
    case 'tag':
      if (a.has('-d', '--delete')) return write('tag-delete', 'deletes a local tag (the commit stays; remote tags can be fetched again)');
      if (a.has('-l', '--list', '-v', '--verify') || pos.length === 0 && !a.has('-a', '-s', '-m', '-f', '--annotate', '--sign', '--message', '--force')) {
        return read('tag-list', 'lists tags');
      }
      return write('tag', 'creates or moves a tag');
    case 'stash': {
      const verb = pos[0] ?? 'push';
      if (verb === 'list' || verb === 'show') return read('stash-list', 'lists stashed changes');
      if (verb === 'drop' || verb === 'clear') return destroy('stash-drop', `git stash ${verb} deletes stashed work, which exists nowhere else`);
      return write('stash', `stashes or restores uncommitted changes (git stash ${verb})`);
    }
    case 'reflog': {
      const verb = pos[0] ?? 'show';
      if (verb === 'expire' || verb === 'delete') return destroy('reflog-expire', 'erases reflog entries, the last way back to lost commits');
      return read('reflog', 'reads the reflog');
    }
    case 'gc': {
      const prune = a.value('--prune');
      if (prune === 'now' || prune === 'all') return destroy('gc-prune-now', 'deletes every unreachable commit right away, with no grace period to recover them');
      return write('gc', 'compacts the repository (unreachable objects are kept for a grace period)');
    }
    case 'prune':
      if (a.has('-n', '--dry-run')) return read('prune-dry-run', 'lists unreachable objects');
      return destroy('prune', 'deletes unreachable objects: commits that only the reflog or nothing still points to');
    case 'filter-branch':
      return destroy('filter-branch', 'rewrites the whole history of the repository');
    case 'filter-repo':
      if (a.has('--analyze', '--dry-run')) return read('filter-repo-analyze', 'analyses the repository without rewriting it');
      return destroy('filter-repo', 'rewrites the whole history of the repository and removes the remotes');
    case 'update-ref':
      if (a.has('-d')) return destroy('update-ref-delete', 'deletes a ref directly, bypassing the checks of git branch -d');
      return write('update-ref', 'moves a ref directly');
    case 'remote': {
      const verb = pos[0];
      if (!verb || verb === 'show' || verb === 'get-url') return read('remote-list', 'lists remotes');
      return write('remote', `changes the configured remotes (git remote ${verb})`);
    }
    case 'config':
      return config(a);
    case 'worktree': {
      const verb = pos[0];
      if (!verb || verb === 'list') return read('worktree-list', 'lists worktrees');
      if (verb === 'remove' && a.has('-f', '--force')) return destroy('worktree-remove-force', 'removes a worktree and throws away its uncommitted changes');
      return write('worktree', `changes worktrees (git worktree ${verb})`);
    }
    case 'submodule': {
      const verb = pos[0];
      if (!verb || verb === 'status' || verb === 'summary') return read('submodule-status', 'shows submodule state');
      if (verb === 'foreach') return { rule: 'submodule-foreach', effect: 'unknown', reason: 'runs a shell command in every submodule, which Bulkhead does not look into' };
      if (verb === 'deinit' && a.has('-f', '--force')) return destroy('submodule-deinit-force', 'removes submodule working trees, throwing away their uncommitted changes');
      return write('submodule', `changes submodules (git submodule ${verb})`);
    }
    case 'lfs': {
      const verb = pos[0];
      if (!verb || ['ls-files', 'status', 'env', 'logs', 'version', 'track', 'locks', 'fsck', 'pointer', 'ext'].includes(verb) && (verb !== 'track' || pos.length === 1)) {
        return read('lfs-read', 'reads Git LFS state');
      }
      if (verb === 'migrate' && pos[1] !== 'info') return destroy('lfs-migrate', 'git lfs migrate rewrites history');
      return write('lfs', `changes Git LFS state (git lfs ${verb})`);
    }
    case 'notes':
      if (!pos[0] || pos[0] === 'list' || pos[0] === 'show') return read('notes-read', 'reads notes');
      return write('notes', 'changes notes');
    case 'symbolic-ref':
      return pos.length <= 1 && !a.has('-d', '--delete') ? read('symbolic-ref-read', 'reads a symbolic ref') : write('symbolic-ref', 'changes a symbolic ref');
    case 'credential':
      if (pos[0] === 'fill') return { rule: 'credential-fill', effect: 'read', scope: 'secret', reason: 'prints a stored git credential (a password or token)' };
      return write('credential', 'changes stored git credentials');
    case 'bisect':
      if (pos[0] === 'log' || pos[0] === 'view' || pos[0] === 'visualize') return read('bisect-log', 'shows the bisect state');
      return write('bisect', 'moves HEAD while bisecting');
    case 'fetch':
    case 'pull':
    case 'clone':
    case 'init':
    case 'add':
    case 'commit':
    case 'merge':
    case 'rebase':
    case 'cherry-pick':
    case 'revert':
    case 'am':
    case 'apply':
      return write(sub, `records, fetches or combines work in the local repository (git ${sub})`);
    case 'rm':
      if (a.has('-f', '--force') && !a.has('--cached')) {
        return destroy('rm-force', 'git rm --force deletes files from the working tree even when they hold uncommitted changes');
      }
      if (a.has('--cached')) return write('rm-cached', 'stops tracking files: they leave the index and stay in the working tree');
      return write('rm', 'removes files from the index and the working tree (git refuses when they hold uncommitted changes)');
    case 'mv':
    case 'format-patch':
    case 'sparse-checkout':
    case 'maintenance':
    case 'replace':
    case 'bundle':
    case 'repack':
    case 'pack-refs':
    case 'prune-packed':
    case 'rerere':
    case 'mergetool':
    case 'citool':
    case 'gui':
      return write(sub, `changes the local repository (git ${sub}); what it replaces stays in history`);
    default:
      return write('other', `runs git ${sub}, which Bulkhead treats as a change to the local repository (an alias or extension)`);
  }
}

function push(a: ParsedArgs, g: Globals, inv: Invocation): Verdict {
  if (a.has('-n', '--dry-run')) return read('push-dry-run', 'a dry-run push changes nothing');
  const [named, ...refspecs] = a.positionals;
  const targets: TargetHint[] = [];
  const remote = named ?? a.value('--repo') ?? settingOf(g.config, 'remote.pushdefault') ?? repositorySetting(inv, 'remote', 'pushdefault');
  if (remote && deployStageNames.has(remote.toLowerCase())) targets.push({ kind: 'stage', value: remote, source: 'git push to the remote' });
  const url = remote === undefined ? undefined : remoteUrl(remote, g, inv);
  const host = url === undefined ? undefined : hostOfUrl(url);
  if (host) targets.push({ kind: 'host', value: host, source: url === remote ? `git push to ${url}` : `the URL of the remote ${remote} (${url})` });
  const destinations: string[] = [];
  let deletes = a.has('-d', '--delete');
  let forcedRef = false;
  for (const spec of refspecs) {
    if (spec.startsWith('+')) forcedRef = true;
    const body = spec.startsWith('+') ? spec.slice(1) : spec;
    if (body.startsWith(':') && body.length > 1) deletes = true;
    const colon = body.lastIndexOf(':');
    const dst = (colon >= 0 ? body.slice(colon + 1) : body).replace(headsPrefix, '');
    if (dst) destinations.push(dst);
  }
  for (const dst of destinations) {
    // `production`, and the last part of a grouped name: `release/production`, `deploy/prod`.
    const stage = dst.toLowerCase().split('/').pop() ?? '';
    if (deployStageNames.has(stage)) targets.push({ kind: 'stage', value: stage, source: `git push to the branch ${dst}` });
  }
  const force = forcedRef || a.has('-f', '--force', '--force-with-lease', '--force-if-includes');
  const guarded = destinations.find((d) => protectedBranch.test(d));
  const on = guarded ? ` of the protected branch ${guarded}` : destinations.length > 0 ? ` of ${destinations.join(', ')}` : '';
  if (a.has('--mirror')) return destroy('push-mirror', 'git push --mirror makes the remote an exact copy, deleting every remote branch and tag it lacks', targets);
  if (deletes) return destroy('push-delete', `deletes branches or tags on the remote${on ? ` (${destinations.join(', ')})` : ''}`, targets);
  if (a.has('--prune')) return destroy('push-prune', 'deletes remote branches that have no local counterpart', targets);
  if (force) {
    const how = a.has('--force-with-lease') && !a.has('-f', '--force') && !forcedRef ? ' (with a lease, which still discards commits fetched but not merged)' : '';
    return destroy('push-force', `force-pushes over the remote history${on || ' of the current branch'}${how}; commits only the remote had are lost`, targets);
  }
  const to = destinations.length > 0 ? ` to ${destinations.join(', ')}` : '';
  return { rule: 'push', effect: 'write', reason: `publishes commits${to} on a remote; nothing there is overwritten`, targets };
}

const scpLikeUrl = /^(?:[^@/\s]+@)?([A-Za-z0-9][\w.-]*):(?!\/\/)/;

/** A remote's URL: the word itself when it is one, else its `url` from `-c` or the repository's .git/config. */
function remoteUrl(remote: string, g: Globals, inv: Invocation): string | undefined {
  if (remote.includes('://') || scpLikeUrl.test(remote)) return remote;
  const key = `remote.${remote.toLowerCase()}`;
  return settingOf(g.config, `${key}.pushurl`) ?? settingOf(g.config, `${key}.url`)
    ?? repositorySetting(inv, `remote "${remote}"`, 'pushurl') ?? repositorySetting(inv, `remote "${remote}"`, 'url');
}

function hostOfUrl(url: string): string | undefined {
  const standard = /^[a-z][\w+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/i.exec(url);
  if (standard) return standard[1].toLowerCase();
  return scpLikeUrl.exec(url)?.[1].toLowerCase();
}

/** The last `key=value` given with `-c` for a key (git's keys are case-insensitive in section and name). */
function settingOf(config: readonly string[], key: string): string | undefined {
  let found: string | undefined;
  for (const entry of config) {
    const eq = entry.indexOf('=');
    if (eq > 0 && entry.slice(0, eq).toLowerCase() === key) found = entry.slice(eq + 1);
  }
  return found;
}

/** Lines of .git/config read, at most. */
const maxConfigLines = 2000;

/** A setting of the repository's .git/config: `name` in `[section]`, the last one given. */
function repositorySetting(inv: Invocation, section: string, name: string): string | undefined {
  const text = inv.fileText?.('.git/config');
  if (text === undefined) return undefined;
  let inside = false;
  let found: string | undefined;
  for (const line of text.split('\n').slice(0, maxConfigLines)) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) {
      inside = header[1].trim().toLowerCase() === section.toLowerCase();
      continue;
    }
    const setting = inside ? /^\s*([\w-]+)\s*=\s*(.*?)\s*$/.exec(line) : null;
    if (setting && setting[1].toLowerCase() === name) found = setting[2].replace(/^"(.*)"$/, '$1');
  }
  return found;
}

function checkout(a: ParsedArgs): Verdict {
  if (a.has('-f', '--force')) return destroy('checkout-force', 'git checkout --force throws away uncommitted changes');
  if (a.has('-p', '--patch')) return destroy('checkout-patch', 'discards chosen hunks of uncommitted changes');
  const paths = a.positionals;
  const pathLike = paths.some((p) => p === '.' || p === ':/' || p.startsWith('./') || p.startsWith('../') || pathGlob.test(p));
  // `git checkout <tree-ish> <pathspec>…`: after the one revision a switch takes, every word is a path.
  const revisionThenPaths = paths.length > 1 && !a.has('-b', '-B', '--orphan');
  if (a.rest.length > 0 || pathLike || revisionThenPaths || a.has('--pathspec-from-file')) {
    return destroy('checkout-paths', 'overwrites working-tree files from the index or a commit, throwing away their uncommitted changes');
  }
  if (a.has('-b', '-B', '--orphan')) return write('checkout-branch', 'creates and switches to a branch');
  return write('checkout', 'switches branches (git refuses to overwrite uncommitted changes)');
}

function branch(a: ParsedArgs): Verdict {
  const forceDelete = a.has('-D') || (a.has('-d', '--delete') && a.has('-f', '--force'));
  if (forceDelete) return destroy('branch-force-delete', 'force-deletes a branch, losing commits that no other branch holds');
  if (a.has('-d', '--delete')) return write('branch-delete', 'deletes a merged branch (git refuses if it holds unmerged commits)');
  // -M, -C and --force with a name move or overwrite an existing branch: commits only it held are left behind.
  const forced = a.has('-f', '--force') && (a.positionals.length > 0 || a.has('-m', '--move', '-c', '--copy'));
  if (forced || a.has('-M', '-C')) {
    return destroy('branch-force-move', 'moves or overwrites an existing branch, losing the commits that only it held');
  }
  if (a.has('-m', '-M', '--move', '-c', '-C', '--copy', '-u', '--set-upstream-to', '--unset-upstream', '--edit-description')) {
    return write('branch-change', 'renames, copies or configures a branch');
  }
  const listing = a.has('-l', '--list', '-a', '--all', '-r', '--remotes', '--show-current', '--contains', '--no-contains',
    '--merged', '--no-merged', '--points-at', '-v', '-vv', '--verbose');
  if (listing || a.positionals.length === 0) return read('branch-list', 'lists branches');
  return write('branch-create', 'creates a branch');
}

function config(a: ParsedArgs): Verdict {
  const verb = a.positionals[0];
  if (a.has('-e', '--edit')) return write('config', 'edits git configuration');
  if (a.has('--get', '--get-all', '--get-regexp', '--get-urlmatch', '--get-color', '--get-colorbool', '-l', '--list')) {
    return read('config-read', 'reads git configuration');
  }
  if (verb === 'get' || verb === 'list') return read('config-read', 'reads git configuration');
  const changing = a.has('--unset', '--unset-all', '--add', '--replace-all', '--remove-section', '--rename-section');
  if (a.positionals.length <= 1 && !changing && verb !== 'set' && verb !== 'unset') return read('config-read', 'reads a git setting');
  return write('config', 'changes git configuration');
}
