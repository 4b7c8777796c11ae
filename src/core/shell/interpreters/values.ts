/** What an argument evaluates to as far as a scanner can tell: literal text, and holes for what is known only at run time. */

/** A shell variable that is never set: the walk reads it as a value known only at run time. */
export const computedVariable = '__bulkhead_computed';

interface Hole {
  /** An environment variable read (`os.environ['X']`, `process.env.X`, `$ENV{X}`). */
  readonly env?: string;
  /** Anything else computed at run time. */
  readonly computed?: true;
  /** The files a glob call matches (`glob('/backups/*.sql')`, `Dir.glob`, `glob.glob`): a pattern, as the shell would expand it. */
  readonly glob?: string;
}

export type Part = string | Hole;

export type Value =
  | { readonly kind: 'str'; readonly parts: readonly Part[] }
  | { readonly kind: 'list'; readonly items: readonly Value[] }
  | { readonly kind: 'map'; readonly entries: ReadonlyMap<string, Value>; readonly raw: string }
  | { readonly kind: 'other'; readonly raw: string };

export const computed: Value = { kind: 'str', parts: [{ computed: true }] };

export function str(...parts: Part[]): Value {
  return { kind: 'str', parts };
}

export function concat(a: Value, b: Value): Value {
  const left = a.kind === 'str' ? a.parts : [{ computed: true } as Hole];
  const right = b.kind === 'str' ? b.parts : [{ computed: true } as Hole];
  return { kind: 'str', parts: [...left, ...right] };
}

/** The literal text, when the value is fully known. */
export function literalText(value: Value): string | undefined {
  if (value.kind !== 'str') return undefined;
  let out = '';
  for (const part of value.parts) {
    if (typeof part !== 'string') return undefined;
    out += part;
  }
  return out;
}

export function hasLiteralText(value: Value): boolean {
  return value.kind === 'str' && value.parts.some((p) => typeof p === 'string' && p.trim() !== '');
}

export function listItems(value: Value): Value[] | undefined {
  return value.kind === 'list' ? [...value.items] : undefined;
}

/** A pending interpolation: resolved against variables and environment reads when the scan runs. */
export interface PendingHole extends Hole {
  readonly expr?: string;
}

export const computedPart: Hole = { computed: true };

export function holesFor(value: Value, pattern: RegExp): Value {
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

export interface Arg {
  /** Keyword (`shell=True`, `method: 'DELETE'`, `DELETE =>`): the name; positional: undefined. */
  readonly name?: string;
  readonly value: Value;
  readonly raw: string;
}
