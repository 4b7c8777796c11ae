import { resolvePath } from '../paths';
import { findFile, unreadableFile } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

interface Rule {
  readonly target: string;
  readonly prerequisites: string[];
  readonly recipe: string[];
}

interface Variable {
  readonly value: string;
  /** `=` expands when used; `:=` was expanded when set. */
  readonly recursive: boolean;
}

interface Makefile {
  readonly rules: Map<string, Rule>;
  /** `deploy-%: …`, in the order written. */
  readonly patterns: Rule[];
  readonly variables: Map<string, Variable>;
  readonly firstTarget?: string;
  readonly includes: boolean;
}

/** Options of make that report instead of building: their run is a read, as the words say. */
const reportingOptions = /^(?:--dry-run|--just-print|--recon|--question|--help|--version|-(?![fCIoW])[a-zA-Z]*[nqv][a-zA-Z]*|-h)$/;
const valuedOptions: ReadonlySet<string> = new Set(['-f', '--file', '--makefile', '-C', '--directory', '-I', '--include-dir', '-o', '--old-file',
  '--assume-old', '-W', '--what-if', '--new-file', '--assume-new', '--eval']);
/** Variables and function calls nested inside each other, and targets reached through prerequisites. */
const maxExpansionDepth = 16;
const maxTargets = 200;
/** A stand-in for what make computes at run time (`$(shell …)`, `$(wildcard …)`): a word the shell walk treats as unknown. */
const computed = '${MAKE_COMPUTED_VALUE}';

/**
 * `make T VAR=…`: the recipes of the targets named (or the default goal), prerequisites first, with
 * the line's variables and the Makefile's own assignments put in and `@`/`-`/`+` stripped. A
 * recursive `$(MAKE)` in a recipe is a make command like any other, read again up to the task depth.
 */
export function makeRecipes(call: TaskCall): TaskOutcome | undefined {
  const { args } = call;
  let dir = call.cwd;
  let file: string | undefined;
  const goals: string[] = [];
  const lineVariables = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (reportingOptions.test(a)) return undefined;
    if (a.startsWith('-')) {
      const eq = a.startsWith('--') ? a.indexOf('=') : -1;
      const name = eq > 0 ? a.slice(0, eq) : /^-[fCIoW]./.test(a) ? a.slice(0, 2) : a;
      const attached = eq > 0 ? a.slice(eq + 1) : name !== a ? a.slice(2) : undefined;
      // -j and -l take an optional number.
      if ((a === '-j' || a === '-l') && /^\d+(?:\.\d+)?$/.test(args[i + 1]?.value ?? '')) i++;
      if (!valuedOptions.has(name)) continue;
      const value = attached ?? args[++i]?.value;
      if (value === undefined) return undefined;
      if (name === '-C' || name === '--directory') dir = resolvePath(dir, value, call.env.HOME);
      if (name === '-f' || name === '--file' || name === '--makefile') {
        if (value === '-') return undefined;
        file = value;
      }
      continue;
    }
    const assignment = /^([A-Za-z_][A-Za-z0-9_.-]*)\s*:{0,2}=(.*)$/s.exec(a);
    if (assignment) lineVariables.set(assignment[1], assignment[2]);
    else goals.push(a);
  }
  const asTyped = goals.length > 0 ? `make ${goals.join(' ')}` : 'make';
  const found = file !== undefined
    ? findFile(call.read, dir, [resolvePath(dir, file, call.env.HOME)], false)
    : findFile(call.read, dir, ['GNUmakefile', 'makefile', 'Makefile'], false);
  if (!found) return { kind: 'unread', note: `${asTyped}: no Makefile here; judged by its name` };
  const shown = file ?? found.path.slice(found.path.lastIndexOf('/') + 1);
  if ('error' in found.file) return unreadableFile(asTyped, shown, found.file);
  const makefile = parseMakefile(found.file.text, lineVariables, (name) => {
    const included = call.read(resolvePath(dir, name, call.env.HOME));
    return 'text' in included ? included.text : undefined;
  });
  const expander = new Expander(makefile, lineVariables, call.env, dir);
  const defaultGoal = expander.variable('.DEFAULT_GOAL').trim() || makefile.firstTarget;
  const wanted = goals.length > 0 ? goals : defaultGoal ? [defaultGoal] : [];
  if (wanted.length === 0) return { kind: 'unread', note: `make: ${shown} has no target to run; judged by its name` };
  const bodies: TaskBody[] = [];
  const done = new Set<string>();
  const env = Object.fromEntries(lineVariables);
  const visit = (target: string, depth: number): string | undefined => {
    if (done.has(target)) return undefined;
    done.add(target);
    if (depth > maxExpansionDepth || done.size > maxTargets) return `more than ${maxTargets} targets or ${maxExpansionDepth} levels of prerequisites`;
    const rule = ruleFor(makefile, target);
    if (!rule) return undefined;
    for (const prerequisite of rule.prerequisites.flatMap((p) => expander.expand(p, rule).split(/\s+/)).filter(Boolean)) {
      const stop = visit(prerequisite, depth + 1);
      if (stop) return stop;
    }
    for (const line of rule.recipe) {
      const code = expander.expand(line, rule).replace(/^[\s@+-]+/, '');
      if (code.trim()) bodies.push({ code, label: `make ${target}`, key: `${found.path}:${target}`, cwd: dir, env });
    }
    return undefined;
  };
  for (const goal of wanted) {
    if (!ruleFor(makefile, goal)) {
      const also = makefile.includes ? ' (it includes files Bulkhead does not read)' : '';
      return { kind: 'unread', note: `make ${goal}: ${shown} has no target ${goal}${also}; judged by its name` };
    }
    const stop = visit(goal, 0);
    if (stop) return { kind: 'opaque', ruleId: 'tasks.make-too-deep', reason: `${asTyped}: ${shown} reaches ${stop}, so Bulkhead stops reading it` };
  }
  return { kind: 'bodies', file: shown, bodies };
}

function ruleFor(makefile: Makefile, target: string): Rule | undefined {
  const rule = makefile.rules.get(target);
  if (rule && (rule.recipe.length > 0 || rule.prerequisites.length > 0)) return rule;
  for (const pattern of makefile.patterns) {
    const [head, tail] = splitPattern(pattern.target);
    if (target.length >= head.length + tail.length && target.startsWith(head) && target.endsWith(tail)) {
      const stem = target.slice(head.length, target.length - tail.length);
      return { target, prerequisites: pattern.prerequisites.map((p) => p.replace('%', stem)), recipe: pattern.recipe.map((l) => l.replace(/\$\*|\$\(\*\)/g, stem)) };
    }
  }
  return rule;
}

function splitPattern(pattern: string): [string, string] {
  const at = pattern.indexOf('%');
  return [pattern.slice(0, at), pattern.slice(at + 1)];
}

const directive = /^(?:ifeq|ifneq|ifdef|ifndef|else|endif|vpath|unexport|\.?undefine)\b/;

/** Files a Makefile includes, at most, with what they include. */
const maxIncludes = 16;

/**
 * `include env/$(ENV).mk` reads the file its name expands to, with the line's variables (they
 * override the Makefile's); a name that cannot be read or is a wildcard leaves `includes` set.
 */
function parseMakefile(text: string, lineVariables: ReadonlyMap<string, string>, include: (name: string) => string | undefined): Makefile {
  const rules = new Map<string, Rule>();
  const patterns: Rule[] = [];
  const variables = new Map<string, Variable>();
  let firstTarget: string | undefined;
  let includes = false;
  let current: Rule[] = [];
  let inDefine = false;
  const split = (source: string) => source.replace(/\r\n/g, '\n').replace(/\\\n/g, ' ').split('\n');
  const lines = split(text);
  let included = 0;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n];
    if (inDefine) {
      if (/^\s*endef\b/.test(raw)) inDefine = false;
      continue;
    }
    if (raw.startsWith('\t')) {
      if (current.length > 0) for (const rule of current) rule.recipe.push(raw.slice(1));
      continue;
    }
    const line = raw.replace(/(^|[^\\])#.*$/, '$1').trim();
    if (!line || directive.test(line)) continue;
    const including = /^(?:-|s)?include\s+(.*)$/.exec(line);
    if (including) {
      const known = new Map([...variables, ...[...lineVariables].map(([name, value]): [string, Variable] => [name, { value, recursive: false }])]);
      const bodies: string[] = [];
      for (const name of expandSimple(including[1], known).split(/\s+/).filter(Boolean)) {
        const body = included < maxIncludes && !/[*?[$]/.test(name) ? include(name) : undefined;
        if (body === undefined) includes = true;
        else {
          included++;
          bodies.push(...split(body));
        }
      }
      lines.splice(n + 1, 0, ...bodies);
      continue;
    }
    if (/^define\s/.test(line)) {
      inDefine = true;
      continue;
    }
    const bare = line.replace(/^(?:export|override)\s+/, '');
    const assignment = /^([^\s:#=]+)\s*(::?=|:::=|\?=|\+=|!=|=)\s*(.*)$/.exec(bare);
    if (assignment) {
      const [, name, op, value] = assignment;
      const previous = variables.get(name);
      if (op === '?=' && previous) continue;
      if (op === '!=') variables.set(name, { value: computed, recursive: false });
      else if (op === '+=') variables.set(name, { value: previous ? `${previous.value} ${value}` : value, recursive: previous?.recursive ?? true });
      else variables.set(name, { value: op === '=' || op === '?=' ? value : expandSimple(value, variables), recursive: op === '=' || op === '?=' });
      current = [];
      continue;
    }
    const rule = /^([^:=]+?)\s*::?\s*(?!=)(.*)$/.exec(bare);
    if (!rule) {
      current = [];
      continue;
    }
    const [body, inline] = splitInline(rule[2]);
    // `deploy: ENV = prod` sets a variable for that target; it has no recipe of its own here.
    if (/^[^\s]+\s*(?::?=|\?=|\+=)/.test(body)) {
      current = [];
      continue;
    }
    const targets = rule[1].split(/\s+/).filter(Boolean);
    const prerequisites = body.replace('|', ' ').split(/\s+/).filter(Boolean);
    current = targets.map((target) => {
      const entry: Rule = { target, prerequisites: [...prerequisites], recipe: inline ? [inline] : [] };
      if (target.includes('%')) patterns.push(entry);
      else {
        const existing = rules.get(target);
        if (existing) {
          existing.prerequisites.push(...prerequisites);
          if (inline) existing.recipe.push(inline);
          return existing;
        }
        rules.set(target, entry);
        if (firstTarget === undefined && !target.startsWith('.')) firstTarget = target;
      }
      return entry;
    });
  }
  return { rules, patterns, variables, firstTarget, includes };
}

function splitInline(rest: string): [string, string | undefined] {
  const semi = rest.indexOf(';');
  return semi < 0 ? [rest, undefined] : [rest.slice(0, semi), rest.slice(semi + 1).trim()];
}

/** `:=` expands at once, with the variables set so far. */
function expandSimple(value: string, variables: Map<string, Variable>): string {
  return new Expander({ rules: new Map(), patterns: [], variables, includes: false }, new Map(), {}, '').expand(value);
}

class Expander {
  constructor(
    private readonly makefile: Makefile,
    private readonly line: ReadonlyMap<string, string>,
    private readonly env: Readonly<Record<string, string>>,
    private readonly dir: string,
  ) {}

  /** The line's variables win over the Makefile's, which win over the environment. */
  variable(name: string, rule?: Rule, depth = 0): string {
    const fromLine = this.line.get(name);
    if (fromLine !== undefined) return fromLine;
    const own = this.makefile.variables.get(name);
    if (own) return own.recursive ? this.expand(own.value, rule, depth + 1) : own.value;
    if (name === 'MAKE') return 'make';
    if (name === 'CURDIR') return this.dir;
    if (rule && name === '@') return rule.target;
    if (rule && name === '<') return rule.prerequisites[0] ?? '';
    if (rule && (name === '^' || name === '+')) return rule.prerequisites.join(' ');
    return this.env[name] ?? '';
  }

  expand(text: string, rule?: Rule, depth = 0): string {
    if (depth > maxExpansionDepth) return computed;
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== '$' || i + 1 >= text.length) {
        out += c;
        continue;
      }
      const next = text[i + 1];
      if (next === '$') {
        out += '$';
        i++;
      } else if (next === '(' || next === '{') {
        const end = closing(text, i + 1);
        if (end < 0) return out + computed;
        const inner = text.slice(i + 2, end);
        // A name made of other references is looked up after they are expanded: `$(DB_$(ENV))`.
        const name = this.expand(inner, rule, depth + 1);
        out += /^[^\s,:]+$/.test(name) ? this.variable(name, rule, depth) : computed;
        i = end;
      } else {
        out += this.variable(next, rule, depth);
        i++;
      }
    }
    return out;
  }
}

function closing(text: string, open: number): number {
  const opener = text[open];
  const closer = opener === '(' ? ')' : '}';
  let level = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === opener) level++;
    else if (text[i] === closer && --level === 0) return i;
  }
  return -1;
}
