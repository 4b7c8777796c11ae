import { type FrameworkEnvironment, frameworkHints } from './databaseTargets';
import { definePack } from './pack';

/**
 * drizzle-kit. `push` diffs the schema against the live database and applies the difference
 * with no migration file: it drops tables and columns (and truncates tables for type changes)
 * when the schema says so, which is how the incidents lost data; `--force` approves that
 * without asking.
 */
const environment: FrameworkEnvironment = {
  nameFlags: ['--config'],
  urlFlags: ['--url'],
  variables: { DATABASE_URL: 'url', DB_URL: 'url', DB_HOST: 'host', DB_NAME: 'database' },
};

export const drizzleKitPack = definePack({
  id: 'drizzle-kit',
  programs: ['drizzle-kit'],
  targetKinds: ['resource', 'stage'],
  valueFlags: ['--config', '--dialect', '--schema', '--url', '--host', '--port', '--user', '--password', '--database', '--auth-token',
    '--out', '--name', '--prefix', '--tablesFilter', '--schemaFilters', '--extensionsFilters', '--casing', '--driver', '--custom', '--ssl'],
  targetFlags: { '--host': 'host', '--database': 'database' },
  readFlags: ['--version', '-v'],
  targets: (args, inv) => frameworkHints(inv, (...f) => args.values(...f), environment),
  rules: [
    { id: 'push-force', sub: 'push', effect: 'destroy', when: (a) => a.has('--force'),
      reason: 'drizzle-kit push --force applies schema changes straight to the database and approves dropping tables, columns and data without asking' },
    { id: 'push', sub: ['push', 'push:pg', 'push:mysql', 'push:sqlite'], effect: 'destroy',
      reason: 'drizzle-kit push applies schema changes straight to the database with no migration; it can drop tables and columns and their data' },
    { id: 'migrate', sub: 'migrate', effect: 'write', reason: 'drizzle-kit migrate applies pending migrations to the database' },
    { id: 'introspect', sub: ['pull', 'introspect', 'introspect:pg', 'introspect:mysql'], effect: 'write', scope: 'local',
      reason: 'reads the database schema and writes it into local files' },
    { id: 'studio', sub: 'studio', effect: 'read', reason: 'opens Drizzle Studio (edits made there are the human\'s)' },
    { id: 'local', sub: ['generate', 'generate:pg', 'generate:mysql', 'generate:sqlite', 'drop', 'up', 'up:pg', 'up:mysql', 'export'], effect: 'write', scope: 'local',
      reason: 'writes or removes local migration files only' },
    { id: 'check', sub: ['check', 'check:pg', 'check:mysql'], effect: 'read', scope: 'local', reason: 'only checks local migration files' },
  ],
});
