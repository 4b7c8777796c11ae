import { type Effect, effectSeverity, type Invocation, type Scope, type TargetHint } from '../model';
import { classifySql, type SqlClassification, sqlDatabases } from '../sql/classify';
import { verbInName } from '../words/verbs';
import type { ParsedArgs } from './args';
import {
  connectionHints, databaseHints, hostHints, objectStoresOf, onlyRuntime, stdinText, type VariableMeaning, variableHints, withRuntimeArgs,
} from './databaseTargets';
import { definePack, type Pack, type PackSpec } from './pack';
import { local, read, type Verdict, write } from './verdict';

/**
 * Interactive SQL clients: psql, mysql/mariadb, sqlite3, duckdb, clickhouse-client, cockroach
 * sql, sqlcmd, usql. What they do is the SQL they are given (`-c`, `-e`, `--query`, positional
 * SQL, a heredoc), so the effect comes from the SQL classifier; where the SQL is in a file or
 * piped from another program, Bulkhead cannot see it and says so.
 */

interface ClientSpec {
  readonly id: string;
  readonly programs: readonly string[];
  readonly scope?: Scope;
  readonly valueFlags: readonly string[];
  /** Flags whose value is SQL to run. */
  readonly sqlFlags: readonly string[];
  /** Flags whose value names a script file (`-` is standard input). */
  readonly fileFlags?: readonly string[];
  readonly hostFlags?: readonly string[];
  readonly databaseFlags?: readonly string[];
  readonly urlFlags?: readonly string[];
  /** Flags that only print help or the version. */
  readonly infoFlags?: readonly string[];
  /** Flags that only list what is on the server (`psql -l`). */
  readonly listFlags?: readonly string[];
  /** Flags that open the database read-only, so nothing the SQL says can change it. */
  readonly readOnlyFlags?: readonly string[];
  readonly variables?: Readonly<Record<string, VariableMeaning>>;
  /**
   * Variables the client does not read itself but that usually hold the database it is meant
   * for (`psql` with `$DATABASE_URL` set): used only when nothing else names a host.
   */
  readonly fallbackVariables?: Readonly<Record<string, VariableMeaning>>;
  /** Positional arguments: which name the database and which are SQL. */
  readonly positionals?: (positionals: readonly string[]) => { readonly targets: TargetHint[]; readonly sql: readonly string[] };
  /** Where a subcommand selects the client (`cockroach sql`, `clickhouse client`): how many positionals to skip. */
  readonly skip?: number;
  /** Single-dash long options (`-cmd`, `-readonly`): do not read `-abc` as `-a -b -c`. */
  readonly singleDashLong?: boolean;
  /** Flags whose value can only be attached (`mysql -pSECRET`): the rest of the word is theirs. */
  readonly attachedOnly?: readonly string[];
}

interface Piece {
  readonly effect: Effect;
  readonly reason: string;
}

function strictest(pieces: readonly Piece[]): Piece | undefined {
  let top: Piece | undefined;
  for (const p of pieces) if (!top || effectSeverity[p.effect] > effectSeverity[top.effect]) top = p;
  return top;
}

const fromSql = (result: SqlClassification, where: string): Piece => ({
  effect: result.effect,
  reason: result.statements === 0 ? `runs no SQL ${where}` : `runs SQL ${where}: ${result.reason}`,
});

/**
 * The pack spec of a SQL client: getopt options (unless it has single-dash long ones), the words
 * only known at run time marked, help and version flags, and the targets its flags, operands and
 * variables name. The hook reads the SQL.
 */
export function sqlClient(spec: ClientSpec): PackSpec {
  const valueFlags = [
    ...spec.valueFlags, ...spec.sqlFlags, ...(spec.fileFlags ?? []), ...(spec.hostFlags ?? []), ...(spec.databaseFlags ?? []),
    ...(spec.urlFlags ?? []),
  ];
  const asksForHelp = (args: ParsedArgs): boolean => clientAsksForHelp(spec, args);
  return {
    id: spec.id,
    programs: spec.programs,
    targetKinds: clientTargetKinds,
    scope: spec.scope,
    valueFlags,
    ...(spec.singleDashLong ? {} : { getopt: { attachedOnly: spec.attachedOnly ?? [] } }),
    prepare: withRuntimeArgs,
    asksForHelp,
    targets: (args, inv) => clientTargets(spec, inv, args),
    rules: [],
    classify: (args, inv) => clientVerdict(spec, inv, args),
  };
}

const clientTargetKinds = ['database', 'host', 'resource', 'stage'];

const clientAsksForHelp = (spec: ClientSpec, args: ParsedArgs): boolean => args.has('--help', '-?', ...(spec.infoFlags ?? []));

/** What the SQL a client is given does; the databases the SQL names are the verdict's own targets. */
function clientVerdict(spec: ClientSpec, inv: Invocation, args: ParsedArgs): Verdict {
  if (args.has(...(spec.listFlags ?? []))) return read('list', 'only lists what is on the server');
  const pieces: Piece[] = [];
  const texts: string[] = [];
  const run = (sql: string, where: string): void => {
    texts.push(sql);
    pieces.push(onlyRuntime(sql)
      ? { effect: 'unknown', reason: `runs SQL ${where} that is only known at run time` }
      : fromSql(classifySql(sql), where));
  };
  // Several -c / -e / positional pieces run in one session, in order: classify them together so
  // that `-c 'BEGIN' -c '…' -c 'ROLLBACK'` and `-c 'SELECT …' -c '\gexec'` read as they run.
  const given: { sql: string; where: string }[] = [];
  for (const flag of spec.sqlFlags) {
    for (const sql of args.values(flag)) if (sql) given.push({ sql, where: `given with ${flag}` });
  }
  for (const sql of positionalsOf(spec, args).sql) given.push({ sql, where: 'given as an argument' });
  if (given.length === 1) run(given[0].sql, given[0].where);
  else if (given.length > 1) run(given.map((g) => g.sql).join('\n;\n'), 'given on the command line');
  const files = args.values(...(spec.fileFlags ?? []));
  let readsStdin = pieces.length === 0 && files.length === 0;
  for (const file of files) {
    if (file === '-' || file === '/dev/stdin') {
      readsStdin = true;
      continue;
    }
    const text = file ? inv.fileText?.(file) : undefined;
    if (text !== undefined) {
      run(text, `from the file ${file}`);
      continue;
    }
    pieces.push(unseenFile(file, `runs SQL from the file ${file || '(unnamed)'}, which Bulkhead cannot see`));
  }
  if (readsStdin) {
    const input = stdinText(inv);
    if (input && 'text' in input) run(input.text, 'from its input');
    else if (input?.dump) pieces.push(input.dump);
    else if (input) {
      const reason = `runs SQL that it ${input.opaque}`;
      pieces.push(inv.stdin?.kind === 'file' && inv.stdin.from ? unseenFile(inv.stdin.from, reason) : { effect: 'unknown', reason });
    }
  }
  // `USE acme_prod`, `\c acme_prod`, `DROP DATABASE acme_prod`: the SQL names its database too.
  const stores = texts.flatMap(objectStoresOf);
  const targets = [...texts.flatMap((text) => sqlDatabases(text).flatMap((name) => databaseHints(name, 'named in the SQL'))), ...stores];
  // An embedded database reaches infrastructure when its SQL reads or writes an object store.
  const scope: { scope?: Scope } = stores.length ? { scope: 'infra' } : {};
  const top = strictest(pieces);
  if (!top) {
    return { ...read('interactive', `opens an interactive ${spec.id} session; what is typed there is checked by the terminal guard as it runs`), targets };
  }
  if (args.has(...(spec.readOnlyFlags ?? [])) && top.effect !== 'unknown') {
    return { ...read('read-only', 'opens the database read-only, so the SQL cannot change it'), targets };
  }
  return { rule: top.effect === 'unknown' ? 'opaque-sql' : `sql-${top.effect}`, effect: top.effect, reason: top.reason, targets, ...scope };
}

/** A file of a migrations folder, or named after one: schema changes applied in order. */
const migrationFile = /(?:^|[/_.-])migrat(?:e|es|ion|ions)(?:[/_.-]|$)/i;

/** A name can only make an unseen file worse: `0042_drop_legacy.sql` destroys, a migration or `seed.sql` changes, any other may hold anything. */
function unseenFile(file: string, reason: string): Piece {
  const named = verbInName(file);
  if (named?.effect === 'destroy') return { effect: 'destroy', reason: `${reason}; its name says \`${named.verb}\`` };
  // A migration changes the schema; one that drops says so in its name, as above.
  if (migrationFile.test(file)) return { effect: 'write', reason: `${reason}; it is a migration` };
  if (named?.effect === 'write') return { effect: 'write', reason: `${reason}; its name says \`${named.verb}\`` };
  return { effect: 'unknown', reason };
}

function positionalsOf(spec: ClientSpec, args: ParsedArgs): { readonly targets: TargetHint[]; readonly sql: readonly string[] } {
  return spec.positionals?.(args.positionals.slice(spec.skip ?? 0)) ?? { targets: [], sql: [] };
}

function clientTargets(spec: ClientSpec, inv: Invocation, args: ParsedArgs): TargetHint[] {
  // Help names no database: the flags beside it are not acted on.
  if (clientAsksForHelp(spec, args)) return [];
  const positional = positionalsOf(spec, args).targets;
  const hints: TargetHint[] = [...positional];
  const named = new Set<VariableMeaning>();
  for (const flag of spec.hostFlags ?? []) {
    for (const value of args.values(flag)) {
      hints.push(...hostHints(value, `${flag} flag`));
      if (value) named.add('host');
    }
  }
  for (const flag of spec.databaseFlags ?? []) {
    for (const value of args.values(flag)) {
      const found = databaseHints(value, `${flag} flag`);
      hints.push(...found);
      if (value) named.add('database');
      if (found.some((h) => h.kind === 'host')) named.add('host');
    }
  }
  for (const flag of spec.urlFlags ?? []) {
    for (const value of args.values(flag)) {
      hints.push(...connectionHints(value, `${flag} flag`));
      if (value) named.add('host').add('url').add('database');
    }
  }
  if (positional.some((h) => h.kind === 'host')) named.add('host').add('url');
  if (positional.some((h) => h.kind === 'database')) named.add('database');
  hints.push(...variableHints(inv, spec.variables ?? {}, named));
  if (!hints.some((h) => h.kind === 'host')) hints.push(...assumedHints(inv, spec.fallbackVariables));
  return hints;
}

/** Hints from variables a tool does not read itself, marked as an assumption in the evidence. */
export function assumedHints(inv: Invocation, variables: Readonly<Record<string, VariableMeaning>> | undefined): TargetHint[] {
  if (!variables) return [];
  return variableHints(inv, variables).map((h) => ({ ...h, source: `${h.source} (assumed: the command names no host)` }));
}

/** psql and friends: the first positional is a database name, a URI or a conninfo string. */
function databasePositional(index: number, source: string) {
  return (positionals: readonly string[]) => ({
    targets: positionals[index] ? databaseHints(positionals[index], source) : [],
    sql: [] as string[],
  });
}

const pgVariables: Readonly<Record<string, VariableMeaning>> = {
  PGHOST: 'host', PGHOSTADDR: 'host', PGDATABASE: 'database', PGSERVICE: 'settings',
};

export const psqlPack = definePack(sqlClient({
  id: 'psql',
  programs: ['psql'],
  valueFlags: ['-U', '--username', '-p', '--port', '-v', '--set', '--variable', '-o', '--output', '-L', '--log-file', '-P', '--pset',
    '-F', '--field-separator', '-R', '--record-separator', '-T', '--table-attr'],
  sqlFlags: ['-c', '--command'],
  fileFlags: ['-f', '--file'],
  hostFlags: ['-h', '--host'],
  databaseFlags: ['-d', '--dbname'],
  infoFlags: ['-V', '--version'],
  listFlags: ['-l', '--list'],
  variables: pgVariables,
  fallbackVariables: { DATABASE_URL: 'url' },
  positionals: databasePositional(0, 'database argument'),
}));

const mysqlValueFlags = ['-u', '--user', '-P', '--port', '-S', '--socket', '--protocol', '--login-path', '--defaults-file',
  '--defaults-extra-file', '--default-character-set', '--ssl-ca', '--ssl-cert', '--ssl-key', '--ssl-mode', '--connect-timeout',
  '--max-allowed-packet', '--net-buffer-length', '--pager', '--prompt', '--tee', '--delimiter', '--plugin-dir', '--default-auth',
  '--tls-version', '--character-sets-dir', '--bind-address'];

export const mysqlPack = definePack(sqlClient({
  id: 'mysql',
  programs: ['mysql', 'mariadb'],
  valueFlags: mysqlValueFlags,
  sqlFlags: ['-e', '--execute', '--init-command'],
  hostFlags: ['-h', '--host'],
  databaseFlags: ['-D', '--database'],
  infoFlags: ['-V', '--version'],
  variables: { MYSQL_HOST: 'host' },
  fallbackVariables: { DATABASE_URL: 'url' },
  attachedOnly: ['-p'],
  positionals: databasePositional(0, 'database argument'),
}));

export const sqlitePack = definePack(sqlClient({
  id: 'sqlite3',
  programs: ['sqlite3', 'sqlite'],
  scope: 'local',
  valueFlags: ['-separator', '-newline', '-nullvalue', '-vfs', '-mmap', '-maxsize', '-A', '-lookaside', '-pagecache', '-heap',
    '-escape'],
  sqlFlags: ['-cmd'],
  fileFlags: ['-init'],
  infoFlags: ['-version', '--version', '-help'],
  readOnlyFlags: ['-readonly', '--readonly'],
  singleDashLong: true,
  // sqlite3 FILE [SQL…]: the file is the database; each later argument is SQL or a dot-command.
  positionals: (positionals) => ({ targets: [], sql: positionals.slice(1) }),
}));

export const duckdbPack = definePack(sqlClient({
  id: 'duckdb',
  programs: ['duckdb'],
  scope: 'local',
  valueFlags: ['-separator', '-newline', '-nullvalue', '-unsigned'],
  sqlFlags: ['-c', '-s', '-cmd'],
  fileFlags: ['-f', '-init'],
  infoFlags: ['-version', '--version', '-help'],
  readOnlyFlags: ['-readonly'],
  singleDashLong: true,
  positionals: (positionals) => ({ targets: [], sql: positionals.slice(1) }),
}));

const clickhouseClient: Omit<ClientSpec, 'id' | 'programs'> = {
  valueFlags: ['--port', '-u', '--user', '--password', '--config-file', '-C', '--config', '--format', '-f', '--param', '--max_threads',
    '--connection', '--receive_timeout', '--send_timeout', '--history_file'],
  sqlFlags: ['-q', '--query'],
  fileFlags: ['--queries-file'],
  hostFlags: ['-h', '--host'],
  databaseFlags: ['-d', '--database'],
  infoFlags: ['-V', '--version'],
  variables: { CLICKHOUSE_HOST: 'host' },
  // The queries can follow --multiquery (-n) without --query, and newer clients take one as an operand.
  positionals: (positionals) => ({ targets: [], sql: positionals }),
};

export const clickhouseClientPack = definePack(sqlClient({ ...clickhouseClient, id: 'clickhouse-client', programs: ['clickhouse-client'] }));

const clickhouseSubclient: ClientSpec = { ...clickhouseClient, id: 'clickhouse', programs: ['clickhouse'], skip: 1 };
const clickhouseSubcommand = (inv: Invocation): string | undefined => inv.args.find((a) => !a.startsWith('-'));
const runsClickhouseSql = (sub: string | undefined): boolean => sub === 'client' || sub === 'local';

/** `clickhouse client …` is the client; `clickhouse local` runs SQL on local files; the rest runs or installs a server here. */
export const clickhousePack = definePack({
  ...sqlClient(clickhouseSubclient),
  asksForHelp: (args, inv) => runsClickhouseSql(clickhouseSubcommand(inv)) && clientAsksForHelp(clickhouseSubclient, args),
  targets: (args, inv) => (runsClickhouseSql(clickhouseSubcommand(inv)) ? clientTargets(clickhouseSubclient, inv, args) : []),
  classify(args, inv) {
    const sub = clickhouseSubcommand(inv);
    if (sub === 'client') return clientVerdict(clickhouseSubclient, inv, args);
    if (sub === 'local') return { ...clientVerdict(clickhouseSubclient, inv, args), scope: 'local' };
    if (inv.args.includes('--help') || inv.args.includes('--version') || sub === undefined) {
      return local('info', 'read', 'only prints clickhouse help or version');
    }
    return local('local', 'write', `runs clickhouse ${sub} on this machine`);
  },
});

const cockroachSql: ClientSpec = {
  id: 'cockroach',
  programs: ['cockroach'],
  skip: 1,
  valueFlags: ['-u', '--user', '--certs-dir', '--port', '--format', '--set', '--watch', '--echo-sql'],
  sqlFlags: ['-e', '--execute'],
  fileFlags: ['-f', '--file'],
  hostFlags: ['--host'],
  databaseFlags: ['-d', '--database'],
  urlFlags: ['--url'],
  variables: { COCKROACH_URL: 'url', COCKROACH_HOST: 'host', COCKROACH_DATABASE: 'database' },
};

const cockroachReads = new Set(['version', 'debug', 'gen', 'statement-diag', 'help']);
const cockroachLocal = new Set(['start', 'start-single-node', 'demo', 'cert', 'mt', 'convert-url', 'userfile', 'workload']);

/** `cockroach sql` is a SQL client; `cockroach node decommission` changes the cluster. */
export const cockroachPack = definePack({
  ...sqlClient(cockroachSql),
  asksForHelp: (args) => args.positionals[0] === 'sql' && clientAsksForHelp(cockroachSql, args),
  targets: (args, inv) => (args.positionals[0] === 'sql' ? clientTargets(cockroachSql, inv, args) : cockroachTargets(args, inv)),
  classify(args, inv) {
    const [sub, verb] = args.positionals;
    if (sub === 'sql') return clientVerdict(cockroachSql, inv, args);
    if (sub === undefined || args.has('--help') || cockroachReads.has(sub)) return read('read', 'only reads or prints cluster information');
    if (sub === 'node' && (verb === 'ls' || verb === 'status')) return read('node-read', 'reads node status');
    if (sub === 'node' && verb === 'decommission') return write('decommission', 'decommissions a node, moving its data away');
    if (sub === 'node') return write('node', `changes node state (node ${verb ?? ''})`);
    if (cockroachLocal.has(sub)) return local('local', 'write', `runs cockroach ${sub} on this machine`);
    return write('unrecognised', `runs cockroach ${sub}, which Bulkhead does not know, so it is treated as a change`);
  },
});

function cockroachTargets(args: ParsedArgs, inv: Invocation): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const v of args.values('--host')) hints.push(...hostHints(v, '--host flag'));
  for (const v of args.values('--url')) hints.push(...connectionHints(v, '--url flag'));
  if (hints.length === 0) hints.push(...variableHints(inv, { COCKROACH_URL: 'url', COCKROACH_HOST: 'host' }));
  return hints;
}

export const sqlcmdPack = definePack(sqlClient({
  id: 'sqlcmd',
  programs: ['sqlcmd'],
  // sqlcmd: -h is the header count, not help; -? is help.
  valueFlags: ['-U', '-P', '-o', '-v', '-H', '-l', '-t', '-h', '-s', '-w', '-a', '-f', '-A', '-G', '-r', '-x', '-y', '-Y', '-z', '-Z',
    '--user-name', '--password', '--output-file'],
  sqlFlags: ['-Q', '-q', '--query', '--initial-query'],
  fileFlags: ['-i', '--input-file'],
  hostFlags: ['-S', '--server'],
  databaseFlags: ['-d', '--database-name'],
  infoFlags: ['--version'],
  variables: { SQLCMDSERVER: 'host', SQLCMDDBNAME: 'database' },
  // go-sqlcmd: `sqlcmd query "SELECT 1"`.
  positionals: (positionals) => ({ targets: [], sql: positionals[0] === 'query' ? positionals.slice(1) : [] }),
}));

export const usqlPack = definePack(sqlClient({
  id: 'usql',
  programs: ['usql'],
  valueFlags: ['-o', '--out', '-v', '--set', '-P', '--pset', '-U', '--username', '--config'],
  sqlFlags: ['-c', '--command'],
  fileFlags: ['-f', '--file'],
  infoFlags: ['-V', '--version'],
  positionals: (positionals) => ({
    targets: positionals[0] ? databaseHints(positionals[0], 'connection argument') : [],
    sql: [],
  }),
}));

export const sqlClientPacks: readonly Pack[] = [
  psqlPack, mysqlPack, sqlitePack, duckdbPack, clickhouseClientPack, clickhousePack, cockroachPack, sqlcmdPack, usqlPack,
];
