import type { Effect, Finding, Invocation } from '../model';
import { classifySql } from '../sql/classify';
import type { ParsedArgs } from './args';
import { type FrameworkEnvironment, frameworkHints, runtimeText, withRuntimeArgs } from './databaseTargets';
import { codeConsole, sqlConsole } from './frameworkConsoles';
import { definePack } from './pack';
import type { Verdict } from './verdict';

/**
 * Django management commands: `python manage.py …`, `./manage.py …`, `django-admin …` and
 * `python -m django …`. The settings module (`--settings`, `DJANGO_SETTINGS_MODULE`) usually
 * names the environment (`config.settings.production`); `DATABASE_URL` is read by most
 * settings files through dj-database-url or django-environ.
 */

/** What a management command does; its reason follows the name the command was run by. */
type Command = Omit<Verdict, 'rule'>;

const c = (effect: Effect, reason: string, scope?: Command['scope']): Command => (scope ? { effect, reason, scope } : { effect, reason });

const commands: Readonly<Record<string, Command>> = {
  flush: c('destroy', 'flush deletes every row from every table'),
  reset_db: c('destroy', 'reset_db drops and recreates the database'),
  reset_schema: c('destroy', 'reset_schema drops and recreates the database schema'),
  drop_test_database: c('write', 'drop_test_database removes the scratch test database'),
  remove_stale_contenttypes: c('destroy', 'remove_stale_contenttypes deletes content types and every row that refers to them'),
  delete_squashed_migrations: c('write', 'deletes local migration files', 'local'),
  loaddata: c('write', 'loaddata writes fixture rows into the database'),
  createsuperuser: c('write', 'createsuperuser adds an administrator account'),
  changepassword: c('write', 'changepassword changes a user\'s password'),
  clearsessions: c('write', 'clearsessions deletes expired sessions'),
  createcachetable: c('write', 'createcachetable creates cache tables'),
  sqlflush: c('read', 'sqlflush only prints the SQL flush would run'),
  sqlmigrate: c('read', 'sqlmigrate only prints the SQL of a migration'),
  sqlsequencereset: c('read', 'sqlsequencereset only prints SQL'),
  sqldiff: c('read', 'sqldiff only prints SQL'),
  showmigrations: c('read', 'showmigrations only reads the migration state'),
  dumpdata: c('read', 'dumpdata only reads data out'),
  inspectdb: c('read', 'inspectdb only reads the database schema'),
  check: c('read', 'check only validates the project', 'local'),
  diffsettings: c('read', 'diffsettings only prints settings', 'local'),
  show_urls: c('read', 'show_urls only lists URLs', 'local'),
  version: c('read', 'prints the version', 'local'),
  help: c('read', 'prints help', 'local'),
  makemigrations: c('write', 'makemigrations writes local migration files', 'local'),
  squashmigrations: c('write', 'squashmigrations writes local migration files', 'local'),
  optimizemigration: c('write', 'optimizemigration rewrites a local migration file', 'local'),
  startapp: c('write', 'creates local files', 'local'),
  startproject: c('write', 'creates local files', 'local'),
  makemessages: c('write', 'writes local translation files', 'local'),
  compilemessages: c('write', 'writes local translation files', 'local'),
  collectstatic: c('write', 'collectstatic copies static files into the static root or storage'),
  runserver: c('read', 'runs the development server', 'local'),
  runserver_plus: c('read', 'runs the development server', 'local'),
  test: c('read', 'runs the tests against a scratch test database', 'local'),
  testserver: c('read', 'runs a server on a scratch test database', 'local'),
  graph_models: c('write', 'draws local diagram files', 'local'),
  clean_pyc: c('write', 'removes local .pyc files', 'local'),
  shell_plus: c('read', 'opens a Django shell'),
};

const environment: FrameworkEnvironment = {
  nameFlags: ['--settings', '--database'],
  variables: { DJANGO_SETTINGS_MODULE: 'settings', DATABASE_URL: 'url', DJANGO_ENV: 'stage', DJANGO_CONFIGURATION: 'stage' },
};

const valueFlags = ['--settings', '--database', '--pythonpath', '-v', '--verbosity', '-c', '--command', '-i', '--interface',
  '-e', '--exclude', '-o', '--output', '--format', '--indent', '-a', '--app', '--pks', '--ignorenonexistent', '--username', '--email',
  '-n', '--name', '--traceback'];

/** Python run by `manage.py shell -c`: the ORM calls in it. */
export function classifyDjangoCode(code: string): { effect: Effect; reason: string } {
  const everything = /\.objects\s*(?:\.\s*all\s*\(\s*\))?\s*\.\s*(delete|update)\s*\(/.exec(code)
    ?? /\.all\s*\(\s*\)\s*\.\s*(delete|update)\s*\(/.exec(code);
  if (everything) return { effect: 'destroy', reason: `runs Python that calls ${everything[1]}() on every row of a table` };
  const flush = /call_command\s*\(\s*['"](flush|reset_db|migrate['"]\s*,\s*['"]\w+['"]\s*,\s*['"]zero)/.exec(code);
  if (flush) return { effect: 'destroy', reason: 'runs Python that calls a destructive management command' };
  const sql = /\.execute\s*\(\s*(['"])((?:(?!\1)[^\\]|\\.)*)\1/.exec(code);
  if (sql) {
    const result = classifySql(sql[2]);
    if (result.effect !== 'read') return { effect: result.effect, reason: `runs SQL from Python: ${result.reason}` };
  }
  const writes = /\.(delete|update|save|create|bulk_create|bulk_update|get_or_create|update_or_create|add|remove|clear|set_password)\s*\(|call_command\s*\(/.exec(code);
  if (writes) return { effect: 'write', reason: `runs Python that calls ${writes[1] ?? 'call_command'}(), changing data` };
  if (/\b(os\.system|subprocess|exec|eval|open|requests|urllib|__import__)\b/.test(code)) {
    return { effect: 'unknown', reason: 'runs Python that Bulkhead cannot follow (shell, files, network or eval)' };
  }
  if (code.includes(runtimeText)) return { effect: 'unknown', reason: 'runs Python that is only known at run time' };
  return { effect: 'read', reason: 'runs Python that only reads' };
}

function classifyManage(args: ParsedArgs, inv: Invocation, label: string): Verdict {
  const [command, ...operands] = args.positionals;
  if (!command || args.has('--help', '-h', '--version')) {
    return { rule: 'info', effect: 'read', reason: `${label} only prints help or a list of commands`, scope: 'local' };
  }
  switch (command) {
    case 'migrate':
      return classifyMigrate(args.has('--plan', '--check'), args.has('--fake'), operands);
    case 'dbshell':
      return classifyDbshell(inv, args.rest);
    case 'shell':
      return codeConsole(inv, args.value('-c', '--command'), { rule: 'shell', label: 'shell', language: 'Python', opens: 'a Django shell', read: classifyDjangoCode });
  }
  const known = commands[command];
  if (known) return { ...known, rule: command, reason: `${label} ${known.reason}` };
  return { rule: 'unrecognised', effect: 'write', reason: `${label} ${command} is a management command Bulkhead does not know; it may change the database, so it is treated as a change` };
}

function classifyMigrate(readOnly: boolean, fake: boolean, operands: readonly string[]): Verdict {
  if (readOnly) return { rule: 'migrate-plan', effect: 'read', reason: 'migrate --plan/--check only reports what would run' };
  if (operands[1] === 'zero') {
    return { rule: 'migrate-zero', effect: 'destroy', reason: `migrate ${operands[0]} zero reverts every migration of the app, dropping its tables` };
  }
  if (fake) return { rule: 'migrate-fake', effect: 'write', reason: 'migrate --fake rewrites the migration history without running migrations' };
  if (operands.length >= 2) {
    return { rule: 'migrate-to', effect: 'write', reason: `migrate ${operands[0]} ${operands[1]} moves the app to that migration (forwards or backwards)` };
  }
  return { rule: 'migrate', effect: 'write', reason: 'migrate applies pending migrations to the database' };
}

function classifyDbshell(inv: Invocation, passthrough: readonly string[]): Verdict {
  // `manage.py dbshell -- -c "SQL"` hands the arguments after `--` to psql/mysql.
  for (let i = 0; i < passthrough.length; i++) {
    if (['-c', '--command', '-e', '--execute'].includes(passthrough[i]) && passthrough[i + 1] !== undefined) {
      if (passthrough[i + 1].trim() === runtimeText) {
        return { rule: 'dbshell-opaque', effect: 'unknown', reason: 'dbshell runs SQL that is only known at run time' };
      }
      const sql = classifySql(passthrough[i + 1]);
      return { rule: `dbshell-${sql.effect}`, effect: sql.effect, reason: `dbshell runs SQL: ${sql.reason}` };
    }
  }
  return sqlConsole(inv, { rule: 'dbshell', label: 'dbshell', opens: 'a database shell' });
}

/** The name a command was run by, as its reasons say it: `python -m django` is `django`. */
const labels: Readonly<Record<string, string>> = { 'manage.py': 'manage.py', django: 'django' };

/** `manage.py …`, `django-admin …`; `python manage.py …` and `python -m django …` come through djangoFromPython. */
export const djangoPack = definePack({
  id: 'django',
  programs: ['manage.py', 'django-admin', 'django-admin.py'],
  targetKinds: ['database', 'host', 'resource', 'stage'],
  prepare: withRuntimeArgs,
  valueFlags,
  // Help and `help` are management commands here, whose reasons name the program.
  asksForHelp: () => false,
  targets: (args, inv) => frameworkHints(inv, (...flags) => args.values(...flags), environment),
  classify: (args, inv) => classifyManage(args, inv, labels[inv.program] ?? 'django-admin'),
  rules: [],
});

/** Where a python invocation runs Django; other `python` uses are left to other packs (or none). */
export function djangoFromPython(original: Invocation): Finding | readonly Finding[] | undefined {
  const inv = withRuntimeArgs(original);
  const args = inv.args;
  let i = 0;
  while (i < args.length && args[i].startsWith('-') && args[i] !== '-m') i++;
  const run = (program: string, from: number) => djangoPack.classify({ ...inv, program, args: args.slice(from), words: inv.words.slice(from) });
  if (args[i] === '-m' && args[i + 1] === 'django') return run('django', i + 2);
  const script = args[i];
  if (script && (script === 'manage.py' || script.endsWith('/manage.py'))) return run('manage.py', i + 1);
  return undefined;
}
