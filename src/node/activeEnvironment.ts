/**
 * Which environment is active, and the elevation into a critical one. No vscode import: storage,
 * the elevation prompt and notifications are passed in.
 *
 * - The choice is per workspace (the store is workspace state), except an elevation: a critical
 *   environment is never stored, so a reload always comes back to a non-critical one.
 * - An elevation lasts the policy's `elevation.minutes` and reverts to the default by itself.
 */
import type { Policy } from '../core/policy/load';
import { readOnlyName, type Protection } from '../core/statusRender';

export interface ChoiceStore {
  get(): string | undefined;
  set(value: string | undefined): PromiseLike<void> | void;
}

export interface ActiveSnapshot {
  readonly name: string;
  readonly protection?: Protection;
  readonly isDefault: boolean;
  readonly elevatedUntil?: number;
}

type Listener = (snapshot: ActiveSnapshot, reason: string) => void;

export class ActiveEnvironment {
  private policy?: Policy;
  private name = readOnlyName;
  private elevatedUntil?: number;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly listeners = new Set<Listener>();
  /** Tests shorten elevations with this; never set in production. */
  elevationMsOverride?: number;

  constructor(
    private readonly store: ChoiceStore,
    private readonly onExpired: (environment: string, back: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get snapshot(): ActiveSnapshot {
    return {
      name: this.name,
      protection: this.protectionOf(this.name),
      isDefault: this.name === this.defaultName(),
      elevatedUntil: this.elevatedUntil,
    };
  }

  get active(): string {
    return this.name;
  }

  /** The names a user can pick: the policy's environments, then read-only. */
  choices(): { name: string; protection?: Protection }[] {
    const envs = this.policy?.environments ?? [];
    return [...envs.map((e) => ({ name: e.name, protection: e.protection })), { name: readOnlyName }];
  }

  protectionOf(name: string): Protection | undefined {
    if (name === readOnlyName) return undefined;
    return this.policy?.byName.get(name)?.protection;
  }

  defaultName(): string {
    const policy = this.policy;
    if (!policy) return readOnlyName;
    const d = policy.default;
    if (d === readOnlyName) return readOnlyName;
    if (d && policy.byName.has(d) && policy.byName.get(d)?.protection !== 'critical') return d;
    // No usable default: the least protected environment, so nothing critical is ever active by itself.
    const open = policy.environments.find((e) => e.protection === 'open');
    const guarded = policy.environments.find((e) => e.protection === 'guarded');
    return (guarded ?? open)?.name ?? (policy.environments.length === 0 ? 'none' : readOnlyName);
  }

  /** Called with every good policy. Keeps the choice when it still exists, else falls back. */
  setPolicy(policy: Policy): void {
    const first = this.policy === undefined;
    this.policy = policy;
    if (first) {
      const saved = this.store.get();
      const usable = saved !== undefined && (saved === readOnlyName || (policy.byName.has(saved) && this.protectionOf(saved) !== 'critical'));
      this.set(usable ? saved : this.defaultName(), undefined, 'policy loaded');
      return;
    }
    if (this.name !== readOnlyName && this.name !== 'none' && !policy.byName.has(this.name)) {
      this.set(this.defaultName(), undefined, `the policy no longer defines ${this.name}`);
    } else if (this.elevatedUntil !== undefined && this.protectionOf(this.name) !== 'critical') {
      this.set(this.name, undefined, 'protection changed');
    } else {
      this.emit('policy changed');
    }
  }

  /**
   * Selects an environment. A critical one is an elevation: `confirm` must say yes, and it lasts
   * the policy's elevation minutes. Returns false when nothing changed.
   */
  async select(name: string, confirm: (environment: string, minutes: number) => Promise<boolean>): Promise<boolean> {
    if (name !== readOnlyName && !this.policy?.byName.has(name)) return false;
    if (this.protectionOf(name) === 'critical') {
      const minutes = this.policy?.elevationMinutes ?? 15;
      if (!(await confirm(name, minutes))) return false;
      const ms = this.elevationMsOverride ?? minutes * 60_000;
      this.set(name, this.now() + ms, `elevated for ${minutes} minutes`);
      return true;
    }
    this.set(name, undefined, 'selected');
    return true;
  }

  returnToDefault(reason = 'returned to the default'): void {
    this.set(this.defaultName(), undefined, reason);
  }

  private set(name: string, elevatedUntil: number | undefined, reason: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.name = name;
    this.elevatedUntil = elevatedUntil;
    if (elevatedUntil !== undefined) {
      this.timer = setTimeout(() => {
        const back = this.defaultName();
        this.set(back, undefined, 'elevation expired');
        this.onExpired(name, back);
      }, Math.max(0, elevatedUntil - this.now()));
    } else {
      // Only non-critical choices are remembered for this workspace.
      void this.store.set(name);
    }
    this.emit(reason);
  }

  private emit(reason: string): void {
    const snapshot = this.snapshot;
    for (const l of this.listeners) l(snapshot, reason);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }
}
