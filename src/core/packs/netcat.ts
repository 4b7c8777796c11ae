import type { Invocation, TargetHint } from '../model';
import { verbOf } from '../words/verbs';
import type { ParsedArgs } from './args';
import { definePack, type Pack } from './pack';
import { local, type Verdict } from './verdict';

/**
 * nc, ncat, netcat and telnet open a raw connection to a host and send it what they read. Text the
 * line gives them (`echo flush_all | nc cache.prod… 11211`, a here-doc of Redis or HTTP commands)
 * is judged by its words; input Bulkhead cannot see is unknown. Listening (`-l`) and port scans
 * (`-z`) send nothing.
 */

/** Lines of a payload read, at most. */
const maxPayloadLines = 200;

const valueFlags = ['-p', '-s', '-w', '-i', '-q', '-X', '-x', '-e', '-c', '--exec', '--sh-exec', '-o', '--output', '-I', '-O', '-T', '-V'];

function netcatTargets(a: ParsedArgs): TargetHint[] {
  const host = a.positionals[0];
  return host && !/^\d+$/.test(host) ? [{ kind: 'host', value: host.toLowerCase(), source: `connection to ${host}` }] : [];
}

function classifyNetcat(a: ParsedArgs, inv: Invocation): Verdict {
  if (a.has('-l', '--listen')) return local('listen', 'read', 'listens for a connection on this machine');
  if (a.has('-z')) return { rule: 'scan', effect: 'read', reason: 'only checks whether the port is open; it sends nothing' };
  if (a.positionals.length === 0) return local('no-host', 'read', `runs ${inv.program} without a host`);
  const stdin = inv.stdin;
  if (!stdin) return { rule: 'interactive', effect: 'read', reason: 'opens an interactive connection; what is typed there is not seen, and the host is where it lands' };
  if (stdin.text === undefined) return { rule: 'unseen-payload', effect: 'unknown', reason: `sends the host ${stdin.from ? `what ${stdin.from} produces` : 'input'} that Bulkhead cannot see` };
  let worst: { verb: string; effect: 'write' | 'destroy' } | undefined;
  for (const line of stdin.text.split('\n').slice(0, maxPayloadLines)) {
    for (const token of line.trim().split(/\s+/).slice(0, 2)) {
      const verb = verbOf(token.toLowerCase());
      if (verb?.effect === 'destroy' || (verb?.effect === 'write' && !worst)) worst = { verb: verb.verb, effect: verb.effect };
    }
  }
  if (!worst) return { rule: 'payload-read', effect: 'read', reason: 'sends the host text that names no change' };
  return { rule: `payload-${worst.effect}`, effect: worst.effect, reason: `sends the host commands: \`${worst.verb}\` ${worst.effect === 'destroy' ? 'destroys' : 'changes'} something` };
}

export const netcatPack: Pack = definePack({
  id: 'netcat',
  programs: ['nc', 'ncat', 'netcat', 'telnet'],
  targetKinds: ['host'],
  valueFlags,
  targets: netcatTargets,
  rules: [],
  classify: classifyNetcat,
});
