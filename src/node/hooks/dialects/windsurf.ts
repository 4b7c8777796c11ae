import type { HookAction, HookRequest } from '../payload';
import { readExitCode, renderExitCode } from './exitCode';
import { isObject, type Json, optionalString, PayloadError, requiredString, toolInput } from './fields';
import { stringsOf } from './tools';
import type { DialectModule } from './types';

export const windsurfEvents = ['pre_run_command', 'pre_read_code', 'pre_write_code', 'pre_mcp_tool_use'] as const;

function action(event: string, info: Json): HookAction {
  const where = 'tool_info.';
  switch (event) {
    case 'pre_run_command':
      // The field is `command_line`, not `command`.
      return { kind: 'shell', command: requiredString(info, 'command_line', where), cwd: optionalString(info, 'cwd', where) };
    case 'pre_read_code':
      return { kind: 'file', access: 'read', paths: [requiredString(info, 'file_path', where)], texts: [] };
    case 'pre_write_code': {
      const edits = info.edits;
      if (edits !== undefined && !Array.isArray(edits)) throw new PayloadError('"tool_info.edits" must be a list');
      const texts = (edits as unknown[] | undefined ?? []).flatMap((e) => (isObject(e) ? stringsOf(e, ['old_string', 'new_string']) : []));
      return { kind: 'file', access: 'write', paths: [requiredString(info, 'file_path', where)], texts };
    }
    default: {
      const tool = optionalString(info, 'mcp_tool_name', where) ?? optionalString(info, 'tool_name', where) ?? 'mcp';
      return { kind: 'mcp', tool, input: info.mcp_tool_arguments ?? info.arguments ?? info };
    }
  }
}

function parse(payload: Json): HookRequest {
  const event = requiredString(payload, 'agent_action_name');
  if (!(windsurfEvents as readonly string[]).includes(event)) {
    throw new PayloadError(`"agent_action_name" ${JSON.stringify(event)} is not an event Bulkhead answers (${windsurfEvents.join(', ')})`);
  }
  const info = toolInput(payload, 'tool_info');
  const act = action(event, info);
  const cwd = act.kind === 'shell' ? act.cwd : undefined;
  return { dialect: 'windsurf', event, tool: event, cwd, roots: cwd ? [cwd] : [], action: act };
}

/**
 * Windsurf (Cascade) hooks, `.windsurf/hooks.json`: `{agent_action_name, trajectory_id,
 * execution_id, timestamp, tool_info}`. It reads the exit code only: 2 blocks, 0 proceeds, any
 * other exit is logged and the action proceeds. No ask.
 */
export const windsurf: DialectModule = {
  id: 'windsurf',
  name: 'Windsurf',
  shellEvent: 'pre_run_command',
  detect: (payload) => 'agent_action_name' in payload && 'tool_info' in payload,
  parse,
  render: (_event, outcome) => renderExitCode(outcome),
  askReachesHuman: () => false,
  canary: (line, cwd) => ({
    agent_action_name: 'pre_run_command', trajectory_id: 'bulkhead-self-test', execution_id: 'bulkhead-self-test', timestamp: new Date().toISOString(),
    tool_info: { command_line: line, cwd },
  }),
  readReply: (run) => readExitCode(run, false),
};
