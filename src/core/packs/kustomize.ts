import { definePack } from './pack';

/**
 * kustomize renders manifests and edits kustomization files; it never talks to a cluster.
 * `kustomize build overlays/prod | kubectl apply -f -` is judged by its kubectl half.
 */
export const kustomizePack = definePack({
  id: 'kustomize',
  programs: ['kustomize'],
  scope: 'local',
  valueFlags: ['-o', '--output', '--load-restrictor', '--helm-command', '--mount', '--env', '-e', '--network-name', '--reorder'],
  rules: [
    { id: 'read', sub: ['build', 'cfg', 'version', 'docs-fn', 'docs-fn-spec', 'docs-io-annotations', 'docs-merge', 'docs-merge3',
      'completion', 'help'], effect: 'read', reason: 'renders or inspects manifests on this machine' },
  ],
  fallback: { effect: 'write', reason: 'changes kustomization files on this machine' },
});
