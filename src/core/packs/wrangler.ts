import type { Invocation, TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import type { ParsedArgs } from './args';
import { definePack } from './pack';
import { commandTable, destroy, local, read, type Verdict, write } from './verdict';
import { stageOfFileName } from '../targets/stages';

/**
 * Cloudflare Wrangler. `--env`/`-e` (or $CLOUDFLARE_ENV, or a config file named after a stage)
 * selects the Worker environment; resource names (D1 databases, buckets, namespaces) reach the
 * policy's `resource` targets through the engine's generic hints.
 *
 * Local or remote: `d1 execute`, `d1 export` and `d1 migrations apply` act on the local
 * development database unless `--remote`. KV and R2 object commands switched their default
 * between Wrangler versions, so they count as remote unless `--local`.
 *
 * Deleting data stores and deployed code (Workers, D1, KV, R2, queues, Pages projects) destroys;
 * secrets, routes and configs are writes.
 */

type Where = 'remote' | 'local-default' | 'remote-default' | 'always-local';

type Command = Verdict & { readonly where: Where };

const commands = commandTable<{ readonly where: Where }>();
const { define } = commands;

define(['delete'], destroy('delete', 'deletes a Worker with its routes, bindings and secrets'), { where: 'remote' });
define(['d1 delete'], destroy('d1-delete', 'deletes a D1 database and all its data'), { where: 'remote' });
define(['d1 time-travel restore'], destroy('d1-restore', 'restores a D1 database to an earlier point, discarding later writes'), { where: 'remote' });
define(['kv namespace delete'], destroy('kv-namespace-delete', 'deletes a KV namespace and every key in it'), { where: 'remote' });
define(['kv key delete', 'kv bulk delete'], destroy('kv-delete', 'deletes keys from a KV namespace'), { where: 'remote-default' });
define(['r2 bucket delete'], destroy('r2-bucket-delete', 'deletes an R2 bucket'), { where: 'remote' });
define(['r2 object delete'], destroy('r2-object-delete', 'deletes an object from an R2 bucket'), { where: 'remote-default' });
define(['queues delete'], destroy('queues-delete', 'deletes a queue and its pending messages'), { where: 'remote' });
define(['queues purge'], destroy('queues-purge', 'deletes every message waiting in a queue'), { where: 'remote' });
define(['pages project delete'], destroy('pages-project-delete', 'deletes a Pages project with all its deployments'), { where: 'remote' });
define(['pages deployment delete'], destroy('pages-deployment-delete', 'deletes a Pages deployment'), { where: 'remote' });
define(['vectorize delete', 'vectorize delete-vectors'], destroy('vectorize-delete', 'deletes a Vectorize index or its vectors'), { where: 'remote' });
define(['dispatch-namespace delete'], destroy('dispatch-namespace-delete', 'deletes a dispatch namespace with the Workers in it'), { where: 'remote' });
define(['workflows delete', 'containers delete'], destroy('delete', 'deletes a Workflow or container application'), { where: 'remote' });

define(['d1 execute'], write('d1-execute', 'runs SQL against a D1 database'), { where: 'local-default' });
define(['d1 migrations apply'], write('d1-migrations-apply', 'applies D1 migrations'), { where: 'local-default' });
define(['d1 export'], read('d1-export', 'exports a D1 database to a SQL file'), { where: 'local-default' });
define(['kv key put', 'kv bulk put'], write('kv-put', 'writes keys to a KV namespace'), { where: 'remote-default' });
define(['r2 object put'], write('r2-object-put', 'uploads an object to an R2 bucket'), { where: 'remote-default' });
define(['kv key get', 'kv key list', 'kv bulk get', 'r2 object get'], read('storage-read', 'reads keys or objects'), { where: 'remote-default' });
define(['deploy', 'publish', 'versions upload', 'versions deploy', 'rollback', 'triggers deploy', 'pages deploy', 'pages publish',
  'deployments rollback'], write('deploy', 'deploys a Worker or Pages site'), { where: 'remote' });
define(['secret put', 'secret delete', 'secret bulk', 'versions secret put', 'versions secret delete', 'versions secret bulk',
  'pages secret put', 'pages secret delete', 'pages secret bulk'], write('secret', 'changes a Worker\'s secrets'), { where: 'remote' });
define(['d1 create', 'kv namespace create', 'kv namespace rename', 'r2 bucket create', 'r2 bucket update', 'queues create',
  'queues update', 'queues consumer', 'queues pause-delivery', 'queues resume-delivery', 'pages project create',
  'pages project edit', 'pages project upload', 'pages deployment create', 'hyperdrive', 'vectorize create', 'vectorize insert',
  'vectorize upsert', 'dispatch-namespace create', 'dispatch-namespace rename', 'workflows trigger', 'workflows instances',
  'r2 bucket', 'mtls-certificate', 'cert', 'route', 'pipelines', 'secrets-store', 'containers', 'cloudchamber', 'ai finetune create'], write('resource', 'creates or changes Cloudflare resources (databases, namespaces, buckets, queues, configs)'), { where: 'remote' });
define(['whoami', 'tail', 'pages deployment tail', 'pages deployment list', 'pages project list', 'pages download', 'deployments',
  'deployments list', 'deployments status', 'deployments view', 'versions list', 'versions view', 'versions secret list',
  'secret list', 'pages secret list', 'd1 list', 'd1 info', 'd1 insights', 'd1 migrations list', 'd1 time-travel info',
  'kv namespace list', 'r2 bucket list', 'r2 bucket info', 'queues list', 'queues info', 'hyperdrive list', 'hyperdrive get',
  'vectorize list', 'vectorize get', 'vectorize info', 'vectorize query', 'vectorize list-vectors', 'vectorize get-vectors',
  'dispatch-namespace list', 'dispatch-namespace get', 'workflows list', 'workflows describe', 'ai models', 'ai finetune list',
  'containers list', 'containers info', 'docs', 'help', 'telemetry status', 'check'], read('read', 'reads Worker state, logs or resource lists'), { where: 'remote' });
define(['login', 'logout', 'dev', 'init', 'generate', 'types', 'build', 'setup', 'pages dev', 'pages functions', 'd1 migrations create',
  'telemetry', 'complete', 'completions'], write('local', 'changes local Wrangler settings or runs the Worker locally'), { where: 'always-local' });

const valueFlags = [
  '-e', '--env', '-c', '--config', '--name', '--command', '--file', '--binding', '--namespace-id', '--preview-id', '--cwd',
  '--compatibility-date', '--compatibility-flag', '--var', '--define', '--route', '--routes', '--triggers', '--assets',
  '--site', '--outdir', '--outfile', '--format', '--branch', '--project-name', '--commit-hash', '--commit-message',
  '--message', '--tag', '--version-id', '--versions', '--percentage', '--output', '-o', '--location', '--jurisdiction',
  '--timestamp', '--bookmark', '--table', '--batch-size', '--ttl', '--expiration', '--expiration-ttl', '--metadata', '--path',
  '--pipe', '--content-type', '--storage-class', '--prefix', '--limit', '--status', '--search', '--sampling-rate', '--ip',
  '--header', '--method', '--port', '--inspector-port', '--local-protocol', '--persist-to', '--dimensions', '--metric',
  '--preset', '--top-k', '--vector', '--ids', '--origin-host', '--origin-port', '--origin-user', '--origin-password',
  '--database', '--scheme', '--connection-string', '--delivery-delay-secs', '--new-name', '--production-branch',
];

/** Positionals with the old colon syntax (`kv:key put`) split into words. */
function words(positionals: readonly string[]): string[] {
  const first = positionals[0];
  return first?.includes(':') ? [...first.split(':'), ...positionals.slice(1)] : [...positionals];
}

function commandOf(w: readonly string[]): { id: string; command?: Command } {
  for (let n = Math.min(3, w.length); n > 0; n--) {
    const id = w.slice(0, n).join(' ');
    const command = commands.get(id);
    if (command) return { id, command };
  }
  return { id: w[0] ?? '' };
}

function targetsOf(id: string, w: readonly string[], a: ParsedArgs, inv: Invocation): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const value of a.values('-e', '--env')) if (value) hints.push({ kind: 'stage', value, source: '--env flag' });
  if (!a.has('-e', '--env') && inv.env.CLOUDFLARE_ENV) hints.push({ kind: 'stage', value: inv.env.CLOUDFLARE_ENV, source: '$CLOUDFLARE_ENV' });
  for (const file of a.values('-c', '--config')) {
    const stage = file && stageOfFileName(file);
    if (stage) hints.push({ kind: 'stage', value: stage, source: `config file ${file}` });
  }
  if (id.startsWith('r2 object') && w[3]) {
    // `bucket/key`: the bucket is the resource a policy names.
    hints.push({ kind: 'resource', value: w[3].split('/')[0], source: 'R2 bucket' });
  }
  if (id.startsWith('pages')) {
    for (const branch of a.values('--branch')) if (branch) hints.push({ kind: 'stage', value: branch, source: 'Pages branch' });
  }
  return hints;
}

function isRemote(where: Where, a: ParsedArgs): boolean {
  switch (where) {
    case 'remote':
      return true;
    case 'always-local':
      return false;
    case 'local-default':
      return a.has('--remote', '--preview');
    case 'remote-default':
      return !a.has('--local');
  }
}

/** `d1 execute --command "<sql>"` is judged as SQL; `--file` names a file Bulkhead cannot read, a write. */
function d1Sql(command: Command, a: ParsedArgs): Command {
  const sql = a.value('--command');
  if (sql === undefined) return command;
  const verdict = classifySql(sql);
  return { ...command, rule: 'd1-execute-sql', effect: verdict.effect, reason: `runs SQL on a D1 database: ${verdict.reason}` };
}

export const wranglerPack = definePack({
  id: 'wrangler',
  programs: ['wrangler'],
  targetKinds: ['resource', 'stage'],
  valueFlags,
  asksForHelp: (a) => a.has('--help', '-h') || a.positionals.length === 0,
  targets(a, inv) {
    const w = words(a.positionals);
    return targetsOf(commandOf(w).id, w, a, inv);
  },
  rules: [],
  classify(a) {
    const { command } = commandOf(words(a.positionals));
    if (!command) return undefined;
    const judged = command.rule === 'd1-execute' ? d1Sql(command, a) : command;
    if (!isRemote(judged.where, a)) return local(judged.rule, judged.effect, `${judged.reason} (local development copy)`);
    if (a.has('--dry-run') && command.effect !== 'read') return read('dry-run', 'a dry run builds and checks, and changes nothing');
    return judged;
  },
});
