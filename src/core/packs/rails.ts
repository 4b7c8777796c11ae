import { type Effect, effectSeverity, type Invocation, type TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import type { ParsedArgs } from './args';
import { argumentAssignments, type FrameworkEnvironment, frameworkHints, runtimeText, stageHint, withRuntimeArgs } from './databaseTargets';
import { codeConsole, sqlConsole } from './frameworkConsoles';
import { definePack } from './pack';
import type { Verdict } from './verdict';

/**
 * `rails` / `bin/rails` / `rake` (after `bundle exec`). Several tasks may run in one
 * invocation (`rake db:drop db:create db:migrate`); the strictest decides. `RAILS_ENV=…` may be
 * given as an argument, which rake reads as a variable.
 */

/** What a task does; the rule is named after the task. */
type Task = Omit<Verdict, 'rule'>;

const destroy = (reason: string): Task => ({ effect: 'destroy', reason });
const write = (reason: string): Task => ({ effect: 'write', reason });
const read = (reason: string): Task => ({ effect: 'read', reason });
const local = (effect: Effect, reason: string): Task => ({ effect, reason, scope: 'local' });

const dbTasks: Readonly<Record<string, Task>> = {
  'db:drop': destroy('db:drop deletes the database'),
  'db:drop:all': destroy('db:drop:all deletes every configured database'),
  'db:drop:_unsafe': destroy('db:drop:_unsafe deletes the database without the environment check'),
  'db:reset': destroy('db:reset drops the database and recreates it from the schema'),
  'db:migrate:reset': destroy('db:migrate:reset drops the database and re-runs every migration'),
  'db:schema:load': destroy('db:schema:load recreates every table from the schema file, deleting existing data'),
  'db:structure:load': destroy('db:structure:load recreates the database from structure.sql, deleting existing data'),
  'db:setup': destroy('db:setup loads the schema (which deletes existing tables and data) and seeds the database'),
  'db:purge': destroy('db:purge empties the database'),
  'db:purge:all': destroy('db:purge:all empties every configured database'),
  'db:truncate_all': destroy('db:truncate_all deletes every row of every table'),
  'db:seed:replant': destroy('db:seed:replant truncates every table before seeding'),
  'db:fixtures:load': write('db:fixtures:load replaces rows of the fixture tables'),
  'db:migrate': write('db:migrate applies pending migrations'),
  'db:migrate:up': write('db:migrate:up applies one migration'),
  'db:migrate:down': write('db:migrate:down reverts one migration'),
  'db:migrate:redo': write('db:migrate:redo reverts and re-applies migrations'),
  'db:rollback': write('db:rollback reverts migrations'),
  'db:forward': write('db:forward applies migrations'),
  'db:seed': write('db:seed inserts seed data'),
  'db:create': write('db:create creates the database'),
  'db:create:all': write('db:create:all creates every configured database'),
  'db:prepare': write('db:prepare creates the database if needed and applies migrations'),
  'db:environment:set': write('db:environment:set rewrites the stored environment of the database'),
  'db:encryption:init': local('write', 'db:encryption:init writes local credentials'),
  'db:migrate:status': read('db:migrate:status only reads the migration state'),
  'db:version': read('db:version only reads the schema version'),
  'db:abort_if_pending_migrations': read('only checks for pending migrations'),
  'db:schema:dump': read('db:schema:dump reads the database into the local schema file'),
  'db:structure:dump': read('db:structure:dump reads the database into the local structure file'),
  'db:schema:cache:dump': read('reads the database schema into a local cache file'),
  'db:schema:cache:clear': local('write', 'removes a local cache file'),
  'db:charset': read('only reads the database character set'),
  'db:collation': read('only reads the database collation'),
};

/** Test-database tasks act on the `test` environment whatever RAILS_ENV says. */
const testTasks = /^db:test:/;

const localCommands: Readonly<Record<string, Task>> = {
  generate: local('write', 'generates local files'), g: local('write', 'generates local files'),
  destroy: local('write', 'removes generated local files'), d: local('write', 'removes generated local files'),
  new: local('write', 'creates a new application locally'), plugin: local('write', 'creates a plugin locally'),
  server: local('read', 'runs the application locally'), s: local('read', 'runs the application locally'),
  test: local('read', 'runs the tests'), t: local('read', 'runs the tests'), spec: local('read', 'runs the tests'),
  routes: local('read', 'lists routes'), about: local('read', 'prints application information'),
  stats: local('read', 'prints code statistics'), notes: local('read', 'lists code annotations'),
  middleware: local('read', 'lists middleware'), initializers: local('read', 'lists initializers'),
  version: local('read', 'prints the version'), secret: local('read', 'prints a random secret'),
  'zeitwerk:check': local('read', 'checks autoloading'), 'time:zones': local('read', 'lists time zones'),
  'assets:precompile': local('write', 'compiles assets into local files'), 'assets:clean': local('write', 'removes old compiled assets'),
  'assets:clobber': local('write', 'removes compiled assets'), 'log:clear': local('write', 'truncates local log files'),
  'tmp:clear': local('write', 'clears local temporary files'), 'tmp:create': local('write', 'creates local temporary folders'),
  'credentials:show': { effect: 'read', scope: 'secret', reason: 'prints the decrypted credentials of the environment it names' }, 'credentials:edit': local('write', 'edits encrypted credentials'),
  'credentials:diff': local('read', 'compares credentials'), 'encrypted:show': local('read', 'prints an encrypted file'),
  'encrypted:edit': local('write', 'edits an encrypted file'), 'app:update': local('write', 'updates local configuration files'),
  'active_storage:install': local('write', 'generates a migration'), 'action_text:install': local('write', 'generates files'),
  'importmap:install': local('write', 'generates files'), 'javascript:install': local('write', 'generates files'),
  'css:install': local('write', 'generates files'), 'dev:cache': local('write', 'toggles local caching'),
  restart: local('write', 'restarts the local application'), boot: local('read', 'boots the application'),
  default: local('read', 'runs the default task'), '-T': local('read', 'lists tasks'), '--tasks': local('read', 'lists tasks'),
  'cache:clear': write('clears the application cache'),
};

const environment: FrameworkEnvironment = {
  stageFlags: ['-e', '--environment'],
  variables: { RAILS_ENV: 'stage', RACK_ENV: 'stage', DATABASE_URL: 'url' },
};

const valueFlags = ['-e', '--environment', '-p', '--port', '-b', '--binding', '-c', '--config', '-f', '--rakefile', '-R',
  '-I', '--libdir', '-r', '--require', '-j', '--jobs', '-C', '--directory'];

/** Calls that change or remove every row they reach. */
const bulkCalls = /\.(destroy_all|delete_all|update_all|in_batches\.(?:destroy_all|delete_all|update_all))\b/g;
/** A scope in the chain before a bulk call bounds it to some rows. */
const scoped = /\.(where|find_by|rewhere|limit|joins|merge|excluding|without|find|first|last|take|order\([^)]*\)\.limit)\s*[(.]|\.\w+_(?:id|ids)\b|\bwhere\s*\(/;

/** Ruby run by `rails runner` / `rails console`: the ActiveRecord calls in it. */
export function classifyRubyCode(code: string): { effect: Effect; reason: string } {
  const dropping = /\b(drop_table|drop_database|truncate_tables?|purge_all|purge)\b|\.truncate\b/.exec(code);
  if (dropping) return { effect: 'destroy', reason: `runs Ruby that calls ${dropping[1] ?? 'truncate'}, deleting data` };
  let bounded: string | undefined;
  for (const m of code.matchAll(bulkCalls)) {
    const start = Math.max(code.lastIndexOf(';', m.index), code.lastIndexOf('\n', m.index), 0);
    const chain = code.slice(start, m.index);
    if (!scoped.test(chain)) {
      const verb = m[1].includes('update') ? 'overwrites' : 'deletes';
      return { effect: 'destroy', reason: `runs Ruby that calls ${m[1]} on a whole table, which ${verb} every row` };
    }
    bounded = m[1];
  }
  const sql = /\.(?:execute|exec_query|exec_update|exec_delete|select_all)\s*\(?\s*(['"])((?:(?!\1)[^\\]|\\.)*)\1/.exec(code);
  if (sql) {
    const result = classifySql(sql[2]);
    if (result.effect !== 'read') return { effect: result.effect, reason: `runs SQL from Ruby: ${result.reason}` };
  }
  if (bounded) return { effect: 'write', reason: `runs Ruby that calls ${bounded} on a scoped query, changing matching rows` };
  const writes = /\.(update!?|update_column|update_columns|save!?|create!?|insert_all!?|upsert_all|insert!?|upsert|destroy!?|delete|delete_by|destroy_by|increment!|decrement!|toggle!|touch|find_or_create_by!?|create_or_find_by!?)(?![\w?])/.exec(code);
  if (writes) return { effect: 'write', reason: `runs Ruby that calls ${writes[1]}, changing data` };
  if (/\b(system|exec|spawn|eval|instance_eval|load|require)\b|`|%x|File\.|FileUtils|Net::HTTP|IO\.popen|Open3/.test(code)) {
    return { effect: 'unknown', reason: 'runs Ruby that Bulkhead cannot follow (shell, files, network or eval)' };
  }
  if (code.includes(runtimeText)) return { effect: 'unknown', reason: 'runs Ruby that is only known at run time' };
  return { effect: 'read', reason: 'runs Ruby that only reads' };
}

/**
 * The hook names the targets itself: a test-database task acts on `test` whatever the flags and
 * variables say, so its targets replace the command's instead of joining them.
 */
export const railsPack = definePack({
  id: 'rails',
  programs: ['rails', 'rake'],
  targetKinds: ['database', 'host', 'resource', 'stage'],
  prepare: withRuntimeArgs,
  valueFlags,
  // rake's listing and dry-run flags are help here too, and read with the tasks.
  asksForHelp: () => false,
  classify: classifyTasks,
  rules: [],
});

function classifyTasks(args: ParsedArgs, inv: Invocation): Verdict {
  const assigned = argumentAssignments(args.positionals);
  const env = Object.keys(assigned).length > 0 ? { ...inv.env, ...assigned } : inv.env;
  const withEnv: Invocation = env === inv.env ? inv : { ...inv, env };
  const targets = railsTargets(withEnv, (...flags) => args.values(...flags));
  const tasks = args.positionals.filter((p) => !/^[A-Z_][A-Z0-9_]*=/.test(p));
  if (args.has('--help', '-h', '-T', '--tasks', '-P', '--prereqs', '-W', '--where', '-D', '--describe', '--version', '-v', '-n', '--dry-run')) {
    return { rule: 'info', effect: 'read', reason: `only lists, describes or dry-runs ${inv.program} tasks`, scope: 'local', targets };
  }
  if (tasks.length === 0) return { rule: 'bare', effect: 'read', reason: `runs ${inv.program} without a task`, scope: 'local', targets };
  const first = tasks[0];
  if (inv.program === 'rails' && ['console', 'c', 'runner', 'r', 'dbconsole', 'db'].includes(first)) {
    return { ...interactive(first, tasks.slice(1), inv), targets };
  }
  let top: (Verdict & { testOnly: boolean }) | undefined;
  for (const task of tasks) {
    const name = task.replace(/\[.*\]$/, '');
    const known = name === 'db:migrate' && env.VERSION === '0'
      ? destroy('db:migrate VERSION=0 reverts every migration, dropping the tables they created')
      : dbTasks[name] ?? localCommands[name] ?? testTask(name);
    const t = known ?? (name.startsWith('db:')
      ? write(`${name} is a database task Bulkhead does not know, so it is treated as a change`)
      : write(`${name} is a task Bulkhead does not know; it may change the database, so it is treated as a change`));
    const toZero = name === 'db:migrate' && env.VERSION === '0';
    const rule = toZero ? 'db-migrate-to-zero' : dbTasks[name] ? name.replace(/^db:/, 'db-').replace(/:/g, '-') : known ? 'command' : 'unrecognised';
    if (!top || effectSeverity[t.effect] > effectSeverity[top.effect]) top = { ...t, rule, testOnly: testTasks.test(name) };
  }
  const { testOnly, ...chosen } = top as Verdict & { testOnly: boolean };
  const taskTargets = testOnly ? stageHint('test', `${inv.program} ${first}`) : targets;
  const disabledCheck = env.DISABLE_DATABASE_ENVIRONMENT_CHECK;
  const reason = disabledCheck && chosen.effect === 'destroy'
    ? `${chosen.reason}, with DISABLE_DATABASE_ENVIRONMENT_CHECK switching off Rails' own production guard`
    : chosen.reason;
  return { ...chosen, reason, targets: taskTargets };
}

function testTask(name: string): Task | undefined {
  if (!testTasks.test(name)) return undefined;
  // The test database is scratch data that every test run rebuilds.
  return write(`${name} rebuilds the test database`);
}

function railsTargets(inv: Invocation, values: (...flags: string[]) => string[]): TargetHint[] {
  const hints = frameworkHints(inv, values, environment);
  // The check exists to stop destructive tasks on protected (production) databases; switching it
  // off says the command is meant for one, whatever environment name is in effect.
  if (inv.env.DISABLE_DATABASE_ENVIRONMENT_CHECK && !hints.some((h) => h.kind === 'stage')) {
    hints.push({ kind: 'stage', value: 'production', source: 'DISABLE_DATABASE_ENVIRONMENT_CHECK (only needed against a protected environment)' });
  }
  return hints;
}

function interactive(command: string, rest: readonly string[], inv: Invocation): Verdict {
  if (command === 'dbconsole' || command === 'db') return sqlConsole(inv, { rule: 'dbconsole', label: 'rails dbconsole', opens: 'a database console' });
  if (command === 'runner' || command === 'r') {
    const code = rest[0];
    if (!code) return { rule: 'runner', effect: 'read', reason: 'rails runner without code' };
    if (/\.rb$/.test(code)) return { rule: 'runner-file', effect: 'unknown', reason: `rails runner runs the script ${code}, which Bulkhead cannot see` };
    const v = classifyRubyCode(code);
    return { rule: `runner-${v.effect}`, effect: v.effect, reason: `rails runner ${v.reason}` };
  }
  if (inv.args.includes('--sandbox') || inv.args.includes('-s')) {
    return { rule: 'console-sandbox', effect: 'read', reason: 'rails console --sandbox rolls back every change on exit' };
  }
  return codeConsole(inv, undefined, { rule: 'console', label: 'rails console', language: 'Ruby', opens: 'a Rails console', read: classifyRubyCode });
}
