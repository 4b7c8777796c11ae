import type { ScriptLanguage } from './languages';
import type { Part, PendingHole } from './values';
import { envInText } from './environmentReads';

/**
 * One lexer per language finds string literals, comments and regex literals, decodes escapes and
 * interpolations into holes, and masks all of them out of the code, so a call named inside a string
 * or a comment is no call and the call patterns see only code.
 */
interface Literal {
  readonly start: number;
  readonly end: number;
  readonly parts: Part[];
  /** `command`: backticks, `%x{}`, `qx{}` run their text as shell; `words`: `%w[]`, `qw()`. */
  readonly kind: 'string' | 'command' | 'words';
}

/** Fills masked literals and comments so that call patterns neither match nor skip across them. */
export const fill = '\u0001';

export interface Lexed {
  readonly masked: string;
  readonly literals: Map<number, Literal>;
  readonly commands: Literal[];
}

const quoteChars = new Set(["'", '"', '`']);
const pairs: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

export function lex(language: ScriptLanguage, code: string): Lexed {
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
  // Here-documents opened on the current line; their bodies start on the next one.
  let pending: { id: string; indented: boolean }[] = [];
  while (i < n) {
    const c = code[i];
    if (c === '\n' && pending.length > 0) {
      for (const doc of pending) {
        const body = heredocBody(code, i + 1, doc.id, doc.indented);
        literals.set(body.start, body);
        mask(body.start, body.end);
        i = body.end;
      }
      pending = [];
      continue;
    }
    // Ruby's `<<~SQL`, `<<-EOS`, `<<'EOS'`; Perl's `<<"EOF"`, `<<~EOF`; PHP's `<<<SQL`, `<<<'SQL'`.
    if (c === '<' && code[i + 1] === '<' && (language === 'ruby' || language === 'perl' || language === 'php')) {
      const m = (language === 'php' ? /^<<<[ \t]*(["']?)([A-Za-z_]\w*)\1/ : /^<<([~-]?)(["']?)([A-Za-z_]\w*)\2/).exec(code.slice(i, i + 80));
      // `x<<y` with nothing between is a shift.
      if (m && !(language !== 'php' && m[1] === '' && m[2] === '' && /[\w)\]]/.test(code[i - 1] ?? ''))) {
        pending.push(language === 'php' ? { id: m[2], indented: true } : { id: m[3], indented: m[1] !== '' });
        mask(i, i + m[0].length);
        i += m[0].length;
        continue;
      }
    }
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

/** A here-document's body from `start` up to its terminator line (indented with `~`, `-` and in PHP), as one literal. */
function heredocBody(code: string, start: number, id: string, indented: boolean): Literal {
  const terminator = new RegExp(indented ? `^[ \\t]*${id}\\b.*$` : `^${id}$`, 'm');
  const rest = code.slice(start);
  const m = terminator.exec(rest);
  const bodyEnd = m ? start + m.index : code.length;
  const end = m ? start + m.index + m[0].length : code.length;
  return { start, end, parts: [code.slice(start, bodyEnd)], kind: 'string' };
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

export function wordsOf(literal: Literal): string[] {
  return literal.parts.filter((p): p is string => typeof p === 'string').join(' ').split(/\s+/).filter(Boolean);
}
