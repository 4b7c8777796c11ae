import type { Effect, Scope } from '../model';

/**
 * What a hand-written pack concludes before it becomes a Finding: the rule id within the pack,
 * the effect, the human reason, and the scope when it differs from the pack's.
 */
export interface Verdict {
  readonly rule: string;
  readonly effect: Effect;
  readonly reason: string;
  readonly scope?: Scope;
}

export const read = (rule: string, reason: string): Verdict => ({ rule, effect: 'read', reason });
export const write = (rule: string, reason: string): Verdict => ({ rule, effect: 'write', reason });
export const destroy = (rule: string, reason: string): Verdict => ({ rule, effect: 'destroy', reason });
/** Reading a credential: scope `secret`, so another environment's is blocked. */
export const secret = (rule: string, reason: string): Verdict => ({ rule, effect: 'read', reason, scope: 'secret' });
/** Work on this machine only. */
export const local = (rule: string, effect: Effect, reason: string): Verdict => ({ rule, effect, reason, scope: 'local' });
