import type { Invocation, TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { flagOn, resourceHints, stageHints, startsWithAny } from './cloud-common';
import { definePack, localWorkUntargeted } from './pack';
import { destroy, local, read, secret, type Verdict, write } from './verdict';

/**
 * DigitalOcean's `doctl <group> [<subgroup>…] <verb> [args]`. doctl accepts short aliases for
 * groups and verbs (`doctl compute d rm 123` is `doctl compute droplet delete 123`), and the same
 * letter means a group at one level and a verb at another, so the path is resolved level by level.
 * Targets: `--context` (the doctl auth context, i.e. the account), $DIGITALOCEAN_CONTEXT, and the
 * names of the resources acted on.
 */


const valued = [
  '--access-token', '-t', '--api-url', '-u', '--config', '-c', '--context', '--output', '-o', '--format',
  '--http-retry-max', '--http-retry-wait-max', '--http-retry-wait-min', '--tag-name', '--region', '--image', '--size',
  '--ssh-keys', '--spec', '--app', '--engine', '--num-nodes', '--version', '--node-pool', '--count', '--ssh-command',
];

/** Subgroups (with their aliases) under each resolved parent path; anything else at that level is the verb. */
const subgroups: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '': {
    apps: 'apps', app: 'apps', a: 'apps', databases: 'databases', database: 'databases', db: 'databases', dbs: 'databases',
    d: 'databases', kubernetes: 'kubernetes', kube: 'kubernetes', k8s: 'kubernetes', k: 'kubernetes', registry: 'registry',
    reg: 'registry', r: 'registry', serverless: 'serverless', sls: 'serverless', fn: 'serverless', sandbox: 'serverless',
    projects: 'projects', project: 'projects', proj: 'projects', compute: 'compute', auth: 'auth', account: 'account',
    balance: 'balance', 'billing-history': 'billing-history', invoice: 'invoice', monitoring: 'monitoring', vpcs: 'vpcs',
    '1-click': '1-click', spaces: 'spaces', genai: 'genai', network: 'network',
  },
  compute: {
    droplet: 'droplet', d: 'droplet', 'droplet-action': 'droplet-action', da: 'droplet-action', volume: 'volume',
    v: 'volume', 'volume-action': 'volume-action', va: 'volume-action', snapshot: 'snapshot', s: 'snapshot', image: 'image',
    i: 'image', 'image-action': 'image-action', firewall: 'firewall', fw: 'firewall', 'load-balancer': 'load-balancer',
    lb: 'load-balancer', domain: 'domain', 'ssh-key': 'ssh-key', k: 'ssh-key', certificate: 'certificate', cert: 'certificate',
    region: 'region', r: 'region', size: 'size', tag: 'tag', action: 'action', cdn: 'cdn', 'floating-ip': 'floating-ip',
    fip: 'floating-ip', 'reserved-ip': 'reserved-ip', rip: 'reserved-ip', 'floating-ip-action': 'floating-ip-action',
    'reserved-ip-action': 'reserved-ip-action', 'droplet-autoscale': 'droplet-autoscale',
  },
  'compute domain': { records: 'records' },
  databases: {
    db: 'db', user: 'user', u: 'user', pool: 'pool', p: 'pool', replica: 'replica', rep: 'replica', r: 'replica',
    firewalls: 'firewalls', fw: 'firewalls', 'maintenance-window': 'maintenance-window', maint: 'maintenance-window',
    mw: 'maintenance-window', 'sql-mode': 'sql-mode', configuration: 'configuration', cfg: 'configuration',
    config: 'configuration', topics: 'topics', events: 'events', indexes: 'indexes', options: 'options',
  },
  kubernetes: { cluster: 'cluster', clusters: 'cluster', c: 'cluster', options: 'options', opts: 'options', o: 'options', '1-click': '1-click' },
  'kubernetes cluster': {
    kubeconfig: 'kubeconfig', kubecfg: 'kubeconfig', k8scfg: 'kubeconfig', config: 'kubeconfig', cfg: 'kubeconfig',
    'node-pool': 'node-pool', pool: 'node-pool', np: 'node-pool', p: 'node-pool', registry: 'registry',
  },
  registry: { repository: 'repository', repo: 'repository', r: 'repository', 'garbage-collection': 'garbage-collection', gc: 'garbage-collection', options: 'options' },
  apps: { spec: 'spec', tier: 'tier' },
  serverless: { functions: 'functions', fn: 'functions', activations: 'activations', actv: 'activations', triggers: 'triggers', namespaces: 'namespaces' },
  projects: { resources: 'resources' },
  monitoring: { alert: 'alert', uptime: 'uptime' },
  spaces: { keys: 'keys' },
};

const verbAliases: Readonly<Record<string, string>> = {
  d: 'delete', del: 'delete', rm: 'delete', c: 'create', g: 'get', ls: 'list', u: 'update', cd: 'create-deployment',
  gd: 'get-deployment', lsd: 'list-deployments', conn: 'connection', bu: 'backups',
};

/** Groups where every command only reads. */
const readOnlyGroups: ReadonlySet<string> = new Set([
  'account', 'balance', 'billing-history', 'invoice', 'compute region', 'compute size', 'kubernetes options',
  'databases options', 'registry options', 'compute action',
]);
const readVerbs: ReadonlySet<string> = new Set(['list', 'get', 'logs', 'backups', 'get-ca', 'validate', 'propose', 'result', 'show-alerts']);
const readPrefixes = ['list-', 'get-'];

function verdictFor(group: string, verb: string, args: ParsedArgs): Verdict {
  const full = `${group} ${verb}`;
  if (group === 'auth') {
    return verb === 'list' ? local('auth.read', 'read', 'lists local doctl auth contexts') : local('auth.write', 'write', 'changes the local doctl credentials or context');
  }
  if (group === 'kubernetes cluster kubeconfig') {
    return verb === 'show'
      ? secret('kubernetes.kubeconfig-show', 'prints a kubeconfig with cluster credentials')
      : local('kubernetes.kubeconfig', 'write', 'writes a cluster into the local kubeconfig');
  }
  if (full === 'registry login' || full === 'registry logout') return local('registry.login', 'write', 'logs Docker on this machine in to the registry');
  if (full === 'registry docker-config' || full === 'registry kubernetes-manifest') return secret('registry.credentials', 'prints registry credentials');
  if (full === 'databases connection') return secret('databases.connection', 'prints a database connection string with its password');
  if (group === 'databases user' && (verb === 'get' || verb === 'list')) return secret('databases.user', 'prints database users with their passwords');
  if (full === 'databases pool get' || full === 'databases pool list') return secret('databases.pool', 'prints connection pools with their credentials');
  if (group === 'serverless' && (verb === 'connect' || verb === 'install' || verb === 'uninstall' || verb === 'status' || verb === 'init')) {
    return local('serverless.local', 'write', 'sets up DigitalOcean Functions on this machine');
  }
  if (full === 'apps dev' || group === 'apps dev') return local('apps.dev', 'write', 'builds an app locally');
  if (full === 'compute ssh' || full === 'apps console') return write(`${group.split(' ')[0]}.remote-shell`, `opens a remote shell (${full})`);

  if (full === 'compute droplet delete') return destroy('compute.droplet-delete', 'permanently deletes Droplets');
  if (full === 'compute volume delete') return destroy('compute.volume-delete', 'deletes a block storage volume and its data');
  if (full === 'databases delete') return destroy('databases.delete', 'deletes a managed database cluster and its data');
  if (full === 'databases db delete') return destroy('databases.db-delete', 'deletes a database from a managed cluster');
  if (full === 'kubernetes cluster delete' || full === 'kubernetes cluster delete-selective') {
    return destroy('kubernetes.cluster-delete', flagOn(args, '--dangerous')
      ? 'deletes a Kubernetes cluster together with its volumes, snapshots and load balancers'
      : 'deletes a Kubernetes cluster');
  }
  if (full === 'apps delete') return destroy('apps.delete', 'deletes an App Platform app');
  if (full === 'apps create-deployment') return write('apps.deploy', 'deploys an App Platform app');
  if (full === 'compute droplet-action rebuild') return destroy('compute.rebuild', 'rebuilds a Droplet from an image, wiping its disk');
  if (full === 'compute droplet-action restore') return destroy('compute.restore', 'restores a Droplet from a backup, replacing its disk');
  if (full === 'compute droplet-action power-off' || full === 'compute droplet-action shutdown' || full === 'compute droplet-action power-cycle') {
    return write('compute.power', 'powers a Droplet off or cycles it');
  }

  const top = group.split(' ')[0];
  const what = group;
  if (readOnlyGroups.has(group) || readOnlyGroups.has(top)) return read(`${top}.read`, `reads DigitalOcean ${what}`);
  if (verb === 'delete' || startsWithAny(verb, ['delete-']) || verb === 'purge') return destroy(`${top}.delete`, `deletes DigitalOcean resources (${full})`);
  if (readVerbs.has(verb) || startsWithAny(verb, readPrefixes)) return read(`${top}.read`, `reads DigitalOcean ${what} (${verb})`);
  return write(`${top}.write`, `changes DigitalOcean resources (${full})`);
}

/** The command path resolved through the aliases (`compute d rm` is `compute droplet delete`), and where its operands start. */
function pathOf(words: readonly string[]): { group: string; verb?: string; operands: readonly string[] } {
  let group = '';
  let at = 0;
  for (; at < words.length; at++) {
    const next = subgroups[group]?.[words[at]];
    if (next === undefined) break;
    group = group ? `${group} ${next}` : next;
  }
  const rawVerb = words[at];
  return { group, verb: rawVerb === undefined ? undefined : verbAliases[rawVerb] ?? rawVerb, operands: words.slice(at + 1) };
}

function targetsOf(args: ParsedArgs, inv: Invocation): TargetHint[] {
  const hints: TargetHint[] = [];
  const context = args.value('--context') ?? inv.env.DIGITALOCEAN_CONTEXT;
  if (context) {
    hints.push({ kind: 'account', value: context, source: args.value('--context') ? '--context flag' : '$DIGITALOCEAN_CONTEXT' });
    stageHints(context, 'doctl context', hints);
  }
  stageHints(args.value('--tag-name') ?? '', '--tag-name flag', hints);
  for (const operand of pathOf(args.positionals).operands) resourceHints(operand, 'operand', hints);
  return hints;
}

export const doctlPack = localWorkUntargeted(definePack({
  id: 'doctl',
  programs: ['doctl'],
  targetKinds: ['account', 'aws-account', 'resource', 'stage'],
  valueFlags: valued,
  ambient: ['account'],
  asksForHelp: (args) => args.positionals.length > 0 && (args.has('--help', '-h') || args.positionals[0] === 'help'),
  targets: targetsOf,
  rules: [],
  classify(args) {
    const words = args.positionals;
    if (words.length === 0) return local('bare', 'read', 'shows doctl usage');
    const { group, verb } = pathOf(words);
    if (group === '' && (words[0] === 'version' || words[0] === 'completion')) return local('version', 'read', 'shows doctl version or completions');
    if (verb === undefined) return local('bare', 'read', `shows doctl ${group} usage`);
    return verdictFor(group, verb, args);
  },
}));
