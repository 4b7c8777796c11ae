import type { Effect, Finding, Invocation, Scope } from '../model';
import { classifySql } from '../sql/classify';
import { parseArgs } from './args';
import { type FrameworkEnvironment, frameworkHints, runtimeText, stdinText, withRuntimeArgs } from './databaseTargets';
import { finding, type Pack } from './pack';

/**
 * Laravel's `php artisan …` (also `./artisan`, `sail artisan`). The environment comes from
 * `--env=…` or `APP_ENV`; the connection from the `DB_*` variables. `--force` is what Laravel
 * demands before migrating in production, so it never lowers the effect.
 */

interface Command {
  readonly effect: Effect;
  readonly reason: string;
  readonly scope?: Scope;
}

const c = (effect: Effect, reason: string, scope?: Scope): Command => ({ effect, reason, scope });

const commands: Readonly<Record<string, Command>> = {
  'migrate:fresh': c('destroy', 'migrate:fresh drops every table and re-runs all migrations'),
  'migrate:reset': c('destroy', 'migrate:reset rolls back every migration, dropping the tables they created'),
  'migrate:refresh': c('destroy', 'migrate:refresh rolls back every migration and runs them again, losing the data'),
  'db:wipe': c('destroy', 'db:wipe drops every table, view and type'),
  'queue:clear': c('destroy', 'queue:clear deletes every job on the queue'),
  'queue:flush': c('destroy', 'queue:flush deletes every failed job'),
  'migrate:rollback': c('write', 'migrate:rollback reverts the last batch of migrations'),
  'migrate:install': c('write', 'migrate:install creates the migrations table'),
  'db:seed': c('write', 'db:seed inserts seed data'),
  'migrate:status': c('read', 'migrate:status only reads the migration state'),
  'db:show': c('read', 'db:show only reads database information'),
  'db:table': c('read', 'db:table only reads a table description'),
  'db:monitor': c('read', 'db:monitor only reads connection counts'),
  'model:show': c('read', 'model:show only reads a model description'),
  'schema:dump': c('write', 'schema:dump writes the schema into a local file', 'local'),
  'cache:clear': c('write', 'cache:clear empties the application cache'),
  'queue:retry': c('write', 'queue:retry pushes failed jobs back onto the queue'),
  'queue:forget': c('write', 'queue:forget deletes a failed job'),
  'queue:prune-failed': c('write', 'queue:prune-failed deletes old failed jobs'),
  'queue:restart': c('write', 'queue:restart restarts the queue workers'),
  'model:prune': c('write', 'model:prune deletes prunable models'),
  'key:generate': c('write', 'key:generate replaces the application key in .env', 'local'),
  down: c('write', 'puts the application into maintenance mode', 'local'),
  up: c('write', 'takes the application out of maintenance mode', 'local'),
  serve: c('read', 'runs the development server', 'local'),
  test: c('read', 'runs the tests', 'local'),
  list: c('read', 'lists commands', 'local'),
  help: c('read', 'prints help', 'local'),
  about: c('read', 'prints application information', 'local'),
  env: c('read', 'prints the environment name', 'local'),
  inspire: c('read', 'prints a quote', 'local'),
  'route:list': c('read', 'lists routes', 'local'),
  'event:list': c('read', 'lists events', 'local'),
  'schedule:list': c('read', 'lists scheduled tasks', 'local'),
  'storage:link': c('write', 'creates a local symlink', 'local'),
  'vendor:publish': c('write', 'copies package files into the project', 'local'),
  'queue:work': c('write', 'runs queue workers that process jobs'),
  'queue:listen': c('write', 'runs queue workers that process jobs'),
  'schedule:run': c('write', 'runs the scheduled tasks that are due'),
  'schedule:work': c('write', 'runs the scheduler'),
  'horizon': c('write', 'runs queue workers that process jobs'),
};

/** Prefixes of commands that only touch local files (caches, generated code). */
const localPrefixes = ['make:', 'config:', 'route:', 'view:', 'event:', 'optimize', 'lang:', 'stub:', 'ide-helper:', 'pail', 'sail:', 'install:', 'package:', 'clear-compiled', 'icons:', 'filament:'];

const environment: FrameworkEnvironment = {
  stageFlags: ['--env'],
  nameFlags: ['--database'],
  variables: { APP_ENV: 'stage', DB_URL: 'url', DATABASE_URL: 'url', DB_HOST: 'host', DB_DATABASE: 'database' },
};

const valueFlags = new Set(['--env', '--database', '--path', '--seed', '--seeder', '--class', '--step', '--batch', '--execute',
  '--connection', '--queue', '-v', '--verbosity']);

function classifyArtisan(inv: Invocation, words: readonly string[]): Finding {
  const args = parseArgs(words, valueFlags);
  const targets = frameworkHints(inv, (...f) => args.values(...f), environment);
  const extra = { targets };
  const command = args.positionals[0];
  if (!command || args.has('--help', '-h', '--version', '-V')) {
    return finding('laravel', 'info', 'read', 'artisan only prints help or a list of commands', { ...extra, scope: 'local' });
  }
  if (command === 'migrate' || (command.startsWith('migrate:') && args.has('--pretend'))) {
    if (args.has('--pretend')) return finding('laravel', 'pretend', 'read', '--pretend only prints the SQL the migrations would run', extra);
    if (args.has('--seed') || args.has('--seeder')) return finding('laravel', 'migrate', 'write', 'migrate applies pending migrations and seeds the database', extra);
    return finding('laravel', 'migrate', 'write', 'migrate applies pending migrations to the database', extra);
  }
  if (command === 'db') return classifyDbCommand(inv, extra);
  if (command === 'tinker') return classifyTinker(inv, args.value('--execute'), extra);
  const known = commands[command];
  if (known) {
    const forced = args.has('--force') && known.effect === 'destroy' ? ', and --force skips Laravel\'s production prompt' : '';
    return finding('laravel', command.replace(/:/g, '-'), known.effect, `${known.reason}${forced}`, { ...extra, scope: known.scope ?? 'infra' });
  }
  if (localPrefixes.some((p) => command.startsWith(p))) {
    return finding('laravel', 'local', 'write', `artisan ${command} only changes local files or caches`, { ...extra, scope: 'local' });
  }
  return finding('laravel', 'unrecognised', 'write',
    `artisan ${command} is a command Bulkhead does not know; it may change the database, so it is treated as a change`, extra);
}

/** `php artisan db` opens the database's own client; SQL may come on its input. */
function classifyDbCommand(inv: Invocation, extra: { targets: Finding['targets'] }): Finding {
  const input = stdinText(inv);
  if (input && 'text' in input) {
    const sql = classifySql(input.text);
    return finding('laravel', `db-${sql.effect}`, sql.effect, `artisan db runs SQL from its input: ${sql.reason}`, extra);
  }
  if (input) return finding('laravel', 'db-opaque', 'unknown', `artisan db runs SQL that it ${input.opaque}`, extra);
  return finding('laravel', 'db', 'read', 'opens a database client; what is typed there is checked by the terminal guard as it runs', extra);
}

/** Tinker runs PHP against the application: Eloquent calls decide. */
function classifyTinker(inv: Invocation, execute: string | undefined, extra: { targets: Finding['targets'] }): Finding {
  let code = execute;
  if (code === undefined) {
    const input = stdinText(inv);
    if (input && 'opaque' in input) return finding('laravel', 'tinker-opaque', 'unknown', `tinker runs PHP that it ${input.opaque}`, extra);
    code = input?.text;
  }
  if (code === undefined) {
    return finding('laravel', 'tinker', 'read', 'opens Tinker; what is typed there is checked by the terminal guard as it runs', extra);
  }
  const v = classifyEloquent(code);
  return finding('laravel', `tinker-${v.effect}`, v.effect, `tinker ${v.reason}`, extra);
}

export function classifyEloquent(code: string): { effect: Effect; reason: string } {
  const destructive = /::truncate\s*\(|->truncate\s*\(|Schema::(drop|dropIfExists|dropAllTables)\s*\(|::query\(\)\s*->\s*(delete|update)\s*\(|::(delete|update)\s*\(|->(forceDelete)\s*\(|DB::statement\s*\(\s*['"]\s*(DROP|TRUNCATE)/i.exec(code);
  if (destructive) return { effect: 'destroy', reason: 'runs PHP that truncates, drops or deletes every row of a table' };
  const sql = /DB::(?:statement|unprepared|delete|update|insert)\s*\(\s*(['"])((?:(?!\1)[^\\]|\\.)*)\1/.exec(code);
  if (sql) {
    const result = classifySql(sql[2]);
    if (result.effect !== 'read') return { effect: result.effect, reason: `runs SQL from PHP: ${result.reason}` };
  }
  const writes = /->(save|update|delete|create|insert|forceFill|increment|decrement|attach|detach|sync|push|touch|restore)\s*\(|::(create|insert|updateOrCreate|firstOrCreate|upsert|destroy)\s*\(|Artisan::call/.exec(code);
  if (writes) return { effect: 'write', reason: 'runs PHP that changes data' };
  if (/\b(exec|shell_exec|system|passthru|proc_open|popen|eval|file_put_contents|unlink|Http::)\b|`/.test(code)) {
    return { effect: 'unknown', reason: 'runs PHP that Bulkhead cannot follow (shell, files, network or eval)' };
  }
  if (code.includes(runtimeText)) return { effect: 'unknown', reason: 'runs PHP that is only known at run time' };
  return { effect: 'read', reason: 'runs PHP that only reads' };
}

export const artisanPack: Pack = {
  id: 'laravel',
  programs: ['artisan'], targetKinds: ['database', 'host', 'resource', 'stage'],
  classify: (original) => {
    const inv = withRuntimeArgs(original);
    return classifyArtisan(inv, inv.args);
  },
};

const phpValued = new Set(['-d', '-c', '-z', '-t', '-S', '--define', '--php-ini', '--zend-extension', '--docroot']);

/** `php artisan …`; other PHP scripts are not Laravel's. */
export function laravelFromPhp(original: Invocation): Finding | undefined {
  const inv = withRuntimeArgs(original);
  let script = 0;
  while (script < inv.args.length && inv.args[script].startsWith('-')) {
    const flag = inv.args[script];
    // `php -f artisan …` names the script; `-d key=value`, `-c php.ini` take a value.
    if (flag === '-f') {
      script++;
      break;
    }
    script += phpValued.has(flag) ? 2 : 1;
  }
  const name = inv.args[script];
  if (name === undefined) return undefined;
  if (name !== 'artisan' && !name.endsWith('/artisan')) return undefined;
  return classifyArtisan(inv, inv.args.slice(script + 1));
}

/** Laravel Sail runs the application's containers on this machine: its database is a local one. */
export const sailPack: Pack = {
  id: 'sail',
  programs: ['sail'], targetKinds: ['database', 'host', 'resource', 'stage'],
  classify(original) {
    const inv = withRuntimeArgs(original);
    const [command, ...rest] = inv.args;
    const local = { kind: 'stage', value: 'local', source: 'Laravel Sail runs on this machine' };
    const withLocal = (f: Finding): Finding => ({ ...f, targets: [...(f.targets ?? []), local] });
    if (command === 'artisan' || command === 'art') return withLocal(classifyArtisan(inv, rest));
    if (command === 'php') {
      const found = laravelFromPhp({ ...inv, args: rest });
      return found ? withLocal(found) : undefined;
    }
    if (command === 'tinker') return withLocal(classifyTinker(inv, undefined, { targets: [] }));
    if (command === 'mysql' || command === 'mariadb' || command === 'psql') return withLocal(classifyDbCommand(inv, { targets: [] }));
    return undefined;
  },
};
