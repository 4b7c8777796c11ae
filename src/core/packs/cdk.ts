import type { TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { refinePack, stageHintsFromAssignment, stageHintsFromName, stageHintsFromPath } from './iac-hints';
import { definePack, localOnly } from './pack';

/** Stack ids after the subcommand (`cdk deploy ApiStack-Prod 'Prod/*'`) name the environment they belong to. */
function stackHints(a: ParsedArgs): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const operand of a.positionals.slice(1)) {
    const environment = awsEnvironment.exec(operand);
    if (environment) {
      // `cdk bootstrap aws://111111111111/eu-west-1`: the account and region to bootstrap.
      hints.push({ kind: 'aws-account', value: environment[1], source: 'bootstrap environment' });
      if (environment[2]) hints.push({ kind: 'aws-region', value: environment[2], source: 'bootstrap environment' });
      continue;
    }
    hints.push(...stageHintsFromName(operand, 'stack name'));
  }
  return hints;
}

const awsEnvironment = /^aws:\/\/(\d{12})(?:\/([a-z0-9-]+))?/;

const localRules = new Set(['cdk.local', 'cdktf.local']);

/**
 * AWS CDK. Targets: `--profile` and `$AWS_PROFILE`, the role it assumes (ARN, via the
 * engine's generic hints), `-c env=prod` context and environment words in stack ids.
 */
const cdkTable = definePack({
  id: 'cdk',
  programs: ['cdk'],
  targetKinds: ['aws-account', 'aws-region', 'stage'],
  packages: ['aws-cdk'],
  valueFlags: [
    '-a', '--app', '-c', '--context', '--role-arn', '-r', '-o', '--output', '--plugin', '-p', '--parameters', '--toolkit-stack-name',
    '--change-set-name', '--method', '-m', '--outputs-file', '-O', '--concurrency', '--require-approval', '--progress', '--build-exclude',
    '-E', '--ca-bundle-path', '--proxy', '--qualifier', '--bootstrap-bucket-name', '-b', '--bootstrap-kms-key-id',
    '--cloudformation-execution-policies', '--trust', '--trust-for-lookup', '--template', '-t', '--tags', '--resource-mapping',
    '--record-resource-mapping', '--from-path', '--stack-name', '-l', '--language', '--action', '--type', '--rollback-buffer-days',
    '--created-buffer-days', '--additional-stack-name',
  ],
  targetFlags: { '--profile': 'aws-profile' },
  envTargets: { AWS_PROFILE: 'aws-profile' },
  rules: [
    { id: 'change-set', sub: 'deploy', effect: 'read', reason: 'prepares a CloudFormation change set without executing it',
      when: (a) => a.value('--method', '-m') === 'prepare-change-set' || a.has('--no-execute') || a.value('--execute') === 'false' },
    { id: 'deploy', sub: 'deploy', effect: 'write', reason: 'deploys CDK stacks to AWS' },
    { id: 'destroy', sub: 'destroy', effect: 'destroy', reason: 'deletes CDK stacks and the resources they own from AWS' },
    { id: 'gc-print', sub: 'gc', effect: 'read', reason: 'lists unused bootstrap assets without deleting them', when: (a) => a.value('--action') === 'print' },
    { id: 'gc', sub: 'gc', effect: 'destroy', reason: 'deletes bootstrap assets (S3 objects, ECR images) it judges unused' },
    { id: 'refactor-dry-run', sub: 'refactor', effect: 'read', reason: 'shows a refactor without carrying it out', when: (a) => a.has('--dry-run') },
    { id: 'write', sub: ['bootstrap', 'watch', 'import', 'rollback', 'refactor', 'publish-assets', 'orphan'], effect: 'write',
      reason: 'changes CDK stacks or their bootstrap resources in AWS' },
    { id: 'context-reset', sub: 'context', effect: 'write', scope: 'local', reason: 'changes cached context values in cdk.context.json',
      when: (a) => a.has('--reset', '-e', '--clear') },
    { id: 'flags-set', sub: 'flags', effect: 'write', scope: 'local', reason: 'changes feature flags in cdk.json', when: (a) => a.has('--set') },
    { id: 'read', sub: ['synth', 'synthesize', 'diff', 'ls', 'list', 'doctor', 'docs', 'doc', 'metadata', 'notices', 'context', 'drift', 'flags'],
      effect: 'read', reason: 'reads or synthesizes the CDK app; changes nothing in AWS' },
    { id: 'local', sub: ['init', 'acknowledge', 'ack', 'migrate', 'cli-telemetry'], effect: 'write', scope: 'local',
      reason: 'creates or changes local CDK project files' },
  ],
  targets: (a) => {
    const hints = stackHints(a);
    for (const context of a.values('-c', '--context')) hints.push(...stageHintsFromAssignment(context, '-c context'));
    return hints;
  },
});

export const cdkPack = refinePack(cdkTable, (f) => (localRules.has(f.ruleId) || f.scope === 'local' ? localOnly(f) : f));

/**
 * CDK for Terraform: Terraform underneath, so `$TF_WORKSPACE` applies; stacks, `--var` and
 * `--var-file` may name the environment.
 */
const cdktfTable = definePack({
  id: 'cdktf',
  programs: ['cdktf'],
  targetKinds: ['stage'],
  packages: ['cdktf-cli'],
  valueFlags: ['-a', '--app', '-o', '--output', '--var', '--var-file', '--parallelism', '--outputs-file', '--language', '--template',
    '--project-name', '--project-description', '--from-terraform-project', '--provider', '--provider-version', '--log-level'],
  envTargets: { TF_WORKSPACE: 'terraform-workspace' },
  rules: [
    { id: 'refresh-only', sub: ['deploy', 'apply'], effect: 'write', reason: 'rewrites Terraform state to match real infrastructure',
      when: (a) => a.has('--refresh-only') },
    { id: 'deploy', sub: ['deploy', 'apply', 'watch'], effect: 'write', reason: 'deploys CDKTF stacks through Terraform' },
    { id: 'destroy', sub: 'destroy', effect: 'destroy', reason: 'destroys every resource of the CDKTF stacks' },
    { id: 'read', sub: ['synth', 'synthesize', 'diff', 'plan', 'list', 'ls', 'output', 'outputs', 'debug', 'provider list', 'help'],
      effect: 'read', reason: 'synthesizes or plans; changes no infrastructure' },
    { id: 'local', sub: ['init', 'get', 'convert', 'login', 'provider', 'telemetry'], effect: 'write', scope: 'local',
      reason: 'changes local CDKTF project files or credentials' },
  ],
  targets: (a) => {
    const hints = stackHints(a);
    for (const file of a.values('--var-file')) hints.push(...stageHintsFromPath(file, '--var-file'));
    for (const assignment of a.values('--var')) hints.push(...stageHintsFromAssignment(assignment, '--var'));
    return hints;
  },
});

export const cdktfPack = refinePack(cdktfTable, (f) => (localRules.has(f.ruleId) ? localOnly(f) : f));
