import { nameWords } from '../packs/graphql';

/**
 * Looks inside interpreter one-liners (`python -c`, `node -e`, `ruby -e`, `perl -e`,
 * `deno eval`, `php -r`) for what they do to the outside world: shell strings and argv lists
 * handed to subprocess APIs, files opened or deleted, HTTP requests, and cloud SDK calls.
 *
 * It is a scanner, not a parser of each language: a small lexer per language finds string
 * literals and comments (so a call named inside a string is not a call), then known call
 * names are matched on the code that remains and their arguments are evaluated as far as
 * literals, concatenation, simple variables, environment reads and base64 decoding allow.
 * What cannot be known becomes a shell variable (`${__bulkhead_computed}`, `${HOME}`), so
 * the shell walk that reads the results sees a dynamic word rather than a guess. It errs
 * towards finding more, and says so (`opaque`) when a call runs something it cannot read.
 *
 * Effects that have no shell form of their own are rendered as the equivalent command:
 * `shutil.rmtree(p)` → `rm -rf p`, `requests.delete(u)` → `curl -X DELETE u`,
 * `boto3.client('s3').delete_bucket(Bucket='b')` → `aws s3api delete-bucket --bucket b`.
 * Requests are emitted as curl command lines in `commands`, so the shell walk expands the
 * variables they use and the engine ties `${RAILWAY_TOKEN}` in a header to its environment.
 */
export type ScriptLanguage = 'python' | 'node' | 'ruby' | 'perl' | 'deno' | 'php';

export interface ScriptScan {
  /** Shell command lines the script would run, including rendered requests, deletions and SDK calls. */
  readonly commands: string[];
  /** argv lists handed to exec-style APIs (`subprocess.run([...])`, `execFileSync(...)`). */
  readonly argvs: string[][];
  /** Paths the script opens or reads. */
  readonly files: string[];
  /** Set when the script runs something whose text is not a literal. */
  opaque?: string;
}

export function scriptLanguage(program: string): ScriptLanguage | undefined {
  if (/^python[0-9.]*$/.test(program) || /^pypy[0-9.]*$/.test(program)) return 'python';
  if (program === 'node' || program === 'nodejs' || program === 'bun' || program === 'tsx' || program === 'ts-node' || program === 'esno') return 'node';
  if (program === 'ruby') return 'ruby';
  if (program === 'perl') return 'perl';
  if (program === 'deno') return 'deno';
  if (/^php[0-9.]*$/.test(program)) return 'php';
  return undefined;
}

export function scanScript(language: ScriptLanguage, code: string): ScriptScan {
  const scan: ScriptScan = { commands: [], argvs: [], files: [] };
  const source = code.length > maxCode ? code.slice(0, maxCode) : code;
  new Scanner(language, source, scan, 0).run();
  return scan;
}

const maxCode = 64 * 1024;
const maxDepth = 4;
/** Bounds that keep hostile scripts (thousands of unclosed calls, deep nesting) linear. */
const maxCalls = 256;
const maxSpan = 8 * 1024;
const maxNesting = 32;
/** Characters the argument reader may walk over in one scan, all calls together. */
const maxWork = 512 * 1024;
/** A shell variable that is never set: the walk reads it as a value known only at run time. */
const computedVariable = '__bulkhead_computed';

// ---------------------------------------------------------------------------------------------
// Values

interface Hole {
  /** An environment variable read (`os.environ['X']`, `process.env.X`, `$ENV{X}`). */
  readonly env?: string;
  /** Anything else computed at run time. */
  readonly computed?: true;
  /** The files a glob call matches (`glob('/backups/*.sql')`, `Dir.glob`, `glob.glob`): a pattern, as the shell would expand it. */
  readonly glob?: string;
}

type Part = string | Hole;

type Value =
  | { readonly kind: 'str'; readonly parts: readonly Part[] }
  | { readonly kind: 'list'; readonly items: readonly Value[] }
  | { readonly kind: 'map'; readonly entries: ReadonlyMap<string, Value>; readonly raw: string }
  | { readonly kind: 'other'; readonly raw: string };

const computed: Value = { kind: 'str', parts: [{ computed: true }] };

function str(...parts: Part[]): Value {
  return { kind: 'str', parts };
}

function concat(a: Value, b: Value): Value {
  const left = a.kind === 'str' ? a.parts : [{ computed: true } as Hole];
  const right = b.kind === 'str' ? b.parts : [{ computed: true } as Hole];
  return { kind: 'str', parts: [...left, ...right] };
}

/** The literal text, when the value is fully known. */
function literalText(value: Value): string | undefined {
  if (value.kind !== 'str') return undefined;
  let out = '';
  for (const part of value.parts) {
    if (typeof part !== 'string') return undefined;
    out += part;
  }
  return out;
}

function hasLiteralText(value: Value): boolean {
  return value.kind === 'str' && value.parts.some((p) => typeof p === 'string' && p.trim() !== '');
}

/** Shell code: literal text as written, holes as variable references. */
function asShellCode(value: Value): string {
  if (value.kind === 'list') return value.items.map(asShellWord).join(' ');
  if (value.kind !== 'str') return `\${${computedVariable}}`;
  return value.parts.map((p) => (typeof p === 'string' ? p : p.env ? `\${${p.env}}` : `\${${computedVariable}}`)).join('');
}

/** One shell word that evaluates to the value: literal text single-quoted, holes double-quoted. */
function asShellWord(value: Value): string {
  if (value.kind !== 'str') return `"\${${computedVariable}}"`;
  const pieces = value.parts.map((p) => {
    if (typeof p !== 'string') return p.glob !== undefined ? globWord(p.glob) : `"\${${p.env ?? computedVariable}}"`;
    return p === '' ? '' : `'${p.replace(/'/g, `'\\''`)}'`;
  });
  const word = pieces.join('');
  return word === '' ? "''" : word;
}

/** A pattern as a shell word: its wildcards bare, so that the walk sees a glob; the rest quoted. */
function globWord(pattern: string): string {
  return pattern.split(/([*?[\]]+)/).map((piece, i) => (i % 2 === 1 ? piece : piece === '' ? '' : quoteText(piece))).join('') || "''";
}

function quoteText(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** An argv item: the literal, or empty (which the walk reads as a dynamic word). */
function asArgvItem(value: Value): string {
  return literalText(value) ?? '';
}

function listItems(value: Value): Value[] | undefined {
  return value.kind === 'list' ? [...value.items] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Lexing: string literals, comments, regex literals

interface Literal {
  readonly start: number;
  readonly end: number;
  readonly parts: Part[];
  /** `command`: backticks, `%x{}`, `qx{}` run their text as shell; `words`: `%w[]`, `qw()`. */
  readonly kind: 'string' | 'command' | 'words';
}

/** Fills masked literals and comments so that call patterns neither match nor skip across them. */
const fill = '\u0001';

interface Lexed {
  readonly masked: string;
  readonly literals: Map<number, Literal>;
  readonly commands: Literal[];
}

const quoteChars = new Set(["'", '"', '`']);
const pairs: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

function lex(language: ScriptLanguage, code: string): Lexed {
  const n = code.length;
  const out: string[] = [];
  const literals = new Map<number, Literal>();
  const commands: Literal[] = [];
  const js = language === 'node' || language === 'deno';
  let i = 0;
  let last = 0;
  const mask = (start: number, end: number): void => {
    out.push(code.slice(last, start), fill.repeat(end - start));
    last = end;
  };
  const add = (literal: Literal): void => {
    literals.set(literal.start, literal);
    if (literal.kind === 'command') commands.push(literal);
    mask(literal.start, literal.end);
    i = literal.end;
  };
  while (i < n) {
    const c = code[i];
    const prev = c === '/' || c === '%' || c === '`' ? previousSignificant(code, i) : '';
    if ((c === '#' && (language === 'python' || language === 'ruby' || language === 'perl' || (language === 'php' && code[i + 1] !== '[')))
      && !(language === 'perl' && code[i - 1] === '$')) {
      const end = lineEnd(code, i);
      mask(i, end);
      i = end;
      continue;
    }
    if ((js || language === 'php') && c === '/' && code[i + 1] === '/') {
      const end = lineEnd(code, i);
      mask(i, end);
      i = end;
      continue;
    }
    if ((js || language === 'php') && c === '/' && code[i + 1] === '*') {
      const close = code.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      mask(i, end);
      i = end;
      continue;
    }
    if ((js || language === 'perl' || language === 'ruby') && c === '/' && regexAllowed(prev, code, i)) {
      const end = skipRegex(code, i + 1, '/');
      mask(i, end);
      i = end;
      continue;
    }
    if (language === 'python' && pythonPrefixChars.has(c) && !isWordChar(code[i - 1])) {
      const m = /^([rRbBuUfF]{1,2})(['"])/.exec(code.slice(i, i + 3));
      if (m && /^(?:[rR]?[bBfFuU]?|[bBfFuU][rR]?)$/.test(m[1])) {
        add(lexPython(code, i, m[1].toLowerCase()));
        continue;
      }
    }
    if (language === 'ruby' && c === '%' && !isWordChar(prev)) {
      const m = /^%([qQwWixsIr]?)([^\w\s])/.exec(code.slice(i, i + 3));
      if (m) {
        const kind = m[1] === 'x' ? 'command' : m[1] === 'w' || m[1] === 'W' || m[1] === 'i' || m[1] === 'I' ? 'words' : 'string';
        const literal = delimited(code, i, i + m[0].length - 1, kind, m[1] !== 'q' && m[1] !== 'w' && m[1] !== 'i', language);
        if (m[1] === 'r' || m[1] === 's') mask(literal.start, literal.end);
        else add(literal);
        i = literal.end;
        continue;
      }
    }
    if (language === 'perl' && perlQuoteChars.has(c) && !isWordChar(code[i - 1]) && code[i - 1] !== '$' && code[i - 1] !== '@' && code[i - 1] !== '%') {
      const m = /^(qq|qx|qw|qr|q|m|s|tr|y)\s*([^\w\s;,)=$@>-])/.exec(code.slice(i, i + 5));
      if (m && code[i - 1] !== '-' && code[i - 1] !== '>' && code[i - 1] !== '{') {
        const op = m[1];
        const open = i + m[0].length - 1;
        if (op === 's' || op === 'tr' || op === 'y') {
          let end = skipRegex(code, open + 1, pairs[m[2]] ?? m[2]);
          if (pairs[m[2]]) {
            while (end < n && /\s/.test(code[end])) end++;
            const second = code[end];
            end = skipRegex(code, end + 1, pairs[second] ?? second);
          } else {
            end = skipRegex(code, end, m[2]);
          }
          while (end < n && /[a-z]/.test(code[end])) end++;
          mask(i, end);
          i = end;
          continue;
        }
        if (op === 'm' || op === 'qr') {
          const end = skipRegex(code, open + 1, pairs[m[2]] ?? m[2]);
          mask(i, end);
          i = end;
          continue;
        }
        const kind = op === 'qx' ? 'command' : op === 'qw' ? 'words' : 'string';
        add(delimited(code, i, open, kind, op !== 'q' && op !== 'qw' && !(op === 'qx' && m[2] === "'"), language));
        continue;
      }
    }
    if (quoteChars.has(c)) {
      const literal = lexQuoted(code, i, language);
      // zx, Bun and execa run a template tagged with `$` as a shell command.
      add(js && c === '`' && prev === '$' ? { ...literal, kind: 'command' } : literal);
      continue;
    }
    i++;
  }
  out.push(code.slice(last));
  return { masked: out.join(''), literals, commands };
}

function previousSignificant(code: string, i: number): string {
  let j = i - 1;
  const stop = Math.max(0, i - 64);
  while (j >= stop && (code[j] === ' ' || code[j] === '\t')) j--;
  return j >= 0 ? code[j] : '';
}

function regexAllowed(prev: string, code: string, i: number): boolean {
  if (code[i + 1] === '/' || code[i + 1] === '*' || code[i + 1] === '=') return false;
  if (prev === '' || '(,=:[!&|?{};~+-*%<>^'.includes(prev)) return true;
  const before = code.slice(Math.max(0, i - 8), i).trimEnd();
  return /(?:^|[^\w$])(?:return|typeof|split|grep|if|unless|and|or|not|when|while|until)$/.test(before);
}

function skipRegex(code: string, from: number, close: string): number {
  let i = from;
  let inClass = false;
  while (i < code.length) {
    const c = code[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[' && close === '/') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === close && !inClass) return i + 1;
    else if (c === '\n' && close === '/') return i;
    i++;
  }
  return i;
}

function lineEnd(code: string, i: number): number {
  const end = code.indexOf('\n', i);
  return end < 0 ? code.length : end;
}

function isWordChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || c === '_' || c === '$';
}

const pythonPrefixChars = new Set('rRbBuUfF'.split(''));
const perlQuoteChars = new Set('qmsty'.split(''));

/** Python strings with prefixes: r'…' (raw), f'…' (holes), b'…', triple quotes. */
function lexPython(code: string, start: number, prefix: string): Literal {
  let i = start + prefix.length;
  const q = code[i];
  const triple = code.startsWith(q.repeat(3), i);
  const close = triple ? q.repeat(3) : q;
  i += close.length;
  const raw = prefix.includes('r');
  const formatted = prefix.includes('f');
  const parts: Part[] = [];
  let text = '';
  while (i < code.length) {
    if (code.startsWith(close, i)) {
      i += close.length;
      break;
    }
    const c = code[i];
    if (c === '\\' && i + 1 < code.length) {
      const m = escapePattern.exec(code.slice(i, i + 12));
      const esc = m ? m[0] : code.slice(i, i + 2);
      text += raw ? esc : decodeEscape(esc, 'python');
      i += esc.length;
      continue;
    }
    if (formatted && c === '{') {
      if (code[i + 1] === '{') {
        text += '{';
        i += 2;
        continue;
      }
      const end = matchingBrace(code, i);
      if (text) parts.push(text);
      text = '';
      parts.push(holeFor(code.slice(i + 1, end).replace(/![rsa]?(?::[^}]*)?$|:[^}]*$/, '')));
      i = end + 1;
      continue;
    }
    if (formatted && c === '}' && code[i + 1] === '}') {
      text += '}';
      i += 2;
      continue;
    }
    if (!triple && c === '\n') break;
    text += c;
    i++;
  }
  if (text) parts.push(text);
  return { start, end: i, parts, kind: 'string' };
}

/** '…', "…" and `…` in JS, Ruby, Perl, PHP and plain Python. */
function lexQuoted(code: string, start: number, language: ScriptLanguage): Literal {
  if (language === 'python') return lexPython(code, start, '');
  const q = code[start];
  const js = language === 'node' || language === 'deno';
  const interpolates = q !== "'" ;
  const kind: Literal['kind'] = q === '`' && !js ? 'command' : 'string';
  const parts: Part[] = [];
  let text = '';
  let i = start + 1;
  while (i < code.length) {
    const c = code[i];
    if (c === q) {
      i++;
      break;
    }
    if (c === '\\' && i + 1 < code.length) {
      if (!interpolates) {
        const next = code[i + 1];
        text += next === '\\' || next === q ? next : `\\${next}`;
        i += 2;
        continue;
      }
      const m = escapePattern.exec(code.slice(i, i + 12));
      const esc = m ? m[0] : code.slice(i, i + 2);
      text += decodeEscape(esc, js ? 'js' : 'c');
      i += esc.length;
      continue;
    }
    if (interpolates) {
      const hole = interpolation(code, i, language, q === '`');
      if (hole) {
        if (text) parts.push(text);
        text = '';
        parts.push(hole.part);
        i = hole.end;
        continue;
      }
    }
    text += c;
    i++;
  }
  if (text) parts.push(text);
  return { start, end: i, parts, kind };
}

/** `qq{…}`, `%x(…)`, `q!…!`: a delimited literal; brackets nest. */
function delimited(code: string, start: number, open: number, kind: Literal['kind'], interpolates: boolean, language: ScriptLanguage): Literal {
  const opener = code[open];
  const closer = pairs[opener] ?? opener;
  const parts: Part[] = [];
  let text = '';
  let depth = 0;
  let i = open + 1;
  while (i < code.length) {
    const c = code[i];
    if (c === '\\' && i + 1 < code.length) {
      const next = code[i + 1];
      text += interpolates ? decodeEscape(code.slice(i, i + 2), 'c') : next === closer || next === '\\' ? next : `\\${next}`;
      i += 2;
      continue;
    }
    if (c === opener && closer !== opener) depth++;
    else if (c === closer) {
      if (depth === 0) {
        i++;
        break;
      }
      depth--;
    }
    if (interpolates) {
      const hole = interpolation(code, i, language, false);
      if (hole) {
        if (text) parts.push(text);
        text = '';
        parts.push(hole.part);
        i = hole.end;
        continue;
      }
    }
    text += c;
    i++;
  }
  if (text) parts.push(text);
  return { start, end: i, parts, kind };
}

/** `${…}` in JS templates, `#{…}` in Ruby, `$var`/`${var}`/`{$var}`/`$ENV{X}` in Perl and PHP. */
function interpolation(code: string, i: number, language: ScriptLanguage, template: boolean): { part: Part; end: number } | undefined {
  const c = code[i];
  if ((language === 'node' || language === 'deno') && template && c === '$' && code[i + 1] === '{') {
    const end = matchingBrace(code, i + 1);
    return { part: holeFor(code.slice(i + 2, end)), end: end + 1 };
  }
  if (language === 'ruby' && c === '#' && code[i + 1] === '{') {
    const end = matchingBrace(code, i + 1);
    return { part: holeFor(code.slice(i + 2, end)), end: end + 1 };
  }
  if (language === 'perl' || language === 'php') {
    if (c === '$') {
      const m = /^\$(?:ENV\{\s*['"]?(\w+)['"]?\s*\}|\{\s*(\w+)\s*\}|(\w+)(?:\[[^\]]*\]|\{[^}]*\}|->\w+)?)/.exec(code.slice(i, i + 80));
      if (m) {
        if (m[1]) return { part: { env: m[1] }, end: i + m[0].length };
        return { part: holeFor(`$${m[2] ?? m[3]}`), end: i + m[0].length };
      }
    }
    if (language === 'php' && c === '{' && code[i + 1] === '$') {
      const end = matchingBrace(code, i);
      return { part: holeFor(code.slice(i + 1, end)), end: end + 1 };
    }
    if (language === 'perl' && c === '@' && /[\w{]/.test(code[i + 1] ?? '')) {
      const m = /^@(?:\{[^}]*\}|\w+)/.exec(code.slice(i, i + 80));
      if (m) return { part: { computed: true }, end: i + m[0].length };
    }
  }
  return undefined;
}

function matchingBrace(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '{') depth++;
    else if (code[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return code.length;
}

/** A pending interpolation: resolved against variables and environment reads when the scan runs. */
interface PendingHole extends Hole {
  readonly expr?: string;
}

function holeFor(expr: string): PendingHole {
  const env = envInText(expr);
  if (env) return { env };
  return { computed: true, expr: expr.trim() };
}

const escapePattern = /^\\(?:x\{[0-9A-Fa-f]+\}|x[0-9A-Fa-f]{1,2}|u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/;
const simpleEscapes: Readonly<Record<string, string>> = {
  n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', s: ' ', '0': '\0',
};

function decodeEscape(esc: string, style: 'python' | 'js' | 'c'): string {
  const body = esc.slice(1);
  const head = body[0];
  if (head === 'x' || head === 'u' || head === 'U') {
    const hex = body.slice(1).replace(/[{}]/g, '');
    const code = parseInt(hex, 16);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : esc;
  }
  if (/^[0-7]{1,3}$/.test(body) && !(style === 'js' && body !== '0')) return String.fromCharCode(parseInt(body, 8));
  if (head === 'N') return '?';
  if (head in simpleEscapes && !(head === 's' && style !== 'c')) return simpleEscapes[head];
  if (style === 'python' && !/['"\\\n]/.test(head)) return esc;
  return head === '\n' ? '' : head;
}

// ---------------------------------------------------------------------------------------------
// Environment reads

const envInTextSources: readonly RegExp[] = [
  /\bos\.environ\s*\[\s*['"](\w+)['"]\s*\]/,
  /\b(?:os\.environ\.get|os\.getenv|getenv)\s*\(\s*['"](\w+)['"]/,
  /\bprocess\.env\.([A-Za-z_]\w*)/,
  /\bprocess\.env\s*\[\s*['"`](\w+)['"`]\s*\]/,
  /\b(?:Deno\.env\.get)\s*\(\s*['"`](\w+)['"`]/,
  /\bBun\.env\.([A-Za-z_]\w*)/,
  /\bENV\s*\[\s*['"](\w+)['"]\s*\]/,
  /\bENV\.fetch\s*\(\s*['"](\w+)['"]/,
  /\$ENV\s*\{\s*['"]?(\w+)['"]?\s*\}/,
  /\$_(?:ENV|SERVER)\s*\[\s*['"](\w+)['"]\s*\]/,
];

/** The same patterns, global, for finding every read in a script. */
const envInTextPatterns: readonly RegExp[] = envInTextSources.map((p) => new RegExp(p.source, 'g'));

function envInText(text: string): string | undefined {
  const trimmed = text.trim();
  for (const pattern of envInTextSources) {
    const m = pattern.exec(trimmed);
    if (m && m.index === 0 && envReadTail.test(trimmed.slice(m[0].length))) return m[1];
  }
  return undefined;
}

/** What may follow the variable name in a read: a closing quote and bracket, or a default value. */
const envReadTail = /^['"`]?\s*(?:,[^)]*)?[\])]?\s*$/;

/** Every environment variable a script reads, wherever it is read. */
function envNamesIn(code: string): string[] {
  const names = new Set<string>();
  for (const pattern of envInTextPatterns) {
    for (const m of code.matchAll(pattern)) names.add(m[1]);
  }
  return [...names];
}

// ---------------------------------------------------------------------------------------------
// The scanner

interface Arg {
  /** Keyword (`shell=True`, `method: 'DELETE'`, `DELETE =>`): the name; positional: undefined. */
  readonly name?: string;
  readonly value: Value;
  readonly raw: string;
}

interface CallSite {
  /** Index of the opening parenthesis, or of the first argument when the call has none. */
  readonly open: number;
  readonly parens: boolean;
}

/** Calls of one language: the pattern's last character is where the arguments begin. */
interface CallRule {
  readonly pattern: RegExp;
  readonly handle: (scanner: Scanner, match: RegExpExecArray, args: Arg[], site: CallSite) => void;
  /** Perl and Ruby allow `system "…"` without parentheses. */
  readonly bare?: boolean;
}

const computedPart: Hole = { computed: true };

class Scanner {
  readonly lexed: Lexed;
  readonly symbols = new Map<string, Value>();
  readonly clients = new Map<string, string>();
  readonly httpHosts = new Map<string, string>();
  readonly envNames: string[];
  awsProfile?: string;
  awsRegion?: string;
  private nesting = 0;
  private work = 0;

  constructor(
    readonly language: ScriptLanguage,
    readonly code: string,
    readonly scan: ScriptScan,
    readonly depth: number,
  ) {
    this.lexed = lex(language, code);
    this.envNames = envNamesIn(code);
  }

  run(): void {
    this.collectAssignments();
    for (const literal of this.lexed.commands) {
      if (this.full()) return;
      this.runShell(this.resolve(str(...literal.parts)));
    }
    const rules = callRules[this.language];
    const masked = this.lexed.masked;
    let calls = 0;
    for (const rule of rules) {
      for (const m of masked.matchAll(rule.pattern)) {
        if (++calls > maxCalls || this.full()) {
          this.scan.opaque = 'makes more calls than Bulkhead reads in one script';
          return;
        }
        const at = (m.index ?? 0) + m[0].length;
        const parens = masked[at - 1] === '(';
        if (!parens && !rule.bare) continue;
        if (!parens) {
          const next = masked.slice(at).trimStart()[0];
          if (next === undefined || !/[\u0001$@\w(]/.test(next) || /^\s*(?:=[^=>]|=>|->)/.test(masked.slice(at, at + 4))) continue;
        }
        const args = this.readArgs(parens ? at : at, parens);
        rule.handle(this, m as RegExpExecArray, args, { open: at, parens });
      }
    }
  }

  // -- symbols ---------------------------------------------------------------------------------

  private collectAssignments(): void {
    const masked = this.lexed.masked;
    let count = 0;
    for (const m of masked.matchAll(assignmentPatterns[this.language])) {
      if (++count > maxCalls) break;
      const index = (m.index ?? 0) + m[0].length;
      const name = m[1];
      const { value } = this.readValue(index, true);
      this.symbols.set(name, value);
      const client = /^\s*(?:boto3|session|boto3\.session\.Session\([^)]*\)|[A-Za-z_]\w*)\s*\.\s*(?:client|resource)\s*\(\s*\u0001/.exec(masked.slice(index, index + 80));
      if (client) {
        const literal = this.lexed.literals.get(index + client[0].length - 1);
        const service = literal ? literalText(str(...literal.parts)) : undefined;
        if (service) this.clients.set(name, service);
      }
      const connection = /^\s*(?:http\.client\.)?(?:HTTPS?Connection|Net::HTTP\.(?:new|start))\s*\(\s*\u0001/.exec(masked.slice(index, index + 60));
      if (connection) {
        const literal = this.lexed.literals.get(index + connection[0].length - 1);
        const host = literal ? literalText(str(...literal.parts)) : undefined;
        if (host) this.httpHosts.set(name, `${/HTTPConnection/.test(connection[0]) ? 'http' : 'https'}://${host}`);
      }
    }
  }

  /** Replaces pending interpolation holes by what variables and environment reads say. */
  resolve(value: Value): Value {
    if (value.kind !== 'str') return value;
    const parts: Part[] = [];
    for (const part of value.parts) {
      const pending = part as PendingHole;
      if (typeof part === 'string' || !pending.expr) {
        parts.push(part);
        continue;
      }
      const name = pending.expr.replace(/^\$/, '');
      const known = /^[A-Za-z_]\w*$/.test(name) ? this.symbols.get(name) : undefined;
      if (known && known.kind === 'str') parts.push(...known.parts);
      else parts.push(computedPart);
    }
    return { kind: 'str', parts };
  }

  // -- reading arguments -----------------------------------------------------------------------

  skipSpace(i: number, newlines = true): number {
    const masked = this.lexed.masked;
    while (i < masked.length) {
      const c = masked[i];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n') || (c === '\\' && masked[i + 1] === '\n')) i++;
      else break;
    }
    return i;
  }

  /** Arguments from just after `(` to the matching `)`, or to the end of the statement without parentheses. */
  readArgs(from: number, parens: boolean): Arg[] {
    const masked = this.lexed.masked;
    const args: Arg[] = [];
    let i = from;
    for (let count = 0; count < 32; count++) {
      i = this.skipSpace(i, parens);
      const c = masked[i];
      if (c === undefined || c === ')' || (!parens && (c === ';' || c === '\n' || c === '}'))) break;
      let name: string | undefined;
      const keyword = keywordPattern.exec(masked.slice(i, i + 64));
      if (keyword && !(this.language === 'python' && keyword[2] !== '=')) {
        name = keyword[1];
        if (keyword[2] === '=>' && this.language === 'perl') {
          // A Perl fat comma quotes its left side: `DELETE => $url` is two arguments.
          args.push({ value: str(keyword[1]), raw: keyword[1] });
          name = undefined;
        }
        i = this.skipSpace(i + keyword[0].length);
      }
      const start = i;
      const { value, end } = this.readValue(i, false);
      args.push({ name, value, raw: this.code.slice(start, end) });
      i = this.skipSpace(end, parens);
      if (masked[i] === ',') {
        i++;
        continue;
      }
      if (masked[i] === undefined || masked[i] === ')') break;
      if (!parens && /^(?:if|unless|or|and|&&|\|\||;|\n)/.test(masked.slice(i, i + 7))) break;
      i = this.skipBalanced(i, parens);
      if (masked[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    return args;
  }

  /** Skips to the next `,` or closing bracket at this depth. */
  skipBalanced(from: number, parens: boolean): number {
    const masked = this.lexed.masked;
    if (this.work > maxWork) {
      this.scan.opaque = 'is too large for Bulkhead to read completely';
      return masked.length;
    }
    const limit = Math.min(masked.length, from + maxSpan);
    let depth = 0;
    let i = from;
    while (i < limit) {
      const c = masked[i];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) return i;
        depth--;
      } else if (depth === 0 && (c === ',' || (!parens && (c === ';' || c === '\n')))) break;
      i++;
    }
    this.work += i - from + 1;
    return i;
  }

  /** One expression: literals joined by `+` (or `.` in Perl and PHP), lists, maps, variables, env reads. */
  readValue(from: number, statement: boolean): { value: Value; end: number } {
    let { value, end } = this.readTerm(from, statement);
    const masked = this.lexed.masked;
    for (let guard = 0; guard < 64; guard++) {
      let i = this.skipSpace(end, !statement);
      const op = masked[i];
      const joins = op === '+' && masked[i + 1] !== '=' && masked[i + 1] !== '+'
        || (op === '.' && (this.language === 'perl' || this.language === 'php') && masked[i + 1] !== '=' && masked[i + 1] !== '.')
        || (this.language === 'python' && op === fill && this.lexed.literals.has(i));
      if (!joins) break;
      if (op !== fill) i = this.skipSpace(i + 1, !statement);
      const next = this.readTerm(i, statement);
      value = concat(value, next.value);
      end = next.end;
    }
    return { value, end };
  }

  readTerm(from: number, statement: boolean): { value: Value; end: number } {
    if (this.nesting >= maxNesting) return { value: computed, end: this.skipBalanced(from, true) };
    this.nesting++;
    try {
      return this.readTermInner(from, statement);
    } finally {
      this.nesting--;
    }
  }

  private readTermInner(from: number, statement: boolean): { value: Value; end: number } {
    const masked = this.lexed.masked;
    const i = this.skipSpace(from, !statement);
    const c = masked[i];
    const literal = this.lexed.literals.get(i);
    if (literal) {
      let value: Value = literal.kind === 'words'
        ? { kind: 'list', items: wordsOf(literal).map((w) => str(w)) }
        : this.resolve(str(...literal.parts));
      // Backticks and %x{} already ran (from the lexer's list); their output is unknown.
      if (literal.kind === 'command') value = computed;
      return this.postfix(value, literal.end, statement);
    }
    if (c === '[' || (c === '(' && (this.language === 'perl' || this.language === 'python'))) {
      return this.readList(i, c === '[' ? ']' : ')');
    }
    if (c === '{' && this.language !== 'perl') return this.readMap(i);
    const env = this.envRead(i);
    if (env) return this.postfix(str({ env: env.name }), env.end, statement);
    if (this.language === 'perl') {
      const declaration = /^(?:my|our|local)\s+/.exec(masked.slice(i, i + 8));
      if (declaration) return this.readTerm(i + declaration[0].length, statement);
    }
    homePattern.lastIndex = i;
    const home = homePattern.exec(masked);
    if (home) return this.postfix(str({ env: 'HOME' }), i + home[0].length, statement);
    transparentPattern.lastIndex = i;
    const wrapper = transparentPattern.exec(masked);
    if (wrapper) {
      const open = i + wrapper[0].length;
      const inner = this.readArgs(open, true);
      return this.postfix(inner[0]?.value ?? computed, this.closeParen(open) + 1, statement);
    }
    const decoded = this.decodeCall(i);
    if (decoded) return this.postfix(decoded.value, decoded.end, statement);
    const globbed = this.globCall(i);
    if (globbed) return globbed;
    const joined = this.pathCall(i);
    if (joined) return joined;
    const number = numberPattern.exec(masked.slice(i, i + 32));
    if (number) return { value: { kind: 'other', raw: number[0] }, end: i + number[0].length };
    const ident = identifierPattern[this.language].exec(masked.slice(i, i + 128));
    if (ident && ident[0]) {
      const name = ident[0];
      let end = i + name.length;
      const bare = name.replace(/^[$@]/, '');
      if (this.language === 'php' && /^array$/i.test(name) && masked[this.skipSpace(end)] === '(') {
        return this.readList(this.skipSpace(end), ')');
      }
      if (/^(?:True|true)$/.test(bare)) return { value: { kind: 'other', raw: 'true' }, end };
      if (/^(?:False|false|None|null|nil|undefined)$/.test(bare)) return { value: { kind: 'other', raw: 'false' }, end };
      const known = this.symbols.get(bare);
      const after = this.skipSpace(end, !statement);
      if (masked[after] === '(' || masked[after] === '[' || (masked[after] === '.' && masked[after + 1] !== '.' && this.language !== 'perl' && this.language !== 'php') || masked.startsWith('->', after)) {
        end = this.skipChain(after);
        return { value: computed, end };
      }
      if (known) return { value: known, end };
      if (/^\d/.test(bare)) return { value: { kind: 'other', raw: bare }, end };
      return { value: computed, end };
    }
    return { value: computed, end: this.skipBalanced(i, !statement) };
  }

  /** `'…'.format(x)`, `'…' % x`, `.strip()`: keep what the literal says. */
  postfix(value: Value, end: number, statement: boolean): { value: Value; end: number } {
    const masked = this.lexed.masked;
    let i = this.skipSpace(end, !statement);
    if (this.language === 'python' && masked[i] === '%' && masked[i + 1] !== '=') {
      const after = this.readTerm(i + 1, statement);
      return { value: holesFor(value, /%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]/g), end: after.end };
    }
    for (let guard = 0; guard < 8; guard++) {
      const method = /^\.\s*(\w+)\s*\(/.exec(masked.slice(i, i + 40));
      if (!method || this.language === 'perl' || this.language === 'php') break;
      const close = this.closeParen(i + method[0].length);
      if (method[1] === 'format') value = holesFor(value, /\{[^{}]*\}/g);
      else if (!/^(?:strip|lstrip|rstrip|trim|trimEnd|trimStart|lower|upper|encode|decode|toString|to_s|chomp|strip!|freeze)$/.test(method[1])) value = computed;
      i = this.skipSpace(close + 1, !statement);
      end = close + 1;
    }
    return { value, end };
  }

  closeParen(from: number): number {
    const close = this.skipBalanced(from, true);
    return this.lexed.masked[close] === ')' ? close : close - 1;
  }

  closeBracket(from: number): number {
    const close = this.skipBalanced(from, true);
    return this.lexed.masked[close] === ']' ? close : close - 1;
  }

  skipChain(from: number): number {
    const masked = this.lexed.masked;
    let i = from;
    for (let guard = 0; guard < 32; guard++) {
      const c = masked[i];
      if (c === '(' || c === '[' || c === '{') {
        const close = this.skipBalanced(i + 1, true);
        i = close + 1;
      } else if (c === '.' || masked.startsWith('->', i) || masked.startsWith('::', i)) {
        i += c === '.' ? 1 : 2;
        const ident = /^[A-Za-z_$]\w*/.exec(masked.slice(i, i + 64));
        if (!ident) break;
        i += ident[0].length;
      } else break;
      i = this.skipSpace(i, false);
    }
    return i;
  }

  readList(open: number, close: string): { value: Value; end: number } {
    const masked = this.lexed.masked;
    const items: Value[] = [];
    let i = open + 1;
    const entries = new Map<string, Value>();
    for (let guard = 0; guard < 256; guard++) {
      i = this.skipSpace(i);
      if (masked[i] === close || i >= masked.length) break;
      const { value, end } = this.readValue(i, false);
      let j = this.skipSpace(end);
      if (masked.startsWith('=>', j)) {
        const next = this.readValue(this.skipSpace(j + 2), false);
        const key = literalText(value);
        if (key !== undefined) entries.set(key, next.value);
        j = this.skipSpace(next.end);
      } else {
        items.push(value);
      }
      if (masked[j] === ',') {
        i = j + 1;
        continue;
      }
      if (masked[j] === close) {
        i = j;
        break;
      }
      i = this.skipBalanced(j, true);
      if (masked[i] === ',') i++;
      else break;
    }
    const end = masked[i] === close ? i + 1 : i;
    if (entries.size > 0) return { value: { kind: 'map', entries, raw: this.code.slice(open, end) }, end };
    // `(a + b)` groups; `(a,)` and `("rm", "-rf")` are lists.
    if (close === ')' && items.length === 1 && masked[this.skipSpace(end - 2)] !== ',' && this.language === 'python') return { value: items[0], end };
    return { value: { kind: 'list', items }, end };
  }

  readMap(open: number): { value: Value; end: number } {
    const masked = this.lexed.masked;
    const entries = new Map<string, Value>();
    let i = open + 1;
    for (let guard = 0; guard < 256; guard++) {
      i = this.skipSpace(i);
      if (masked[i] === '}' || i >= masked.length) break;
      let key: string | undefined;
      const literal = this.lexed.literals.get(i);
      if (literal) {
        key = literalText(str(...literal.parts));
        i = literal.end;
      } else {
        const ident = /^[:]?([A-Za-z_$][\w$]*)/.exec(masked.slice(i, i + 64));
        if (ident) {
          key = ident[1];
          i += ident[0].length;
        }
      }
      i = this.skipSpace(i);
      const sep = /^(?::|=>|=)/.exec(masked.slice(i, i + 2));
      if (sep) {
        const { value, end } = this.readValue(this.skipSpace(i + sep[0].length), false);
        if (key !== undefined) entries.set(key, value);
        i = this.skipSpace(end);
      } else if (key !== undefined && (masked[i] === ',' || masked[i] === '}')) {
        // `{ method }` shorthand, or a set literal item: the name stands for its value.
        entries.set(key, this.symbols.get(key) ?? computed);
      } else {
        i = this.skipBalanced(i, true);
      }
      if (masked[i] === ',') {
        i++;
        continue;
      }
      if (masked[i] === '}') break;
      i = this.skipBalanced(i, true);
      if (masked[i] === ',') i++;
      else break;
    }
    const end = masked[i] === '}' ? i + 1 : i;
    return { value: { kind: 'map', entries, raw: this.code.slice(open, end) }, end };
  }

  envRead(i: number): { name: string; end: number } | undefined {
    const masked = this.lexed.masked;
    for (const pattern of envReadPatterns[this.language]) {
      pattern.lastIndex = i;
      const m = pattern.exec(masked);
      if (!m) continue;
      let end = i + m[0].length;
      if (m[1]) return { name: m[1], end };
      const literal = this.lexed.literals.get(end);
      if (!literal) continue;
      const name = literalText(str(...literal.parts));
      if (!name) continue;
      // Past a default value (`os.environ.get('X', 'y')`) to the closing bracket.
      end = this.skipBalanced(literal.end, true);
      return { name, end: end < masked.length ? end + 1 : end };
    }
    return undefined;
  }

  /** `base64.b64decode('…')`, `atob('…')`, `Buffer.from('…', 'base64')`: decoded when literal. */
  decodeCall(i: number): { value: Value; end: number } | undefined {
    const masked = this.lexed.masked;
    decodePattern.lastIndex = i;
    const m = decodePattern.exec(masked);
    if (!m) return undefined;
    const open = i + m[0].length;
    const args = this.readArgs(open, true);
    const close = this.closeParen(open);
    const text = args[0] ? literalText(args[0].value) : undefined;
    if (m[0].startsWith('Buffer') && !(args[1] && literalText(args[1].value) === 'base64')) return { value: args[0]?.value ?? computed, end: close + 1 };
    const decoded = text !== undefined ? base64Decode(text) : undefined;
    return { value: decoded !== undefined ? str(decoded) : computed, end: close + 1 };
  }

  /** `os.path.join(a, b)`, `path.join(…)`, `File.join(…)`, `os.path.expanduser('~/x')`. */
  /** `glob('/var/backups/*.sql')` (Perl, Python's glob.glob and iglob, Ruby's Dir.glob and Dir[…], Node's globSync): every file it matches. */
  globCall(i: number): { value: Value; end: number } | undefined {
    const masked = this.lexed.masked;
    globCallPattern.lastIndex = i;
    const m = globCallPattern.exec(masked);
    if (!m) return undefined;
    const open = i + m[0].length;
    const args = this.readArgs(open, true);
    const end = (m[0].trimEnd().endsWith('[') ? this.closeBracket(open) : this.closeParen(open)) + 1;
    const pattern = args[0] ? literalText(args[0].value) : undefined;
    return { value: pattern !== undefined ? str({ glob: pattern }) : computed, end };
  }

  pathCall(i: number): { value: Value; end: number } | undefined {
    const masked = this.lexed.masked;
    pathJoinPattern.lastIndex = i;
    const m = pathJoinPattern.exec(masked);
    if (!m) return undefined;
    const open = i + m[0].length;
    const args = this.readArgs(open, true);
    const end = this.closeParen(open) + 1;
    if (/expanduser|expandvars/.test(m[0])) {
      const text = args[0] ? literalText(args[0].value) : undefined;
      if (text?.startsWith('~')) return { value: str({ env: 'HOME' }, text.slice(1)), end };
      return { value: args[0]?.value ?? computed, end };
    }
    let value: Value | undefined;
    for (const arg of args) value = value ? concat(concat(value, str('/')), arg.value) : arg.value;
    return { value: value ?? computed, end };
  }

  // -- outputs ---------------------------------------------------------------------------------

  /** True once the scan has found as much as the shell walk will look at. */
  full(): boolean {
    if (this.scan.commands.length + this.scan.argvs.length + this.scan.files.length < maxCalls) return false;
    this.scan.opaque = 'runs more commands than Bulkhead reads in one script';
    return true;
  }

  /** The working directory a call names (`cwd=` in Python, `{cwd}` in Node), while it runs. */
  private directory?: Value;

  /** Runs `call` with commands placed in `directory`, so path targets see where they run. */
  within(directory: Value | undefined, call: () => void): void {
    const outer = this.directory;
    if (directory && hasLiteralText(directory)) this.directory = directory;
    try {
      call();
    } finally {
      this.directory = outer;
    }
  }

  runShell(value: Value): void {
    const items = listItems(value);
    if (items) {
      this.runArgv(items);
      return;
    }
    if (!hasLiteralText(value)) {
      this.scan.opaque = 'runs a shell command that is only known at run time';
      return;
    }
    this.scan.commands.push(this.placed(asShellCode(value)));
  }

  private placed(command: string): string {
    return this.directory ? `cd ${asShellWord(this.directory)} && ${command}` : command;
  }

  runArgv(items: readonly Value[]): void {
    if (items.length === 0) return;
    if (!hasLiteralText(items[0])) {
      this.scan.opaque = 'runs a program whose name is only known at run time';
      return;
    }
    if (!this.directory && items.every((item) => literalText(item) !== undefined)) {
      this.scan.argvs.push(items.map(asArgvItem));
      return;
    }
    // Render as shell words so variables the script reads (and a working directory) stay visible to the walk.
    this.scan.commands.push(this.placed(items.map(asShellWord).join(' ')));
  }

  removes(paths: readonly Value[], recursive: boolean): void {
    if (paths.length === 0) return;
    this.scan.commands.push(`${recursive ? 'rm -rf' : 'rm -f'} ${paths.map(asShellWord).join(' ')}`);
  }

  removesDirectory(path: Value): void {
    this.scan.commands.push(`rmdir ${asShellWord(path)}`);
  }

  reads(path: Value | undefined): void {
    if (!path) return;
    const text = literalText(path);
    if (text !== undefined) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) this.request('GET', path);
      else if (text) this.scan.files.push(text);
      return;
    }
    if (hasLiteralText(path) || (path.kind === 'str' && path.parts.some((p) => typeof p !== 'string' && p.env))) {
      this.scan.commands.push(`cat ${asShellWord(path)}`);
    }
  }

  request(method: string | Value, url: Value | undefined, body?: Value | string, headers: readonly string[] = []): void {
    const verb = typeof method === 'string' ? method : literalText(method)?.toUpperCase();
    const words = ['curl', '-X', verb && /^[A-Za-z]+$/.test(verb) ? verb.toUpperCase() : `"\${${computedVariable}}"`];
    words.push(url ? asShellWord(url) : "''");
    for (const header of headers) words.push('-H', quoteText(header));
    for (const name of this.envNames) words.push('-H', `'X-Script-Env: '"\${${name}}"`);
    if (body !== undefined) {
      const word = typeof body === 'string' ? quoteText(body) : body.kind === 'str' ? asShellWord(body) : quoteText(body.kind === 'list' ? '' : body.raw);
      words.push('--data-raw', word);
    }
    this.scan.commands.push(words.join(' '));
  }

  recurse(value: Value | undefined): void {
    const text = value ? literalText(value) : undefined;
    if (text === undefined) {
      this.scan.opaque = 'evaluates code that is only known at run time';
      return;
    }
    if (this.depth >= maxDepth) {
      this.scan.opaque = 'nests eval more deeply than Bulkhead follows';
      return;
    }
    new Scanner(this.language, text, this.scan, this.depth + 1).run();
  }

  aws(service: string, operation: string, args: readonly Arg[]): void {
    const cliService = service === 's3' ? 's3api' : service;
    const words = ['aws', cliService, nameWords(operation).join('-')];
    if (this.awsProfile) words.push('--profile', quoteText(this.awsProfile));
    if (this.awsRegion) words.push('--region', quoteText(this.awsRegion));
    for (const arg of args) {
      if (!arg.name) continue;
      const flag = `--${nameWords(arg.name).join('-')}`;
      const v = arg.value;
      if (v.kind === 'other' && v.raw === 'true') words.push(flag);
      else if (v.kind === 'other' && v.raw === 'false') words.push(`--no-${flag.slice(2)}`);
      else if (v.kind === 'list') words.push(flag, ...v.items.map(asShellWord));
      else if (v.kind === 'str') words.push(flag, asShellWord(v));
      else words.push(flag, `"\${${computedVariable}}"`);
    }
    this.scan.commands.push(words.join(' '));
  }
}

function holesFor(value: Value, pattern: RegExp): Value {
  if (value.kind !== 'str') return value;
  const parts: Part[] = [];
  for (const part of value.parts) {
    if (typeof part !== 'string') {
      parts.push(part);
      continue;
    }
    let last = 0;
    for (const m of part.matchAll(pattern)) {
      if ((m.index ?? 0) > last) parts.push(part.slice(last, m.index));
      parts.push(computedPart);
      last = (m.index ?? 0) + m[0].length;
    }
    if (last < part.length) parts.push(part.slice(last));
  }
  return { kind: 'str', parts };
}

function wordsOf(literal: Literal): string[] {
  return literal.parts.filter((p): p is string => typeof p === 'string').join(' ').split(/\s+/).filter(Boolean);
}

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Decode(text: string): string | undefined {
  const clean = text.replace(/[\s=]/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*$/.test(clean)) return undefined;
  let bits = 0;
  let buffer = 0;
  const bytes: number[] = [];
  for (const c of clean) {
    buffer = (buffer << 6) | base64Alphabet.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  try {
    return decodeURIComponent(out.replace(/[\x80-\xff]/g, (c) => `%${c.charCodeAt(0).toString(16)}`));
  } catch {
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Patterns, per language (compiled once)

const numberPattern = /^-?\d+(?:\.\d+)?(?![\w.])/;
const keywordPattern = /^([A-Za-z_]\w*)\s*(=>|=(?!=)|:(?!:))/;

const identifierPattern: Readonly<Record<ScriptLanguage, RegExp>> = {
  python: /^[A-Za-z_]\w*/,
  node: /^[A-Za-z_$][\w$]*/,
  deno: /^[A-Za-z_$][\w$]*/,
  ruby: /^[@$]?[A-Za-z_]\w*[?!]?/,
  perl: /^[$@%]?[A-Za-z_]\w*(?:::\w+)*/,
  php: /^\$?[A-Za-z_]\w*(?:::\w+)?/,
};

const assignmentPatterns: Readonly<Record<ScriptLanguage, RegExp>> = {
  python: /(?:^|[;\n])\s*([A-Za-z_]\w*)\s*=(?!=)/g,
  node: /(?:\b(?:const|let|var)\s+|(?:^|[;\n{])\s*)([A-Za-z_$][\w$]*)\s*=(?![=>])/g,
  deno: /(?:\b(?:const|let|var)\s+|(?:^|[;\n{])\s*)([A-Za-z_$][\w$]*)\s*=(?![=>])/g,
  ruby: /(?:^|[;\n])\s*([a-z_]\w*|[A-Z]\w*)\s*=(?![=~>])/g,
  perl: /(?:\b(?:my|our|local)\s+)?[$@]([A-Za-z_]\w*)\s*=(?![=~>])/g,
  php: /\$([A-Za-z_]\w*)\s*=(?![=>])/g,
};

const envReadPatterns: Readonly<Record<ScriptLanguage, readonly RegExp[]>> = {
  python: [/os\.environ\s*\[\s*(?=\u0001)/y, /(?:os\.environ\.get|os\.getenv|getenv)\s*\(\s*(?=\u0001)/y, /environ\s*\[\s*(?=\u0001)/y],
  node: [/process\.env\.([A-Za-z_]\w*)/y, /process\.env\s*\[\s*(?=\u0001)/y, /Bun\.env\.([A-Za-z_]\w*)/y, /Deno\.env\.get\s*\(\s*(?=\u0001)/y],
  deno: [/Deno\.env\.get\s*\(\s*(?=\u0001)/y, /process\.env\.([A-Za-z_]\w*)/y],
  ruby: [/ENV\s*\[\s*(?=\u0001)/y, /ENV\.fetch\s*\(\s*(?=\u0001)/y],
  perl: [/\$ENV\s*\{\s*(\w+)\s*\}/y, /\$ENV\s*\{\s*(?=\u0001)/y],
  php: [/getenv\s*\(\s*(?=\u0001)/y, /\$_(?:ENV|SERVER)\s*\[\s*(?=\u0001)/y],
};

const decodePattern = /(?:base64\.(?:b64decode|urlsafe_b64decode|decodebytes|standard_b64decode)|b64decode|atob|Buffer\.from|Base64\.(?:decode64|strict_decode64|urlsafe_decode64)|decode_base64|MIME::Base64::decode|base64_decode)\s*\(\s*/y;
const globCallPattern = /(?:glob\.i?glob|glob\.sync|Dir\s*\.\s*glob|globSync|fg\.sync|(?<![\w.$])glob)\s*\(\s*|Dir\s*\[\s*/y;
const pathJoinPattern = /(?:os\.path\.(?:join|expanduser|expandvars)|path\.(?:join|resolve)|File\.(?:join|expand_path))\s*\(\s*/y;
const homePattern = /(?:Dir\s*\.\s*home\b(?:\s*\(\s*\))?|Path\s*\.\s*home\s*\(\s*\)|(?:os|require\s*\(\s*\u0001+\s*\))\s*\.\s*homedir\s*\(\s*\)|os\.path\.expanduser\s*\(\s*\u0001~\u0001\s*\))/y;
/** Calls that return their argument as far as a scanner cares: `URI('…')`, `new URL('…')`, `str(…)`. */
const transparentPattern = /(?:URI(?:\s*\.\s*parse)?|new\s+URL|String|str|encodeURI|Pathname\s*\.\s*new|(?:pathlib\.)?Path(?=\s*\(\s*\u0001[^)]*\)\s*(?![.\w])))\s*\(\s*/y;

// ---------------------------------------------------------------------------------------------
// Call rules

const urlLike = /^(?:https?|ftp|wss?):\/\//i;

function arg(args: readonly Arg[], index: number, ...names: string[]): Value | undefined {
  const named = args.find((a) => a.name !== undefined && names.includes(a.name));
  if (named) return named.value;
  const positional = args.filter((a) => a.name === undefined);
  return positional[index]?.value;
}

function mapValue(value: Value | undefined, ...keys: string[]): Value | undefined {
  if (!value || value.kind !== 'map') return undefined;
  for (const key of keys) {
    const found = value.entries.get(key);
    if (found) return found;
  }
  return undefined;
}

function isTrue(value: Value | undefined): boolean {
  return value !== undefined && value.kind === 'other' && value.raw === 'true';
}

function looksLikeUrl(value: Value | undefined): boolean {
  if (!value || value.kind !== 'str') return false;
  const first = value.parts[0];
  if (typeof first === 'string') return urlLike.test(first) || /^(?:localhost|127\.0\.0\.1)[:/]/.test(first);
  return first.env !== undefined && /URL|HOST|ENDPOINT|API/i.test(first.env);
}

/** The request body an HTTP call sends: its data/json/body argument, rendered as text. */
function bodyOf(args: readonly Arg[], ...names: string[]): Value | string | undefined {
  const found = args.find((a) => a.name !== undefined && names.includes(a.name));
  return found ? bodyText(found.value, found.raw) : undefined;
}

/** Dicts and lists become JSON with their variables filled in, so a GraphQL document in them can be read. */
function bodyText(value: Value, raw: string): Value | string {
  if (value.kind === 'str') return hasLiteralText(value) ? value : raw;
  if (value.kind === 'map' || value.kind === 'list') return toJson(value, 0);
  return raw;
}

function toJson(value: Value, depth: number): string {
  if (depth > 8) return 'null';
  switch (value.kind) {
    case 'str':
      return JSON.stringify(value.parts.map((p) => (typeof p === 'string' ? p : p.env ? `$${p.env}` : '…')).join(''));
    case 'list':
      return `[${value.items.map((item) => toJson(item, depth + 1)).join(',')}]`;
    case 'map':
      return `{${[...value.entries].map(([k, v]) => `${JSON.stringify(k)}:${toJson(v, depth + 1)}`).join(',')}}`;
    default:
      return value.raw === 'true' || value.raw === 'false' || /^-?\d+(?:\.\d+)?$/.test(value.raw) ? value.raw : 'null';
  }
}

function startsWithSlash(value: Value | undefined): boolean {
  return value !== undefined && value.kind === 'str' && typeof value.parts[0] === 'string' && value.parts[0].startsWith('/');
}

function headersOf(value: Value | undefined): string[] {
  if (!value || value.kind !== 'map') return [];
  const headers: string[] = [];
  for (const [key, v] of value.entries) {
    const text = v.kind === 'str' ? v.parts.map((p) => (typeof p === 'string' ? p : p.env ? `$${p.env}` : '…')).join('') : '…';
    headers.push(`${key}: ${text}`);
  }
  return headers;
}

const shellRunner = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const first = args[0]?.value;
  if (!first) {
    scanner.scan.opaque = 'runs a shell command that is only known at run time';
    return;
  }
  const options = args.find((a) => a.value.kind === 'map')?.value;
  scanner.within(mapValue(options, 'cwd') ?? args.find((a) => a.name === 'cwd')?.value, () => scanner.runShell(first));
};

/** exec-style calls: `(program, [args])` or `(program, arg, arg…)`, or a single list. */
const argvRunner = (scanner: Scanner, m: RegExpExecArray, args: Arg[]): void => {
  const options = args.find((a) => a.value.kind === 'map')?.value;
  scanner.within(mapValue(options, 'cwd'), () => runArgvCall(scanner, m, args));
};

const runArgvCall = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const positional = args.filter((a) => a.name === undefined);
  const first = positional[0]?.value;
  if (!first) return;
  const list = listItems(first);
  if (list) {
    scanner.runArgv(list);
    return;
  }
  const second = positional[1]?.value;
  const options = args.find((a) => a.value.kind === 'map')?.value;
  const shell = isTrue(mapValue(options, 'shell')) || args.some((a) => a.name === 'shell' && isTrue(a.value));
  const rest = second ? listItems(second) : undefined;
  if (shell) {
    scanner.runShell(rest ? concat(concat(first, str(' ')), { kind: 'list', items: rest }) : first);
    return;
  }
  if (rest) scanner.runArgv([first, ...rest]);
  else if (positional.length > 1 && positional.slice(1).every((a) => a.value.kind === 'str')) scanner.runArgv(positional.map((a) => a.value));
  else scanner.runArgv([first]);
};

/** Ruby's `system`/`exec`/`spawn` and Perl's `system`/`exec`: one string is shell, several are argv. */
const systemRunner = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const positional = args.filter((a) => a.name === undefined && a.value.kind !== 'map');
  if (positional.length === 0) {
    scanner.scan.opaque = 'runs a shell command that is only known at run time';
    return;
  }
  if (positional.length === 1) {
    scanner.runShell(positional[0].value);
    return;
  }
  scanner.runArgv(positional.flatMap((a) => listItems(a.value) ?? [a.value]));
};

const evalRunner = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  scanner.recurse(args[0]?.value);
};

const fileReader = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  scanner.reads(arg(args, 0, 'file', 'path', 'filename', 'dotenv_path'));
};

const recursiveRemover = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const paths = args.filter((a) => a.name === undefined && a.value.kind !== 'map' && a.value.kind !== 'other').flatMap((a) => listItems(a.value) ?? [a.value]);
  scanner.removes(paths.slice(0, 1), true);
};

const fileRemover = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const paths = args.filter((a) => a.name === undefined && a.value.kind !== 'map' && a.value.kind !== 'other').flatMap((a) => listItems(a.value) ?? [a.value]);
  scanner.removes(paths, false);
};

const directoryRemover = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const path = args[0]?.value;
  if (path) scanner.removesDirectory(path);
};

/** `rmSync(p, { recursive: true })`, `rmdirSync(p, { recursive: true })`, `Deno.remove(p, { recursive: true })`. */
const optionRemover = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const path = args[0]?.value;
  if (!path) return;
  const recursive = isTrue(mapValue(args[1]?.value, 'recursive'));
  scanner.removes([path], recursive);
};

/** `requests.delete(url, …)`, `axios.post(url, data)`, `$ua->delete($url)`, `HTTParty.get(url)`. */
function verbRequest(knownReceiver: RegExp) {
  return (scanner: Scanner, m: RegExpExecArray, args: Arg[]): void => {
    const receiver = receiverName(scanner, m);
    const verb = m[2].toLowerCase();
    const url = args.find((a) => a.name === 'url')?.value ?? args.find((a) => a.name === undefined)?.value;
    const base = scanner.httpHosts.get(receiver.replace(/^[$@]/, '')) ?? (startsWithSlash(url) ? [...scanner.httpHosts.values()][0] : undefined);
    if (!knownReceiver.test(receiver) && !looksLikeUrl(url) && !base) return;
    const full = base && url && !looksLikeUrl(url) ? concat(str(base), url) : url;
    const positional = args.filter((a) => a.name === undefined);
    const body = bodyOf(args, 'data', 'json', 'body', 'content', 'form', 'files')
      ?? (verb !== 'get' && verb !== 'delete' && verb !== 'head' && positional[1] ? bodyText(positional[1].value, positional[1].raw) : undefined);
    scanner.request(verb === 'del' ? 'DELETE' : verb.toUpperCase(), full, body, headersOf(arg(args, -1, 'headers')));
  };
}

/** The last name of a call's receiver; `require('axios')` is `axios`. */
function receiverName(scanner: Scanner, m: RegExpExecArray): string {
  const written = m[1] ?? '';
  if (written.startsWith('require')) {
    const literal = scanner.lexed.literals.get((m.index ?? 0) + written.indexOf(fill));
    return literal ? literalText(str(...literal.parts)) ?? '' : '';
  }
  return written.split(/\.|->|::/).filter(Boolean).pop() ?? '';
}

/** `requests.request('DELETE', url)`, `HTTP::Tiny->new->request('DELETE', $url)`, `$client->request('DELETE', url)`. */
const methodFirstRequest = (scanner: Scanner, m: RegExpExecArray, args: Arg[]): void => {
  const method = arg(args, 0, 'method');
  const url = arg(args, 1, 'url');
  const receiver = receiverName(scanner, m);
  const base = scanner.httpHosts.get(receiver.replace(/^[$@]/, ''));
  if (!method || (!looksLikeUrl(url) && !base && !/requests|httpx|session|client|http|tiny|guzzle|ua|conn/i.test(receiver))) return;
  const full = base && url && !looksLikeUrl(url) ? concat(str(base), url) : url;
  scanner.request(method, full, bodyOf(args, 'data', 'json', 'body', 'content') ?? (args[2] && args[2].name === undefined ? args[2].raw : undefined), headersOf(arg(args, -1, 'headers')));
};

/** `fetch(url, { method, body })`, `axios({ method, url, data })`, `axios(url, { method })`. */
const configRequest = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const first = args[0]?.value;
  const config = first?.kind === 'map' ? first : args[1]?.value;
  const url = first?.kind === 'map' ? mapValue(first, 'url') : first;
  const method = mapValue(config, 'method') ?? str('GET');
  const body = mapValue(config, 'body', 'data', 'json');
  // A body built by code (`JSON.stringify({query: …})`) still shows its GraphQL or SQL in the source.
  const source = config?.kind === 'map' ? config.raw : '';
  const bodyText = body === undefined ? undefined : body.kind === 'str' && hasLiteralText(body) ? body : body.kind === 'map' || body.kind === 'other' ? body.raw : source;
  scanner.request(method, url, bodyText, headersOf(mapValue(config, 'headers')));
};

const knownHttpReceivers = /^(?:requests|httpx|session|sess|http|https|axios|got|ky|superagent|needle|ofetch|HTTParty|Faraday|RestClient|Excon|Typhoeus|Http|\$ua|ua|\$http|\$guzzle|agent)$/;

const pythonRules: readonly CallRule[] = [
  { pattern: /\b(?:os\.system|os\.popen|subprocess\.(?:getoutput|getstatusoutput)|commands\.getoutput|create_subprocess_shell|pty\.spawn|(?<![\w.])system|(?<![\w.])popen)\s*\(/g, handle: shellRunner },
  { pattern: /(?<!\bos)\.\s*system\s*\(/g, handle: shellRunner },
  { pattern: /(?:\b([A-Za-z_]\w*)\s*\.\s*|(?<![\w.]))(run|call|check_call|check_output|Popen)\s*\(/g, handle: (s, m, args) => {
    const first = args[0]?.value;
    if (!first) return;
    // `run` and `call` are common names: only subprocess's, or an alias of it, or an import from it.
    const distinctive = m[2] !== 'run' && m[2] !== 'call';
    const module = m[1];
    const fromSubprocess = module === 'subprocess' || (module !== undefined && s.code.includes(`subprocess as ${module}`))
      || (module === undefined && s.code.includes('from subprocess import'));
    if (!fromSubprocess && !(distinctive && (module === undefined || hasLiteralText(first) || first.kind === 'list'))) return;
    const list = listItems(first);
    s.within(args.find((a) => a.name === 'cwd')?.value, () => (list ? s.runArgv(list) : s.runShell(first)));
  } },
  { pattern: /\bcreate_subprocess_exec\s*\(/g, handle: (s, _m, args) => s.runArgv(args.filter((a) => a.name === undefined).map((a) => a.value)) },
  { pattern: /\bos\.(?:exec|spawn)(l|v)p?e?\s*\(/g, handle: (s, m, args) => {
    const positional = args.filter((a) => a.name === undefined).map((a) => a.value);
    const spawn = m[0].includes('spawn');
    const rest = positional.slice(spawn ? 2 : 1);
    if (m[1] === 'v') s.runArgv(listItems(rest[0] ?? computed) ?? [positional[spawn ? 1 : 0] ?? computed]);
    else s.runArgv(rest.length > 0 ? rest : [positional[spawn ? 1 : 0] ?? computed]);
  } },
  { pattern: /\bos\.posix_spawnp?\s*\(/g, handle: (s, _m, args) => s.runArgv(listItems(args[1]?.value ?? computed) ?? [args[0]?.value ?? computed]) },
  { pattern: /(?<![\w.])(?:exec|eval|compile)\s*\(/g, handle: evalRunner },
  { pattern: /\bshutil\.rmtree\s*\(|(?<![\w.])rmtree\s*\(/g, handle: recursiveRemover },
  { pattern: /\bos\.(?:remove|unlink)\s*\(/g, handle: fileRemover },
  { pattern: /\bos\.(?:rmdir|removedirs)\s*\(/g, handle: directoryRemover },
  { pattern: /\b(?:pathlib\.)?Path\s*\(/g, handle: (s, _m, args, site) => {
    const path = args[0]?.value;
    if (!path) return;
    const after = s.lexed.masked.slice(s.closeParen(site.open) + 1, s.closeParen(site.open) + 40);
    if (/^\s*\.\s*unlink\s*\(/.test(after)) s.removes([path], false);
    else if (/^\s*\.\s*rmdir\s*\(/.test(after)) s.removesDirectory(path);
    else if (/^\s*\.\s*(?:read_text|read_bytes|open)\s*\(/.test(after)) s.reads(path);
  } },
  { pattern: /(?<![\w.])(?:open|io\.open|codecs\.open|load_dotenv|dotenv_values)\s*\(/g, handle: fileReader },
  { pattern: /\b([A-Za-z_][\w.]*)\s*\.\s*(get|post|put|patch|delete|head|options)\s*\(/g, handle: verbRequest(knownHttpReceivers) },
  { pattern: /\b([A-Za-z_][\w.]*)\s*\.\s*request\s*\(/g, handle: methodFirstRequest },
  { pattern: /\b(?:urllib\.request\.)?(?:urlopen|Request)\s*\(/g, handle: (s, _m, args) => {
    const url = arg(args, 0, 'url');
    if (!looksLikeUrl(url) && !(url && hasLiteralText(url))) return;
    const data = arg(args, 1, 'data');
    const method = arg(args, 99, 'method') ?? str(data ? 'POST' : 'GET');
    s.request(method, url, data ? (data.kind === 'str' ? data : args.find((a) => a.value === data)?.raw ?? '') : undefined);
  } },
  { pattern: /(?:boto3|session|[A-Za-z_]\w*)\s*\.\s*(?:Session|session\.Session|setup_default_session)\s*\(/g, handle: (s, _m, args) => {
    const profile = arg(args, 99, 'profile_name');
    const region = arg(args, 99, 'region_name');
    if (profile) s.awsProfile = literalText(profile) ?? s.awsProfile;
    if (region) s.awsRegion = literalText(region) ?? s.awsRegion;
  } },
  { pattern: /\b([A-Za-z_]\w*)\s*\.\s*([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*\(/g, handle: (s, m, args) => {
    const service = s.clients.get(m[1]);
    if (service) s.aws(service, m[2], args);
  } },
  { pattern: /\.\s*client\s*\(\s*\u0001[^)]*\)\s*\.\s*([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*\(/g, handle: (s, m, args) => {
    const literalStart = s.lexed.masked.indexOf(fill, m.index ?? 0);
    const literal = s.lexed.literals.get(literalStart);
    const service = literal ? literalText(str(...literal.parts)) : undefined;
    if (service) s.aws(service, m[1], args);
  } },
  { pattern: /\.\s*Bucket\s*\(/g, handle: (s, _m, args, site) => {
    const bucket = args[0]?.value;
    if (!bucket) return;
    const after = s.lexed.masked.slice(s.closeParen(site.open) + 1, s.closeParen(site.open) + 60);
    if (/^\s*\.\s*objects\s*\.\s*(?:all|filter)\s*\([^)]*\)\s*\.\s*delete\s*\(/.test(after)) s.scan.commands.push(`aws s3 rm ${asShellWord(concat(str('s3://'), bucket))} --recursive`);
    else if (/^\s*\.\s*delete\s*\(/.test(after)) s.scan.commands.push(`aws s3api delete-bucket --bucket ${asShellWord(bucket)}`);
  } },
];

const jsRules: readonly CallRule[] = [
  { pattern: /(?:\b(?:child_process|childProcess|cp|require\s*\(\s*\u0001+\s*\))\s*\.\s*|(?<![\w.$]))(?:execSync|exec)\s*\(/g, handle: (s, m, args) => {
    if (!m[0].includes('.') && !/child_process/.test(s.code)) return;
    shellRunner(s, m, args);
  } },
  { pattern: /(?:\b(?:child_process|childProcess|cp|require\s*\(\s*\u0001+\s*\))\s*\.\s*|(?<![\w.$]))(?:spawnSync|spawn|execFileSync|execFile|fork)\s*\(/g, handle: (s, m, args) => {
    if (!m[0].includes('.') && !/child_process/.test(s.code)) return;
    argvRunner(s, m, args);
  } },
  { pattern: /\b(?:execaCommandSync|execaCommand|execaSync|execa)\s*\(/g, handle: (s, m, args) => (/Command/.test(m[0]) ? shellRunner(s, m, args) : argvRunner(s, m, args)) },
  { pattern: /\bBun\s*\.\s*spawn(?:Sync)?\s*\(/g, handle: (s, _m, args) => {
    const first = args[0]?.value;
    const list = listItems(first ?? computed) ?? listItems(mapValue(first, 'cmd') ?? computed);
    if (list) s.runArgv(list);
  } },
  { pattern: /\b(?:new\s+)?Deno\s*\.\s*Command\s*\(/g, handle: (s, _m, args) => {
    const program = args[0]?.value;
    if (!program) return;
    s.runArgv([program, ...(listItems(mapValue(args[1]?.value, 'args') ?? str()) ?? [])]);
  } },
  { pattern: /\bDeno\s*\.\s*run\s*\(/g, handle: (s, _m, args) => {
    const list = listItems(mapValue(args[0]?.value, 'cmd') ?? computed);
    if (list) s.runArgv(list);
  } },
  { pattern: /(?<![\w.$])(?:eval|Function|runInNewContext|runInThisContext|runInContext)\s*\(/g, handle: evalRunner },
  { pattern: /\b(?:fs|fsp|fse|fsExtra|promises|require\s*\(\s*\u0001+\s*\))\s*\.\s*(?:rmSync|rm|rmdirSync|rmdir)\s*\(|(?<![\w.$])(?:rmSync|rmdirSync)\s*\(|\bDeno\s*\.\s*remove(?:Sync)?\s*\(/g, handle: optionRemover },
  { pattern: /\b(?:fs|fsp|promises|require\s*\(\s*\u0001+\s*\))\s*\.\s*(?:unlinkSync|unlink)\s*\(|(?<![\w.$])unlinkSync\s*\(/g, handle: fileRemover },
  { pattern: /\b(?:fse|fsExtra|fs)\s*\.\s*(?:removeSync|remove|emptyDirSync|emptyDir)\s*\(|(?<![\w.$])(?:rimraf(?:\s*\.\s*sync)?|rimrafSync|deleteSync|del)\s*\(/g, handle: recursiveRemover },
  { pattern: /\b(?:readFileSync|readFile|createReadStream|readTextFile|readTextFileSync|loadEnvFile)\s*\(|\bBun\s*\.\s*file\s*\(/g, handle: fileReader },
  { pattern: /\b(?:dotenv|require\s*\(\s*\u0001+\s*\))\s*\.\s*config\s*\(/g, handle: (s, _m, args) => s.reads(mapValue(args[0]?.value, 'path')) },
  { pattern: /(?<![\w.$])(?:fetch|\$fetch|ofetch)\s*\(/g, handle: configRequest },
  { pattern: /(?<![\w.$])axios\s*\(/g, handle: configRequest },
  { pattern: /(?:\b|\$)([A-Za-z_$][\w$]*|require\s*\(\s*\u0001+\s*\))\s*\.\s*(get|post|put|patch|delete|del|head|options)\s*\(/g, handle: verbRequest(knownHttpReceivers) },
  { pattern: /\b(axios|got|ky)\s*\.\s*request\s*\(/g, handle: configRequest },
  { pattern: /\b(?:https?)\s*\.\s*request\s*\(/g, handle: (s, _m, args) => {
    const first = args[0]?.value;
    if (first?.kind === 'map') {
      const host = mapValue(first, 'hostname', 'host') ?? computed;
      const path = mapValue(first, 'path') ?? str('/');
      s.request(mapValue(first, 'method') ?? str('GET'), concat(concat(str('https://'), host), path));
    } else {
      s.request(mapValue(args[1]?.value, 'method') ?? str('GET'), first);
    }
  } },
];

const rubyRules: readonly CallRule[] = [
  { pattern: /(?<![\w.:])(?:Kernel\s*\.\s*)?(?:system|exec|spawn)\b\s*\(?/g, bare: true, handle: systemRunner },
  { pattern: /\bProcess\s*\.\s*spawn\s*\(?/g, bare: true, handle: systemRunner },
  { pattern: /\bIO\s*\.\s*popen\s*\(?/g, bare: true, handle: (s, m, args) => shellRunner(s, m, args) },
  { pattern: /\bOpen3\s*\.\s*(?:capture2e?|capture3|popen2e?|popen3|pipeline\w*)\s*\(?/g, bare: true, handle: systemRunner },
  { pattern: /(?<![\w.:])(?:eval|instance_eval|class_eval|module_eval)\b\s*\(?/g, bare: true, handle: evalRunner },
  { pattern: /\bFileUtils\s*\.\s*(?:rm_rf|rm_r|remove_dir|remove_entry|remove_entry_secure|rmtree)\b\s*\(?/g, bare: true, handle: recursiveRemover },
  { pattern: /\bFileUtils\s*\.\s*(?:rm|rm_f|remove|remove_file)\b\s*\(?/g, bare: true, handle: fileRemover },
  { pattern: /\bFile\s*\.\s*(?:delete|unlink)\s*\(?/g, bare: true, handle: fileRemover },
  { pattern: /\b(?:Dir\s*\.\s*(?:rmdir|delete|unlink)|FileUtils\s*\.\s*rmdir)\s*\(?/g, bare: true, handle: directoryRemover },
  { pattern: /\b(?:File\s*\.\s*(?:read|open|readlines|foreach|binread)|IO\s*\.\s*(?:read|readlines)|Dotenv\s*\.\s*(?:load|overload|parse)|YAML\s*\.\s*load_file)\s*\(?/g, bare: true, handle: fileReader },
  { pattern: /\bNet::HTTP\s*\.\s*(?:start|new)\s*\(/g, handle: (s, _m, args) => {
    const host = args[0] ? literalText(args[0].value) : undefined;
    if (host && !host.includes('/')) s.httpHosts.set('__net_http', `https://${host}`);
  } },
  { pattern: /\bNet::HTTP::(Get|Post|Put|Patch|Delete|Head)\s*\.\s*new\s*\(/g, handle: (s, m, args) => {
    const target = args[0]?.value;
    const host = [...s.httpHosts.values()][0];
    const url = target && !looksLikeUrl(target) && host ? concat(str(host), target) : target;
    s.request(m[1].toUpperCase(), url);
  } },
  { pattern: /\bNet::HTTP\s*\.\s*(get|get_response|post|post_form|put|delete)\s*\(/g, handle: (s, m, args) => {
    const verb = m[1].startsWith('get') ? 'GET' : m[1].startsWith('post') ? 'POST' : m[1].toUpperCase();
    s.request(verb, args[0]?.value, verb === 'POST' ? (args[1]?.value.kind === 'str' ? args[1].value : args[1]?.raw) : undefined);
  } },
  { pattern: /\bURI\s*(?:\.\s*(?:parse|open)\s*)?\(/g, handle: (s, m, args) => {
    if (m[0].includes('open')) s.request('GET', args[0]?.value);
    const url = args[0] ? literalText(args[0].value) : undefined;
    if (url && !s.httpHosts.size) {
      const origin = /^(https?:\/\/[^/]+)/.exec(url);
      if (origin) s.httpHosts.set('__uri', origin[1]);
    }
  } },
  { pattern: /\b([A-Za-z_@][\w:]*)\s*\.\s*(get|post|put|patch|delete|head)\s*\(/g, handle: verbRequest(knownHttpReceivers) },
];

const perlRules: readonly CallRule[] = [
  { pattern: /(?<![\w$>:&])(?:CORE::)?(?:system|exec)\b\s*\(?/g, bare: true, handle: systemRunner },
  { pattern: /(?<![\w$>:])eval\b\s*\(?/g, bare: true, handle: (s, m, args) => {
    // `eval { … }` is a block, not a string.
    if (s.lexed.masked.slice((m.index ?? 0) + m[0].length).trimStart().startsWith('{')) return;
    evalRunner(s, m, args);
  } },
  { pattern: /(?<![\w$>:])unlink\b\s*\(?/g, bare: true, handle: fileRemover },
  { pattern: /(?<![\w$>])(?:File::Path::)?(?:rmtree|remove_tree)\b\s*\(?/g, bare: true, handle: recursiveRemover },
  { pattern: /(?<![\w$>:])rmdir\b\s*\(?/g, bare: true, handle: directoryRemover },
  { pattern: /(?<![\w$>:])open\b\s*\(?/g, bare: true, handle: (s, _m, args) => {
    const rest = args.slice(1).map((a) => a.value);
    if (rest.length === 0) return;
    const mode = rest.length > 1 ? literalText(rest[0]) : undefined;
    if (mode === '-|' || mode === '|-') {
      const command = rest.slice(1);
      if (command.length === 1) s.runShell(command[0]);
      else s.runArgv(command);
      return;
    }
    const spec = rest.length > 1 ? rest[1] : rest[0];
    const text = literalText(spec);
    if (text !== undefined && /^\s*\||\|\s*$/.test(text)) {
      s.runShell(str(text.replace(/^\s*\|\s*|\s*\|\s*$/g, '')));
      return;
    }
    if (text !== undefined) s.reads(str(text.replace(/^\s*[<>+]*\s*/, '')));
    else s.reads(spec);
  } },
  { pattern: /([$\w]+(?:->new(?:\([^)]*\))?)?)\s*->\s*(get|post|put|patch|delete|head)\s*\(/g, handle: verbRequest(/./) },
  { pattern: /([$\w:]+(?:->new(?:\([^)]*\))?)?)\s*->\s*request\s*\(/g, handle: (s, m, args) => {
    if (args[0] && args[1] && literalText(args[0].value) && /^[A-Za-z]+$/.test(literalText(args[0].value) ?? '')) methodFirstRequest(s, m, args);
  } },
  { pattern: /\bHTTP::Request(?:::Common)?\s*->\s*new\s*\(/g, handle: (s, _m, args) => s.request(args[0]?.value ?? computed, args[1]?.value) },
  { pattern: /\bHTTP::Request::Common::(GET|POST|PUT|DELETE)\s*\(|(?<![\w$>:])(DELETE|PUT|POST)\s*\(/g, handle: (s, m, args) => s.request(m[1] ?? m[2], args[0]?.value) },
];

const phpRules: readonly CallRule[] = [
  { pattern: /(?<![\w>$:])(?:shell_exec|exec|system|passthru|popen)\s*\(/g, handle: shellRunner },
  { pattern: /(?<![\w>$:])proc_open\s*\(/g, handle: (s, m, args) => shellRunner(s, m, args) },
  { pattern: /(?<![\w>$:])pcntl_exec\s*\(/g, handle: (s, _m, args) => s.runArgv([args[0]?.value ?? computed, ...(listItems(args[1]?.value ?? str()) ?? [])]) },
  { pattern: /(?<![\w>$:])(?:eval|assert|create_function)\s*\(/g, handle: evalRunner },
  { pattern: /(?<![\w>$:])unlink\s*\(/g, handle: fileRemover },
  { pattern: /(?<![\w>$:])rmdir\s*\(/g, handle: directoryRemover },
  { pattern: /(?<![\w>$:])(?:file_get_contents|fopen|file|readfile|parse_ini_file|include|require|include_once|require_once)\s*\(/g, handle: (s, _m, args) => {
    const target = args[0]?.value;
    const context = args[2]?.raw ?? '';
    const method = /['"]method['"]\s*=>\s*['"](\w+)['"]/.exec(context) ?? /['"]method['"]\s*=>\s*['"](\w+)['"]/.exec(s.code);
    if (looksLikeUrl(target) && method) s.request(method[1].toUpperCase(), target, /['"]content['"]\s*=>/.test(s.code) ? s.code : undefined);
    else s.reads(target);
  } },
  { pattern: /(?<![\w>$:])curl_init\s*\(/g, handle: (s, _m, args) => {
    const custom = /CURLOPT_CUSTOMREQUEST\s*,\s*['"](\w+)['"]/.exec(s.code);
    const post = /CURLOPT_POST(?:FIELDS)?\s*,/.test(s.code);
    const fields = /CURLOPT_POSTFIELDS\s*,\s*(['"])((?:[^\\]|\\.)*?)\1/.exec(s.code);
    s.request(custom ? custom[1] : post ? 'POST' : 'GET', args[0]?.value, fields ? fields[2] : undefined);
  } },
  { pattern: /(\$\w+|Http)\s*(?:->|::)\s*(get|post|put|patch|delete|head)\s*\(/g, handle: verbRequest(/./) },
  { pattern: /(\$\w+)\s*->\s*request\s*\(/g, handle: methodFirstRequest },
];

const callRules: Readonly<Record<ScriptLanguage, readonly CallRule[]>> = {
  python: pythonRules,
  node: jsRules,
  deno: jsRules,
  ruby: rubyRules,
  perl: perlRules,
  php: phpRules,
};
