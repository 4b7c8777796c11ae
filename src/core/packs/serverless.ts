import type { TargetHint } from '../model';
import { refinePack, stageHintsFromValue } from './iac-hints';
import { definePack, localOnly } from './pack';

/** Rules about this machine only; `invoke local` is not among them: it runs the handler with the stage's settings. */
const localRules = new Set(['serverless.local']);

/**
 * Serverless Framework (`serverless`, `sls`, and the `osls` fork). Targets: `--stage`/`-s`
 * (a generic stage name), `--aws-profile` and `$AWS_PROFILE`, `--region`.
 */
const table = definePack({
  id: 'serverless',
  programs: ['serverless', 'sls', 'osls'],
  targetKinds: ['stage'],
  valueFlags: [
    '-s', '--stage', '-r', '--region', '-c', '--config', '-f', '--function', '-p', '--path', '--package', '-d', '--data', '--param',
    '--app', '--org', '-t', '--type', '--startTime', '--filter', '--timestamp', '-n', '--number', '--contextPath', '--context',
    '-e', '--env', '--format', '--template', '--template-url', '--template-path', '--name', '-u', '--url', '--interval',
  ],
  targetFlags: { '--aws-profile': 'aws-profile', '--region': 'aws-region', '-r': 'aws-region' },
  envTargets: { AWS_PROFILE: 'aws-profile' },
  readFlags: ['-h'],
  rules: [
    { id: 'package', sub: 'deploy', effect: 'read', reason: 'only packages the service (--noDeploy); nothing is deployed',
      when: (a) => a.has('--noDeploy', '--no-deploy') },
    { id: 'print-secrets', sub: 'print', effect: 'read', scope: 'secret', when: (a, inv) => resolvesSecrets(inv.fileText?.(a.value('-c', '--config') ?? 'serverless.yml')),
      reason: 'prints the configuration with its ${ssm:…}, ${aws:secretsmanager…} and ${env:…} variables resolved: the stage\'s secrets in plain text' },
    { id: 'read', sub: ['deploy list', 'info', 'print', 'package', 'logs', 'metrics', 'output', 'doctor', 'support', 'studio', 'generate-event',
      'param get', 'param list'], effect: 'read', reason: 'reads or packages the service; changes nothing deployed' },
    { id: 'deploy', sub: 'deploy', effect: 'write', reason: 'deploys the service (CloudFormation stack, functions, resources)' },
    { id: 'remove', sub: 'remove', effect: 'destroy', reason: 'removes the deployed service with all of its functions and resources (buckets, tables)' },
    { id: 'prune', sub: 'prune', effect: 'destroy', reason: 'deletes old function versions and layers, so they cannot be rolled back to' },
    { id: 'rollback', sub: 'rollback', effect: 'write', reason: 'rolls the deployed service or function back to an earlier deployment' },
    // The handler runs here but with the stage's configuration, so whatever it touches belongs to that stage.
    { id: 'invoke-local', sub: 'invoke local', effect: 'write', scope: 'local',
      reason: 'runs a function handler on this machine with the stage\'s configuration' },
    // A deployed function does whatever its code does to the stage's data: treated as a change, not a read.
    { id: 'invoke', sub: 'invoke', effect: 'write', reason: 'runs a deployed function, which can change whatever it touches' },
    { id: 'dev', sub: 'dev', effect: 'write', reason: 'deploys a development shim to AWS and routes live events to this machine' },
    { id: 'delete-domain', sub: 'delete_domain', effect: 'destroy', reason: 'deletes the service\'s custom domain and its API mappings' },
    { id: 'local', sub: ['config', 'create', 'install', 'plugin', 'login', 'logout', 'offline'],
      effect: 'write', scope: 'local', reason: 'changes local Serverless files, plugins or credentials, or runs the service locally' },
  ],
  targets: (a) => {
    const hints: TargetHint[] = [];
    for (const stage of a.values('-s', '--stage')) hints.push(...stageHintsFromValue(stage, '--stage'));
    return hints;
  },
});

/** Variable sources whose values are credentials: parameters and secrets, and the environment. */
function resolvesSecrets(config: string | undefined): boolean {
  return config !== undefined && /\$\{(?:ssm|aws:secretsmanager|env|vault|param):/.test(config);
}

export const serverlessPack = refinePack(table, (f) => (localRules.has(f.ruleId) ? localOnly(f) : f));
