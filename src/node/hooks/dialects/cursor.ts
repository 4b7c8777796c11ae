import type { HookAction, HookRequest } from '../payload';
import { readJsonDecision } from './replies';
import type { HookOutcome, HookReply } from '../respond';
import { describe, isObject, type Json, optionalString, optionalStrings, PayloadError, requiredString, toolInput } from './fields';
import { filePathOf, genericAction, stringsOf } from './tools';
import type { DialectModule } from './types';

/**
 * Cursor `hooks.json` version 1: `beforeShellExecution`, `beforeMCPExecution`, `beforeReadFile`
 * (snake_case: `hook_event_name`, `conversation_id`, `workspace_roots`, …).
 */
export const cursorEvents: ReadonlySet<string> = new Set(['beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile', 'preToolUse']);

/** Cursor's agent tools as `preToolUse` names them; the installed entry sends only the file-changing ones. */
function toolAction(tool: string, input: Json): HookAction {
  const where = 'tool_input.';
  switch (tool) {
    case 'Write':
    case 'StrReplace':
    case 'Edit':
    case 'MultiEdit':
    case 'Delete':
      return { kind: 'file', access: 'write', paths: [filePathOf(input, where, true)!], texts: stringsOf(input, ['contents', 'content', 'old_string', 'new_string']) };
    case 'Read':
      return { kind: 'file', access: 'read', paths: [filePathOf(input, where, true)!], texts: [] };
    case 'Shell':
      return { kind: 'shell', command: requiredString(input, 'command', where), cwd: optionalString(input, 'working_directory', where) };
    default:
      return genericAction(tool, input);
  }
}

function parse(payload: Json): HookRequest {
  const event = requiredString(payload, 'hook_event_name');
  if (!cursorEvents.has(event)) {
    throw new PayloadError(`"hook_event_name" ${JSON.stringify(event)} is not an event Bulkhead answers (${[...cursorEvents].join(', ')})`);
  }
  const roots = optionalStrings(payload, 'workspace_roots');
  const base = { dialect: 'cursor' as const, event, roots };
  if (event === 'beforeShellExecution') {
    const command = requiredString(payload, 'command');
    const cwd = optionalString(payload, 'cwd', '');
    return { ...base, tool: 'shell', cwd: cwd || roots[0], action: { kind: 'shell', command, cwd: cwd || undefined } };
  }
  if (event === 'preToolUse') {
    const tool = requiredString(payload, 'tool_name');
    const input = toolInput(payload);
    const cwd = optionalString(payload, 'cwd', '') || roots[0];
    return { ...base, tool, cwd, action: toolAction(tool, input) };
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
  if (event === 'preToolUse') {
    // preToolUse answers with `permission` like the other events, and has no ask; exit 2 blocks by
    // itself ("equivalent to permission: deny"), so a refusal holds however this version reads the JSON.
    if (outcome.kind === 'defer' || outcome.kind === 'approve') return { stdout: `${JSON.stringify({ permission: 'allow' })}\n`, stderr: '', exitCode: 0 };
    return {
      stdout: `${JSON.stringify({ permission: 'deny', user_message: outcome.reason, agent_message: outcome.agentMessage })}\n`,
      stderr: `${outcome.agentMessage}\n`,
      exitCode: 2,
    };
  }
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
  // Kiro's event is also called preToolUse: for that one, only Cursor's own fields tell.
  detect: (payload) => (typeof payload.hook_event_name === 'string' && payload.hook_event_name !== 'preToolUse' && cursorEvents.has(payload.hook_event_name))
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
  readReply: (run) => readJsonDecision(run, (reply) => reply.permission ?? reply.decision),
};
