import type { Effect, Protection } from '../model';
import { type Environment, type Policy, readOnlyEnvironment } from './load';

/**
 * What changed between two policies, each change marked as tightening (the guard asks or blocks
 * more) or loosening (it may allow something it did not). Where a change could go either way, it
 * is loosening: a human reads it before it applies.
 */
export interface PolicyChange {
  readonly direction: 'tighten' | 'loosen';
  /** One readable line: `production: protection lowered from critical to guarded`. */
  readonly text: string;
}

const protectionRank: Record<Protection, number> = { open: 0, guarded: 1, critical: 2 };
/** `unknown` always asks, so it ranks above `destroy`. */
const effectRank: Record<Effect, number> = { read: 0, write: 1, destroy: 2, unknown: 3 };

export function policyChanges(before: Policy, after: Policy): PolicyChange[] {
  const changes: PolicyChange[] = [];
  const add = (direction: PolicyChange['direction'], text: string) => changes.push({ direction, text });

  if (before.default !== after.default) add(defaultDirection(before, after), `default environment changed from ${before.default ?? 'none'} to ${after.default ?? 'none'}`);
  if (before.elevationMinutes !== after.elevationMinutes) {
    const longer = after.elevationMinutes > before.elevationMinutes;
    add(longer ? 'loosen' : 'tighten', `elevation ${longer ? 'raised' : 'lowered'} from ${before.elevationMinutes} to ${after.elevationMinutes} minutes`);
  }

  for (const old of before.environments) {
    const now = after.byName.get(old.name);
    if (!now) {
      add('loosen', `environment ${old.name} (${old.protection}) removed, with its targets, secrets and credentials`);
      continue;
    }
    environmentChanges(old, now, add);
  }
  for (const now of after.environments) {
    if (before.byName.has(now.name)) continue;
    // Commands that reach an open environment's targets are allowed where an unknown target asked.
    add(now.protection === 'open' ? 'loosen' : 'tighten', `environment ${now.name} (${now.protection}) added`);
  }

  const ruleKey = (r: Policy['rules'][number]) => r.pattern.pattern;
  const beforeRules = new Map(before.rules.map((r) => [ruleKey(r), r]));
  const afterRules = new Map(after.rules.map((r) => [ruleKey(r), r]));
  for (const [match, old] of beforeRules) {
    const now = afterRules.get(match);
    if (!now) {
      // A rule that said `read` made something allowed; one that said more made it ask.
      add(old.effect === 'read' ? 'tighten' : 'loosen', `rule "${match}" (${old.effect}) removed`);
      continue;
    }
    if (now.effect !== old.effect) add(effectRank[now.effect] < effectRank[old.effect] ? 'loosen' : 'tighten', `rule "${match}" effect changed from ${old.effect} to ${now.effect}`);
    if (now.target !== old.target) add(targetDirection(before, after, old.target, now.target), `rule "${match}" target changed from ${old.target ?? 'none'} to ${now.target ?? 'none'}`);
    if (now.scope !== old.scope) add('loosen', `rule "${match}" scope changed from ${old.scope ?? 'none'} to ${now.scope ?? 'none'}`);
  }
  for (const [match, now] of afterRules) {
    if (beforeRules.has(match)) continue;
    // A new rule overrides what the packs would say: only destroy and unknown can never lower it.
    add(now.effect === 'destroy' || now.effect === 'unknown' ? 'tighten' : 'loosen', `rule "${match}" (${now.effect}${now.target ? `, ${now.target}` : ''}) added`);
  }
  return changes;
}

export function loosens(changes: readonly PolicyChange[]): boolean {
  return changes.some((c) => c.direction === 'loosen');
}

function environmentChanges(old: Environment, now: Environment, add: (direction: PolicyChange['direction'], text: string) => void): void {
  const name = old.name;
  if (old.protection !== now.protection) {
    const lower = protectionRank[now.protection] < protectionRank[old.protection];
    add(lower ? 'loosen' : 'tighten', `${name}: protection ${lower ? 'lowered' : 'raised'} from ${old.protection} to ${now.protection}`);
  }
  // More targets of an open environment let more commands through; of any other, they ask more.
  const kinds = new Set([...old.targets.keys(), ...now.targets.keys()]);
  for (const kind of kinds) {
    const was = new Set((old.targets.get(kind) ?? []).map((m) => m.pattern));
    const is = new Set((now.targets.get(kind) ?? []).map((m) => m.pattern));
    for (const p of was) if (!is.has(p)) add(old.protection !== 'open' ? 'loosen' : 'tighten', `${name}: ${kind} target "${p}" removed`);
    for (const p of is) if (!was.has(p)) add(now.protection !== 'open' ? 'tighten' : 'loosen', `${name}: ${kind} target "${p}" added`);
  }
  const wasSecrets = new Set(old.secrets.map((m) => m.pattern));
  const isSecrets = new Set(now.secrets.map((m) => m.pattern));
  for (const p of wasSecrets) if (!isSecrets.has(p)) add('loosen', `${name}: secret file "${p}" removed`);
  for (const p of isSecrets) if (!wasSecrets.has(p)) add('tighten', `${name}: secret file "${p}" added`);
  const wasCredentials = new Set(old.credentials.map((c) => c.name));
  const isCredentials = new Set(now.credentials.map((c) => c.name));
  for (const c of wasCredentials) if (!isCredentials.has(c)) add('loosen', `${name}: credential ${c} removed`);
  for (const c of isCredentials) if (!wasCredentials.has(c)) add('tighten', `${name}: credential ${c} added`);
}

/** The protection an environment name stands for; read-only is above every environment. */
function strictness(policy: Policy, name: string | undefined): number {
  if (name === readOnlyEnvironment) return 3;
  const env = name === undefined ? undefined : policy.byName.get(name);
  return env ? protectionRank[env.protection] : -1;
}

/**
 * Opening in another environment is loosening unless it is read-only or more protected than the
 * old default; gaining or losing a default at all is loosening, since either way something new is active.
 */
function defaultDirection(before: Policy, after: Policy): PolicyChange['direction'] {
  if (before.default === undefined || after.default === undefined) return 'loosen';
  return strictness(after, after.default) > strictness(before, before.default) ? 'tighten' : 'loosen';
}

function targetDirection(before: Policy, after: Policy, was: string | undefined, is: string | undefined): PolicyChange['direction'] {
  return is !== undefined && strictness(after, is) > strictness(before, was) ? 'tighten' : 'loosen';
}
