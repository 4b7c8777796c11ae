import type { Finding, Invocation, TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import { parseArgs, type ParsedArgs } from './args';
import { definePack, type Pack } from './pack';
import { stageOfFileName } from '../targets/stages';

/**
 * Fly.io (`fly`, `flyctl`). The app is the target: `-a/--app`, $FLY_APP, the app names given to
 * `apps destroy`, and the stage in a config file name (`-c fly.production.toml`). Without them
 * flyctl uses `fly.toml` in the working directory, which the core cannot read.
 *
 * `mpg connect -c <sql>` (and SQL piped into a Postgres console) is judged as SQL; `-f <file>`
 * runs a file Bulkhead cannot read, a write. `ssh console -C <cmd>` runs `<cmd>` in the app: a
 * write until the engine unwraps it.
 */

const apps = ['apps', 'app'];
const machines = ['machine', 'machines', 'm'];
const volumes = ['volumes', 'volume', 'vol'];
const postgres = ['postgres', 'pg'];
const storage = ['tigris', 'storage'];
const extensions = ['extensions', 'ext'];
const destroyVerbs = ['destroy', 'delete', 'remove', 'rm'];

const each = (nouns: readonly string[], verbs: readonly string[]): string[] =>
  nouns.flatMap((noun) => verbs.map((verb) => `${noun} ${verb}`));

const runsSql = (a: ParsedArgs): boolean => a.positionals[0] === 'mpg' && a.positionals[1] === 'connect';

const table = definePack({
  id: 'fly',
  programs: ['fly', 'flyctl'],
  valueFlags: [
    '-c', '--config', '-t', '--access-token', '-r', '--region', '-i', '--image', '-o', '--org', '--vm-size', '--vm-memory',
    '--vm-cpus', '--strategy', '--build-arg', '--build-secret', '-e', '--env', '--dockerfile', '--build-target', '--label',
    '--file-literal', '--file-local', '--file-secret', '-s', '--size', '-n', '--name', '--volume', '--count',
    '--max-per-region', '--process-group', '--group', '--mount-path', '--snapshot-id', '-C', '--command', '-u', '--user',
    '--wait-timeout', '--lease-ttl', '--signal', '--timeout', '--schedule', '--cluster', '-d', '--database', '--port',
    '-p', '--bind-addr', '--metadata', '--restart', '--entrypoint', '--machine', '--select', '--from', '--to',
    '--initial-cluster-size', '--password', '--plan', '--ha', '--image-label', '--primary-region', '--regions',
  ],
  targetFlags: { '-a': 'app', '--app': 'app' },
  envTargets: { FLY_APP: 'app' },
  readFlags: ['-h', '--version'],
  rules: [
    { id: 'mpg-connect', sub: 'mpg connect', effect: 'write',
      reason: 'opens psql on a Fly Managed Postgres cluster (or runs the SQL given to it)' },
    {
      id: 'destroy-app',
      sub: ['destroy', ...each(apps, ['destroy', 'delete'])],
      effect: 'destroy',
      reason: 'destroys a Fly app with its machines, volumes and secrets',
    },
    { id: 'volume-destroy', sub: [...each(volumes, destroyVerbs), ...each(volumes.map((v) => `${v} snapshots`), destroyVerbs)],
      effect: 'destroy', reason: 'destroys a Fly volume (or its snapshots) and all the data on it' },
    { id: 'machine-destroy', sub: each(machines, destroyVerbs), effect: 'destroy', reason: 'destroys Fly machines and their root file systems' },
    {
      id: 'database-destroy',
      sub: [...each(postgres, ['destroy']), ...each(['mpg'], destroyVerbs), ...each(['redis'], destroyVerbs),
        ...each(storage, destroyVerbs), ...each(extensions.map((e) => `${e} *`), ['destroy']), ...each(['orgs', 'org'], ['delete'])],
      effect: 'destroy',
      reason: 'destroys a Fly database, storage bucket, extension or organization with its data',
    },
    {
      id: 'read',
      sub: ['status', 'logs', 'list', 'ls', 'info', 'releases', 'history', 'version', 'doctor', 'dashboard', 'dash', 'open',
        'docs', 'platform', 'ping', 'dig', 'monitor', 'jobs', 'proxy', 'help', 'checks',
        ...each(apps, ['list', 'ls', 'open', 'releases', 'errors']),
        ...each(['config'], ['show', 'display', 'env', 'validate']),
        ...each(['certs', 'cert'], ['list', 'ls', 'show', 'check']),
        ...each(['ips', 'ip'], ['list', 'ls', 'private']),
        ...each(volumes, ['list', 'ls', 'show', 'snapshots list', 'snapshots ls']),
        'secrets list', 'secrets ls', 'secret list', 'scale show', 'regions list', 'image show', 'img show',
        ...each(machines, ['list', 'ls', 'status', 'leases view']),
        ...each(postgres, ['list', 'ls', 'db list', 'users list', 'config show', 'events', 'backup list']),
        'mpg list', 'mpg ls', 'mpg status', 'mpg proxy', 'mpg databases list', 'mpg users list', 'mpg backup list',
        'redis list', 'redis status', 'redis dashboard', ...each(storage, ['list', 'status', 'dashboard']),
        ...each(['orgs', 'org'], ['list', 'show']), 'tokens list', 'auth whoami', 'wireguard list', 'wg list',
        ...each(extensions.map((e) => `${e} *`), ['list', 'status', 'dashboard']), 'ssh log'],
      effect: 'read',
      reason: 'reads Fly app state, logs or configuration',
    },
    { id: 'auth-token', sub: ['auth token', 'tokens create'], effect: 'read', scope: 'secret', reason: 'prints a Fly API token' },
    {
      id: 'local',
      sub: ['auth login', 'auth logout', 'auth signup', 'auth docker', 'login', 'logout', 'config save', 'agent', 'ssh issue',
        'settings', 'completion'],
      effect: 'write',
      scope: 'local',
      reason: 'changes local Fly settings (login, agent, fly.toml)',
    },
    { id: 'shell', sub: ['ssh', 'console', ...each(postgres, ['connect']), 'redis connect', ...each(machines, ['exec'])],
      effect: 'write', reason: 'opens a shell or database console inside a running Fly app' },
    { id: 'machine', sub: machines, effect: 'write', reason: 'starts, stops, updates or runs Fly machines' },
    { id: 'volume', sub: volumes, effect: 'write', reason: 'creates, extends, forks or snapshots Fly volumes' },
    { id: 'network', sub: ['certs', 'cert', 'ips', 'ip'], effect: 'write', reason: 'changes an app\'s certificates or IP addresses' },
    { id: 'secrets', sub: ['secrets', 'secret'], effect: 'write', reason: 'sets or unsets app secrets, which restarts its machines' },
    { id: 'deploy', sub: ['deploy', 'launch', 'scale', 'regions', 'restart', 'suspend', 'resume', ...each(apps, ['restart', 'create', 'move'])],
      effect: 'write', reason: 'deploys, scales or restarts a Fly app' },
  ],
  targets: (a) => {
    const hints: TargetHint[] = [];
    const [first, second] = a.positionals;
    const appNames = first === 'destroy' ? a.positionals.slice(1)
      : apps.includes(first ?? '') && ['destroy', 'delete', 'restart', 'move', 'open'].includes(second ?? '') ? a.positionals.slice(2) : [];
    for (const name of appNames) hints.push({ kind: 'app', value: name, source: `fly ${first} argument` });
    if (!runsSql(a)) {
      for (const file of a.values('-c', '--config')) {
        const stage = file && stageOfFileName(file);
        if (stage) hints.push({ kind: 'stage', value: stage, source: `config file ${file}` });
      }
    }
    return hints;
  },
});

const postgresTopics = new Set(['postgres', 'pg']);
const sqlFlags = new Set(['-c', '--command', '-f', '--file', '-a', '--app', '-d', '--database', '-u', '--user', '-o', '--org']);

/** The SQL a database console will run, when the command line shows it. */
function sqlOf(finding: Finding, inv: Invocation): string | undefined {
  if (finding.ruleId === 'fly.mpg-connect') {
    const a = parseArgs(inv.args, sqlFlags);
    const command = a.value('-c', '--command');
    if (command !== undefined) return command;
    if (a.has('-f', '--file')) return undefined;
  } else if (finding.ruleId !== 'fly.shell' || !postgresTopics.has(inv.args.find((w) => !w.startsWith('-')) ?? '')) {
    return undefined;
  }
  return inv.stdin?.text;
}

export const flyPack: Pack = {
  id: 'fly',
  programs: ['fly', 'flyctl'], targetKinds: ['app', 'stage'],
  // fly ssh console -C "cmd" [-a app]: the command runs in a machine of that app.
  carries: [{ sub: ['ssh console'], command: ['-C', '--command'], targetFlags: { '-a': 'app', '--app': 'app' }, envTargets: { FLY_APP: 'app' }, runsIn: 'fly machine' }],
  classify(inv) {
    const finding = table.classify(inv) as Finding;
    const sql = sqlOf(finding, inv);
    if (sql === undefined) return finding;
    const verdict = classifySql(sql);
    return { ...finding, ruleId: `${finding.ruleId}-sql`, effect: verdict.effect, reason: `runs SQL on a Fly Postgres cluster: ${verdict.reason}` };
  },
};
