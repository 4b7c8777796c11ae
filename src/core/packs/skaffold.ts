import type { TargetHint } from '../model';
import { refinePack, stageHintsFromPath, stageHintsFromValue } from './iac-hints';
import { kubeconfigOverride, withKubeconfigOverride } from './kubectl';
import { definePack, localOnly } from './pack';

/**
 * Skaffold builds, renders and deploys to the cluster of `--kube-context` (or
 * `$SKAFFOLD_KUBE_CONTEXT`, or the kubeconfig's current context). Profiles are often named after
 * the environment (`-p prod`).
 */
const table = definePack({
  id: 'skaffold',
  programs: ['skaffold'],
  targetKinds: ['stage'],
  valueFlags: [
    '-p', '--profile', '--kubeconfig', '-f', '--filename', '-d', '--default-repo', '-t', '--tag', '-m', '--module', '-v', '--verbosity',
    '-a', '--build-artifacts', '--digest-source', '-o', '--output', '--cache-file', '-l', '--label', '-i', '--images',
    '--remote-cache-dir', '--trigger', '-w', '--watch-image', '--cloud-run-project', '--cloud-run-location', '--rpc-port',
    '--rpc-http-port', '--wait-for-deletions-max',
    '--wait-for-deletions-delay', '--file-output', '--event-log-file', '--last-log-file', '--platform', '--config', '-c',
  ],
  targetFlags: { '--kube-context': 'kube-context', '-n': 'namespace', '--namespace': 'namespace' },
  envTargets: { SKAFFOLD_KUBE_CONTEXT: 'kube-context', SKAFFOLD_NAMESPACE: 'namespace' },
  ambient: ['kube-context'],
  rules: [
    { id: 'delete-dry-run', sub: 'delete', effect: 'read', reason: 'lists what skaffold delete would remove', when: (a) => a.has('--dry-run') },
    { id: 'delete', sub: 'delete', effect: 'destroy', reason: 'deletes everything Skaffold deployed from the cluster' },
    { id: 'write', sub: ['run', 'deploy', 'dev', 'debug', 'apply', 'verify', 'exec'], effect: 'write',
      reason: 'deploys to the cluster' },
    { id: 'read', sub: ['build', 'render', 'diagnose', 'version', 'completion', 'schema', 'survey', 'credits', 'filter', 'lint', 'test',
      'inspect', 'config list'], effect: 'read', reason: 'builds or renders locally; changes nothing in the cluster' },
    { id: 'local', sub: ['init', 'fix', 'config'], effect: 'write', scope: 'local', reason: 'changes local Skaffold configuration' },
  ],
  targets: (a, inv) => {
    const hints: TargetHint[] = [];
    const profiles = [...a.values('-p', '--profile'), ...(inv.env.SKAFFOLD_PROFILE ? [inv.env.SKAFFOLD_PROFILE] : [])];
    for (const list of profiles) {
      for (const profile of list.split(',')) if (profile) hints.push(...stageHintsFromValue(profile, 'skaffold profile'));
    }
    for (const file of a.values('-f', '--filename')) hints.push(...stageHintsFromPath(file, 'skaffold config'));
    return hints;
  },
});

export const skaffoldPack = refinePack(table, (f, inv) =>
  (f.scope === 'local' ? localOnly(f) : withKubeconfigOverride(f, kubeconfigOverride(inv, '--kubeconfig'), inv)));
