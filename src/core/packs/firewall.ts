import type { ParsedArgs } from './args';
import { definePack } from './pack';
import { type Verdict, local } from './verdict';

/**
 * The firewall of the machine it runs on (through `ssh`, the remote host's): iptables and
 * ip6tables, nft and ufw. Listing rules reads; adding them changes what traffic passes; flushing,
 * deleting or resetting them drops every rule at once, which can cut the host off or open it.
 */

const iptablesReads = new Set(['-L', '--list', '-S', '--list-rules', '-C', '--check', '-h', '--help', '-V', '--version']);
const iptablesDrops = new Set(['-F', '--flush', '-X', '--delete-chain', '-D', '--delete', '-Z', '--zero']);

function iptables(a: ParsedArgs): Verdict {
  const flags = [...a.flags.keys()];
  if (flags.some((f) => iptablesDrops.has(f))) return local('flush', 'destroy', 'flushes or deletes firewall rules: the host loses the rules that protect it until they are restored');
  if (flags.some((f) => iptablesReads.has(f))) return local('read', 'read', 'lists firewall rules');
  return local('change', 'write', 'changes the firewall rules: what traffic the host lets through');
}

function nft(a: ParsedArgs): Verdict {
  const [verb] = a.positionals;
  if (verb === undefined || verb === 'list' || verb === 'describe' || a.has('-c', '--check')) return local('read', 'read', 'lists or checks nftables rules');
  if (verb === 'flush' || verb === 'delete' || verb === 'destroy') return local('flush', 'destroy', `nft ${verb} drops firewall rules, tables or sets`);
  return local('change', 'write', 'changes the nftables firewall rules');
}

function ufw(a: ParsedArgs): Verdict {
  const [verb] = a.positionals;
  if (verb === undefined || verb === 'status' || verb === 'show' || verb === 'version' || verb === 'app' || a.has('--dry-run')) return local('read', 'read', 'shows the ufw firewall');
  if (verb === 'disable' || verb === 'reset' || verb === 'delete') return local('drop', 'destroy', `ufw ${verb} removes the firewall's rules or switches it off`);
  return local('change', 'write', 'changes the ufw firewall rules');
}

const valued = ['-t', '--table', '-A', '--append', '-I', '--insert', '-R', '--replace', '-N', '--new-chain', '-P', '--policy', '-E',
  '--rename-chain', '-p', '--protocol', '-s', '--source', '-d', '--destination', '-j', '--jump', '-i', '--in-interface', '-o',
  '--out-interface', '-m', '--match', '--dport', '--sport', '--to-destination', '--to-source', '-w', '--wait'];

export const firewallPacks = [
  definePack({ id: 'iptables', programs: ['iptables', 'ip6tables', 'iptables-legacy', 'iptables-nft'], scope: 'local', valueFlags: valued, asksForHelp: () => false, rules: [], classify: iptables }),
  definePack({ id: 'nft', programs: ['nft'], scope: 'local', valueFlags: ['-f', '--file', '-I', '--includepath'], rules: [], classify: nft }),
  definePack({ id: 'ufw', programs: ['ufw'], scope: 'local', rules: [], classify: ufw }),
];
