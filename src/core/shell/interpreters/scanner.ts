import { base64Bytes } from '../evaluate';
import type { CodeWords } from '../../model';
import type { ScriptLanguage } from './languages';
import { type Arg, computed, computedPart, concat, hasLiteralText, holesFor, listItems, literalText, type Part, type PendingHole, str, type Value } from './values';
import { envNamesIn, envReadPatterns } from './environmentReads';
import { fill, lex, type Lexed, wordsOf } from './lexer';
import { asArgvItem, asShellCode, asShellWord, removalCommand, requestCommand, sdkCommand, transferCommand, writeCommand } from './rendering';

/**
 * The scanner: matches a language's call patterns on the masked code, evaluates their arguments as
 * far as literals, concatenation, simple variables, environment reads and base64 decoding allow,
 * and hands what each call does to the scan, within bounds that keep hostile scripts linear.
 */

/** What a scan reports, for the shell walk to judge. */
export interface ScriptScan {
  /** Shell command lines the script would run, including rendered requests, deletions and SDK calls. */
  readonly commands: string[];
  /** argv lists handed to exec-style APIs (`subprocess.run([...])`, `execFileSync(...)`). */
  readonly argvs: string[][];
  /** Paths the script opens or reads. */
  readonly files: string[];
  /** Set when the script runs something whose text is not a literal. */
  opaque?: string;
  /** What it calls, says and loads, for the calls no table knows. */
  words?: CodeWords;
}

const maxDepth = 4;
/** Bounds that keep hostile scripts (thousands of unclosed calls, deep nesting) linear. */
const maxCalls = 256;
const maxSpan = 8 * 1024;
const maxNesting = 32;
/** Characters the argument reader may walk over in one scan, all calls together. */
const maxWork = 512 * 1024;
/** Call names, literals and modules kept for the words judge, and the longest literal kept. */
const maxWords = 256;
const maxWordLength = 512;

/** `name(`, `.name` (Ruby calls methods without parentheses: `bucket.delete!`) and Ruby's `&:name` (`files.each(&:delete)`). */
const callNames = /\b([A-Za-z_$][\w$]*[!?]?)\s*\(|\.\s*([A-Za-z_]\w*[!?]?)|&:([A-Za-z_]\w*[!?]?)/g;

/** Where each language names the libraries it loads. */
const modulePatterns: Readonly<Record<ScriptLanguage, RegExp>> = {
  python: /(?:^|[;\n])\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+(?:\s*,\s*[\w.]+)*))/g,
  node: /\b(?:require|import)\s*\(\s*['"`]([^'"`]+)['"`]|\bfrom\s+['"]([^'"]+)['"]/g,
  deno: /\b(?:require|import)\s*\(\s*['"`]([^'"`]+)['"`]|\bfrom\s+['"]([^'"]+)['"]/g,
  ruby: /\brequire\s*\(?\s*['"]([^'"]+)['"]/g,
  perl: /\buse\s+([\w:]+)|-M([\w:]+)/g,
  php: /\bnew\s+\\?([A-Z]\w*(?:\\\w+)*)/g,
};

interface CallSite {
  /** Index of the opening parenthesis, or of the first argument when the call has none. */
  readonly open: number;
  readonly parens: boolean;
}

/** Calls of one language: the pattern's last character is where the arguments begin. */
export interface CallRule {
  readonly pattern: RegExp;
  readonly handle: (scanner: Scanner, match: RegExpExecArray, args: Arg[], site: CallSite) => void;
  /** Perl and Ruby allow `system "…"` without parentheses. */
  readonly bare?: boolean;
}

export class Scanner {
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
    private readonly rules: readonly CallRule[],
  ) {
    this.lexed = lex(language, code);
    this.envNames = envNamesIn(code);
  }

  run(): void {
    this.collectWords();
    this.collectAssignments();
    for (const literal of this.lexed.commands) {
      if (this.full()) return;
      this.runShell(this.resolve(str(...literal.parts)));
    }
    const masked = this.lexed.masked;
    let calls = 0;
    for (const rule of this.rules) {
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

  // -- words -----------------------------------------------------------------------------------

  /** The names it calls and the literals it holds, bounded, for the words judge. */
  private collectWords(): void {
    const calls = new Set<string>();
    for (const m of this.lexed.masked.matchAll(callNames)) {
      if (calls.size >= maxWords) break;
      calls.add((m[1] ?? m[2] ?? m[3]).replace(/[!?]$/, ''));
    }
    const literals: string[] = [];
    for (const literal of this.lexed.literals.values()) {
      if (literals.length >= maxWords) break;
      const text = literalText(str(...literal.parts));
      if (text && text.length <= maxWordLength) literals.push(text);
    }
    const modules = new Set<string>();
    for (const m of this.code.matchAll(modulePatterns[this.language])) {
      if (modules.size >= maxWords) break;
      for (const name of (m[1] ?? m[2] ?? '').split(',')) if (name.trim()) modules.add(name.trim().split(/\s/)[0]);
    }
    this.scan.words = { calls: [...calls], literals, modules: [...modules], variables: this.envNames };
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

  /** `os.path.join(a, b)`, `path.join(…)`, `File.join(…)`, `os.path.expanduser('~/x')`. */
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
    this.scan.commands.push(removalCommand(paths, recursive));
  }

  removesDirectory(path: Value): void {
    this.scan.commands.push(`rmdir ${asShellWord(path)}`);
  }

  /** A file the script creates, replaces or appends to: judged as the shell redirection that does the same. */
  writes(path: Value | undefined): void {
    if (path && hasLiteralText(path)) this.scan.commands.push(this.placed(writeCommand(path)));
  }

  /** A rename or copy: the destination is written, and a move takes the source (a whole folder, perhaps) away. */
  transfers(program: 'mv' | 'cp', from: Value | undefined, to: Value | undefined): void {
    if (!from || !(hasLiteralText(from) || (to && hasLiteralText(to)))) return;
    this.scan.commands.push(this.placed(transferCommand(program, from, to ?? computed)));
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
    this.scan.commands.push(requestCommand(method, url, body, headers, this.envNames));
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
    new Scanner(this.language, text, this.scan, this.depth + 1, this.rules).run();
  }

  aws(service: string, operation: string, args: readonly Arg[]): void {
    this.scan.commands.push(sdkCommand(service, operation, args, this.awsProfile, this.awsRegion));
  }

}

function base64Decode(text: string): string | undefined {
  const clean = text.replace(/[\s=]/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*$/.test(clean)) return undefined;
  const bytes = base64Bytes(clean);
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  try {
    return decodeURIComponent(out.replace(/[\x80-\xff]/g, (c) => `%${c.charCodeAt(0).toString(16)}`));
  } catch {
    return out;
  }
}

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

const decodePattern = /(?:base64\.(?:b64decode|urlsafe_b64decode|decodebytes|standard_b64decode)|b64decode|atob|Buffer\.from|Base64\.(?:decode64|strict_decode64|urlsafe_decode64)|decode_base64|MIME::Base64::decode|base64_decode)\s*\(\s*/y;
const globCallPattern = /(?:glob\.i?glob|glob\.sync|Dir\s*\.\s*glob|globSync|fg\.sync|(?<![\w.$])glob)\s*\(\s*|Dir\s*\[\s*/y;
const pathJoinPattern = /(?:os\.path\.(?:join|expanduser|expandvars)|path\.(?:join|resolve)|File\.(?:join|expand_path))\s*\(\s*/y;
const homePattern = /(?:Dir\s*\.\s*home\b(?:\s*\(\s*\))?|Path\s*\.\s*home\s*\(\s*\)|(?:os|require\s*\(\s*\u0001+\s*\))\s*\.\s*homedir\s*\(\s*\)|os\.path\.expanduser\s*\(\s*\u0001~\u0001\s*\))/y;
/** Calls that return their argument as far as a scanner cares: `URI('…')`, `new URL('…')`, `str(…)`. */
const transparentPattern = /(?:URI(?:\s*\.\s*parse)?|new\s+URL|String|str|encodeURI|Pathname\s*\.\s*new|(?:pathlib\.)?Path(?=\s*\(\s*\u0001[^)]*\)\s*(?![.\w])))\s*\(\s*/y;
