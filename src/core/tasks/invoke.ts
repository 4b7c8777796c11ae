import { resolvePath } from '../paths';
import { scanScript } from '../shell/interpreters';
import { dirOf, findFile, shellQuote, unreadableFile } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

/** One function of tasks.py: a task when decorated with `@task`. */
export interface PythonFunction {
  readonly name: string;
  /** Its decorators' source, one per line. */
  readonly decorators: string;
  readonly isTask: boolean;
  /** `@task(default=True)`: what a bare `invoke` runs. */
  readonly isDefault: boolean;
  /** Parameter names after the context, with their default as Python source when they have one. */
  readonly params: readonly { readonly name: string; readonly default?: string }[];
  /** The first parameter: what `c.run(…)` is called on. */
  readonly context?: string;
  /** `@task(pre=[a, b])` and `@task(a, b)`: tasks run before; `post=[…]` after. */
  readonly pre: readonly string[];
  readonly post: readonly string[];
  readonly body: string;
}

/** Options of invoke itself that end the run before any task (listing, help, completion). */
const reporting: ReadonlySet<string> = new Set(['-l', '--list', '-h', '--help', '-V', '--version', '--complete', '--print-completion-script', '-R', '--dry']);
const valued: ReadonlySet<string> = new Set(['-c', '--collection', '-r', '--search-root', '-f', '--config', '-D', '--list-depth', '-F', '--list-format',
  '-T', '--command-timeout', '--hide', '--write-pyc', '-t', '--connect-timeout', '-H', '--hosts', '-i', '--identity', '-S', '--ssh-config']);
const maxFunctions = 200;
/** Lines a decorator or signature may continue over; an unclosed one past this is read as it stands. */
const maxContinuation = 64;
/** A command the task computes at run time: eval of a variable nobody can see, which the walk calls unknown. */
const computed = 'eval "$INVOKE_COMPUTED_COMMAND"';

/**
 * `invoke deploy --env production test`: the `@task` functions of tasks.py (or the module `-c`
 * names), `pre` tasks first, read by the Python scanner with `c.run("…")` as the shell line it is.
 * The line's flags are bound to the task's parameters (`--env production` → `env = "production"`,
 * defaults otherwise), so a body that formats them into its commands is judged with their values.
 * A task tasks.py does not define, or a line whose words Bulkhead cannot place, is judged by its
 * name as before, with a note saying why.
 */
export function invokeTasks(call: TaskCall): TaskOutcome | undefined {
  const { args } = call;
  let dir = call.cwd;
  let collection: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i].value;
    if (reporting.has(a)) return undefined;
    if (!a.startsWith('-')) break;
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (!valued.has(flag)) continue;
    const value = eq > 0 ? a.slice(eq + 1) : args[++i]?.value;
    if (value === undefined) return undefined;
    if (flag === '-c' || flag === '--collection') collection = value;
    if (flag === '-r' || flag === '--search-root') dir = resolvePath(dir, value, call.env.HOME);
  }
  const label = `invoke ${args.slice(i).map((w) => w.value).join(' ')}`.trim();
  const module = collection?.replace(/\.py$/, '');
  if (module !== undefined && !/^[\w.]+$/.test(module)) return { kind: 'unread', note: `${label}: the collection ${collection} is not a module name Bulkhead can find; judged by its name` };
  const path = module ?? 'tasks';
  const found = findFile(call.read, dir, [`${path.replace(/\./g, '/')}.py`, `${path.replace(/\./g, '/')}/__init__.py`], true);
  if (!found) return undefined;
  const fileName = found.path.slice(dirOf(found.path).length + 1);
  if ('error' in found.file) return unreadableFile(label, fileName, found.file);
  const functions = parseTasksFile(found.file.text);
  const constants = moduleConstants(found.file.text);

  // Each task name, then its flags, until the next word that names a task.
  const calls: { task: PythonFunction; values: Map<string, string> }[] = [];
  for (; i < args.length; i++) {
    const word = args[i].value;
    const task = functions.get(word.replace(/-/g, '_'));
    if (!word.startsWith('-')) {
      if (!task?.isTask) return { kind: 'unread', note: `${label}: ${fileName} defines no task ${word} Bulkhead can read; judged by its name` };
      calls.push({ task, values: new Map() });
      continue;
    }
    const current = calls[calls.length - 1];
    if (!current) return undefined;
    const eq = word.indexOf('=');
    const flag = eq > 0 ? word.slice(0, eq) : word;
    const param = parameterOf(current.task, flag);
    if (!param) return { kind: 'unread', note: `${label}: task ${current.task.name} takes no option ${flag}; judged by its name` };
    const takesValue = eq > 0 || !isBooleanDefault(param.default);
    const value = eq > 0 ? word.slice(eq + 1) : takesValue ? args[++i]?.value : flag.startsWith('--no-') ? 'False' : 'True';
    if (value === undefined) return { kind: 'unread', note: `${label}: ${flag} has no value; judged by its name` };
    current.values.set(param.name, value);
  }
  if (calls.length === 0) {
    const fallback = [...functions.values()].find((f) => f.isDefault);
    if (!fallback) return undefined;
    calls.push({ task: fallback, values: new Map() });
  }

  const bodies: TaskBody[] = [];
  const cwd = dirOf(found.path);
  const seen = new Set<string>();
  const add = (fn: PythonFunction, values: ReadonlyMap<string, string>, depth: number): void => {
    if (seen.has(fn.name) || depth > 16 || seen.size >= maxFunctions) return;
    seen.add(fn.name);
    for (const name of fn.pre) { const pre = functions.get(name); if (pre) add(pre, new Map(), depth + 1); }
    const code = shellOf(`${constants}${bind(fn, values)}`);
    if (code) bodies.push({ code, label: fn.isTask ? `invoke ${fn.name.replace(/_/g, '-')}` : `${fileName} ${fn.name}`, key: `${found.path}:${fn.name}`, cwd });
    // Tasks and helpers of the same file the body calls directly: `deploy(c)`, `_upload(c, env)`.
    const called = new Map<string, string>();
    for (const m of fn.body.matchAll(/(?<![\w.])([A-Za-z_]\w*)\s*\(([^()]*)\)?/g)) if (!called.has(m[1])) called.set(m[1], m[2]);
    for (const [name, list] of called) {
      const other = functions.get(name);
      if (other && other.name !== fn.name) add(other, literalArguments(other, list), depth + 1);
    }
    for (const name of fn.post) { const post = functions.get(name); if (post) add(post, new Map(), depth + 1); }
  };
  for (const { task, values } of calls) add(task, values, 0);
  return { kind: 'bodies', file: fileName, bodies };
}

/** The literal arguments of a call (`_drop(c, 'acme_prod')`, `deploy(c, env="prod")`), by the parameter they fill. */
function literalArguments(fn: PythonFunction, list: string): Map<string, string> {
  const values = new Map<string, string>();
  const literal = /^\s*(?:(\w+)\s*=\s*)?(?:"([^"\\\n]*)"|'([^'\\\n]*)'|(-?\d+))\s*$/;
  // The context is the first argument; a task's parameters start after it.
  const args = splitTopLevel(list).slice(fn.isTask ? 1 : 0);
  args.forEach((arg, index) => {
    const m = literal.exec(arg);
    const param = m?.[1] ? fn.params.find((p) => p.name === m[1]) : fn.params[index];
    if (m && param) values.set(param.name, m[2] ?? m[3] ?? m[4]);
  });
  return values;
}

/** `--env`, `-e`, `--dry-run` for `dry_run`, `--no-force` for a flag that defaults to True. */
function parameterOf(fn: PythonFunction, flag: string): PythonFunction['params'][number] | undefined {
  if (flag.startsWith('--')) {
    const name = flag.slice(2).replace(/-/g, '_');
    return fn.params.find((p) => p.name === name || (name.startsWith('no_') && p.name === name.slice(3) && p.default === 'True'));
  }
  // Invoke gives each parameter the short flag of its first letter, the first parameter taking it.
  return fn.params.find((p) => flag === `-${p.name[0]}`);
}

const isBooleanDefault = (value: string | undefined): boolean => value === 'True' || value === 'False';

/** The body with its parameters assigned first, as the line binds them or their defaults say. */
function bind(fn: PythonFunction, values: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  for (const param of fn.params) {
    const value = values.get(param.name);
    if (value !== undefined) lines.push(`${param.name} = ${JSON.stringify(value)}`);
    else if (param.default !== undefined && /^(?:"[^"\\\n]*"|'[^'\\\n]*'|-?\d+|True|False)$/.test(param.default)) lines.push(`${param.name} = ${param.default}`);
  }
  const context = fn.context;
  // `c.run("…")`, `c.sudo("…")`: a shell line, as `os.system` takes one.
  const body = context ? fn.body.replace(new RegExp(`(?<![\\w.])${context}\\.(?:run|sudo|local)\\s*\\(`, 'g'), 'os.system(') : fn.body;
  return [...lines, body].join('\n');
}

/** What a task's Python runs, as shell lines. */
export function shellOf(python: string): string {
  const scan = scanScript('python', python);
  const lines = [...scan.commands, ...scan.argvs.filter((argv) => argv.length > 0).map((argv) => argv.map(shellQuote).join(' '))];
  for (const file of scan.files) lines.push(`cat ${shellQuote(file)}`);
  if (scan.opaque) lines.push(computed);
  return lines.join('\n');
}

/**
 * The module's top-level functions by name, with their decorators, parameters and bodies. A body is
 * the indented block under the `def`; decorators and signatures may span lines.
 */
export function parseTasksFile(text: string): Map<string, PythonFunction> {
  const functions = new Map<string, PythonFunction>();
  const lines = text.split('\n');
  let decorators = '';
  for (let n = 0; n < lines.length && functions.size < maxFunctions; n++) {
    const line = lines[n];
    if (/^@/.test(line)) {
      let decorator = line;
      for (let more = 0; more < maxContinuation && unbalanced(decorator) && n + 1 < lines.length; more++) decorator += `\n${lines[++n]}`;
      decorators += `${decorator}\n`;
      continue;
    }
    const def = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/.exec(line);
    if (!def) {
      if (line.trim() && !line.startsWith('#')) decorators = '';
      continue;
    }
    let signature = line;
    for (let more = 0; more < maxContinuation && unbalanced(signature) && n + 1 < lines.length; more++) signature += `\n${lines[++n]}`;
    const body: string[] = [];
    while (n + 1 < lines.length && (/^\s/.test(lines[n + 1]) || lines[n + 1].trim() === '')) body.push(lines[++n]);
    const task = /^@(?:invoke\.)?task\b(\(([\s\S]*)\))?/m.exec(decorators);
    const params = parametersOf(signature.slice(signature.indexOf('(') + 1, signature.lastIndexOf(')')));
    functions.set(def[1], {
      name: def[1],
      decorators,
      isTask: task !== null,
      isDefault: task?.[2] !== undefined && /\bdefault\s*=\s*True\b/.test(task[2]),
      context: params[0]?.name,
      params: task ? params.slice(1) : params,
      pre: task?.[2] ? taskList(task[2], 'pre') : [],
      post: task?.[2] ? taskList(task[2], 'post') : [],
      body: dedent(body),
    });
    decorators = '';
  }
  return functions;
}

/**
 * The module's one-line assignments of literals (`REGISTRY = "registry.acme.com"`), which task
 * bodies format into their commands; anything computed is left for the scanner to call unknown.
 */
function moduleConstants(text: string): string {
  const lines = text.split('\n').filter((line) => /^[A-Za-z_]\w*\s*=\s*(?:f?"[^"\\\n]*"|f?'[^'\\\n]*'|-?\d+|True|False)\s*(?:#.*)?$/.test(line));
  return lines.length > 0 ? `${lines.slice(0, maxFunctions).join('\n')}\n` : '';
}

/** `@task(clean, build)` and `@task(pre=[clean], post=[notify])`. */
function taskList(args: string, which: 'pre' | 'post'): string[] {
  const named = new RegExp(`\\b${which}\\s*=\\s*\\[([^\\]]*)\\]`).exec(args);
  const positional = which === 'pre' ? args.replace(/\w+\s*=\s*(\[[^\]]*\]|[^,]+)/g, '') : '';
  return [named?.[1] ?? '', positional].join(',').split(',').map((s) => s.trim()).filter((s) => /^[A-Za-z_]\w*$/.test(s));
}

function parametersOf(list: string): { name: string; default?: string }[] {
  return splitTopLevel(list).map((p) => {
    const m = /^\*{0,2}([A-Za-z_]\w*)\s*(?::[^=]*)?(?:=\s*([\s\S]+))?$/.exec(p.trim());
    return m ? { name: m[1], ...(m[2] !== undefined ? { default: m[2].trim() } : {}) } : { name: '' };
  }).filter((p) => p.name);
}

export function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.filter((p) => p.trim());
}

export function unbalanced(text: string): boolean {
  const stripped = text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#.*$/gm, '');
  return (stripped.match(/[([{]/g)?.length ?? 0) > (stripped.match(/[)\]}]/g)?.length ?? 0);
}

function dedent(lines: readonly string[]): string {
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}
