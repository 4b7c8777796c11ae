import type { TargetHint } from '../model';
import { resourceHints, stageHints } from './cloud-common';
import { definePack, localWorkUntargeted } from './pack';

/**
 * The AWS SAM CLI. `sam build`, `sam local` and `sam validate` stay on this machine; `sam deploy`
 * and `sam sync` change a CloudFormation stack; `sam delete` deletes it. Targets: `--profile`,
 * `--region`, `--stack-name`, and `--config-env` (the samconfig environment, usually a stage name).
 */
export const samPack = localWorkUntargeted(definePack({
  id: 'sam',
  programs: ['sam'],
  targetKinds: ['resource'],
  valueFlags: [
    '--stack-name', '--config-file', '--s3-bucket', '--template-file', '-t', '--template', '--parameter-overrides',
    '--image-repository', '--s3-prefix', '--tags', '--signing-profiles', '--role-arn', '--name', '-n', '--event', '-e',
    '--output-template-file', '--resource-id', '--port', '--kms-key-id', '--build-dir', '-b', '--base-dir', '-s',
    '--use-container', '--cached', '--manifest', '-m', '--runtime', '--app-template', '--location', '-l', '--output-dir', '-o',
  ],
  targetFlags: { '--profile': 'aws-profile', '--region': 'aws-region', '--config-env': 'stage' },
  envTargets: { AWS_PROFILE: 'aws-profile', AWS_REGION: 'aws-region' },
  readFlags: ['-h', '--info', '--version'],
  rules: [
    { id: 'plan', sub: 'deploy', effect: 'read', reason: 'creates a change set for review without executing it',
      when: (a) => a.has('--no-execute-changeset') },
    { id: 'deploy', sub: ['deploy', 'sync'], effect: 'write', reason: 'deploys a SAM application (a CloudFormation stack)' },
    { id: 'delete', sub: 'delete', effect: 'destroy', reason: "deletes a SAM application's CloudFormation stack and its deployed artifacts" },
    { id: 'read', sub: ['logs', 'traces', 'list', 'remote test-event list', 'remote test-event get'], effect: 'read',
      reason: 'reads a deployed SAM application' },
    { id: 'local', sub: ['build', 'local', 'validate', 'docs', 'init', 'pipeline init'], effect: 'write', scope: 'local',
      reason: 'builds, checks or runs the application on this machine' },
    { id: 'write', sub: ['package', 'publish', 'remote', 'pipeline'], effect: 'write',
      reason: 'uploads artifacts or changes AWS resources for a SAM application' },
  ],
  targets: (a) => {
    const hints: TargetHint[] = [];
    resourceHints(a.value('--stack-name'), '--stack-name flag', hints);
    const profile = a.value('--profile');
    if (profile) stageHints(profile, '--profile flag', hints);
    return hints;
  },
}));
