import type { Effect, Finding, Invocation, TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import { parseArgs, type ParsedArgs } from './args';
import { type FrameworkEnvironment, frameworkHints, runtimeText, withRuntimeArgs } from './databaseTargets';
import { codeConsole, sqlConsole } from './frameworkConsoles';
import { definePack } from './pack';
import type { Verdict } from './verdict';

/**
 * Laravel's `php artisan …` (also `./artisan`, `sail artisan`). The environment comes from
 * `--env=…` or `APP_ENV`; the connection from the `DB_*` variables. `--force` is what Laravel
 * demands before migrating in production, so it never lowers the effect.
 */

/** What an artisan command does; the rule is the command's name. */
type Command = Omit<Verdict, 'rule'>;

const c = (effect: Effect, reason: string, scope?: Command['scope']): Command => (scope ? { effect, reason, scope } : { effect, reason });

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

const valueFlags = ['--env', '--database', '--path', '--seed', '--seeder', '--class', '--step', '--batch', '--execute',
  '--connection', '--queue', '-v', '--verbosity'];
const valueFlagSet: ReadonlySet<string> = new Set(valueFlags);

const artisanTargets = (args: ParsedArgs, inv: Invocation): TargetHint[] => frameworkHints(inv, (...flags) => args.values(...flags), environment);

function classifyArtisan(args: ParsedArgs, inv: Invocation): Verdict {
  const command = args.positionals[0];
  if (!command || args.has('--help', '-h', '--version', '-V')) {
    return { rule: 'info', effect: 'read', reason: 'artisan only prints help or a list of commands', scope: 'local' };
  }
  if (command === 'migrate' || (command.startsWith('migrate:') && args.has('--pretend'))) {
    if (args.has('--pretend')) return { rule: 'pretend', effect: 'read', reason: '--pretend only prints the SQL the migrations would run' };
    if (args.has('--seed') || args.has('--seeder')) return { rule: 'migrate', effect: 'write', reason: 'migrate applies pending migrations and seeds the database' };
    return { rule: 'migrate', effect: 'write', reason: 'migrate applies pending migrations to the database' };
  }
  if (command === 'db') return sqlConsole(inv, artisanDb);
  if (command === 'tinker') return codeConsole(inv, args.value('--execute'), tinker);
  const known = commands[command];
  if (known) {
    const forced = args.has('--force') && known.effect === 'destroy' ? ', and --force skips Laravel\'s production prompt' : '';
    return { ...known, rule: command.replace(/:/g, '-'), reason: `${known.reason}${forced}` };
  }
  if (localPrefixes.some((p) => command.startsWith(p))) {
    return { rule: 'local', effect: 'write', reason: `artisan ${command} only changes local files or caches`, scope: 'local' };
  }
  return { rule: 'unrecognised', effect: 'write', reason: `artisan ${command} is a command Bulkhead does not know; it may change the database, so it is treated as a change` };
}

/** `php artisan db` opens the database's own client; SQL may come on its input. */
const artisanDb = { rule: 'db', label: 'artisan db', opens: 'a database client' };
/** Tinker runs PHP against the application: Eloquent calls decide. */
const tinker = { rule: 'tinker', label: 'tinker', language: 'PHP', opens: 'Tinker', read: (code: string) => classifyEloquent(code) };

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

/** `artisan …`, `./artisan …`; `php artisan …` comes through laravelFromPhp, `sail artisan …` through the sail pack. */
export const artisanPack = definePack({
  id: 'laravel',
  programs: ['artisan'],
  targetKinds: ['database', 'host', 'resource', 'stage'],
  prepare: withRuntimeArgs,
  valueFlags,
  // `help` and `list` are artisan commands, and `--help` is read there with the rest.
  asksForHelp: () => false,
  targets: artisanTargets,
  classify: classifyArtisan,
  rules: [],
});

const phpValued = new Set(['-d', '-c', '-z', '-t', '-S', '--define', '--php-ini', '--zend-extension', '--docroot']);

/** Where in a php command line the artisan script stands, so that its words follow; undefined for another script. */
function artisanScript(args: readonly string[]): number | undefined {
  let script = 0;
  while (script < args.length && args[script].startsWith('-')) {
    const flag = args[script];
    // `php -f artisan …` names the script; `-d key=value`, `-c php.ini` take a value.
    if (flag === '-f') {
      script++;
      break;
    }
    script += phpValued.has(flag) ? 2 : 1;
  }
  const name = args[script];
  if (name === undefined || (name !== 'artisan' && !name.endsWith('/artisan'))) return undefined;
  return script;
}

/** The invocation from word `from` on, as the program it runs sees it. */
const from = (inv: Invocation, start: number): Invocation => ({ ...inv, args: inv.args.slice(start), words: inv.words.slice(start) });

/** `php artisan …`; other PHP scripts are not Laravel's. */
export function laravelFromPhp(original: Invocation): Finding | readonly Finding[] | undefined {
  const inv = withRuntimeArgs(original);
  const script = artisanScript(inv.args);
  return script === undefined ? undefined : artisanPack.classify(from(inv, script + 1));
}

/** Laravel Sail runs the application's containers on this machine: its database is a local one. */
export const sailPack = definePack({
  id: 'sail',
  programs: ['sail'],
  targetKinds: ['database', 'host', 'resource', 'stage'],
  prepare: withRuntimeArgs,
  asksForHelp: () => false,
  classify(_args, inv) {
    const [command, ...rest] = inv.args;
    const local: TargetHint = { kind: 'stage', value: 'local', source: 'Laravel Sail runs on this machine' };
    const artisan = (words: Invocation): Verdict => {
      const args = parseArgs(words.args, valueFlagSet);
      return { ...classifyArtisan(args, words), targets: [...artisanTargets(args, words), local] };
    };
    if (command === 'artisan' || command === 'art') return artisan(from(inv, 1));
    if (command === 'php') {
      const script = artisanScript(rest);
      return script === undefined ? [] : artisan(from(inv, script + 2));
    }
    if (command === 'tinker') return { ...codeConsole(inv, undefined, tinker), targets: [local] };
    if (command === 'mysql' || command === 'mariadb' || command === 'psql') return { ...sqlConsole(inv, artisanDb), targets: [local] };
    // Sail's other commands (up, npm, composer) are left to their words.
    return [];
  },
  rules: [],
});
