import { normalizePath, resolvePath } from '../paths';

/**
 * The core reads no disk: the Node side hands it a reader of workspace files (package.json,
 * Makefile, justfile, Taskfile.yml, composer.json, scripts), bounded in size and never blocking.
 */
export type FileText =
  | { readonly text: string }
  | { readonly error: 'missing' | 'not-a-file' | 'too-large' | 'unreadable'; readonly message: string };

export type ReadFile = (absolutePath: string) => FileText;
/** What is directly inside a folder (symbolic links left out), or undefined when it cannot be listed within the bound. */
export type ListFolder = (absolutePath: string) => readonly { readonly name: string; readonly directory: boolean }[] | undefined;

/** How far up a runner looks for its file (npm, just and task search the parent folders). */
const maxFolderClimb = 32;

/** The first of `names` in `dir` or, with `climb`, its nearest parent holding one. */
export function findFile(read: ReadFile, dir: string, names: readonly string[], climb: boolean): { path: string; file: FileText } | undefined {
  let current = normalizePath(dir);
  for (let i = 0; i <= (climb ? maxFolderClimb : 0); i++) {
    for (const name of names) {
      const path = resolvePath(current, name);
      const file = read(path);
      if (!('error' in file) || file.error !== 'missing') return { path, file };
    }
    if (current === '/') break;
    current = current.slice(0, current.lastIndexOf('/')) || '/';
  }
  return undefined;
}

export function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A variable no environment sets: what stands for an argument only known at run time (undefined). */
export const unknownArgument = '${BULKHEAD_ARGUMENT_KNOWN_AT_RUN_TIME}';

/** A parsed YAML or JSON mapping. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Puts a script's arguments where `$1`…`$9`, `${N}`, `$@`, `$*` and `$#` stand, as the shell would:
 * quoted words outside quotes, the raw text inside double quotes, nothing inside single quotes.
 */

export function bindPositional(code: string, args: readonly (string | undefined)[]): string {
  let out = '';
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '\\' && quote !== "'") {
      out += code.slice(i, i + 2);
      i++;
      continue;
    }
    if (quote === '' && c === '#' && (i === 0 || /\s/.test(code[i - 1]))) {
      const end = code.indexOf('\n', i);
      out += end < 0 ? code.slice(i) : code.slice(i, end);
      i = end < 0 ? code.length : end - 1;
      continue;
    }
    if (c === "'" && quote !== '"') quote = quote === "'" ? '' : "'";
    else if (c === '"' && quote !== "'") quote = quote === '"' ? '' : '"';
    if (c !== '$' || quote === "'") {
      out += c;
      continue;
    }
    const match = /^\$(?:([1-9@*#])|\{([1-9@*#])\})/.exec(code.slice(i, i + 4));
    if (!match) {
      out += c;
      continue;
    }
    const name = match[1] ?? match[2];
    i += match[0].length - 1;
    const unknown = /[@*]/.test(name) ? args.some((a) => a === undefined) : name !== '#' && Number(name) <= args.length && args[Number(name) - 1] === undefined;
    if (unknown) out += unknownArgument;
    else if (name === '#') out += String(args.length);
    // Inside double quotes `$@` is still one word per argument; `$*` is one word.
    else if (name === '@' && quote === '"') out += known(args).map(escapeDouble).join('" "');
    else if (name === '@' || name === '*') out += quote === '"' ? known(args).map(escapeDouble).join(' ') : known(args).map(shellQuote).join(' ');
    else {
      const value = args[Number(name) - 1] ?? '';
      out += quote === '"' ? escapeDouble(value) : shellQuote(value);
    }
  }
  return out;
}

function known(args: readonly (string | undefined)[]): string[] {
  return args.filter((a): a is string => a !== undefined);
}

function escapeDouble(value: string): string {
  return value.replace(/([$`"\\])/g, '\\$1');
}

/**
 * A file that is there but cannot be read within the bounds (too large, a FIFO, unreadable): what it
 * runs is unknown, and the reason names the bound.
 */
export function unreadableFile(runner: string, name: string, file: Extract<FileText, { error: string }>): { kind: 'opaque'; ruleId: string; reason: string } {
  return {
    kind: 'opaque', ruleId: file.error === 'too-large' ? 'tasks.file-too-large' : 'tasks.file-unreadable',
    reason: `${runner}: ${name} cannot be read (${file.message}), so Bulkhead cannot tell what it runs`,
  };
}

/** Past a runner's bound what the rest of its file runs is unknown: it asks, with the bound named. */
export function tooMany(runner: string, what: string, bound: number): { kind: 'opaque'; ruleId: string; reason: string } {
  return { kind: 'opaque', ruleId: 'tasks.too-many', reason: `${runner}: there are more than ${bound} ${what}, so Bulkhead stops reading them` };
}
