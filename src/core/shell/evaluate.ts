import type { RawCommand } from './extract';

/**
 * The static evaluator: what a command prints when it only transforms literal text (`echo`,
 * `printf`, `base64 -d`, `xxd -r -p`, `tr`, `rev`, `openssl base64 -d`, `cat` of a file written
 * earlier on the line), and the expansions bash performs on words (parameter operators, brace
 * expansion, IFS splitting). Whatever it cannot compute is undefined, and callers treat that as
 * unknown, never as harmless.
 */

/** Text larger than this is not evaluated further: the payload is unknown. */
export const maxEvaluatedText = 64 * 1024;
/** Brace expansion and loops stop here; past it the word or the loop variable is unknown. */
export const maxExpansions = 64;

/** Programs whose only effect is their output, so a line can be evaluated through them. */
export const literalProducers: ReadonlySet<string> = new Set([
  'echo', 'printf', 'cat', 'base64', 'xxd', 'rev', 'tr', 'openssl', 'tee', 'mktemp',
]);

/** Files written earlier on the line, by resolved path; undefined when what was written is not known. */
export type WrittenFiles = Map<string, string | undefined>;

/**
 * The text `command` prints, or undefined when it is not known statically. `read` gives a file's
 * text as the command will find it (written earlier on the line, else in the workspace), by operand.
 */
export function producedText(command: RawCommand, read: (operand: string) => string | undefined): string | undefined {
  const name = command.name.value;
  if (!literalProducers.has(name) || command.args.some((a) => a.dynamic)) return undefined;
  const args = command.args.map((a) => a.value);
  const stdin = command.stdin?.text;
  const input = (operands: readonly string[]): string | undefined => {
    if (operands.length === 0 || (operands.length === 1 && (operands[0] === '-' || operands[0] === '/dev/stdin'))) return stdin;
    let text = '';
    for (const operand of operands) {
      const found = read(operand);
      if (found === undefined) return undefined;
      text += found;
    }
    return text;
  };
  const result = produce(name, args, input);
  return result !== undefined && result.length <= maxEvaluatedText ? result : undefined;
}

function produce(name: string, args: readonly string[], input: (operands: readonly string[]) => string | undefined): string | undefined {
  switch (name) {
    case 'echo':
      return echo(args);
    case 'printf':
      return args.length === 0 || args[0] === '-v' ? undefined : printf(args[0] === '--' ? args.slice(1) : args);
    case 'cat': {
      if (args.some((a) => a.startsWith('-') && a !== '-')) return undefined;
      return input(args);
    }
    case 'tee':
      return args.some((a) => a.startsWith('-') && a !== '-a' && a !== '--append') ? undefined : input([]);
    case 'rev': {
      const text = input(args.filter((a) => !a.startsWith('-')));
      return text === undefined ? undefined : text.split('\n').map((l) => [...l].reverse().join('')).join('\n');
    }
    case 'tr':
      return translate(args, input([]));
    case 'base64': {
      const flags = args.filter((a) => a.startsWith('-'));
      if (!flags.some((f) => f === '--decode' || /^-[a-zA-Z]*[dD]/.test(f))) return undefined;
      const text = input(args.filter((a) => !a.startsWith('-')));
      return text === undefined ? undefined : decodeBase64(text);
    }
    case 'xxd': {
      const flags = args.filter((a) => a.startsWith('-'));
      const reverse = flags.some((f) => f === '-r' || f === '-revert' || /^-[a-z]*r/.test(f));
      const plain = flags.some((f) => f === '-p' || f === '-ps' || f === '-plain' || f === '-postscript' || /^-[a-z]*p/.test(f));
      if (!reverse || !plain) return undefined;
      const text = input(args.filter((a) => !a.startsWith('-')));
      return text === undefined ? undefined : decodeHex(text);
    }
    case 'openssl': {
      // openssl base64 -d, openssl enc -d -base64 (or -a), in any order of the flags.
      const verb = args[0];
      const flags = args.slice(1);
      const decodes = flags.includes('-d');
      const base64 = verb === 'base64' || flags.includes('-base64') || flags.includes('-a');
      if ((verb !== 'base64' && verb !== 'enc') || !decodes || !base64) return undefined;
      if (flags.some((f) => f.startsWith('-') && !['-d', '-base64', '-a', '-A'].includes(f))) return undefined;
      return mapDefined(input([]), decodeBase64);
    }
    case 'mktemp':
      return undefined;
    default:
      return undefined;
  }
}

function mapDefined<T>(value: string | undefined, f: (v: string) => T | undefined): T | undefined {
  return value === undefined ? undefined : f(value);
}

function echo(args: readonly string[]): string {
  let i = 0;
  let newline = true;
  let escapes = false;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
    if (args[i].includes('n')) newline = false;
    if (args[i].includes('e')) escapes = true;
    if (args[i].includes('E')) escapes = false;
  }
  const text = args.slice(i).join(' ');
  return (escapes ? decodeEscapes(text, true).text : text) + (newline ? '\n' : '');
}

/**
 * bash's printf: the format is reused until the arguments run out; `%b` decodes escapes in its
 * argument, `%s`/`%d`/`%c` substitute it. Returns undefined for conversions it cannot know.
 */
export function printf(args: readonly string[]): string | undefined {
  const format = args[0];
  const values = args.slice(1);
  let used = 0;
  let out = '';
  for (let round = 0; round < maxExpansions; round++) {
    let consumed = false;
    const conversion = /%([-+ #0]*)(\d*)(?:\.(\d+))?([sbdiqcxXo%])|\\(?:x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)|[^%\\]+|[%\\]/gs;
    for (let m = conversion.exec(format); m; m = conversion.exec(format)) {
      const token = m[0];
      if (!m[4]) {
        if (token.startsWith('\\')) {
          const decoded = decodeEscapes(token, false);
          out += decoded.text;
        } else out += token;
        continue;
      }
      if (m[4] === '%') {
        out += '%';
        continue;
      }
      const value = values[used] ?? '';
      if (used < values.length) {
        used++;
        consumed = true;
      }
      let text: string;
      switch (m[4]) {
        case 'b': {
          const decoded = decodeEscapes(value, true);
          out += pad(decoded.text, m[1], m[2]);
          if (decoded.stop) return out;
          continue;
        }
        case 's':
          text = m[3] !== undefined ? value.slice(0, Number(m[3])) : value;
          break;
        case 'c':
          text = value.slice(0, 1);
          break;
        case 'd':
        case 'i': {
          if (value !== '' && !/^[-+]?\d+$/.test(value)) return undefined;
          text = String(Number(value || '0'));
          break;
        }
        default:
          return undefined;
      }
      out += pad(text, m[1], m[2]);
    }
    if (!consumed || used >= values.length) return out;
  }
  return undefined;
}

function pad(text: string, flags: string, width: string): string {
  const w = Number(width || '0');
  if (text.length >= w) return text;
  return flags.includes('-') ? text.padEnd(w) : text.padStart(w, flags.includes('0') ? '0' : ' ');
}

const simpleEscapes: Readonly<Record<string, string>> = {
  n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'",
};

/** Backslash escapes of `echo -e` and `printf %b` (octal as `\0NNN`), or of a printf format (`\NNN`). */
function decodeEscapes(text: string, zeroOctal: boolean): { text: string; stop: boolean } {
  let stop = false;
  const pattern = zeroOctal ? /\\(x[0-9A-Fa-f]{1,2}|0[0-7]{0,3}|[0-7]{1,3}|c|.)/gs : /\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)/gs;
  let result = '';
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    result += text.slice(last, m.index);
    last = m.index + m[0].length;
    const esc = m[1];
    if (esc === 'c' && zeroOctal) {
      stop = true;
      return { text: result, stop };
    }
    if (esc[0] === 'x') result += String.fromCharCode(parseInt(esc.slice(1), 16));
    else if (/^[0-7]/.test(esc)) result += String.fromCharCode(parseInt(esc, 8) & 255);
    else result += simpleEscapes[esc] ?? `\\${esc}`;
  }
  return { text: result + text.slice(last), stop };
}

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard or URL-safe base64, whitespace ignored; undefined for anything else or for binary output. */
export function decodeBase64(text: string): string | undefined {
  const clean = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return undefined;
  return textOf(base64Bytes(clean));
}

/** The bytes of base64 text already cleaned to the standard alphabet, without padding. */
export function base64Bytes(clean: string): number[] {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    buffer = (buffer << 6) | base64Alphabet.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 255);
    }
  }
  return bytes;
}

function decodeHex(text: string): string | undefined {
  const clean = text.replace(/\s+/g, '');
  if (!/^(?:[0-9A-Fa-f]{2})*$/.test(clean)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < clean.length; i += 2) bytes.push(parseInt(clean.slice(i, i + 2), 16));
  return textOf(bytes);
}

/** Bytes as UTF-8 text; binary (NUL or undecodable bytes) is not a script Bulkhead can read. */
function textOf(bytes: readonly number[]): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return decodeURIComponent(bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
  } catch {
    return undefined;
  }
}

/** `tr SET1 SET2` and `tr -d SET1`, with ranges, escapes and the common classes. */
function translate(args: readonly string[], text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const flags = args.filter((a) => /^-[a-zA-Z]+$/.test(a));
  const sets = args.filter((a) => !/^-[a-zA-Z]+$/.test(a));
  if (flags.some((f) => f !== '-d')) return undefined;
  const first = expandSet(sets[0]);
  if (!first) return undefined;
  if (flags.includes('-d')) {
    if (sets.length !== 1) return undefined;
    const gone = new Set(first);
    return [...text].filter((c) => !gone.has(c)).join('');
  }
  if (sets.length !== 2) return undefined;
  const second = expandSet(sets[1]);
  if (!second || second.length === 0) return undefined;
  const map = new Map<string, string>();
  first.forEach((c, i) => map.set(c, second[Math.min(i, second.length - 1)]));
  return [...text].map((c) => map.get(c) ?? c).join('');
}

const classes: Readonly<Record<string, string>> = {
  lower: 'abcdefghijklmnopqrstuvwxyz', upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', digit: '0123456789',
  space: ' \t\n\r\f\v', blank: ' \t', alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
};

function expandSet(set: string | undefined): string[] | undefined {
  if (set === undefined) return undefined;
  const chars: string[] = [];
  const source = set.replace(/\[:([a-z]+):\]/g, (whole, name: string) => (classes[name] !== undefined ? `\u0000${name}\u0000` : whole));
  const parts = source.split('\u0000');
  for (let p = 0; p < parts.length; p++) {
    if (p % 2 === 1) {
      chars.push(...classes[parts[p]]);
      continue;
    }
    const literal = [...decodeEscapes(parts[p], false).text];
    for (let i = 0; i < literal.length; i++) {
      if (literal[i + 1] === '-' && literal[i + 2] !== undefined) {
        const from = literal[i].charCodeAt(0);
        const to = literal[i + 2].charCodeAt(0);
        if (to < from || to - from > 255) return undefined;
        for (let c = from; c <= to; c++) chars.push(String.fromCharCode(c));
        i += 2;
      } else chars.push(literal[i]);
    }
    if (chars.length > 4096) return undefined;
  }
  return chars;
}

/**
 * Brace expansion of an unquoted literal word: `a-{b,c}-d` → `a-b-d a-c-d`, `{1..3}`. Returns
 * undefined past `maxExpansions` results, when the word is unknown.
 */
export function expandBraces(word: string): string[] | undefined {
  const results: string[] = [];
  const stack = [word];
  while (stack.length > 0) {
    const current = stack.shift() as string;
    const group = findBraceGroup(current);
    if (!group) {
      results.push(current);
      if (results.length > maxExpansions) return undefined;
      continue;
    }
    const alternatives = group.alternatives;
    if (!alternatives) return undefined;
    if (stack.length + results.length + alternatives.length > maxExpansions) return undefined;
    for (const alternative of alternatives) stack.push(current.slice(0, group.start) + alternative + current.slice(group.end));
  }
  return results;
}

/** The first expandable `{…}` of a word; `alternatives` is undefined for a range past the bound. */
function findBraceGroup(word: string): { start: number; end: number; alternatives: string[] | undefined } | undefined {
  for (let start = word.indexOf('{'); start >= 0; start = word.indexOf('{', start + 1)) {
    if (start > 0 && word[start - 1] === '$') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < word.length; i++) {
      const c = word[i];
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          const body = word.slice(start + 1, i);
          if (commas.length > 0) {
            const alternatives: string[] = [];
            let from = start + 1;
            for (const comma of commas) {
              alternatives.push(word.slice(from, comma));
              from = comma + 1;
            }
            alternatives.push(word.slice(from, i));
            return { start, end: i + 1, alternatives };
          }
          const range = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])$/.exec(body);
          if (range) {
            const sequence = braceRange(range[1], range[2]);
            if (sequence !== null) return { start, end: i + 1, alternatives: sequence };
          }
          break;
        }
      } else if (c === ',' && depth === 1) commas.push(i);
    }
  }
  return undefined;
}

/** `{1..5}`, `{a..e}`; null when it is no range (bash leaves it as is), undefined when it is too long. */
function braceRange(from: string, to: string): string[] | null | undefined {
  const numeric = /^-?\d+$/.test(from) && /^-?\d+$/.test(to);
  const a = numeric ? Number(from) : from.charCodeAt(0);
  const b = numeric ? Number(to) : to.charCodeAt(0);
  if (!numeric && (/\d/.test(from) || /\d/.test(to))) return null;
  if (Math.abs(b - a) >= maxExpansions) return undefined;
  const out: string[] = [];
  for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? 1 : -1) out.push(numeric ? String(v) : String.fromCharCode(v));
  return out;
}

/** Splits an unquoted expansion's value into fields by IFS, as bash does. */
export function splitFields(value: string, ifs: string): string[] {
  if (ifs === '') return [value];
  const white = [...ifs].filter((c) => ' \t\n'.includes(c)).map(escapeRegExp).join('');
  const hard = [...ifs].filter((c) => !' \t\n'.includes(c)).map(escapeRegExp).join('');
  let text = value;
  if (white) text = text.replace(new RegExp(`^[${white}]+|[${white}]+$`, 'g'), '');
  if (text === '') return [];
  const separator = hard
    ? new RegExp(white ? `[${white}]*[${hard}][${white}]*|[${white}]+` : `[${hard}]`)
    : new RegExp(`[${white}]+`);
  const fields = text.split(separator);
  // A trailing hard delimiter ends the last field, it does not start an empty one.
  if (hard && fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
  return fields;
}

function escapeRegExp(c: string): string {
  return c === '\t' ? '\\t' : c === '\n' ? '\\n' : c.replace(/[\\\]^-]/g, '\\$&');
}

/**
 * The operators of `${name…}` applied to a known value: case (`,,` `^^` `,` `^`), substitution
 * (`/pat/rep`, `//`, `/#`, `/%`), prefix and suffix removal (`#` `##` `%` `%%`), substrings
 * (`:offset:length`) and defaults (`:-` `-` `:=` `=` `:+` `+`). Returns undefined for what it
 * cannot evaluate, which makes the word unknown.
 */
export function applyParameterOperator(value: string | undefined, operator: string): string | undefined {
  if (operator === '') return value;
  const defaults = /^(:?)([-=+?])(.*)$/s.exec(operator);
  if (defaults) {
    const set = value !== undefined && (defaults[1] === '' || value !== '');
    const word = defaults[3];
    if (/[$`]/.test(word)) return undefined;
    const literal = unquote(word);
    if (defaults[2] === '+') return set ? literal : '';
    if (defaults[2] === '?') return set ? value : undefined;
    return set ? value : literal;
  }
  if (value === undefined) return undefined;
  if (/[$`]/.test(operator)) return undefined;
  switch (operator) {
    case ',,': return value.toLowerCase();
    case '^^': return value.toUpperCase();
    case ',': return value.slice(0, 1).toLowerCase() + value.slice(1);
    case '^': return value.slice(0, 1).toUpperCase() + value.slice(1);
    default:
  }
  const substring = /^:\s*(-?\d+)\s*(?::\s*(-?\d+)\s*)?$/.exec(operator) ?? /^:\s*\((-?\d+)\)\s*(?::\s*(-?\d+)\s*)?$/.exec(operator);
  if (substring) {
    let offset = Number(substring[1]);
    if (offset < 0) offset = Math.max(0, value.length + offset);
    if (substring[2] === undefined) return value.slice(offset);
    const length = Number(substring[2]);
    return length < 0 ? value.slice(offset, Math.max(offset, value.length + length)) : value.slice(offset, offset + length);
  }
  const replace = /^\/([/#%]?)((?:\\.|[^/])*)(?:\/(.*))?$/s.exec(operator);
  if (replace) {
    const pattern = globSource(replace[2]);
    if (pattern === undefined) return undefined;
    const replacement = unquote(replace[3] ?? '');
    const anchored = replace[1] === '#' ? `^(?:${pattern})` : replace[1] === '%' ? `(?:${pattern})$` : pattern;
    const regex = new RegExp(anchored, replace[1] === '/' ? 'gs' : 's');
    return value.replace(regex, () => replacement);
  }
  const trim = /^(##?|%%?)(.*)$/s.exec(operator);
  if (trim) {
    const pattern = globSource(trim[2]);
    if (pattern === undefined) return undefined;
    const longest = trim[1].length === 2;
    if (trim[1][0] === '#') {
      for (let n = longest ? value.length : 0; longest ? n >= 0 : n <= value.length; n += longest ? -1 : 1) {
        if (new RegExp(`^(?:${pattern})$`, 's').test(value.slice(0, n))) return value.slice(n);
      }
      return value;
    }
    for (let n = longest ? 0 : value.length; longest ? n <= value.length : n >= 0; n += longest ? 1 : -1) {
      if (new RegExp(`^(?:${pattern})$`, 's').test(value.slice(n))) return value.slice(0, n);
    }
    return value;
  }
  return undefined;
}

function unquote(word: string): string {
  return word.replace(/'([^']*)'|"((?:\\.|[^"])*)"|\\(.)/gs, (_m, single?: string, double?: string, escaped?: string) =>
    single ?? (double !== undefined ? double.replace(/\\([$`"\\])/g, '$1') : escaped ?? ''));
}

/** A shell glob as a regular expression source; undefined for a pattern it cannot translate. */
function globSource(glob: string): string | undefined {
  if (glob.length > 256) return undefined;
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '\\' && i + 1 < glob.length) out += escapeLiteral(glob[++i]);
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) return undefined;
      const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
      out += `[${body}]`;
      i = close;
    } else if (c === "'" || c === '"') continue;
    else out += escapeLiteral(c);
  }
  return out;
}

function escapeLiteral(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
