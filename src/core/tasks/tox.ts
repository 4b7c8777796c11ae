import { resolvePath } from '../paths';
import { dirOf, findFile, unreadableFile } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

/** Options of tox that run no environment's commands: listing, help, configuration dumps. */
const reporting: ReadonlySet<string> = new Set(['-l', '--listenvs', '-a', '--listenvs-all', '--showconfig', '-h', '--help', '--version', '--help-ini', '--notest', '--no-test']);
const valued: ReadonlySet<string> = new Set(['-c', '--conf', '--workdir', '--root', '-m', '--installpkg', '-x', '--override', '--discover', '--hashseed', '--result-json', '--exit-and-dump-after']);
const envFlags: ReadonlySet<string> = new Set(['-e', '--env']);
/** Subcommands that run environments (tox 4); the others (list, config, quickstart…) only report. */
const runCommands: ReadonlySet<string> = new Set(['run', 'r', 'run-parallel', 'p', 'exec', 'e', 'legacy', 'le']);
const computedWord = '${TOX_COMPUTED_VALUE}';
const maxSections = 200;

/**
 * `tox -e teardown -- args`: the commands of tox.ini's `[testenv:teardown]` (else `[testenv]`),
 * `commands_pre` and `commands_post` around them, each line as a command with `{posargs}` (the words
 * after `--`), `{toxinidir}` and `{env:NAME:default}` filled in and the section's `setenv` given.
 * tox.toml and pyproject.toml configurations are not read: the run is judged by its name.
 */
export function toxEnvironments(call: TaskCall): TaskOutcome | undefined {
  const { args } = call;
  let file = 'tox.ini';
  const wanted: string[] = [];
  let posargs: string[] = [];
  let i = 0;
  if (args[0] && !args[0].value.startsWith('-')) {
    if (!runCommands.has(args[0].value)) return undefined;
    i = 1;
  }
  for (; i < args.length; i++) {
    const a = args[i].value;
    if (a === '--') {
      posargs = args.slice(i + 1).map((w) => w.value);
      break;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (reporting.has(flag)) return undefined;
    const value = eq > 0 ? a.slice(eq + 1) : envFlags.has(flag) || valued.has(flag) ? args[++i]?.value : undefined;
    if (envFlags.has(flag) || valued.has(flag)) {
      if (value === undefined) return undefined;
      if (envFlags.has(flag)) wanted.push(...value.split(',').filter(Boolean));
      if (flag === '-c' || flag === '--conf') file = value;
    }
  }
  const label = `tox${wanted.length > 0 ? ` -e ${wanted.join(',')}` : ''}`;
  const path = resolvePath(call.cwd, file, call.env.HOME);
  const found = findFile(call.read, dirOf(path), [path.slice(path.lastIndexOf('/') + 1)], false);
  if (!found) return { kind: 'unread', note: `${label}: no ${file} here; judged by its name` };
  if ('error' in found.file) return unreadableFile(label, file, found.file);
  const sections = parseIni(found.file.text);
  const base = sections.get('testenv') ?? new Map<string, string>();
  const names = wanted.length > 0 ? wanted : listOf(sections.get('tox')?.get('env_list') ?? sections.get('tox')?.get('envlist') ?? '');
  const root = dirOf(found.path);
  const bodies: TaskBody[] = [];
  for (const name of names.length > 0 ? names : ['py']) {
    const own = sections.get(`testenv:${name}`);
    const setting = (key: string): string | undefined => own?.get(key) ?? base.get(key);
    const fill = (text: string): string => substitute(text, posargs, root, call.env);
    const env = Object.fromEntries(listOf(setting('setenv') ?? '', '\n').flatMap((line) => {
      const eq = line.indexOf('=');
      return eq > 0 ? [[line.slice(0, eq).trim(), fill(line.slice(eq + 1).trim())]] : [];
    }));
    const lines = ['commands_pre', 'commands', 'commands_post'].flatMap((key) => listOf(setting(key) ?? '', '\n'))
      .map((line) => fill(line.replace(/^[-!]\s*/, '')));
    const dir = setting('change_dir') ?? setting('changedir');
    bodies.push({ code: lines.join('\n'), label: `tox -e ${name}`, key: `${found.path}:${name}`, env, cwd: dir ? resolvePath(root, fill(dir)) : root });
  }
  return { kind: 'bodies', file, bodies };
}

/** `[section]` → key → value, continuation lines (indented) joined with newlines; comments dropped. */
function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  let key: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (/^\s*[#;]/.test(line) || line === '') continue;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      if (sections.size >= maxSections) break;
      section = new Map();
      sections.set(header[1].trim(), section);
      key = undefined;
      continue;
    }
    if (!section) continue;
    if (/^\s/.test(line) && key) {
      section.set(key, `${section.get(key) ?? ''}\n${line.trim()}`);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    key = line.slice(0, eq).trim();
    section.set(key, line.slice(eq + 1).trim());
  }
  return sections;
}

function listOf(value: string, separator: string | RegExp = /[,\n]/): string[] {
  return value.split(separator).map((s) => s.trim()).filter(Boolean);
}

/** tox's substitutions; one it does not know is a value nobody can see. */
function substitute(text: string, posargs: readonly string[], root: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\{([^{}]*)\}/g, (_m, inner: string) => {
    const [name, ...rest] = inner.split(':');
    if (name === 'posargs') return posargs.length > 0 ? posargs.join(' ') : rest.join(':');
    if (name === 'toxinidir' || name === 'tox_root') return root;
    if (name === 'env') return env[rest[0] ?? ''] ?? rest.slice(1).join(':');
    if (name === '/') return '/';
    return computedWord;
  });
}
