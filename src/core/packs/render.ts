import type { Invocation, TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import type { ParsedArgs } from './args';
import { stageHints } from './cloud-common';
import { definePack } from './pack';
import type { Verdict } from './verdict';

/**
 * Render CLI (`render`). Everything acts in the active workspace (`render workspace set`,
 * $RENDER_WORKSPACE, `--workspace`), an `account` target; the service, Postgres or Key Value named
 * on the line is an `app` or `database` target, and a name or `--environment` that carries a stage
 * (`acme-api-prod`, `--environment Production`) names that stage. RENDER_API_KEY is the credential.
 *
 * Decisions worth knowing:
 * - `services delete`, `postgres delete` and `keyvalue delete` destroy. Without `--confirm` they
 *   only preview, but the preview is one flag away and an agent adds it, so the effect is judged
 *   the same; the reason says so.
 * - `psql -c SQL`, or SQL piped into `psql`, is judged by its SQL; an interactive `psql`, `pgcli`, `kv-cli` or `ssh` can
 *   change anything and is a write. `postgres get --include-sensitive-connection-info` prints the
 *   database's password: a secret read.
 * - `jobs create --start-command CMD` runs CMD on the service, `ea sandboxes exec ID -- CMD` in a sandbox
 *   and `workflows dev -- CMD` here: the command is judged as if typed there.
 * - `--output json` and `--confirm` are global flags: they change nothing about what a command does.
 */

const valueFlags = [
  '-o', '--output', '--environment', '--project', '--workspace', '-w', '--name', '--plan', '--commit', '--image',
  '--start-command', '--plan-id', '-r', '--resources', '--text', '--instance', '--host', '--status-code', '--path',
  '--limit', '--region', '-f', '--file', '-c', '--command', '-e', '--environment-ids', '--from', '--repo', '--branch',
  '--type', '--service-type', '--runtime', '--root-directory', '--build-command', '--pre-deploy-command',
  '--health-check-path', '--publish-directory', '--cron-command', '--cron-schedule', '--environment-id', '--env-var',
  '--secret-file', '--registry-credential', '--num-instances', '--max-shutdown-delay', '--maintenance-mode-uri',
  '--ip-allow-list', '--version', '--database-name', '--database-user', '--disk-size-gb', '--datadog-api-key',
  '--datadog-site', '--read-replica', '--maxmemory-policy', '--task', '--input', '--input-file', '--port', '--tool',
  '--skill', '--scope', '--language', '--template', '--dir', '--env-file', '--network-policy', '--timeout', '--status',
  '--start', '--end', '--level', '--task-id', '--task-run-id', '--method', '--build-filter-path',
  '--build-filter-ignored-path',
];

const read = (reason = 'reads Render services, deploys, logs or workspaces'): Verdict => ({ rule: 'read', effect: 'read', reason });
const write = (rule: string, reason: string): Verdict => ({ rule, effect: 'write', reason });
const local = (reason: string): Verdict => ({ rule: 'local', effect: 'write', scope: 'local', reason });
const preview = (a: ParsedArgs): string => (a.has('--confirm') ? '' : '; without --confirm it only previews, but that flag is one word away');

const serviceNouns = new Set(['services', 'service']);
const postgresNouns = new Set(['postgres', 'pg']);
const keyValueNouns = new Set(['keyvalues', 'keyvalue', 'kv']);

function postgresOrKeyValue(kind: string, verb: string | undefined, a: ParsedArgs): Verdict {
  switch (verb) {
    case undefined:
    case 'list':
    case 'ls':
      return read(`lists Render ${kind} instances`);
    case 'get':
      return a.has('--include-sensitive-connection-info')
        ? { rule: 'connection-info', effect: 'read', scope: 'secret', reason: `prints the ${kind} instance's connection string with its password` }
        : read(`shows a Render ${kind} instance`);
    case 'delete':
      return { rule: 'datastore-delete', effect: 'destroy', reason: `deletes a Render ${kind} instance and all its data${preview(a)}` };
    case 'suspend':
      return write('datastore-suspend', `suspends a Render ${kind} instance, taking it offline`);
    default:
      return write('datastore', `creates or changes a Render ${kind} instance (${verb})`);
  }
}

function verdictFor(a: ParsedArgs, inv: Invocation): Verdict {
  const [first, second, third] = a.positionals;
  if (first === undefined) return read('opens the Render command palette');
  if (serviceNouns.has(first)) {
    switch (second) {
      case 'delete':
        return { rule: 'services-delete', effect: 'destroy', reason: `deletes a Render service with its deploys, disks and settings${preview(a)}` };
      case 'create':
        return write('services-create', 'creates a Render service');
      case 'update':
        return write('services-update', 'changes a Render service\'s settings, which redeploys it');
      default:
        return read('lists Render services or their instances');
    }
  }
  if (postgresNouns.has(first)) return postgresOrKeyValue('Postgres', second, a);
  if (keyValueNouns.has(first)) return postgresOrKeyValue('Key Value', second, a);
  switch (first) {
    case 'deploys':
      if (second === 'create') return write('deploy', 'deploys a Render service');
      if (second === 'cancel') return write('deploy-cancel', 'cancels a Render deploy');
      return read('lists a Render service\'s deploys');
    case 'jobs':
      if (second === 'create') return write('job', 'runs a one-off job on a Render service');
      if (second === 'cancel') return write('job-cancel', 'cancels a Render job');
      return read('lists a Render service\'s jobs');
    case 'restart':
      return write('restart', 'restarts a Render service');
    case 'psql': {
      const sql = a.value('-c', '--command') ?? inv.stdin?.text;
      if (sql !== undefined) {
        const verdict = classifySql(sql);
        return { rule: 'psql-sql', effect: verdict.effect, reason: `runs SQL on a Render Postgres database: ${verdict.reason}` };
      }
      return write('psql', 'opens a psql session on a Render Postgres database');
    }
    case 'pgcli':
      return write('psql', 'opens a pgcli session on a Render Postgres database');
    case 'kv-cli':
      return write('kv-cli', 'opens a redis-cli session on a Render Key Value instance');
    case 'ssh':
      return write('ssh', 'opens a shell inside a running Render service');
    case 'workflows':
      if (second === 'dev' || second === 'init') return local('runs or scaffolds a Render workflow on this machine');
      if (second === 'list' || second === undefined) return read('lists Render workflows');
      if (second === 'versions' || second === 'tasks' || second === 'runs') {
        return third === undefined || third === 'list' || third === 'show' ? read('reads Render workflow versions, tasks or runs')
          : write('workflow', `changes a Render workflow (${second} ${third})`);
      }
      return write('workflow', `creates, starts or cancels a Render workflow (${second})`);
    case 'ea':
      return earlyAccess(second, third, a);
    case 'workspace':
      return second === 'set' ? local('selects the active Render workspace') : read('shows the active Render workspace');
    case 'login':
    case 'logout':
    case 'skills':
    case 'analytics':
      return local('changes local Render CLI settings (login, agent skills)');
    case 'blueprints':
    case 'logs':
    case 'workspaces':
    case 'projects':
    case 'environments':
    case 'whoami':
    case 'docs':
    case 'version':
    case 'completion':
    case 'help':
      return read();
    default:
      return { rule: 'unrecognised', effect: 'write', reason: `runs render ${first}, a command Bulkhead does not know, so it is treated as a change` };
  }
}

/** `render ea objects …` and `render ea sandboxes …`: early-access object storage and sandboxes. */
function earlyAccess(noun: string | undefined, verb: string | undefined, a: ParsedArgs): Verdict {
  if (noun === 'objects') {
    if (verb === 'delete') return { rule: 'object-delete', effect: 'destroy', reason: 'deletes objects from Render object storage' };
    if (verb === 'put') return write('object-put', 'uploads an object to Render object storage');
    return { ...read('reads Render object storage'), ...(a.has('--local') ? { scope: 'local' as const } : {}) };
  }
  if (noun === 'sandboxes' && verb === 'exec' && a.rest.length > 0) {
    return read('runs a command in a Render sandbox; the command is judged on its own');
  }
  if (noun === 'sandboxes' || noun === 'sandbox-groups') {
    return verb === 'list' || verb === undefined ? read('lists Render sandboxes') : write('sandbox', `runs or changes a Render sandbox (${verb})`);
  }
  return noun === undefined ? read('lists Render early-access commands') : write('unrecognised', `runs render ea ${noun}, a command Bulkhead does not know, so it is treated as a change`);
}

/** The words that name what the command acts on: a service, Postgres or Key Value name or id. */
function targetsOf(a: ParsedArgs, args: readonly string[]): TargetHint[] {
  const hints: TargetHint[] = [];
  const [first, second] = a.positionals;
  const named = (kind: string, value: string | undefined, source: string): void => {
    if (!value) return;
    hints.push({ kind, value, source });
    stageHints(value, source, hints);
  };
  if (first !== undefined && serviceNouns.has(first) && (second === 'delete' || second === 'update' || second === 'instances')) named('app', a.positionals[2], 'service');
  else if (first !== undefined && (postgresNouns.has(first) || keyValueNouns.has(first))) named('database', a.positionals[2], 'datastore');
  else if (first === 'deploys' || first === 'jobs') named('app', a.positionals[2], 'service');
  else if (first === 'restart') named('app', second, 'service');
  else if (first === 'psql' || first === 'pgcli' || first === 'kv-cli') named('database', second, 'datastore');
  else if (first === 'ssh') named('app', args.slice(args.indexOf('ssh') + 1).find((w) => !w.startsWith('-')), 'service');
  for (const value of a.values('--environment')) stageHints(value, '--environment flag', hints);
  for (const value of a.values('--workspace', '-w')) if (value) hints.push({ kind: 'account', value, source: '--workspace flag' });
  for (const value of a.values('--name', '--from')) stageHints(value, 'name', hints);
  return hints;
}

export const renderPack = definePack({
  id: 'render',
  programs: ['render'],
  targetKinds: ['account', 'app', 'database', 'stage'],
  valueFlags,
  envTargets: { RENDER_WORKSPACE: 'account' },
  carries: [
    { sub: ['jobs create'], command: ['--start-command'], runsIn: 'render job' },
    { sub: ['ea sandboxes exec'], command: '--', runsIn: 'render sandbox' },
    { sub: ['workflows dev'], command: '--' },
  ],
  asksForHelp: (a) => a.has('--help', '-h') || a.positionals[0] === 'help',
  targets: (a, inv) => targetsOf(a, inv.args),
  rules: [],
  classify: verdictFor,
});
