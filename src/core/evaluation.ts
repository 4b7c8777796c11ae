import type { Decision, Effect, Scope, Span } from './model';

/** The verdict on one simple command inside the line. */
export interface CommandVerdict {
  readonly text: string;
  readonly program: string;
  readonly span: Span;
  readonly via: readonly string[];
  readonly ruleId: string;
  readonly effect: Effect;
  readonly scope: Scope;
  readonly reason: string;
  /** Environments it acts on, most protected first. */
  readonly targets: readonly string[];
  /** `unknown` when it changes infrastructure whose environment cannot be told; `none` for local work. */
  readonly target: string;
  /** The facts that tied it to its environments. */
  readonly evidence: readonly string[];
  readonly decision: Decision;
  /** Why the decision table gave this decision, in one sentence. */
  readonly why: string;
}

export interface Evaluation {
  readonly command: string;
  readonly decision: Decision;
  readonly effect: Effect;
  readonly scope: Scope;
  readonly targets: readonly string[];
  readonly target: string;
  readonly rules: readonly string[];
  readonly reason: string;
  readonly span: Span;
  readonly active: string;
  /** What the human reads in the confirmation. */
  readonly humanMessage: string;
  /** What an agent receives when the decision is not `allow`: stop, and ask. */
  readonly agentMessage: string;
  readonly commands: readonly CommandVerdict[];
  /** Problems reading the line itself: parse errors, limits hit. */
  readonly warnings: readonly string[];
}
