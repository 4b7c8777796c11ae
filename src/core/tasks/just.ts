import { resolvePath } from '../paths';
import { bindPositional, dirOf, findFile, unreadableFile } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

interface Parameter {
  readonly name: string;
  readonly fallback?: string;
  readonly variadic: boolean;
  readonly exported: boolean;
}

interface Recipe {
  readonly name: string;
  readonly parameters: Parameter[];
  /** `name` or `(name arg…)`, before and after `&&`. */
  readonly dependencies: { name: string; args: string[] }[];
  readonly body: string[];
}

interface Justfile {
  readonly recipes: Map<string, Recipe>;
  readonly aliases: Map<string, string>;
  readonly variables: Map<string, string>;
  readonly first?: string;
  readonly positional: boolean;
  readonly imports: boolean;
}

const reporting: ReadonlySet<string> = new Set(['-l', '--list', '--summary', '--show', '-s', '-n', '--dry-run', '--evaluate', '--dump', '--help', '-h',
  '--version', '-V', '--variables', '--fmt', '--edit', '-e', '--init', '--groups', '--choose', '--completions', '--man', '--changelog']);
const valued: ReadonlySet<string> = new Set(['-f', '--justfile', '-d', '--working-directory', '--dotenv-path', '--dotenv-filename', '--shell',
  '--shell-arg', '--color', '--chooser', '--command-color', '--list-heading', '--list-prefix', '-E']);
const computed = '${JUST_COMPUTED_VALUE}';
const maxRecipes = 200;

/** `just recipe args…`: the recipe's lines with its parameters bound from the line, dependencies first. */
export function justRecipes(call: TaskCall): TaskOutcome | undefined {
  const { args } = call;
  let file: string | undefined;
  let workdir: string | undefined;
  const overrides = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i].value;
    if (reporting.has(a)) return undefined;
    if (a === '--set') {
      if (args[i + 2] === undefined) return undefined;
      overrides.set(args[i + 1].value, args[i + 2].value);
      i += 2;
      continue;
    }
    if (valued.has(a)) {
      const value = args[++i]?.value;
      if (value === undefined) return undefined;
      if (a === '-f' || a === '--justfile') file = value;
      if (a === '-d' || a === '--working-directory') workdir = value;
      continue;
    }
    if (a.startsWith('-')) continue;
    const assignment = /^([A-Za-z_][A-Za-z0-9_-]*)=(.*)$/s.exec(a);
    if (!assignment) break;
    overrides.set(assignment[1], assignment[2]);
  }
  const words = args.slice(i).map((w) => w.value);
  const asTyped = ['just', ...words].join(' ');
  const found = file !== undefined
    ? findFile(call.read, call.cwd, [resolvePath(call.cwd, file, call.env.HOME)], false)
    : findFile(call.read, call.cwd, ['justfile', 'Justfile', '.justfile'], true);
  if (!found) return { kind: 'unread', note: `${asTyped}: no justfile here; judged by its name` };
  if ('error' in found.file) return unreadableFile(asTyped, 'the justfile', found.file);
  const justfile = parseJustfile(found.file.text);
  for (const [name, value] of overrides) justfile.variables.set(name, value);
  const cwd = workdir !== undefined ? resolvePath(call.cwd, workdir, call.env.HOME) : dirOf(found.path);
  const bodies: TaskBody[] = [];
  const done = new Set<string>();
  const lookup = (name: string) => justfile.recipes.get(justfile.aliases.get(name) ?? name);
  const run = (recipe: Recipe, values: readonly string[]): string | undefined => {
    const key = `${recipe.name}(${values.join(' ')})`;
    if (done.has(key)) return undefined;
    done.add(key);
    if (done.size > maxRecipes) return `more than ${maxRecipes} recipes`;
    const bound = new Map(justfile.variables);
    const env: Record<string, string> = {};
    recipe.parameters.forEach((p, n) => {
      const value = p.variadic ? values.slice(n).join(' ') : values[n] ?? (p.fallback !== undefined ? interpolate(p.fallback, bound) : '');
      bound.set(p.name, value);
      if (p.exported) env[p.name] = value;
    });
    for (const dependency of recipe.dependencies) {
      const target = lookup(dependency.name);
      if (!target) continue;
      const stop = run(target, dependency.args.map((a) => interpolate(a, bound)));
      if (stop) return stop;
    }
    const text = recipe.body.map((line) => interpolate(line, bound)).join('\n');
    const code = justfile.positional ? bindPositional(text, values) : text;
    if (code.startsWith('#!')) {
      if (!/^#!\s*\S*?\/(?:env\s+)?(?:ba|z|da)?sh\b/.test(code)) return `a recipe in another language (${code.slice(2, code.indexOf('\n') >>> 0).trim()})`;
      bodies.push({ code, label: `just ${recipe.name}`, key: `${found.path}:${recipe.name}`, cwd, env });
      return undefined;
    }
    for (const line of code.split('\n')) {
      const command = line.replace(/^[@-]+/, '');
      if (command.trim()) bodies.push({ code: command, label: `just ${recipe.name}`, key: `${found.path}:${recipe.name}`, cwd, env });
    }
    return undefined;
  };
  let rest = words.length > 0 ? words : justfile.first ? [justfile.first] : [];
  if (rest.length === 0) return { kind: 'unread', note: `just: the justfile has no recipes; judged by its name` };
  while (rest.length > 0) {
    const recipe = lookup(rest[0]);
    if (!recipe) {
      const also = justfile.imports ? ' (it imports files Bulkhead does not read)' : '';
      return { kind: 'unread', note: `just ${rest.join(' ')}: the justfile has no recipe ${rest[0]}${also}; judged by its name` };
    }
    // A recipe takes as many arguments as it has parameters; the words after them name the next recipe.
    const variadic = recipe.parameters.some((p) => p.variadic);
    const count = variadic ? rest.length - 1 : Math.min(recipe.parameters.length, rest.length - 1);
    const stop = run(recipe, rest.slice(1, 1 + count));
    if (stop) return { kind: 'opaque', ruleId: 'tasks.just-unread', reason: `${asTyped}: the justfile runs ${stop}, which Bulkhead does not read` };
    rest = rest.slice(1 + count);
  }
  return { kind: 'bodies', file: 'justfile', bodies };
}

function parseJustfile(text: string): Justfile {
  const recipes = new Map<string, Recipe>();
  const aliases = new Map<string, string>();
  const variables = new Map<string, string>();
  let first: string | undefined;
  let positional = false;
  let imports = false;
  let current: Recipe | undefined;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (current && (/^[ \t]/.test(line) || line.trim() === '')) {
      if (line.trim() !== '' || current.body.length > 0) current.body.push(line.replace(/^[ \t]+/, ''));
      continue;
    }
    current = undefined;
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('[')) continue;
    if (/^set\s+positional-arguments\b/.test(trimmed)) positional = !/:=\s*false/.test(trimmed);
    if (/^(?:set|mod|import)\b/.test(trimmed)) {
      if (!trimmed.startsWith('set')) imports = true;
      continue;
    }
    const alias = /^alias\s+(\S+)\s*:=\s*(\S+)/.exec(trimmed);
    if (alias) {
      aliases.set(alias[1], alias[2]);
      continue;
    }
    const assignment = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*:=\s*(.*)$/.exec(trimmed);
    if (assignment) {
      variables.set(assignment[1], expression(assignment[2], variables));
      continue;
    }
    const header = /^@?([A-Za-z_][A-Za-z0-9_-]*)((?:\s+[^:]*?)?)\s*:(?!=)(.*)$/.exec(trimmed);
    if (!header) continue;
    const recipe: Recipe = { name: header[1], parameters: parameters(header[2]), dependencies: dependencies(header[3]), body: [] };
    recipes.set(recipe.name, recipe);
    first ??= recipe.name;
    current = recipe;
  }
  for (const recipe of recipes.values()) while (recipe.body.length > 0 && recipe.body[recipe.body.length - 1].trim() === '') recipe.body.pop();
  return { recipes, aliases, variables, first, positional, imports };
}

function parameters(text: string): Parameter[] {
  const out: Parameter[] = [];
  for (const match of text.matchAll(/([+*]?)(\$?)([A-Za-z_][A-Za-z0-9_-]*)(?:=("[^"]*"|'[^']*'|[^\s'"]+))?/g)) {
    out.push({ name: match[3], variadic: match[1] !== '', exported: match[2] === '$', fallback: match[4] });
  }
  return out;
}

function dependencies(text: string): { name: string; args: string[] }[] {
  const out: { name: string; args: string[] }[] = [];
  for (const match of text.replace(/#.*$/, '').matchAll(/\(([^)]*)\)|([A-Za-z_][A-Za-z0-9_-]*)/g)) {
    if (match[2]) out.push({ name: match[2], args: [] });
    else {
      const [name, ...args] = match[1].match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
      if (name) out.push({ name, args: args.map((a) => (/^["']/.test(a) ? a : `{{${a}}}`)) });
    }
  }
  return out;
}

/** A string literal or a variable; anything computed (backticks, functions, `+`) is a value known only at run time. */
function expression(text: string, variables: ReadonlyMap<string, string>): string {
  const value = text.replace(/\s+#.*$/, '').trim();
  const quoted = /^(?:"([^"\\]*)"|'([^']*)')$/.exec(value);
  if (quoted) return quoted[1] ?? quoted[2];
  return variables.get(value) ?? computed;
}

function interpolate(text: string, bound: ReadonlyMap<string, string>): string {
  const unquoted = /^(?:"([^"]*)"|'([^']*)')$/.exec(text);
  if (unquoted) return unquoted[1] ?? unquoted[2];
  return text.replace(/\{\{\{\{/g, '\u0000').replace(/\{\{(.*?)\}\}/g, (_m, expr: string) => {
    const name = expr.trim();
    const value = bound.get(name);
    // Interpolated text is pasted into the shell line as is, which is what just does.
    if (value !== undefined) return value;
    return expression(name, bound);
  }).replace(/\u0000/g, '{{');
}
