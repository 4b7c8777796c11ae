import type { Protection } from './model';
import { type Environment, type Policy, readOnlyEnvironment } from './policy/load';

/** The environment the human has selected, as the decision table reads it. */
export interface ActiveState {
  readonly name: string;
  readonly environment?: Environment;
  readonly protection: Protection | undefined;
  readonly readOnly: boolean;
}

export function activeState(policy: Policy, selected: string | undefined): ActiveState {
  const name = selected ?? policy.default;
  if (name === readOnlyEnvironment) return { name, protection: undefined, readOnly: true };
  const environment = name ? policy.byName.get(name) : undefined;
  if (environment) return { name: environment.name, environment, protection: environment.protection, readOnly: false };
  // No policy, or an active name the policy does not define: packs still classify, and any destroy asks.
  return { name: name ?? 'none', protection: policy.environments.length === 0 ? 'open' : 'guarded', readOnly: false };
}
