import type { Decision, Effect, Protection, Scope } from './model';

/** Where the command lands, relative to the active environment. */
export type Relation =
  | { readonly kind: 'same' }
  | { readonly kind: 'other'; readonly protection: Protection }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'none' };

export interface DecisionInput {
  readonly effect: Effect;
  readonly scope: Scope;
  readonly relation: Relation;
  /** Protection of the active environment; `undefined` in Read-only mode. */
  readonly active: Protection | undefined;
  readonly readOnly: boolean;
}

/**
 * The decision table of DESIGN.md, cell by cell. One target at a time: a command with several
 * targets takes the strictest of its cells.
 */
export function decide(input: DecisionInput): Decision {
  const { effect, scope, relation, readOnly } = input;
  const active: Protection = input.active ?? 'critical';
  if (effect === 'unknown') return readOnly ? 'block' : 'confirm';
  if (effect === 'read') {
    if (scope !== 'secret') return 'allow';
    switch (relation.kind) {
      case 'same':
      case 'none':
        return 'allow';
      case 'other':
        return 'block';
      case 'unknown':
        return 'confirm';
    }
  }
  if (readOnly && relation.kind !== 'none') return 'block';
  if (effect === 'write') {
    switch (relation.kind) {
      case 'same':
        return active === 'critical' ? 'confirm' : 'allow';
      case 'other':
        return relation.protection === 'open' ? 'allow' : 'block';
      case 'unknown':
        return active === 'open' ? 'allow' : 'confirm';
      case 'none':
        return 'allow';
    }
  }
  // destroy
  switch (relation.kind) {
    case 'same':
      return active === 'critical' ? 'block' : 'confirm';
    case 'other':
      return relation.protection === 'open' ? 'confirm' : 'block';
    case 'unknown':
      return active === 'critical' ? 'block' : 'confirm';
    case 'none':
      return 'confirm';
  }
}
