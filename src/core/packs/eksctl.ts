import type { TargetHint } from '../model';
import { resourceHints, stageHints } from './cloud-common';
import { definePack, localWorkUntargeted } from './pack';

/**
 * eksctl: `eksctl <verb> <noun> [flags]` (`eksctl delete cluster --name prod`). Deleting a cluster
 * also deletes its node groups and the CloudFormation stacks eksctl created for it.
 * Targets: `--profile`/$AWS_PROFILE, `--region`, the cluster name, and the config file's name.
 */
export const eksctlPack = localWorkUntargeted(definePack({
  id: 'eksctl',
  programs: ['eksctl'],
  targetKinds: ['resource', 'stage'],
  valueFlags: [
    '--name', '-n', '--cluster', '-f', '--config-file', '--nodes', '-N', '--node-type', '-t', '--version', '--nodegroup-name',
    '--timeout', '--output', '-o', '--kubeconfig', '--nodes-min', '--nodes-max', '--zones', '--vpc-private-subnets',
    '--vpc-public-subnets', '--namespace', '--role-name', '--attach-policy-arn', '--include', '--exclude', '--node-ami',
  ],
  targetFlags: { '--profile': 'aws-profile', '-p': 'aws-profile', '--region': 'aws-region', '-r': 'aws-region' },
  envTargets: { AWS_PROFILE: 'aws-profile', AWS_REGION: 'aws-region' },
  readFlags: ['-h'],
  rules: [
    { id: 'dry-run', effect: 'read', reason: 'a dry run prints the configuration and changes nothing', when: (a) => a.has('--dry-run') },
    { id: 'read', sub: ['get', 'info', 'version', 'completion', 'utils describe-stacks', 'utils describe-addon-versions',
      'utils describe-addon-configuration', 'utils schema', 'utils nodegroup-health', 'utils describe-cluster-logs'],
    effect: 'read', reason: 'reads EKS clusters and eksctl state' },
    { id: 'write-kubeconfig', sub: 'utils write-kubeconfig', effect: 'write', scope: 'local', reason: 'writes an EKS cluster into the local kubeconfig' },
    { id: 'delete-cluster', sub: 'delete cluster', effect: 'destroy',
      reason: 'deletes an EKS cluster with its node groups and the CloudFormation stacks eksctl created' },
    { id: 'delete-nodegroup', sub: 'delete nodegroup', effect: 'destroy', reason: 'deletes an EKS node group and its nodes' },
    { id: 'delete', sub: 'delete', effect: 'destroy', reason: 'deletes EKS resources' },
    { id: 'drain', sub: 'drain', effect: 'write', reason: 'drains the nodes of a node group' },
    { id: 'scale', sub: 'scale', effect: 'write', reason: 'scales a node group' },
    { id: 'write', sub: ['create', 'upgrade', 'update', 'set', 'unset', 'enable', 'disable', 'register', 'deregister',
      'associate', 'disassociate', 'utils', 'anywhere'], effect: 'write', reason: 'changes EKS clusters or their AWS resources' },
  ],
  targets: (a) => {
    const hints: TargetHint[] = [];
    for (const value of a.values('--name', '-n', '--cluster')) resourceHints(value, 'cluster name', hints);
    if (a.positionals[2]) resourceHints(a.positionals[2], 'cluster name', hints);
    const profile = a.value('--profile', '-p');
    if (profile) stageHints(profile, '--profile flag', hints);
    for (const file of a.values('-f', '--config-file')) stageHints(file.slice(file.lastIndexOf('/') + 1), 'config file name', hints);
    return hints;
  },
}));
