import type { TargetHint } from '../model';
import { hintsFromUrl } from '../targets/hints';
import type { ParsedArgs } from './args';
import { definePack, type Pack } from './pack';
import { local, type Verdict } from './verdict';

/**
 * virsh (libvirt). It acts on the hypervisor its connection URI names (`-c qemu+ssh://root@kvm1…/system`),
 * or on this machine's when the URI has no host. Words that mislead:
 * - `destroy` forcefully stops a domain, as pulling the plug would; its disks stay. A change, not a loss.
 * - `undefine` forgets a domain's definition; with `--remove-all-storage`, `--storage` or `--wipe-storage`
 *   it also deletes its disks, which destroys.
 * - `vol-delete`, `vol-wipe`, `pool-delete` and `snapshot-delete` lose data; `snapshot-revert` loses
 *   whatever changed since the snapshot.
 */

const reads = new Set([
  'list', 'dominfo', 'domstate', 'dumpxml', 'domblklist', 'domiflist', 'domifaddr', 'domblkinfo', 'domstats', 'net-list', 'net-info',
  'net-dumpxml', 'pool-list', 'pool-info', 'pool-dumpxml', 'vol-list', 'vol-info', 'vol-dumpxml', 'snapshot-list', 'snapshot-info',
  'snapshot-dumpxml', 'capabilities', 'nodeinfo', 'version', 'uri', 'hostname', 'sysinfo', 'help', 'vncdisplay', 'domdisplay', 'console',
]);
const destroys: Readonly<Record<string, string>> = {
  'vol-delete': 'deletes a storage volume and its data',
  'vol-wipe': 'wipes a storage volume\'s data',
  'pool-delete': 'deletes a storage pool\'s resources',
  'snapshot-delete': 'deletes a snapshot, which cannot be restored afterwards',
  'snapshot-revert': 'reverts a domain to a snapshot, losing everything changed since',
};
const changes: Readonly<Record<string, string>> = {
  destroy: 'forcefully stops a domain, as pulling its plug would (its disks stay)',
  shutdown: 'shuts a domain down', reboot: 'reboots a domain', reset: 'resets a domain as a hardware reset would (its disks stay)',
  start: 'starts a domain', suspend: 'pauses a domain', resume: 'resumes a domain', define: 'defines a domain', create: 'creates and starts a domain',
  migrate: 'moves a domain to another host', edit: 'edits a domain\'s definition', undefine: 'forgets a domain\'s definition (its disks stay)',
};

const valueFlags = ['-c', '--connect', '-d', '--debug', '-l', '--log', '-k', '--keepalive-interval', '-K', '--keepalive-count', '-e', '--escape'];

function virshTargets(a: ParsedArgs): TargetHint[] {
  const uri = a.value('-c', '--connect');
  const hints: TargetHint[] = uri ? [...hintsFromUrl(uri, 'libvirt connection')] : [];
  const domain = a.positionals[1];
  if (domain && !domain.startsWith('-')) hints.push({ kind: 'resource', value: domain, source: `virsh ${a.positionals[0]}` });
  return hints;
}

function classifyVirsh(a: ParsedArgs): Verdict {
  const sub = a.positionals[0];
  const remote = /^[a-z+]+:\/\/[^/]/.test(a.value('-c', '--connect') ?? '');
  const here = (v: Verdict): Verdict => (remote ? v : { ...v, scope: 'local' });
  if (sub === undefined) return local('shell', 'write', 'opens an interactive virsh shell; what is typed there is not seen');
  if (reads.has(sub)) return here({ rule: 'read', effect: 'read', reason: `reads libvirt state (virsh ${sub})` });
  if (sub === 'undefine' && a.has('--remove-all-storage', '--storage', '--wipe-storage', '--delete-storage-volume-snapshots')) {
    return here({ rule: 'undefine-storage', effect: 'destroy', reason: 'forgets a domain and deletes its disks' });
  }
  if (destroys[sub]) return here({ rule: sub, effect: 'destroy', reason: destroys[sub] });
  return here({ rule: changes[sub] ? sub : 'change', effect: 'write', reason: changes[sub] ?? `runs virsh ${sub}, treated as a change` });
}

export const virshPack: Pack = definePack({
  id: 'virsh',
  programs: ['virsh'],
  targetKinds: ['host', 'resource', 'stage'],
  valueFlags,
  targets: virshTargets,
  rules: [],
  classify: classifyVirsh,
});
