import type { TargetHint } from '../model';
import { resolvePath } from '../paths';
import { standaloneStageNames } from '../targets/stages';
import { dirOf, findFile, shellQuote, unreadableFile } from './files';
import { parseTasksFile, type PythonFunction, shellOf, splitTopLevel } from './invoke';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

/** Options of nox that run no session: listing, help, version. */
const reporting: ReadonlySet<string> = new Set(['-l', '--list', '--list-sessions', '--json', '-h', '--help', '--version', '--usage']);
const valued: ReadonlySet<string> = new Set(['-f', '--noxfile', '--envdir', '-p', '--python', '--pythons', '-t', '--tags', '-k', '--keywords',
  '--extra-python', '--extra-pythons', '--force-python', '-P', '--default-venv-backend', '-db', '--force-venv-backend', '-fb', '--download-python']);
const sessionFlags: ReadonlySet<string> = new Set(['-s', '-e', '--session', '--sessions']);
/** A value the noxfile computes at run time: a word nobody can see. */
const computedWord = '${NOX_COMPUTED_VALUE}';
const maxCalls = 256;

/**
 * `nox -s deploy -- production`: the `@nox.session` functions of noxfile.py, read as the commands
 * they run: `session.run("cmd", "arg", …)` (also `run_always`, `run_install`) with string literals
 * and `*session.posargs` (the words after `--`), `session.install(…)` as pip, `session.chdir(…)`,
 * and whatever else the Python scanner finds (`subprocess.run`, `os.system`). A session the file
 * does not define is judged by its name, with a note saying why.
 */
export function noxSessions(call: TaskCall): TaskOutcome | undefined {
  const { args } = call;
  let file = 'noxfile.py';
  const wanted: string[] = [];
  let posargs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (a === '--') {
      posargs = args.slice(i + 1).map((w) => w.value);
      break;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (reporting.has(flag)) return undefined;
    if (sessionFlags.has(flag)) {
      // `-s a b` takes every word up to the next option.
      if (eq > 0) wanted.push(...a.slice(eq + 1).split(','));
      while (i + 1 < args.length && !args[i + 1].value.startsWith('-')) wanted.push(...args[++i].value.split(','));
      continue;
    }
    if (valued.has(flag)) {
      const value = eq > 0 ? a.slice(eq + 1) : args[++i]?.value;
      if (value === undefined) return undefined;
      if (flag === '-f' || flag === '--noxfile') file = value;
    }
  }
  const label = `nox${wanted.length > 0 ? ` -s ${wanted.join(' ')}` : ''}`;
  const path = resolvePath(call.cwd, file, call.env.HOME);
  const found = findFile(call.read, dirOf(path), [path.slice(path.lastIndexOf('/') + 1)], false);
  if (!found) return undefined;
  if ('error' in found.file) return unreadableFile(label, file, found.file);
  const sessions = new Map<string, PythonFunction>();
  for (const fn of parseTasksFile(found.file.text).values()) {
    const decorator = /^@nox\.session\b(?:\(([\s\S]*?)\))?\s*$/m.exec(fn.decorators);
    if (!decorator) continue;
    const named = /\bname\s*=\s*["']([^"']+)["']/.exec(decorator[1] ?? '');
    sessions.set(named?.[1] ?? fn.name, fn);
  }
  // With no session named, nox runs the sessions nox.options.sessions lists, else every one.
  const chosen = wanted.length > 0 ? wanted : [...sessions.keys()];
  const bodies: TaskBody[] = [];
  for (const name of chosen) {
    // `-s tests-3.12` picks the parametrised session `tests`.
    const fn = sessions.get(name) ?? sessions.get(name.replace(/-\d+(?:\.\d+)*$/, ''));
    if (!fn) return { kind: 'unread', note: `${label}: ${file} has no session ${name} Bulkhead can read; judged by its name` };
    bodies.push({ code: sessionCommands(fn, posargs), label: `nox -s ${name}`, key: `${found.path}:${fn.name}`, cwd: dirOf(found.path), targets: computedFromPosargs(fn, posargs, name) });
  }
  return { kind: 'bodies', file, bodies };
}

/** The shell lines a session's body runs. */
function sessionCommands(fn: PythonFunction, posargs: readonly string[]): string {
  const session = fn.context ?? 'session';
  const lines: string[] = [];
  const calls = new RegExp(`(?<![\\w.])${session}\\.(run|run_always|run_install|install|chdir|cd)\\s*\\(`, 'g');
  let count = 0;
  let rest = fn.body;
  for (const m of fn.body.matchAll(calls)) {
    if (++count > maxCalls) {
      lines.push(`eval "${computedWord}"`);
      break;
    }
    const open = (m.index ?? 0) + m[0].length;
    const close = closingParen(fn.body, open);
    const argv = splitTopLevel(fn.body.slice(open, close)).flatMap((arg) => argument(arg.trim(), session, posargs));
    if (m[1] === 'install') lines.push(['pip', 'install', ...argv].map(shellQuote).join(' '));
    else if (m[1] === 'chdir' || m[1] === 'cd') lines.push(`cd ${argv.map(shellQuote).join(' ')}`);
    else if (argv.length > 0) lines.push(argv.map(shellQuote).join(' '));
    rest = rest.replace(fn.body.slice(m.index ?? 0, close + 1), 'None');
  }
  const other = shellOf(rest);
  return [...lines, ...(other ? [other] : [])].join('\n');
}

/**
 * A session that computes from its arguments (`env = session.posargs[0]`, then `f"inventories/{env}.ini"`)
 * builds words nobody can see; the stages its arguments name are where it acts.
 */
function computedFromPosargs(fn: PythonFunction, posargs: readonly string[], name: string): TargetHint[] | undefined {
  const session = fn.context ?? 'session';
  if (!new RegExp(`(?<![*\\w.])${session}\\.posargs\\b`).test(fn.body)) return undefined;
  const stages = posargs.slice(0, 16).flatMap((word) => word.split('=')).filter((word) => standaloneStageNames.has(word.toLowerCase()));
  return stages.map((value) => ({ kind: 'stage', value, source: `the arguments of nox -s ${name}` }));
}

/** One argument of `session.run(…)` as the words it gives the command; keyword arguments give none. */
function argument(arg: string, session: string, posargs: readonly string[]): string[] {
  if (/^[A-Za-z_]\w*\s*=[^=]/.test(arg)) return [];
  if (arg === `*${session}.posargs`) return [...posargs];
  const literal = /^(?:[rRbB]?"((?:[^"\\]|\\.)*)"|[rRbB]?'((?:[^'\\]|\\.)*)')$/.exec(arg);
  return [literal ? (literal[1] ?? literal[2]) : computedWord];
}

function closingParen(text: string, from: number): number {
  let depth = 1;
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && --depth === 0) return i;
  }
  return text.length;
}
