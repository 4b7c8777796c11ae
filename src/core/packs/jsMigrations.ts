import { classifySql } from '../sql/classify';
import { parseArgs } from './args';
import { type FrameworkEnvironment, frameworkHints, onlyRuntime, withRuntimeArgs } from './databaseTargets';
import { definePack, finding, type Pack } from './pack';

/**
 * Node migration runners: sequelize-cli, knex, typeorm. Each picks its connection from a config
 * file by environment name (`--env`, `NODE_ENV`) or from a URL.
 */

const nodeEnvironment = (extra: FrameworkEnvironment = {}): FrameworkEnvironment => ({
  stageFlags: ['--env', ...(extra.stageFlags ?? [])],
  nameFlags: ['--config', '--knexfile', ...(extra.nameFlags ?? [])],
  urlFlags: ['--url', ...(extra.urlFlags ?? [])],
  variables: { NODE_ENV: 'stage', DATABASE_URL: 'url', ...(extra.variables ?? {}) },
});

const sequelizeEnvironment = nodeEnvironment();

export const sequelizePack = definePack({
  id: 'sequelize',
  programs: ['sequelize', 'sequelize-cli'],
  targetKinds: ['database', 'host', 'resource', 'stage'],
  packages: ['sequelize-cli'],
  valueFlags: ['--env', '--config', '--options-path', '--migrations-path', '--seeders-path', '--models-path', '--url', '--name',
    '--to', '--from', '--seed', '--attributes', '--debug'],
  readFlags: ['--version', '-v'],
  targets: (args, inv) => frameworkHints(inv, (...f) => args.values(...f), sequelizeEnvironment),
  rules: [
    { id: 'db-drop', sub: 'db:drop', effect: 'destroy', reason: 'sequelize db:drop deletes the database' },
    { id: 'undo-all', sub: 'db:migrate:undo:all', effect: 'destroy', when: (a) => !a.has('--to'),
      reason: 'sequelize db:migrate:undo:all reverts every migration, dropping the tables they created' },
    { id: 'seed-undo-all', sub: 'db:seed:undo:all', effect: 'destroy', reason: 'sequelize db:seed:undo:all deletes the data of every seeder' },
    { id: 'migrate', sub: ['db:migrate', 'db:migrate:undo', 'db:migrate:undo:all'], effect: 'write', reason: 'applies or reverts migrations' },
    { id: 'migrate-status', sub: 'db:migrate:status', effect: 'read', reason: 'only reads the migration state' },
    { id: 'seed', sub: ['db:seed', 'db:seed:all', 'db:seed:undo'], effect: 'write', reason: 'inserts or removes seed data' },
    { id: 'db-create', sub: 'db:create', effect: 'write', reason: 'creates the database' },
    { id: 'local', sub: ['init', 'init:config', 'init:migrations', 'init:models', 'init:seeders', 'model:generate', 'model:create',
      'migration:generate', 'migration:create', 'seed:generate', 'seed:create'], effect: 'write', scope: 'local', reason: 'generates local files only' },
  ],
});

const knexEnvironment = nodeEnvironment();

export const knexPack = definePack({
  id: 'knex',
  programs: ['knex'],
  targetKinds: ['database', 'host', 'resource', 'stage'],
  valueFlags: ['--env', '--knexfile', '--cwd', '--client', '--connection', '--migrations-directory', '--seeds-directory', '--specific',
    '--esm', '--stub', '-x', '--timestamp-filename-prefix', '--migrations-table-name'],
  readFlags: ['--version', '-V'],
  targets: (args, inv) => [
    ...frameworkHints(inv, (...f) => args.values(...f), { ...knexEnvironment, urlFlags: ['--connection'] }),
  ],
  rules: [
    { id: 'rollback-all', sub: 'migrate:rollback', effect: 'destroy', when: (a) => a.has('--all'),
      reason: 'knex migrate:rollback --all reverts every migration, dropping the tables they created' },
    { id: 'migrate', sub: ['migrate:latest', 'migrate:up', 'migrate:down', 'migrate:rollback', 'migrate:unlock'], effect: 'write',
      reason: 'applies or reverts migrations' },
    { id: 'seed', sub: 'seed:run', effect: 'write', reason: 'knex seed:run runs the seed files (which usually delete and re-insert rows)' },
    { id: 'status', sub: ['migrate:status', 'migrate:list', 'migrate:currentVersion'], effect: 'read', reason: 'only reads the migration state' },
    { id: 'local', sub: ['init', 'migrate:make', 'seed:make'], effect: 'write', scope: 'local', reason: 'generates local files only' },
  ],
});

const typeormEnvironment = nodeEnvironment({ nameFlags: ['-d', '--dataSource'], variables: { TYPEORM_URL: 'url', TYPEORM_HOST: 'host', TYPEORM_DATABASE: 'database' } });

const typeormTable = definePack({
  id: 'typeorm',
  programs: [],
  valueFlags: ['-d', '--dataSource', '-n', '--name', '-o', '--outputJs', '-t', '--timestamp', '--database', '--connection', '-c'],
  readFlags: ['--version', '-v', '-h'],
  targets: (args, inv) => frameworkHints(inv, (...f) => args.values(...f), typeormEnvironment),
  rules: [
    { id: 'schema-drop', sub: 'schema:drop', effect: 'destroy', reason: 'typeorm schema:drop drops every table of the database' },
    { id: 'schema-sync', sub: 'schema:sync', effect: 'destroy',
      reason: 'typeorm schema:sync makes the database match the entities, dropping tables and columns they no longer have' },
    { id: 'schema-log', sub: 'schema:log', effect: 'read', reason: 'only prints the SQL schema:sync would run' },
    { id: 'migration-show', sub: 'migration:show', effect: 'read', reason: 'only reads the migration state' },
    { id: 'migration-run', sub: ['migration:run', 'migration:revert'], effect: 'write', reason: 'applies or reverts migrations' },
    { id: 'migration-generate', sub: 'migration:generate', effect: 'write', scope: 'local',
      reason: 'compares the database with the entities and writes a local migration file' },
    { id: 'cache-clear', sub: 'cache:clear', effect: 'write', reason: 'clears the query result cache' },
    { id: 'local', sub: ['init', 'migration:create', 'entity:create', 'subscriber:create', 'version'], effect: 'write', scope: 'local',
      reason: 'generates local files only' },
  ],
});

/** `typeorm query "SQL"` runs the SQL given. */
export const typeormPack: Pack = {
  id: 'typeorm',
  programs: ['typeorm', 'typeorm-ts-node-commonjs', 'typeorm-ts-node-esm'], targetKinds: ['database', 'host', 'resource', 'stage'],
  classify(original) {
    const inv = withRuntimeArgs(original);
    const args = parseArgs(inv.args, new Set(['-d', '--dataSource', '-c', '--connection']));
    if (args.positionals[0] === 'query' && args.positionals[1] !== undefined && !args.has('--help', '-h')) {
      const targets = frameworkHints(inv, (...f) => args.values(...f), typeormEnvironment);
      if (onlyRuntime(args.positionals[1])) {
        return finding('typeorm', 'query-opaque', 'unknown', 'typeorm query runs SQL that is only known at run time', { targets });
      }
      const sql = classifySql(args.positionals[1]);
      return finding('typeorm', `query-${sql.effect}`, sql.effect, `typeorm query runs SQL: ${sql.reason}`, { targets });
    }
    return typeormTable.classify(inv);
  },
};

export const jsMigrationPacks: readonly Pack[] = [sequelizePack, knexPack, typeormPack];
