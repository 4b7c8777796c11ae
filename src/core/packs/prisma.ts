import type { Invocation } from '../model';
import { classifySql } from '../sql/classify';
import type { ParsedArgs } from './args';
import { type FrameworkEnvironment, frameworkHints, stdinText } from './databaseTargets';
import { definePack } from './pack';
import type { Verdict } from './verdict';

/**
 * Prisma CLI. The database is whatever the schema's datasource points at, usually
 * `env("DATABASE_URL")` (or `directUrl` for migrations), unless `--url` overrides it.
 */
const environment: FrameworkEnvironment = {
  urlFlags: ['--url', '--to-url', '--from-url'],
  variables: { DATABASE_URL: 'url', DIRECT_URL: 'url', PRISMA_DATABASE_URL: 'url' },
};

const valueFlags = [
  '--schema', '--url', '--file', '--from-url', '--to-url', '--from-schema-datamodel', '--to-schema-datamodel', '--from-schema-datasource',
  '--to-schema-datasource', '--from-migrations', '--to-migrations', '--from-schema', '--to-schema', '--from-config-datasource',
  '--to-config-datasource', '--shadow-database-url', '--name', '-n', '--config', '--applied', '--rolled-back', '--output', '-o',
  '--port', '-p', '--browser', '-b', '--datasource-provider', '--generator-provider', '--preview-feature', '--hostname', '--generator',
];

export const prismaPack = definePack({
  id: 'prisma',
  programs: ['prisma'],
  packages: ['@prisma/cli'],
  valueFlags,
  readFlags: ['-h', '--version', '-v'],
  targets: (args, inv) => frameworkHints(inv, (...f) => args.values(...f), environment),
  targetKinds: ['database', 'host', 'resource', 'stage'],
  classify: (args, inv) => (args.positionals[0] === 'db' && args.positionals[1] === 'execute' ? executeVerdict(args, inv) : undefined),
  rules: [
    { id: 'migrate-reset', sub: 'migrate reset', effect: 'destroy', reason: 'prisma migrate reset drops the database, recreates it and re-applies every migration' },
    { id: 'db-push-reset', sub: 'db push', effect: 'destroy', reason: 'prisma db push --force-reset drops all data and recreates the schema',
      when: (a) => a.has('--force-reset') },
    { id: 'db-push-data-loss', sub: 'db push', effect: 'destroy', reason: 'prisma db push --accept-data-loss applies schema changes that drop columns or tables with data',
      when: (a) => a.has('--accept-data-loss') },
    { id: 'db-push', sub: 'db push', effect: 'write', reason: 'prisma db push changes the database schema without a migration' },
    { id: 'migrate-deploy', sub: 'migrate deploy', effect: 'write', reason: 'prisma migrate deploy applies pending migrations to the database' },
    { id: 'migrate-dev', sub: 'migrate dev', effect: 'write', reason: 'prisma migrate dev applies migrations to the database (and offers to reset it on drift)' },
    { id: 'migrate-resolve', sub: 'migrate resolve', effect: 'write', reason: 'prisma migrate resolve rewrites the migration history table' },
    { id: 'migrate-read', sub: ['migrate status', 'migrate diff'], effect: 'read', reason: 'only compares or reports the migration state' },
    { id: 'db-seed', sub: 'db seed', effect: 'write', reason: 'prisma db seed runs the seed script against the database' },
    { id: 'db-pull', sub: 'db pull', effect: 'write', scope: 'local', reason: 'prisma db pull reads the database and overwrites the local Prisma schema' },
    { id: 'studio', sub: 'studio', effect: 'read', reason: 'opens Prisma Studio (edits made there are the human\'s)' },
    { id: 'local', sub: ['generate', 'format', 'init', 'dev', 'mcp', 'platform'], effect: 'write', scope: 'local',
      reason: 'generates or edits local files only' },
    { id: 'local-read', sub: ['validate', 'version', 'debug'], effect: 'read', scope: 'local', reason: 'only checks or prints local information' },
  ],
});

/** `prisma db execute` sends SQL: it is judged when it is on standard input. */
function executeVerdict(args: ParsedArgs, inv: Invocation): Verdict {
  const file = args.value('--file');
  if (file && file !== '/dev/stdin') {
    return { rule: 'db-execute-file', effect: 'unknown', reason: `prisma db execute runs the SQL file ${file}, which Bulkhead cannot see` };
  }
  const input = stdinText(inv);
  if (input && 'text' in input) {
    const sql = classifySql(input.text);
    return { rule: `db-execute-${sql.effect}`, effect: sql.effect, reason: `prisma db execute runs SQL: ${sql.reason}` };
  }
  return { rule: 'db-execute-opaque', effect: 'unknown', reason: `prisma db execute runs SQL that it ${input ? input.opaque : 'reads from its input'}` };
}
