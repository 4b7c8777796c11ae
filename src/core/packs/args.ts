import type { Invocation, Word } from '../model';

/**
 * A small getopt: enough to find subcommands and flag values in CLIs that mix
 * `--flag value`, `--flag=value`, `-f value`, `-fvalue`, `-rf` and single-dash long flags
 * (`-auto-approve`, `-chdir=dir`). It needs to know which flags take a value, otherwise
 * `kubectl -n prod delete pod` would read `prod` as the subcommand.
 */
export interface ParsedArgs {
  /** Words that are not flags or flag values, in order, up to `--`. */
  readonly positionals: readonly string[];
  /** Words after a bare `--`. */
  readonly rest: readonly string[];
  /** Every flag seen, by its name as written before any `=`; boolean flags map to `['']`. */
  readonly flags: ReadonlyMap<string, readonly string[]>;
  has(...names: string[]): boolean;
  /** The last value given for any of the names. */
  value(...names: string[]): string | undefined;
  values(...names: string[]): string[];
}

export type FlagSet = ReadonlySet<string>;

/** Where a find `-exec` payload ends: at `;`, or at `+` right after `{}` (find reads any other `+` as an argument). */
export function findExecEnd(args: readonly string[], from: number): number {
  let end = from;
  while (end < args.length && args[end] !== ';' && !(args[end] === '+' && args[end - 1] === '{}')) end++;
  return end;
}

export function flagSet(...names: string[]): FlagSet {
  return new Set(names);
}

export function parseArgs(args: readonly string[], valueFlags: FlagSet = emptySet): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    const list = flags.get(name);
    if (list) list.push(value);
    else flags.set(name, [value]);
  };
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (arg.length < 2 || arg.charCodeAt(0) !== 45 /* - */) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      add(arg.slice(0, eq), arg.slice(eq + 1));
      continue;
    }
    if (valueFlags.has(arg)) {
      if (i + 1 < args.length) add(arg, args[++i]);
      else add(arg, '');
      continue;
    }
    if (arg[1] !== '-' && arg.length > 2) {
      const short = arg.slice(0, 2);
      if (valueFlags.has(short)) {
        add(short, arg.slice(2));
        continue;
      }
      add(arg, '');
      // `-rf` is also `-r -f`, unless it is a single-dash long flag like `-auto-approve`. An option
      // that takes a value ends the cluster: the rest of the word is its value (`-qbfeature`).
      if (/^-[A-Za-z]+$/.test(arg)) {
        for (let j = 1; j < arg.length; j++) {
          const flag = `-${arg[j]}`;
          if (valueFlags.has(flag)) {
            if (j + 1 < arg.length) add(flag, arg.slice(j + 1));
            else add(flag, i + 1 < args.length ? args[++i] : '');
            break;
          }
          add(flag, '');
        }
      }
      continue;
    }
    add(arg, '');
  }
  return new Parsed(positionals, args.slice(i), flags);
}

class Parsed implements ParsedArgs {
  constructor(
    readonly positionals: readonly string[],
    readonly rest: readonly string[],
    readonly flags: ReadonlyMap<string, readonly string[]>,
  ) {}

  has(...names: string[]): boolean {
    for (const n of names) if (this.flags.has(n)) return true;
    return false;
  }

  value(...names: string[]): string | undefined {
    let found: string | undefined;
    for (const n of names) {
      const list = this.flags.get(n);
      if (list && list.length > 0) found = list[list.length - 1];
    }
    return found;
  }

  values(...names: string[]): string[] {
    const out: string[] = [];
    for (const n of names) {
      const list = this.flags.get(n);
      if (list) out.push(...list);
    }
    return out;
  }
}

const emptySet: FlagSet = new Set();

/** Operands of a command whose options are parsed with `valueFlags`: the words that are not options. */
export function operandWords(inv: Invocation, valueFlags: ReadonlySet<string>, skip = 0): Word[] {
  const out: Word[] = [];
  let options = true;
  let skipped = 0;
  for (let i = 0; i < inv.words.length; i++) {
    const word = inv.words[i];
    const v = word.value;
    if (options && v === '--') {
      options = false;
      continue;
    }
    if (options && v.length > 1 && v.startsWith('-') && !word.dynamic) {
      if (valueFlags.has(v)) i++;
      continue;
    }
    if (skipped < skip) {
      skipped++;
      continue;
    }
    out.push(word);
  }
  return out;
}

/**
 * getopt bundles: `psql -Atc "SELECT 1"` is `-A -t -c "SELECT 1"`, `mysql -uroot -pSECRET` is a
 * user and an attached password. The generic parser would read `-Atc` as three value-less flags
 * and the SQL as a database name.
 */
export function splitShortBundles(args: readonly string[], valueFlags: ReadonlySet<string>, attachedOnly: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (attachedOnly.some((flag) => arg.startsWith(flag))) {
      const flag = attachedOnly.find((f) => arg.startsWith(f)) as string;
      out.push(`${flag}=${arg.slice(flag.length)}`);
      continue;
    }
    if (!/^-[A-Za-z0-9?]{2,}$/.test(arg) || valueFlags.has(arg)) {
      out.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const flag = `-${arg[j]}`;
      if (attachedOnly.includes(flag)) {
        out.push(`${flag}=${arg.slice(j + 1)}`);
        break;
      }
      if (!valueFlags.has(flag)) {
        out.push(flag);
        continue;
      }
      const rest = arg.slice(j + 1);
      if (rest) out.push(flag, rest);
      else if (i + 1 < args.length) out.push(flag, args[++i]);
      else out.push(flag);
      break;
    }
  }
  return out;
}
