import type { TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { refinePack, stageHintsFromPath, stageHintsFromValue } from './iac-hints';
import { kubeconfigOverride, withKubeconfigOverride } from './kubectl';
import { definePack, localOnly } from './pack';

const dryRun = (a: ParsedArgs): boolean => {
  const v = a.value('--dry-run');
  return v !== undefined && v !== 'none' && v !== 'false';
};

/** A values file (`-f values-prod.yaml`, `--values envs/production/values.yaml`) names the environment it is for. */
function valuesHints(a: ParsedArgs, ...flags: string[]): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const file of a.values(...flags)) hints.push(...stageHintsFromPath(file, 'values file'));
  return hints;
}

/**
 * Helm. Targets: `--kube-context`, `-n`, `$HELM_KUBECONTEXT`, `$HELM_NAMESPACE`, the
 * kubeconfig's current context, and the environment a values file names.
 */
const helmTable = definePack({
  id: 'helm',
  programs: ['helm'],
  targetKinds: ['stage'],
  valueFlags: [
    '--kubeconfig', '-f', '--values', '--set', '--set-string', '--set-file', '--set-json', '--set-literal', '--version', '--timeout',
    '--repo', '-o', '--output', '--description', '--post-renderer', '--post-renderer-args', '--username', '--password', '--ca-file',
    '--cert-file', '--key-file', '--kube-apiserver', '--kube-as-user', '--kube-as-group', '--kube-ca-file', '--kube-token',
    '--kube-tls-server-name', '--registry-config', '--repository-config', '--repository-cache', '--burst-limit', '--qps',
    '--history-max', '--max', '--cascade', '--name-template', '--revision', '-l', '--selector', '--filter', '-s', '--show-only',
    '--api-versions', '--kube-version', '--output-dir', '--destination', '--keyring', '--app-version', '--labels',
    '--untardir', '--template', '--deployment-namespace',
  ],
  targetFlags: { '--kube-context': 'kube-context', '-n': 'namespace', '--namespace': 'namespace' },
  envTargets: { HELM_KUBECONTEXT: 'kube-context', HELM_NAMESPACE: 'namespace' },
  ambient: ['kube-context'],
  rules: [
    { id: 'dry-run', effect: 'read', reason: 'a Helm dry run changes nothing in the cluster', when: dryRun },
    { id: 'uninstall', sub: ['uninstall', 'delete', 'del', 'un', 'secrets uninstall'], effect: 'destroy',
      reason: 'uninstalls a release, deleting its Kubernetes resources' },
    { id: 'force-replace', sub: ['upgrade', 'install', 'secrets upgrade', 'secrets install'], effect: 'destroy',
      reason: 'replaces resources by deleting and re-creating them (--force)', when: (a) => a.has('--force', '--force-replace') },
    { id: 'rollback', sub: ['rollback', 'secrets rollback'], effect: 'write', reason: 'rolls a release back to an earlier revision' },
    { id: 'write', sub: ['install', 'upgrade', 'secrets install', 'secrets upgrade'], effect: 'write',
      reason: 'installs or upgrades a release in the cluster' },
    { id: 'test', sub: 'test', effect: 'write', reason: 'runs the release\'s test pods in the cluster' },
    { id: 'push', sub: ['push', 'cm-push'], effect: 'write', reason: 'publishes a chart to a registry' },
    { id: 'read', sub: ['list', 'ls', 'status', 'get', 'history', 'hist', 'diff', 'secrets diff'], effect: 'read',
      reason: 'reads releases in the cluster; changes nothing' },
    { id: 'local-read', sub: ['template', 'lint', 'show', 'inspect', 'search', 'version', 'env', 'verify', 'completion', 'dependency list',
      'dependency ls', 'dep list', 'dep ls', 'plugin list', 'plugin ls', 'repo list', 'repo ls', 'unittest', 'secrets template', 'secrets lint'],
    effect: 'read', scope: 'local', reason: 'renders or inspects charts on this machine; talks to no cluster' },
    { id: 'local', sub: ['repo', 'dependency', 'dep', 'pull', 'fetch', 'package', 'create', 'registry', 'plugin', 'secrets'],
      effect: 'write', scope: 'local', reason: 'changes local charts, repositories, plugins or credentials' },
  ],
  targets: (a) => valuesHints(a, '-f', '--values'),
});

export const helmPack = refinePack(helmTable, (f, inv) => (f.scope === 'local' ? localOnly(f) : withKubeconfigOverride(f, kubeconfigOverride(inv, '--kubeconfig'), inv)));

/** Lines of a helmfile state file read, at most. */
const maxStateLines = 2000;

/** helmfile: releases described in helmfile.yaml, for the environment named by `-e`. */
const helmfileTable = definePack({
  id: 'helmfile',
  programs: ['helmfile'],
  targetKinds: ['stage'],
  valueFlags: [
    '-e', '--environment', '-f', '--file', '-l', '--selector', '--kubeconfig', '--state-values-file', '--state-values-set', '--args',
    '--chart', '--helm-binary', '-b', '--log-level', '--output-dir', '--concurrency', '--set', '--values', '--output', '--context',
    '--timeout', '--suppress', '--cascade',
  ],
  targetFlags: { '--kube-context': 'kube-context', '-n': 'namespace', '--namespace': 'namespace' },
  ambient: ['kube-context'],
  rules: [
    { id: 'destroy', sub: ['destroy', 'delete'], effect: 'destroy', reason: 'deletes every release in the helmfile' },
    { id: 'write', sub: ['apply', 'sync', 'test'], effect: 'write', reason: 'installs or upgrades the releases in the helmfile' },
    { id: 'read', sub: ['diff', 'template', 'lint', 'list', 'status', 'build', 'write-values', 'show-dag', 'version', 'print-env'],
      effect: 'read', reason: 'reads or renders the helmfile; changes nothing in the cluster' },
    { id: 'local', sub: ['deps', 'repos', 'fetch', 'cache', 'init'], effect: 'write', scope: 'local',
      reason: 'changes local chart dependencies or repositories' },
  ],
  targets: (a, inv) => {
    const hints = valuesHints(a, '-f', '--file', '--state-values-file');
    const environment = a.value('-e', '--environment') ?? inv.env.HELMFILE_ENVIRONMENT;
    if (environment) hints.push(...stageHintsFromValue(environment, 'helmfile environment'));
    // The state file's own kubeContext and release namespaces, where they are written out (not templated).
    const file = a.value('-f', '--file') ?? 'helmfile.yaml';
    const text = inv.fileText?.(file) ?? (a.value('-f', '--file') ? undefined : inv.fileText?.('helmfile.yaml.gotmpl'));
    for (const line of (text ?? '').split('\n').slice(0, maxStateLines)) {
      const m = /^\s*(?:-\s*)?(kubeContext|namespace):\s*["']?([\w.:/@-]+)["']?\s*(?:#.*)?$/.exec(line);
      if (m) hints.push({ kind: m[1] === 'kubeContext' ? 'kube-context' : 'namespace', value: m[2], source: `${m[1]} in ${file}` });
    }
    return hints;
  },
});

export const helmfilePack = refinePack(helmfileTable, (f, inv) => (f.scope === 'local' ? localOnly(f) : withKubeconfigOverride(f, kubeconfigOverride(inv, '--kubeconfig'), inv)));
