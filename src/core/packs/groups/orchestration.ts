import { orchestrationPacks as packs } from '../orchestration';
import type { Pack } from '../pack';

/** Configuration management and cluster orchestration: Ansible, Nomad, Consul, Argo CD, Flux. */
export const orchestrationPacks: readonly Pack[] = packs;
