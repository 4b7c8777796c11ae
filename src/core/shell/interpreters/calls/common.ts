import { type Arg, concat, hasLiteralText, listItems, literalText, str, type Value } from '../values';
import { fill } from '../lexer';
import { bodyText, headersOf } from '../rendering';
import type { Scanner } from '../scanner';

/** Call handlers that several languages share: shell and argv runners, eval, file readers and removers, HTTP requests. */
const urlLike = /^(?:https?|ftp|wss?):\/\//i;

export function arg(args: readonly Arg[], index: number, ...names: string[]): Value | undefined {
  const named = args.find((a) => a.name !== undefined && names.includes(a.name));
  if (named) return named.value;
  const positional = args.filter((a) => a.name === undefined);
  return positional[index]?.value;
}

export function mapValue(value: Value | undefined, ...keys: string[]): Value | undefined {
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

export function looksLikeUrl(value: Value | undefined): boolean {
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

function startsWithSlash(value: Value | undefined): boolean {
  return value !== undefined && value.kind === 'str' && typeof value.parts[0] === 'string' && value.parts[0].startsWith('/');
}

export const shellRunner = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const first = args[0]?.value;
  if (!first) {
    scanner.scan.opaque = 'runs a shell command that is only known at run time';
    return;
  }
  const options = args.find((a) => a.value.kind === 'map')?.value;
  scanner.within(mapValue(options, 'cwd') ?? args.find((a) => a.name === 'cwd')?.value, () => scanner.runShell(first));
};

/** exec-style calls: `(program, [args])` or `(program, arg, arg…)`, or a single list. */
export const argvRunner = (scanner: Scanner, m: RegExpExecArray, args: Arg[]): void => {
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
export const systemRunner = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
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

export const evalRunner = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  scanner.recurse(args[0]?.value);
};

export const fileReader = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  scanner.reads(arg(args, 0, 'file', 'path', 'filename', 'dotenv_path'));
};

/**
 * Whether an open mode writes: `w`, `a`, `x` or `+` in a mode string, a flag that opens for writing,
 * and a mode known only at run time (which may).
 */
function modeWrites(mode: Value | undefined): boolean {
  if (!mode) return false;
  const text = mode.kind === 'other' ? mode.raw : literalText(mode);
  if (text === undefined) return true;
  if (mode.kind === 'other') return !/^\s*(?:os\.|fs\.constants\.|File::)?O_RDONLY\s*$/.test(text) && !/^\s*File::RDONLY\s*$/.test(text);
  return /[wax+]/.test(text);
}

/** `open(p, mode)`, `File.open(p, mode)`, `fopen($p, $mode)`, `fs.openSync(p, flags)`: a write when the mode says so, else a read. */
export function modeOpener(modeIndex: number) {
  return (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
    const path = arg(args, 0, 'file', 'path', 'filename');
    if (modeWrites(arg(args, modeIndex, 'mode', 'flags'))) scanner.writes(path);
    scanner.reads(path);
  };
}

/** Calls whose first argument (or the one at `index`) is a file they create or replace. */
export function fileWriter(index = 0) {
  return (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => scanner.writes(arg(args, index, 'file', 'path', 'filename', 'dst'));
}

/** `rename(from, to)`, `shutil.move`, `FileUtils.mv`: the source goes, the destination is written. */
export const fileMover = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  scanner.transfers('mv', arg(args, 0, 'src', 'source', 'from', 'oldPath'), arg(args, 1, 'dst', 'dest', 'destination', 'to', 'newPath'));
};

/** `shutil.copy(from, to)`, `fs.copyFileSync`, `FileUtils.cp`: the source is read, the destination written. */
export const fileCopier = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  scanner.transfers('cp', arg(args, 0, 'src', 'source', 'from'), arg(args, 1, 'dst', 'dest', 'destination', 'to'));
};

export const recursiveRemover = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const paths = args.filter((a) => a.name === undefined && a.value.kind !== 'map' && a.value.kind !== 'other').flatMap((a) => listItems(a.value) ?? [a.value]);
  scanner.removes(paths.slice(0, 1), true);
};

export const fileRemover = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const paths = args.filter((a) => a.name === undefined && a.value.kind !== 'map' && a.value.kind !== 'other').flatMap((a) => listItems(a.value) ?? [a.value]);
  scanner.removes(paths, false);
};

export const directoryRemover = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const path = args[0]?.value;
  if (path) scanner.removesDirectory(path);
};

/** `rmSync(p, { recursive: true })`, `rmdirSync(p, { recursive: true })`, `Deno.remove(p, { recursive: true })`. */
export const optionRemover = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
  const path = args[0]?.value;
  if (!path) return;
  const recursive = isTrue(mapValue(args[1]?.value, 'recursive'));
  scanner.removes([path], recursive);
};

/** `requests.delete(url, …)`, `axios.post(url, data)`, `$ua->delete($url)`, `HTTParty.get(url)`. */
export function verbRequest(knownReceiver: RegExp) {
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
export const methodFirstRequest = (scanner: Scanner, m: RegExpExecArray, args: Arg[]): void => {
  const method = arg(args, 0, 'method');
  const url = arg(args, 1, 'url');
  const receiver = receiverName(scanner, m);
  const base = scanner.httpHosts.get(receiver.replace(/^[$@]/, ''));
  if (!method || (!looksLikeUrl(url) && !base && !/requests|httpx|session|client|http|tiny|guzzle|ua|conn/i.test(receiver))) return;
  const full = base && url && !looksLikeUrl(url) ? concat(str(base), url) : url;
  scanner.request(method, full, bodyOf(args, 'data', 'json', 'body', 'content') ?? (args[2] && args[2].name === undefined ? args[2].raw : undefined), headersOf(arg(args, -1, 'headers')));
};

/** `fetch(url, { method, body })`, `axios({ method, url, data })`, `axios(url, { method })`. */
export const configRequest = (scanner: Scanner, _m: RegExpExecArray, args: Arg[]): void => {
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

export const knownHttpReceivers = /^(?:requests|httpx|session|sess|http|https|axios|got|ky|superagent|needle|ofetch|HTTParty|Faraday|RestClient|Excon|Typhoeus|Http|\$ua|ua|\$http|\$guzzle|agent)$/;
