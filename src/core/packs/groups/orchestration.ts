import { virshPack } from '../hypervisors';
import { orchestrationPacks as packs } from '../orchestration';
import type { Pack } from '../pack';

/** Configuration management, cluster orchestration and hypervisors: Ansible, Nomad, Consul, Argo CD, Flux, libvirt. */
export const orchestrationPacks: readonly Pack[] = [...packs, virshPack];
