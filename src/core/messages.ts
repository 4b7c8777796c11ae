import type { ActiveState } from './activeEnvironment';
import type { Relation } from './decide';
import type { CommandVerdict } from './evaluation';
import type { Effect, Scope } from './model';

/**
 * What every refusal tells an agent, in one wording: what not to try instead, then to ask the
 * human. An agent that reads a denial as a problem to solve looks for another way, so the sentence
 * names the other ways.
 */
export const noOtherWay = 'Do not retry this another way: no other command, tool, script, copy, credential or API call.';
export const askTheUser = 'Stop and ask the user how to proceed.';
export const stopAndAsk = `${noOtherWay} ${askTheUser}`;

/** The sentence a human reads in the confirmation. */
export function humanMessage(v: CommandVerdict): string {
  // Some reasons already open with the program's name (`prisma migrate reset drops …`).
  const what = !v.program || v.reason.startsWith(`${v.program} `) ? v.reason : `${v.program} ${v.reason}`;
  const where = v.target === 'none' ? '' : v.target === 'unknown' ? ' (environment unknown)' : ` (${v.targets.join(', ')})`;
  const verb = v.decision === 'allow' ? 'Allowed' : v.decision === 'confirm' ? 'Needs confirmation' : 'Blocked';
  return `${verb}: ${what}${where}. ${v.why}`;
}

/** What an agent receives for a refused command: what was refused and why, then stop and ask. */
export function agentMessage(v: CommandVerdict, active: ActiveState): string {
  const stopped = v.decision === 'block' ? 'Bulkhead blocked this command' : 'Bulkhead needs a human to confirm this command';
  const switchHint = v.targets.length > 0 && !v.targets.includes(active.name)
    ? ` Only the user can switch the active environment to ${v.targets[0]} in Bulkhead.`
    : '';
  return `${stopped}: ${v.reason} (rule ${v.ruleId}). ${v.why}${switchHint} ${stopAndAsk}`;
}

/** Why the decision table gave its decision: the cell's row and column, in one sentence. */
export function explainCell(effect: Effect, scope: Scope, relation: Relation, targets: readonly string[], active: ActiveState, inferred: boolean): string {
  const activeText = active.readOnly ? 'Read-only (diagnose) mode is active' : `the active environment is ${active.name}`;
  const kind = effect === 'unknown' ? 'Bulkhead cannot see what it runs, so a human decides'
    : scope === 'secret' ? 'it reads a secret'
    : effect === 'destroy' ? 'the loss cannot be undone'
    : effect === 'write' ? 'it changes things' : 'it only reads';
  switch (relation.kind) {
    case 'same':
      return `It acts on ${targets[0]}, the active environment (${active.protection ?? 'critical'}); ${kind}.`;
    case 'other':
      return `It acts on ${targets.join(' and ')}, but ${activeText}.`;
    case 'unknown':
      return `Which environment it acts on cannot be told (${activeText}); ${kind}.`;
    case 'none':
      if (inferred && effect === 'read') return 'Bulkhead has no pack for it; judged by its words it only reads, and a read is allowed wherever it lands.';
      return inferred ? `Bulkhead has no pack for it; judged by its words it acts on this machine only; ${kind}.` : `It acts on this machine only; ${kind}.`;
  }
}
