import { parse as parseYaml } from 'yaml';
import { compileGlob, globMatches } from '../glob';
import { resolvePath } from '../paths';
import { dirOf, isRecord, shellQuote } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

/**
 * The packages of a monorepo: the folders its root package.json `workspaces` or
 * pnpm-workspace.yaml list (`apps/*`), else the usual `apps/*`, `libs/*`, `packages/*`, each with
 * its package.json scripts and its Nx project.json targets. And the runners that run a task in
 * them: `yarn workspace NAME`, `pnpm --filter NAME`, `npm -w NAME`, lerna, turbo and nx.
 */

export interface WorkspacePackage {
  readonly dir: string;
  readonly name: string;
  /** Shell code by task name: package.json scripts, and the commands of Nx `run-commands` targets. */
  readonly tasks: ReadonlyMap<string, string>;
  /** Tasks a task needs first in the same package (turbo.json `dependsOn`, Nx `dependsOn`). */
  readonly needs: ReadonlyMap<string, readonly string[]>;
}

/** Packages read for one command, at most; past it the rest are not looked at. */
const maxPackages = 64;

/** A workspace glob as a test; one the automaton does not model matches everything, the safe side for what runs. */
function globTest(pattern: string): (text: string) => boolean {
  const glob = compileGlob(pattern, { dot: false, globstar: true });
  return glob === undefined ? () => true : (text) => globMatches(glob, text);
}
const defaultPatterns = ['apps/*', 'libs/*', 'packages/*'];

export function workspacePackages(call: TaskCall): { root: string; packages: WorkspacePackage[] } | undefined {
  if (!call.list) return undefined;
  let dir = call.cwd;
  for (let depth = 0; depth < 32; depth++) {
    const patterns = workspacePatterns(call, dir);
    if (patterns) return { root: dir, packages: packagesIn(call, dir, patterns) };
    if (dir === '/') break;
    dir = dirOf(dir);
  }
  return undefined;
}

function text(call: TaskCall, path: string): string | undefined {
  const file = call.read(path);
  return 'text' in file ? file.text : undefined;
}

function json(source: string | undefined): Record<string, unknown> | undefined {
  if (source === undefined) return undefined;
  try {
    const parsed = JSON.parse(source) as unknown;
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The workspace globs a folder declares, or the usual ones when it holds nx.json, turbo.json or lerna.json. */
function workspacePatterns(call: TaskCall, dir: string): string[] | undefined {
  const pnpm = text(call, `${dir}/pnpm-workspace.yaml`);
  if (pnpm !== undefined) {
    try {
      const parsed = parseYaml(pnpm) as unknown;
      if (isRecord(parsed) && Array.isArray(parsed.packages)) return parsed.packages.map(String);
    } catch {
      return [];
    }
  }
  const manifest = json(text(call, `${dir}/package.json`));
  const declared = manifest?.workspaces;
  const list = Array.isArray(declared) ? declared : isRecord(declared) && Array.isArray(declared.packages) ? declared.packages : undefined;
  if (list) return list.map(String);
  const lerna = json(text(call, `${dir}/lerna.json`));
  if (lerna && Array.isArray(lerna.packages)) return lerna.packages.map(String);
  if (['nx.json', 'turbo.json', 'lerna.json'].some((f) => text(call, `${dir}/${f}`) !== undefined)) return defaultPatterns;
  return undefined;
}

function packagesIn(call: TaskCall, root: string, patterns: readonly string[]): WorkspacePackage[] {
  const excluded = patterns.filter((p) => p.startsWith('!')).map((p) => compileGlob(p.slice(1).replace(/\/$/, ''), { dot: false, globstar: true }));
  const dirs = new Set<string>();
  for (const pattern of patterns.filter((p) => !p.startsWith('!'))) {
    const clean = pattern.replace(/^\.\//, '').replace(/\/$/, '');
    const star = clean.indexOf('*');
    if (star < 0) {
      dirs.add(clean);
      continue;
    }
    // `apps/*` and `packages/**`: the folders under the part before the wildcard, one level (two for `**`).
    const base = clean.slice(0, clean.lastIndexOf('/', star) + 1).replace(/\/$/, '');
    const inPattern = globTest(clean);
    const walk = (relative: string, depth: number): void => {
      for (const { name, directory } of call.list?.(resolvePath(root, relative || '.')) ?? []) {
        if (!directory) continue;
        if (dirs.size >= maxPackages || name === 'node_modules' || name.startsWith('.')) continue;
        const child = relative ? `${relative}/${name}` : name;
        if (inPattern(child)) dirs.add(child);
        if (depth < (clean.includes('**') ? 2 : 1) - 1) walk(child, depth + 1);
      }
    };
    walk(base, 0);
  }
  const out: WorkspacePackage[] = [];
  for (const relative of dirs) {
    if (out.length >= maxPackages || excluded.some((glob) => glob !== undefined && globMatches(glob, relative))) continue;
    const dir = resolvePath(root, relative);
    const manifest = json(text(call, `${dir}/package.json`));
    const project = json(text(call, `${dir}/project.json`));
    if (!manifest && !project) continue;
    const tasks = new Map<string, string>();
    const needs = new Map<string, string[]>();
    if (isRecord(manifest?.scripts)) for (const [name, code] of Object.entries(manifest.scripts)) if (typeof code === 'string') tasks.set(name, code);
    if (isRecord(project?.targets)) {
      for (const [name, target] of Object.entries(project.targets)) {
        if (!isRecord(target)) continue;
        const options = isRecord(target.options) ? target.options : {};
        const code = runCommandsCode(root, options);
        if (code !== undefined) tasks.set(name, code);
        // A configuration's options are merged over the target's (`nx run api:deploy --configuration=production`).
        for (const [configuration, overrides] of Object.entries(isRecord(target.configurations) ? target.configurations : {})) {
          const merged = isRecord(overrides) ? runCommandsCode(root, { ...options, ...overrides, env: { ...(isRecord(options.env) ? options.env : {}), ...(isRecord(overrides.env) ? overrides.env : {}) } }) : undefined;
          if (merged !== undefined) tasks.set(`${name}${configurationSeparator}${configuration}`, merged);
        }
        if (Array.isArray(target.dependsOn)) needs.set(name, target.dependsOn.filter((d): d is string => typeof d === 'string' && !d.startsWith('^')));
      }
    }
    const name = typeof project?.name === 'string' ? project.name : typeof manifest?.name === 'string' ? manifest.name : relative.slice(relative.lastIndexOf('/') + 1);
    out.push({ dir, name, tasks, needs });
  }
  return out;
}

/** Separates a task from its Nx configuration in a package's task names: a character no script name holds. */
const configurationSeparator = '\u0000';

/** An Nx `run-commands` target's options as shell code: its cwd, its env, then each command. */
function runCommandsCode(root: string, options: Record<string, unknown>): string | undefined {
  const commands = typeof options.command === 'string' ? [options.command]
    : Array.isArray(options.commands) ? options.commands.map((c) => (isRecord(c) ? c.command : c)).filter((c): c is string => typeof c === 'string') : [];
  if (commands.length === 0) return undefined;
  const cwd = typeof options.cwd === 'string' ? `cd ${shellQuote(resolvePath(root, options.cwd))} && ` : '';
  const env = isRecord(options.env) ? Object.entries(options.env).filter(([k, v]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && typeof v === 'string') : [];
  const exports = env.map(([k, v]) => `export ${k}=${shellQuote(String(v))}; `).join('');
  return commands.map((c) => `${cwd}${exports}${c}`).join('\n');
}

/** Whether a filter names the package: its name or a glob of names (`@acme/*`), or its folder (`./apps/api`, `{apps/api}`). */
export function selects(filter: string, pkg: WorkspacePackage, root: string): boolean {
  const folder = /^\{(.+)\}$/.exec(filter)?.[1] ?? (filter.startsWith('.') || filter.startsWith('/') ? filter : undefined);
  if (folder !== undefined && folder.includes('*')) {
    // `./services/**`: the packages in the folders the glob matches.
    const pattern = resolvePath(root, folder.replace(/\/$/, ''));
    return globTest(pattern)(pkg.dir);
  }
  if (folder !== undefined) return resolvePath(root, folder.replace(/\/$/, '')) === pkg.dir;
  const name = filter.replace(/\.{3}$/, '').replace(/^\.{3}/, '');
  return name.includes('*') ? globTest(name)(pkg.name) : pkg.name === name;
}

/**
 * The bodies of one task in the selected packages, with the tasks it needs first in each; a
 * package that has no such task is skipped, as the runners do.
 */
export function taskBodies(runner: string, task: string, packages: readonly WorkspacePackage[], extraNeeds: readonly string[] = []): TaskBody[] {
  const bodies: TaskBody[] = [];
  for (const pkg of packages) {
    const done = new Set<string>();
    const run = (name: string, depth: number): void => {
      if (done.has(name) || depth > 8) return;
      done.add(name);
      for (const need of [...(pkg.needs.get(name) ?? []), ...(name === task ? extraNeeds : [])]) run(need, depth + 1);
      const code = pkg.tasks.get(name);
      if (code !== undefined) bodies.push({ code, label: `${runner} ${pkg.name}:${name}`, key: `${pkg.dir}#${name}`, cwd: pkg.dir });
    };
    run(task, 0);
  }
  return bodies;
}

/** `lerna run X [--scope P]`, `turbo run X [--filter P]`, `nx run P:X`, `nx X P`, `nx run-many -t X [-p P]`. */
export function monorepoRun(call: TaskCall): TaskOutcome | undefined {
  const args = call.args.map((w) => w.value);
  const filters: string[] = [];
  const positionals: string[] = [];
  const targets: string[] = [];
  let configuration: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') && args[i].includes('=') ? [args[i].slice(0, args[i].indexOf('=')), args[i].slice(args[i].indexOf('=') + 1)] : [args[i], undefined];
    const value = () => inline ?? args[++i];
    if (['--scope', '--filter', '-F', '--projects', '-p'].includes(flag)) filters.push(...(value() ?? '').split(',').filter(Boolean));
    else if (['--target', '--targets', '-t'].includes(flag)) targets.push(...(value() ?? '').split(',').filter(Boolean));
    else if (call.program === 'nx' && (flag === '--configuration' || flag === '-c')) configuration = value();
    // turbo's dry run prints the task graph and runs no task.
    else if (call.program === 'turbo' && (flag === '--dry' || flag === '--dry-run') && !/^(?:false|0)$/i.test(inline ?? '')) return undefined;
    else if (flag === '--') break;
    else if (!flag.startsWith('-')) positionals.push(flag);
  }
  const program = call.program;
  let task: string | undefined;
  if (program === 'nx') {
    if (positionals[0] === 'run' && positionals[1]?.includes(':')) {
      const [project, target, named] = positionals[1].split(':');
      filters.push(project);
      task = target;
      configuration ??= named;
    } else if (positionals[0] === 'run-many' || positionals[0] === 'affected') task = targets[0];
    else if (positionals[0] && positionals[1] && !positionals[0].includes(':')) {
      task = positionals[0];
      filters.push(positionals[1]);
    } else if (positionals[0]?.includes(':')) {
      const [project, target] = positionals[0].split(':');
      filters.push(project);
      task = target;
    }
  } else if (positionals[0] === 'run') task = positionals[1];
  if (!task) return undefined;
  const found = workspacePackages(call);
  if (!found) return undefined;
  const chosen = found.packages.filter((pkg) => filters.length === 0 || filters.some((f) => selects(f, pkg, found.root)));
  // turbo.json's dependsOn names the package tasks a task needs first (`build`; `^build` is in the dependencies).
  const turbo = program === 'turbo' ? json(text(call, `${found.root}/turbo.json`)) : undefined;
  const pipeline = turbo && (isRecord(turbo.tasks) ? turbo.tasks : isRecord(turbo.pipeline) ? turbo.pipeline : undefined);
  const entry = pipeline?.[task];
  const needs = isRecord(entry) && Array.isArray(entry.dependsOn) ? entry.dependsOn.filter((d): d is string => typeof d === 'string' && !d.startsWith('^') && !d.includes('#')) : [];
  const configured = configuration === undefined ? chosen : chosen.map((pkg) => withConfiguration(pkg, task, configuration));
  const bodies = taskBodies(program, task, configured, needs);
  const asTyped = `${program} ${task}`;
  if (bodies.length === 0) return { kind: 'unread', note: `${asTyped}: no package here has a task ${task}; judged by its name` };
  return { kind: 'bodies', file: `the packages' ${program === 'nx' ? 'project.json and package.json' : 'package.json'} files`, bodies };
}

/** The package with a task's configuration as the task itself, when it has that configuration. */
function withConfiguration(pkg: WorkspacePackage, task: string, configuration: string): WorkspacePackage {
  const code = pkg.tasks.get(`${task}${configurationSeparator}${configuration}`);
  if (code === undefined) return pkg;
  return { ...pkg, tasks: new Map([...pkg.tasks, [task, code]]) };
}
