import type { Effect, Finding, Scope, TargetHint } from '../model';

/**
 * What a pack's code concludes before it becomes a Finding: the rule id within the pack, the
 * effect, the human reason, and the scope when it differs from the pack's. A pack that needs
 * more (docker's registry pushes) extends this interface rather than declaring its own.
 */
export interface Verdict {
  readonly rule: string;
  readonly effect: Effect;
  readonly reason: string;
  readonly scope?: Scope;
  /** Targets this verdict names on its own (the remote a push goes to). */
  readonly targets?: readonly TargetHint[];
  /** State left for the commands after this one on the line. */
  readonly setsAmbient?: Readonly<Record<string, string>>;
  /** The ambient kinds that apply instead of the pack's (a bucket URL names its bucket, so the active project does not). */
  readonly ambient?: readonly string[];
  /** Sources the command only reads from (a bucket-to-bucket copy): their environment is not where the change lands. */
  readonly readsFrom?: readonly string[];
}

export const read = (rule: string, reason: string): Verdict => ({ rule, effect: 'read', reason });
export const write = (rule: string, reason: string): Verdict => ({ rule, effect: 'write', reason });
export const destroy = (rule: string, reason: string, targets?: readonly TargetHint[]): Verdict =>
  (targets ? { rule, effect: 'destroy', reason, targets } : { rule, effect: 'destroy', reason });
/** Reading a credential: scope `secret`, so another environment's is blocked. */
export const secret = (rule: string, reason: string): Verdict => ({ rule, effect: 'read', reason, scope: 'secret' });
/** Work on this machine only. */
export const local = (rule: string, effect: Effect, reason: string): Verdict => ({ rule, effect, reason, scope: 'local' });

/** The Finding of a verdict: the pack's id prefixed, the pack's scope where the verdict has none. */
export function findingOf(packId: string, verdict: Verdict, packScope: Scope, targets?: readonly TargetHint[], packAmbient?: readonly string[]): Finding {
  // Assigned one by one rather than spread: this runs for every command, and spreading the optional fields cost about a tenth of a whole check.
  const finding: Mutable<Finding> = {
    ruleId: `${packId}.${verdict.rule}`,
    effect: verdict.effect,
    scope: verdict.scope ?? packScope,
    reason: verdict.reason,
    targets: targets ?? verdict.targets,
  };
  const ambient = verdict.ambient ?? packAmbient;
  if (ambient) finding.ambient = ambient;
  if (verdict.setsAmbient) finding.setsAmbient = verdict.setsAmbient;
  if (verdict.readsFrom) finding.readsFrom = verdict.readsFrom;
  return finding;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Verdicts looked up by a whole command name (`pg:backups:delete`, `d1 delete`), for CLIs whose
 * commands are flat names with many aliases rather than a tree of subcommands. `Extra` carries
 * what the pack decides per command besides the verdict (where a Wrangler command acts).
 */
export interface CommandTable<Extra extends object = object> {
  define(names: readonly string[], verdict: Verdict, ...extra: object extends Extra ? [] : [Extra]): void;
  get(name: string): (Verdict & Extra) | undefined;
  has(name: string): boolean;
}

export function commandTable<Extra extends object = object>(): CommandTable<Extra> {
  const byName = new Map<string, Verdict & Extra>();
  return {
    define(names, verdict, ...extra) {
      const entry = { ...verdict, ...extra[0] } as Verdict & Extra;
      for (const name of names) byName.set(name, entry);
    },
    get: (name) => byName.get(name),
    has: (name) => byName.has(name),
  };
}
