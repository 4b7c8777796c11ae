import type { ActiveState } from './activeEnvironment';
import { decide, type Relation } from './decide';
import type { CommandVerdict } from './evaluation';
import { explainCell } from './messages';
import { type AmbientState, type Decision, decisionRank, type Effect, type Finding, type Invocation, remoteHintKinds, type Scope, type Span } from './model';
import type { Policy } from './policy/load';
import type { FileSystemView } from './secretReads';
import { resolveTargets } from './targets/resolve';

/**
 * One command's verdict: its finding's targets resolved against the policy and the machine, then
 * the decision table's strictest cell over those targets.
 */
export function verdictFor(finding: Finding, inv: Invocation, text: string, policy: Policy, ambient: AmbientState, active: ActiveState,
  files: FileSystemView | undefined): CommandVerdict {
  const resolution = resolveTargets(finding, inv, policy, ambient, files);
  let { effect, scope, ruleId, reason } = finding;
  // A finding that is a secret read already says how (a printed credential, a secret manager); a file it reads does not say more.
  if (resolution.secretEnvironments.length > 0 && effect === 'read' && finding.scope !== 'secret') {
    scope = 'secret';
    ruleId = 'secrets.read';
    reason = `reads a secret file of ${resolution.secretEnvironments.join(' and ')}`;
  } else if (resolution.unknownSecret && effect === 'read') {
    scope = 'secret';
    ruleId = 'secrets.read-unchecked';
    reason = `may read a secret file: ${resolution.unknownSecret}`;
  }
  // A command run inside a remote container or host acts on that remote, not on this machine.
  if (scope === 'local' && effect !== 'read' && inv.inherited.some((h) => remoteHintKinds.has(h.kind))) scope = 'infra';
  const targets = resolution.environments;
  const target = targets.length > 0 ? targets.join(',') : scope === 'infra' || scope === 'secret' ? 'unknown' : 'none';
  const relations: Relation[] = targets.length > 0
    ? targets.map((name) => relationTo(name, policy, active))
    : [{ kind: scope === 'local' ? 'none' : 'unknown' }];
  let decision: Decision | undefined;
  let deciding: Relation = relations[0];
  for (const relation of relations) {
    const d = decide({ effect, scope, relation, active: active.protection, readOnly: active.readOnly });
    if (decision === undefined || decisionRank[d] > decisionRank[decision]) {
      decision = d;
      deciding = relation;
    }
  }
  if (finding.atLeast && decisionRank[finding.atLeast] > decisionRank[decision ?? 'allow']) decision = finding.atLeast;
  return new Verdict(text, inv, ruleId, effect, scope, reason, targets, target, resolution.evidence, decision ?? 'allow', deciding, active,
    finding.inferred === true);
}

function relationTo(name: string, policy: Policy, active: ActiveState): Relation {
  if (!active.readOnly && name === active.name) return { kind: 'same' };
  return { kind: 'other', protection: policy.byName.get(name)?.protection ?? 'guarded' };
}

/**
 * A CommandVerdict whose sentence for humans is written when read: most verdicts are allowed
 * reads that nobody words. A class keeps the lazy field cheap (a prototype getter, one shape).
 */
class Verdict implements CommandVerdict {
  readonly program: string;
  readonly span: Span;
  readonly via: readonly string[];
  private whyText: string | undefined;

  constructor(
    readonly text: string,
    inv: Invocation,
    readonly ruleId: string,
    readonly effect: Effect,
    readonly scope: Scope,
    readonly reason: string,
    readonly targets: readonly string[],
    readonly target: string,
    readonly evidence: readonly string[],
    readonly decision: Decision,
    private readonly deciding: Relation,
    private readonly active: ActiveState,
    private readonly inferred: boolean,
  ) {
    this.program = inv.program;
    this.span = inv.span;
    this.via = inv.via;
  }

  get why(): string {
    this.whyText ??= explainCell(this.effect, this.scope, this.deciding, this.targets, this.active, this.inferred);
    return this.whyText;
  }

  toJSON(): object {
    return {
      text: this.text, program: this.program, span: this.span, via: this.via, ruleId: this.ruleId, effect: this.effect, scope: this.scope,
      reason: this.reason, targets: this.targets, target: this.target, evidence: this.evidence, decision: this.decision, why: this.why,
    };
  }
}
