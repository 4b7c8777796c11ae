import type { Dialect, HookRequest } from './payload';

/**
 * What the hook concluded, before it is written in the agent's dialect.
 * - `defer`: the policy has nothing against it. Bulkhead never grants permissions, so the agent's
 *   own approval rules still apply (Claude Code and VS Code would otherwise skip their prompt).
 * - `approve`: a human approved it in Bulkhead's modal, so the agent need not ask again.
 * - `ask`: the agent's own prompt, where the dialect has one a human will see.
 * - `deny`: stopped; `agentMessage` tells the agent why and to stop and ask the user.
 */
export type HookOutcome =
  | { readonly kind: 'defer' }
  | { readonly kind: 'approve'; readonly reason: string }
  | { readonly kind: 'ask'; readonly reason: string; readonly agentMessage: string }
  | { readonly kind: 'deny'; readonly reason: string; readonly agentMessage: string };

export interface HookReply {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Claude Code permission modes in which an `ask` reaches a human (others auto-approve or have no prompt). */
const claudeModesWithPrompt: ReadonlySet<string> = new Set(['default', 'acceptEdits', 'plan']);

/**
 * Whether the agent's native "ask" will really put a human in front of the call.
 * - Cursor: no. `beforeReadFile` has no ask, and a `beforeShellExecution` ask is ignored in
 *   Auto-review mode, where the command then runs unprompted (Cursor forum topic 173694,
 *   3.21.16); `deny` is enforced in every mode.
 * - Claude Code: only in permission modes with a prompt; under `bypassPermissions` an ask once
 *   became allow (fixed around 2.1.215), and `dontAsk`/`auto` have no human to ask.
 * - VS Code and the Copilot CLI: yes (the cloud agent turns ask into deny by itself).
 * - Codex: never. It reads `ask` (and any field it does not support) as a failed hook and runs the
 *   tool (`unsupported_permission_decision_fails_open` in codex-rs/hooks), so a confirmation goes
 *   to the extension's modal or is denied.
 */
export function nativeAskReachesHuman(request: Pick<HookRequest, 'dialect' | 'permissionMode'>): boolean {
  switch (request.dialect) {
    case 'cursor':
    case 'codex':
      return false;
    case 'claude':
      return request.permissionMode === undefined || claudeModesWithPrompt.has(request.permissionMode);
    case 'vscode':
    case 'copilot-cli':
      return true;
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/**
 * `dialectCertain` is false when the dialect was recognised from the payload rather than pinned by
 * `--dialect`. A guess can be wrong (a Claude Code payload that carries a Cursor field), and one
 * agent's refusal can read as "go ahead" to another (Cursor's deny exits 0), so a refusal under a
 * guess also exits 2 with its reason on stderr, which every agent reads as a block.
 */
export function renderReply(request: Pick<HookRequest, 'dialect' | 'event'>, outcome: HookOutcome, dialectCertain = true): HookReply {
  const reply = renderIn(request, outcome);
  const refuses = outcome.kind === 'deny' || (outcome.kind === 'ask' && !nativeAskReachesHuman({ dialect: request.dialect }));
  if (dialectCertain || !refuses || reply.exitCode === 2) return reply;
  return { stdout: reply.stdout, stderr: `${outcome.agentMessage}\n`, exitCode: 2 };
}

function renderIn(request: Pick<HookRequest, 'dialect' | 'event'>, outcome: HookOutcome): HookReply {
  switch (request.dialect) {
    case 'cursor':
      return renderCursor(request.event, outcome);
    case 'claude':
    case 'vscode':
      return renderPreToolUse(outcome);
    case 'copilot-cli':
      return renderCopilotCli(outcome);
    case 'codex':
      return renderCodex(outcome);
  }
}

/**
 * Cursor hooks.json version 1: `{"permission": "allow"|"deny"|"ask", "user_message", "agent_message"}`
 * for shell and MCP; `{"permission": "allow"|"deny"}` only for beforeReadFile. Always exit 0 with
 * an answer: with `failClosed`, a hook that prints nothing is a failure.
 */
function renderCursor(event: string, outcome: HookOutcome): HookReply {
  const permission = outcome.kind === 'deny' || outcome.kind === 'ask' ? 'deny' : 'allow';
  if (event === 'beforeReadFile' || permission === 'allow') {
    const stderr = outcome.kind === 'deny' || outcome.kind === 'ask' ? `${outcome.agentMessage}\n` : '';
    return { stdout: json({ permission }), stderr, exitCode: 0 };
  }
  const message = outcome as Extract<HookOutcome, { kind: 'deny' | 'ask' }>;
  return { stdout: json({ permission, user_message: message.reason, agent_message: message.agentMessage }), stderr: '', exitCode: 0 };
}

/**
 * Claude Code and VS Code `PreToolUse`: `hookSpecificOutput.permissionDecision` with a reason.
 * A deny also exits 2 with the reason on stderr: both agents document exit 2 as "block, and show
 * stderr to the model", which still holds if their JSON format changes again.
 */
function renderPreToolUse(outcome: HookOutcome): HookReply {
  if (outcome.kind === 'defer') return { stdout: '', stderr: '', exitCode: 0 };
  const decision = outcome.kind === 'approve' ? 'allow' : outcome.kind;
  const reason = outcome.kind === 'deny' ? outcome.agentMessage : outcome.reason;
  const stdout = json({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: reason } });
  return outcome.kind === 'deny' ? { stdout, stderr: `${reason}\n`, exitCode: 2 } : { stdout, stderr: '', exitCode: 0 };
}

/** Copilot CLI `preToolUse`: top-level `permissionDecision` and `permissionDecisionReason`; exit 2 denies. */
function renderCopilotCli(outcome: HookOutcome): HookReply {
  if (outcome.kind === 'defer') return { stdout: '', stderr: '', exitCode: 0 };
  const decision = outcome.kind === 'approve' ? 'allow' : outcome.kind;
  const reason = outcome.kind === 'deny' ? outcome.agentMessage : outcome.reason;
  const stdout = json({ permissionDecision: decision, permissionDecisionReason: reason });
  return outcome.kind === 'deny' ? { stdout, stderr: `${reason}\n`, exitCode: 2 } : { stdout, stderr: '', exitCode: 0 };
}

/**
 * Codex `PreToolUse`. Silence (exit 0, nothing on stdout) is the only answer Codex reads as "go
 * ahead"; exit 2 with the reason on stderr is its block. Anything else it does not support
 * (`ask`, `allow` without a rewritten input, an extra field) counts as a failed hook, after which
 * Codex runs the tool, so nothing else is ever printed. An `ask` cannot reach a human here and is
 * a refusal like a deny.
 */
function renderCodex(outcome: HookOutcome): HookReply {
  if (outcome.kind === 'defer' || outcome.kind === 'approve') return { stdout: '', stderr: '', exitCode: 0 };
  return { stdout: '', stderr: `${outcome.agentMessage}\n`, exitCode: 2 };
}

/**
 * A payload Bulkhead could not read, or a failure while checking it: a refusal, never an allow.
 * With a known dialect it is that dialect's deny; without one, exit 2 with the reason on stderr,
 * which Claude Code, VS Code, the Copilot CLI and Cursor all treat as a block.
 */
export function renderRefusal(dialect: Dialect | undefined, message: string, dialectCertain = true): HookReply {
  const text = `bulkhead hook: ${message}. Bulkhead refused the call because it could not check it. Stop and ask the user to look at the Bulkhead hook.`;
  if (!dialect) return { stdout: '', stderr: `${text}\n`, exitCode: 2 };
  const reply = renderReply({ dialect, event: dialect === 'cursor' ? 'beforeShellExecution' : 'PreToolUse' }, { kind: 'deny', reason: text, agentMessage: text }, dialectCertain);
  return { ...reply, stderr: `${text}\n` };
}
