import { parse as parseYaml } from 'yaml';
import type { Effect, TargetHint } from '../model';
import { verbEffects } from '../words/vocabulary';
import { parseArgs, type ParsedArgs } from './args';
import { stageHints } from './cloud-common';
import { stageHintsFromAssignment, stageHintsFromName, stageHintsFromPath } from './iac-hints';
import { kubeconfigOverride, withKubeconfigOverride } from './kubectl';
import { type CarrierSpec, definePack, localWorkUntargeted, mapFindings, type Pack } from './pack';
import { destroy, local, type Verdict, write } from './verdict';
import { hintsFromValue } from '../targets/hints';

/**
 * Orchestration and configuration tools: Ansible, Nomad, Consul, Argo CD and Flux. Each acts on
 * the machines or cluster its inventory, address or context names.
 */

// ---------------------------------------------------------------------------------------------
// Ansible: a playbook run changes the inventory's hosts; the inventory path, `-i`, `--limit`,
// the host pattern, `-e env=…` and $ANSIBLE_INVENTORY name the environment.

const ansibleValued = new Set([
  '-i', '--inventory', '--inventory-file', '-l', '--limit', '-e', '--extra-vars', '-m', '--module-name', '-a', '--args', '-u',
  '--user', '-f', '--forks', '-t', '--tags', '--skip-tags', '-c', '--connection', '-T', '--timeout', '--private-key', '--key-file',
  '--vault-id', '--vault-password-file', '--become-method', '--become-user', '-M', '--module-path', '-B', '--background', '-P',
  '--poll', '--start-at-task', '--ssh-common-args', '--ssh-extra-args', '--scp-extra-args', '--sftp-extra-args', '-R', '--become-password-file',
  '--connection-password-file', '-o', '--output', '--playbook-dir',
]);

const orchestrationTargetKinds = ['app', 'host', 'kube-context', 'namespace', 'resource', 'stage'];

/** Hosts of an inventory read for one pattern, at most. */
const maxInventoryHosts = 256;

/**
 * The hosts an INI or YAML inventory puts in the groups a host pattern names (`prod`, `web:db`,
 * `all`), children groups included; a pattern word that is no group is a host name itself.
 */
export function inventoryHosts(text: string, pattern: string): string[] {
  const groups = new Map<string, { hosts: string[]; children: string[] }>();
  const group = (name: string) => groups.get(name) ?? groups.set(name, { hosts: [], children: [] }).get(name)!;
  if (/^\s*\[/m.test(text)) {
    let current = group('ungrouped');
    let kind: string | undefined;
    for (const raw of text.split('\n')) {
      const line = raw.replace(/[#;].*$/, '').trim();
      const section = /^\[([^\]:]+)(?::(\w+))?\]$/.exec(line);
      if (section) {
        current = group(section[1]);
        kind = section[2];
        continue;
      }
      const word = line.split(/\s+/)[0];
      // `[group:vars]` holds settings, `[group:children]` group names, any other section hosts.
      if (!word || kind === 'vars') continue;
      (kind === 'children' ? current.children : current.hosts).push(word);
    }
  } else {
    try {
      const walkGroup = (name: string, value: unknown): void => {
        if (!value || typeof value !== 'object') return;
        const entry = group(name);
        const { hosts, children } = value as { hosts?: unknown; children?: unknown };
        if (hosts && typeof hosts === 'object') entry.hosts.push(...Object.keys(hosts));
        if (children && typeof children === 'object') {
          for (const [child, body] of Object.entries(children)) {
            entry.children.push(child);
            walkGroup(child, body);
          }
        }
      };
      const document = parseYaml(text, { maxAliasCount: 100 }) as unknown;
      if (document && typeof document === 'object') for (const [name, body] of Object.entries(document)) walkGroup(name, body);
    } catch {
      return [];
    }
  }
  const out = new Set<string>();
  const visit = (name: string, depth: number): void => {
    const entry = groups.get(name);
    if (!entry || depth > 16) return;
    for (const host of entry.hosts) if (out.size < maxInventoryHosts) out.add(host.replace(/\[.*\]/, '1').toLowerCase());
    for (const child of entry.children) visit(child, depth + 1);
  };
  for (const word of pattern.split(/[:,]/).filter((w) => w && !w.startsWith('!'))) {
    const name = word.replace(/^&/, '');
    if (name === 'all' || name === '*') for (const each of groups.keys()) visit(each, 0);
    else if (groups.has(name)) visit(name, 0);
  }
  return [...out];
}

/** Characters of ansible.cfg read, at most. */
const maxConfigText = 64 * 1024;

/** What the inventory, limit, host pattern and extra variables of an Ansible command name. */
function ansibleTargetHints(args: readonly string[], env: Readonly<Record<string, string>>, fileText?: (path: string) => string | undefined): TargetHint[] {
  const a = parseArgs(args, ansibleValued);
  const hints: TargetHint[] = [];
  const inventories = a.values('-i', '--inventory', '--inventory-file');
  if (inventories.length === 0 && env.ANSIBLE_INVENTORY) inventories.push(...env.ANSIBLE_INVENTORY.split(','));
  // Else the inventory ansible.cfg names (ANSIBLE_CONFIG's, or the project's `./ansible.cfg`).
  if (inventories.length === 0) {
    const configured = /^\s*inventory\s*=\s*([^\s#;]+)/m.exec(fileText?.(env.ANSIBLE_CONFIG ?? 'ansible.cfg')?.slice(0, maxConfigText) ?? '')?.[1];
    if (configured) inventories.push(...configured.split(','));
  }
  // The hosts a pattern reaches: the ad-hoc pattern, narrowed (or, for a playbook, chosen) by --limit.
  const patterns = [...a.values('-l', '--limit'), ...(a.positionals[0] !== undefined && !/\.ya?ml$/.test(a.positionals[0]) ? [a.positionals[0]] : [])];
  for (const inventory of inventories) {
    // `-i web1.prod.acme.internal,` is a list of hosts, not a file.
    if (inventory.includes(',')) {
      for (const host of inventory.split(',').filter(Boolean)) {
        hints.push({ kind: 'host', value: host.toLowerCase(), source: 'inventory host' });
        stageHints(host, 'inventory host', hints);
      }
    } else {
      hints.push(...stageHintsFromPath(inventory, 'inventory'));
      const text = fileText?.(inventory);
      for (const host of text === undefined ? [] : patterns.flatMap((p) => inventoryHosts(text, p))) {
        hints.push({ kind: 'host', value: host, source: `inventory ${inventory}` });
      }
    }
  }
  for (const limit of a.values('-l', '--limit')) {
    for (const part of limit.split(/[:,&!]/).filter(Boolean)) {
      hints.push(...stageHintsFromName(part, '--limit'));
      if (part.includes('.')) hints.push({ kind: 'host', value: part.toLowerCase(), source: '--limit' });
    }
  }
  for (const vars of a.values('-e', '--extra-vars')) {
    for (const assignment of vars.split(/\s+/)) hints.push(...stageHintsFromAssignment(assignment, '--extra-vars'));
  }
  return hints;
}

/** Ad-hoc modules whose argument is a command line run on every host of the pattern. */
const ansibleCommandModules: ReadonlySet<string> = new Set(['command', 'shell', 'raw', 'ansible.builtin.command', 'ansible.builtin.shell', 'ansible.builtin.raw']);

/**
 * `ansible HOSTS -m shell -a 'rm -rf …'`: with a command module (the default one among them) the
 * module's arguments are a command line run on every host of the pattern. `ansible localhost` and
 * `-c local` run it here.
 */
const adHocCommand: CarrierSpec = {
  sub: [''],
  programs: ['ansible'],
  command: ['-a', '--args'],
  when: (args) => ansibleCommandModules.has(parseArgs(args, ansibleValued).value('-m', '--module-name') ?? 'command'),
  targets(args, env, _program, fileText) {
    const here = args[0] === 'localhost' || args[0] === '127.0.0.1' || args.some((a, i) => (a === '-c' || a === '--connection') && args[i + 1] === 'local');
    return here ? [] : [{ kind: 'container', value: 'ansible hosts', source: 'ansible' }, ...ansibleTargetHints(args, env, fileText)];
  },
};

const ansibleReadModules = new Set(['ping', 'setup', 'gather_facts', 'stat', 'debug', 'wait_for', 'ansible.builtin.ping', 'ansible.builtin.setup', 'ansible.builtin.stat']);
const ansibleReportFlags = ['-C', '--check', '--syntax-check', '--list-hosts', '--list-tasks', '--list-tags', '--help', '-h', '--version'];

/** A playbook named for what it does (`teardown.yml`, `reset-db.yml`) carries that effect. */
function playbookEffect(playbook: string): Effect {
  const name = playbook.slice(playbook.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, '');
  for (const part of name.toLowerCase().split(/[-_.]+/)) if (verbEffects.get(part) === 'destroy') return 'destroy';
  return 'write';
}

function ansiblePlaybook(a: ParsedArgs): Verdict {
  const report = ansibleReportFlags.find((f) => a.has(f));
  if (report) return local('playbook-check', 'read', `\`${report}\` only reports what the playbook would change`);
  const playbooks = a.positionals;
  if (playbooks.length === 0) return local('playbook-bare', 'read', 'shows ansible-playbook usage');
  const destroys = playbooks.some((p) => playbookEffect(p) === 'destroy');
  return {
    ...(destroys
      ? destroy('playbook-destroy', `runs ${playbooks.join(', ')}, a playbook named for tearing down what it runs on`)
      : write('playbook', 'runs a playbook that changes the inventory\'s hosts')),
    targets: playbooks.flatMap((p) => stageHintsFromPath(p, 'playbook')),
  };
}

function ansibleAdHoc(a: ParsedArgs): Verdict {
  const report = ansibleReportFlags.find((f) => a.has(f));
  if (report || a.positionals.length === 0) return local('check', 'read', 'only reports; changes nothing');
  const module = a.value('-m', '--module-name') ?? 'command';
  const targets = stageHintsFromName(a.positionals[0], 'host pattern');
  // The command itself is read by the unwrapper as run on those hosts; running it is no more than what it does.
  if (ansibleCommandModules.has(module)) return local('command', 'read', 'runs a command on the hosts; the command is judged as run there');
  if (ansibleReadModules.has(module) || /_(?:info|facts)$/.test(module)) return local('read', 'read', `the ${module} module only reads the hosts`);
  const moduleArgs = a.value('-a', '--args') ?? '';
  if (module === 'script') return { rule: 'module-destroy', effect: 'unknown', reason: 'runs a local script on every host; its body is not read', targets };
  // The module's own arguments name what it acts on: `name=acme_prod state=absent`.
  for (const m of moduleArgs.matchAll(/\b(?:name|db|database|path|dest|bucket|cluster|namespace)=("[^"]*"|'[^']*'|\S+)/g)) {
    const value = m[1].replace(/^["']|["']$/g, '');
    targets.push({ kind: 'resource', value, source: `${module} ${m[0]}` }, ...stageHintsFromName(value, `${module} ${m[0]}`));
  }
  if (/\bstate=absent\b/.test(moduleArgs)) return { ...destroy('module-destroy', `removes what the ${module} module manages on every host (state=absent)`), targets };
  return { ...write('module', `runs the ${module} module, which changes the hosts`), targets };
}

function ansibleTool(tool: string): Verdict {
  switch (tool) {
    case 'inventory': case 'doc': case 'config': case 'lint':
      return local(tool, 'read', `reads Ansible ${tool === 'lint' ? 'playbooks' : 'configuration'} on this machine`);
    case 'galaxy': case 'pull': case 'test': case 'creator':
      return local(tool, 'write', `changes collections, roles or this machine (ansible-${tool})`);
    default:
      return write(tool, `runs ansible-${tool}, which can change the inventory's hosts`);
  }
}

/** ansible-playbook, ad-hoc ansible and the ansible-* tools: each program reads its own words, in the hook. */
const ansiblePack = localWorkUntargeted(definePack({
  id: 'ansible',
  programs: ['ansible-playbook', 'ansible', 'ansible-inventory', 'ansible-doc', 'ansible-config', 'ansible-lint', 'ansible-galaxy',
    'ansible-pull', 'ansible-test', 'ansible-console', 'ansible-creator'],
  targetKinds: orchestrationTargetKinds,
  carries: [adHocCommand],
  valueFlags: [...ansibleValued],
  asksForHelp: () => false,
  targets: (_a, inv) => ansibleTargetHints(inv.args, inv.env, inv.fileText),
  rules: [],
  classify(a, inv) {
    if (inv.program === 'ansible-playbook') return ansiblePlaybook(a);
    if (inv.program === 'ansible') return ansibleAdHoc(a);
    return ansibleTool(inv.program.slice('ansible-'.length));
  },
}));

// ---------------------------------------------------------------------------------------------
// Nomad and Consul take Go-style single-dash flags (`-address=…`) and an address variable.

const addressHints = (value: string | undefined, source: string): TargetHint[] => {
  if (!value) return [];
  const hints = hintsFromValue(value.includes('://') ? value : `https://${value}`, source);
  stageHints(value, source, hints);
  return hints;
};

const nomadTable = definePack({
  id: 'nomad',
  programs: ['nomad'],
  targetKinds: ['host', 'stage'],
  valueFlags: ['-address', '-region', '-namespace', '-token', '-var', '-var-file', '-ca-cert', '-client-cert', '-client-key', '-tls-server-name',
    '-t', '-json', '-output', '-group', '-task', '-meta', '-id', '-type', '-deadline', '-verbose', '-detach'],
  targetFlags: { '-namespace': 'namespace' },
  envTargets: { NOMAD_NAMESPACE: 'namespace' },
  readFlags: ['-h', '-help'],
  rules: [
    { id: 'stop-purge', sub: ['job stop', 'stop'], effect: 'destroy', reason: 'stops a job and purges it from Nomad', when: (a) => a.has('-purge') },
    { id: 'var-purge', sub: ['var purge', 'var delete'], effect: 'destroy', reason: 'deletes a Nomad variable' },
    { id: 'destroy', sub: ['namespace delete', 'volume delete', 'quota delete', 'operator snapshot restore'], effect: 'destroy',
      reason: 'deletes Nomad state: a namespace, a volume and its data, or the whole cluster state replaced by a snapshot' },
    { id: 'var-read', sub: ['var get', 'var read'], effect: 'read', scope: 'secret', reason: 'prints a Nomad variable, where jobs keep their secrets' },
    { id: 'read', sub: ['job status', 'status', 'job inspect', 'inspect', 'job history', 'job validate', 'validate', 'job plan', 'plan',
      'job deployments', 'job allocs', 'job eval', 'alloc status', 'alloc logs', 'logs', 'alloc fs', 'node status', 'eval status',
      'deployment status', 'deployment list', 'server members', 'var list', 'namespace list', 'namespace status', 'volume status',
      'operator raft list-peers', 'agent-info', 'version', 'fmt', 'job init', 'monitor'], effect: 'read',
    reason: 'reads Nomad jobs and cluster state; changes nothing' },
    { id: 'remote-shell', sub: ['alloc exec', 'exec'], effect: 'write', reason: 'runs a command inside a job\'s allocation' },
    { id: 'write', sub: ['job', 'run', 'stop', 'var', 'node', 'alloc', 'deployment', 'namespace', 'volume', 'system', 'operator', 'acl', 'quota', 'scaling'],
      effect: 'write', reason: 'changes jobs or cluster state in Nomad' },
  ],
  targets: (a, inv) => addressHints(a.value('-address') ?? inv.env.NOMAD_ADDR, a.value('-address') ? '-address flag' : '$NOMAD_ADDR'),
});

const consulTable = definePack({
  id: 'consul',
  programs: ['consul'],
  targetKinds: ['host', 'stage'],
  valueFlags: ['-http-addr', '-datacenter', '-token', '-namespace', '-partition', '-ca-file', '-client-cert', '-client-key', '-separator',
    '-format', '-node', '-service', '-name', '-id', '-kind', '-filter'],
  readFlags: ['-h', '-help'],
  rules: [
    { id: 'kv-delete', sub: 'kv delete', effect: 'destroy', reason: 'deletes keys from Consul\'s key-value store' },
    { id: 'snapshot-restore', sub: 'snapshot restore', effect: 'destroy', reason: 'replaces the whole cluster state with a snapshot' },
    { id: 'read', sub: ['kv get', 'kv export', 'members', 'catalog', 'info', 'monitor', 'version', 'validate', 'snapshot inspect', 'snapshot save',
      'operator raft list-peers', 'intention check', 'intention get', 'intention list', 'config read', 'config list', 'services export',
      'debug', 'rtt', 'watch'], effect: 'read', reason: 'reads Consul state; changes nothing' },
    { id: 'acl-read', sub: ['acl token read', 'acl token list', 'acl bootstrap'], effect: 'read', scope: 'secret', reason: 'prints Consul ACL tokens' },
    { id: 'exec', sub: 'exec', effect: 'write', reason: 'runs a command on the cluster\'s nodes' },
    { id: 'write', effect: 'write', reason: 'changes Consul state (keys, services, intentions, configuration or ACLs)', when: (a) => a.positionals.length > 0 },
  ],
  targets: (a, inv) => addressHints(a.value('-http-addr') ?? inv.env.CONSUL_HTTP_ADDR, a.value('-http-addr') ? '-http-addr flag' : '$CONSUL_HTTP_ADDR'),
});

// ---------------------------------------------------------------------------------------------
// Argo CD and Flux act on a cluster; Argo CD also names its server and its applications.

const argocdPack = definePack({
  id: 'argocd',
  programs: ['argocd'],
  targetKinds: ['app', 'host', 'resource', 'stage'],
  valueFlags: ['--server', '--auth-token', '--config', '--context', '-o', '--output', '--revision', '--dest-namespace', '--dest-server',
    '--repo', '--path', '--project', '-p', '--parameter', '--helm-set', '--values', '--timeout', '--resource', '--kind', '--group',
    '--namespace', '-N', '--app-namespace', '--label', '-l', '--selector', '--sync-policy', '--grpc-web-root-path'],
  rules: [
    { id: 'delete', sub: ['app delete', 'app delete-resource', 'appset delete', 'cluster rm', 'cluster remove'], effect: 'destroy',
      reason: 'deletes an application and, by cascade, the resources it deployed' },
    { id: 'token', sub: ['account generate-token', 'proj role create-token', 'admin initial-password'], effect: 'read', scope: 'secret',
      reason: 'prints an Argo CD token or password' },
    { id: 'read', sub: ['app get', 'app list', 'app diff', 'app history', 'app manifests', 'app resources', 'app logs', 'app wait', 'appset get',
      'appset list', 'cluster list', 'cluster get', 'repo list', 'repo get', 'proj list', 'proj get', 'account get-user-info', 'account list',
      'version', 'context', 'completion'], effect: 'read', reason: 'reads Argo CD applications; changes nothing' },
    { id: 'local', sub: ['login', 'logout', 'relogin', 'context', 'configure'], effect: 'write', scope: 'local', reason: 'changes the local Argo CD login or context' },
    { id: 'write', effect: 'write', reason: 'changes Argo CD applications or what they deploy (sync, rollback, set, create)', when: (a) => a.positionals.length > 0 },
  ],
  targets: (a, inv) => {
    const hints = addressHints(a.value('--server') ?? inv.env.ARGOCD_SERVER, a.value('--server') ? '--server flag' : '$ARGOCD_SERVER');
    const [group, , name] = a.positionals;
    if ((group === 'app' || group === 'appset') && name) {
      hints.push({ kind: 'app', value: name, source: 'application' }, { kind: 'resource', value: name, source: 'application' });
      stageHints(name, 'application', hints);
    }
    const namespace = a.value('--dest-namespace');
    if (namespace) hints.push({ kind: 'namespace', value: namespace, source: '--dest-namespace' });
    return hints;
  },
});

const fluxTable = definePack({
  id: 'flux',
  programs: ['flux'],
  targetKinds: orchestrationTargetKinds,
  valueFlags: ['--kubeconfig', '--context', '-n', '--namespace', '--timeout', '-o', '--output', '--path', '--source', '--interval',
    '--owner', '--repository', '--branch', '--url', '--components', '--components-extra', '--version', '--label-selector', '-l'],
  targetFlags: { '--context': 'kube-context' },
  ambient: ['kube-context'],
  rules: [
    { id: 'uninstall', sub: 'uninstall', effect: 'destroy', reason: 'removes Flux and what it manages from the cluster' },
    { id: 'delete', sub: 'delete', effect: 'destroy', reason: 'deletes a Flux object; with pruning on, the resources it deployed go too' },
    { id: 'read', sub: ['get', 'logs', 'events', 'stats', 'tree', 'trace', 'diff', 'check', 'export', 'version', 'completion', 'debug', 'build', 'envsubst'],
      effect: 'read', reason: 'reads Flux objects; changes nothing' },
    { id: 'write', sub: ['reconcile', 'suspend', 'resume', 'create', 'install', 'bootstrap', 'push', 'tag', 'migrate'], effect: 'write',
      reason: 'changes what Flux deploys to the cluster' },
  ],
});

/** A kubeconfig chosen on the line replaces the ambient context, as it does for kubectl. */
const fluxPack = mapFindings(fluxTable, (f, inv) => withKubeconfigOverride(f, kubeconfigOverride(inv, '--kubeconfig'), inv));

export const orchestrationPacks: readonly Pack[] = [ansiblePack, nomadTable, consulTable, argocdPack, fluxPack];
