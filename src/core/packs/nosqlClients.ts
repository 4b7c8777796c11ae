import { type Effect, effectSeverity, type Invocation, type TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { connectionHints, hostHints, runtimeText, stdinText, withRuntimeArgs } from './databaseTargets';
import { definePack, type Pack } from './pack';
import { assumedHints } from './sqlClients';
import { destroy, read, write } from './verdict';

/**
 * mongosh / mongo (their language is JavaScript, not SQL) and redis-cli / valkey-cli (one
 * command per invocation or per input line).
 */

/** What a Mongo script or Redis command does: the effect and why, as classifySql answers for SQL. */
interface ScriptVerdict {
  readonly effect: Effect;
  readonly reason: string;
}

const stricter = (a: ScriptVerdict | undefined, b: ScriptVerdict): ScriptVerdict => (!a || effectSeverity[b.effect] > effectSeverity[a.effect] ? b : a);

// ---------------------------------------------------------------------------------------------
// MongoDB shell scripts

const mongoDestroyCalls: Readonly<Record<string, string>> = {
  dropDatabase: 'dropDatabase() deletes the whole database',
  drop: 'drop() deletes a collection and all its documents',
  dropAllUsers: 'dropAllUsers() deletes every user of the database',
  dropAllRoles: 'dropAllRoles() deletes every role of the database',
};

const mongoWriteCalls = new Set([
  'insertOne', 'insertMany', 'insert', 'save', 'updateOne', 'update', 'replaceOne', 'findOneAndUpdate', 'findOneAndReplace',
  'findOneAndDelete', 'findAndModify', 'deleteOne', 'bulkWrite', 'createCollection', 'createIndex', 'createIndexes', 'ensureIndex',
  'dropIndex', 'dropIndexes', 'hideIndex', 'unhideIndex', 'createUser', 'updateUser', 'dropUser', 'createRole', 'dropRole', 'grantRolesToUser',
  'revokeRolesFromUser', 'createView', 'setProfilingLevel', 'killOp', 'shutdownServer', 'fsyncLock', 'fsyncUnlock', 'initiate',
  'reconfig', 'stepDown', 'freeze', 'enableSharding', 'shardCollection', 'addShard', 'removeShard', 'moveChunk', 'splitAt',
  'adminCommand', 'copyDatabase', 'cloneCollection', 'convertToCapped', 'compact', 'repairDatabase', 'setFeatureCompatibilityVersion',
  'changeUserPassword', 'grantPrivilegesToRole', 'revokePrivilegesFromRole', 'rotateCertificates', 'stopBalancer', 'startBalancer',
]);

/** Calls on `rs.` and `sh.` that only read. */
const mongoReadHelpers = new Set(['status', 'conf', 'config', 'printReplicationInfo', 'printSecondaryReplicationInfo', 'isBalancerRunning', 'getBalancerState', 'help', 'hello']);

const runCommandReads = new Set([
  'ping', 'serverStatus', 'listCollections', 'listDatabases', 'dbStats', 'collStats', 'buildInfo', 'hello', 'isMaster', 'ismaster',
  'find', 'count', 'distinct', 'explain', 'currentOp', 'getParameter', 'replSetGetStatus', 'connectionStatus', 'hostInfo', 'getLog',
  'listIndexes', 'getCmdLineOpts', 'usersInfo', 'rolesInfo', 'validate', 'dataSize', 'top', 'whatsmyuri', 'aggregate',
]);

const memberCall = /(?:\.\s*|\[\s*(['"`]))([A-Za-z_$][\w$]*)\1?\s*\]?\s*\(/g;

/** Classifies mongosh JavaScript: the strictest database call in it. */
export function classifyMongoScript(code: string): ScriptVerdict {
  let result: ScriptVerdict | undefined;
  const text = code.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
  if (/\b(load|eval|Function|require)\s*\(/.test(text)) {
    result = stricter(result, { effect: 'unknown', reason: 'loads or evaluates script code Bulkhead cannot see' });
  }
  memberCall.lastIndex = 0;
  for (let m = memberCall.exec(text); m; m = memberCall.exec(text)) {
    const name = m[2];
    const after = m.index + m[0].length;
    const owner = /([A-Za-z_$][\w$]*)\s*\.?\s*$/.exec(text.slice(Math.max(0, m.index - 40), m.index))?.[1];
    if (name in mongoDestroyCalls) {
      if (name === 'drop' && owner !== undefined && /^(rs|sh|session)$/.test(owner)) continue;
      result = stricter(result, { effect: 'destroy', reason: mongoDestroyCalls[name] });
      continue;
    }
    if (name === 'deleteMany' || name === 'remove' || name === 'updateMany') {
      result = stricter(result, filterVerdict(name, firstArgument(text, after)));
      continue;
    }
    if (name === 'renameCollection') {
      const args = text.slice(after, text.indexOf(')', after) < 0 ? undefined : text.indexOf(')', after));
      result = stricter(result, /,\s*true\b/.test(args)
        ? { effect: 'destroy', reason: 'renameCollection(…, true) drops the collection it replaces' }
        : { effect: 'write', reason: 'renameCollection() renames a collection' });
      continue;
    }
    if (name === 'runCommand' || name === 'adminCommand') {
      result = stricter(result, runCommandVerdict(name, firstArgument(text, after)));
      continue;
    }
    if (name === 'aggregate' && /\$(out|merge)\b/.test(text.slice(after))) {
      result = stricter(result, { effect: 'write', reason: 'aggregate() with $out or $merge writes its results into a collection' });
      continue;
    }
    if ((owner === 'rs' || owner === 'sh') && mongoReadHelpers.has(name)) continue;
    if (mongoWriteCalls.has(name) || ((owner === 'rs' || owner === 'sh') && !mongoReadHelpers.has(name))) {
      result = stricter(result, { effect: 'write', reason: `${name}() changes the database` });
    }
  }
  if (!result && text.includes(runtimeText)) return { effect: 'unknown', reason: 'runs code that is only known at run time' };
  return result ?? { effect: 'read', reason: 'only reads (find, count, aggregate, show)' };
}

/** The text of the first call argument starting at `from` (just after the opening parenthesis). */
function firstArgument(text: string, from: number): string {
  let depth = 0;
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      if (depth === 0) return text.slice(from, i).trim();
      depth--;
    } else if (c === ',' && depth === 0) return text.slice(from, i).trim();
  }
  return text.slice(from).trim();
}

function filterVerdict(method: string, filter: string): ScriptVerdict {
  const verb = method === 'updateMany' ? 'changes' : 'deletes';
  if (filter === '' || /^\{\s*\}$/.test(filter)) {
    return { effect: 'destroy', reason: `${method}() with an empty filter ${verb} every document in the collection` };
  }
  if (filter.startsWith('{')) return { effect: 'write', reason: `${method}() ${verb} the documents matching a filter` };
  return { effect: 'destroy', reason: `${method}() with a filter Bulkhead cannot read may ${verb.replace(/s$/, '')} every document` };
}

function runCommandVerdict(method: string, argument: string): ScriptVerdict {
  const key = /^\{\s*['"]?([A-Za-z_$][\w$]*)/.exec(argument)?.[1] ?? (/^['"]([A-Za-z]+)['"]$/.exec(argument)?.[1]);
  if (!key) return { effect: 'unknown', reason: `${method}() runs a command Bulkhead cannot read` };
  if (key === 'dropDatabase' || key === 'drop') return { effect: 'destroy', reason: `${method}({${key}}) deletes ${key === 'drop' ? 'a collection' : 'the database'}` };
  if (runCommandReads.has(key)) return { effect: 'read', reason: `${method}({${key}}) only reads` };
  return { effect: 'write', reason: `${method}({${key}}) changes the database or server` };
}

const mongoValueFlags = [
  '--eval', '-f', '--file', '--host', '--port', '-u', '--username', '-p', '--password', '--authenticationDatabase',
  '--authenticationMechanism', '--tlsCAFile', '--tlsCertificateKeyFile', '--apiVersion', '--awsAccessKeyId', '--awsSecretAccessKey',
  '--keyVaultNamespace', '--kmsURL', '--retryWrites', '--sslCAFile', '--sslPEMKeyFile', '--gssapiServiceName', '--sspiHostnamecanonicalization',
  '--tlsCertificateKeyFilePassword', '--tlsCRLFile', '--browser', '--oidcFlows', '--oidcRedirectUri', '--jsContext',
];

const mongoAsksForHelp = (args: ParsedArgs): boolean => args.has('--help', '-h', '--version', '--build-info');

/** mongosh and the legacy mongo shell. */
export const mongoshPack = definePack({
  id: 'mongosh',
  programs: ['mongosh', 'mongo'],
  targetKinds: ['database', 'host', 'resource'],
  valueFlags: mongoValueFlags,
  prepare: withRuntimeArgs,
  asksForHelp: mongoAsksForHelp,
  // Help names no database: the address beside it is not acted on.
  targets: (args, inv) => (mongoAsksForHelp(args) ? [] : mongoTargets(inv, args.positionals, args.values('--host'))),
  rules: [],
  classify(args, inv) {
    let result: ScriptVerdict | undefined;
    for (const code of args.values('--eval')) {
      const v = classifyMongoScript(code);
      result = stricter(result, { effect: v.effect, reason: `runs --eval code: ${v.reason}` });
    }
    const scripts = [...args.values('-f', '--file'), ...args.positionals.filter((p) => /\.(js|mjs|cjs)$/.test(p))];
    for (const file of scripts) {
      const code = inv.fileText?.(file);
      const v = code === undefined ? undefined : classifyMongoScript(code);
      result = stricter(result, v ? { effect: v.effect, reason: `runs the script ${file}: ${v.reason}` } : { effect: 'unknown', reason: `runs the script ${file}, which Bulkhead cannot see` });
    }
    if (!result || (result.effect === 'read' && scripts.length === 0 && args.values('--eval').length === 0)) {
      const input = stdinText(inv);
      if (input && 'text' in input) {
        const v = classifyMongoScript(input.text);
        result = stricter(result, { effect: v.effect, reason: `runs code from its input: ${v.reason}` });
      } else if (input) {
        result = stricter(result, { effect: 'unknown', reason: `runs code that it ${input.opaque}` });
      }
    }
    if (!result) return read('interactive', 'opens an interactive MongoDB shell; what is typed there is checked by the terminal guard as it runs');
    return { rule: result.effect === 'unknown' ? 'opaque-script' : `script-${result.effect}`, effect: result.effect, reason: result.reason };
  },
});

/** `mongodb+srv://…/db`, `host:27017/db`, `db`: the first positional is an address, unless it is a script. */
function mongoTargets(inv: Invocation, positionals: readonly string[], hosts: readonly string[]): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const host of hosts) hints.push(...hostHints(host, '--host flag'));
  const address = positionals.find((p) => !/\.(js|mjs|cjs)$/.test(p));
  if (address) hints.push(...mongoAddress(address, 'connection argument'));
  if (!hints.some((h) => h.kind === 'host')) hints.push(...assumedHints(inv, { MONGODB_URI: 'url', MONGODB_URL: 'url', MONGO_URL: 'url' }));
  return hints;
}

export function mongoAddress(value: string, source: string): TargetHint[] {
  if (value.includes('://')) return connectionHints(value, source);
  const slash = value.indexOf('/');
  if (slash > 0) {
    const database = value.slice(slash + 1);
    return [
      ...hostHints(value.slice(0, slash), source),
      ...(database ? [{ kind: 'database', value: database, source }, { kind: 'resource', value: database, source }] : []),
    ];
  }
  if (/^[\w.-]+:\d+$/.test(value) || /\.[a-z]{2,}$/i.test(value)) return hostHints(value, source);
  return [{ kind: 'database', value, source }, { kind: 'resource', value, source }];
}

// ---------------------------------------------------------------------------------------------
// Redis

const redisDestroy: Readonly<Record<string, string>> = {
  FLUSHALL: 'FLUSHALL deletes every key in every database of the server',
  FLUSHDB: 'FLUSHDB deletes every key in the database',
  REPLICAOF: 'REPLICAOF makes the server a replica, discarding its own data',
  SLAVEOF: 'SLAVEOF makes the server a replica, discarding its own data',
};

const redisReads = new Set([
  'GET', 'MGET', 'GETRANGE', 'SUBSTR', 'STRLEN', 'EXISTS', 'TYPE', 'TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME', 'KEYS', 'SCAN', 'SSCAN',
  'HSCAN', 'ZSCAN', 'INFO', 'PING', 'ECHO', 'DBSIZE', 'HGET', 'HGETALL', 'HMGET', 'HKEYS', 'HVALS', 'HLEN', 'HEXISTS', 'HSTRLEN',
  'HRANDFIELD', 'LRANGE', 'LLEN', 'LINDEX', 'LPOS', 'SMEMBERS', 'SISMEMBER', 'SMISMEMBER', 'SCARD', 'SRANDMEMBER', 'SINTER', 'SINTERCARD',
  'SUNION', 'SDIFF', 'ZRANGE', 'ZRANGEBYSCORE', 'ZRANGEBYLEX', 'ZREVRANGE', 'ZREVRANGEBYSCORE', 'ZREVRANGEBYLEX', 'ZSCORE', 'ZMSCORE',
  'ZCARD', 'ZCOUNT', 'ZLEXCOUNT', 'ZRANK', 'ZREVRANK', 'ZRANDMEMBER', 'ZINTER', 'ZUNION', 'ZDIFF', 'XRANGE', 'XREVRANGE', 'XLEN', 'XREAD',
  'XINFO', 'XPENDING', 'MONITOR', 'SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'UNSUBSCRIBE', 'PUNSUBSCRIBE', 'RANDOMKEY', 'TIME', 'LASTSAVE',
  'ROLE', 'COMMAND', 'LATENCY', 'AUTH', 'HELLO', 'SELECT', 'QUIT', 'RESET', 'PFCOUNT', 'GEOPOS', 'GEODIST', 'GEOHASH', 'GEOSEARCH',
  'GEORADIUS_RO', 'GEORADIUSBYMEMBER_RO', 'BITCOUNT', 'BITPOS', 'GETBIT', 'DUMP', 'OBJECT', 'MEMORY', 'SLOWLOG', 'WAIT', 'WAITAOF',
  'READONLY', 'READWRITE', 'ASKING', 'SORT_RO', 'LCS', 'JSON.GET', 'JSON.MGET', 'JSON.TYPE', 'JSON.STRLEN', 'JSON.OBJKEYS', 'JSON.ARRLEN',
  'FT.SEARCH', 'FT.INFO', 'FT.AGGREGATE', 'FT._LIST', 'TS.GET', 'TS.RANGE', 'TS.MRANGE', 'TS.INFO', 'DISCARD', 'UNWATCH', 'WATCH', 'MULTI',
  'EXEC', 'HELP',
]);

/** Commands whose subcommand decides: `CONFIG GET` reads, `CONFIG SET` writes. */
const redisContainerReads: Readonly<Record<string, ReadonlySet<string>>> = {
  CONFIG: new Set(['GET', 'HELP']),
  CLIENT: new Set(['LIST', 'INFO', 'GETNAME', 'ID', 'GETREDIR', 'TRACKINGINFO', 'NO-EVICT', 'NO-TOUCH', 'SETNAME', 'SETINFO', 'REPLY', 'HELP']),
  CLUSTER: new Set(['INFO', 'NODES', 'SLOTS', 'SHARDS', 'MYID', 'MYSHARDID', 'KEYSLOT', 'COUNTKEYSINSLOT', 'GETKEYSINSLOT', 'REPLICAS', 'SLAVES', 'LINKS', 'COUNT-FAILURE-REPORTS', 'HELP']),
  ACL: new Set(['LIST', 'USERS', 'WHOAMI', 'GETUSER', 'CAT', 'LOG', 'GENPASS', 'DRYRUN', 'HELP']),
  FUNCTION: new Set(['LIST', 'DUMP', 'STATS', 'HELP']),
  SCRIPT: new Set(['EXISTS', 'HELP']),
  MODULE: new Set(['LIST', 'HELP']),
  PUBSUB: new Set(['CHANNELS', 'NUMSUB', 'NUMPAT', 'SHARDCHANNELS', 'SHARDNUMSUB', 'HELP']),
  XINFO: new Set(['STREAM', 'GROUPS', 'CONSUMERS', 'HELP']),
  DEBUG: new Set(['OBJECT', 'HELP']),
};

/** Classifies one Redis command given as words: `['FLUSHALL']`, `['SET', 'k', 'v']`. */
export function classifyRedisCommand(words: readonly string[]): ScriptVerdict {
  const name = (words[0] ?? '').toUpperCase();
  const sub = (words[1] ?? '').toUpperCase();
  if (!name) return { effect: 'read', reason: 'runs no command' };
  if (words[0].includes(runtimeText)) return { effect: 'unknown', reason: 'runs a command that is only known at run time' };
  if (name in redisDestroy) {
    if ((name === 'REPLICAOF' || name === 'SLAVEOF') && sub === 'NO') return { effect: 'write', reason: `${name} NO ONE promotes a replica to primary` };
    return { effect: 'destroy', reason: redisDestroy[name] };
  }
  if (name === 'FUNCTION' && sub === 'FLUSH') return { effect: 'destroy', reason: 'FUNCTION FLUSH deletes every stored function' };
  if (name === 'CLUSTER' && sub === 'RESET' && (words[2] ?? '').toUpperCase() === 'HARD') return { effect: 'destroy', reason: 'CLUSTER RESET HARD wipes the node\'s cluster identity' };
  if (name === 'SHUTDOWN' && words.slice(1).some((w) => w.toUpperCase() === 'NOSAVE')) {
    return { effect: 'destroy', reason: 'SHUTDOWN NOSAVE stops the server and throws away data not yet saved' };
  }
  if (name === 'EVAL' || name === 'EVAL_RO') return classifyLua(words[1] ?? '');
  if (name === 'EVALSHA' || name === 'EVALSHA_RO' || name === 'FCALL' || name === 'FCALL_RO') {
    return name.endsWith('_RO')
      ? { effect: 'read', reason: `${name} runs a read-only script` }
      : { effect: 'unknown', reason: `${name} runs a stored script Bulkhead cannot see` };
  }
  if ((name === 'SORT' || name === 'GEORADIUS' || name === 'GEORADIUSBYMEMBER') && !words.some((w) => /^STORE(DIST)?$/i.test(w))) {
    return { effect: 'read', reason: `${name} only reads` };
  }
  const container = redisContainerReads[name];
  if (container) {
    return container.has(sub)
      ? { effect: 'read', reason: `${name} ${sub} only reads` }
      : { effect: 'write', reason: `${name} ${sub} changes server state` };
  }
  if (redisReads.has(name)) return { effect: 'read', reason: `${name} only reads` };
  return { effect: 'write', reason: `${name} changes data or server state` };
}

/** EVAL: the Lua script's `redis.call('CMD', …)` calls are what it does. */
function classifyLua(script: string): ScriptVerdict {
  let result: ScriptVerdict | undefined;
  for (const m of script.matchAll(/redis\.p?call\s*\(\s*(['"])([\w.]+)\1/g)) {
    const v = classifyRedisCommand([m[2]]);
    result = stricter(result, { effect: v.effect, reason: `EVAL runs a script that calls ${v.reason}` });
  }
  if (/redis\.p?call\s*\(\s*[^'"\s]/.test(script)) {
    result = stricter(result, { effect: 'unknown', reason: 'EVAL runs a script that calls commands computed at run time' });
  }
  return result ?? { effect: 'read', reason: 'EVAL runs a script that calls no Redis command' };
}

/** Splits one line of redis-cli input into words, honouring quotes. */
function redisWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

const redisValueFlags = [
  '-h', '-p', '-s', '-a', '--user', '--pass', '--askpass', '-u', '-r', '-i', '-n', '-d', '-D', '-t', '--cacert', '--cacertdir',
  '--cert', '--key', '--sni', '--tls-ciphers', '--tls-ciphersuites', '--eval', '--pattern', '--count', '--quoted-pattern', '--rdb',
  '--functions-rdb', '--pipe-timeout', '--cluster', '--lru-test', '--intrinsic-latency', '--memkeys-samples', '--replica',
];

const redisReadModes = ['--scan', '--bigkeys', '--memkeys', '--hotkeys', '--stat', '--latency', '--latency-history', '--latency-dist',
  '--lru-test', '--intrinsic-latency', '--rdb', '--functions-rdb', '--replica', '--slave', '--keystats', '--version', '-v', '--help'];

const clusterReads = new Set(['check', 'info', 'help', 'backup']);

/** Help or the version, and nothing else asked: with a command, `--cluster` or `--eval` they are options of those. */
const redisAsksForHelp = (args: ParsedArgs): boolean =>
  args.positionals.length === 0 && args.rest.length === 0 && !args.has('--cluster', '--eval') && args.has('--help', '--version', '-v');

/** redis-cli, valkey-cli, keydb-cli. */
export const redisCliPack = definePack({
  id: 'redis-cli',
  programs: ['redis-cli', 'valkey-cli', 'keydb-cli'],
  targetKinds: ['database', 'host', 'resource'],
  valueFlags: redisValueFlags,
  getopt: {},
  prepare: withRuntimeArgs,
  asksForHelp: redisAsksForHelp,
  targets(args, inv) {
    if (redisAsksForHelp(args)) return [];
    const targets = redisTargets(args.values('-h'), args.values('-u'), args.values('-s'));
    return targets.length > 0 ? targets : assumedHints(inv, { REDIS_URL: 'url', REDIS_TLS_URL: 'url' });
  },
  rules: [],
  classify(args, inv) {
    const command = [...args.positionals, ...args.rest];
    const cluster = args.value('--cluster');
    if (cluster !== undefined) {
      // `--cluster call host:port CMD`, `--cluster create host:port …`: the nodes are operands.
      const targets: TargetHint[] = [];
      for (const node of command.slice(0, cluster === 'call' ? 1 : undefined)) {
        const host = /^(\[[^\]]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):\d+$/.exec(node)?.[1];
        if (host) targets.push({ kind: 'host', value: host.replace(/^\[|\]$/g, '').toLowerCase(), source: '--cluster node' });
      }
      if (cluster === 'call') {
        const v = classifyRedisCommand(command.slice(1));
        return { rule: `cluster-call-${v.effect}`, effect: v.effect, reason: `runs on every node: ${v.reason}`, targets };
      }
      if (clusterReads.has(cluster)) return { ...read('cluster-read', `--cluster ${cluster} only reads cluster state`), targets };
      return { ...write('cluster-write', `--cluster ${cluster} changes the cluster layout`), targets };
    }
    if (args.has('--eval')) return { rule: 'opaque-script', effect: 'unknown', reason: `runs the Lua script ${args.value('--eval')}, which Bulkhead cannot see` };
    if (command.length > 0) {
      const name = command[0].toUpperCase();
      // `redis-cli --scan … | xargs redis-cli del`: the keys come from the input, as many as it lists.
      if ((name === 'DEL' || name === 'UNLINK') && inv.via.includes('xargs')) {
        return destroy('command-destroy', `${name} deletes every key its input lists, however many that is`);
      }
      const v = classifyRedisCommand(command);
      return { rule: `command-${v.effect}`, effect: v.effect, reason: v.reason };
    }
    if (args.has(...redisReadModes)) return read('read-mode', 'only scans or reports on the keyspace');
    const input = stdinText(inv);
    if (input && 'text' in input) {
      let result: ScriptVerdict | undefined;
      for (const line of input.text.split('\n')) {
        const words = redisWords(line.trim());
        if (words.length > 0) result = stricter(result, classifyRedisCommand(words));
      }
      const v = result ?? { effect: 'read' as const, reason: 'runs no command' };
      return { rule: `input-${v.effect}`, effect: v.effect, reason: `runs commands from its input: ${v.reason}` };
    }
    if (input) return { rule: 'opaque-input', effect: 'unknown', reason: `runs Redis commands that it ${input.opaque}` };
    return read('interactive', 'opens an interactive Redis shell; what is typed there is checked by the terminal guard as it runs');
  },
});

function redisTargets(hosts: readonly string[], urls: readonly string[], sockets: readonly string[]): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const host of hosts) hints.push(...hostHints(host, '-h flag'));
  for (const url of urls) hints.push(...connectionHints(url, '-u flag'));
  if (sockets.some(Boolean)) hints.push({ kind: 'host', value: 'localhost', source: '-s flag (a local socket)' });
  return hints;
}

export const nosqlClientPacks: readonly Pack[] = [mongoshPack, redisCliPack];
