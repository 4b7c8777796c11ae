import type { TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import type { ParsedArgs } from './args';
import { definePack } from './pack';
import { commandTable, destroy, local, read, secret, type Verdict, write } from './verdict';

/**
 * Supabase CLI. Most database commands can act on the local stack (Docker) or on a hosted
 * project: `--linked`/`--remote` (the linked project, ambient `supabase-project`),
 * `--project-ref`, or `--db-url`. `--local` forces the local stack. Where the default differs
 * between CLI versions (`db push` went from the linked project to local), the remote reading is
 * taken: a change that might reach a hosted database is treated as reaching it.
 *
 * Local work has no target: `db reset` on the local stack still asks (a destroy), a local
 * migration or `start` does not.
 */

type Where = 'remote' | 'local' | 'always-local';

type Command = Verdict & { readonly where: Where };

const commands = commandTable<{ readonly where: Where }>();
const { define } = commands;

define(['db push'], write('db-push', 'applies local migrations to the database'), { where: 'remote' });
define(['db reset'], destroy('db-reset', 'drops the database and recreates it from migrations and seed data'), { where: 'local' });
define(['db dump', 'db pull', 'migration list', 'migration fetch', 'db remote changes', 'inspect', 'gen', 'gen types'], read('db-read', 'reads the database schema, data or migration history'), { where: 'remote' });
define(['db diff', 'db lint'], read('db-read', 'compares or lints the database schema'), { where: 'local' });
define(['db query', 'db execute'], write('db-query', 'runs SQL against the database'), { where: 'local' });
define(['db remote commit'], read('db-pull', 'pulls the remote schema into a local migration'), { where: 'remote' });
define(['migration up'], write('migration-up', 'applies pending migrations to the database'), { where: 'local' });
define(['migration down'], destroy('migration-down', 'reverts applied migrations, dropping what they created'), { where: 'local' });
define(['migration repair'], write('migration-repair', 'rewrites the database\'s migration history table'), { where: 'remote' });
define(['migration squash'], write('migration-squash', 'squashes migration files (reading the schema from a database)'), { where: 'local' });
define(['migration new', 'init', 'link', 'unlink', 'login', 'logout', 'start', 'db start', 'status', 'completion', 'test',
  'test db', 'test new', 'functions serve', 'functions new', 'stop'], write('local', 'changes local Supabase files or the local Docker stack'), { where: 'always-local' });
define(['status', 'services'], read('local-read', 'shows the local stack\'s status and versions'), { where: 'always-local' });
define(['projects list', 'orgs list', 'functions list', 'functions download', 'secrets list', 'branches list', 'branches get',
  'storage ls', 'backups list', 'postgres-config get', 'snippets list', 'snippets download', 'sso list', 'sso show', 'sso info',
  'domains get', 'vanity-subdomains get', 'vanity-subdomains check-availability', 'network-bans get',
  'network-restrictions get', 'ssl-enforcement get'], read('read', 'reads Supabase project settings or lists'), { where: 'remote' });
define(['projects api-keys', 'encryption get-root-key', 'gen keys'], secret('show-keys', 'prints the project\'s API keys (the service_role key bypasses row-level security)'), { where: 'remote' });
define(['projects delete'], destroy('projects-delete', 'deletes a Supabase project with its database, storage and functions'), { where: 'remote' });
define(['functions delete'], destroy('functions-delete', 'deletes a deployed Edge Function'), { where: 'remote' });
define(['branches delete', 'branches disable'], destroy('branches-delete', 'deletes preview branches and their databases'), { where: 'remote' });
define(['storage rm'], destroy('storage-rm', 'deletes objects from Supabase Storage'), { where: 'remote' });
define(['backups restore'], destroy('backups-restore', 'restores a backup over the project\'s database'), { where: 'remote' });
define(['functions deploy'], write('functions-deploy', 'deploys Edge Functions'), { where: 'remote' });
define(['secrets set', 'secrets unset'], write('secrets', 'changes the project\'s Edge Function secrets'), { where: 'remote' });
define(['storage cp', 'storage mv', 'seed', 'seed buckets'], write('storage', 'uploads or moves objects in Supabase Storage'), { where: 'remote' });
define(['config push', 'projects create', 'orgs create', 'branches create', 'branches update', 'branches pause',
  'branches unpause', 'postgres-config update', 'postgres-config delete', 'bootstrap'], write('project', 'changes Supabase project settings or creates projects and branches'), { where: 'remote' });

const remoteFlags = ['--linked', '--remote', '--db-url', '--project-ref'];

const valueFlags = [
  '--db-url', '--project-ref', '--project-id', '-p', '--password', '--workdir', '--profile', '-o', '--output', '--network-id', '-s', '--schema',
  '-f', '--file', '--version', '--status', '--last', '--name', '--org-id', '--region', '--db-password', '--import-map',
  '--env-file', '--include', '--exclude', '--level', '--fail-on', '--use-migra', '--from', '--to', '--lang', '--experimental-flag',
  '--dns-resolver', '--jobs', '--plan', '--size', '--git-branch', '--persistent', '--output-format', '--agent', '--data-only-file',
];

function commandOf(positionals: readonly string[]): { id: string; command?: Command } {
  const [first, second] = positionals;
  const two = `${first} ${second}`;
  if (second !== undefined && commands.has(two)) return { id: two, command: commands.get(two) };
  return { id: first ?? '', command: commands.get(first ?? '') };
}

function targetsOf(id: string, a: ParsedArgs, env: Readonly<Record<string, string>>): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const value of a.values('--project-ref', '--project-id')) if (value) hints.push({ kind: 'supabase-project', value, source: 'project flag' });
  if (id === 'projects delete' && a.positionals[2]) hints.push({ kind: 'supabase-project', value: a.positionals[2], source: 'project being deleted' });
  if (hints.length === 0 && env.SUPABASE_PROJECT_ID) hints.push({ kind: 'supabase-project', value: env.SUPABASE_PROJECT_ID, source: '$SUPABASE_PROJECT_ID' });
  return hints;
}

/** `db query "<sql>"` or SQL on stdin is judged as SQL; a file Bulkhead cannot read stays a write. */
function sqlCommand(a: ParsedArgs, stdin: string | undefined): Command {
  const sql = a.has('-f', '--file') ? undefined : a.positionals[2] ?? stdin;
  const base = commands.get('db query') as Command;
  if (sql === undefined) return base;
  const verdict = classifySql(sql);
  return { ...base, rule: 'db-query-sql', effect: verdict.effect, reason: `runs SQL: ${verdict.reason}` };
}

export const supabasePack = definePack({
  id: 'supabase',
  programs: ['supabase'],
  targetKinds: ['supabase-project'],
  valueFlags,
  ambient: ['supabase-project'],
  asksForHelp: (a) => a.has('--help', '-h') || a.positionals.length === 0 || a.positionals[0] === 'help' || a.has('--version') && a.positionals.length === 0,
  targets: (a, inv) => targetsOf(commandOf(a.positionals).id, a, inv.env),
  rules: [],
  classify(a, inv) {
    const { id, command } = commandOf(a.positionals);
    if (id === 'stop' && a.has('--no-backup')) return local('stop-no-backup', 'destroy', 'stops the local stack and deletes its database volumes');
    if (!command) return undefined;
    if (id === 'link' && a.value('--project-ref')) {
      // Later commands on the line act on the project just linked.
      return { ...local('link', 'write', command.reason), setsAmbient: { 'supabase-project': a.value('--project-ref') as string } };
    }
    const remote = command.where !== 'always-local' && !a.has('--local') && (command.where === 'remote' || a.has(...remoteFlags));
    const judged = command.rule === 'db-query' ? sqlCommand(a, inv.stdin?.text) : command;
    if (!remote) return local(judged.rule, judged.effect, `${judged.reason} (local stack)`);
    if (a.has('--dry-run') && judged.effect !== 'read') return { rule: 'dry-run', effect: 'read', scope: judged.scope, reason: 'a dry run shows what would change and changes nothing' };
    return { rule: judged.rule, effect: judged.effect, scope: judged.scope, reason: judged.reason };
  },
});
