import type { HookAction, HookRequest } from '../payload';
import { readJsonDecision } from './replies';
import type { HookOutcome, HookReply } from '../respond';
import { describe, isObject, type Json, optionalString, PayloadError, requiredString, toolInput } from './fields';
import { claudeAction, filePathOf, genericAction, patchAction, pathOnly, stringsOf } from './tools';
import type { DialectModule } from './types';

/** Copilot CLI runtime tool names (GitHub's hooks reference, "Tool names for hook matching"). */
function action(tool: string, args: Json): HookAction {
  const where = 'toolArgs.';
  switch (tool) {
    case 'bash':
    case 'powershell':
      return { kind: 'shell', command: requiredString(args, 'command', where) };
    case 'view':
      return { kind: 'file', access: 'read', paths: [filePathOf(args, where, true)!], texts: [] };
    case 'grep':
    case 'rg':
      return { kind: 'search', root: optionalString(args, 'path', where), include: optionalString(args, 'glob', where) };
    case 'glob':
      return pathOnly(args, where);
    case 'create':
    case 'edit':
    case 'str_replace_editor':
      return { kind: 'file', access: 'write', paths: [filePathOf(args, where, true)!], texts: stringsOf(args, ['file_text', 'old_str', 'new_str', 'content']) };
    case 'apply_patch':
      return patchAction(requiredString(args, 'input', where));
    default:
      return genericAction(tool, args);
  }
}

function parse(payload: Json): HookRequest {
  if ('hook_event_name' in payload) {
    // The VS Code-compatible form: Claude tool names, Copilot CLI argument names.
    const event = requiredString(payload, 'hook_event_name');
    if (event !== 'PreToolUse') throw new PayloadError(`the event ${JSON.stringify(event)} is not PreToolUse`);
    const tool = requiredString(payload, 'tool_name');
    const input = toolInput(payload);
    const cwd = optionalString(payload, 'cwd', '');
    return { dialect: 'copilot-cli', event, tool, cwd, roots: cwd ? [cwd] : [], action: claudeAction(tool, input) };
  }
  const tool = requiredString(payload, 'toolName');
  let args: unknown = payload.toolArgs ?? {};
  if (typeof args === 'string') {
    try {
      args = args.trim() ? JSON.parse(args) : {};
    } catch {
      throw new PayloadError('"toolArgs" is a string that is not JSON');
    }
  }
  if (!isObject(args)) throw new PayloadError(`"toolArgs" must be an object, not ${describe(args)}`);
  const cwd = optionalString(payload, 'cwd', '');
  return { dialect: 'copilot-cli', event: 'preToolUse', tool, cwd, roots: cwd ? [cwd] : [], action: action(tool, args) };
}

/** Top-level `permissionDecision` and `permissionDecisionReason`; exit 2 denies. */
function render(outcome: HookOutcome): HookReply {
  if (outcome.kind === 'defer') return { stdout: '', stderr: '', exitCode: 0 };
  const decision = outcome.kind === 'approve' ? 'allow' : outcome.kind;
  const reason = outcome.kind === 'deny' ? outcome.agentMessage : outcome.reason;
  const stdout = `${JSON.stringify({ permissionDecision: decision, permissionDecisionReason: reason })}\n`;
  return outcome.kind === 'deny' ? { stdout, stderr: `${reason}\n`, exitCode: 2 } : { stdout, stderr: '', exitCode: 0 };
}

/**
 * GitHub Copilot CLI and cloud agent `.github/hooks`: `preToolUse` with `toolName`/`toolArgs`, or
 * `PreToolUse` in its VS Code-compatible form (`hook_event_name`, `timestamp`, Claude tool names, no
 * `permission_mode`). Its ask reaches a human (the cloud agent turns ask into deny by itself).
 */
export const copilotCli: DialectModule = {
  id: 'copilot-cli',
  name: 'Copilot CLI',
  shellEvent: 'PreToolUse',
  detect: (payload) => (payload.hook_event_name === 'PreToolUse' && 'timestamp' in payload && !('permission_mode' in payload)) || ('toolName' in payload && 'toolArgs' in payload),
  parse,
  render: (_event, outcome) => render(outcome),
  askReachesHuman: () => true,
  canary: (line, cwd) => ({ hook_event_name: 'PreToolUse', session_id: 'bulkhead-self-test', timestamp: new Date().toISOString(), cwd, tool_name: 'Bash', tool_input: { command: line, description: 'Bulkhead self-test canary' } }),
  readReply: (run) => readJsonDecision(run, (reply) => reply.permissionDecision ?? (isObject(reply.hookSpecificOutput) ? reply.hookSpecificOutput.permissionDecision : undefined) ?? reply.decision),
};
