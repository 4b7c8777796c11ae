import { type Effect, effectSeverity, type Finding, type Invocation, type Scope, type TargetHint } from '../model';
import { classifySql, type SqlClassification, sqlDatabases } from '../sql/classify';
import { parseArgs, type ParsedArgs, splitShortBundles } from './args';
import {
  connectionHints, databaseHints, hostHints, onlyRuntime, stdinText, type VariableMeaning, variableHints, withRuntimeArgs,
} from './databaseTargets';
import { finding, type Pack } from './pack';

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

export function defineSqlClient(spec: ClientSpec): Pack {
  const valueFlags = new Set([
    ...spec.valueFlags, ...spec.sqlFlags, ...(spec.fileFlags ?? []), ...(spec.hostFlags ?? []), ...(spec.databaseFlags ?? []),
    ...(spec.urlFlags ?? []),
  ]);
  const scope = spec.scope ?? 'infra';
  return {
    id: spec.id,
    programs: spec.programs, targetKinds: ['database', 'host', 'resource', 'stage'],
    classify(original) {
      const inv = withRuntimeArgs(original);
      const words = spec.singleDashLong ? inv.args : splitShortBundles(inv.args, valueFlags, spec.attachedOnly ?? []);
      const args = parseArgs(words, valueFlags);
      return classifyClient(spec, inv, args, scope);
    },
  };
}

function classifyClient(spec: ClientSpec, inv: Invocation, args: ParsedArgs, scope: Scope): Finding {
  const positionals = args.positionals.slice(spec.skip ?? 0);
  const fromPositionals = spec.positionals?.(positionals) ?? { targets: [], sql: [] };
  const targets = clientTargets(spec, inv, args, fromPositionals.targets);
  const extra = { scope, targets };
  if (args.has('--help', '-?', ...(spec.infoFlags ?? []))) {
    return finding(spec.id, 'help', 'read', `only prints ${spec.id} help or version`, { scope: 'local' });
  }
  if (args.has(...(spec.listFlags ?? []))) return finding(spec.id, 'list', 'read', 'only lists what is on the server', extra);
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
  for (const sql of fromPositionals.sql) given.push({ sql, where: 'given as an argument' });
  if (given.length === 1) run(given[0].sql, given[0].where);
  else if (given.length > 1) run(given.map((g) => g.sql).join('\n;\n'), 'given on the command line');
  const files = args.values(...(spec.fileFlags ?? []));
  let readsStdin = pieces.length === 0 && files.length === 0;
  for (const file of files) {
    if (file === '-' || file === '/dev/stdin') {
      readsStdin = true;
      continue;
    }
    pieces.push({ effect: 'unknown', reason: `runs SQL from the file ${file || '(unnamed)'}, which Bulkhead cannot see` });
  }
  if (readsStdin) {
    const input = stdinText(inv);
    if (input && 'text' in input) run(input.text, 'from its input');
    else if (input) pieces.push({ effect: 'unknown', reason: `runs SQL that it ${input.opaque}` });
  }
  // `USE acme_prod`, `\c acme_prod`, `DROP DATABASE acme_prod`: the SQL names its database too.
  for (const text of texts) {
    for (const name of sqlDatabases(text)) targets.push(...databaseHints(name, 'named in the SQL'));
  }
  const top = strictest(pieces);
  if (!top) {
    return finding(spec.id, 'interactive', 'read',
      `opens an interactive ${spec.id} session; what is typed there is checked by the terminal guard as it runs`, extra);
  }
  if (args.has(...(spec.readOnlyFlags ?? [])) && top.effect !== 'unknown') {
    return finding(spec.id, 'read-only', 'read', 'opens the database read-only, so the SQL cannot change it', extra);
  }
  const rule = top.effect === 'unknown' ? 'opaque-sql' : `sql-${top.effect}`;
  return finding(spec.id, rule, top.effect, top.reason, extra);
}

function clientTargets(spec: ClientSpec, inv: Invocation, args: ParsedArgs, positional: readonly TargetHint[]): TargetHint[] {
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

export const psqlPack = defineSqlClient({
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
});

const mysqlValueFlags = ['-u', '--user', '-P', '--port', '-S', '--socket', '--protocol', '--login-path', '--defaults-file',
  '--defaults-extra-file', '--default-character-set', '--ssl-ca', '--ssl-cert', '--ssl-key', '--ssl-mode', '--connect-timeout',
  '--max-allowed-packet', '--net-buffer-length', '--pager', '--prompt', '--tee', '--delimiter', '--plugin-dir', '--default-auth',
  '--tls-version', '--character-sets-dir', '--bind-address'];

export const mysqlPack = defineSqlClient({
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
});

export const sqlitePack = defineSqlClient({
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
});

export const duckdbPack = defineSqlClient({
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
});

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

export const clickhouseClientPack = defineSqlClient({ ...clickhouseClient, id: 'clickhouse-client', programs: ['clickhouse-client'] });

const clickhouseSubclient = defineSqlClient({ ...clickhouseClient, id: 'clickhouse', programs: [], skip: 1 });
const clickhouseLocal = defineSqlClient({ ...clickhouseClient, id: 'clickhouse', programs: [], skip: 1, scope: 'local' });

/** `clickhouse client …` is the client; `clickhouse local` runs SQL on local files; the rest runs or installs a server here. */
export const clickhousePack: Pack = {
  id: 'clickhouse',
  programs: ['clickhouse'], targetKinds: ['database', 'host', 'resource', 'stage'],
  classify(inv) {
    const sub = inv.args.find((a) => !a.startsWith('-'));
    if (sub === 'client') return clickhouseSubclient.classify(inv);
    if (sub === 'local') return clickhouseLocal.classify(inv);
    if (inv.args.includes('--help') || inv.args.includes('--version') || sub === undefined) {
      return finding('clickhouse', 'info', 'read', 'only prints clickhouse help or version', { scope: 'local' });
    }
    return finding('clickhouse', 'local', 'write', `runs clickhouse ${sub} on this machine`, { scope: 'local' });
  },
};

const cockroachSql = defineSqlClient({
  id: 'cockroach',
  programs: [],
  skip: 1,
  valueFlags: ['-u', '--user', '--certs-dir', '--port', '--format', '--set', '--watch', '--echo-sql'],
  sqlFlags: ['-e', '--execute'],
  fileFlags: ['-f', '--file'],
  hostFlags: ['--host'],
  databaseFlags: ['-d', '--database'],
  urlFlags: ['--url'],
  variables: { COCKROACH_URL: 'url', COCKROACH_HOST: 'host', COCKROACH_DATABASE: 'database' },
});

const cockroachReads = new Set(['version', 'debug', 'gen', 'statement-diag', 'help']);
const cockroachLocal = new Set(['start', 'start-single-node', 'demo', 'cert', 'mt', 'convert-url', 'userfile', 'workload']);

/** `cockroach sql` is a SQL client; `cockroach node decommission` changes the cluster. */
export const cockroachPack: Pack = {
  id: 'cockroach',
  programs: ['cockroach'], targetKinds: ['database', 'host', 'resource', 'stage'],
  classify(inv) {
    const args = parseArgs(inv.args, new Set(['--host', '--url', '--certs-dir', '--port', '-d', '--database', '-e', '--execute']));
    const [sub, verb] = args.positionals;
    const extra = { targets: cockroachTargets(args, inv) };
    if (sub === 'sql') return cockroachSql.classify(inv);
    if (sub === undefined || args.has('--help') || cockroachReads.has(sub)) {
      return finding('cockroach', 'read', 'read', 'only reads or prints cluster information', extra);
    }
    if (sub === 'node' && (verb === 'ls' || verb === 'status')) return finding('cockroach', 'node-read', 'read', 'reads node status', extra);
    if (sub === 'node' && verb === 'decommission') return finding('cockroach', 'decommission', 'write', 'decommissions a node, moving its data away', extra);
    if (sub === 'node') return finding('cockroach', 'node', 'write', `changes node state (node ${verb ?? ''})`, extra);
    if (cockroachLocal.has(sub)) return finding('cockroach', 'local', 'write', `runs cockroach ${sub} on this machine`, { ...extra, scope: 'local' });
    return finding('cockroach', 'unrecognised', 'write', `runs cockroach ${sub}, which Bulkhead does not know, so it is treated as a change`, extra);
  },
};

function cockroachTargets(args: ParsedArgs, inv: Invocation): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const v of args.values('--host')) hints.push(...hostHints(v, '--host flag'));
  for (const v of args.values('--url')) hints.push(...connectionHints(v, '--url flag'));
  if (hints.length === 0) hints.push(...variableHints(inv, { COCKROACH_URL: 'url', COCKROACH_HOST: 'host' }));
  return hints;
}

export const sqlcmdPack = defineSqlClient({
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
});

export const usqlPack = defineSqlClient({
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
});

export const sqlClientPacks: readonly Pack[] = [
  psqlPack, mysqlPack, sqlitePack, duckdbPack, clickhouseClientPack, clickhousePack, cockroachPack, sqlcmdPack, usqlPack,
];
