import type { Effect, Invocation, TargetHint, Word } from '../model';
import { resolvePath } from '../paths';
import { nameWords } from './graphql';
import { classifyRequest, type HttpRequest, parseUrl } from './httpRequests';
import { definePack } from './pack';
import { local, type Verdict } from './verdict';

/**
 * HTTP clients: curl, wget, HTTPie (`http`, `https`) and xh (`xh`, `xhs`). Each parser turns
 * the command line into requests (method, URL, body, headers, files sent); httpRequests.ts
 * says what each request does. Targets come from the URL (the engine also turns `https://…`
 * arguments into host hints and ties `$RAILWAY_TOKEN`-style references to their environment),
 * from API paths (Heroku apps, Supabase projects, Kubernetes namespaces) and from secret files
 * sent in the body.
 */
const packId = 'http';

interface ParsedCall {
  readonly requests: HttpRequest[];
  /** Local files whose contents are sent (`-d @f`, `-F x=@f`, `-T f`, `field@f`). */
  readonly files: string[];
  /** Set when the command only prints help, a version, or a request it does not send. */
  readonly readOnly?: string;
  /** A reason the request cannot be read at all (`curl -K config`). */
  readonly opaque?: string;
  /** FTP/SFTP commands sent with `curl -Q`. */
  readonly quotes: string[];
}

/** Each client spells help and its version its own way: the parsers read them, as a request that is not sent. */
export const httpPack = definePack({
  id: packId,
  programs: ['curl', 'wget', 'wget2', 'http', 'https', 'xh', 'xhs'],
  targetKinds: ['app', 'host', 'kube-context', 'namespace', 'resource', 'stage', 'supabase-project'],
  asksForHelp: () => false,
  classify: (_args, inv) => classifyCall(inv),
  rules: [],
});

/** One verdict per request the line sends (at most `maxRequests`), besides the FTP commands it runs. */
function classifyCall(inv: Invocation): Verdict | Verdict[] {
  const call = parseCall(inv);
  const fileHints = call.files.map((file): TargetHint => ({
    kind: 'secret-file', value: resolvePath(inv.cwd, file, inv.env.HOME), source: 'file sent in the request',
  }));
  if (call.readOnly) return { ...local('no-request', 'read', call.readOnly), targets: fileHints };
  if (call.opaque) return { rule: 'config-file', effect: 'unknown', reason: call.opaque, targets: fileHints };
  const verdicts: Verdict[] = [];
  if (call.quotes.length > 0) {
    const destroys = call.quotes.some((q) => ftpDelete.test(q));
    verdicts.push({
      rule: `ftp-${destroys ? 'delete' : 'command'}`,
      effect: destroys ? 'destroy' : 'write',
      reason: destroys ? 'deletes files on an FTP/SFTP server (curl --quote)' : 'runs commands on an FTP/SFTP server (curl --quote)',
      targets: fileHints,
    });
  }
  if (call.requests.length === 0 && verdicts.length === 0) return { ...local('no-url', 'read', `runs ${inv.program} without a URL`), targets: fileHints };
  for (const request of call.requests.slice(0, maxRequests)) {
    const verdict = classifyRequest(request);
    const { hiddenBody, ...sent } = verdict;
    verdicts.push({ ...sent, targets: [...verdict.targets, ...fileHints, ...fileUrlHints(request, inv)] });
    if (hiddenBody) {
      verdicts.push({
        rule: 'hidden-graphql',
        effect: 'unknown',
        reason: 'sends a GraphQL document Bulkhead cannot read (from a file, a pipe or a variable) to an infrastructure API where one mutation can delete volumes, databases or environments',
        targets: verdict.targets,
      });
    }
  }
  return verdicts;
}

const maxRequests = 8;
const ftpDelete = /^[*+-]?\s*(?:dele|rmd|rm|rmdir|xrmd)\b/i;

function fileUrlHints(request: HttpRequest, inv: Invocation): TargetHint[] {
  if (!/^file:\/\//i.test(request.url)) return [];
  const path = request.url.replace(/^file:\/\/(?:localhost)?/i, '');
  return [{ kind: 'secret-file', value: resolvePath(inv.cwd, decodePath(path), inv.env.HOME), source: 'file:// URL' }];
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function parseCall(inv: Invocation): ParsedCall {
  switch (inv.program) {
    case 'curl':
      return parseCurl(inv);
    case 'wget':
    case 'wget2':
      return parseWget(inv);
    default:
      return parseHttpie(inv);
  }
}

// ---------------------------------------------------------------------------------------------
// curl

const curlShortValued = new Set('dFHXToOuAebcmwKExryYzCDPQtU'.split('').filter((c) => c !== 'O'));
const curlLongValued = new Set([
  'data', 'data-ascii', 'data-binary', 'data-raw', 'data-urlencode', 'json', 'form', 'form-string', 'header', 'request',
  'upload-file', 'output', 'user', 'user-agent', 'referer', 'cookie', 'cookie-jar', 'max-time', 'write-out', 'config', 'cert',
  'proxy', 'range', 'speed-time', 'speed-limit', 'time-cond', 'continue-at', 'dump-header', 'ftp-port', 'quote',
  'telnet-option', 'proxy-user', 'url', 'connect-timeout', 'retry', 'retry-delay', 'retry-max-time', 'max-redirs', 'cacert',
  'capath', 'key', 'key-type', 'cert-type', 'pass', 'resolve', 'connect-to', 'interface', 'local-port', 'limit-rate',
  'max-filesize', 'oauth2-bearer', 'aws-sigv4', 'unix-socket', 'abstract-unix-socket', 'output-dir', 'variable',
  'url-query', 'trace', 'trace-ascii', 'stderr', 'netrc-file', 'proto', 'proto-redir', 'proto-default', 'request-target',
  'dns-servers', 'dns-interface', 'dns-ipv4-addr', 'dns-ipv6-addr', 'doh-url', 'ciphers', 'tls13-ciphers', 'curves',
  'pinnedpubkey', 'crlfile', 'hostpubmd5', 'hostpubsha256', 'preproxy', 'proxy-header', 'proxy-cacert', 'proxy-capath',
  'proxy-cert', 'proxy-cert-type', 'proxy-key', 'proxy-key-type', 'proxy-pass', 'proxy-ciphers', 'proxy-tls13-ciphers',
  'proxy-service-name', 'proxy-tlsuser', 'proxy-tlspassword', 'proxy-tlsauthtype', 'proxy-crlfile', 'proxy-pinnedpubkey',
  'socks4', 'socks4a', 'socks5', 'socks5-hostname', 'socks5-gssapi-service', 'service-name', 'sasl-authzid', 'mail-from',
  'mail-rcpt', 'mail-auth', 'login-options', 'keepalive-time', 'keepalive-cnt', 'expect100-timeout',
  'happy-eyeballs-timeout-ms', 'krb', 'delegation', 'egd-file', 'random-file', 'engine', 'tftp-blksize', 'create-file-mode',
  'parallel-max', 'ftp-method', 'ftp-account', 'ftp-alternative-to-user', 'ftp-ssl-ccc-mode', 'ip-tos', 'vlan-priority',
  'ech', 'etag-compare', 'etag-save', 'hsts', 'alt-svc', 'ssl-sessions', 'trace-config', 'tlsuser', 'tlspassword',
  'tlsauthtype', 'haproxy-clientip', 'rate', 'max-time', 'retry-connrefused-delay', 'upload-flags', 'follow',
]);

interface DataPiece {
  readonly text?: string;
  readonly file?: string;
  readonly stdin?: boolean;
  readonly dynamic?: boolean;
}

interface CurlGroup {
  method?: string;
  methodDynamic?: boolean;
  get?: boolean;
  head?: boolean;
  upload?: string;
  urls: Word[];
  data: DataPiece[];
  headers: string[];
  unixSocket?: string;
}

function parseCurl(inv: Invocation): ParsedCall {
  const words = inv.words;
  const groups: CurlGroup[] = [];
  const files: string[] = [];
  const quotes: string[] = [];
  let config: string | undefined;
  let help: string | undefined;
  let group: CurlGroup = { urls: [], data: [], headers: [] };

  const option = (name: string, value: Word | undefined): void => {
    const v = value?.value ?? '';
    switch (name) {
      case 'X': case 'request':
        group.method = v.toUpperCase();
        group.methodDynamic = value?.dynamic && !v;
        if (value?.dynamic && v && !/^[A-Za-z]+$/.test(v)) group.methodDynamic = true;
        return;
      case 'G': case 'get':
        group.get = true;
        return;
      case 'I': case 'head':
        group.head = true;
        return;
      case 'd': case 'data': case 'data-ascii': case 'data-binary': case 'json':
        group.data.push(dataPiece(v, value?.dynamic === true, true, files));
        return;
      case 'data-raw': case 'form-string':
        group.data.push({ text: v, dynamic: value?.dynamic });
        return;
      case 'data-urlencode': {
        const at = v.indexOf('@');
        const eq = v.indexOf('=');
        if (at >= 0 && (eq < 0 || at < eq)) group.data.push(dataPiece(v.slice(at), value?.dynamic === true, true, files));
        else group.data.push({ text: v, dynamic: value?.dynamic });
        return;
      }
      case 'F': case 'form': {
        const eq = v.indexOf('=');
        const content = eq >= 0 ? v.slice(eq + 1) : v;
        if (content.startsWith('@') || content.startsWith('<')) {
          const file = content.slice(1).split(';')[0];
          if (file === '-') group.data.push({ stdin: true });
          else if (file) {
            files.push(file);
            group.data.push({ file });
          }
        } else {
          group.data.push({ text: v, dynamic: value?.dynamic });
        }
        return;
      }
      case 'T': case 'upload-file':
        group.upload = v;
        if (v === '-' || v === '.') group.data.push({ stdin: true });
        else if (v) {
          files.push(v);
          group.data.push({ file: v });
        }
        return;
      case 'H': case 'header':
        if (!v.startsWith('@')) group.headers.push(v);
        return;
      case 'url':
        if (value) group.urls.push(value);
        return;
      case 'K': case 'config':
        config = v;
        return;
      case 'Q': case 'quote':
        quotes.push(v);
        return;
      case 'unix-socket': case 'abstract-unix-socket':
        group.unixSocket = v;
        return;
      case 'h': case 'help': case 'M': case 'manual': case 'V': case 'version':
        help = `shows curl ${name === 'V' || name === 'version' ? 'version' : 'help'}`;
        return;
      default:
    }
  };

  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const a = word.value;
    if (a === '--next' || a === '-:') {
      groups.push(group);
      group = { urls: [], data: [], headers: [], unixSocket: group.unixSocket };
      continue;
    }
    if (a.startsWith('--') && a.length > 2) {
      const { name: written, inline } = longOption(word);
      // curl's `--expand-data` and the like take the same value as `--data`.
      const name = written.startsWith('expand-') ? written.slice(7) : written;
      if (curlLongValued.has(name)) option(name, inline ?? words[++i]);
      else option(name, undefined);
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !word.dynamic) {
      i = shortCluster(words, i, curlShortValued, option);
      continue;
    }
    group.urls.push(word);
  }
  groups.push(group);
  if (help) return { requests: [], files, quotes, readOnly: help };
  if (config !== undefined) {
    return { requests: [], files, quotes, opaque: `reads its requests from the curl config file ${config || '(dynamic)'}, which Bulkhead cannot see` };
  }

  const requests: HttpRequest[] = [];
  for (const g of groups) {
    const body = joinBody(g.data, inv);
    const method = g.methodDynamic ? '?'
      : g.method ?? (g.head ? 'HEAD' : g.get ? 'GET' : g.upload !== undefined ? 'PUT' : g.data.length > 0 ? 'POST' : 'GET');
    const effective = methodOverride(g.headers) ?? method;
    for (const url of g.urls) {
      requests.push({ method: effective, url: url.value, body: body.text, bodyHidden: body.hidden, headers: g.headers, unixSocket: g.unixSocket });
    }
    if (g.urls.length === 0 && (g.data.length > 0 || g.method)) {
      requests.push({ method: effective, url: '', body: body.text, bodyHidden: body.hidden, headers: g.headers, unixSocket: g.unixSocket });
    }
  }
  return { requests, files, quotes };
}

/** curl's `@file` and `@-` conventions for -d, --data-binary, --json and --data-urlencode. */
function dataPiece(value: string, dynamic: boolean, atMeansFile: boolean, files: string[]): DataPiece {
  if (atMeansFile && value.startsWith('@')) {
    const file = value.slice(1);
    if (file === '-') return { stdin: true };
    if (file) files.push(file);
    return { file };
  }
  return { text: value, dynamic };
}

function joinBody(pieces: readonly DataPiece[], inv: Invocation): { text?: string; hidden: boolean } {
  const parts: string[] = [];
  let hidden = false;
  for (const piece of pieces) {
    if (piece.stdin) {
      const text = inv.stdin?.text;
      if (text !== undefined) parts.push(text);
      else hidden = true;
      continue;
    }
    if (piece.file !== undefined) {
      hidden = true;
      continue;
    }
    if (piece.dynamic) hidden = true;
    if (piece.text !== undefined) parts.push(piece.text);
  }
  return { text: parts.length > 0 ? parts.join('&') : undefined, hidden };
}

const overrideHeader = /^\s*x-(?:http-)?method(?:-override)?\s*:\s*([A-Za-z]+)\s*$/i;

/** `X-HTTP-Method-Override: DELETE` makes many servers treat a POST as the named method. */
function methodOverride(headers: readonly string[]): string | undefined {
  for (const header of headers) {
    const m = overrideHeader.exec(header);
    if (m) return m[1].toUpperCase();
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// wget

const wgetShortValued = new Set('OoaiPtTweUlARDIXBQ'.split(''));
const wgetLongValued = new Set([
  'output-document', 'output-file', 'append-output', 'input-file', 'directory-prefix', 'tries', 'timeout', 'wait', 'execute',
  'user-agent', 'level', 'accept', 'reject', 'domains', 'include-directories', 'exclude-directories', 'base', 'quota',
  'header', 'method', 'body-data', 'body-file', 'post-data', 'post-file', 'user', 'password', 'http-user', 'http-password',
  'load-cookies', 'save-cookies', 'referer', 'ca-certificate', 'ca-directory', 'certificate', 'private-key', 'bind-address',
  'limit-rate', 'dns-timeout', 'connect-timeout', 'read-timeout', 'waitretry', 'max-redirect', 'proxy-user',
  'proxy-password', 'default-page', 'restrict-file-names', 'progress', 'local-encoding', 'remote-encoding', 'config',
  'use-askpass', 'report-speed', 'ciphers', 'secure-protocol', 'pinnedpubkey', 'crl-file', 'warc-file', 'warc-header',
  'warc-max-size', 'warc-dedup', 'warc-tempdir', 'ftp-user', 'ftp-password', 'certificate-type', 'private-key-type',
  'egd-file', 'hsts-file', 'accept-regex', 'reject-regex', 'regex-type', 'exclude-domains', 'follow-tags', 'ignore-tags',
  'prefer-family', 'retry-on-http-error', 'compression', 'e',
]);

function parseWget(inv: Invocation): ParsedCall {
  const words = inv.words;
  const files: string[] = [];
  const urls: Word[] = [];
  const headers: string[] = [];
  let method: string | undefined;
  let methodDynamic = false;
  let body: DataPiece | undefined;
  let help: string | undefined;
  const option = (name: string, value: Word | undefined): void => {
    const v = value?.value ?? '';
    switch (name) {
      case 'method':
        method = v.toUpperCase();
        methodDynamic = value?.dynamic === true && !/^[A-Za-z]+$/.test(v);
        return;
      case 'post-data': case 'body-data':
        body = { text: v, dynamic: value?.dynamic };
        if (name === 'post-data') method ??= 'POST';
        return;
      case 'post-file': case 'body-file':
        if (v === '-') body = { stdin: true };
        else {
          body = { file: v };
          files.push(v);
        }
        if (name === 'post-file') method ??= 'POST';
        return;
      case 'header':
        headers.push(v);
        return;
      case 'h': case 'help': case 'V': case 'version':
        help = `shows ${inv.program} ${name === 'V' || name === 'version' ? 'version' : 'help'}`;
        return;
      default:
    }
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const a = word.value;
    if (a.startsWith('--') && a.length > 2) {
      const { name, inline } = longOption(word);
      if (inline) option(name, inline);
      else if (wgetLongValued.has(name)) option(name, words[++i]);
      else option(name, undefined);
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !word.dynamic) {
      // `-nv`, `-np`, `-nc`, `-nd`, `-nH`: two-letter switches that take no value.
      if (a.length === 3 && a[1] === 'n') continue;
      i = shortCluster(words, i, wgetShortValued, option);
      continue;
    }
    urls.push(word);
  }
  if (help) return { requests: [], files, quotes: [], readOnly: help };
  const joined = body ? joinBody([body], inv) : { hidden: false };
  const finalMethod = methodDynamic ? '?' : methodOverride(headers) ?? method ?? 'GET';
  const requests: HttpRequest[] = (urls.length > 0 ? urls : method ? [undefined] : []).map((url) => ({
    method: finalMethod, url: url?.value ?? '', body: joined.text, bodyHidden: joined.hidden, headers,
  }));
  return { requests, files, quotes: [] };
}

// ---------------------------------------------------------------------------------------------
// HTTPie and xh: `http [flags] [METHOD] URL [items]`

const httpieValued = new Set([
  '-a', '--auth', '-A', '--auth-type', '-o', '--output', '--session', '--session-read-only', '--verify', '--cert',
  '--cert-key', '--cert-key-pass', '--ssl', '--ciphers', '--proxy', '--timeout', '--max-redirects', '--max-headers', '-p',
  '--print', '-P', '--history-print', '--pretty', '-s', '--style', '--format-options', '--response-charset',
  '--response-mime', '--boundary', '--default-scheme', '--raw', '--bearer', '--http-version', '--resolve', '--interface',
  '--unix-socket', '--ssl-version',
]);
const itemSeparator = /:=@|=@|==|:=|[:=@]/;

function parseHttpie(inv: Invocation): ParsedCall {
  const words = inv.words;
  const files: string[] = [];
  const positionals: Word[] = [];
  let raw: Word | undefined;
  let ignoreStdin = false;
  let offline: string | undefined;
  let defaultScheme = inv.program === 'https' || inv.program === 'xhs' ? 'https' : 'http';
  let unixSocket: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const a = word.value;
    if (a === '--') {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1 && !word.dynamic && !/^-[0-9]/.test(a)) {
      const eq = a.indexOf('=');
      const name = eq > 0 && a.startsWith('--') ? a.slice(0, eq) : a;
      let value: Word | undefined;
      if (httpieValued.has(name)) value = eq > 0 && a.startsWith('--') ? { ...word, value: a.slice(eq + 1) } : words[++i];
      if (name === '--raw') raw = value;
      else if (name === '--default-scheme' && value) defaultScheme = value.value;
      else if (name === '--unix-socket' && value) unixSocket = value.value;
      else if (name === '--ignore-stdin' || name === '-I') ignoreStdin = true;
      else if (name === '--offline') offline = `builds a request with ${inv.program} --offline, which sends nothing`;
      else if (name === '--curl' || name === '--curl-long') offline = `prints the equivalent curl command (${inv.program} --curl), which sends nothing`;
      else if (name === '--help' || name === '--version') offline = `shows ${inv.program} ${name.slice(2)}`;
      continue;
    }
    positionals.push(word);
  }
  if (offline) return { requests: [], files, quotes: [], readOnly: offline };
  if (positionals.length === 0) return { requests: [], files, quotes: [] };

  let method: string | undefined;
  let index = 0;
  if (positionals.length >= 2 && /^[A-Za-z]+$/.test(positionals[0].value) && !positionals[0].value.includes('.')) {
    method = positionals[0].value.toUpperCase();
    index = 1;
  } else if (positionals[0].dynamic && !positionals[0].value && positionals.length >= 2) {
    method = '?';
    index = 1;
  }
  const url = positionals[index];
  const headers: string[] = [];
  const fields: string[] = [];
  let hidden = false;
  let sendsData = false;
  for (const item of positionals.slice(index + 1)) {
    const m = itemSeparator.exec(item.value);
    if (!m) continue;
    const key = item.value.slice(0, m.index);
    const value = item.value.slice(m.index + m[0].length);
    switch (m[0]) {
      case ':':
        headers.push(`${key}: ${value}`);
        break;
      case '==':
        break;
      case '=':
        sendsData = true;
        if (item.dynamic) hidden = true;
        fields.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
        break;
      case ':=':
        sendsData = true;
        if (item.dynamic) hidden = true;
        fields.push(`${JSON.stringify(key)}:${value}`);
        break;
      default:
        // `field=@file`, `field:=@file`, `field@file`: the file's contents are sent.
        sendsData = true;
        hidden = true;
        if (value) files.push(value.split(';')[0]);
    }
  }
  let body: string | undefined = fields.length > 0 ? `{${fields.join(',')}}` : undefined;
  if (raw) {
    sendsData = true;
    body = raw.value;
    if (raw.dynamic) hidden = true;
  } else if (!sendsData && !ignoreStdin && inv.stdin) {
    // HTTPie sends piped or redirected input as the body.
    sendsData = true;
    if (inv.stdin.text !== undefined) body = inv.stdin.text;
    else hidden = true;
  }
  const finalMethod = methodOverride(headers) ?? method ?? (sendsData ? 'POST' : 'GET');
  return {
    requests: [{ method: finalMethod, url: url?.value ?? '', body, bodyHidden: hidden, headers, defaultScheme, unixSocket }],
    files,
    quotes: [],
  };
}

// ---------------------------------------------------------------------------------------------
// grpcurl: `grpcurl [flags] host:port [list|describe|package.Service/Method]`

const grpcValued = new Set([
  'd', 'H', 'rpc-header', 'reflect-header', 'import-path', 'proto', 'protoset', 'cert', 'key', 'cacert', 'servername',
  'authority', 'user-agent', 'connect-timeout', 'keepalive-time', 'max-time', 'max-msg-sz', 'format', 'protoset-out',
  'proto-out-dir', 'alts-handshaker-service', 'alts-target-service-account',
]);
const readVerbs = new Set(['get', 'list', 'describe', 'watch', 'check', 'search', 'query', 'read', 'fetch', 'lookup', 'count',
  'stat', 'health', 'find', 'info', 'show', 'validate', 'batch', 'ping', 'status', 'version', 'echo', 'explain', 'estimate', 'preview']);
const destroyVerbs = new Set(['delete', 'remove', 'destroy', 'drop', 'purge', 'wipe', 'reset', 'truncate', 'erase', 'terminate', 'flush']);

/** grpcurl reads its Go-style flags (`-d`, `--d`, `-d=…`) in the hook, help among them. */
export const grpcurlPack = definePack({
  id: 'grpcurl',
  programs: ['grpcurl'],
  targetKinds: ['host'],
  asksForHelp: () => false,
  classify: (_args, inv) => classifyGrpc(inv),
  rules: [],
});

function classifyGrpc(inv: Invocation): Verdict {
  const positionals: string[] = [];
  const words = inv.words;
  for (let i = 0; i < words.length; i++) {
    const a = words[i].value;
    if (a.startsWith('-') && a.length > 1) {
      const name = a.replace(/^--?/, '').replace(/=.*$/, '');
      if (name === 'help' || name === 'version') return local('help', 'read', 'shows grpcurl help');
      if (!a.includes('=') && grpcValued.has(name)) i++;
      continue;
    }
    positionals.push(a);
  }
  const address = positionals.length >= 2 || !/^(?:list|describe)$/.test(positionals[0] ?? '') ? positionals[0] : undefined;
  const verbOrMethod = positionals[address === undefined ? 0 : 1];
  const targets: TargetHint[] = [];
  if (address) {
    const host = parseUrl(address).host || address.replace(/:\d+$/, '').toLowerCase();
    if (host) targets.push({ kind: 'host', value: host, source: 'gRPC server address' });
  }
  const verdict = (rule: string, effect: Effect, reason: string): Verdict => ({ rule, effect, reason, targets });
  if (!verbOrMethod || verbOrMethod === 'list' || verbOrMethod === 'describe') {
    return verdict('reflect', 'read', 'lists or describes gRPC services, which changes nothing');
  }
  const method = verbOrMethod.split(/[/.]/).pop() ?? verbOrMethod;
  const methodWords = nameWords(method);
  if (methodWords.some((w) => destroyVerbs.has(w))) return verdict('destroy', 'destroy', `calls the gRPC method ${verbOrMethod}, whose name says it deletes data`);
  if (readVerbs.has(methodWords[0] ?? '')) return verdict('read', 'read', `calls the gRPC method ${verbOrMethod}, which reads`);
  return verdict('write', 'write', `calls the gRPC method ${verbOrMethod}, which may change data`);
}

/**
 * A cluster of one-letter options (`-sSLo out`, `-qO-`): each letter is an option; the first that
 * takes a value gets the rest of the word, or the next word. Returns the index of the last word used.
 */
function shortCluster(words: readonly Word[], i: number, valued: ReadonlySet<string>, option: (name: string, value: Word | undefined) => void): number {
  const word = words[i];
  const a = word.value;
  for (let j = 1; j < a.length; j++) {
    const letter = a[j];
    if (valued.has(letter)) {
      const rest = a.slice(j + 1);
      if (rest) option(letter, { ...word, value: rest });
      else option(letter, words[++i]);
      return i;
    }
    option(letter, undefined);
  }
  return i;
}

/** `--name=value` → name and the value as a word of its own; `--name` → name alone. */
function longOption(word: Word): { name: string; inline?: Word } {
  const text = word.value.slice(2);
  const eq = text.indexOf('=');
  return eq > 0 ? { name: text.slice(0, eq), inline: { ...word, value: text.slice(eq + 1) } } : { name: text };
}
