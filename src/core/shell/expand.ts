import type { Word } from '../model';
import { type Scope, scanForSubstitutions, spanOf, substitutionValue, type Walk } from './extract';
import { applyParameterOperator, expandBraces, splitFields } from './evaluate';
import type { SyntaxNode } from './syntax';

/** A word after quote removal and the expansions bash would perform, as far as they are known. */
export interface Evaluated {
  value: string;
  dynamic: boolean;
  raw: string;
}

/** A word being built: with `fields` set, unquoted expansions split it into several words. */
interface Builder extends Evaluated {
  fields?: string[];
  /** The current field exists even if empty (a literal or quoted part was seen). */
  pending: boolean;
}

const defaultIfs = ' \t\n';

export function toWord(value: Evaluated, node: SyntaxNode, scope: Scope): Word {
  return { value: value.value, raw: value.raw, dynamic: value.dynamic, span: spanOf(scope, node) };
}

/** Quote removal and the expansions that can be known statically, as one string (assignments, redirections). */
export function evalWord(walk: Walk, node: SyntaxNode, scope: Scope, source: string): Evaluated {
  const raw = scope.outerSpan ? source.slice(node.startIndex, node.endIndex) : node.text;
  const out: Builder = { value: '', dynamic: false, raw, pending: false };
  appendWord(walk, node, scope, source, out);
  return { value: out.value, dynamic: out.dynamic, raw };
}

/**
 * A command argument as the words bash makes of it: brace expansion of literal words, arrays
 * (`"${args[@]}"`) and IFS splitting of unquoted expansions. An unquoted expansion of an empty
 * value is no word at all.
 */
export function evalFields(walk: Walk, node: SyntaxNode, scope: Scope, source: string): Word[] {
  const raw = scope.outerSpan ? source.slice(node.startIndex, node.endIndex) : node.text;
  const span = spanOf(scope, node);
  const braces = literalBraces(node);
  if (braces !== undefined) {
    const expanded = expandBraces(braces);
    if (!expanded) return [{ value: braces, raw, dynamic: true, span }];
    if (expanded.length > 1 || expanded[0] !== braces) return expanded.map((value) => ({ value, raw, dynamic: false, span }));
  }
  const out: Builder = { value: '', dynamic: false, raw, pending: false, fields: [] };
  appendWord(walk, node, scope, source, out);
  const values = out.pending || out.dynamic ? [...(out.fields ?? []), out.value] : out.fields ?? [];
  return values.map((value) => ({ value, raw, dynamic: out.dynamic, span }));
}

/** The text of a word made only of literal parts that contains a brace group, else undefined. */
function literalBraces(node: SyntaxNode): string | undefined {
  if (!node.text.includes('{') || node.text.includes('\\')) return undefined;
  if (node.type === 'word') return node.text;
  if (node.type !== 'concatenation') return undefined;
  let text = '';
  for (const child of node.children) {
    if (!child || child.type !== 'word') return undefined;
    text += child.text;
  }
  return text;
}

function appendWord(walk: Walk, node: SyntaxNode, scope: Scope, source: string, out: Builder, inString = false): void {
  switch (node.type) {
    case 'word':
    case 'number':
      out.value += unescapeBare(node.text);
      out.pending = true;
      return;
    case 'raw_string':
      out.value += node.text.slice(1, -1);
      out.pending = true;
      return;
    case 'ansi_c_string':
      out.value += decodeAnsiC(node.text.slice(2, -1));
      out.pending = true;
      return;
    case 'string':
    case 'translated_string':
      out.pending = true;
      appendDoubleQuoted(walk, node, scope, source, out);
      return;
    case 'string_content':
      out.value += unescapeDouble(node.text);
      out.pending = true;
      return;
    case 'concatenation':
      for (const child of node.children) {
        if (child) appendWord(walk, child, scope, source, out);
      }
      return;
    case 'simple_expansion':
    case 'expansion': {
      const values = expandVariable(walk, node, scope, source);
      if (values === undefined) out.dynamic = true;
      else appendExpansion(out, values, inString, scope);
      return;
    }
    case 'command_substitution':
    case 'process_substitution': {
      const output = substitutionValue(walk, node, scope, source, inString);
      if (output === undefined) out.dynamic = true;
      else appendExpansion(out, [output], inString || node.type === 'process_substitution', scope);
      return;
    }
    default:
      if (node.namedChildCount > 0) scanForSubstitutions(walk, node, scope, source);
      if (node.isNamed) out.dynamic = true;
      out.value += node.text;
      out.pending = true;
  }
}

/**
 * Appends what an expansion produced. `"${a[@]}"` gives one word per element; unquoted, each
 * value is also split by IFS. An IFS assigned a value only known at run time splits unknowably.
 */
function appendExpansion(out: Builder, values: readonly string[], quoted: boolean, scope: Scope): void {
  if (!out.fields) {
    out.value += values.join(' ');
    return;
  }
  if (quoted) {
    values.forEach((value, i) => {
      if (i > 0) breakField(out);
      out.value += value;
      out.pending = true;
    });
    return;
  }
  if ('IFS' in scope.assigned && !('IFS' in scope.env)) {
    out.dynamic = true;
    out.value += values.join(' ');
    return;
  }
  const ifs = scope.env.IFS ?? defaultIfs;
  const white = [...ifs].filter((c) => ' \t\n'.includes(c));
  for (const value of values) {
    if (value === '') continue;
    const pieces = splitFields(value, ifs);
    if (white.includes(value[0]) && out.pending) breakField(out);
    pieces.forEach((piece, i) => {
      if (i > 0) breakField(out);
      out.value += piece;
      out.pending = true;
    });
    if (white.includes(value[value.length - 1]) && out.pending) breakField(out);
    if (values.length > 1 && out.pending) breakField(out);
  }
}

function breakField(out: Builder): void {
  out.fields?.push(out.value);
  out.value = '';
  out.pending = false;
}

function appendDoubleQuoted(walk: Walk, node: SyntaxNode, scope: Scope, source: string, out: Builder): void {
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

const parameterExpansion = /^\$\{(#?)([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?(.*)\}$/s;

/**
 * The value(s) of `$NAME` or `${…}`: several for `${array[@]}`; undefined when not known
 * (unset, positional, indirect, or an operator the evaluator does not know).
 */
function expandVariable(walk: Walk, node: SyntaxNode, scope: Scope, source: string): string[] | undefined {
  if (node.type === 'simple_expansion') {
    const name = node.namedChild(0)?.text ?? '';
    if (positionalName.test(name)) return positionalParameter(name, scope);
    return name === 'HOME' || name in scope.env ? maybe(scope.env[name]) : undefined;
  }
  const braced = /^\$\{([0-9]+|[@*#])\}$/.exec(node.text);
  if (braced) return positionalParameter(braced[1], scope);
  scanForSubstitutions(walk, node, scope, source);
  const match = parameterExpansion.exec(node.text);
  if (!match) return undefined;
  const [, length, name, subscript, operator] = match;
  const array = scope.arrays?.[name];
  let elements: (string | undefined)[];
  if (subscript === '@' || subscript === '*') {
    elements = array ? [...array] : name in scope.env ? [scope.env[name]] : [undefined];
  } else if (subscript !== undefined && scope.maps?.[name] && Object.hasOwn(scope.maps[name], subscript)) {
    elements = [scope.maps[name][subscript]];
  } else if (subscript !== undefined) {
    if (!/^\d+$/.test(subscript)) return undefined;
    elements = [array ? array[Number(subscript)] : subscript === '0' ? scope.env[name] : undefined];
  } else elements = [array ? array[0] : scope.env[name]];
  if (length) {
    if (operator !== '') return undefined;
    if (subscript === '@' || subscript === '*') return array || name in scope.env ? [String(elements.length)] : undefined;
    return elements[0] === undefined ? undefined : [String(elements[0].length)];
  }
  const results: string[] = [];
  for (const element of elements) {
    const value = applyParameterOperator(element, operator);
    if (value === undefined) return undefined;
    results.push(value);
  }
  return subscript === '*' ? [results.join((scope.env.IFS ?? ' ').slice(0, 1))] : results;
}

const positionalName = /^(?:[0-9]+|[@*#])$/;

/**
 * `$1`, `$@`, `$*` and `$#` as `set -- …` on the line left them. `$*` is one value joined by IFS's
 * first character, which splitting unquoted gives back as the same fields; `$0` and the caller's
 * parameters are not known.
 */
function positionalParameter(name: string, scope: Scope): string[] | undefined {
  const values = scope.positional;
  if (!values || name === '0') return undefined;
  if (name === '@') return [...values];
  if (name === '*') return [values.join((scope.env.IFS ?? ' ').slice(0, 1))];
  if (name === '#') return [String(values.length)];
  return [values[Number(name) - 1] ?? ''];
}

function maybe(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : [value];
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
