import type { HookAction, HookRequest } from '../payload';
import { readExitCode, renderExitCode } from './exitCode';
import { isObject, type Json, optionalString, PayloadError, requiredString, toolInput } from './fields';
import { filePathOf, genericAction, stringsOf } from './tools';
import type { DialectModule } from './types';

/** Kiro CLI tools: the documented `execute_bash`/`fs_read`/`fs_write` and the newer `shell`/`read`/`write`. */
function action(tool: string, input: Json): HookAction {
  const where = 'tool_input.';
  switch (tool) {
    case 'execute_bash':
    case 'shell':
      return { kind: 'shell', command: requiredString(input, 'command', where) };
    case 'fs_read':
    case 'read': {
      const operations = input.operations;
      if (operations === undefined) return { kind: 'file', access: 'read', paths: [filePathOf(input, where, true)!], texts: [] };
      if (!Array.isArray(operations)) throw new PayloadError('"tool_input.operations" must be a list');
      const paths = operations.map((op, i) => {
        if (!isObject(op)) throw new PayloadError(`"tool_input.operations[${i}]" must be an object`);
        return requiredString(op, 'path', `tool_input.operations[${i}].`);
      });
      return { kind: 'file', access: 'read', paths, texts: [] };
    }
    case 'fs_write':
    case 'write':
      return { kind: 'file', access: 'write', paths: [filePathOf(input, where, true)!], texts: stringsOf(input, ['file_text', 'old_str', 'new_str', 'content']) };
    default:
      return genericAction(tool, input);
  }
}

function parse(payload: Json): HookRequest {
  const event = requiredString(payload, 'hook_event_name');
  if (event !== 'preToolUse') throw new PayloadError(`the event ${JSON.stringify(event)} is not preToolUse, the only one Bulkhead answers`);
  const tool = requiredString(payload, 'tool_name');
  const input = toolInput(payload);
  const cwd = optionalString(payload, 'cwd', '');
  return { dialect: 'kiro', event, tool, cwd, roots: cwd ? [cwd] : [], action: action(tool, input) };
}

/**
 * Kiro CLI `preToolUse` (`{hook_event_name, cwd, tool_name, tool_input}`): exit 2 blocks with
 * stderr shown to the model, 0 allows, any other exit warns and the tool runs. No JSON, no ask.
 */
export const kiro: DialectModule = {
  id: 'kiro',
  name: 'Kiro',
  shellEvent: 'preToolUse',
  detect: (payload) => payload.hook_event_name === 'preToolUse' && 'tool_name' in payload,
  parse,
  render: (_event, outcome) => renderExitCode(outcome),
  askReachesHuman: () => false,
  canary: (line, cwd) => ({ hook_event_name: 'preToolUse', cwd, tool_name: 'execute_bash', tool_input: { command: line, summary: 'Bulkhead self-test canary' } }),
  readReply: (run) => readExitCode(run, false),
};
