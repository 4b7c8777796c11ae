/**
 * Shell globs as small automata, so a glob can be matched against a name and also compared with
 * another glob: `cat .env.prod*` names no file, but it can match `.env.production`, which the policy
 * calls a secret. One automaton serves both shell words (bash filename expansion: `*`, `?`,
 * `[...]`, `*` and `?` never match `/` or a leading `.`) and policy patterns (minimatch with `dot`,
 * plus `**` across folders).
 */

type CharTest = (c: string) => boolean;

interface Edge {
  readonly test: CharTest;
  readonly to: number;
}

export interface Glob {
  /** Per state: character edges, and states reached without reading a character. */
  readonly edges: readonly Edge[][];
  readonly empty: readonly number[][];
  readonly accept: number;
  /** Characters the pattern names, for the intersection's finite alphabet. */
  readonly alphabet: readonly string[];
}

interface Builder {
  edges: Edge[][];
  empty: number[][];
  alphabet: Set<string>;
}

function state(b: Builder): number {
  b.edges.push([]);
  b.empty.push([]);
  return b.edges.length - 1;
}

const notSlash: CharTest = (c) => c !== '/';

/** Whether the text has a character bash would expand as a glob (unquoted `*`, `?` or `[`). */
export const globCharacters = /[*?[]/;

export interface GlobOptions {
  /** Shell filename expansion: wildcards do not match a name's leading dot. Policy patterns set `dot`. */
  readonly dot: boolean;
  /** `**` as a whole segment matches any number of folders (policy patterns). */
  readonly globstar: boolean;
}

/**
 * Compiles a glob. `literal` marks characters that were quoted in the shell word, which match only
 * themselves. Returns undefined for syntax the automaton does not model (extglobs), which callers
 * treat as "could match anything".
 */
export function compileGlob(pattern: string, options: GlobOptions, literal?: readonly boolean[]): Glob | undefined {
  const b: Builder = { edges: [], empty: [], alphabet: new Set(['.', '/', 'a', '\u0001']) };
  let current = state(b);
  let segmentStart = true;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const quoted = literal?.[i] === true;
    if (!quoted && c === '\\' && i + 1 < pattern.length) {
      current = charEdge(b, current, pattern[++i]);
      segmentStart = false;
      continue;
    }
    if (!quoted && /[!+@]/.test(c) && pattern[i + 1] === '(') return undefined;
    if (!quoted && c === '*') {
      let stars = 1;
      while (pattern[i + 1] === '*' && literal?.[i + 1] !== true) {
        stars++;
        i++;
      }
      const wholeSegment = segmentStart && (i + 1 === pattern.length || pattern[i + 1] === '/');
      if (options.globstar && stars >= 2 && wholeSegment) {
        // `**/` matches nothing or any folders; a final `**` matches anything below.
        const next = state(b);
        b.empty[current].push(next);
        const loop = state(b);
        b.empty[current].push(loop);
        b.edges[loop].push({ test: () => true, to: loop });
        if (pattern[i + 1] === '/') {
          b.edges[loop].push({ test: (ch) => ch === '/', to: next });
          i++;
        } else {
          b.empty[loop].push(next);
        }
        current = next;
        segmentStart = true;
        continue;
      }
      const next = state(b);
      b.empty[current].push(next);
      if (segmentStart && !options.dot) {
        // The first character of the name may not be a dot; the rest may.
        const inner = state(b);
        b.edges[current].push({ test: (ch) => ch !== '/' && ch !== '.', to: inner });
        b.edges[inner].push({ test: notSlash, to: inner });
        b.empty[inner].push(next);
      } else {
        b.edges[current].push({ test: notSlash, to: current });
      }
      current = next;
      segmentStart = false;
      continue;
    }
    if (!quoted && c === '?') {
      const next = state(b);
      const leadingDot = segmentStart && !options.dot;
      b.edges[current].push({ test: leadingDot ? (ch) => ch !== '/' && ch !== '.' : notSlash, to: next });
      current = next;
      segmentStart = false;
      continue;
    }
    if (!quoted && c === '[') {
      const parsed = parseClass(pattern, i, literal);
      if (parsed) {
        for (const ch of parsed.named) b.alphabet.add(ch);
        const next = state(b);
        const test = parsed.test;
        b.edges[current].push({ test: (ch) => ch !== '/' && test(ch), to: next });
        current = next;
        segmentStart = false;
        i = parsed.end;
        continue;
      }
    }
    current = charEdge(b, current, c);
    segmentStart = c === '/';
  }
  return { edges: b.edges, empty: b.empty, accept: current, alphabet: [...b.alphabet] };
}

function charEdge(b: Builder, from: number, c: string): number {
  b.alphabet.add(c);
  const next = state(b);
  b.edges[from].push({ test: (ch) => ch === c, to: next });
  return next;
}

/** `[abc]`, `[a-z]`, `[!x]`, `[^x]`; undefined when the bracket does not close (then `[` is literal). */
function parseClass(pattern: string, open: number, literal?: readonly boolean[]): { test: CharTest; end: number; named: string[] } | undefined {
  let i = open + 1;
  const negated = pattern[i] === '!' || pattern[i] === '^';
  if (negated) i++;
  const ranges: [string, string][] = [];
  const named: string[] = [];
  let first = true;
  while (i < pattern.length && (pattern[i] !== ']' || first) && literal?.[i] !== true) {
    let lo = pattern[i];
    if (lo === '\\' && i + 1 < pattern.length) lo = pattern[++i];
    let hi = lo;
    if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
      hi = pattern[i + 2];
      i += 2;
    }
    ranges.push([lo, hi]);
    first = false;
    i++;
  }
  if (pattern[i] !== ']' || ranges.length === 0) return undefined;
  for (const [lo, hi] of ranges) {
    // Membership only changes at a range's ends: those and their neighbours stand for every character.
    for (const end of [lo, hi]) {
      const code = end.charCodeAt(0);
      named.push(end, String.fromCharCode(code + 1), String.fromCharCode(Math.max(code - 1, 0)));
    }
  }
  const inside = (ch: string): boolean => ranges.some(([lo, hi]) => ch >= lo && ch <= hi);
  return { test: negated ? (ch) => !inside(ch) : inside, end: i, named };
}

function closure(glob: Glob, states: Iterable<number>): Set<number> {
  const out = new Set<number>();
  const stack = [...states];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (out.has(s)) continue;
    out.add(s);
    stack.push(...glob.empty[s]);
  }
  return out;
}

export function globMatches(glob: Glob, text: string): boolean {
  let current = closure(glob, [0]);
  for (const ch of text) {
    const next: number[] = [];
    for (const s of current) for (const edge of glob.edges[s]) if (edge.test(ch)) next.push(edge.to);
    if (next.length === 0) return false;
    current = closure(glob, next);
  }
  return current.has(glob.accept);
}

/**
 * Whether some text matches both globs: a search of the product automaton over a finite alphabet
 * (every character either names, the neighbours of its ranges, and one character neither names,
 * which stands for all the others).
 */
export function globsIntersect(a: Glob, b: Glob): boolean {
  const alphabet = [...new Set([...a.alphabet, ...b.alphabet])];
  const seen = new Set<string>();
  const stack: [number, number][] = [];
  const push = (sa: Iterable<number>, sb: Iterable<number>): void => {
    const ca = closure(a, sa);
    const cb = closure(b, sb);
    for (const x of ca) {
      for (const y of cb) {
        const key = `${x},${y}`;
        if (seen.has(key)) continue;
        seen.add(key);
        stack.push([x, y]);
      }
    }
  };
  push([0], [0]);
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === a.accept && y === b.accept) return true;
    for (const ea of a.edges[x]) {
      for (const eb of b.edges[y]) {
        if (alphabet.some((ch) => ea.test(ch) && eb.test(ch))) push([ea.to], [eb.to]);
      }
    }
  }
  return false;
}

/**
 * The glob a shell word expands as, or undefined when it expands to itself: glob characters
 * inside quotes or after a backslash match only themselves. A word with expansions is read from its
 * value with every glob character live, which can only widen what it matches.
 */
export function shellGlobOf(raw: string, value: string): { pattern: string; literal: boolean[] } | undefined {
  if (!globCharacters.test(value)) return undefined;
  if (raw.includes('$') || raw.includes('`')) return { pattern: value, literal: [] };
  let pattern = '';
  const literal: boolean[] = [];
  let quote: string | undefined;
  let live = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (quote === '"' && c === '\\' && /["\\$`]/.test(raw[i + 1] ?? '')) {
        pattern += raw[++i];
        literal.push(true);
      } else {
        pattern += c;
        literal.push(true);
      }
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      continue;
    }
    if (c === '\\' && i + 1 < raw.length) {
      pattern += raw[++i];
      literal.push(true);
      continue;
    }
    if (globCharacters.test(c)) live = true;
    pattern += c;
    literal.push(false);
  }
  return live ? { pattern, literal } : undefined;
}
