import type { Dialect, HookRequest } from '../payload';
import type { HookOutcome, HookReply } from '../respond';
import type { Json } from './fields';

/** Everything Bulkhead knows about one agent's hook protocol. */
export interface DialectModule {
  readonly id: Dialect;
  readonly name: string;
  /** The event its shell commands come in (refusals that cannot tell the event use it). */
  readonly shellEvent: string;
  /** Whether a payload not pinned by `--dialect` is this agent's; asked in `detectionOrder`. */
  detect(payload: Json): boolean;
  /** Throws PayloadError (with the field) when the payload is not exactly what the agent documents. */
  parse(payload: Json): HookRequest;
  render(event: string, outcome: HookOutcome): HookReply;
  /** Whether the agent's own "ask" really puts a human in front of the call. */
  askReachesHuman(request: Pick<HookRequest, 'permissionMode'>): boolean;
  /** The payload the agent sends before running the shell command `line` in `cwd`. */
  canary(line: string, cwd: string): Json;
  /**
   * The time the hook has, where the agent (or Bulkhead's script for it) sets one no setting
   * raises, and why: the wait for the extension's answer ends in time to say so.
   */
  readonly timeLimit?: { readonly ms: number; readonly why: string };
  /** What the agent makes of a hook's answer (timeouts and spawn errors are read before this). */
  readReply(run: ProbeRun): ProbeReading;
}

/** What a configured hook command did with a canary payload. */
export interface ProbeRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly error?: string;
}

export type ProbeVerdict = 'deny' | 'ask' | 'allow' | 'error';

export interface ProbeReading {
  readonly verdict: ProbeVerdict;
  readonly detail: string;
}

