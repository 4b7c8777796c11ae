import { dialectModules } from './dialects';
import type { Dialect, HookRequest } from './payload';

/**
 * What the hook concluded, before it is written in the agent's dialect.
 * - `defer`: the policy has nothing against it. Bulkhead never grants permissions, so the agent's
 *   own approval rules still apply (Claude Code and VS Code would otherwise skip their prompt).
 * - `approve`: a human approved it in Bulkhead's modal, so the agent need not ask again.
 * - `ask`: the agent's own prompt, where the dialect has one a human will see.
 * - `deny`: stopped; `agentMessage` tells the agent why and to stop and ask the user.
 */
export type HookOutcome = (
  | { readonly kind: 'defer' }
  | { readonly kind: 'approve'; readonly reason: string }
  | { readonly kind: 'ask'; readonly reason: string; readonly agentMessage: string }
  | { readonly kind: 'deny'; readonly reason: string; readonly agentMessage: string }
) & {
  readonly relayed?: boolean;
  /** What the hook judged, for the audit entry it writes when the extension did not answer. */
  readonly judged?: Judged;
};

export interface Judged {
  readonly effect: string;
  readonly targets: readonly string[];
  readonly rules: readonly string[];
}

export interface HookReply {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Whether the agent's native "ask" will really put a human in front of the call (each dialect module says why). */
export function nativeAskReachesHuman(request: Pick<HookRequest, 'dialect' | 'permissionMode'>): boolean {
  return dialectModules[request.dialect].askReachesHuman(request);
}

/**
 * `dialectCertain` is false when the dialect was recognised from the payload rather than pinned by
 * `--dialect`. A guess can be wrong (a Claude Code payload that carries a Cursor field), and one
 * agent's refusal can read as "go ahead" to another (Cursor's deny exits 0), so a refusal under a
 * guess also exits 2 with its reason on stderr, which every agent reads as a block.
 */
export function renderReply(request: Pick<HookRequest, 'dialect' | 'event'>, outcome: HookOutcome, dialectCertain = true): HookReply {
  const reply = dialectModules[request.dialect].render(request.event, outcome);
  const refuses = outcome.kind === 'deny' || (outcome.kind === 'ask' && !nativeAskReachesHuman({ dialect: request.dialect }));
  if (dialectCertain || !refuses || reply.exitCode === 2) return reply;
  return { stdout: reply.stdout, stderr: `${outcome.agentMessage}\n`, exitCode: 2 };
}

/**
 * A payload Bulkhead could not read, or a failure while checking it: a refusal, never an allow.
 * With a known dialect it is that dialect's deny; without one, exit 2 with the reason on stderr,
 * which Claude Code, VS Code, the Copilot CLI and Cursor all treat as a block.
 */
export function renderRefusal(dialect: Dialect | undefined, message: string, dialectCertain = true): HookReply {
  const text = `bulkhead hook: ${message}. Bulkhead refused the call because it could not check it. Stop and ask the user to look at the Bulkhead hook.`;
  if (!dialect) return { stdout: '', stderr: `${text}\n`, exitCode: 2 };
  const reply = renderReply({ dialect, event: dialectModules[dialect].shellEvent }, { kind: 'deny', reason: text, agentMessage: text }, dialectCertain);
  return { ...reply, stderr: `${text}\n` };
}
