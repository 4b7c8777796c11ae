/**
 * The human's side of a decision: one modal at a time, identical pending requests answered
 * together, a time limit from each request's arrival that means "no" (the asker's hook gives up
 * after it), and a short memory of explicit approvals. No vscode
 * import: the modals themselves are behind the Prompter interface (prompter.ts).
 */

import type { PolicyChange } from '../core/policy/changes';

export interface CommandPrompt {
  /** A few words naming the danger. */
  readonly message: string;
  /** Command, effect, target, active environment, rule, source. */
  readonly detail: string;
  readonly decision: 'confirm' | 'block';
  /** The name the human must type to run it: a block, or a destroy of a protected environment. */
  readonly typedName?: string;
  /** Set when the command's credential is one the terminal guard withheld: whose it is, for the refusal too. */
  readonly withheldNote?: string;
  /** Enter and Esc both mean "no": set for every destroy and every block. */
  readonly cancelIsDefault: boolean;
  /** Offer "Allow this exact command for 10 minutes" (confirm only, never destroy). */
  readonly offerRemember: boolean;
}

/** `remember`: run, and allow this exact command for 10 minutes. */
export type CommandAnswer = 'run' | 'remember' | 'no' | 'timeout';

/** The least time left that is worth showing a modal for (or a quarter of the time limit, if shorter). */
const minimumShowMs = 2000;

export interface Prompter {
  /** Must resolve `timeout` (and close what it can) when `signal` aborts. */
  confirmCommand(prompt: CommandPrompt, signal: AbortSignal): Promise<CommandAnswer>;
  confirmElevation(environment: string, minutes: number): Promise<boolean>;
  pickEnvironment(items: readonly EnvironmentPick[], current: string): Promise<string | undefined>;
  inputCommandLine(): Promise<string | undefined>;
  /** The policy file changed in ways that loosen it: true when the human accepts every change listed. */
  confirmPolicyChange(file: string, changes: readonly PolicyChange[]): Promise<boolean>;
}

export interface EnvironmentPick {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly detail?: string;
}

export const rememberMs = 10 * 60 * 1000;

interface Pending {
  readonly key: string;
  /** When the asker stops waiting: counted from the request, not from when its modal shows. */
  readonly deadline: number;
  /** Less time left than this when its turn comes, and it is answered timeout without a modal. */
  readonly shortest: number;
  readonly prompt: CommandPrompt;
  readonly promise: Promise<CommandAnswer>;
  resolve(answer: CommandAnswer): void;
}

export class ConfirmationQueue {
  private readonly pending = new Map<string, Pending>();
  private readonly order: Pending[] = [];
  private running = false;
  private disposed = false;
  private current?: AbortController;

  constructor(
    private readonly prompter: () => Prompter,
    private readonly timeoutMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many requests wait, the one on screen included. */
  get size(): number {
    return this.pending.size;
  }

  /** Asks the human; requests with the same key while one is pending share its answer. */
  ask(key: string, prompt: CommandPrompt): Promise<CommandAnswer> {
    if (this.disposed) return Promise.resolve('no');
    const existing = this.pending.get(key);
    if (existing) return existing.promise;
    let resolve!: (answer: CommandAnswer) => void;
    const promise = new Promise<CommandAnswer>((r) => { resolve = r; });
    const limit = this.timeoutMs();
    const entry: Pending = { key, deadline: this.now() + limit, shortest: Math.min(minimumShowMs, limit / 4), prompt, promise, resolve };
    this.pending.set(key, entry);
    this.order.push(entry);
    void this.pump();
    return promise;
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const next = this.order.shift();
        if (!next) break;
        // A request that waited behind others (nearly) out of its time is answered without a modal: one
        // shown for an instant stays on screen after its asker gave up, since VS Code cannot close it.
        const remaining = next.deadline - this.now();
        if (remaining < next.shortest) {
          this.pending.delete(next.key);
          next.resolve('timeout');
          continue;
        }
        const controller = new AbortController();
        this.current = controller;
        const timer = setTimeout(() => controller.abort(), remaining);
        let answer: CommandAnswer;
        try {
          const shown = this.prompter().confirmCommand(next.prompt, controller.signal);
          const aborted = new Promise<CommandAnswer>((r) => controller.signal.addEventListener('abort', () => r('timeout'), { once: true }));
          answer = await Promise.race([shown, aborted]);
        } catch {
          answer = 'no';
        } finally {
          clearTimeout(timer);
          this.current = undefined;
        }
        this.pending.delete(next.key);
        next.resolve(answer);
      }
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.current?.abort();
    for (const entry of this.order.splice(0)) {
      this.pending.delete(entry.key);
      entry.resolve('no');
    }
  }
}

/** Approvals the human gave, by exact key, until they expire. */
export class ApprovalMemory {
  private readonly entries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  add(key: string, ms: number): void {
    this.entries.set(key, this.now() + ms);
  }

  has(key: string): boolean {
    const until = this.entries.get(key);
    if (until === undefined) return false;
    if (until <= this.now()) {
      this.entries.delete(key);
      return false;
    }
    return true;
  }

  clear(): void {
    this.entries.clear();
  }
}
