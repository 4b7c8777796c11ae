import type { Word } from '../model';
import { resolvePath } from '../paths';
import { dirOf, findFile, unreadableFile } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';
import { selects, taskBodies, workspacePackages } from './workspaces';

/** Commands of the package managers themselves (not scripts, not binaries to run). */
export const managerCommands: ReadonlySet<string> = new Set([
  'install', 'i', 'ci', 'add', 'remove', 'rm', 'uninstall', 'update', 'upgrade', 'up', 'outdated', 'list', 'ls', 'link',
  'unlink', 'publish', 'pack', 'init', 'create', 'audit', 'config', 'cache', 'info', 'view', 'why', 'version', 'login',
  'logout', 'whoami', 'help', 'prune', 'dedupe', 'store', 'import', 'patch', 'setup', 'env', 'root', 'bin', 'workspace',
  'workspaces', 'set', 'plugin', 'constraints', 'node', 'search', 'doctor', 'fund', 'explain', 'owner', 'team', 'token',
  'deprecate', 'dist-tag', 'hook', 'org', 'ping', 'prefix', 'query', 'rebuild', 'restart', 'start', 'stop', 'test', 't',
]);

/** The options before the command that pick another package.json, and the options that take a value. */
const folderOptions: ReadonlySet<string> = new Set(['--prefix', '-C', '--dir', '--cwd']);
const workspaceOptions: ReadonlySet<string> = new Set(['--workspace', '-w', '--filter', '-F']);
const everyWorkspace = '';
/** `yarn workspaces foreach` options that take a value. */
const foreachValued: ReadonlySet<string> = new Set(['--include', '--exclude', '--from', '-j', '--jobs', '--since']);
const runVerbs: ReadonlySet<string> = new Set(['run', 'run-script', 'rum', 'urn']);
/** Commands that run the script of the same name. */
const scriptVerbs: ReadonlySet<string> = new Set(['test', 't', 'start', 'stop', 'restart']);
/** bun's own commands besides the package manager's: `bun test` is its test runner, `bun build` its bundler. */
const bunCommands: ReadonlySet<string> = new Set(['test', 'build', 'x', 'pm', 'repl', 'exec', 'upgrade', 'completions', 'discord']);

/** Scripts are run by nesting, so the chain `a` → `npm run b` → … is bounded by the walk's task depth. */
const maxScriptsPerFile = 2000;

/**
 * `npm|pnpm|yarn|bun run X` and the bare forms (`pnpm X`, `yarn X`): the script from the package.json
 * the options pick (or the nearest one), with its pre- and post-scripts, and the line's extra arguments.
 */
export function packageScripts(call: TaskCall): TaskOutcome | undefined {
  const { args, program } = call;
  let dir = call.cwd;
  let picked: string | undefined;
  let i = 0;
  while (i < args.length) {
    const a = args[i].value;
    if (!a.startsWith('-') || a === '--') break;
    const [name, inline] = splitOption(a);
    const value = inline ?? args[i + 1]?.value;
    // pnpm's -w is --workspace-root, a switch; -r runs the script in every workspace package the filters leave.
    if (program === 'pnpm' && (name === '-w' || name === '-r' || name === '--recursive')) {
      if (name !== '-w') picked ??= everyWorkspace;
      i++;
      continue;
    }
    if (folderOptions.has(name) || workspaceOptions.has(name)) {
      if (value === undefined) return undefined;
      if (folderOptions.has(name)) dir = resolvePath(dir, value, call.env.HOME);
      else picked = value;
      i += inline === undefined ? 2 : 1;
      continue;
    }
    i++;
  }
  // `yarn workspace @acme/api db:drop` runs that workspace's script; `yarn workspaces foreach -A run x`, every workspace's.
  if (program === 'yarn' && args[i]?.value === 'workspace' && args[i + 1]) {
    picked = args[i + 1].value;
    i += 2;
  } else if (program === 'yarn' && args[i]?.value === 'workspaces' && args[i + 1]?.value === 'foreach') {
    picked = everyWorkspace;
    i += 2;
    while (i < args.length && args[i].value.startsWith('-')) i += foreachValued.has(args[i].value) ? 2 : 1;
  }
  const verb = args[i]?.value;
  // `npm install`, `pnpm i`, bare `yarn`: the project's own lifecycle scripts run after the packages are installed.
  if ((verb === undefined && program === 'yarn') || (verb !== undefined && installVerbs.has(verb))) {
    return lifecycleScripts(call, dir, picked, args.slice(i + (verb === undefined ? 0 : 1)));
  }
  if (!verb || verb === 'exec' || verb === 'x' || verb === 'dlx') return undefined;
  let scriptName: string;
  let rest: readonly Word[];
  if (runVerbs.has(verb)) {
    let j = i + 1;
    while (j < args.length && args[j].value.startsWith('-') && args[j].value !== '--') {
      const [name, inline] = splitOption(args[j].value);
      if (workspaceOptions.has(name)) {
        picked = inline ?? args[j + 1]?.value;
        j += inline === undefined ? 2 : 1;
      } else j++;
    }
    if (!args[j]) return undefined;
    scriptName = args[j].value;
    rest = args.slice(j + 1);
    // npm reads its own options anywhere before `--`: `npm run x --workspace=./api`.
    for (let k = 0; program === 'npm' && k < rest.length && rest[k].value !== '--'; k++) {
      const [name, inline] = splitOption(rest[k].value);
      if (workspaceOptions.has(name)) picked = inline ?? rest[k + 1]?.value;
      else if (name === '--prefix') dir = resolvePath(dir, inline ?? rest[k + 1]?.value ?? '.', call.env.HOME);
    }
  } else if (scriptVerbs.has(verb) && !(program === 'bun' && verb === 'test')) {
    scriptName = verb === 't' ? 'test' : verb;
    rest = args.slice(i + 1);
  } else if (program !== 'npm' && !managerCommands.has(verb) && !(program === 'bun' && bunCommands.has(verb))) {
    scriptName = verb;
    rest = args.slice(i + 1);
  } else {
    return undefined;
  }
  const bare = !runVerbs.has(verb) && !scriptVerbs.has(verb);
  if (picked !== undefined && (picked === everyWorkspace || !/^\.{0,2}\//.test(picked) || picked.includes('*'))) {
    // A workspace named by its package name, or every workspace: the monorepo's packages are looked up.
    const found = workspacePackages({ ...call, cwd: dir });
    const chosen = found?.packages.filter((pkg) => picked === everyWorkspace || selects(picked, pkg, found.root)) ?? [];
    const which = picked === everyWorkspace ? 'every workspace' : `the workspace ${picked}`;
    if (chosen.length === 0) return { kind: 'unread', note: `${program} ${scriptName}: ${which} could not be found among the workspace's packages; judged by its name` };
    const bodies = taskBodies(program, scriptName, chosen);
    if (bodies.length === 0) return { kind: 'unread', note: `${program} ${scriptName}: ${which} has no script ${scriptName}; judged by its name` };
    return { kind: 'bodies', file: `the package.json of ${which}`, bodies };
  }
  if (picked !== undefined) dir = resolvePath(dir, picked, call.env.HOME);
  const found = findFile(call.read, dir, ['package.json'], picked === undefined && dir === call.cwd);
  if (!found) return bare ? undefined : { kind: 'unread', note: `${program} run ${scriptName}: no package.json here; judged by its name` };
  if ('error' in found.file) return unreadableFile(`${program} run ${scriptName}`, 'package.json', found.file);
  const scripts = scriptsOf(found.file.text);
  if (typeof scripts === 'string') return { kind: 'unread', note: `${program} run ${scriptName}: ${scripts}; judged by its name` };
  const body = scripts.get(scriptName);
  // `yarn prisma migrate reset`: no such script, so the package binary of that name runs.
  if (body === undefined) return bare ? undefined : { kind: 'unread', note: `${program} run ${scriptName}: package.json has no script ${scriptName}; judged by its name` };
  const extra = rest.filter((a) => a.value !== '--').map((a) => a.raw).join(' ');
  const cwd = dirOf(found.path);
  const bodies: TaskBody[] = [];
  const add = (name: string, code: string) => bodies.push({ code, label: `${program} run ${name}`, key: `${found.path}#${name}`, cwd });
  const pre = scripts.get(`pre${scriptName}`);
  if (pre !== undefined) add(`pre${scriptName}`, pre);
  add(scriptName, extra ? `${body} ${extra}` : body);
  const post = scripts.get(`post${scriptName}`);
  if (post !== undefined) add(`post${scriptName}`, post);
  return { kind: 'bodies', file: 'package.json', bodies };
}

/** `rushx X`: the script X of the project the command runs in, as `npm run X` runs it. */
export function projectScript(call: TaskCall): TaskOutcome | undefined {
  const script = call.args[0];
  if (!script || script.value.startsWith('-')) return undefined;
  const run: Word = { ...script, value: 'run', raw: 'run', dynamic: false };
  return packageScripts({ ...call, program: 'npm', args: [run, ...call.args] });
}

const installVerbs: ReadonlySet<string> = new Set(['install', 'i', 'ci', 'clean-install', 'isntall', 'in']);
/** What a plain install of the project runs from its package.json, in order. */
const installLifecycle = ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare'];

/**
 * An install of the project itself (no package named) runs its install and prepare scripts;
 * `--ignore-scripts` runs none, and installing a named package runs that package's, which the
 * workspace does not hold.
 */
function lifecycleScripts(call: TaskCall, dir: string, picked: string | undefined, rest: readonly Word[]): TaskOutcome | undefined {
  if (rest.some((a) => a.value === '--ignore-scripts') || rest.some((a) => !a.value.startsWith('-'))) return undefined;
  if (picked !== undefined && !/^\.{0,2}\//.test(picked)) return undefined;
  const found = findFile(call.read, picked === undefined ? dir : resolvePath(dir, picked, call.env.HOME), ['package.json'], picked === undefined);
  if (!found || 'error' in found.file) return undefined;
  const scripts = scriptsOf(found.file.text);
  if (typeof scripts === 'string') return undefined;
  const cwd = dirOf(found.path);
  const bodies: TaskBody[] = [];
  for (const name of installLifecycle) {
    const code = scripts.get(name);
    if (code !== undefined) bodies.push({ code, label: `${call.program} install runs ${name}`, key: `${found.path}#${name}`, cwd });
  }
  return bodies.length > 0 ? { kind: 'triggers', file: 'package.json', bodies } : undefined;
}

function splitOption(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq > 0 && arg.startsWith('--') ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

/** The scripts of a package.json, or why there are none to read. */
function scriptsOf(text: string): Map<string, string> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // npm refuses to run scripts from a broken package.json too, but the name is all there is to judge.
    return 'package.json is not valid JSON';
  }
  const scripts = typeof parsed === 'object' && parsed !== null ? (parsed as { scripts?: unknown }).scripts : undefined;
  const out = new Map<string, string>();
  if (typeof scripts !== 'object' || scripts === null) return out;
  for (const [name, code] of Object.entries(scripts).slice(0, maxScriptsPerFile)) if (typeof code === 'string') out.set(name, code);
  return out;
}
