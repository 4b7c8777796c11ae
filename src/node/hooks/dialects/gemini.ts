import type { HookAction, HookRequest } from '../payload';
import { firstLineOf, isRecord } from './replies';
import { renderExitCode } from './exitCode';
import { type Json, optionalString, optionalStrings, PayloadError, requiredString, toolInput } from './fields';
import { filePathOf, genericAction, stringsOf } from './tools';
import type { DialectModule, ProbeReading, ProbeRun } from './types';

/** Gemini CLI's built-in tools (packages/core/src/tools); MCP tools come with `mcp_context`. */
function action(tool: string, input: Json, mcp: boolean): HookAction {
  const where = 'tool_input.';
  if (mcp) return { kind: 'mcp', tool, input };
  switch (tool) {
    case 'run_shell_command':
      return { kind: 'shell', command: requiredString(input, 'command', where), cwd: optionalString(input, 'dir_path', where) ?? optionalString(input, 'directory', where) };
    case 'read_file':
      return { kind: 'file', access: 'read', paths: [optionalString(input, 'absolute_path', where) ?? filePathOf(input, where, true)!], texts: [] };
    case 'read_many_files':
      return { kind: 'file', access: 'read', paths: [...optionalStrings(input, 'paths', where), ...optionalStrings(input, 'include', where)], texts: [] };
    case 'write_file':
    case 'replace':
      return { kind: 'file', access: 'write', paths: [filePathOf(input, where, true)!], texts: stringsOf(input, ['content', 'old_string', 'new_string']) };
    case 'search_file_content':
    case 'grep_search':
      return { kind: 'search', root: optionalString(input, 'dir_path', where) ?? optionalString(input, 'path', where), include: optionalString(input, 'include', where) };
    case 'glob':
    case 'list_directory':
    case 'google_web_search':
    case 'web_fetch':
    case 'save_memory':
    case 'write_todos':
      return { kind: 'unchecked' };
    default:
      return genericAction(tool, input);
  }
}

function parse(payload: Json): HookRequest {
  const event = requiredString(payload, 'hook_event_name');
  if (event !== 'BeforeTool') throw new PayloadError(`the event ${JSON.stringify(event)} is not BeforeTool, the only one Bulkhead answers`);
  const tool = requiredString(payload, 'tool_name');
  const input = toolInput(payload);
  const cwd = optionalString(payload, 'cwd', '');
  return { dialect: 'gemini', event, tool, cwd, roots: cwd ? [cwd] : [], action: action(tool, input, payload.mcp_context !== undefined && payload.mcp_context !== null) };
}

/**
 * Gemini CLI (hookRunner.ts, hook-utils.ts): exit 2 with a reason on stderr blocks; on exit 0 the
 * JSON `decision` "deny"/"block" or `continue: false` stops the tool and "ask" prompts; anything
 * else, and any other exit, lets it run.
 */
function readReply(run: ProbeRun): ProbeReading {
  const firstLine = firstLineOf(run.stderr);
  if (run.exitCode === 2) {
    return firstLine ? { verdict: 'deny', detail: `exit 2: ${firstLine}` } : { verdict: 'allow', detail: 'exit 2 without a reason on stderr, which Gemini CLI runs past' };
  }
  if (run.exitCode !== 0) return { verdict: 'error', detail: `exit ${run.exitCode}${firstLine ? `: ${firstLine}` : ''}` };
  let parsed: unknown;
  try {
    parsed = run.stdout.trim() ? JSON.parse(run.stdout) : undefined;
  } catch {
    return { verdict: 'allow', detail: 'text that is not JSON, which Gemini CLI reads as allow' };
  }
  if (isRecord(parsed)) {
    if (parsed.decision === 'deny' || parsed.decision === 'block') return { verdict: 'deny', detail: `answered "${String(parsed.decision)}"` };
    if (parsed.continue === false) return { verdict: 'deny', detail: 'answered continue: false' };
    if (parsed.decision === 'ask') return { verdict: 'ask', detail: 'answered "ask"' };
  }
  return { verdict: 'allow', detail: run.stdout.trim() ? 'exit 0 without a blocking decision' : 'exit 0 with no output' };
}

/**
 * Gemini CLI `BeforeTool` (`session_id`, `transcript_path`, `cwd`, `hook_event_name`, `timestamp`,
 * `tool_name`, `tool_input`, `mcp_context` for MCP tools). Its "ask" is a prompt only in an
 * interactive session, which a hook cannot tell, so a confirmation is refused.
 */
export const gemini: DialectModule = {
  id: 'gemini',
  name: 'Gemini CLI',
  shellEvent: 'BeforeTool',
  detect: (payload) => payload.hook_event_name === 'BeforeTool',
  parse,
  render: (_event, outcome) => renderExitCode(outcome),
  askReachesHuman: () => false,
  canary: (line, cwd) => ({
    session_id: 'bulkhead-self-test', transcript_path: '', cwd, hook_event_name: 'BeforeTool', timestamp: new Date().toISOString(),
    tool_name: 'run_shell_command', tool_input: { command: line, description: 'Bulkhead self-test canary' },
  }),
  readReply,
};
