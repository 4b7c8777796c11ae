import { resolvePath } from '../paths';
import { dirOf, findFile, shellQuote, unreadableFile } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

/** A function of the magefile: a target when exported, `ns:name` for a method of an `mg.Namespace`. */
interface GoFunction {
  readonly name: string;
  /** Parameters in order, without a `context.Context`: what the line's arguments fill. */
  readonly params: readonly string[];
  readonly body: string;
  readonly exported: boolean;
}

/** Options of mage itself that do not run a target: listing, help, compiling, scaffolding. */
const reporting: ReadonlySet<string> = new Set(['-l', '-h', '-help', '--help', '-version', '-init', '-clean', '-compile']);
const valued: ReadonlySet<string> = new Set(['-d', '-w', '-t', '-gocmd', '-goos', '-goarch', '-ldflags', '-compile']);
const magefileNames = ['magefile.go', 'mage.go', 'magefiles/magefile.go', 'magefiles/mage.go', 'magefiles/main.go'];
const maxFunctions = 200;
const maxCalls = 256;
/** A value the magefile computes at run time: a word nobody can see. */
const computedWord = '${MAGE_COMPUTED}';

/** Calls whose effect is nothing outside the process (formatting, paths, logging, reading variables). */
const pureCalls = /^(?:fmt\.(?:Sprint\w*|Print\w*|Errorf)|strings\.\w+|strconv\.\w+|filepath\.\w+|path\.\w+|errors\.\w+|log\.\w+|time\.\w+|os\.(?:Getenv|LookupEnv|Setenv|Getwd|Chdir|Environ|Exit)|runtime\.\w+|mg\.(?:Verbose|Debug|GoCmd|Fatal\w*|CacheDir|ExitStatus)|target\.\w+|len|append|make|panic|new|string|int|int64|float64|bool|byte|rune|copy|cap|close|delete|print|println|sh\.CmdRan|sh\.ExitStatus|\w+\.(?:Error|String|Run|Output|CombinedOutput|Start|Wait))$/;

/**
 * `mage -d build deploy production`: the target's function in the magefile (`Deploy`, or `Db.Reset`
 * for `db:reset`), its `mg.Deps` first, read as the commands it runs: `sh.Run("cmd", args…)`,
 * `sh.RunV`, `sh.RunWith(env, …)`, `sh.Exec(env, out, err, …)`, `sh.Output`, `exec.Command(…)`,
 * `sh.Rm(path)`. Arguments are string literals, `+`, `fmt.Sprintf`, local string variables and the
 * target's parameters, which the line's arguments fill (`func Deploy(env string)`). A call the
 * reader does not know leaves the target judged by its name and arguments, with a note saying so.
 */
export function mageTargets(call: TaskCall): TaskOutcome | undefined {
  const { args } = call;
  let dir = call.cwd;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i].value;
    if (!a.startsWith('-')) break;
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (reporting.has(flag)) return undefined;
    if (!valued.has(flag)) continue;
    const value = eq > 0 ? a.slice(eq + 1) : args[++i]?.value;
    if (value === undefined) return undefined;
    if (flag === '-d') dir = resolvePath(dir, value, call.env.HOME);
  }
  const words = args.slice(i).map((w) => w.value);
  const label = `mage ${words.join(' ')}`.trim();
  const found = findFile(call.read, dir, magefileNames, false);
  if (!found) return undefined;
  const fileName = found.path.slice(dirOf(found.path).length + 1);
  if ('error' in found.file) return unreadableFile(label, fileName, found.file);
  const text = found.file.text;
  const functions = parseMagefile(text);
  const targets = new Map([...functions.values()].filter((f) => f.exported).map((f) => [f.name.toLowerCase(), f]));
  for (const [alias, name] of aliasesOf(text)) {
    const target = functions.get(name.replace('.', ':'));
    if (target) targets.set(alias.toLowerCase(), target);
  }

  const calls: { fn: GoFunction; values: Map<string, string> }[] = [];
  for (let w = 0; w < words.length; w++) {
    const fn = targets.get(words[w].toLowerCase());
    if (!fn) return { kind: 'unread', note: `${label}: ${fileName} has no target ${words[w]} Bulkhead can read; judged by its name` };
    const values = new Map<string, string>();
    for (const param of fn.params) {
      const value = words[++w];
      if (value === undefined) return { kind: 'unread', note: `${label}: ${fn.name} takes ${fn.params.length} argument${fn.params.length === 1 ? '' : 's'}; judged by its name` };
      values.set(param, value);
    }
    calls.push({ fn, values });
  }
  if (calls.length === 0) {
    const fallback = /^\s*var\s+Default\s*=\s*([\w.]+)/m.exec(text)?.[1];
    const fn = fallback ? functions.get(fallback.replace('.', ':')) : undefined;
    if (!fn) return undefined;
    calls.push({ fn, values: new Map() });
  }

  const bodies: TaskBody[] = [];
  const cwd = dirOf(found.path).replace(/\/magefiles$/, '');
  const seen = new Set<string>();
  const unknown: string[] = [];
  const add = (fn: GoFunction, values: ReadonlyMap<string, string>, depth: number): void => {
    if (seen.has(fn.name) || depth > 16 || seen.size >= maxFunctions) return;
    seen.add(fn.name);
    const reading = readBody(fn, values, functions);
    unknown.push(...reading.unknown);
    for (const dep of reading.deps) add(dep.fn, dep.values, depth + 1);
    if (reading.lines.length > 0) bodies.push({ code: reading.lines.join('\n'), label: `mage ${fn.name}`, key: `${found.path}:${fn.name}`, cwd });
  };
  for (const { fn, values } of calls) add(fn, values, 0);
  if (unknown.length > 0) {
    return { kind: 'unread', note: `${label}: ${fileName} calls ${[...new Set(unknown)].slice(0, 3).join(', ')}, which Bulkhead does not read; judged by its name` };
  }
  return { kind: 'bodies', file: fileName, bodies };
}

interface Reading {
  readonly lines: string[];
  readonly deps: { fn: GoFunction; values: Map<string, string> }[];
  readonly unknown: string[];
}

/** The commands a function's body runs, the functions it depends on or calls, and the calls it does not know. */
function readBody(fn: GoFunction, params: ReadonlyMap<string, string>, functions: ReadonlyMap<string, GoFunction>): Reading {
  const reading: Reading = { lines: [], deps: [], unknown: [] };
  const code = maskComments(fn.body);
  const variables = new Map(params);
  const evaluate = (expr: string): string => evaluateGo(expr, variables);
  // Local `name := "literal"` and `var name = …`, in order: later commands see them.
  for (const m of code.matchAll(/(?:^|[\s;{])(?:var\s+)?([A-Za-z_]\w*)\s*(?::=|=(?!=))\s*([^\n;]+)/g)) {
    if (!variables.has(m[1]) || !params.has(m[1])) variables.set(m[1], evaluate(m[2]));
  }
  let count = 0;
  for (const call of callsIn(code)) {
    if (++count > maxCalls) {
      reading.unknown.push(`over ${maxCalls} functions`);
      break;
    }
    const { name, args } = call;
    const argv = (from: number): string[] => args.slice(from).flatMap((a) => (a.trim().endsWith('...') ? [computedWord] : [evaluate(a)]));
    switch (name) {
      case 'sh.Run': case 'sh.RunV': case 'sh.Output': case 'exec.Command':
        reading.lines.push(argv(0).map(quote).join(' '));
        continue;
      case 'sh.RunWith': case 'sh.RunWithV': case 'sh.OutputWith': case 'exec.CommandContext':
        reading.lines.push(argv(1).map(quote).join(' '));
        continue;
      case 'sh.Exec':
        reading.lines.push(argv(3).map(quote).join(' '));
        continue;
      case 'sh.Rm': case 'os.RemoveAll': case 'os.Remove':
        reading.lines.push(`rm -rf ${argv(0).map(quote).join(' ')}`);
        continue;
      case 'sh.Copy':
        reading.lines.push(`cp ${argv(1).map(quote).join(' ')} ${argv(0).slice(0, 1).map(quote).join(' ')}`);
        continue;
      case 'os.MkdirAll': case 'os.Mkdir':
        reading.lines.push(`mkdir -p ${argv(0).slice(0, 1).map(quote).join(' ')}`);
        continue;
      case 'os.WriteFile': case 'os.Create':
        reading.lines.push(`touch ${argv(0).slice(0, 1).map(quote).join(' ')}`);
        continue;
      case 'mg.Deps': case 'mg.SerialDeps': case 'mg.CtxDeps': case 'mg.SerialCtxDeps':
        for (const arg of args.slice(name.includes('Ctx') ? 1 : 0)) reading.deps.push(...dependency(arg, functions, evaluate, reading.unknown));
        continue;
    }
    if (pureCalls.test(name) || name === 'mg.F') continue;
    const local = functions.get(name.replace('.', ':')) ?? functions.get(name);
    if (local) {
      const values = new Map<string, string>();
      local.params.forEach((param, index) => { if (args[index] !== undefined) values.set(param, evaluate(args[index])); });
      reading.deps.push({ fn: local, values });
      continue;
    }
    reading.unknown.push(name);
  }
  return reading;
}

/** `Build`, `Db.Reset`, `mg.F(Deploy, "staging")`. */
function dependency(arg: string, functions: ReadonlyMap<string, GoFunction>, evaluate: (e: string) => string, unknown: string[]): Reading['deps'] {
  const trimmed = arg.trim();
  const f = /^mg\.F\(\s*([\w.]+)\s*(?:,([\s\S]*))?\)$/.exec(trimmed);
  const name = (f ? f[1] : trimmed).replace(/^\w+\{\}\./, '').replace(/\(\)$/, '');
  const fn = functions.get(name.replace('.', ':')) ?? functions.get(name);
  if (!fn) {
    unknown.push(name);
    return [];
  }
  const values = new Map<string, string>();
  const given = f?.[2] ? splitArguments(f[2]) : [];
  fn.params.forEach((param, index) => { if (given[index] !== undefined) values.set(param, evaluate(given[index])); });
  return [{ fn, values }];
}

const quote = (word: string): string => (word === computedWord ? `"${word}"` : shellQuote(word));

/** A Go expression as far as literals, `+`, `fmt.Sprintf` and known variables go; the rest is computed. */
function evaluateGo(expr: string, variables: ReadonlyMap<string, string>): string {
  const e = expr.trim();
  const sprintf = /^fmt\.Sprintf\(([\s\S]*)\)$/.exec(e);
  if (sprintf) {
    const [format, ...rest] = splitArguments(sprintf[1]);
    let n = 0;
    return evaluateGo(format, variables).replace(/%[-+# 0-9.]*[svdqx]/g, () => evaluateGo(rest[n++] ?? '', variables));
  }
  const terms = splitOn(e, '+');
  if (terms.length > 1) return terms.map((t) => evaluateGo(t, variables)).join('');
  const string = /^"((?:[^"\\]|\\.)*)"$/.exec(e);
  if (string) return string[1].replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t' } as Record<string, string>)[c] ?? c);
  const raw = /^`([^`]*)`$/.exec(e);
  if (raw) return raw[1];
  if (/^-?\d+$/.test(e)) return e;
  return variables.get(e) ?? computedWord;
}

/** Calls in source order: `pkg.Name(args)` and `Name(args)`, with their top-level arguments. */
function* callsIn(code: string): Generator<{ name: string; args: string[] }> {
  const pattern = /(?<![\w.])((?:[A-Za-z_]\w*\.)?[A-Za-z_]\w*)\s*\(/g;
  let seen = 0;
  for (const m of code.matchAll(pattern)) {
    // An unclosed call makes each later one scan to the end: past this many, stop and say so.
    if (++seen > maxCalls * 4) {
      yield { name: `over ${maxCalls * 4} functions`, args: [] };
      return;
    }
    if (/^(?:if|for|switch|func|return|go|defer|select|range)$/.test(m[1])) continue;
    const open = (m.index ?? 0) + m[0].length - 1;
    const close = matching(code, open, '(', ')');
    if (close < 0) continue;
    yield { name: m[1], args: splitArguments(code.slice(open + 1, close)) };
  }
}

function splitArguments(list: string): string[] {
  return splitOn(list, ',').filter((a) => a.trim());
}

/** Splits on a character outside strings and brackets. */
function splitOn(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === '`' || c === "'") i = endOfString(text, i);
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function endOfString(text: string, at: number): number {
  const q = text[at];
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\' && q !== '`') i++;
    else if (text[i] === q) return i;
  }
  return text.length;
}

/** Index of the bracket closing the one at `open`, strings skipped; -1 when it is not closed. */
function matching(text: string, open: number, opener: string, closer: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === '`' || c === "'") i = endOfString(text, i);
    else if (c === opener) depth++;
    else if (c === closer && --depth === 0) return i;
  }
  return -1;
}

/** Comments blanked, strings kept: a call named in a comment is not a call. */
function maskComments(code: string): string {
  let out = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"' || c === '`' || c === "'") {
      const end = endOfString(code, i);
      out += code.slice(i, end + 1);
      i = end;
    } else if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      i = end < 0 ? code.length : end - 1;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : end + 1;
    } else out += c;
  }
  return out;
}

/** `var Aliases = map[string]interface{}{"b": Build, "reset": Db.Reset}`. */
function aliasesOf(text: string): [string, string][] {
  const block = /\bvar\s+Aliases\s*=\s*map\[string\](?:interface\{\}|any)\s*\{([^}]*)\}/.exec(text)?.[1] ?? '';
  return [...block.matchAll(/"([^"]+)"\s*:\s*([\w.]+)/g)].map((m) => [m[1], m[2]]);
}

/**
 * Functions by target name: `Build` → `build`'s function under `Build`; `func (Db) Reset()` on a
 * namespace type under `Db:Reset`. Bodies are matched by their braces.
 */
export function parseMagefile(text: string): Map<string, GoFunction> {
  const functions = new Map<string, GoFunction>();
  const code = maskComments(text);
  const namespaces = new Set([...code.matchAll(/\btype\s+([A-Z]\w*)\s+mg\.Namespace\b/g)].map((m) => m[1]));
  for (const m of code.matchAll(/^func\s+(?:\(\s*(?:\w+\s+)?\*?(\w+)\s*\)\s*)?([A-Za-z_]\w*)\s*\(/gm)) {
    if (functions.size >= maxFunctions) break;
    const open = (m.index ?? 0) + m[0].length - 1;
    const close = matching(code, open, '(', ')');
    if (close < 0) continue;
    const bodyOpen = code.indexOf('{', close);
    const bodyClose = bodyOpen < 0 ? -1 : matching(code, bodyOpen, '{', '}');
    // An unclosed body runs to the end of the file, and so would every function after it.
    if (bodyClose < 0) break;
    const receiver = m[1];
    if (receiver && !namespaces.has(receiver)) continue;
    const name = receiver ? `${receiver}:${m[2]}` : m[2];
    functions.set(name, {
      name,
      exported: /^[A-Z]/.test(m[2]) && (receiver === undefined || namespaces.has(receiver)),
      params: parametersOf(code.slice(open + 1, close)),
      body: code.slice(bodyOpen + 1, bodyClose),
    });
  }
  return functions;
}

/** `ctx context.Context, env string, n int` → `['env', 'n']`; `a, b string` names both. */
function parametersOf(list: string): string[] {
  const names: string[] = [];
  let pending: string[] = [];
  for (const part of splitArguments(list)) {
    const words = part.trim().split(/\s+/);
    if (words.length === 1) {
      pending.push(words[0]);
      continue;
    }
    const group = [...pending, words[0]];
    pending = [];
    if (!/context\.Context$/.test(words[words.length - 1])) names.push(...group);
  }
  return names;
}
