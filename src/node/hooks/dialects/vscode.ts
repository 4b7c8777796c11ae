import type { HookAction, HookRequest } from '../payload';
import { readJsonDecision } from './replies';
import { isObject, type Json, optionalString, optionalStrings, PayloadError, requiredString, shellQuote, toolInput } from './fields';
import { preToolUseDecision, renderPreToolUse } from './claude';
import { filePathOf, genericAction, patchAction, stringsOf } from './tools';
import type { DialectModule } from './types';

/** VS Code's built-in tool ids (copilot-chat `toolNames.ts`) and the names its docs use in examples. */
function action(tool: string, input: Json): HookAction {
  const where = 'tool_input.';
  switch (tool) {
    case 'run_in_terminal':
    case 'runTerminalCommand':
      return { kind: 'shell', command: requiredString(input, 'command', where) };
    case 'create_and_run_task': {
      const task = input.task;
      if (!isObject(task)) throw new PayloadError('"tool_input.task" must be an object');
      const command = requiredString(task, 'command', 'tool_input.task.');
      const args = optionalStrings(task, 'args', 'tool_input.task.');
      return { kind: 'shell', command: [command, ...args.map(shellQuote)].join(' ') };
    }
    case 'run_task':
      return { kind: 'task', id: requiredString(input, 'id', where), workspaceFolder: optionalString(input, 'workspaceFolder', where) };
    case 'read_file':
      return { kind: 'file', access: 'read', paths: [filePathOf(input, where, true)!], texts: [] };
    case 'grep_search':
      return { kind: 'search', include: optionalString(input, 'includePattern', where) };
    case 'file_search':
    case 'list_dir':
    case 'semantic_search':
      return { kind: 'unchecked' };
    case 'create_file':
    case 'replace_string_in_file':
    case 'insert_edit_into_file':
    case 'edit_notebook_file':
      return { kind: 'file', access: 'write', paths: [filePathOf(input, where, true)!], texts: stringsOf(input, ['content', 'oldString', 'newString', 'code']) };
    case 'multi_replace_string_in_file': {
      const replacements = input.replacements;
      if (!Array.isArray(replacements)) throw new PayloadError('"tool_input.replacements" must be a list');
      const paths: string[] = [];
      const texts: string[] = [];
      replacements.forEach((r, i) => {
        if (!isObject(r)) throw new PayloadError(`"tool_input.replacements[${i}]" must be an object`);
        paths.push(filePathOf(r, `tool_input.replacements[${i}].`, true)!);
        texts.push(...stringsOf(r, ['oldString', 'newString']));
      });
      return { kind: 'file', access: 'write', paths, texts };
    }
    case 'editFiles': {
      const files = optionalStrings(input, 'files', where);
      return files.length > 0 ? { kind: 'file', access: 'write', paths: files, texts: [] } : { kind: 'unchecked' };
    }
    case 'apply_patch':
      return patchAction(requiredString(input, 'input', where));
    default:
      return genericAction(tool, input);
  }
}

function parse(payload: Json): HookRequest {
  const event = requiredString(payload, 'hookEventName');
  if (event !== 'PreToolUse') throw new PayloadError(`the event ${JSON.stringify(event)} is not PreToolUse, the only one Bulkhead answers`);
  const tool = requiredString(payload, 'tool_name');
  const input = toolInput(payload);
  const cwd = optionalString(payload, 'cwd', '');
  return { dialect: 'vscode', event, tool, cwd, roots: cwd ? [cwd] : [], action: action(tool, input) };
}

/** VS Code (Copilot, Local harness) agent hooks, `PreToolUse` (`hookEventName` in camelCase, `tool_input` with camelCase properties such as `filePath`). */
export const vscode: DialectModule = {
  id: 'vscode',
  name: 'Copilot (VS Code)',
  shellEvent: 'PreToolUse',
  detect: (payload) => payload.hookEventName === 'PreToolUse' && !('hook_event_name' in payload),
  parse,
  render: (_event, outcome) => renderPreToolUse(outcome),
  askReachesHuman: () => true,
  canary: (line, cwd) => ({
    timestamp: new Date().toISOString(), cwd, sessionId: 'bulkhead-self-test', hookEventName: 'PreToolUse', transcript_path: '',
    tool_name: 'run_in_terminal', tool_input: { command: line, explanation: 'Bulkhead self-test canary', goal: 'self-test', isBackground: false }, tool_use_id: 'bulkhead-self-test',
  }),
  readReply: (run) => readJsonDecision(run, preToolUseDecision),
};
