import type { HookRequest } from '../payload';
import { isRecord, readJsonDecision } from './replies';
import type { HookOutcome, HookReply } from '../respond';
import { type Json, optionalString, PayloadError, requiredString, toolInput } from './fields';
import { claudeAction } from './tools';
import type { DialectModule } from './types';

/** Claude Code permission modes in which an `ask` reaches a human (others auto-approve or have no prompt). */
const modesWithPrompt: ReadonlySet<string> = new Set(['default', 'acceptEdits', 'plan']);

/**
 * `hookSpecificOutput.permissionDecision` with a reason, the answer of Claude Code and VS Code.
 * A deny also exits 2 with the reason on stderr: both agents document exit 2 as "block, and show
 * stderr to the model", which still holds if their JSON format changes again.
 */
export function renderPreToolUse(outcome: HookOutcome): HookReply {
  if (outcome.kind === 'defer') return { stdout: '', stderr: '', exitCode: 0 };
  const decision = outcome.kind === 'approve' ? 'allow' : outcome.kind;
  const reason = outcome.kind === 'deny' ? outcome.agentMessage : outcome.reason;
  const stdout = `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: reason } })}\n`;
  return outcome.kind === 'deny' ? { stdout, stderr: `${reason}\n`, exitCode: 2 } : { stdout, stderr: '', exitCode: 0 };
}

export const preToolUseDecision = (reply: Record<string, unknown>): unknown =>
  (isRecord(reply.hookSpecificOutput) ? reply.hookSpecificOutput.permissionDecision : undefined) ?? reply.permissionDecision ?? reply.decision;

function parse(payload: Json): HookRequest {
  const event = requiredString(payload, 'hook_event_name');
  if (event !== 'PreToolUse') throw new PayloadError(`the event ${JSON.stringify(event)} is not PreToolUse, the only one Bulkhead answers`);
  const tool = requiredString(payload, 'tool_name');
  const input = toolInput(payload);
  const cwd = optionalString(payload, 'cwd', '');
  // Subagents run the same settings hooks; their payloads add agent_id and agent_type.
  optionalString(payload, 'agent_id', '');
  optionalString(payload, 'agent_type', '');
  return { dialect: 'claude', event, tool, cwd, roots: cwd ? [cwd] : [], permissionMode: optionalString(payload, 'permission_mode', ''), action: claudeAction(tool, input) };
}

/**
 * Claude Code `PreToolUse` (`hook_event_name`, `session_id`, `permission_mode`, `tool_input`). Its
 * `ask` reaches a human only in permission modes with a prompt: under `bypassPermissions` an ask once
 * became allow (fixed around 2.1.215), and `dontAsk`/`auto` have no human to ask.
 */
export const claude: DialectModule = {
  id: 'claude',
  name: 'Claude Code',
  shellEvent: 'PreToolUse',
  // Claude Code always sends its permission mode; the Copilot CLI's compatible form sends a timestamp instead.
  detect: (payload) => payload.hook_event_name === 'PreToolUse' && ('permission_mode' in payload || !('timestamp' in payload)),
  parse,
  render: (_event, outcome) => renderPreToolUse(outcome),
  askReachesHuman: (request) => request.permissionMode === undefined || modesWithPrompt.has(request.permissionMode),
  canary: (line, cwd) => ({
    session_id: 'bulkhead-self-test', transcript_path: '', cwd, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash',
    tool_input: { command: line, description: 'Bulkhead self-test canary' }, tool_use_id: 'bulkhead-self-test',
  }),
  readReply: (run) => readJsonDecision(run, preToolUseDecision),
};
