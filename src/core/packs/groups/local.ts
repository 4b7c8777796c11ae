import { dockerPack } from '../docker';
import { filePacks } from '../files';
import { firewallPacks } from '../firewall';
import { ghPack } from '../gh';
import { gitPack } from '../git';
import { nestPack } from '../nest';
import { rushPack } from '../rush';
import type { Pack } from '../pack';

/**
 * Tools that act on this machine: files, disks, processes, local git, containers and project CLIs.
 *
 * `gh` acts on GitHub, not on this machine, and belongs with the remote packs (a line that does
 * not parse and mentions gh should be suspicious). It sits here only until the registry imports
 * a group for it; see `remoteToolPacks`.
 */
export const localPacks: readonly Pack[] = [gitPack, dockerPack, ...filePacks, ...firewallPacks, nestPack, rushPack, ghPack];

/** Packs defined next to the local ones that act on remote services. */
export const remoteToolPacks: readonly Pack[] = [ghPack];
