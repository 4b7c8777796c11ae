import type { TargetHint } from '../model';
import { definePack } from './pack';

const namespaceTypes = new Set(['ns', 'namespace', 'namespaces']);
const dryRun = (a: { value(...n: string[]): string | undefined; has(...n: string[]): boolean }): boolean => {
  const v = a.value('--dry-run');
  return v !== undefined && v !== 'none' && v !== 'false';
};

/** kubectl and oc. Targets: --context, --namespace, --cluster, $KUBECONFIG's current-context. */
export const kubectlPack = definePack({
  id: 'kubectl',
  programs: ['kubectl', 'oc', 'kubecolor'],
  valueFlags: [
    '-f', '--filename', '-l', '--selector', '-o', '--output', '-c', '--container', '--kubeconfig', '--server',
    '-s', '--user', '--token', '--as', '--field-selector', '--grace-period', '--timeout', '-k', '--kustomize',
    '--type', '--image', '--replicas', '--port', '--patch', '-p', '--from-literal', '--from-file', '--cascade',
  ],
  targetFlags: { '--context': 'kube-context', '--cluster': 'kube-context', '-n': 'namespace', '--namespace': 'namespace' },
  envTargets: { KUBECONTEXT: 'kube-context' },
  ambient: ['kube-context'],
  rules: [
    { id: 'dry-run', effect: 'read', reason: 'a kubectl dry run changes nothing', when: (a) => dryRun(a) },
    {
      id: 'read',
      sub: ['get', 'describe', 'logs', 'top', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info',
        'diff', 'auth', 'events', 'wait', 'completion', 'kustomize', 'plugin', 'options', 'config view',
        'config get-contexts', 'config current-context', 'config get-clusters', 'config get-users', 'port-forward', 'proxy',
        'rollout status', 'rollout history', 'certificate', 'attach', 'alpha', 'debug'],
      effect: 'read',
      reason: 'reads cluster state',
    },
    { id: 'config', sub: 'config', effect: 'write', scope: 'local', reason: 'changes the local kubeconfig (current context or credentials)' },
    { id: 'exec', sub: ['exec', 'cp'], effect: 'write', reason: 'runs a command or copies files inside a running container' },
    { id: 'delete-namespace', sub: 'delete', effect: 'destroy', reason: 'deletes a whole Kubernetes namespace and everything in it',
      when: (a) => namespaceTypes.has(a.positionals[1] ?? '') },
    { id: 'delete', sub: 'delete', effect: 'destroy', reason: 'deletes Kubernetes resources' },
    { id: 'drain', sub: ['drain', 'cordon', 'taint'], effect: 'write', reason: 'takes nodes out of service' },
    { id: 'replace-force', sub: 'replace', effect: 'destroy', reason: 'replace --force deletes and recreates resources',
      when: (a) => a.has('--force') },
    { id: 'apply-prune', sub: 'apply', effect: 'destroy', reason: 'apply --prune deletes resources missing from the manifests',
      when: (a) => a.has('--prune') },
    {
      id: 'write',
      sub: ['apply', 'create', 'replace', 'patch', 'edit', 'scale', 'autoscale', 'set', 'label', 'annotate', 'expose',
        'run', 'rollout', 'uncordon', 'certificate approve'],
      effect: 'write',
      reason: 'changes resources in a Kubernetes cluster',
    },
  ],
  targets: (a) => {
    const hints: TargetHint[] = [];
    if (a.positionals[0] === 'delete' && namespaceTypes.has(a.positionals[1] ?? '')) {
      for (const name of a.positionals.slice(2)) hints.push({ kind: 'namespace', value: name, source: 'namespace being deleted' });
    }
    return hints;
  },
});
