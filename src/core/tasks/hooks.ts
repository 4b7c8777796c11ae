import { parseDocument } from 'yaml';
import { gitSettings } from '../packs/git';
import { resolvePath } from '../paths';
import { dirOf, type FileText, findFile, isRecord, shellQuote, unknownArgument } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

/**
 * Code the workspace runs on someone else's trigger: the git hooks a commit or push runs (from
 * `.git/hooks`, `core.hooksPath`, husky or lefthook), and `pre-commit run` and `lefthook run`
 * themselves. The triggering command is still judged on its own; the hooks run beside it.
 */

/** The client-side hooks each git subcommand runs, in order. */
const hooksOf: Readonly<Record<string, readonly string[]>> = {
  commit: ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit'],
  push: ['pre-push'],
  merge: ['pre-merge-commit', 'post-merge'],
  pull: ['post-merge'],
  checkout: ['post-checkout'],
  switch: ['post-checkout'],
  rebase: ['pre-rebase', 'post-rewrite'],
  am: ['applypatch-msg', 'pre-applypatch', 'post-applypatch'],
};
/** The hooks `--no-verify` (and commit's `-n`) skips. */
const verifyHooks: ReadonlySet<string> = new Set(['pre-commit', 'commit-msg', 'pre-push', 'pre-merge-commit', 'applypatch-msg', 'pre-applypatch']);
const gitValued: ReadonlySet<string> = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--exec-path', '--super-prefix']);
const shellShebang = /^#!\s*\S*?\/(?:env\s+(?:-\S+\s+)*)?(?:ba|z|da|k|mk|a)?sh(?:\s|$)/;
const lefthookFiles = ['lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.lefthook.yaml', 'lefthook.json', '.lefthook.json'];
const lefthookPlaceholder = /\{(?:staged_files|all_files|files|push_files|cmd|lefthook_job_name|\d+)\}/g;
/** Hooks of one config read, at most. */
const maxHooks = 64;

/** `git commit`, `git push`, `git hook run pre-push`: the hooks the workspace holds for it. */
export function gitHooks(call: TaskCall): TaskOutcome | undefined {
  const { args } = call;
  let cwd = call.cwd;
  let i = 0;
  while (i < args.length && args[i].value.startsWith('-')) {
    if (args[i].value === '-C' && args[i + 1]) cwd = resolvePath(cwd, args[i + 1].value, call.env.HOME);
    i += gitValued.has(args[i].value) ? 2 : 1;
  }
  const sub = args[i]?.value;
  if (!sub) return undefined;
  let hooks: readonly string[];
  if (sub === 'hook' && args[i + 1]?.value === 'run') {
    const name = args.slice(i + 2).find((w) => !w.value.startsWith('-'));
    if (!name || name.dynamic) return undefined;
    hooks = [name.value];
  } else {
    const rest = args.slice(i + 1).map((w) => w.value);
    const skipsVerify = rest.includes('--no-verify') || (sub === 'commit' && rest.some((a) => /^-[a-zA-Z]*n[a-zA-Z]*$/.test(a) && !a.startsWith('--')));
    hooks = (hooksOf[sub] ?? []).filter((h) => !(skipsVerify && verifyHooks.has(h)));
  }
  if (hooks.length === 0) return undefined;
  const hooksPath = configuredHooksPath(call, cwd);
  const bodies: TaskBody[] = [];
  const files: string[] = [];
  let unread: { ruleId: string; reason: string } | undefined;
  for (const hook of hooks) {
    // HUSKY=0 makes husky's stubs exit before the project's hook.
    const husky = !disabled(call.env.HUSKY);
    const names = hooksPath === undefined ? [`.git/hooks/${hook}`, ...(husky ? [`.husky/${hook}`] : [])] : [`${hooksPath}/${hook}`];
    // husky's own folder (`.husky/_`) holds stubs that run the project's `.husky/<hook>`.
    if (hooksPath?.startsWith('.husky')) names.splice(0, names.length, ...(husky ? [`.husky/${hook}`] : []));
    const found = findFile(call.read, cwd, names, true);
    if (found && 'text' in found.file) {
      const name = names.find((n) => found.path.endsWith(`/${n}`)) ?? hook;
      const outcome = hookScript(found.path, found.path.slice(0, -name.length - 1) || '/', found.file.text, `git ${sub} runs the ${hook} hook`);
      if (outcome.kind === 'opaque') unread ??= outcome;
      else bodies.push(outcome.body);
      files.push(name);
      continue;
    }
    // A lefthook project's hooks run through the stubs `lefthook install` writes; LEFTHOOK=0 turns them off.
    const lefthook = disabled(call.env.LEFTHOOK) ? undefined : lefthookBodies(call.read, cwd, hook, `git ${sub} runs lefthook's ${hook}`);
    if (lefthook && lefthook.kind === 'bodies') {
      bodies.push(...lefthook.bodies);
      files.push(lefthook.file);
    }
  }
  if (bodies.length === 0 && !unread) return undefined;
  return { kind: 'triggers', file: files.join(', '), bodies, ...(unread ? { unread: { ruleId: unread.ruleId, reason: unread.reason } } : {}) };
}

const disabled = (value: string | undefined): boolean => value === '0' || value?.toLowerCase() === 'false';

/** `core.hooksPath` as the line (`-c`, GIT_CONFIG_*) or the repository's config sets it. */
function configuredHooksPath(call: TaskCall, cwd: string): string | undefined {
  let path: string | undefined;
  for (const setting of gitSettings(call.args.map((a) => a.value), call.env)) {
    if (setting.toLowerCase().startsWith('core.hookspath=')) path = setting.slice('core.hookspath='.length);
  }
  if (path !== undefined) return path.replace(/\/$/, '');
  // The repository's config wins over the user's.
  const repository = findFile(call.read, cwd, ['.git/config'], true);
  const user = call.env.HOME ? call.read(`${call.env.HOME}/.gitconfig`) : undefined;
  for (const text of [repository && 'text' in repository.file ? repository.file.text : undefined, user && 'text' in user ? user.text : undefined]) {
    let inCore = false;
    for (const line of text?.split('\n') ?? []) {
      const section = /^\s*\[\s*([A-Za-z0-9.-]+)/.exec(line);
      if (section) inCore = section[1].toLowerCase() === 'core';
      const value = inCore ? /^\s*hookspath\s*=\s*"?([^"#;]*)"?/i.exec(line) : null;
      if (value) path = value[1].trim();
    }
    if (path !== undefined) return path.replace(/\/$/, '');
  }
  return undefined;
}

/** A hook file, run from the top of the working tree; one that is not a shell script is a program Bulkhead does not read. */
function hookScript(path: string, root: string, text: string, label: string): { kind: 'body'; body: TaskBody } | Extract<TaskOutcome, { kind: 'opaque' }> {
  const first = text.slice(0, text.indexOf('\n') >>> 0);
  if (text.includes('\0') || (first.startsWith('#!') && !shellShebang.test(first))) {
    return { kind: 'opaque', ruleId: 'tasks.hook-unread', reason: `${label}, ${path}, a program Bulkhead does not read` };
  }
  return { kind: 'body', body: { code: text, label, key: path, cwd: root } };
}

/** `lefthook run pre-push`: the hook's commands and scripts from lefthook.yml. */
export function lefthookRun(call: TaskCall): TaskOutcome | undefined {
  const args = call.args.map((w) => w.value);
  if (args[0] !== 'run') return undefined;
  const hook = args.slice(1).find((a) => !a.startsWith('-'));
  if (!hook || disabled(call.env.LEFTHOOK)) return undefined;
  return lefthookBodies(call.read, call.cwd, hook, `lefthook run ${hook}`) ?? { kind: 'unread', note: `lefthook run ${hook}: no lefthook.yml here that defines it; judged by its name` };
}

function lefthookBodies(read: TaskCall['read'], cwd: string, hook: string, label: string): TaskOutcome | undefined {
  const found = findFile(read, cwd, lefthookFiles, true);
  if (!found || !('text' in found.file)) return undefined;
  const config = parsedMapping(found.file);
  const section = config?.[hook];
  if (!isRecord(section)) return undefined;
  const root = dirOf(found.path);
  const bodies: TaskBody[] = [];
  const add = (name: string, code: unknown, root_: unknown): void => {
    if (typeof code !== 'string' || bodies.length >= maxHooks) return;
    const cwd = typeof root_ === 'string' ? resolvePath(root, root_) : root;
    bodies.push({ code: code.replace(lefthookPlaceholder, unknownArgument), label: `${label} (${name})`, key: `${found.path}#${hook}.${name}`, cwd });
  };
  if (isRecord(section.commands)) for (const [name, command] of Object.entries(section.commands)) if (isRecord(command)) add(name, command.run, command.root);
  if (Array.isArray(section.jobs)) section.jobs.forEach((job, n) => isRecord(job) && add(typeof job.name === 'string' ? job.name : `job ${n + 1}`, job.run, job.root));
  if (isRecord(section.scripts)) {
    for (const [file, script] of Object.entries(section.scripts)) {
      const runner = isRecord(script) && typeof script.runner === 'string' ? script.runner : 'sh';
      add(file, `${runner} ${shellQuote(`.lefthook/${hook}/${file}`)}`, undefined);
    }
  }
  return bodies.length > 0 ? { kind: 'bodies', file: found.path.slice(root.length + 1), bodies } : undefined;
}

const preCommitValued: ReadonlySet<string> = new Set(['--hook-stage', '--from-ref', '-s', '--source', '--to-ref', '-o', '--origin', '-c', '--config', '--files', '--remote-branch', '--local-branch', '--remote-name', '--remote-url', '--commit-msg-filename']);

/**
 * `pre-commit run [hook]`: the workspace's own hooks (`repo: local`), whose `entry` is a command.
 * Hooks from other repositories are pinned third-party code that Bulkhead does not fetch.
 */
export function preCommitRun(call: TaskCall): TaskOutcome | undefined {
  const args = call.args.map((w) => w.value);
  if (args[0] !== 'run') return undefined;
  let config = '.pre-commit-config.yaml';
  let only: string | undefined;
  let stage = 'pre-commit';
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '-c' || args[i] === '--config') config = args[i + 1] ?? config;
    if (args[i] === '--hook-stage') stage = args[i + 1] ?? stage;
    if (preCommitValued.has(args[i])) i++;
    else if (!args[i].startsWith('-') && only === undefined) only = args[i];
  }
  const found = findFile(call.read, call.cwd, [config], config === '.pre-commit-config.yaml');
  if (!found || !('text' in found.file)) return undefined;
  const document = parsedMapping(found.file);
  const root = dirOf(found.path);
  const bodies: TaskBody[] = [];
  for (const repo of Array.isArray(document?.repos) ? document.repos : []) {
    if (!isRecord(repo) || repo.repo !== 'local' || !Array.isArray(repo.hooks)) continue;
    for (const hook of repo.hooks) {
      if (!isRecord(hook) || typeof hook.entry !== 'string' || bodies.length >= maxHooks) continue;
      if (only !== undefined && hook.id !== only && hook.alias !== only) continue;
      const stages = Array.isArray(hook.stages) ? hook.stages.map(String) : undefined;
      if (only === undefined && stages && !stages.includes(stage) && !(stage === 'pre-commit' && stages.includes('commit'))) continue;
      const extra = Array.isArray(hook.args) ? hook.args.map((a) => shellQuote(String(a))).join(' ') : '';
      const files = hook.pass_filenames === false ? '' : ` ${unknownArgument}`;
      const entry = hook.language === 'script' ? `sh ${shellQuote(hook.entry)}` : hook.entry;
      bodies.push({ code: `${entry}${extra ? ` ${extra}` : ''}${files}`, label: `pre-commit run ${String(hook.id ?? 'hook')}`, key: `${found.path}#${String(hook.id)}`, cwd: root });
    }
  }
  return bodies.length > 0 ? { kind: 'bodies', file: found.path.slice(root.length + 1), bodies } : undefined;
}

function parsedMapping(file: Extract<FileText, { text: string }>): Record<string, unknown> | undefined {
  try {
    const document = parseDocument(file.text, { uniqueKeys: false }).toJS({ maxAliasCount: 100 }) as unknown;
    return isRecord(document) ? document : undefined;
  } catch {
    return undefined;
  }
}

