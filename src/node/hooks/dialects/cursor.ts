import type { HookRequest } from '../payload';
import { readJsonDecision } from './replies';
import type { HookOutcome, HookReply } from '../respond';
import { describe, isObject, type Json, optionalString, optionalStrings, PayloadError, requiredString } from './fields';
import type { DialectModule } from './types';

/**
 * Cursor `hooks.json` version 1: `beforeShellExecution`, `beforeMCPExecution`, `beforeReadFile`
 * (snake_case: `hook_event_name`, `conversation_id`, `workspace_roots`, …).
 */
export const cursorEvents: ReadonlySet<string> = new Set(['beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile']);

function parse(payload: Json): HookRequest {
  const event = requiredString(payload, 'hook_event_name');
  if (!cursorEvents.has(event)) {
    throw new PayloadError(`"hook_event_name" ${JSON.stringify(event)} is not an event Bulkhead answers (beforeShellExecution, beforeMCPExecution, beforeReadFile)`);
  }
  const roots = optionalStrings(payload, 'workspace_roots');
  const base = { dialect: 'cursor' as const, event, roots };
  if (event === 'beforeShellExecution') {
    const command = requiredString(payload, 'command');
    const cwd = optionalString(payload, 'cwd', '');
    return { ...base, tool: 'shell', cwd: cwd || roots[0], action: { kind: 'shell', command, cwd: cwd || undefined } };
  }
  if (event === 'beforeMCPExecution') {
    const tool = requiredString(payload, 'tool_name');
    const raw = payload.tool_input;
    let input: unknown = raw;
    // Cursor documents tool_input as the JSON text of the parameters; an object is taken as is.
    if (typeof raw === 'string') {
      try {
        input = raw.trim() ? JSON.parse(raw) : {};
      } catch {
        input = raw;
      }
    } else if (raw !== undefined && !isObject(raw)) {
      throw new PayloadError(`"tool_input" must be a JSON string or an object, not ${describe(raw)}`);
    }
    optionalString(payload, 'url', '');
    optionalString(payload, 'command', '');
    return { ...base, tool, cwd: roots[0], action: { kind: 'mcp', tool, input } };
  }
  const filePath = requiredString(payload, 'file_path');
  optionalString(payload, 'content', '');
  const paths = [filePath];
  const attachments = payload.attachments;
  if (attachments !== undefined && attachments !== null) {
    if (!Array.isArray(attachments)) throw new PayloadError('"attachments" must be a list');
    attachments.forEach((a, i) => {
      if (!isObject(a)) throw new PayloadError(`"attachments[${i}]" must be an object`);
      const p = optionalString(a, 'filePath', `attachments[${i}].`) ?? optionalString(a, 'file_path', `attachments[${i}].`);
      if (p) paths.push(p);
    });
  }
  return { ...base, tool: 'read', cwd: roots[0], action: { kind: 'file', access: 'read', paths, texts: [] } };
}

/**
 * `{"permission": "allow"|"deny"|"ask", "user_message", "agent_message"}` for shell and MCP;
 * `{"permission": "allow"|"deny"}` only for beforeReadFile. Always exit 0 with an answer: with
 * `failClosed`, a hook that prints nothing is a failure.
 */
function render(event: string, outcome: HookOutcome): HookReply {
  const permission = outcome.kind === 'deny' || outcome.kind === 'ask' ? 'deny' : 'allow';
  if (event === 'beforeReadFile' || permission === 'allow') {
    const stderr = outcome.kind === 'deny' || outcome.kind === 'ask' ? `${outcome.agentMessage}\n` : '';
    return { stdout: `${JSON.stringify({ permission })}\n`, stderr, exitCode: 0 };
  }
  const message = outcome as Extract<HookOutcome, { kind: 'deny' | 'ask' }>;
  return { stdout: `${JSON.stringify({ permission, user_message: message.reason, agent_message: message.agentMessage })}\n`, stderr: '', exitCode: 0 };
}

export const cursor: DialectModule = {
  id: 'cursor',
  name: 'Cursor',
  shellEvent: 'beforeShellExecution',
  detect: (payload) => (typeof payload.hook_event_name === 'string' && cursorEvents.has(payload.hook_event_name))
    || 'cursor_version' in payload || ('conversation_id' in payload && 'generation_id' in payload),
  parse,
  render,
  // beforeReadFile has no ask, and a beforeShellExecution ask is ignored in Auto-review mode, where
  // the command then runs unprompted (Cursor forum topic 173694, 3.21.16); deny holds in every mode.
  askReachesHuman: () => false,
  canary: (line, cwd) => ({
    conversation_id: 'bulkhead-self-test', generation_id: 'bulkhead-self-test', model: 'bulkhead-self-test', hook_event_name: 'beforeShellExecution',
    cursor_version: 'bulkhead-self-test', workspace_roots: [cwd], user_email: null, command: line, cwd,
  }),
  readReply: (run) => readJsonDecision(run, (reply) => reply.permission),
};
