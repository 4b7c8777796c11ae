import type { ActiveState } from './activeEnvironment';
import type { CommandVerdict, Evaluation } from './evaluation';
import { agentMessage, humanMessage } from './messages';
import { type Decision, decisionRank, type Effect, effectSeverity, type Scope, type Span } from './model';

/** The line's evaluation: the command that weighs most speaks for it, with every command's verdict beside. */
export function summarise(line: string, verdicts: CommandVerdict[], active: ActiveState, warnings: string[]): Evaluation {
  let top: CommandVerdict | undefined;
  for (const v of verdicts) if (!top || weight(v) > weight(top)) top = v;
  if (!top) {
    return {
      command: line, decision: 'allow', effect: 'read', scope: 'local', targets: [], target: 'none', rules: [],
      reason: line.trim() ? 'runs nothing that touches infrastructure' : 'the command is empty',
      span: { start: 0, end: line.length }, active: active.name, humanMessage: 'Nothing to check.', agentMessage: '',
      commands: [], warnings,
    };
  }
  const relevant = verdicts.filter((v) => v.decision !== 'allow' || v.effect !== 'read' || v.scope !== 'local');
  const rules = [...new Set((relevant.length > 0 ? relevant : [top]).map((v) => v.ruleId))];
  const targets = [...new Set(verdicts.filter((v) => v.decision === top.decision).flatMap((v) => v.targets))];
  return new LineEvaluation(line, top, top.targets.length > 0 ? top.targets : targets, rules, active, verdicts, warnings);
}

/**
 * An Evaluation whose messages are written when read: most lines are allowed, and nobody reads
 * their wording. A class keeps the lazy fields cheap (prototype getters, one shape).
 */
class LineEvaluation implements Evaluation {
  readonly decision: Decision;
  readonly effect: Effect;
  readonly scope: Scope;
  readonly target: string;
  readonly span: Span;
  readonly active: string;

  constructor(
    readonly command: string,
    private readonly speaker: CommandVerdict,
    readonly targets: readonly string[],
    readonly rules: readonly string[],
    private readonly activeState: ActiveState,
    readonly commands: readonly CommandVerdict[],
    readonly warnings: readonly string[],
  ) {
    this.decision = speaker.decision;
    this.effect = speaker.effect;
    this.scope = speaker.scope;
    this.target = speaker.target;
    this.span = speaker.span;
    this.active = activeState.name;
  }

  get reason(): string {
    return `${this.speaker.program ? `${this.speaker.program}: ` : ''}${this.speaker.reason}. ${this.speaker.why}`;
  }

  get humanMessage(): string {
    return humanMessage(this.speaker);
  }

  get agentMessage(): string {
    return this.speaker.decision === 'allow' ? '' : agentMessage(this.speaker, this.activeState);
  }

  toJSON(): object {
    return {
      command: this.command, decision: this.decision, effect: this.effect, scope: this.scope, targets: this.targets, target: this.target,
      rules: this.rules, reason: this.reason, span: this.span, active: this.active, humanMessage: this.humanMessage,
      agentMessage: this.agentMessage, commands: this.commands, warnings: this.warnings,
    };
  }
}

/** Which sub-command speaks for the line: the strictest decision, then the worst effect, then the most specific target. */
function weight(v: CommandVerdict): number {
  // Saving a command's output to a file is incidental: a command that acts remotely or names a target
  // speaks for the line, unless the redirection itself is what stops it.
  // Between a plain local read (`echo …`, `cat <<EOF`) and its redirection, the write speaks.
  if (v.ruleId === 'shell.redirect' && v.decision === 'allow') return 0.5;
  return decisionRank[v.decision] * 100 + effectSeverity[v.effect] * 10 + (v.scope === 'local' ? 0 : 2) + (v.targets.length > 0 ? 1 : 0);
}
