import { cdkPack, cdktfPack } from '../cdk';
import { helmfilePack, helmPack } from '../helm';
import { kustomizePack } from '../kustomize';
import type { Pack } from '../pack';
import { pulumiPack } from '../pulumi';
import { serverlessPack } from '../serverless';
import { skaffoldPack } from '../skaffold';
import { terraformPack, terragruntPack } from '../terraform';

/** Infrastructure as code and Kubernetes deployment tools (kubectl itself is registered on its own). */
export const iacPacks: readonly Pack[] = [
  terraformPack,
  terragruntPack,
  pulumiPack,
  cdkPack,
  cdktfPack,
  serverlessPack,
  helmPack,
  helmfilePack,
  kustomizePack,
  skaffoldPack,
];
