import { nameWords } from '../../packs/graphql';
import { type Arg, computedVariable, hasLiteralText, literalText, type Value } from './values';

/**
 * Effects that have no shell form of their own, rendered as the equivalent command line so the shell
 * walk judges them as if typed: values as shell words, deletions as `rm`, requests as curl, SDK
 * calls as the aws CLI.
 */
/** Shell code: literal text as written, holes as variable references. */
export function asShellCode(value: Value): string {
  if (value.kind === 'list') return value.items.map(asShellWord).join(' ');
  if (value.kind !== 'str') return `\${${computedVariable}}`;
  return value.parts.map((p) => (typeof p === 'string' ? p : p.env ? `\${${p.env}}` : `\${${computedVariable}}`)).join('');
}

/** One shell word that evaluates to the value: literal text single-quoted, holes double-quoted. */
export function asShellWord(value: Value): string {
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
export function asArgvItem(value: Value): string {
  return literalText(value) ?? '';
}

/** Dicts and lists become JSON with their variables filled in, so a GraphQL document in them can be read. */
export function bodyText(value: Value, raw: string): Value | string {
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

export function headersOf(value: Value | undefined): string[] {
  if (!value || value.kind !== 'map') return [];
  const headers: string[] = [];
  for (const [key, v] of value.entries) {
    const text = v.kind === 'str' ? v.parts.map((p) => (typeof p === 'string' ? p : p.env ? `$${p.env}` : '…')).join('') : '…';
    headers.push(`${key}: ${text}`);
  }
  return headers;
}

/** `open(p, 'w')`, `fs.writeFileSync(p, …)`, `File.write(p, …)` as the redirection that writes the same file. */
export function writeCommand(path: Value): string {
  return `: > ${asShellWord(path)}`;
}

/** `os.rename(a, b)`, `shutil.copy(a, b)`, `FileUtils.mv(a, b)` as the `mv` or `cp` that does the same. */
export function transferCommand(program: 'mv' | 'cp', from: Value, to: Value): string {
  return `${program} ${program === 'cp' ? '-R ' : ''}${asShellWord(from)} ${asShellWord(to)}`;
}

/** `shutil.rmtree(p)`, `os.remove(p)`, `fs.rmSync(p, { recursive: true })` as the `rm` that does the same. */
export function removalCommand(paths: readonly Value[], recursive: boolean): string {
  return `${recursive ? 'rm -rf' : 'rm -f'} ${paths.map(asShellWord).join(' ')}`;
}

/**
 * An HTTP request as the curl line that sends it. Every variable the script reads rides along as a
 * header, so the walk ties a credential the script holds to the request it makes.
 */
export function requestCommand(method: string | Value, url: Value | undefined, body: Value | string | undefined, headers: readonly string[],
  envNames: readonly string[]): string {
  const verb = typeof method === 'string' ? method : literalText(method)?.toUpperCase();
  const words = ['curl', '-X', verb && /^[A-Za-z]+$/.test(verb) ? verb.toUpperCase() : `"\${${computedVariable}}"`];
  words.push(url ? asShellWord(url) : "''");
  for (const header of headers) words.push('-H', quoteText(header));
  for (const name of envNames) words.push('-H', `'X-Script-Env: '"\${${name}}"`);
  if (body !== undefined) {
    const word = typeof body === 'string' ? quoteText(body) : body.kind === 'str' ? asShellWord(body) : quoteText(body.kind === 'list' ? '' : body.raw);
    words.push('--data-raw', word);
  }
  return words.join(' ');
}

/** A boto3 call as the aws CLI line that makes it: `delete_bucket(Bucket='b')` → `aws s3api delete-bucket --bucket b`. */
export function sdkCommand(service: string, operation: string, args: readonly Arg[], profile: string | undefined, region: string | undefined): string {
  const cliService = service === 's3' ? 's3api' : service;
  const words = ['aws', cliService, nameWords(operation).join('-')];
  if (profile) words.push('--profile', quoteText(profile));
  if (region) words.push('--region', quoteText(region));
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
  return words.join(' ');
}
