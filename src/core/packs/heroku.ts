import type { Invocation, TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import type { ParsedArgs } from './args';
import { definePack } from './pack';
import { commandTable, destroy, local, read, secret, type Verdict, write } from './verdict';
import { stageNames } from '../targets/stages';

/**
 * Heroku CLI. Commands are `topic:command` (`pg:backups:delete`); newer releases also accept
 * spaces (`pg backups delete`), so both spellings are looked up. The app is the target:
 * `-a/--app`, $HEROKU_APP, `--confirm <app>`, the app named to `apps:destroy`; a git remote
 * named like a stage (`-r production`) names that stage.
 *
 * Decisions: `pg:reset`, `pg:copy`, `pg:push` and `pg:backups:restore` overwrite a database, so
 * they destroy like deleting it. `run`, `ps:exec` and `pg:psql` without SQL are writes: they run
 * arbitrary code with the app's config (its DATABASE_URL); the unwrapper judges `heroku run <cmd>`'s
 * command as run in the dyno. `pg:psql -c <sql>` (or SQL on stdin) is judged as SQL.
 * Showing config vars or credentials is a secret read.
 */

const commands = commandTable();
const { define } = commands;

define(['apps:destroy', 'destroy', 'apps:delete'], destroy('apps-destroy', 'destroys a Heroku app with its add-ons, config and releases'));
define(['addons:destroy', 'addons:remove'], destroy('addons-destroy', 'destroys a Heroku add-on (a database, cache, …) and its data'));
define(['pg:reset'], destroy('pg-reset', 'erases every table and all data in a Heroku Postgres database'));
define(['pg:backups:delete'], destroy('pg-backups-delete', 'deletes a Heroku Postgres backup'));
define(['pg:backups:restore', 'pg:copy', 'pg:push'], destroy('pg-overwrite', 'overwrites a Heroku Postgres database, losing its current data'));
define(['spaces:destroy'], destroy('spaces-destroy', 'destroys a Heroku private space'));
define(['redis:cli'], write('redis-cli', 'opens redis-cli on the app\'s Redis, where any command runs'));
define(['pg:psql'], write('pg-psql', 'opens psql on the app\'s database, where any statement runs'));
define(['run', 'run:detached', 'run:inside', 'console', 'ps:exec'], write('run', 'runs a command in a one-off dyno with the app\'s config and credentials'));
define(['config:set', 'config:add', 'config:unset', 'config:remove', 'config:edit', 'config:push'], write('config-set', 'changes the app\'s config vars, which restarts its dynos'));
define(['config', 'config:get', 'config:pull', 'pg:credentials:url', 'pg:backups:url', 'redis:credentials', 'auth:token',
  'authorizations:info'], secret('show-secrets', 'prints the app\'s config vars or credentials'));
define(['ps:scale', 'scale', 'ps:restart', 'restart', 'ps:stop', 'stop', 'ps:kill', 'kill', 'ps:type', 'type', 'ps:resize',
  'resize', 'ps:autoscale:enable', 'ps:autoscale:disable', 'dyno:scale', 'dyno:restart', 'dyno:stop', 'dyno:resize'], write('ps', 'scales, restarts or stops the app\'s dynos'));
define(['releases:rollback', 'rollback'], write('rollback', 'rolls the app back to an earlier release'));
define(['maintenance:on', 'maintenance:off'], write('maintenance', 'turns maintenance mode on or off for the app'));
define(['builds:create', 'deploy:jar', 'deploy:war', 'container:push', 'container:release', 'container:rm', 'pipelines:promote',
  'builds:cancel', 'builds:cache:purge'], write('deploy', 'deploys or releases a new build of the app'));
define(['pg:kill', 'pg:killall', 'pg:promote', 'pg:unfollow', 'pg:upgrade', 'pg:upgrade:run', 'pg:upgrade:prepare',
  'pg:maintenance:run', 'pg:maintenance:window', 'pg:credentials:create', 'pg:credentials:destroy', 'pg:credentials:rotate',
  'pg:credentials:repair-default', 'pg:backups:capture', 'pg:backups:schedule', 'pg:backups:unschedule', 'pg:backups:cancel',
  'pg:links:create', 'pg:links:destroy', 'pg:connection-pooling:attach', 'redis:maxmemory', 'redis:timeout', 'redis:promote',
  'redis:keyspace-notifications', 'redis:upgrade'], write('database', 'changes a Heroku data store (connections, credentials, backups, followers)'));
define(['domains:add', 'domains:remove', 'domains:clear', 'domains:update', 'certs:add', 'certs:update', 'certs:remove',
  'certs:auto:enable', 'certs:auto:disable', 'access:add', 'access:remove', 'access:update', 'buildpacks:set', 'buildpacks:add',
  'buildpacks:remove', 'buildpacks:clear', 'stack:set', 'apps:stacks:set', 'features:enable', 'features:disable', 'labs:enable',
  'labs:disable', 'drains:add', 'drains:remove', 'addons:create', 'addons:add', 'addons:attach', 'addons:detach',
  'addons:upgrade', 'addons:downgrade', 'addons:rename', 'apps:create', 'create', 'apps:rename', 'rename', 'apps:transfer',
  'apps:join', 'apps:leave', 'apps:lock', 'apps:unlock', 'pipelines:create', 'pipelines:update', 'pipelines:add',
  'pipelines:remove', 'pipelines:rename', 'pipelines:transfer', 'pipelines:connect', 'pipelines:setup', 'pipelines:destroy',
  'webhooks:add', 'webhooks:update', 'webhooks:remove', 'members:add', 'members:remove', 'members:set'], write('settings', 'changes app settings (domains, certificates, add-ons, buildpacks, access, pipelines)'));
define(['apps', 'apps:list', 'list', 'apps:info', 'info', 'apps:errors', 'apps:stacks', 'apps:favorites', 'apps:open', 'open',
  'logs', 'ps', 'ps:list', 'ps:wait', 'ps:forward', 'ps:socks', 'ps:copy', 'releases', 'releases:info', 'releases:output',
  'maintenance', 'addons', 'addons:list', 'addons:info', 'addons:open', 'addons:services', 'addons:plans', 'addons:docs',
  'addons:wait', 'domains', 'domains:info', 'domains:wait', 'certs', 'certs:info', 'certs:auto', 'access', 'buildpacks',
  'buildpacks:search', 'buildpacks:info', 'stack', 'features', 'features:info', 'labs', 'labs:info', 'drains', 'keys',
  'pipelines', 'pipelines:info', 'pipelines:list', 'pipelines:diff', 'pipelines:open', 'spaces', 'spaces:info', 'spaces:peerings',
  'teams', 'members', 'orgs', 'regions', 'status', 'version', 'whoami', 'auth:whoami', 'help', 'notifications', 'sessions',
  'authorizations', 'clients', 'webhooks', 'webhooks:info', 'webhooks:deliveries', 'ci', 'ci:info', 'ci:last', 'builds',
  'builds:info', 'builds:output', 'container:pull', 'redis', 'redis:info', 'redis:wait', 'redis:maintenance', 'pg',
  'pg:info', 'pg:diagnose', 'pg:ps', 'pg:locks', 'pg:outliers', 'pg:blocking', 'pg:bloat', 'pg:vacuum-stats', 'pg:wait',
  'pg:maintenance', 'pg:credentials', 'pg:links', 'pg:settings', 'pg:backups', 'pg:backups:info', 'pg:backups:schedules',
  'pg:backups:download', 'pg:pull', 'pg:cache-hit', 'pg:calls', 'pg:extensions', 'pg:index-size', 'pg:index-usage',
  'pg:long-running-queries', 'pg:records-rank', 'pg:seq-scans', 'pg:table-indexes-size', 'pg:table-size',
  'pg:total-index-size', 'pg:total-table-size', 'pg:unused-indexes', 'pg:user-connections', 'pg:mandelbrot', 'config:env'], read('read', 'reads Heroku app state, logs or metadata'));
define(['login', 'logout', 'auth:login', 'auth:logout', 'git:remote', 'git:clone', 'local', 'local:start', 'local:run',
  'local:version', 'plugins', 'plugins:install', 'plugins:uninstall', 'plugins:update', 'plugins:link', 'update',
  'autocomplete', 'container:login', 'container:logout', 'container:run', 'keys:add', 'keys:remove', 'keys:clear', 'auth:2fa'], local('local', 'write', 'changes local Heroku CLI state (login, git remotes, plugins) or runs the app locally'));

const valueFlags = [
  '-a', '--app', '-r', '--remote', '--confirm', '-c', '--command', '-f', '--file', '-s', '--size', '-t', '--team', '--space',
  '--region', '-e', '--env', '--type', '-p', '--plan', '--as', '--credential', '--wait-interval', '--at', '--from', '--to',
  '-n', '--num', '-d', '--dyno', '--source', '--stack', '--name', '--value', '--org', '--pipeline', '--stage', '--version',
  '--by', '--fork', '--follow', '--rollback', '--expires-in', '--description', '--scope', '--schedule', '--window',
];


/** The command id and the index of the first argument after it. */
function commandOf(positionals: readonly string[]): { id: string; next: number } | undefined {
  const [first, second, third] = positionals;
  if (first === undefined) return undefined;
  if (first.includes(':')) return { id: first, next: 1 };
  if (third !== undefined && commands.has(`${first}:${second}:${third}`)) return { id: `${first}:${second}:${third}`, next: 3 };
  if (second !== undefined && commands.has(`${first}:${second}`)) return { id: `${first}:${second}`, next: 2 };
  return { id: first, next: 1 };
}

/** `pg:settings:log-statement` shows a setting; with a value it changes it. */
function pgSetting(withValue: boolean): Verdict {
  return withValue
    ? { rule: 'pg-settings', effect: 'write', reason: 'changes a Heroku Postgres setting' }
    : { rule: 'read', effect: 'read', reason: 'reads a Heroku Postgres setting' };
}

function targetsOf(a: ParsedArgs, inv: Invocation, id: string, next: number): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const value of a.values('-a', '--app')) if (value) hints.push({ kind: 'app', value, source: '--app flag' });
  if (!a.has('-a', '--app') && inv.env.HEROKU_APP) hints.push({ kind: 'app', value: inv.env.HEROKU_APP, source: '$HEROKU_APP' });
  for (const value of a.values('--confirm')) if (value) hints.push({ kind: 'app', value, source: '--confirm flag' });
  for (const remote of a.values('-r', '--remote')) {
    if (stageNames.has(remote.toLowerCase())) hints.push({ kind: 'stage', value: remote, source: 'git remote' });
  }
  if (id === 'apps:destroy' || id === 'destroy' || id === 'apps:delete') {
    for (const name of a.positionals.slice(next)) hints.push({ kind: 'app', value: name, source: 'app being destroyed' });
  }
  if (id === 'pipelines:promote') {
    const downstream = a.values('--to').flatMap((v) => v.split(','));
    // Without --to the release goes to the next stage down the pipeline, usually production.
    if (downstream.length === 0) hints.splice(0, hints.length, { kind: 'stage', value: 'production', source: 'pipelines:promote (next stage)' });
    else hints.splice(0, hints.length, ...downstream.map((value) => ({ kind: 'app', value, source: '--to flag' })));
  }
  return hints;
}

/** `heroku run [-a app] cmd` runs the command in a one-off dyno of that app; `run:inside DYNO cmd` in a running one. */
const inDyno = {
  command: 'line',
  valueFlags: new Set(['-s', '--size', '-e', '--env', '--type']),
  targetFlags: { '-a': 'app', '--app': 'app', '-r': 'stage', '--remote': 'stage' },
  flagsAnywhere: true,
  runsIn: 'heroku dyno',
} as const;

export const herokuPack = definePack({
  id: 'heroku',
  programs: ['heroku'],
  targetKinds: ['app', 'stage'],
  carries: [{ sub: ['run', 'run:detached'], ...inDyno }, { sub: ['run:inside'], operands: 1, ...inDyno }],
  valueFlags,
  asksForHelp: (a) => a.has('--help', '-h') || a.positionals[0] === 'help' || a.positionals.length === 0 && a.has('--version', '-v'),
  targets(a, inv) {
    const found = commandOf(a.positionals);
    return found ? targetsOf(a, inv, found.id, found.next) : [];
  },
  rules: [],
  classify(a, inv) {
    const found = commandOf(a.positionals);
    if (!found) return local('bare', 'read', 'runs heroku without a command');
    const { id, next } = found;
    const command = commands.get(id) ?? (id.startsWith('pg:settings:') ? pgSetting(a.positionals.length > next) : undefined);
    if (command?.rule === 'pg-psql') {
      const sql = a.value('-c', '--command') ?? (a.has('-f', '--file') ? undefined : inv.stdin?.text);
      if (sql !== undefined) {
        const verdict = classifySql(sql);
        return { rule: 'pg-psql-sql', effect: verdict.effect, reason: `runs SQL on the app's database: ${verdict.reason}` };
      }
    }
    return command;
  },
});
