import type { Finding, Invocation } from './model';
import type { Policy } from './policy/load';
import { namedTargets } from './words/judge';

/** Programs that run the script their first argument names, so a rule naming the script matches them too. */
const scriptRunners: ReadonlySet<string> = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'source', '.', 'python', 'python3', 'node', 'ruby', 'perl', 'php', 'deno', 'bun', 'tsx', 'ts-node']);

/** Per policy: the programs its project rules can match, or undefined when some rule starts with a glob. */
const ruleHeads = new WeakMap<Policy, ReadonlySet<string> | undefined>();

function headsOf(policy: Policy): ReadonlySet<string> | undefined {
  if (ruleHeads.has(policy)) return ruleHeads.get(policy);
  const heads = new Set<string>();
  let open = false;
  for (const rule of policy.rules) {
    const first = rule.pattern.pattern.split(' ')[0];
    if (/[*?[{(!+@\\]/.test(first)) open = true;
    heads.add(first);
    heads.add(first.slice(first.lastIndexOf('/') + 1));
  }
  const result = open ? undefined : heads;
  ruleHeads.set(policy, result);
  return result;
}

/**
 * The policy's own rules (`rules:` in `.bulkhead.yaml`), for commands the packs cannot know; the first
 * that matches speaks before any pack.
 */
export function matchProjectRule(inv: Invocation, policy: Policy): Finding | undefined {
  if (policy.rules.length === 0) return undefined;
  const heads = headsOf(policy);
  // Most commands are no project rule's program: skip building the strings rules match against.
  if (heads && !heads.has(inv.program) && !heads.has(inv.argv0) && !(scriptRunners.has(inv.program) && inv.args[0] !== undefined
    && (heads.has(inv.args[0]) || heads.has(inv.args[0].slice(inv.args[0].lastIndexOf('/') + 1)) || heads.has(`./${inv.args[0]}`)))) {
    return undefined;
  }
  const args = inv.args.join(' ');
  const asWritten = args ? `${inv.argv0} ${args}` : inv.argv0;
  const byName = args ? `${inv.program} ${args}` : inv.program;
  // `bash ./scripts/deploy.sh --prod` runs the script the rule names.
  const script = scriptRunners.has(inv.program) && inv.args.length > 0 && !inv.args[0].startsWith('-') ? args : undefined;
  for (const rule of policy.rules) {
    if (!rule.pattern.test(asWritten) && !rule.pattern.test(byName) && !(script && (rule.pattern.test(script) || rule.pattern.test(`./${script}`)))) continue;
    return {
      ruleId: rule.id,
      effect: rule.effect,
      // A project rule that names no target acts where the command's words point (`make nuke-prod`),
      // or somewhere Bulkhead cannot tell, unless it says `scope: local`.
      scope: rule.scope ?? 'infra',
      reason: rule.reason,
      targets: rule.target ? [{ kind: 'environment', value: rule.target, source: `project rule "${rule.pattern.pattern}"` }] : namedTargets(inv, policy),
    };
  }
  return undefined;
}
