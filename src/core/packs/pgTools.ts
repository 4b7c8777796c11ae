import type { Invocation, TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { connectionHints, databaseHints, hostHints, type VariableMeaning, variableHints } from './databaseTargets';
import { mongoAddress } from './nosqlClients';
import { definePack, type Pack } from './pack';

/**
 * Dump, restore and administration programs that ship with the databases: pg_dump, pg_restore,
 * dropdb, createdb, mysqldump, mysqladmin, mongodump, mongorestore and their relatives.
 */

/** Where a database tool acts: the flags, operands and variables that name its host and database. */
interface ToolTargets {
  readonly hostFlags?: readonly string[];
  readonly databaseFlags?: readonly string[];
  readonly urlFlags?: readonly string[];
  readonly variables?: Readonly<Record<string, VariableMeaning>>;
  /** Which positionals name databases (the rest are tables, files, dump directories). */
  readonly databasePositionals?: (positionals: readonly string[], args: ParsedArgs) => readonly string[];
}

/**
 * What every database tool's pack shares: getopt options (its host and database flags take values),
 * help and version flags (`-h` is the host), and the targets its flags, operands and variables name.
 */
function databaseTool(valueFlags: readonly string[], where: ToolTargets, attachedOnly: readonly string[] = []) {
  return {
    valueFlags: [...valueFlags, ...(where.hostFlags ?? []), ...(where.databaseFlags ?? []), ...(where.urlFlags ?? [])],
    getopt: { attachedOnly },
    targetKinds: ['database', 'host', 'resource', 'stage'],
    asksForHelp: (args: ParsedArgs) => args.has('--help', '-?', '--version', '-V'),
    targets: (args: ParsedArgs, inv: Invocation) => toolTargets(where, inv, args),
  };
}

function toolTargets(spec: ToolTargets, inv: Invocation, args: ParsedArgs): TargetHint[] {
  const hints: TargetHint[] = [];
  const named = new Set<VariableMeaning>();
  for (const value of args.values(...(spec.hostFlags ?? []))) {
    if (!value) continue;
    hints.push(...hostHints(value, 'host flag'));
    named.add('host');
  }
  for (const value of args.values(...(spec.databaseFlags ?? []))) {
    if (!value) continue;
    const found = databaseHints(value, 'database flag');
    hints.push(...found);
    named.add('database');
    if (found.some((h) => h.kind === 'host')) named.add('host');
  }
  for (const value of args.values(...(spec.urlFlags ?? []))) {
    if (!value) continue;
    hints.push(...(value.startsWith('mongodb') ? mongoAddress(value, 'connection flag') : connectionHints(value, 'connection flag')));
    named.add('host').add('database').add('url');
  }
  for (const value of spec.databasePositionals?.(args.positionals, args) ?? []) {
    const found = databaseHints(value, 'database argument');
    hints.push(...found);
    named.add('database');
    if (found.some((h) => h.kind === 'host')) named.add('host');
  }
  hints.push(...variableHints(inv, spec.variables ?? {}, named));
  return hints;
}

const pgVariables: Readonly<Record<string, VariableMeaning>> = { PGHOST: 'host', PGHOSTADDR: 'host', PGDATABASE: 'database' };
const pgCommonFlags = ['-p', '--port', '-U', '--username', '--role'];
const first = (positionals: readonly string[]): readonly string[] => positionals.slice(0, 1);

export const pgDumpPack = definePack({
  id: 'pg_dump',
  programs: ['pg_dump', 'pg_dumpall', 'pg_basebackup', 'pg_amcheck'],
  ...databaseTool([...pgCommonFlags, '-f', '--file', '-F', '--format', '-j', '--jobs', '-n', '--schema', '-N', '--exclude-schema', '-t',
      '--table', '-T', '--exclude-table', '-Z', '--compress', '-E', '--encoding', '-D', '--pgdata', '-X', '--wal-method', '-S', '--slot',
      '--lock-wait-timeout', '-l', '--database', '--exclude-database', '-r', '--max-rate', '--checkpoint', '--target', '--filter',
      '--rows-per-insert', '--section'], {
    hostFlags: ['-h', '--host'],
    databaseFlags: ['-d', '--dbname'],
    variables: pgVariables,
    databasePositionals: first,
  }),
  classify: () => ({ rule: 'dump', effect: 'read', reason: 'copies data out of the database without changing it' }),
  rules: [],
});

export const pgRestorePack = definePack({
  id: 'pg_restore',
  programs: ['pg_restore'],
  ...databaseTool([...pgCommonFlags, '-f', '--file', '-F', '--format', '-j', '--jobs', '-n', '--schema', '-N', '--exclude-schema', '-t',
      '--table', '-T', '--trigger', '-I', '--index', '-P', '--function', '-L', '--use-list', '-S', '--superuser', '--section', '--filter'], {
    hostFlags: ['-h', '--host'],
    databaseFlags: ['-d', '--dbname'],
    variables: pgVariables,
  }),
  classify: (args) => {
    if (args.has('-l', '--list')) return { rule: 'list', effect: 'read', reason: 'only lists the contents of a dump', scope: 'local' };
    if (!args.has('-d', '--dbname')) {
      return { rule: 'to-script', effect: 'read', reason: 'without -d it only converts the dump to SQL text', scope: 'local' };
    }
    if (args.has('-c', '--clean')) {
      return { rule: 'clean', effect: 'destroy', reason: 'pg_restore --clean drops the existing database objects before recreating them' };
    }
    return { rule: 'restore', effect: 'write', reason: 'loads a dump into the database' };
  },
  rules: [],
});

export const dropdbPack = definePack({
  id: 'dropdb',
  programs: ['dropdb'],
  ...databaseTool([...pgCommonFlags, '--maintenance-db'], {
    hostFlags: ['-h', '--host'],
    variables: { PGHOST: 'host', PGHOSTADDR: 'host' },
    databasePositionals: first,
  }),
  classify: () => ({ rule: 'drop', effect: 'destroy', reason: 'dropdb deletes a whole PostgreSQL database' }),
  rules: [],
});

export const pgRoleToolsPack = definePack({
  id: 'pg-admin',
  programs: ['createdb', 'createuser', 'dropuser', 'vacuumdb', 'reindexdb', 'clusterdb'],
  ...databaseTool([...pgCommonFlags, '--maintenance-db', '-O', '--owner', '-T', '--template', '-E', '--encoding', '-l', '--locale', '-D',
      '--tablespace', '-t', '--table', '-n', '--schema', '-j', '--jobs', '-c', '--connection-limit', '-g', '--member-of', '--lc-collate',
      '--lc-ctype', '--strategy', '--icu-locale', '--locale-provider', '--analyze-in-stages', '--min-xid-age', '--min-mxid-age'], {
    hostFlags: ['-h', '--host'],
    databaseFlags: ['-d', '--dbname'],
    variables: { PGHOST: 'host', PGHOSTADDR: 'host' },
    databasePositionals: first,
  }),
  classify: (_args, inv) => {
    switch (inv.program) {
      case 'dropuser':
        return { rule: 'dropuser', effect: 'destroy', reason: 'dropuser deletes a PostgreSQL role' };
      case 'createdb':
        return { rule: 'createdb', effect: 'write', reason: 'createdb creates a PostgreSQL database' };
      case 'createuser':
        return { rule: 'createuser', effect: 'write', reason: 'createuser creates a PostgreSQL role' };
      default:
        return { rule: 'maintenance', effect: 'write', reason: `${inv.program} rewrites tables or indexes` };
    }
  },
  rules: [],
});

const mysqlFlags = ['-u', '--user', '-P', '--port', '-S', '--socket', '--protocol', '--login-path', '--defaults-file',
  '--defaults-extra-file', '--default-character-set', '--ssl-ca', '--ssl-cert', '--ssl-key', '--ssl-mode', '-r', '--result-file',
  '--where', '-w', '--ignore-table', '--tab', '-T', '--compression-algorithms', '--set-gtid-purged', '--fields-terminated-by',
  '--lines-terminated-by', '--max-allowed-packet', '--net-buffer-length', '--connect-timeout', '--shutdown-timeout'];

export const mysqldumpPack = definePack({
  id: 'mysqldump',
  programs: ['mysqldump', 'mariadb-dump', 'mysqlpump'],
  ...databaseTool(mysqlFlags, {
    hostFlags: ['-h', '--host'],
    variables: { MYSQL_HOST: 'host' },
    // `mysqldump db [tables…]`, or with --databases every positional is a database.
    databasePositionals: (positionals, args) => (args.has('-B', '--databases') ? positionals : positionals.slice(0, 1)),
  }, ['-p']),
  classify: () => ({ rule: 'dump', effect: 'read', reason: 'copies data out of the database without changing it' }),
  rules: [],
});

const mysqladminReads = new Set(['status', 'ping', 'processlist', 'variables', 'version', 'extended-status']);

export const mysqladminPack = definePack({
  id: 'mysqladmin',
  programs: ['mysqladmin', 'mariadb-admin'],
  ...databaseTool([...mysqlFlags, '-c', '--count', '-i', '--sleep', '--wait'], {
    hostFlags: ['-h', '--host'],
    variables: { MYSQL_HOST: 'host' },
    databasePositionals: (positionals) => (positionals[0] === 'drop' || positionals[0] === 'create' ? positionals.slice(1, 2) : []),
  }, ['-p']),
  classify: (args) => {
    const verbs = args.positionals;
    if (verbs.includes('drop')) return { rule: 'drop', effect: 'destroy', reason: 'mysqladmin drop deletes a whole database' };
    if (verbs.length === 0 || verbs.every((v) => mysqladminReads.has(v))) {
      return { rule: 'read', effect: 'read', reason: 'only reads server status' };
    }
    if (verbs.includes('create')) return { rule: 'create', effect: 'write', reason: 'mysqladmin create creates a database' };
    return { rule: 'admin', effect: 'write', reason: `mysqladmin ${verbs[0]} changes server state` };
  },
  rules: [],
});

const mongoToolFlags = ['--port', '-u', '--username', '-p', '--password', '--authenticationDatabase',
  '--authenticationMechanism', '-c', '--collection', '-o', '--out', '-q', '--query', '--queryFile', '--archive', '--nsInclude',
  '--nsExclude', '--nsFrom', '--nsTo', '-j', '--numParallelCollections', '--file', '--type', '--fields', '--fieldFile', '--mode',
  '--readPreference', '--config', '--sslCAFile', '--tlsCAFile', '--numInsertionWorkersPerCollection', '--writeConcern', '--upsertFields'];

export const mongodumpPack = definePack({
  id: 'mongodump',
  programs: ['mongodump', 'mongoexport'],
  ...databaseTool(mongoToolFlags, {
    hostFlags: ['-h', '--host'],
    databaseFlags: ['-d', '--db'],
    urlFlags: ['--uri'],
    databasePositionals: (positionals) => positionals.filter((p) => p.startsWith('mongodb')),
  }),
  classify: () => ({ rule: 'dump', effect: 'read', reason: 'copies data out of MongoDB without changing it' }),
  rules: [],
});

export const mongorestorePack = definePack({
  id: 'mongorestore',
  programs: ['mongorestore', 'mongoimport'],
  ...databaseTool(mongoToolFlags, {
    hostFlags: ['-h', '--host'],
    databaseFlags: ['-d', '--db'],
    urlFlags: ['--uri'],
    databasePositionals: (positionals) => positionals.filter((p) => p.startsWith('mongodb')),
  }),
  classify: (args, inv) => {
    if (args.has('--drop')) {
      return { rule: 'drop', effect: 'destroy', reason: `${inv.program} --drop deletes each collection before loading it` };
    }
    if (args.has('--dryRun')) return { rule: 'dry-run', effect: 'read', reason: 'a dry run changes nothing' };
    return { rule: 'restore', effect: 'write', reason: `${inv.program} loads documents into MongoDB` };
  },
  rules: [],
});

export const databaseToolPacks: readonly Pack[] = [
  pgDumpPack, pgRestorePack, dropdbPack, pgRoleToolsPack, mysqldumpPack, mysqladminPack, mongodumpPack, mongorestorePack,
];
