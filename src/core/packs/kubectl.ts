import type { Finding, Invocation, TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { refinePack, stageHintsFromPath } from './iac-hints';
import { type CarrierSpec, definePack, localOnly, type Pack } from './pack';
import { local } from './verdict';

/** OpenShift's projects are namespaces. */
const namespaceTypes = new Set(['ns', 'namespace', 'namespaces', 'project', 'projects']);
const volumeTypes = new Set(['pvc', 'pv', 'persistentvolumeclaim', 'persistentvolumeclaims', 'persistentvolume', 'persistentvolumes']);
const secretTypes = new Set(['secret', 'secrets']);
/** Output formats that print a Secret's data (base64 is not protection). */
const dataFormats = /^(ya?ml|json|jsonpath|jsonpath-as-json|jsonpath-file|go-template|go-template-file|template|templatefile|custom-columns|custom-columns-file)\b/;

/** `pvc`, `pvc/data-db-0`, `persistentvolumeclaim.v1`: the resource type of a kubectl operand. */
function resourceType(operand: string | undefined): string {
  if (!operand) return '';
  const slash = operand.indexOf('/');
  const type = (slash >= 0 ? operand.slice(0, slash) : operand).toLowerCase();
  const dot = type.indexOf('.');
  return dot >= 0 ? type.slice(0, dot) : type;
}

/** Every resource type named by `kubectl delete TYPE[,TYPE] NAME` or `kubectl delete TYPE/NAME …`. */
function operandTypes(a: ParsedArgs): string[] {
  const operands = a.positionals.slice(1);
  if (operands.length === 0) return [];
  if (operands[0].includes('/')) return operands.map(resourceType);
  return operands[0].split(',').map(resourceType);
}

const dryRun = (a: ParsedArgs): boolean => {
  const v = a.value('--dry-run');
  return v !== undefined && v !== 'none' && v !== 'false';
};

const patchText = (a: ParsedArgs): string => a.values('-p', '--patch').join(' ');

/**
 * `kubectl exec POD -- cmd` and `kubectl run NAME --image=… -- cmd` run their command in the
 * cluster, with the context and namespace the line names. The options listed are the ones
 * skipped before looking for the subcommand: when another comes first, the payload is never
 * classified, so exec must not be waved through as a read.
 */
const carriesIntoPod: CarrierSpec = {
  sub: ['exec', 'run'],
  valueFlags: new Set([
    '-c', '--container', '-n', '--namespace', '--context', '--cluster', '--kubeconfig', '-f', '--filename', '--pod-running-timeout',
    '--request-timeout', '-s', '--server', '--user', '--token', '--as', '--as-group', '--as-uid', '-v', '--v', '--certificate-authority',
    '--client-certificate', '--client-key', '--tls-server-name', '--cache-dir', '--profile', '--username', '--password', '--vmodule',
  ]),
  command: '--',
  targetFlags: { '--context': 'kube-context', '--cluster': 'kube-context', '-n': 'namespace', '--namespace': 'namespace' },
  ambient: 'kube-context',
};

function engineUnwrapsExec(inv: Invocation): boolean {
  if (inv.program === 'kubecolor') return false;
  let i = 0;
  while (i < inv.args.length) {
    const arg = inv.args[i];
    if (arg === '--' || !arg.startsWith('-') || arg === '-') break;
    if (carriesIntoPod.valueFlags?.has(arg)) i += 2;
    else i += 1;
  }
  return inv.args[i] === 'exec';
}

const kustomizationNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Lines of a manifest or kustomization read for namespaces, at most. */
const maxManifestLines = 2000;

/** The namespaces a manifest or kustomization writes out (`namespace: production`), each once; templated ones say nothing. */
function writtenNamespaces(text: string | undefined, file: string): TargetHint[] {
  const names = new Set<string>();
  for (const line of (text ?? '').split('\n').slice(0, maxManifestLines)) {
    const m = /^\s*namespace:\s*["']?([a-z0-9][a-z0-9-]{0,62})["']?\s*(?:#.*)?$/.exec(line);
    if (m) names.add(m[1]);
  }
  return [...names].map((value) => ({ kind: 'namespace', value, source: `namespace in ${file}` }));
}

/**
 * kubectl and oc. Targets: --context, --namespace, --cluster, the kubeconfig's
 * current-context (ambient), and the environment an overlay or manifest path names
 * (`apply -k overlays/production`).
 */
const table = definePack({
  id: 'kubectl',
  programs: ['kubectl', 'oc', 'kubecolor'],
  targetKinds: ['stage'],
  valueFlags: [
    '-f', '--filename', '-l', '--selector', '-o', '--output', '-c', '--container', '--kubeconfig', '--server', '-s', '--user', '--token',
    '--as', '--as-group', '--as-uid', '--field-selector', '--grace-period', '--timeout', '-k', '--kustomize', '--type', '--image',
    '--replicas', '--port', '--patch', '-p', '--from-literal', '--from-file', '--from-env-file', '--request-timeout',
    '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--cache-dir', '-v', '--v', '--vmodule',
    '--username', '--password', '--profile', '--profile-output', '-L', '--label-columns', '--sort-by', '--template', '--field-manager',
    '--overrides', '-e', '--env', '--labels', '--limits', '--requests', '--restart', '--image-pull-policy', '--serviceaccount',
    '--to-revision', '--since', '--since-time', '--tail', '--max-log-requests', '--chunk-size', '--raw', '--subresource', '--for',
    '--from', '--target', '--copy-to', '--address', '--pod-running-timeout', '--prune-allowlist', '--selector', '--revision',
    '--docker-server', '--docker-username', '--docker-password', '--docker-email', '--cert', '--key', '--resource', '--verb',
    '--resource-name', '--clusterrole', '--role', '--serviceaccount', '--group', '--name', '--generator', '--min', '--max',
    '--cpu-percent', '--current-replicas', '--resource-version', '--session-affinity', '--target-port', '--protocol',
    '--external-ip', '--load-balancer-ip', '--schedule', '--custom', '--attach-to', '--set-image',
  ],
  targetFlags: { '--context': 'kube-context', '--cluster': 'kube-context', '-n': 'namespace', '--namespace': 'namespace' },
  envTargets: { KUBECONTEXT: 'kube-context' },
  ambient: ['kube-context', 'namespace'],
  carries: [carriesIntoPod],
  rules: [
    { id: 'dry-run', effect: 'read', reason: 'a kubectl dry run changes nothing', when: dryRun },
    // The engine unwraps `kubectl exec … -- CMD` and classifies CMD with this command's targets; exec itself only opens a session.
    { id: 'exec', sub: 'exec', effect: 'read', reason: 'opens a session in a container; the command it runs is judged on its own',
      when: (a, inv) => engineUnwrapsExec(inv) && (a.rest.length > 0 || a.positionals.length <= 2) },
    { id: 'exec-unseen', sub: 'exec', effect: 'write', reason: 'runs a command inside a container that Bulkhead cannot look into' },
    { id: 'cp-out', sub: 'cp', effect: 'read', reason: 'copies files out of a container',
      when: (a) => !(a.positionals[a.positionals.length - 1] ?? '').includes(':') },
    { id: 'cp-in', sub: 'cp', effect: 'write', reason: 'copies files into a running container' },
    { id: 'secret-read', sub: 'get', effect: 'read', scope: 'secret', reason: 'prints the data of Kubernetes Secrets',
      when: (a) => operandTypes(a).some((t) => secretTypes.has(t)) && dataFormats.test(a.value('-o', '--output') ?? '') },
    { id: 'secret-view', sub: 'view-secret', effect: 'read', scope: 'secret', reason: 'prints the data of a Kubernetes Secret' },
    { id: 'config-raw', sub: 'config view', effect: 'read', scope: 'secret', reason: 'prints the kubeconfig with its credentials (--raw)',
      when: (a) => a.has('--raw') },
    { id: 'config-read', sub: ['config view', 'config get-contexts', 'config current-context', 'config get-clusters', 'config get-users'],
      effect: 'read', scope: 'local', reason: 'reads the local kubeconfig' },
    { id: 'config', sub: ['config', 'ctx', 'ns'], effect: 'write', scope: 'local',
      reason: 'changes the local kubeconfig (current context, namespace or credentials)',
      sets: (a): Readonly<Record<string, string>> | undefined => {
        const [group, verb, name] = a.positionals;
        if (group === 'config' && verb === 'use-context' && name) return { 'kube-context': name };
        if (group === 'ctx' && verb && verb !== '-') return { 'kube-context': verb };
        if (group === 'ns' && verb && verb !== '-') return { namespace: verb };
        return undefined;
      } },
    { id: 'auth-reconcile', sub: 'auth reconcile', effect: 'write', reason: 'creates or updates RBAC roles and bindings' },
    { id: 'certificate', sub: 'certificate', effect: 'write', reason: 'approves or denies certificate signing requests' },
    { id: 'apply-read', sub: 'apply view-last-applied', effect: 'read', reason: 'shows the last applied configuration' },
    { id: 'local-read', sub: ['completion', 'kustomize', 'plugin', 'options', 'krew'], effect: 'read', scope: 'local',
      reason: 'works on local files or plugins; talks to no cluster' },
    { id: 'client-version', sub: 'version', effect: 'read', scope: 'local', reason: 'shows the kubectl client version',
      when: (a) => a.has('--client') },
    {
      id: 'read',
      sub: ['get', 'describe', 'logs', 'top', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'diff', 'auth',
        'events', 'wait', 'port-forward', 'proxy', 'rollout status', 'rollout history', 'attach', 'whoami', 'neat', 'tree', 'images',
        'who-can'],
      effect: 'read',
      reason: 'reads cluster state',
    },
    { id: 'delete-namespace', sub: 'delete', effect: 'destroy', reason: 'deletes a whole Kubernetes namespace and everything in it',
      when: (a) => operandTypes(a).some((t) => namespaceTypes.has(t)) },
    { id: 'delete-volume', sub: 'delete', effect: 'destroy', reason: 'deletes persistent volumes or their claims, and with them the data',
      when: (a) => operandTypes(a).some((t) => volumeTypes.has(t)) },
    { id: 'delete-all', sub: 'delete', effect: 'destroy', reason: 'deletes every resource of the given types (--all)',
      when: (a) => a.has('--all', '-A', '--all-namespaces') },
    { id: 'delete', sub: 'delete', effect: 'destroy', reason: 'deletes Kubernetes resources' },
    { id: 'drain', sub: 'drain', effect: 'write', reason: 'evicts every pod from a node and marks it unschedulable' },
    { id: 'nodes', sub: ['cordon', 'uncordon', 'taint'], effect: 'write', reason: 'changes which pods a node accepts' },
    { id: 'replace-force', sub: 'replace', effect: 'destroy', reason: 'replace --force deletes and recreates resources',
      when: (a) => a.has('--force') },
    { id: 'apply-prune', sub: 'apply', effect: 'destroy', reason: 'apply --prune deletes resources missing from the manifests',
      when: (a) => a.has('--prune') },
    { id: 'apply-force', sub: 'apply', effect: 'destroy', reason: 'apply --force deletes and recreates resources it cannot patch',
      when: (a) => a.has('--force') },
    { id: 'patch-reclaim', sub: 'patch', effect: 'destroy',
      reason: 'sets a PersistentVolume\'s reclaim policy to Delete: a released volume and its data are deleted',
      when: (a) => operandTypes(a).some((t) => t === 'pv' || t.startsWith('persistentvolume') && !t.includes('claim'))
        && /persistentVolumeReclaimPolicy["']?\s*:\s*["']?Delete/.test(patchText(a)) },
    { id: 'patch-finalizers', sub: 'patch', effect: 'destroy',
      reason: 'removes finalizers, letting a pending deletion finish without its cleanup',
      when: (a) => /finalizers["']?\s*:\s*(null|\[\s*\])/.test(patchText(a)) },
    { id: 'scale-to-zero', sub: 'scale', effect: 'write', reason: 'scales workloads to zero replicas, taking them offline',
      when: (a) => a.value('--replicas') === '0' },
    { id: 'rollout-undo', sub: 'rollout undo', effect: 'write', reason: 'rolls a workload back to an earlier revision' },
    { id: 'debug', sub: 'debug', effect: 'write', reason: 'adds a debugging container to a pod, or starts a privileged pod on a node' },
    {
      id: 'write',
      sub: ['apply', 'create', 'replace', 'patch', 'edit', 'scale', 'autoscale', 'set', 'label', 'annotate', 'expose', 'run', 'rollout'],
      effect: 'write',
      reason: 'changes resources in a Kubernetes cluster',
    },
  ],
  targets: (a, inv) => {
    const hints: TargetHint[] = [];
    if (a.positionals[0] === 'delete' && operandTypes(a).some((t) => namespaceTypes.has(t))) {
      const names = a.positionals[1]?.includes('/') ? a.positionals.slice(1).map((o) => o.slice(o.indexOf('/') + 1)) : a.positionals.slice(2);
      for (const name of names) hints.push({ kind: 'namespace', value: name, source: 'namespace being deleted' });
    }
    for (const dir of a.values('-k', '--kustomize')) {
      hints.push(...stageHintsFromPath(dir, 'kustomization'));
      const file = kustomizationNames.map((name) => `${dir.replace(/\/$/, '')}/${name}`).find((path) => inv.fileText?.(path) !== undefined);
      if (file) hints.push(...writtenNamespaces(inv.fileText?.(file), file));
    }
    for (const file of a.values('-f', '--filename')) {
      hints.push(...stageHintsFromPath(file, 'manifest'));
      if (file !== '-') hints.push(...writtenNamespaces(inv.fileText?.(file), file));
    }
    return hints;
  },
});

/**
 * The kubeconfig a command names itself (`--kubeconfig`, `KUBECONFIG=…` on the line): the
 * ambient current-context was read from another file, so it does not apply.
 */
export function kubeconfigOverride(inv: Invocation, flag: string): string | undefined {
  for (let i = 0; i < inv.args.length; i++) {
    const arg = inv.args[i];
    if (arg === flag) return inv.args[i + 1] ?? '';
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    if (arg === '--') break;
  }
  return inv.assigned.KUBECONFIG;
}

/**
 * Drops the ambient context when the line chose another kubeconfig, and reads the environment from
 * its file name; the kubeconfig the command uses (that one, else $KUBECONFIG) is read for its
 * current-context when the command names no context of its own.
 */
export function withKubeconfigOverride(finding: Finding, kubeconfig: string | undefined, inv: Invocation): Finding {
  const file = kubeconfig ?? inv.env.KUBECONFIG?.split(':')[0];
  const named = inv.args.some((a) => /^--(?:kube-)?context(?:=|$)/.test(a));
  const current = file && !named ? /^current-context:\s*["']?([^\s"'#]+)/m.exec(inv.fileText?.(file) ?? '')?.[1] : undefined;
  const fromFile: TargetHint[] = current ? [{ kind: 'kube-context', value: current, source: `current-context of ${file}` }] : [];
  if (kubeconfig === undefined) return fromFile.length ? { ...finding, targets: [...(finding.targets ?? []), ...fromFile] } : finding;
  return {
    ...finding,
    ambient: undefined,
    // The home folder's own name (`/home/dev`) is a user's, not a stage.
    targets: [...(finding.targets ?? []), ...stageHintsFromPath(withoutHome(kubeconfig, inv.env.HOME), 'kubeconfig file'), ...fromFile],
  };
}

function withoutHome(path: string, home: string | undefined): string {
  if (path.startsWith('~/')) return path.slice(2);
  return home && path.startsWith(`${home}/`) ? path.slice(home.length + 1) : path;
}

/** `config view --raw --minify` prints only the credentials of one context: `--context`'s, else the current one. */
function printsOneContext(inv: Invocation): boolean {
  return inv.args.includes('--minify') || inv.args.includes('--minify=true');
}

export const kubectlPack = refinePack(table, (f, inv) =>
  f.scope === 'local' || (f.ruleId === 'kubectl.config-raw' && !printsOneContext(inv)) ? localOnly(f) : withKubeconfigOverride(f, kubeconfigOverride(inv, '--kubeconfig'), inv));

/**
 * `kubectx prod-eu-1` and `kubens payments` switch the kubeconfig's current context or namespace:
 * local work that decides where the kubectl commands after them on the line act.
 */
export const kubectxPack: Pack = definePack({
  id: 'kubectx',
  programs: ['kubectx', 'kubens'],
  targetKinds: ['kube-context', 'namespace'],
  scope: 'local',
  asksForHelp: (a) => a.has('-h', '--help', '-V', '--version'),
  rules: [],
  classify: (a, inv) => {
    const kind = inv.program === 'kubens' ? 'namespace' : 'kube-context';
    const noun = kind === 'namespace' ? 'namespace' : 'context';
    const [name] = a.positionals;
    if (a.has('-c', '--current') || name === undefined) return local('list', 'read', `lists or prints the kubeconfig's ${noun}s`);
    if (a.has('-d', '-u', '--unset') || name.includes('=')) return local('edit', 'write', 'edits the local kubeconfig');
    // `-` goes back to the previous one, which the kubeconfig alone knows.
    if (name === '-') return local('switch-back', 'write', `switches the kubeconfig back to its previous ${noun}`);
    return { ...local('switch', 'write', `switches the kubeconfig's current ${noun} to ${name}`), setsAmbient: { [kind]: name } };
  },
});
