import type { Finding, Invocation, TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import { type ParsedArgs, parseArgs } from './args';
import { connectionHints, type FrameworkEnvironment, frameworkHints, goDsnHints, onlyRuntime, stageInName, withRuntimeArgs } from './databaseTargets';
import { djangoFromPython } from './django';
import { laravelFromPhp } from './laravel';
import { definePack, finding, type Pack } from './pack';

/**
 * Standalone migration runners: alembic (and Flask-Migrate), atlas, goose, dbmate, flyway,
 * liquibase, golang-migrate, sqlx and diesel; plus the `python` and `php` front doors to Django,
 * alembic and Laravel.
 */

const values = (args: ParsedArgs) => (...flags: string[]): string[] => args.values(...flags);

// alembic ------------------------------------------------------------------------------------

const alembicEnvironment: FrameworkEnvironment = {
  nameFlags: ['-n', '--name', '-c', '--config'],
  variables: { DATABASE_URL: 'url', SQLALCHEMY_DATABASE_URI: 'url', ALEMBIC_ENV: 'stage', FLASK_ENV: 'stage', APP_ENV: 'stage' },
};

/** `-x env=prod`, `-x db_url=postgres://…`: arguments alembic hands to env.py. */
function alembicExtras(args: ParsedArgs): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const extra of args.values('-x')) {
    const eq = extra.indexOf('=');
    const value = eq < 0 ? extra : extra.slice(eq + 1);
    const found = connectionHints(value, `-x ${extra.slice(0, Math.max(eq, 0))}`);
    hints.push(...(found.length > 0 ? found : stageInName(value, `-x ${extra}`)));
  }
  return hints;
}

const alembicRules = (id: string) => definePack({
  id,
  programs: [],
  valueFlags: ['-c', '--config', '-n', '--name', '-x', '-m', '--message', '--rev-id', '--head', '--splice', '--branch-label',
    '--version-path', '--depends-on', '-r', '--rev-range', '-d', '--directory', '--tag', '--purge'],
  readFlags: ['--version'],
  targets: (args, inv) => [...frameworkHints(inv, values(args), alembicEnvironment), ...alembicExtras(args)],
  rules: [
    { id: 'offline', sub: ['upgrade', 'downgrade'], effect: 'read', when: (a) => a.has('--sql'), reason: '--sql only prints the SQL the migration would run' },
    { id: 'downgrade-base', sub: 'downgrade', effect: 'destroy', when: (a) => a.positionals[1] === 'base',
      reason: 'downgrade base reverts every migration, dropping the tables they created' },
    { id: 'upgrade', sub: ['upgrade', 'downgrade', 'stamp', 'ensure_version'], effect: 'write', reason: 'applies, reverts or records migrations' },
    { id: 'read', sub: ['current', 'history', 'heads', 'branches', 'show', 'check'], effect: 'read', reason: 'only reads the migration state' },
    { id: 'local', sub: ['revision', 'merge', 'edit', 'init', 'list_templates', 'migrate'], effect: 'write', scope: 'local',
      reason: 'writes local migration files (autogenerate compares with the database but does not change it)' },
  ],
});

const alembic = alembicRules('alembic');
const flaskDb = alembicRules('flask-migrate');

export const alembicCliPack: Pack = { id: 'alembic', programs: ['alembic'], targetKinds: ['database', 'host', 'resource', 'stage'], classify: (inv) => alembic.classify(inv) };

/** Flask: `flask db …` is Flask-Migrate (alembic); other commands are the app's own. */
export const flaskPack: Pack = {
  id: 'flask',
  programs: ['flask'], targetKinds: ['database', 'host', 'resource', 'stage'],
  classify(inv) {
    const args = parseArgs(inv.args, new Set(['-A', '--app', '-e', '--env-file']));
    const [group] = args.positionals;
    const targets = [...frameworkHints(inv, values(args), alembicEnvironment), ...stageInName(args.value('-e', '--env-file') ?? '', '--env-file')];
    if (group === 'db') {
      const rest = inv.args.slice(inv.args.indexOf('db') + 1);
      const result = flaskDb.classify({ ...inv, args: rest });
      const one = (Array.isArray(result) ? result[0] : result) as Finding | undefined;
      return one ? { ...one, targets: [...(one.targets ?? []), ...targets] } : undefined;
    }
    if (!group || ['run', 'routes', 'shell', '--help', '--version'].includes(group) || args.has('--help', '--version')) {
      return finding('flask', 'local', 'read', 'runs the Flask app or lists its routes', { scope: 'local', targets });
    }
    return finding('flask', 'unrecognised', 'write', `flask ${group} is an app command Bulkhead does not know, so it is treated as a change`, { targets });
  },
};

// python / php front doors -------------------------------------------------------------------

/** `python manage.py …`, `python -m django|alembic|flask …`. Other scripts are not databases'. */
export const pythonPack: Pack = {
  id: 'python',
  programs: ['python', 'python3', 'python2', 'pypy3', 'python3.8', 'python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14'], targetKinds: ['database', 'host', 'resource', 'stage'],
  classify(inv) {
    const django = djangoFromPython(inv);
    if (django) return django;
    const m = inv.args.indexOf('-m');
    if (m >= 0 && inv.args.slice(0, m).every((a) => a.startsWith('-'))) {
      const module = inv.args[m + 1];
      const moved: Invocation = { ...inv, args: inv.args.slice(m + 2) };
      if (module === 'alembic') return alembic.classify(moved);
      if (module === 'flask') return flaskPack.classify(moved);
    }
    return undefined;
  },
};

export const phpPack: Pack = { id: 'php', programs: ['php'], targetKinds: ['database', 'host', 'resource', 'stage'], classify: laravelFromPhp };

// atlas --------------------------------------------------------------------------------------

export const atlasPack = definePack({
  id: 'atlas',
  programs: ['atlas'],
  targetKinds: ['database', 'host', 'resource', 'stage'],
  valueFlags: ['-u', '--url', '--to', '--from', '--dev-url', '--env', '-c', '--config', '--dir', '--format', '--schema', '-s', '--exclude',
    '--baseline', '--tx-mode', '--lock-timeout', '--revisions-schema', '--var', '--plan', '--edit', '--dir-format', '--git-base'],
  readFlags: ['--dry-run', '-v', '--version'],
  targets: (args, inv) => frameworkHints(inv, values(args), { stageFlags: ['--env'], urlFlags: ['-u', '--url'], variables: { DATABASE_URL: 'url' } }),
  rules: [
    { id: 'schema-clean', sub: 'schema clean', effect: 'destroy', reason: 'atlas schema clean drops every object in the schema' },
    { id: 'schema-apply-auto', sub: 'schema apply', effect: 'destroy', when: (a) => a.has('--auto-approve'),
      reason: 'atlas schema apply --auto-approve makes the database match the desired schema without review, dropping what is not in it' },
    { id: 'schema-apply', sub: 'schema apply', effect: 'write', reason: 'atlas schema apply changes the database schema (after showing the plan)' },
    { id: 'migrate-apply', sub: ['migrate apply', 'migrate down', 'migrate set'], effect: 'write', reason: 'applies, reverts or records migrations' },
    { id: 'read', sub: ['schema inspect', 'schema diff', 'schema fmt', 'schema test', 'schema lint', 'schema show', 'migrate status',
      'migrate lint', 'migrate validate', 'migrate test', 'migrate ls', 'version', 'license', 'login', 'logout', 'whoami'],
    effect: 'read', reason: 'only inspects, compares or lints' },
    { id: 'local', sub: ['migrate diff', 'migrate new', 'migrate hash', 'migrate edit', 'migrate rm', 'migrate checkpoint', 'migrate import'],
      effect: 'write', scope: 'local', reason: 'writes local migration files' },
  ],
});

// goose --------------------------------------------------------------------------------------

const gooseDrivers = new Set(['postgres', 'pgx', 'mysql', 'sqlite3', 'sqlite', 'mssql', 'sqlserver', 'redshift', 'tidb', 'clickhouse',
  'vertica', 'ydb', 'turso', 'starrocks', 'spanner']);

const gooseValueFlags = new Set(['-dir', '--dir', '-table', '--table', '-certfile', '--certfile', '-ssl-cert', '--ssl-cert', '-ssl-key',
  '--ssl-key', '-env', '--env', '-timeout', '--timeout']);

export const goosePack: Pack = {
  id: 'goose',
  programs: ['goose'], targetKinds: ['database', 'host', 'resource', 'stage'],
  classify(inv) {
    const args = parseArgs(inv.args, gooseValueFlags);
    const p = args.positionals;
    const withDriver = p.length >= 2 && gooseDrivers.has(p[0]);
    const dbstring = withDriver ? p[1] : inv.env.GOOSE_DBSTRING;
    const [command, operand] = withDriver ? p.slice(2) : p;
    const targets = dbstring
      ? [...connectionHints(dbstring, withDriver ? 'connection argument' : '$GOOSE_DBSTRING'), ...goDsnHints(dbstring, 'connection argument')]
      : [];
    const extra = { targets };
    if (!command || args.has('--help', '-h', '-version', '--version')) return finding('goose', 'info', 'read', 'only prints goose help or version', { ...extra, scope: 'local' });
    switch (command) {
      case 'reset':
        return finding('goose', 'reset', 'destroy', 'goose reset rolls back every migration, dropping the tables they created', extra);
      case 'down-to':
        if (operand === '0') return finding('goose', 'down-to-zero', 'destroy', 'goose down-to 0 rolls back every migration', extra);
        return finding('goose', 'down', 'write', 'goose down-to reverts migrations', extra);
      case 'up': case 'up-by-one': case 'up-to': case 'down': case 'redo':
        return finding('goose', command, 'write', `goose ${command} applies or reverts migrations`, extra);
      case 'status': case 'version': case 'validate':
        return finding('goose', 'read', 'read', 'only reads the migration state', extra);
      case 'create': case 'fix': case 'env':
        return finding('goose', 'local', 'write', 'writes local migration files only', { ...extra, scope: 'local' });
    }
    return finding('goose', 'unrecognised', 'write', `goose ${command} is not a command Bulkhead knows, so it is treated as a change`, extra);
  },
};

// dbmate -------------------------------------------------------------------------------------

const dbmateValueFlags = ['-u', '--url', '-e', '--env', '-d', '--migrations-dir', '-s', '--schema-file', '--env-file',
  '--migrations-table', '--wait-timeout'];

export const dbmatePack = definePack({
  id: 'dbmate',
  programs: ['dbmate'],
  targetKinds: ['database', 'host', 'resource'],
  valueFlags: dbmateValueFlags,
  readFlags: ['--version', '-v'],
  targets: (args, inv) => {
    // `--env NAME` names the variable that holds the URL (default DATABASE_URL).
    const variable = args.value('-e', '--env') ?? 'DATABASE_URL';
    const fromFlags = frameworkHints(inv, values(args), { urlFlags: ['-u', '--url'] });
    if (fromFlags.length > 0 || args.has('-u', '--url')) return fromFlags;
    const url = inv.env[variable];
    return url ? connectionHints(url, `$${variable}`) : [];
  },
  rules: [
    { id: 'drop', sub: 'drop', effect: 'destroy', reason: 'dbmate drop deletes the database' },
    { id: 'migrate', sub: ['up', 'migrate', 'rollback', 'down', 'load'], effect: 'write', reason: 'applies or reverts migrations, or loads the schema' },
    { id: 'create', sub: 'create', effect: 'write', reason: 'creates the database' },
    { id: 'read', sub: ['status', 'wait', 'dump'], effect: 'read', reason: 'only reads the database' },
    { id: 'local', sub: ['new', 'n'], effect: 'write', scope: 'local', reason: 'writes a local migration file' },
  ],
});

// flyway -------------------------------------------------------------------------------------

export const flywayPack = definePack({
  id: 'flyway',
  programs: ['flyway'],
  targetKinds: ['database', 'host', 'resource', 'stage'],
  valueFlags: ['-environment', '-env', '-configFiles', '-url', '-user', '-password', '-locations', '-schemas', '-workingDirectory'],
  readFlags: ['-v', '--version', '-?', '-help'],
  targets: (args, inv) => frameworkHints(inv, values(args), {
    stageFlags: ['-environment', '-env', '--environment'],
    nameFlags: ['-configFiles', '--configFiles'],
    urlFlags: ['-url', '--url'],
    variables: { FLYWAY_URL: 'url', FLYWAY_ENVIRONMENT: 'stage' },
  }),
  rules: [
    { id: 'clean', sub: 'clean', effect: 'destroy', reason: 'flyway clean drops every object in the configured schemas' },
    { id: 'migrate', sub: ['migrate', 'undo', 'repair', 'baseline', 'prepare', 'deploy'], effect: 'write', reason: 'applies, reverts or records migrations' },
    { id: 'read', sub: ['info', 'validate', 'check', 'snapshot', 'auth', 'version', 'list-engines'], effect: 'read', reason: 'only reads or validates' },
  ],
});

// liquibase ----------------------------------------------------------------------------------

const liquibaseReads = /^(status|history|diff|diff-changelog|diffChangeLog|generate-changelog|generateChangeLog|validate|tag-exists|tagExists|db-doc|dbDoc|snapshot|snapshot-reference|calculate-checksum|calculateCheckSum|list-locks|listLocks|unexpected-changesets|unexpectedChangeSets|connect|checks|init|--version|version|help)$|(-sql|SQL)$/;

export const liquibasePack: Pack = {
  id: 'liquibase',
  programs: ['liquibase', 'lb'], targetKinds: ['database', 'host', 'resource', 'stage'],
  classify(original) {
    const inv = withRuntimeArgs(original);
    const args = parseArgs(inv.args, new Set(['--url', '--username', '--password', '--changelog-file', '--changeLogFile', '--defaults-file',
      '--defaultsFile', '--contexts', '--labels', '--count', '--tag', '--date', '--sql', '--sql-file', '--search-path']));
    const targets = frameworkHints(inv, values(args), {
      nameFlags: ['--defaults-file', '--defaultsFile'],
      urlFlags: ['--url'],
      variables: { LIQUIBASE_COMMAND_URL: 'url' },
    });
    const extra = { targets };
    const command = args.positionals[0];
    if (!command || args.has('--help', '-h', '--version')) return finding('liquibase', 'info', 'read', 'only prints liquibase help or version', { ...extra, scope: 'local' });
    if (/^(drop-all|dropAll)$/.test(command)) return finding('liquibase', 'drop-all', 'destroy', 'liquibase drop-all drops every object in the database', extra);
    if (/^(execute-sql|executeSql)$/.test(command)) {
      const sql = args.value('--sql');
      if (sql && !onlyRuntime(sql)) {
        const v = classifySql(sql);
        return finding('liquibase', `execute-sql-${v.effect}`, v.effect, `liquibase execute-sql runs SQL: ${v.reason}`, extra);
      }
      return finding('liquibase', 'execute-sql-file', 'unknown', 'liquibase execute-sql runs a SQL file Bulkhead cannot see', extra);
    }
    if (liquibaseReads.test(command)) return finding('liquibase', 'read', 'read', `liquibase ${command} only reads or prints SQL`, extra);
    if (/^(update|rollback|tag|clear-checksums|clearCheckSums|release-locks|releaseLocks|changelog-sync|changelogSync|mark-next-changeset-ran|markNextChangeSetRan)/.test(command)) {
      return finding('liquibase', 'update', 'write', `liquibase ${command} applies, reverts or records changesets`, extra);
    }
    return finding('liquibase', 'unrecognised', 'write', `liquibase ${command} is not a command Bulkhead knows, so it is treated as a change`, extra);
  },
};

// golang-migrate (and node-migrate) ----------------------------------------------------------

export const golangMigratePack: Pack = {
  id: 'migrate',
  programs: ['migrate'], targetKinds: ['database', 'host', 'resource', 'stage'],
  classify(inv) {
    const args = parseArgs(inv.args, new Set(['-path', '--path', '-database', '--database', '-source', '--source', '-lock-timeout',
      '--lock-timeout', '-prefetch', '--prefetch', '-ext', '--ext', '-dir', '--dir', '-format', '--format', '-tz', '--tz', '-digits', '--digits']));
    const targets = frameworkHints(inv, values(args), { urlFlags: ['-database', '--database'] });
    const extra = { targets };
    const [command, operand] = args.positionals;
    if (!command || args.has('-help', '--help', '-version', '--version')) return finding('migrate', 'info', 'read', 'only prints migrate help or version', { ...extra, scope: 'local' });
    switch (command) {
      case 'drop':
        return finding('migrate', 'drop', 'destroy', 'migrate drop deletes everything in the database', extra);
      case 'down':
        if (operand === undefined || args.has('-all', '--all')) {
          return finding('migrate', 'down-all', 'destroy', 'migrate down with no count applies every down migration, dropping the tables they created', extra);
        }
        return finding('migrate', 'down', 'write', `migrate down ${operand} reverts migrations`, extra);
      case 'up': case 'goto': case 'force':
        return finding('migrate', command, 'write', `migrate ${command} applies migrations or rewrites the recorded version`, extra);
      case 'version':
        return finding('migrate', 'version', 'read', 'only reads the migration version', extra);
      case 'create':
        return finding('migrate', 'create', 'write', 'writes local migration files', { ...extra, scope: 'local' });
    }
    return finding('migrate', 'unrecognised', 'write', `migrate ${command} is not a command Bulkhead knows, so it is treated as a change`, extra);
  },
};

// Rust: sqlx-cli and diesel ------------------------------------------------------------------

const rustEnvironment: FrameworkEnvironment = { urlFlags: ['-D', '--database-url'], variables: { DATABASE_URL: 'url' } };

export const sqlxPack = definePack({
  id: 'sqlx',
  programs: ['sqlx', 'cargo-sqlx'],
  targetKinds: ['database', 'host', 'resource'],
  valueFlags: ['-D', '--database-url', '--source', '--target-version', '--connect-timeout'],
  readFlags: ['-V', '--version', '-h'],
  targets: (args, inv) => frameworkHints(inv, values(args), rustEnvironment),
  rules: [
    { id: 'database-drop', sub: ['database drop', 'database reset'], effect: 'destroy', reason: 'sqlx database drop/reset deletes the database' },
    { id: 'database-create', sub: ['database create', 'database setup'], effect: 'write', reason: 'creates the database and applies migrations' },
    { id: 'migrate-run', sub: ['migrate run', 'migrate revert'], effect: 'write', reason: 'applies or reverts migrations' },
    { id: 'migrate-info', sub: 'migrate info', effect: 'read', reason: 'only reads the migration state' },
    { id: 'local', sub: ['migrate add', 'migrate build-script', 'prepare', 'completions'], effect: 'write', scope: 'local', reason: 'writes local files only' },
  ],
});

export const dieselPack = definePack({
  id: 'diesel',
  programs: ['diesel'],
  targetKinds: ['database', 'host', 'resource'],
  valueFlags: ['--database-url', '--migration-dir', '--config-file', '--schema', '-s', '--version-only', '--format'],
  readFlags: ['-V', '--version', '-h'],
  targets: (args, inv) => frameworkHints(inv, values(args), { urlFlags: ['--database-url'], variables: { DATABASE_URL: 'url' } }),
  rules: [
    { id: 'database-reset', sub: ['database reset', 'database drop'], effect: 'destroy', reason: 'diesel database reset/drop deletes the database' },
    { id: 'revert-all', sub: 'migration revert', effect: 'destroy', when: (a) => a.has('--all', '-a'),
      reason: 'diesel migration revert --all reverts every migration, dropping the tables they created' },
    { id: 'migration-run', sub: ['migration run', 'migration revert', 'migration redo', 'setup', 'database setup'], effect: 'write',
      reason: 'applies or reverts migrations' },
    { id: 'read', sub: ['migration list', 'migration pending', 'print-schema'], effect: 'read', reason: 'only reads the database schema or migration state' },
    { id: 'local', sub: ['migration generate', 'completions'], effect: 'write', scope: 'local', reason: 'writes local files only' },
  ],
});

export const migrationToolPacks: readonly Pack[] = [
  alembicCliPack, flaskPack, pythonPack, phpPack, atlasPack, goosePack, dbmatePack, flywayPack, liquibasePack, golangMigratePack, sqlxPack,
  dieselPack,
];
