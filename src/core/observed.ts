/**
 * What a command seen in a terminal after the fact amounts to. Observation never blocks, so the
 * only harm it can do is a false alarm: a bypass is a change that ran without passing a guard,
 * nothing less. A command that did not run, a read (even of a secret) and a command whose effect
 * cannot be seen are notes.
 */
import type { Evaluation } from './evaluation';

export type Observed =
  | { readonly kind: 'quiet' }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'bypass' };

/** Exit codes of a command that never started: the guard refused it (126), or there was no such program (127). */
export const refusedExitCode = 126;
export const notFoundExitCode = 127;

/**
 * @param exitCode as shell integration reported it; undefined while the command is still running.
 * @param passedGuard whether a shim, the trap or a hook asked about it.
 * @param emptied credential variables the terminal guard empties in this terminal.
 */
export function judgeObserved(evaluation: Evaluation, exitCode: number | undefined, passedGuard: boolean, emptied: readonly string[]): Observed {
  if (evaluation.decision === 'allow' || passedGuard || exitCode === refusedExitCode) return { kind: 'quiet' };
  if (exitCode === notFoundExitCode) return { kind: 'note', text: 'did not run: the shell found no such program' };
  const stopped = evaluation.commands.filter((c) => c.decision !== 'allow');
  const changes = stopped.filter((c) => (c.effect === 'write' || c.effect === 'destroy') && c.scope !== 'secret');
  if (changes.length > 0) return { kind: 'bypass' };
  const named = emptied.filter((name) => new RegExp(`\\$\\{?${name}\\b`).test(evaluation.command));
  if (named.length > 0) return { kind: 'note', text: `used ${named.join(', ')}, which Bulkhead empties in this terminal: nothing was exposed` };
  const first = stopped[0];
  const what = first?.effect === 'unknown' ? 'Bulkhead cannot see what it ran' : first?.reason ?? evaluation.reason;
  return { kind: 'note', text: `ran without a guard's check; it changes nothing Bulkhead can see (${what})` };
}
