import type { CodeWords, Span, StdinSource, TargetHint, Word } from '../model';
import { compileGlob, globMatches, shellGlobOf } from '../glob';
import { parseDotenv } from '../credentials/dotenv';
import { resolvePath } from '../paths';
import type { ListFolder, ReadFile } from '../tasks/files';
import type { ShellParser, SyntaxNode } from './syntax';
import { type WrittenFiles, literalProducers, maxExpansions, producedText } from './evaluate';
import { type Evaluated, evalFields, evalWord, toWord } from './expand';
import { unwrapCommand } from './unwrap';

/** A simple command as written, before wrappers are removed. */
export interface RawCommand {
  readonly name: Word;
  readonly args: readonly Word[];
  readonly env: Readonly<Record<string, string>>;
  readonly assigned: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly stdin?: StdinSource;
  readonly span: Span;
  readonly via: readonly string[];
  readonly inherited: readonly TargetHint[];
  /** A task runner or script: whether its body was read (and walked after it), or why not. */
  readonly task?: TaskNote;
  /** The words of the inline code an interpreter runs. */
  readonly code?: CodeWords;
  /** Files written earlier on the line, by absolute path, when there are any; undefined text when not known. */
  readonly written?: ReadonlyMap<string, string | undefined>;
}

export interface TaskNote {
  readonly read: boolean;
  /** The file that was read, or why none was: "make deploy: no Makefile here; judged by its name". */
  readonly note: string;
}

/** Something that will run but whose content cannot be seen: `curl … | sh`, `eval "$X"`. */
export interface OpaqueItem {
  readonly kind: 'opaque';
  readonly ruleId: string;
  readonly reason: string;
  readonly span: Span;
  readonly text: string;
  readonly via: readonly string[];
  readonly inherited: readonly TargetHint[];
}

export interface CommandItem {
  readonly kind: 'command';
  readonly command: RawCommand;
  readonly text: string;
}

export type Item = CommandItem | OpaqueItem;

/** Limits that keep hostile input (deep `$(…)` nesting, `bash -c` in `bash -c`…) bounded. */
export const limits = {
  maxDepth: 8,
  maxItems: 2000,
  maxNodes: 200_000,
  /** Syntax nested inside syntax (`$(` in `$(`, `( ( … ) )`, `${a:-${b:-…}}`): the walk recurses once per level. */
  maxNesting: 100,
  /** Programs that only run the next one (`sudo env nice …`): the unwrapper recurses once per wrapper. */
  maxWrappers: 32,
};

export interface ExtractOptions {
  readonly parser: ShellParser;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Workspace files (package.json, Makefile, scripts…), so what a task runner runs is read. */
  readonly readFile?: ReadFile;
  /** Lists a workspace folder, for runners that find packages by pattern (`workspaces: ["apps/*"]`). */
  readonly listFolder?: ListFolder;
  /** Set to false to send every line through tree-sitter (the test that both paths agree does). */
  readonly fastPath?: boolean;
}

/** State shared by one evaluation: the output and the budget. */
export interface Walk {
  readonly options: ExtractOptions;
  readonly items: Item[];
  /** The text every top-level span refers to. */
  readonly line: string;
  nodes: number;
  truncated: boolean;
  parseErrors: number;
  /** How deep the tree walk is nested right now, against `limits.maxNesting`. */
  nesting: number;
  /** Files written earlier on the line (undefined: written with text Bulkhead cannot see), by resolved path. */
  readonly files: WrittenFiles;
  /** Names handed out for `$(mktemp)` and `<(…)`, so each is a different file. */
  temporaries: number;
}

/** Mutable per-scope shell state: what `cd`, `export` and `alias` earlier on the line changed. */
export interface Scope {
  env: Record<string, string>;
  assigned: Record<string, string>;
  /** Arrays assigned on the line (`args=(delete ns prod)`); not exported, so not passed into `bash -c`. */
  arrays?: Record<string, readonly string[]>;
  /** Associative arrays assigned on the line (`declare -A db=([prd]=acme_prod)`), by key. */
  maps?: Record<string, Readonly<Record<string, string>>>;
  /** `$1`…, `$@` once `set -- a b` on the line gave them; undefined while they are the caller's, unknown. */
  positional?: readonly string[];
  /** Functions defined on the line, by name: their bodies run again when called, with the call's arguments. */
  functions?: Map<string, string>;
  cwd: string;
  aliases: Map<string, string>;
  readonly depth: number;
  readonly via: readonly string[];
  /** Targets every later command in this scope inherits; `source .env.production` adds to it. */
  inherited: readonly TargetHint[];
  /** When set, the text was re-parsed from a word of the top-level line: every span maps to this one. */
  readonly outerSpan?: Span;
  /** Program names currently being expanded as aliases or scripts, against self-reference loops. */
  readonly expanding: ReadonlySet<string>;
}

export function extractLine(line: string, options: ExtractOptions): Walk {
  const walk: Walk = { options, items: [], line, nodes: 0, truncated: false, parseErrors: 0, nesting: 0, files: new Map(), temporaries: 0 };
  const scope: Scope = {
    env: { ...options.env },
    assigned: {},
    cwd: options.cwd,
    aliases: new Map(),
    depth: 0,
    via: [],
    inherited: [],
    expanding: new Set(),
  };
  extractText(walk, line, scope);
  return walk;
}

/** Parses `text` (the line itself, or a string found inside it) and walks what would execute. */
export function extractText(walk: Walk, text: string, scope: Scope): void {
  if (scope.depth > limits.maxDepth) {
    walk.truncated = true;
    pushOpaque(walk, scope, { start: 0, end: text.length }, text, 'shell.too-deep',
      `nests shells or eval more than ${limits.maxDepth} levels deep, so Bulkhead stops looking inside`);
    return;
  }
  if (walk.options.fastPath !== false && extractPlainWords(walk, text, scope)) return;
  const source = joinContinuations(text);
  let tree = walk.options.parser.parse(source.text);
  if (!tree) {
    walk.parseErrors++;
    return;
  }
  // bash reads a here-document that never meets its delimiter to the end of the input, and runs it.
  const closed = tree.rootNode.hasError ? closeHeredocs(source.text) : undefined;
  if (closed !== undefined) {
    const retried = walk.options.parser.parse(closed);
    if (retried && !retried.rootNode.hasError) {
      tree.delete();
      tree = retried;
    } else {
      retried?.delete();
    }
  }
  try {
    if (tree.rootNode.hasError) walk.parseErrors++;
    const mapped: Scope = source.map ? { ...scope, outerSpan: scope.outerSpan ?? { start: 0, end: text.length } } : scope;
    visitStatements(walk, tree.rootNode, mapped, source.text);
  } finally {
    tree.delete();
  }
}

const heredocStart = /<<(?!<)(-?)\s*(?:'([^'\n]+)'|"([^"\n]+)"|\\?([A-Za-z_][\w.-]*))/g;

/** The text with the delimiter lines of here-documents it leaves open added at its end, or undefined when none is open. */
function closeHeredocs(text: string): string | undefined {
  const missing: string[] = [];
  for (const m of text.matchAll(heredocStart)) {
    if (missing.length >= 8) break;
    const delimiter = m[2] ?? m[3] ?? m[4];
    const rest = text.slice((m.index ?? 0) + m[0].length);
    const escaped = delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (!new RegExp(`\\n${m[1] ? '\\t*' : ''}${escaped}[ \\t]*(?:\\n|$)`).test(rest)) missing.push(delimiter);
  }
  return missing.length > 0 ? `${text}\n${missing.join('\n')}` : undefined;
}

/**
 * Most command lines are plain words: no quotes, expansions, operators, globs, comments or
 * reserved words. Bash splits those on blanks and nothing else, so they need no parse tree;
 * skipping tree-sitter for them halves the cost of a typical check. Returns false for anything else.
 */
const plainLine = /^[ \t]*[A-Za-z0-9_@%+=:,./-][A-Za-z0-9_@%+=:,./ \t-]*$/;

interface PlainWord {
  readonly value: string;
  readonly raw: string;
  readonly start: number;
  readonly end: number;
}

function unquotedWords(text: string): PlainWord[] {
  const words: PlainWord[] = [];
  const pattern = /[^ \t]+/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) words.push({ value: m[0], raw: m[0], start: m.index, end: m.index + m[0].length });
  return words;
}

/** The characters a word may hold outside quotes and still be plain, by character code. */
const plainCharacter: readonly boolean[] = Array.from({ length: 128 }, (_, code) => /[A-Za-z0-9_@%+=:,./-]/.test(String.fromCharCode(code)));

/**
 * Plain words with quoted parts (`git commit -m "fix the build"`, `echo 'a; b'`): single quotes
 * hold anything but a newline, double quotes anything but `$`, a backquote, a backslash or a
 * newline. Anything else is left to the parser (undefined).
 */
function quotedWords(text: string): PlainWord[] | undefined {
  const words: PlainWord[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const start = i;
    let value = '';
    while (i < text.length && text[i] !== ' ' && text[i] !== '\t') {
      const d = text[i];
      if (d === "'" || d === '"') {
        const close = text.indexOf(d, i + 1);
        if (close < 0) return undefined;
        const inner = text.slice(i + 1, close);
        if (inner.includes('\n') || (d === '"' && /[$`\\!]/.test(inner))) return undefined;
        value += inner;
        i = close + 1;
      } else if (plainCharacter[d.charCodeAt(0)]) {
        let j = i + 1;
        while (j < text.length && plainCharacter[text.charCodeAt(j)]) j++;
        value += text.slice(i, j);
        i = j;
      } else {
        return undefined;
      }
    }
    words.push({ value, raw: text.slice(start, i), start, end: i });
  }
  return words;
}
const reservedWords = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function', 'select',
  'time', 'coproc', 'in',
]);

function extractPlainWords(walk: Walk, text: string, scope: Scope): boolean {
  if (text.length > 4096) return false;
  const found = plainLine.test(text) ? unquotedWords(text) : quotedWords(text);
  if (!found) return false;
  const textStart = found.length > 0 ? found[0].start : -1;
  const textEnd = found.length > 0 ? found[found.length - 1].end : 0;
  const words: Word[] = found.map(({ value, raw, start, end }) => ({ value, raw, dynamic: false, span: scope.outerSpan ?? { start, end } }));
  const env = { ...scope.env };
  const assigned = { ...scope.assigned };
  let first = 0;
  for (; first < words.length; first++) {
    // The name of an assignment is never quoted (`"A"=1` runs a program); its value may be.
    const { raw, value } = words[first];
    const eq = raw.indexOf('=');
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(raw.slice(0, eq))) break;
    const name = raw.slice(0, eq);
    env[name] = value.slice(eq + 1);
    assigned[name] = value.slice(eq + 1);
  }
  // A quoted word is never a reserved word to bash; the parser knows what it is then.
  if (first < words.length && reservedWords.has(words[first].value)) return false;
  walk.nodes++;
  if (first === words.length) {
    // Assignments alone persist for the rest of the line, as in bash.
    Object.assign(scope.env, env);
    Object.assign(scope.assigned, assigned);
    return true;
  }
  const command: RawCommand = {
    name: words[first], args: words.slice(first + 1), env, assigned, cwd: scope.cwd,
    span: scope.outerSpan ?? { start: textStart, end: textEnd }, via: scope.via, inherited: scope.inherited,
  };
  applyBuiltins(walk, command, scope);
  unwrapCommand(walk, command, text.slice(textStart, textEnd), scope);
  return true;
}

/**
 * `ter\<newline>raform` is one word to bash; tree-sitter splits it. Joining first keeps the
 * word whole; spans then refer to the joined text, so the whole line becomes the span.
 */
function joinContinuations(text: string): { text: string; map: boolean } {
  if (!text.includes('\\\n')) return { text, map: false };
  return { text: text.replace(/\\\r?\n/g, ''), map: true };
}

export function spanOf(scope: Scope, node: SyntaxNode): Span {
  return scope.outerSpan ?? { start: node.startIndex, end: node.endIndex };
}

function pushOpaque(walk: Walk, scope: Scope, span: Span, text: string, ruleId: string, reason: string): void {
  if (walk.items.length >= limits.maxItems) {
    walk.truncated = true;
    return;
  }
  walk.items.push({ kind: 'opaque', ruleId, reason, span: scope.outerSpan ?? span, text, via: scope.via, inherited: scope.inherited });
}

function budget(walk: Walk): boolean {
  walk.nodes++;
  if (walk.nodes > limits.maxNodes || walk.items.length >= limits.maxItems) {
    walk.truncated = true;
    return false;
  }
  return true;
}

function visitStatements(walk: Walk, node: SyntaxNode, scope: Scope, source: string): void {
  for (const child of node.namedChildren) {
    if (child) visitStatement(walk, child, scope, undefined, source);
  }
}

function visitStatement(walk: Walk, node: SyntaxNode, scope: Scope, stdin: StdinSource | undefined, source: string, trailing?: readonly SyntaxNode[]): void {
  if (!budget(walk) || !enterNested(walk, scope, node)) return;
  try {
    visitStatementInside(walk, node, scope, stdin, source, trailing);
  } finally {
    walk.nesting--;
  }
}

/**
 * The walk recurses once per level of nested syntax; a bound keeps hostile nesting from
 * overflowing the stack. Past it, what is inside is unknown, which never allows.
 */
function enterNested(walk: Walk, scope: Scope, node: SyntaxNode): boolean {
  if (walk.nesting >= limits.maxNesting) {
    if (!walk.truncated || !walk.items.some((item) => item.kind === 'opaque' && item.ruleId === 'shell.too-deep')) {
      pushOpaque(walk, scope, spanOf(scope, node), node.text.slice(0, 200), 'shell.too-deep',
        `nests substitutions, subshells or expansions more than ${limits.maxNesting} levels deep, so Bulkhead stops looking inside`);
    }
    walk.truncated = true;
    return false;
  }
  walk.nesting++;
  return true;
}

function visitStatementInside(walk: Walk, node: SyntaxNode, scope: Scope, stdin: StdinSource | undefined, source: string, trailing?: readonly SyntaxNode[]): void {
  switch (node.type) {
    case 'command':
      visitCommand(walk, node, scope, stdin, source, trailing);
      return;
    case 'redirected_statement':
      visitRedirected(walk, node, scope, stdin, source);
      return;
    case 'pipeline':
      visitPipeline(walk, node, scope, source);
      return;
    case 'variable_assignment':
      assign(walk, node, scope, source);
      return;
    case 'variable_assignments':
      for (const child of node.namedChildren) {
        if (child?.type === 'variable_assignment') assign(walk, child, scope, source);
      }
      return;
    case 'declaration_command':
      visitDeclaration(walk, node, scope, source);
      return;
    case 'for_statement':
      visitForLoop(walk, node, scope, source);
      return;
    case 'case_statement':
      visitCase(walk, node, scope, source, stdin);
      return;
    case 'function_definition': {
      // A function's body runs when it is called; looking at it where it is defined is the safe side,
      // and a call reads it again with the call's arguments as $1, $@ (`wipe() { …"$1"…; }; wipe acme-prod`).
      const body = node.childForFieldName('body');
      const name = node.childForFieldName('name')?.text;
      if (body && name) (scope.functions ??= new Map()).set(name, source.slice(body.startIndex, body.endIndex));
      if (body) visitStatement(walk, body, scope, stdin, source);
      return;
    }
    case 'comment':
    case 'heredoc_body':
      return;
    case 'ERROR':
      walk.parseErrors++;
      visitNested(walk, node, scope, source);
      return;
    default:
      // lists, subshells, compound statements, if/while/for/case, negation, test commands:
      // every statement inside may run, in order.
      visitNested(walk, node, scope, source, stdin);
  }
}

/**
 * `for ns in staging production; do …; done` runs the body once per value: a list of literal
 * words is walked value by value. Values only known at run time (globs, unknown variables,
 * positional parameters) and values past `maxExpansions` are walked once more with the
 * variable unknown, so whatever depends on it is judged unknown, never as harmless.
 */
function visitForLoop(walk: Walk, node: SyntaxNode, scope: Scope, source: string): void {
  const variable = node.childForFieldName('variable')?.text;
  const body = node.childForFieldName('body');
  const hasList = node.children.some((c) => c?.type === 'in');
  const values: string[] = [];
  let unknown = !hasList;
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment' || child.startIndex === body?.startIndex || (variable && child.type === 'variable_name' && child.startIndex === node.childForFieldName('variable')?.startIndex)) continue;
    for (const field of evalFields(walk, child, scope, source)) {
      if (field.dynamic || /[*?[]/.test(field.value) && child.type !== 'raw_string' && child.type !== 'string') unknown = true;
      else values.push(field.value);
    }
  }
  if (!body || !variable) return;
  if (values.length > maxExpansions) unknown = true;
  for (const value of values.slice(0, maxExpansions)) {
    scope.env[variable] = value;
    scope.assigned[variable] = value;
    visitStatement(walk, body, scope, undefined, source);
  }
  if (unknown || values.length === 0) {
    delete scope.env[variable];
    scope.assigned[variable] = `$${variable}`;
    visitStatement(walk, body, scope, undefined, source);
  }
}

/**
 * `case "$1" in reset) …;; dump) …;; esac` runs the first branch whose pattern matches: with a
 * subject and patterns known statically, only that branch is walked (and the ones after it when it
 * falls through with `;&` or `;;&`). A subject or pattern only known at run time, or a pattern the
 * glob automaton does not model, walks every branch, as any other compound statement.
 */
function visitCase(walk: Walk, node: SyntaxNode, scope: Scope, source: string, stdin?: StdinSource): void {
  const subjectNode = node.childForFieldName('value');
  const items = node.namedChildren.filter((c): c is SyntaxNode => c?.type === 'case_item');
  const subject = subjectNode ? evalWord(walk, subjectNode, scope, source) : undefined;
  const chosen = subject && !subject.dynamic ? chosenBranch(walk, items, subject.value, scope, source) : undefined;
  if (chosen === undefined) {
    visitNested(walk, node, scope, source, stdin);
    return;
  }
  for (let i = chosen; i >= 0 && i < items.length; i++) {
    const item = items[i];
    let body = false;
    for (const child of item.children) {
      if (!child) continue;
      if (child.type === ')') body = true;
      else if (body && child.isNamed) {
        if (statementTypes.has(child.type)) visitStatement(walk, child, scope, stdin, source);
        else scanForSubstitutions(walk, child, scope, source);
      }
    }
    if (!item.children.some((c) => c?.type === ';&' || c?.type === ';;&')) break;
  }
}

/** The index of the branch a known subject takes, -1 for none, undefined when it cannot be told. */
function chosenBranch(walk: Walk, items: readonly SyntaxNode[], subject: string, scope: Scope, source: string): number | undefined {
  for (let i = 0; i < items.length; i++) {
    for (const pattern of items[i].children) {
      if (!pattern || pattern.type === ')') break;
      if (!pattern.isNamed || pattern.type === 'comment') continue;
      const value = evalWord(walk, pattern, scope, source);
      if (value.dynamic) return undefined;
      const glob = shellGlobOf(value.raw, value.value);
      if (!glob) {
        if (value.value === subject) return i;
        continue;
      }
      // A case pattern's `*` also matches `/` and a leading dot, which the filename automaton does not.
      if (subject.includes('/') || subject.startsWith('.')) return undefined;
      const compiled = compileGlob(glob.pattern, { dot: true, globstar: false }, glob.literal);
      if (!compiled) return undefined;
      if (globMatches(compiled, subject)) return i;
    }
  }
  return -1;
}

/** Walks children, treating statement nodes as statements and everything else as words to scan. */
function visitNested(walk: Walk, node: SyntaxNode, scope: Scope, source: string, stdin?: StdinSource): void {
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (statementTypes.has(child.type)) visitStatement(walk, child, scope, stdin, source);
    else scanForSubstitutions(walk, child, scope, source);
  }
}

const statementTypes = new Set([
  'command', 'redirected_statement', 'pipeline', 'list', 'subshell', 'compound_statement', 'if_statement',
  'elif_clause', 'else_clause', 'while_statement', 'for_statement', 'c_style_for_statement', 'case_statement',
  'case_item', 'do_group', 'negated_command', 'function_definition', 'variable_assignment', 'variable_assignments',
  'declaration_command', 'unset_command', 'test_command', 'ERROR',
]);

/** Node types that never contain a command substitution: no need to look inside. */
const leafTypes = new Set([
  'word', 'raw_string', 'number', 'ansi_c_string', 'variable_name', 'simple_expansion', 'special_variable_name',
  'file_descriptor', 'heredoc_start', 'heredoc_end', 'regex', 'comment', 'string_content', 'test_operator',
]);

/** Finds `$(…)`, backticks and `<(…)` anywhere inside a node and walks the commands in them. */
export function scanForSubstitutions(walk: Walk, node: SyntaxNode, scope: Scope, source: string, inString = false): void {
  if (leafTypes.has(node.type) || !budget(walk) || !enterNested(walk, scope, node)) return;
  try {
    if (node.type === 'command_substitution' || node.type === 'process_substitution') {
      visitSubstitution(walk, node, scope, source, inString);
      return;
    }
    for (const child of node.namedChildren) {
      if (child) scanForSubstitutions(walk, child, scope, source, inString || node.type === 'string');
    }
  } finally {
    walk.nesting--;
  }
}

function visitSubstitution(walk: Walk, node: SyntaxNode, scope: Scope, source: string, inString: boolean): void {
  const inner: Scope = { ...scope, env: { ...scope.env }, assigned: { ...scope.assigned }, arrays: { ...scope.arrays } };
  const quoted = backtickBody(node, inString);
  if (quoted !== undefined) extractText(walk, quoted, { ...inner, depth: inner.depth + 1, outerSpan: spanOf(scope, node) });
  else visitNested(walk, node, inner, source);
}

/**
 * What `$(…)` expands to, when its commands only print literal text (`$(echo …)`, `$(printf …)`,
 * `$(echo … | base64 -d)`): trailing newlines removed, as bash does. `<(…)` expands to the name
 * of a file holding that text. `$(mktemp)` names a new file. Undefined when it is not known.
 */
export function substitutionValue(walk: Walk, node: SyntaxNode, scope: Scope, source: string, inString: boolean): string | undefined {
  if (!budget(walk) || !enterNested(walk, scope, node)) return undefined;
  const mark = walk.items.length;
  try {
    visitSubstitution(walk, node, scope, source, inString);
  } finally {
    walk.nesting--;
  }
  const items = walk.items.slice(mark);
  const first = items[0];
  if (first?.kind === 'command' && items.length === 1 && first.command.name.value === 'mktemp' && !first.command.args.some((a) => a.dynamic)) {
    const directory = first.command.args.some((a) => /^-[a-z]*d/.test(a.value)) ? 'tmp.dir' : 'tmp';
    return `/tmp/${directory}.${++walk.temporaries}`;
  }
  const output = chainOutput(walk, mark);
  if (output === undefined) return undefined;
  if (node.type === 'process_substitution') {
    const file = `/dev/fd/${62 - walk.temporaries++}`;
    walk.files.set(file, output);
    return file;
  }
  return output.replace(/\n+$/, '');
}

/**
 * The text a run of items prints when every one of them only transforms literal text, each
 * reading the one before it: `echo … | base64 -d | rev`. Undefined otherwise.
 */
function chainOutput(walk: Walk, from: number): string | undefined {
  const items = walk.items.slice(from);
  if (items.length === 0) return undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.kind !== 'command' || !literalProducers.has(item.command.name.value)) return undefined;
    if (i > 0 && (item.command.stdin?.kind !== 'pipe' || item.command.stdin.text === undefined)) return undefined;
  }
  const last = items[items.length - 1];
  return last.kind === 'command' ? outputOf(walk, last.command) : undefined;
}

function outputOf(walk: Walk, command: RawCommand): string | undefined {
  return producedText(command, (path) => knownText(walk, resolvePath(command.cwd, path, command.env.HOME)));
}

/**
 * Inside backticks a backslash quotes `$`, `` ` `` and `\\` (and `"` when the backticks are in
 * double quotes), and bash parses what is left again: `` `echo \`cmd\`` `` runs cmd. tree-sitter
 * reads the escaped backticks as plain text, so a body with escapes is unescaped and parsed on
 * its own, level by level. Returns undefined when the parse tree already shows the body as is.
 */
function backtickBody(node: SyntaxNode, inString: boolean): string | undefined {
  const text = node.text;
  if (!text.startsWith('`') || !text.includes('\\')) return undefined;
  const body = text.slice(1, text.endsWith('`') && text.length > 1 ? -1 : undefined);
  return body.replace(inString ? /\\([$`\\"])/g : /\\([$`\\])/g, '$1');
}

/**
 * `DATABASE_URL=$(grep … .env.production)` and `export $(cat .env.production | xargs)` load an
 * environment's secrets into variables: the files the substituted commands read are carried to
 * the commands that get those variables, as `env-file` hints.
 */
function filesReadSince(walk: Walk, mark: number): TargetHint[] {
  const hints: TargetHint[] = [];
  for (let i = mark; i < walk.items.length; i++) {
    const item = walk.items[i];
    if (item.kind !== 'command') continue;
    for (const arg of item.command.args) {
      if (!arg.dynamic && /[./]/.test(arg.value) && !arg.value.startsWith('-') && !arg.value.includes('://')) {
        hints.push({ kind: 'env-file', value: resolvePath(item.command.cwd, arg.value, item.command.env.HOME), source: `variables read from ${arg.value}` });
      }
    }
    if (item.command.stdin?.kind === 'file' && item.command.stdin.from) {
      hints.push({ kind: 'env-file', value: resolvePath(item.command.cwd, item.command.stdin.from, item.command.env.HOME), source: `variables read from ${item.command.stdin.from}` });
    }
  }
  return hints;
}

function assign(walk: Walk, node: SyntaxNode, scope: Scope, source: string): void {
  const name = node.childForFieldName('name')?.text;
  const valueNode = node.childForFieldName('value');
  const mark = walk.items.length;
  if (valueNode?.type === 'array') {
    assignArray(walk, node, valueNode, name, scope, source);
    return;
  }
  const value = valueNode ? evalWord(walk, valueNode, scope, source) : undefined;
  const loaded = filesReadSince(walk, mark);
  if (loaded.length > 0) scope.inherited = [...scope.inherited, ...loaded];
  if (!name) return;
  if (scope.arrays?.[name]) {
    const { [name]: _array, ...others } = scope.arrays;
    scope.arrays = others;
  }
  if (value && !value.dynamic) {
    scope.env[name] = value.value;
    scope.assigned[name] = value.value;
  } else {
    delete scope.env[name];
    if (value) scope.assigned[name] = value.raw;
  }
}

/**
 * `args=(delete ns prod)` and `args+=(…)`: each element is expanded like a command word. An
 * element only known at run time leaves the whole array unknown.
 */
function assignArray(walk: Walk, node: SyntaxNode, valueNode: SyntaxNode, name: string | undefined, scope: Scope, source: string): void {
  const elements: Word[] = [];
  for (const child of valueNode.namedChildren) if (child && child.type !== 'comment') elements.push(...evalFields(walk, child, scope, source));
  if (!name) return;
  const appending = node.text.startsWith(`${name}+=`);
  const keyed = elements.length > 0 && elements.every((w) => /^\[[^\]]+\]=/s.test(w.value));
  if (keyed) {
    // `([stg]=acme_staging [prd]=acme_prod)`: an associative array; an element only known at run time leaves its key unknown.
    const entries: Record<string, string> = {};
    for (const w of elements) {
      const m = /^\[([^\]]+)\]=(.*)$/s.exec(w.value);
      if (m && !w.dynamic) entries[m[1]] = m[2];
    }
    scope.maps = { ...scope.maps, [name]: appending ? { ...scope.maps?.[name], ...entries } : entries };
    scope.assigned[name] = Object.values(entries).join(' ');
    return;
  }
  const known = elements.every((w) => !w.dynamic) && (!appending || scope.arrays?.[name] !== undefined || !(name in scope.assigned));
  const { [name]: _previous, ...others } = scope.arrays ?? {};
  if (!known) {
    scope.arrays = others;
    delete scope.env[name];
    scope.assigned[name] = valueNode.text;
    return;
  }
  const values = [...(appending ? scope.arrays?.[name] ?? [] : []), ...elements.map((w) => w.value)];
  scope.arrays = { ...others, [name]: values };
  // `$args` is the first element.
  if (values.length > 0) scope.env[name] = values[0];
  else delete scope.env[name];
  scope.assigned[name] = values.join(' ');
}

function visitDeclaration(walk: Walk, node: SyntaxNode, scope: Scope, source: string): void {
  const options: SyntaxNode[] = [];
  let declares = false;
  for (const child of node.namedChildren) {
    if (child?.type === 'variable_assignment') {
      assign(walk, child, scope, source);
      // `declare -n url=PROD_DATABASE_URL`: `$url` is that variable, and uses it.
      if (options.some((o) => /^-[a-zA-Z]*n/.test(o.text))) nameReference(child, scope);
      declares = true;
    } else if (child) {
      const mark = walk.items.length;
      scanForSubstitutions(walk, child, scope, source);
      const loaded = filesReadSince(walk, mark);
      if (loaded.length > 0) scope.inherited = [...scope.inherited, ...loaded];
      if (child.type === 'word' && child.text.startsWith('-')) options.push(child);
      else declares = true;
    }
  }
  // `export -p`, `declare -x`, a bare `export`: a declaration that declares nothing prints the
  // variables, and is judged as the command it is.
  const keyword = node.child(0);
  if (declares || !keyword || walk.items.length >= limits.maxItems) return;
  const name: Word = { value: keyword.text, raw: keyword.text, dynamic: false, span: spanOf(scope, keyword) };
  const args = options.map((o) => toWord(evalWord(walk, o, scope, source), o, scope));
  const command: RawCommand = { name, args, env: { ...scope.env }, assigned: { ...scope.assigned }, cwd: scope.cwd, span: spanOf(scope, node), via: scope.via, inherited: scope.inherited };
  unwrapCommand(walk, command, scope.outerSpan ? source.slice(node.startIndex, node.endIndex) : node.text, scope);
}

function nameReference(node: SyntaxNode, scope: Scope): void {
  const name = node.childForFieldName('name')?.text;
  const target = scope.assigned[name ?? ''];
  if (!name || !target || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(target)) return;
  scope.assigned[name] = `$${target}`;
  if (target in scope.env) scope.env[name] = scope.env[target];
  else delete scope.env[name];
}

function visitPipeline(walk: Walk, node: SyntaxNode, scope: Scope, source: string): void {
  let previous: SyntaxNode | undefined;
  let carried: StdinSource | undefined;
  let rendered: string[] | undefined;
  let writer: string[] | undefined;
  for (const stage of node.namedChildren) {
    if (!stage || !statementTypes.has(stage.type)) {
      if (stage) scanForSubstitutions(walk, stage, scope, source);
      continue;
    }
    const stdin: StdinSource | undefined = previous
      ? carried ?? { kind: 'pipe', from: firstWord(previous), ...(rendered ? { sources: rendered } : {}), ...(writer ? { writer } : {}) }
      : undefined;
    const before = walk.items.length;
    visitStatement(walk, stage, scope, stdin, source);
    carried = literalOutput(walk, before);
    rendered = renderedFiles(walk, before);
    writer = writerOf(walk, before);
    previous = stage;
  }
}

/**
 * When a stage only prints literal text (`echo …`, `printf …`, `cat <<EOF`, `base64 -d` of a
 * literal), the next stage reads that text: `echo "DROP TABLE users" | psql` is SQL we can
 * classify, and `echo … | base64 -d | sh` is the decoded script. `tee FILE` also writes it.
 */
function literalOutput(walk: Walk, from: number): StdinSource | undefined {
  const last = walk.items[walk.items.length - 1];
  if (walk.items.length > from + 1) return partOutput(walk, from);
  if (!last || last.kind !== 'command') return undefined;
  const text = outputOf(walk, last.command);
  if (text === undefined) return undefined;
  const cmd = last.command;
  if (cmd.name.value === 'tee') {
    const append = cmd.args.some((a) => a.value === '-a' || a.value === '--append');
    for (const file of cmd.args) if (!file.value.startsWith('-')) writeFile(walk, resolvePath(cmd.cwd, file.value, cmd.env.HOME), text, append);
  }
  return { kind: 'pipe', from: cmd.name.value, text };
}

/**
 * A stage of several commands (`(crontab -l; echo "0 3 * * * …")`): what its literal producers
 * print is known, the rest is not. A producer whose output feeds the next command is not part of
 * the stage's output.
 */
function partOutput(walk: Walk, from: number): StdinSource | undefined {
  const items = walk.items.slice(from);
  const known: string[] = [];
  let whole = true;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const next = items[i + 1];
    if (item.kind !== 'command') {
      whole = false;
      continue;
    }
    if (next?.kind === 'command' && next.command.stdin?.kind === 'pipe') continue;
    const text = literalProducers.has(item.command.name.value) ? outputOf(walk, item.command) : undefined;
    if (text === undefined) whole = false;
    else known.push(text.endsWith('\n') ? text : `${text}\n`);
  }
  const first = items[0];
  const writer = first.kind === 'command' ? first.command.name.value : 'a command group';
  if (whole) return { kind: 'pipe', from: writer, text: known.join('') };
  return { kind: 'pipe', from: writer, known: known.length > 0 ? known.join('') : undefined };
}

/** Records what a command wrote into a file on the line; text undefined means content not known. */
function writeFile(walk: Walk, path: string, text: string | undefined, append: boolean): void {
  const before = append ? walk.files.get(path) ?? (walk.files.has(path) ? undefined : '') : '';
  walk.files.set(path, text === undefined || before === undefined ? undefined : before + text);
}

/** Output redirections of one command: where its output goes once it has run. */
interface OutputTarget {
  readonly path: string;
  readonly append: boolean;
}

function recordWrites(walk: Walk, from: number, targets: readonly OutputTarget[], pipeline = false): void {
  if (targets.length === 0) return;
  // A pipeline's output is its last stage's (`echo … | base64 -d > f`), the stage having read what the one before printed.
  const item = walk.items.length === from + 1 || (pipeline && walk.items.length > from) ? walk.items[walk.items.length - 1] : undefined;
  const text = item?.kind === 'command' ? outputOf(walk, item.command) : undefined;
  for (const target of targets) writeFile(walk, target.path, text, target.append);
}

/** Programs that print or render the files they are given, so that what they pipe on comes from those files. */
const renderers: ReadonlySet<string> = new Set(['cat', 'kustomize', 'kubectl', 'helm', 'yq', 'jq', 'jsonnet', 'ytt', 'envsubst', 'cue', 'kcl']);
const renderVerbs: ReadonlySet<string> = new Set(['build', 'template', 'kustomize', 'eval', 'export']);

/** The files the stage just walked renders (`kustomize build deploy/overlays/prod`, `helm template … -f values-prod.yaml`), as resolved paths. */
function renderedFiles(walk: Walk, from: number): string[] | undefined {
  let command: RawCommand | undefined;
  for (let k = walk.items.length - 1; k >= from && !command; k--) {
    const item = walk.items[k];
    if (item.kind === 'command') command = item.command;
  }
  if (!command || !renderers.has(command.name.value)) return undefined;
  if (command.name.value === 'kubectl' && command.args[0]?.value !== 'kustomize') return undefined;
  if (command.name.value === 'helm' && command.args[0]?.value !== 'template') return undefined;
  // Every operand and option value may be a file it reads (`-f values-production.yaml`); the sub-command word is not.
  const { cwd, env } = command;
  const files = command.args
    .filter((arg, k) => !arg.dynamic && !arg.value.startsWith('-') && !(k === 0 && renderVerbs.has(arg.value)))
    .map((arg) => resolvePath(cwd, arg.value, env.HOME));
  return files.length > 0 ? files.slice(0, 16) : undefined;
}

/** Words of a writer kept for its reader, at most. */
const maxWriterWords = 64;

/** The program and arguments of a stage that ran one command, for what reads its output. */
function writerOf(walk: Walk, from: number): string[] | undefined {
  if (walk.items.length !== from + 1) return undefined;
  const item = walk.items[from];
  if (item.kind !== 'command' || item.command.name.dynamic) return undefined;
  return [item.command.name.value, ...item.command.args.slice(0, maxWriterWords).map((a) => a.value)];
}

function firstWord(node: SyntaxNode): string {
  const text = node.text.trimStart();
  const end = text.search(/\s/);
  return end < 0 ? text : text.slice(0, end);
}

function visitRedirected(walk: Walk, node: SyntaxNode, scope: Scope, stdin: StdinSource | undefined, source: string): void {
  const written = node.childForFieldName('body');
  let body = written;
  let input = stdin;
  if (written?.type === 'list') {
    // tree-sitter hangs `a > f && b < f`'s last redirection on the whole list; bash gives it to
    // `b` alone, after `a` has run and written f.
    const parts = written.namedChildren.filter((c): c is SyntaxNode => !!c && statementTypes.has(c.type));
    body = parts.pop() ?? written;
    for (const part of parts) {
      visitStatement(walk, part, scope, input, source);
      input = undefined;
    }
  }
  const after: SyntaxNode[] = [];
  const trailing: SyntaxNode[] = [];
  const targets: OutputTarget[] = [];
  const record = (target: OutputTarget | undefined): void => {
    if (target) targets.push(target);
  };
  for (const child of node.namedChildren) {
    // Nodes are new objects on every access: the body is recognised by position and type.
    if (!child || (written && child.startIndex === written.startIndex && child.type === written.type)) continue;
    trailing.push(...wordsAfterRedirect(child));
    if (child.type === 'heredoc_redirect') {
      const text = heredocText(child, walk, scope, source);
      input = { kind: 'heredoc', text };
      // tree-sitter puts `| next`, `&& next` and `> file` that follow `<<EOF` inside the redirect node.
      for (const part of child.namedChildren) {
        if (part && statementTypes.has(part.type)) after.push(part);
        else if (part?.type === 'file_redirect') {
          trailing.push(...wordsAfterRedirect(part));
          record(recordOutputRedirect(walk, part, redirectOperator(part), scope, source));
        }
      }
    } else if (child.type === 'herestring_redirect') {
      const word = child.namedChild(0);
      if (word) {
        const value = evalWord(walk, word, scope, source);
        input = value.dynamic ? { kind: 'herestring' } : { kind: 'herestring', text: value.value };
      }
    } else if (child.type === 'file_redirect') {
      scanRedirectTarget(walk, child, scope, source);
      const op = redirectOperator(child);
      const dest = child.childForFieldName('destination');
      if (op === '<' && dest) input = fileInput(walk, evalWord(walk, dest, scope, source), scope);
      else record(recordOutputRedirect(walk, child, op, scope, source));
    } else {
      scanForSubstitutions(walk, child, scope, source);
    }
  }
  if (body && body.type !== 'command') {
    for (const word of trailing) scanForSubstitutions(walk, word, scope, source);
  }
  if (body) {
    const before = walk.items.length;
    visitStatement(walk, body, scope, input, source, trailing);
    const carried = literalOutput(walk, before);
    recordWrites(walk, before, targets, body.type === 'pipeline');
    for (const next of after) {
      if (next.type === 'pipeline') {
        // `cat <<EOF | psql`: the first stage of this pipeline reads what the body printed.
        let first = true;
        let carry = carried;
        for (const stage of next.namedChildren) {
          if (!stage || !statementTypes.has(stage.type)) continue;
          const stageIn = carry ?? { kind: 'pipe' as const, from: first ? firstWord(body) : undefined };
          const mark = walk.items.length;
          visitStatement(walk, stage, scope, stageIn, source);
          carry = literalOutput(walk, mark);
          first = false;
        }
      } else {
        visitStatement(walk, next, scope, undefined, source);
      }
    }
  }
}

const heredocParts: ReadonlySet<string> = new Set(['heredoc_start', 'heredoc_body', 'heredoc_end', 'file_redirect', 'herestring_redirect']);

/**
 * `rm -rf 2>/dev/null /`: bash takes a redirection out of the words wherever it stands, and the
 * words after it are still the command's arguments. tree-sitter hangs those words on the
 * redirect node; they are given back to the command, in order.
 */
function wordsAfterRedirect(redirect: SyntaxNode): SyntaxNode[] {
  const words: SyntaxNode[] = [];
  if (redirect.type === 'file_redirect' || redirect.type === 'herestring_redirect') {
    let target = false;
    for (const child of redirect.namedChildren) {
      if (!child || child.type === 'file_descriptor') continue;
      if (target) words.push(child);
      target = true;
    }
  } else if (redirect.type === 'heredoc_redirect') {
    for (const child of redirect.namedChildren) {
      if (child && !heredocParts.has(child.type) && !statementTypes.has(child.type)) words.push(child);
    }
  }
  return words;
}

/** Substitutions in the redirection itself (`> $(mktemp)`); the words after it are scanned as the command's. */
function scanRedirectTarget(walk: Walk, redirect: SyntaxNode, scope: Scope, source: string): void {
  const after = new Set(wordsAfterRedirect(redirect).map((word) => word.startIndex));
  for (const child of redirect.namedChildren) {
    if (child && !after.has(child.startIndex)) scanForSubstitutions(walk, child, scope, source);
  }
}

/** The program name given to an output redirection, which bash cannot have as a command name. */
export const redirectProgram = '>';

function redirectOperator(node: SyntaxNode): string {
  for (const child of node.children) if (child && !child.isNamed) return child.text;
  return '';
}

const outputOperators: ReadonlySet<string> = new Set(['>', '>>', '&>', '&>>', '>|', '<>']);
const harmlessDestinations: ReadonlySet<string> = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty']);

/**
 * `> file` writes (and first empties) a file, `> /dev/sda` overwrites a disk: each output
 * redirection becomes a command of its own, so the engine judges where it writes.
 */
function recordOutputRedirect(walk: Walk, node: SyntaxNode, op: string, scope: Scope, source: string): OutputTarget | undefined {
  if (!outputOperators.has(op)) return undefined;
  const dest = node.childForFieldName('destination');
  if (!dest || dest.type === 'number') return undefined;
  const value = evalWord(walk, dest, scope, source);
  if (value.dynamic || harmlessDestinations.has(value.value) || value.value.startsWith('/dev/fd/')) return undefined;
  if (walk.items.length >= limits.maxItems) {
    walk.truncated = true;
    return undefined;
  }
  const span = spanOf(scope, node);
  const text = scope.outerSpan ? source.slice(node.startIndex, node.endIndex) : node.text;
  walk.items.push({
    kind: 'command',
    text,
    command: {
      name: { value: redirectProgram, raw: op, dynamic: false, span },
      args: [toWord(value, dest, scope)],
      env: scope.env, assigned: scope.assigned, cwd: scope.cwd, span, via: scope.via, inherited: scope.inherited,
    },
  });
  return { path: resolvePath(scope.cwd, value.value, scope.env.HOME), append: op === '>>' || op === '&>>' };
}

function heredocText(node: SyntaxNode, walk: Walk, scope: Scope, source: string): string {
  const quoted = /^['"]|\\/.test(node.namedChild(0)?.text ?? '');
  for (const child of node.namedChildren) {
    if (child?.type !== 'heredoc_body') continue;
    if (!quoted) scanForSubstitutions(walk, child, scope, source);
    return child.text;
  }
  return '';
}

function visitCommand(walk: Walk, node: SyntaxNode, scope: Scope, stdin: StdinSource | undefined, source: string, trailing: readonly SyntaxNode[] = []): void {
  const env = { ...scope.env };
  const assigned = { ...scope.assigned };
  const args: Word[] = [];
  let name: Word | undefined;
  let input = stdin;
  let loaded: TargetHint[] = [];
  const targets: OutputTarget[] = [];
  for (const child of [...node.namedChildren, ...trailing]) {
    if (!child) continue;
    switch (child.type) {
      case 'variable_assignment': {
        const varName = child.childForFieldName('name')?.text;
        const valueNode = child.childForFieldName('value');
        const mark = walk.items.length;
        const value = valueNode ? evalWord(walk, valueNode, scope, source) : { value: '', dynamic: false, raw: '' };
        loaded = [...loaded, ...filesReadSince(walk, mark)];
        if (varName) {
          if (value.dynamic) delete env[varName];
          else env[varName] = value.value;
          assigned[varName] = value.dynamic ? value.raw : value.value;
        }
        break;
      }
      case 'command_name': {
        // `$CMD` with CMD="kubectl delete ns prod" is the program and its first arguments.
        const inner = child.namedChild(0) ?? child;
        const fields = evalFields(walk, inner, scope, source);
        name = fields[0];
        args.push(...fields.slice(1));
        break;
      }
      case 'herestring_redirect': {
        const word = child.namedChild(0);
        if (word) {
          const value = evalWord(walk, word, scope, source);
          input = value.dynamic ? { kind: 'herestring' } : { kind: 'herestring', text: value.value };
        }
        break;
      }
      case 'file_redirect': {
        scanRedirectTarget(walk, child, scope, source);
        const op = redirectOperator(child);
        const dest = child.childForFieldName('destination');
        if (op === '<' && dest) {
          const file = fileInput(walk, evalWord(walk, dest, scope, source), scope);
          if (file.text !== undefined) input = file;
        }
        const target = recordOutputRedirect(walk, child, op, scope, source);
        if (target) targets.push(target);
        for (const word of wordsAfterRedirect(child)) args.push(...evalFields(walk, word, scope, source));
        break;
      }
      case 'comment':
        break;
      default:
        if (name) args.push(...evalFields(walk, child, scope, source));
        else args.push(toWord(evalWord(walk, child, scope, source), child, scope));
    }
  }
  if (!name) {
    // `FOO=bar` alone on a command node: the assignment persists for the rest of the line.
    Object.assign(scope.env, env);
    Object.assign(scope.assigned, assigned);
    if (loaded.length > 0) scope.inherited = [...scope.inherited, ...loaded];
    return;
  }
  const span = spanOf(scope, node);
  if (walk.items.length >= limits.maxItems) {
    walk.truncated = true;
    return;
  }
  const inherited = loaded.length > 0 ? [...scope.inherited, ...loaded] : scope.inherited;
  const command: RawCommand = { name, args, env, assigned, cwd: scope.cwd, stdin: input, span, via: scope.via, inherited };
  const text = scope.outerSpan ? source.slice(node.startIndex, node.endIndex) : node.text;
  applyBuiltins(walk, command, scope);
  const mark = walk.items.length;
  unwrapCommand(walk, command, text, scope);
  recordWrites(walk, mark, targets);
}

/** A file's text as the line left it, else the workspace's; undefined when neither is known. */
export function knownText(walk: Walk, path: string): string | undefined {
  if (walk.files.has(path)) return walk.files.get(path);
  const file = walk.options.readFile?.(path);
  return file && 'text' in file && !file.text.includes('\0') ? file.text : undefined;
}

/**
 * `< file`: a file written earlier on the line is read with the text it was given, else the
 * workspace's file as the command will find it (`ssh host 'bash -s' < scripts/cleanup.sh`).
 */
function fileInput(walk: Walk, path: Evaluated, scope: Scope): StdinSource {
  if (path.dynamic) return { kind: 'file', from: path.value };
  const text = knownText(walk, resolvePath(scope.cwd, path.value, scope.env.HOME));
  return text === undefined ? { kind: 'file', from: path.value } : { kind: 'file', from: path.value, text };
}

/** Builtins that change the state later commands on the line see. */
function applyBuiltins(walk: Walk, command: RawCommand, scope: Scope): void {
  const name = command.name.value;
  if (name === 'cd' || name === 'pushd') {
    const target = command.args.find((a) => !a.value.startsWith('-'));
    if (target && !target.dynamic) scope.cwd = resolvePath(scope.cwd, target.value, scope.env.HOME);
  } else if (name === 'alias') {
    for (const arg of command.args) {
      const eq = arg.value.indexOf('=');
      if (eq > 0) scope.aliases.set(arg.value.slice(0, eq), arg.value.slice(eq + 1));
    }
  } else if (name === 'export') {
    for (const arg of command.args) {
      const eq = arg.value.indexOf('=');
      if (eq > 0 && !arg.dynamic) {
        scope.env[arg.value.slice(0, eq)] = arg.value.slice(eq + 1);
        scope.assigned[arg.value.slice(0, eq)] = arg.value.slice(eq + 1);
      }
    }
  } else if (name === 'set' && command.args.length > 0) {
    // `set -- a b` and `set a b` replace the positional parameters; `set -e` alone does not.
    const first = command.args[0].value;
    const start = first === '--' ? 1 : /^[-+]/.test(first) ? -1 : 0;
    if (start >= 0) {
      const values = command.args.slice(start);
      scope.positional = values.some((a) => a.dynamic) ? undefined : values.map((a) => a.value);
    }
  } else if (name === 'shift' && scope.positional) {
    const count = command.args[0]?.value ?? '1';
    scope.positional = /^\d+$/.test(count) && !command.args[0]?.dynamic ? scope.positional.slice(Number(count)) : undefined;
  } else if (name === 'unset') {
    for (const arg of command.args) delete scope.env[arg.value];
  } else if (name === 'read' || name === 'mapfile' || name === 'readarray') {
    readInput(command, scope, name === 'read');
  } else if (name === 'printf' && command.args[0]?.value === '-v' && command.args[1]) {
    // `printf -v tf '%s' terra form` assigns what it would print.
    setVariable(scope, command.args[1].value, command.args[1].dynamic ? undefined : outputOf(walk, { ...command, args: command.args.slice(2) }));
  } else if (name === 'cp' || name === 'ln') {
    // `cp .env.production .env`: whatever reads .env later on the line gets the source's variables.
    const operands = command.args.filter((a) => !a.value.startsWith('-'));
    const destination = operands[operands.length - 1];
    if (operands.length >= 2 && !destination.dynamic && /(^|\/)\.env[^/]*$/.test(destination.value) && !operands[0].dynamic) {
      const file = resolvePath(scope.cwd, operands[0].value, scope.env.HOME);
      scope.inherited = [...scope.inherited, { kind: 'env-file', value: file, source: `${operands[0].value} copied to ${destination.value}` }];
    }
  } else if ((name === 'source' || name === '.') && command.args[0] && !command.args[0].dynamic) {
    // The sourced file's variables are in force for the rest of the line: if it is an environment's
    // secret file, later commands carry that environment's credentials.
    const file = resolvePath(scope.cwd, command.args[0].value, scope.env.HOME);
    scope.inherited = [...scope.inherited, { kind: 'env-file', value: file, source: `sourced ${command.args[0].value}` }];
    sourceAssignments(walk, file, command.args[0].value, scope, 0);
  }
}

const readValued: ReadonlySet<string> = new Set(['-a', '-d', '-p', '-t', '-n', '-N', '-u', '-i', '-C', '-c', '-O', '-s']);

/**
 * `read -r ctx ns <<< "prod-eu-1 production"`, `read -a args`, `mapfile -t buckets <<< $'a\nb'`:
 * input written on the line sets the variables for what follows; other input leaves them unknown.
 */
function readInput(command: RawCommand, scope: Scope, isRead: boolean): void {
  const names: string[] = [];
  let arrayName: string | undefined;
  let delimiter = '\n';
  for (let i = 0; i < command.args.length; i++) {
    const a = command.args[i].value;
    if (readValued.has(a) && !(isRead && a === '-s')) {
      const value = command.args[++i]?.value ?? '';
      if (a === '-a' && isRead) arrayName = value;
      if (a === '-d') delimiter = value === '' ? '\0' : value[0];
      continue;
    }
    if (a.startsWith('-')) continue;
    names.push(a);
  }
  const text = command.stdin?.text;
  const forget = (variable: string): void => {
    setVariable(scope, variable, undefined);
    if (scope.arrays?.[variable]) {
      const { [variable]: _array, ...others } = scope.arrays;
      scope.arrays = others;
    }
  };
  const setArray = (variable: string, values: readonly string[]): void => {
    scope.arrays = { ...scope.arrays, [variable]: values };
    if (values.length > 0) scope.env[variable] = values[0];
    else delete scope.env[variable];
    scope.assigned[variable] = values.join(' ');
  };
  if (!isRead) {
    const variable = names[names.length - 1] ?? 'MAPFILE';
    if (text === undefined) return forget(variable);
    setArray(variable, text.split(delimiter).filter((line, k, all) => line !== '' || k < all.length - 1));
    return;
  }
  const targets = arrayName !== undefined ? [arrayName] : names.length > 0 ? names : ['REPLY'];
  if (text === undefined) return targets.forEach(forget);
  const record = text.split(delimiter)[0] ?? '';
  const ifs = command.env.IFS ?? ' \t\n';
  const fields = ifs === '' ? [record] : record.split(new RegExp(`[${ifs.replace(/[\\\]^-]/g, '\\$&')}]+`)).filter(Boolean);
  if (arrayName !== undefined) return setArray(arrayName, fields);
  targets.forEach((variable, k) => setVariable(scope, variable, k === targets.length - 1 ? fields.slice(k).join(' ') : fields[k] ?? ''));
}

/** A variable a builtin sets (`read`, `printf -v`): its value for what follows, or unknown when it cannot be told. */
function setVariable(scope: Scope, name: string, value: string | undefined): void {
  if (value === undefined) delete scope.env[name];
  else scope.env[name] = value;
  scope.assigned[name] = value ?? '';
}

/** Bytes of a sourced file whose assignments are read; past it the file's variables are left unknown. */
const maxSourcedBytes = 64 * 1024;

/**
 * The literal assignments of a sourced file stay set for the rest of the line (`export
 * AWS_PROFILE=prod` in `.envrc`); direnv's `dotenv FILE` and `source_env FILE` load another file
 * the same way, one level deep. Values built from other variables or commands are left unset.
 */
function sourceAssignments(walk: Walk, file: string, named: string, scope: Scope, depth: number): void {
  const text = knownText(walk, file);
  if (text === undefined || text.length > maxSourcedBytes) return;
  for (const { name, value } of parseDotenv(text)) {
    if (/[$`]/.test(value) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    scope.env[name] = value;
    scope.assigned[name] = value;
  }
  if (depth > 0) return;
  for (const m of text.matchAll(/^\s*(?:dotenv(?:_if_exists)?|source_env(?:_if_exists)?)(?:[ \t]+([^\s#;]+))?[ \t]*(?:#.*)?$/gm)) {
    const inner = m[1] ?? '.env';
    if (/[$`]/.test(inner)) continue;
    const path = resolvePath(file.slice(0, file.lastIndexOf('/')) || '/', inner, scope.env.HOME);
    scope.inherited = [...scope.inherited, { kind: 'env-file', value: path, source: `${named} loads ${inner}` }];
    sourceAssignments(walk, path, inner, scope, depth + 1);
  }
}
