import type { Span, StdinSource, TargetHint, Word } from '../model';
import { resolvePath } from '../paths';
import type { ShellParser, SyntaxNode } from './syntax';
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
  /** package.json scripts by name, so `npm run db:push` can be looked into. */
  readonly scripts?: Readonly<Record<string, string>>;
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
}

/** Mutable per-scope shell state: what `cd`, `export` and `alias` earlier on the line changed. */
export interface Scope {
  env: Record<string, string>;
  assigned: Record<string, string>;
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
  const walk: Walk = { options, items: [], line, nodes: 0, truncated: false, parseErrors: 0, nesting: 0 };
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
  const tree = walk.options.parser.parse(source.text);
  if (!tree) {
    walk.parseErrors++;
    return;
  }
  try {
    if (tree.rootNode.hasError) walk.parseErrors++;
    const mapped: Scope = source.map ? { ...scope, outerSpan: scope.outerSpan ?? { start: 0, end: text.length } } : scope;
    visitStatements(walk, tree.rootNode, mapped, source.text);
  } finally {
    tree.delete();
  }
}

/**
 * Most command lines are plain words: no quotes, expansions, operators, globs, comments or
 * reserved words. Bash splits those on blanks and nothing else, so they need no parse tree;
 * skipping tree-sitter for them halves the cost of a typical check. Returns false for anything else.
 */
const plainLine = /^[ \t]*[A-Za-z0-9_@%+=:,./-][A-Za-z0-9_@%+=:,./ \t-]*$/;
const reservedWords = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function', 'select',
  'time', 'coproc', 'in',
]);

function extractPlainWords(walk: Walk, text: string, scope: Scope): boolean {
  if (text.length > 4096 || !plainLine.test(text)) return false;
  const words: Word[] = [];
  let textStart = -1;
  let textEnd = 0;
  const pattern = /[^ \t]+/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (textStart < 0) textStart = m.index;
    textEnd = m.index + m[0].length;
    words.push({ value: m[0], raw: m[0], dynamic: false, span: scope.outerSpan ?? { start: m.index, end: textEnd } });
  }
  const env = { ...scope.env };
  const assigned = { ...scope.assigned };
  let first = 0;
  for (; first < words.length; first++) {
    const word = words[first].value;
    const eq = word.indexOf('=');
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(word.slice(0, eq))) break;
    env[word.slice(0, eq)] = word.slice(eq + 1);
    assigned[word.slice(0, eq)] = word.slice(eq + 1);
  }
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
  applyBuiltins(command, scope);
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

function spanOf(scope: Scope, node: SyntaxNode): Span {
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
    case 'function_definition': {
      // A function's body runs when it is called; looking at it where it is defined is the safe side.
      const body = node.childForFieldName('body');
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
function scanForSubstitutions(walk: Walk, node: SyntaxNode, scope: Scope, source: string, inString = false): void {
  if (leafTypes.has(node.type) || !budget(walk) || !enterNested(walk, scope, node)) return;
  try {
    if (node.type === 'command_substitution' || node.type === 'process_substitution') {
      const inner: Scope = { ...scope, env: { ...scope.env }, assigned: { ...scope.assigned } };
      const quoted = backtickBody(node, inString);
      if (quoted !== undefined) extractText(walk, quoted, { ...inner, depth: inner.depth + 1, outerSpan: spanOf(scope, node) });
      else visitNested(walk, node, inner, source);
      return;
    }
    for (const child of node.namedChildren) {
      if (child) scanForSubstitutions(walk, child, scope, source, inString || node.type === 'string');
    }
  } finally {
    walk.nesting--;
  }
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
  const value = valueNode ? evalWord(walk, valueNode, scope, source) : undefined;
  const loaded = filesReadSince(walk, mark);
  if (loaded.length > 0) scope.inherited = [...scope.inherited, ...loaded];
  if (!name) return;
  if (value && !value.dynamic) {
    scope.env[name] = value.value;
    scope.assigned[name] = value.value;
  } else {
    delete scope.env[name];
    if (value) scope.assigned[name] = value.raw;
  }
}

function visitDeclaration(walk: Walk, node: SyntaxNode, scope: Scope, source: string): void {
  const options: SyntaxNode[] = [];
  let declares = false;
  for (const child of node.namedChildren) {
    if (child?.type === 'variable_assignment') {
      assign(walk, child, scope, source);
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

function visitPipeline(walk: Walk, node: SyntaxNode, scope: Scope, source: string): void {
  let previous: SyntaxNode | undefined;
  let carried: StdinSource | undefined;
  for (const stage of node.namedChildren) {
    if (!stage || !statementTypes.has(stage.type)) {
      if (stage) scanForSubstitutions(walk, stage, scope, source);
      continue;
    }
    const stdin: StdinSource | undefined = previous ? carried ?? { kind: 'pipe', from: firstWord(previous) } : undefined;
    const before = walk.items.length;
    visitStatement(walk, stage, scope, stdin, source);
    carried = literalOutput(walk, before);
    previous = stage;
  }
}

/**
 * When a stage only prints literal text (`echo …`, `printf …`, `cat <<EOF`), the next stage
 * reads that text: `echo "DROP TABLE users" | psql` is SQL we can classify.
 */
function literalOutput(walk: Walk, from: number): StdinSource | undefined {
  const last = walk.items[walk.items.length - 1];
  if (walk.items.length !== from + 1 || !last || last.kind !== 'command') return undefined;
  const cmd = last.command;
  const name = cmd.name.value;
  if (cmd.args.some((a) => a.dynamic)) return undefined;
  if (name === 'echo') {
    const args = cmd.args.map((a) => a.value).filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a)));
    return { kind: 'pipe', from: 'echo', text: args.join(' ') };
  }
  if (name === 'printf' && cmd.args.length > 0) {
    return { kind: 'pipe', from: 'printf', text: cmd.args.map((a) => a.value.replace(/\\n/g, '\n')).join(' ') };
  }
  if (name === 'cat' && cmd.args.length === 0 && cmd.stdin?.text !== undefined) {
    return { kind: 'pipe', from: 'cat', text: cmd.stdin.text };
  }
  return undefined;
}

function firstWord(node: SyntaxNode): string {
  const text = node.text.trimStart();
  const end = text.search(/\s/);
  return end < 0 ? text : text.slice(0, end);
}

function visitRedirected(walk: Walk, node: SyntaxNode, scope: Scope, stdin: StdinSource | undefined, source: string): void {
  const body = node.childForFieldName('body');
  let input = stdin;
  const after: SyntaxNode[] = [];
  const trailing: SyntaxNode[] = [];
  for (const child of node.namedChildren) {
    // Nodes are new objects on every access: the body is recognised by position and type.
    if (!child || (body && child.startIndex === body.startIndex && child.type === body.type)) continue;
    trailing.push(...wordsAfterRedirect(child));
    if (child.type === 'heredoc_redirect') {
      const text = heredocText(child, walk, scope, source);
      input = { kind: 'heredoc', text };
      // tree-sitter puts `| next`, `&& next` and `> file` that follow `<<EOF` inside the redirect node.
      for (const part of child.namedChildren) {
        if (part && statementTypes.has(part.type)) after.push(part);
        else if (part?.type === 'file_redirect') {
          trailing.push(...wordsAfterRedirect(part));
          recordOutputRedirect(walk, part, redirectOperator(part), scope, source);
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
      if (op === '<' && dest) input = { kind: 'file', from: evalWord(walk, dest, scope, source).value };
      else recordOutputRedirect(walk, child, op, scope, source);
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
function recordOutputRedirect(walk: Walk, node: SyntaxNode, op: string, scope: Scope, source: string): void {
  if (!outputOperators.has(op)) return;
  const dest = node.childForFieldName('destination');
  if (!dest || dest.type === 'number') return;
  const value = evalWord(walk, dest, scope, source);
  if (value.dynamic || harmlessDestinations.has(value.value) || value.value.startsWith('/dev/fd/')) return;
  if (walk.items.length >= limits.maxItems) {
    walk.truncated = true;
    return;
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
        const inner = child.namedChild(0) ?? child;
        name = toWord(evalWord(walk, inner, scope, source), inner, scope);
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
      case 'file_redirect':
        scanRedirectTarget(walk, child, scope, source);
        recordOutputRedirect(walk, child, redirectOperator(child), scope, source);
        for (const word of wordsAfterRedirect(child)) args.push(toWord(evalWord(walk, word, scope, source), word, scope));
        break;
      case 'comment':
        break;
      default:
        args.push(toWord(evalWord(walk, child, scope, source), child, scope));
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
  applyBuiltins(command, scope);
  unwrapCommand(walk, command, text, scope);
}

/** Builtins that change the state later commands on the line see. */
function applyBuiltins(command: RawCommand, scope: Scope): void {
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
  } else if (name === 'unset') {
    for (const arg of command.args) delete scope.env[arg.value];
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
  }
}

interface Evaluated {
  value: string;
  dynamic: boolean;
  raw: string;
}

function toWord(value: Evaluated, node: SyntaxNode, scope: Scope): Word {
  return { value: value.value, raw: value.raw, dynamic: value.dynamic, span: spanOf(scope, node) };
}

/** Quote removal and the expansions that can be known statically; anything else marks the word dynamic. */
export function evalWord(walk: Walk, node: SyntaxNode, scope: Scope, source: string): Evaluated {
  const raw = scope.outerSpan ? source.slice(node.startIndex, node.endIndex) : node.text;
  const out = { value: '', dynamic: false, raw };
  appendWord(walk, node, scope, source, out);
  return out;
}

function appendWord(walk: Walk, node: SyntaxNode, scope: Scope, source: string, out: Evaluated, inString = false): void {
  switch (node.type) {
    case 'word':
    case 'number':
      out.value += unescapeBare(node.text);
      return;
    case 'raw_string':
      out.value += node.text.slice(1, -1);
      return;
    case 'ansi_c_string':
      out.value += decodeAnsiC(node.text.slice(2, -1));
      return;
    case 'string':
    case 'translated_string':
      appendDoubleQuoted(walk, node, scope, source, out);
      return;
    case 'string_content':
      out.value += unescapeDouble(node.text);
      return;
    case 'concatenation':
      for (const child of node.children) {
        if (child) appendWord(walk, child, scope, source, out);
      }
      return;
    case 'simple_expansion':
    case 'expansion': {
      const value = expandVariable(walk, node, scope, source);
      if (value === undefined) out.dynamic = true;
      else out.value += value;
      return;
    }
    case 'command_substitution':
    case 'process_substitution':
      scanForSubstitutions(walk, node, scope, source, inString);
      out.dynamic = true;
      return;
    default:
      if (node.namedChildCount > 0) scanForSubstitutions(walk, node, scope, source);
      if (node.isNamed) out.dynamic = true;
      out.value += node.text;
  }
}

function appendDoubleQuoted(walk: Walk, node: SyntaxNode, scope: Scope, source: string, out: Evaluated): void {
  // Children of a string node omit the text between them when it is plain; rebuild from offsets.
  const text = node.text;
  const base = node.startIndex;
  const open = text.startsWith('$"') ? 2 : 1;
  let cursor = base + open;
  const end = node.endIndex - (text.endsWith('"') && text.length > open ? 1 : 0);
  for (const child of node.children) {
    if (!child || !child.isNamed) continue;
    if (child.startIndex > cursor) out.value += unescapeDouble(sourceSlice(node, cursor - base, child.startIndex - base));
    appendWord(walk, child, scope, source, out, true);
    cursor = child.endIndex;
  }
  if (end > cursor) out.value += unescapeDouble(sourceSlice(node, cursor - base, end - base));
}

function sourceSlice(node: SyntaxNode, from: number, to: number): string {
  return node.text.slice(from, to);
}

function expandVariable(walk: Walk, node: SyntaxNode, scope: Scope, source: string): string | undefined {
  if (node.type === 'simple_expansion') {
    const name = node.namedChild(0)?.text ?? '';
    return name === 'HOME' || name in scope.env ? scope.env[name] : undefined;
  }
  // ${NAME}, ${NAME:-default}, ${NAME-default}; anything fancier is dynamic.
  const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?\}$/s.exec(node.text);
  scanForSubstitutions(walk, node, scope, source);
  if (!match) return undefined;
  const value = scope.env[match[1]];
  if (!match[2]) return value;
  if (value !== undefined && (match[2] === '-' || value !== '')) return value;
  const fallback = match[3];
  return /[$`]/.test(fallback) ? undefined : unescapeBare(fallback);
}

function unescapeBare(text: string): string {
  return text.includes('\\') ? text.replace(/\\(.)/gs, '$1') : text;
}

function unescapeDouble(text: string): string {
  return text.includes('\\') ? text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c)) : text;
}

const ansiEscapes: Readonly<Record<string, string>> = {
  n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
};

function decodeAnsiC(body: string): string {
  return body.replace(/\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|c.|.)/gs, (_m, esc: string) => {
    const head = esc[0];
    if (head === 'x' || head === 'u' || head === 'U') return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/[0-7]/.test(head)) return String.fromCharCode(parseInt(esc, 8));
    if (head === 'c') return String.fromCharCode(esc.charCodeAt(1) & 31);
    return ansiEscapes[esc] ?? `\\${esc}`;
  });
}
