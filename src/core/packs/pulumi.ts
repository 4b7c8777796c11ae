import type { TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { cwdHint, refinePack, stageHintsFromName } from './iac-hints';
import { definePack, localOnly } from './pack';

const hasPreviewOnly = (a: ParsedArgs): boolean => a.has('--preview-only');
const showsSecrets = (a: ParsedArgs): boolean => a.has('--show-secrets');

/** Rules whose findings are about local selection or files, and so name no environment. */
const localRules = new Set(['pulumi.local', 'pulumi.stack-select']);

/**
 * Pulumi. The stack decides the environment: `--stack`/`-s`, then `$PULUMI_STACK`, then the
 * stack selected in the workspace (ambient `pulumi-stack`), as the CLI documents that order.
 */
const table = definePack({
  id: 'pulumi',
  programs: ['pulumi'],
  packages: ['@pulumi/pulumi'],
  valueFlags: [
    '-C', '--cwd', '-c', '--config', '--config-file', '-m', '--message', '-p', '--parallel', '-t', '--target', '--replace',
    '--target-replace', '-x', '--exclude', '--secrets-provider', '--color', '-v', '--verbose', '--tracing', '--profiling',
    '--policy-pack', '--policy-pack-config', '--plan', '--save-plan', '--import-file', '--exec-kind', '--exec-agent',
    '--otel-traces', '--memprofilerate', '--file', '--from', '--out', '--parent', '--provider',
    '--properties', '--version', '--server', '--template', '--name', '-n', '--description', '--dir',
    '--organization', '-o', '--language', '--tag', '--env',
  ],
  targetFlags: { '--stack': 'pulumi-stack', '-s': 'pulumi-stack' },
  envTargets: { PULUMI_STACK: 'pulumi-stack' },
  ambient: ['pulumi-stack'],
  rules: [
    { id: 'preview-only', sub: ['up', 'update', 'u', 'destroy', 'down', 'dn', 'refresh', 'import'], effect: 'read',
      reason: 'only previews the operation (--preview-only); nothing changes', when: hasPreviewOnly },
    { id: 'preview', sub: ['preview', 'pre'], effect: 'read', reason: 'previews changes to the stack without making them' },
    { id: 'up-replace', sub: ['up', 'update', 'u'], effect: 'destroy', reason: 'destroys and re-creates the resources named by --replace',
      when: (a) => a.has('--replace', '--target-replace') },
    { id: 'up', sub: ['up', 'update', 'u'], effect: 'write', reason: 'deploys the stack: creates, updates or deletes its resources' },
    { id: 'destroy', sub: ['destroy', 'down', 'dn'], effect: 'destroy', reason: 'destroys every resource in the stack' },
    { id: 'refresh', sub: 'refresh', effect: 'write', reason: 'rewrites the stack\'s state to match the real infrastructure' },
    { id: 'import', sub: 'import', effect: 'write', reason: 'imports existing resources into the stack\'s state' },
    { id: 'cancel', sub: 'cancel', effect: 'write', reason: 'cancels an update in progress, which can leave resources half-changed' },
    { id: 'watch', sub: 'watch', effect: 'write', reason: 'deploys the stack again on every file change' },
    { id: 'stack-secrets', sub: ['stack output', 'stack export'], effect: 'read', scope: 'secret',
      reason: 'prints the stack\'s secret values in plain text (--show-secrets)', when: showsSecrets },
    { id: 'stack-read', sub: ['stack ls', 'stack output', 'stack history', 'stack export', 'stack graph', 'stack tag ls', 'stack tag get'],
      effect: 'read', reason: 'reads stack information' },
    { id: 'stack-rm', sub: 'stack rm', effect: 'destroy', reason: 'deletes the stack with its configuration and deployment history' },
    { id: 'stack-select', sub: ['stack select', 'stack unselect', 'stack init'], effect: 'write', scope: 'local',
      reason: 'selects or creates a stack for later commands',
      sets: (a) => {
        const stack = a.positionals[2] ?? a.value('--stack', '-s');
        return a.positionals[1] !== 'unselect' && stack ? { 'pulumi-stack': stack } : undefined;
      } },
    { id: 'stack-write', sub: ['stack import', 'stack rename', 'stack change-secrets-provider', 'stack tag set', 'stack tag rm'],
      effect: 'write', reason: 'changes the stack\'s state or settings' },
    { id: 'stack-bare', sub: 'stack', effect: 'read', reason: 'shows the current stack', when: (a) => a.positionals.length === 1 },
    { id: 'config-secrets', sub: 'config', effect: 'read', scope: 'secret', reason: 'prints the stack\'s secret configuration in plain text (--show-secrets)',
      when: (a) => showsSecrets(a) && (a.positionals.length === 1 || a.positionals[1] === 'get') },
    { id: 'config-read', sub: ['config get', 'config env ls'], effect: 'read', reason: 'reads stack configuration' },
    { id: 'config-bare', sub: 'config', effect: 'read', reason: 'lists stack configuration', when: (a) => a.positionals.length === 1 },
    { id: 'config-write', sub: 'config', effect: 'write', reason: 'changes the stack\'s configuration, which the next deployment uses' },
    { id: 'state', sub: 'state', effect: 'write', reason: 'edits the stack\'s state directly (resources keep running, Pulumi\'s record of them changes)' },
    { id: 'deployment-destroy', sub: 'deployment run', effect: 'destroy', reason: 'runs a remote Pulumi Deployments destroy',
      when: (a) => a.positionals[2] === 'destroy' },
    { id: 'deployment-preview', sub: 'deployment run', effect: 'read', reason: 'runs a remote Pulumi Deployments preview',
      when: (a) => a.positionals[2] === 'preview' },
    { id: 'deployment', sub: 'deployment run', effect: 'write', reason: 'runs a remote Pulumi Deployments update' },
    { id: 'env-read', sub: ['env ls', 'env get', 'env diff', 'env version', 'env version history', 'env tag ls', 'env tag get'],
      effect: 'read', reason: 'reads a Pulumi ESC environment' },
    { id: 'env-open', sub: ['env open', 'env run'], effect: 'read', scope: 'secret', reason: 'opens a Pulumi ESC environment, revealing its secrets' },
    { id: 'env-rm', sub: 'env rm', effect: 'destroy', reason: 'deletes a Pulumi ESC environment or one of its values',
      when: (a) => a.positionals.length <= 3 },
    { id: 'env-write', sub: 'env', effect: 'write', reason: 'changes a Pulumi ESC environment' },
    { id: 'policy-read', sub: ['policy ls', 'policy group ls', 'policy validate-config'], effect: 'read', reason: 'reads policy packs' },
    { id: 'local', sub: 'org set-default', effect: 'write', scope: 'local', reason: 'changes the default organization for later commands' },
    { id: 'read', sub: ['logs', 'whoami', 'about', 'version', 'console', 'gen-completion', 'schema', 'org', 'plugin ls', 'ai'],
      effect: 'read', reason: 'reads Pulumi information; changes nothing' },
    { id: 'local', sub: ['login', 'logout', 'new', 'plugin', 'convert', 'install', 'package', 'template'],
      effect: 'write', scope: 'local', reason: 'changes local Pulumi files, plugins or credentials' },
  ],
  targets: (a, inv) => {
    const hints: TargetHint[] = [];
    const cwd = a.value('-C', '--cwd');
    if (cwd) hints.push(cwdHint(inv, cwd, '--cwd'));
    const [first, second, third] = a.positionals;
    if (first === 'stack' && second === 'rm' && third) hints.push({ kind: 'pulumi-stack', value: third, source: 'stack being deleted' });
    if (first === 'env' && third && second !== 'init') hints.push(...stageHintsFromName(third, 'Pulumi ESC environment'));
    return hints;
  },
});

export const pulumiPack = refinePack(table, (f) => (localRules.has(f.ruleId) ? localOnly(f) : f));
