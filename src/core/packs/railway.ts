import type { Invocation, TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import { parseArgs, type ParsedArgs } from './args';
import { classifyGraphql } from './graphql';
import { definePack } from './pack';
import type { Verdict } from './verdict';

/**
 * Railway CLI (`railway`). The incident tool: an agent on a staging task deleted the production
 * volume. Environment comes from `-e/--environment`, else the directory's linked environment
 * (ambient `railway-environment`); a project token in RAILWAY_TOKEN is tied to its environment by
 * the policy's credentials.
 *
 * Decisions worth knowing:
 * - `down` is a write: it removes the service's latest deployment, an outage that the next
 *   `up`/`redeploy` undoes, while volumes and data stay. Deleting volumes, services,
 *   environments, buckets, functions and projects is what destroys.
 * - Listing variables, `run` and `shell` are secret reads: they print or inject the
 *   environment's variables (database URLs with passwords, API keys) into this machine.
 *   `railway run <cmd>` also runs `<cmd>` with those credentials; the shell walk unwraps it so
 *   `<cmd>` is judged against the same environment.
 * - `railway link -e X` and `railway environment X` leave X linked for the rest of the line.
 * - `connect` and `ssh` are writes: an interactive database or container shell can change anything.
 * - `api` runs a raw GraphQL document: mutations named like `volumeDelete` destroy, other
 *   mutations write, queries read, a document Bulkhead cannot see is opaque. SQL piped into
 *   `connect` is judged as SQL.
 */

const deleteVerbs = ['delete', 'remove', 'rm'];
const variableCommands = ['variables', 'variable', 'vars', 'var'];
const environmentCommands = ['environment', 'env'];
const functionCommands = ['functions', 'function', 'func', 'fn', 'funcs', 'fns'];

const serviceSubcommands = new Set(['list', 'ls', 'delete', 'remove', 'rm', 'link', 'status', 'logs', 'redeploy', 'restart', 'scale']);

const each = (nouns: readonly string[], verbs: readonly string[]): string[] =>
  nouns.flatMap((noun) => verbs.map((verb) => `${noun} ${verb}`));

const setsVariables = (a: ParsedArgs): boolean => a.has('--set', '--set-from-stdin');

/** railway run|local [-e env] cmd runs the command here with that environment's variables; railway ssh runs it inside the service. */
const railwayCarrier = {
  valueFlags: new Set(['-s', '--service', '-p', '--project']),
  targetFlags: { '-e': 'railway-environment', '--environment': 'railway-environment' },
  ambient: 'railway-environment',
} as const;

export const railwayPack = definePack({
  id: 'railway',
  programs: ['railway'],
  packages: ['@railway/cli'],
  carries: [
    { sub: ['run', 'local'], command: 'rest', ...railwayCarrier },
    { sub: ['ssh'], command: 'rest', ...railwayCarrier, runsIn: 'railway service' },
  ],
  valueFlags: [
    '-s', '--service', '-p', '--project', '-v', '--volume', '-m', '--mount-path', '-n', '--name', '--set',
    '--set-from-stdin', '-d', '--database', '-r', '--repo', '-i', '--image', '--variables', '-t', '--template',
    '-f', '--file', '--lines', '--filter', '-b', '--bucket', '--region', '--2fa-code', '--port', '--session',
    '--identity-file', '--deployment-instance', '--duplicate', '-c', '--copy', '--service-config',
    '--service-variable', '--message', '--var', '--raw-var', '--operation-name', '--kind', '--limit', '--workspace',
    '--local-dir', '--cron', '--since', '--until',
  ],
  targetFlags: { '-e': 'railway-environment', '--environment': 'railway-environment' },
  ambient: ['railway-environment'],
  readFlags: ['-h', '-V', '--version'],
  classify: readsWhatItSends,
  rules: [
    { id: 'api-schema', sub: ['api schema', 'api search', 'api describe'], effect: 'read', reason: 'reads the Railway GraphQL schema' },
    { id: 'api', sub: 'api', effect: 'unknown', reason: 'sends a Railway GraphQL document Bulkhead cannot read (from a file or stdin)' },

    { id: 'delete-project', sub: ['delete', ...each(['project'], deleteVerbs)], effect: 'destroy',
      reason: 'deletes a Railway project with every environment, service, volume and backup in it' },
    { id: 'volume-delete', sub: each(['volume'], deleteVerbs), effect: 'destroy', reason: 'deletes a Railway volume and all the data on it' },
    { id: 'environment-delete', sub: each(environmentCommands, deleteVerbs), effect: 'destroy',
      reason: 'deletes a Railway environment with its services, volumes and variables' },
    { id: 'service-delete', sub: each(['service'], deleteVerbs), effect: 'destroy',
      reason: 'deletes a Railway service and all its deployments from an environment' },
    { id: 'bucket-delete', sub: each(['bucket'], deleteVerbs), effect: 'destroy', reason: 'deletes a Railway bucket and every object in it' },
    { id: 'function-delete', sub: each(functionCommands, deleteVerbs), effect: 'destroy', reason: 'deletes a Railway function service' },

    { id: 'variables-set', sub: [...each(variableCommands, ['set', ...deleteVerbs])], effect: 'write',
      reason: 'changes service variables, which redeploys the service' },
    { id: 'variables-set-flag', sub: variableCommands, effect: 'write', when: setsVariables,
      reason: 'changes service variables, which redeploys the service' },
    { id: 'variables', sub: variableCommands, effect: 'read', scope: 'secret',
      reason: 'prints the environment\'s variables, database passwords and API keys included' },
    { id: 'run', sub: ['run', 'local', 'shell'], effect: 'read', scope: 'secret',
      reason: 'injects the environment\'s variables (credentials included) into a local command or shell' },
    { id: 'bucket-credentials', sub: 'bucket credentials', effect: 'read', scope: 'secret', when: (a) => !a.has('--reset'),
      reason: 'prints the bucket\'s S3 access keys' },

    {
      id: 'read',
      sub: ['status', 'logs', 'list', 'whoami', 'open', 'docs', 'version', 'metrics', 'usage', 'check_updates', 'check-updates',
        'starship', 'completion', 'help', 'service status', 'service logs', 'service list', 'service ls', 'deployment list',
        'deployment ls', 'project list', 'project ls', 'volume list', 'volume ls', 'volume files', 'volume download',
        'volume dl', 'volume get', 'bucket list', 'bucket ls', 'bucket info', 'environment list', 'environment ls',
        'environment config', 'environment show', 'environment info', 'env list', 'env ls', 'env config', 'env show',
        'env info', ...each(functionCommands, ['list', 'ls', 'pull']), 'ssh keys list', 'ssh keys ls', 'domain list', 'domain ls'],
      effect: 'read',
      reason: 'reads Railway project state or logs',
    },
    {
      id: 'local',
      sub: ['login', 'logout', 'link', 'unlink', 'init', 'upgrade', 'autoupdate', 'telemetry', 'mcp', 'skills', 'setup',
        'dev', 'develop', 'project link', 'service link', ...each(environmentCommands, ['link']), ...each(functionCommands, ['link'])],
      effect: 'write',
      scope: 'local',
      reason: 'changes local Railway settings (login, linked project or environment) or runs services locally',
      sets: (_a, inv) => linkedSelection(inv),
    },
    { id: 'environment-link', sub: environmentCommands, effect: 'write', scope: 'local',
      when: (a) => a.positionals.length <= 2 && !['new', 'create', 'add', 'edit', 'update'].includes(a.positionals[1] ?? ''),
      reason: 'links the directory to a Railway environment', sets: (_a, inv) => linkedSelection(inv) },
    { id: 'service-link', sub: 'service', effect: 'write', scope: 'local',
      when: (a) => a.positionals.length <= 2 && !serviceSubcommands.has(a.positionals[1] ?? ''),
      reason: 'links the directory to a Railway service' },

    { id: 'down', sub: 'down', effect: 'write',
      reason: 'removes the service\'s latest deployment, taking it offline until the next deploy' },
    { id: 'connect', sub: 'connect', effect: 'write', reason: 'opens a database shell (psql, mysql, redis-cli, mongosh) on the environment\'s database' },
    { id: 'ssh', sub: 'ssh', effect: 'write', reason: 'runs a shell or command inside a deployed Railway container' },
    {
      id: 'deploy',
      sub: ['up', 'deploy', 'redeploy', 'restart', 'scale', 'deployment up', 'deployment redeploy', 'service redeploy',
        'service restart', 'service scale', ...each(functionCommands, ['push', 'new', 'create', 'add'])],
      effect: 'write',
      reason: 'deploys, redeploys, restarts or scales a Railway service',
    },
    {
      id: 'write',
      sub: ['add', 'domain', 'volume', 'bucket', 'environment', 'env', 'tcp-proxy', 'private-network', 'outbound-networking',
        'waf', 'cdn', 'config', 'postgres', 'mysql', 'redis', 'backup'],
      effect: 'write',
      reason: 'changes Railway project configuration (services, volumes, domains, environments, networking)',
    },
  ],
  targets: (a) => {
    const hints: TargetHint[] = [];
    // `railway environment delete staging`: the environment is a positional, not a flag.
    if (environmentCommands.includes(a.positionals[0] ?? '') && deleteVerbs.includes(a.positionals[1] ?? '') && a.positionals[2]) {
      hints.push({ kind: 'railway-environment', value: a.positionals[2], source: 'environment being deleted' });
    }
    return hints;
  },
});

/** The GraphQL document `railway api` sends: the positional, `--file -` or piped stdin; a file Bulkhead cannot read is opaque. */
function apiDocument(inv: Invocation): string | undefined {
  const a = parseArgs(inv.args, apiValueFlags);
  const file = a.value('-f', '--file');
  // `--file -` reads stdin ('' too: the shell walk can drop a lone `-` before a heredoc).
  if (file !== undefined && file !== '-' && file !== '') return undefined;
  return file === undefined && a.positionals[1] !== undefined ? a.positionals[1] : inv.stdin?.text;
}

const linkValueFlags = new Set(['-e', '--environment', '-p', '--project', '-s', '--service', '-t', '--team', '--workspace']);

/**
 * The environment a link leaves selected for the commands after it on the line:
 * `railway link -e production`, `railway environment production`, `railway environment link staging`.
 */
function linkedEnvironment(inv: Invocation): string | undefined {
  const a = parseArgs(inv.args, linkValueFlags);
  const [first, second, third] = a.positionals;
  if (first === 'link') return a.value('-e', '--environment') || undefined;
  if (first !== 'environment' && first !== 'env') return undefined;
  return second === 'link' ? third : second;
}

const apiValueFlags = new Set(['-f', '--file', '--variables', '--var', '--raw-var', '--operation-name']);

/** The environment a link selects, as state for the commands after it. */
function linkedSelection(inv: Invocation): Record<string, string> | undefined {
  const linked = linkedEnvironment(inv);
  return linked ? { 'railway-environment': linked } : undefined;
}

/** A GraphQL document sent to the API, or SQL piped into a database shell, is judged by what it says. */
function readsWhatItSends(a: ParsedArgs, inv: Invocation): Verdict | undefined {
  const [first, second] = a.positionals;
  if (first === 'api' && !['schema', 'search', 'describe'].includes(second ?? '')) {
    const document = apiDocument(inv);
    const verdict = document === undefined ? undefined : classifyGraphql(document, 'Railway');
    return verdict ? { rule: `api-${verdict.effect}`, effect: verdict.effect, reason: verdict.reason } : undefined;
  }
  if (first === 'connect' && inv.stdin?.text !== undefined) {
    const sql = classifySql(inv.stdin.text);
    return { rule: 'connect-sql', effect: sql.effect, reason: `runs SQL on the environment's database: ${sql.reason}` };
  }
  return undefined;
}
