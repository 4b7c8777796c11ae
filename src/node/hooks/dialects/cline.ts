import { clineAnswerWithinSeconds } from '../../clineHookScript';
import type { HookAction, HookRequest } from '../payload';
import type { HookOutcome, HookReply } from '../respond';
import { firstLineOf, isRecord } from './replies';
import { type Json, optionalString, optionalStrings, PayloadError, requiredString, toolInput } from './fields';
import { genericAction, patchAction } from './tools';
import type { DialectModule, ProbeReading, ProbeRun } from './types';

/** Cline's tools (`ClineDefaultTool`, src/shared/tools.ts); parameters are the model's strings. */
function action(tool: string, params: Json): HookAction {
  const where = 'preToolUse.parameters.';
  switch (tool) {
    case 'execute_command':
      return { kind: 'shell', command: requiredString(params, 'command', where) };
    case 'read_file':
      return { kind: 'file', access: 'read', paths: [requiredString(params, 'path', where)], texts: [] };
    case 'write_to_file':
    case 'replace_in_file':
    case 'new_rule':
      return { kind: 'file', access: 'write', paths: [requiredString(params, 'path', where)], texts: [optionalString(params, 'content', where) ?? '', optionalString(params, 'diff', where) ?? ''] };
    case 'apply_patch':
      return patchAction(requiredString(params, 'input', where));
    case 'search_files':
      return { kind: 'search', root: optionalString(params, 'path', where), include: optionalString(params, 'file_pattern', where) };
    case 'list_files':
    case 'list_code_definition_names':
      return { kind: 'unchecked' };
    case 'use_mcp_tool': {
      const server = requiredString(params, 'server_name', where);
      const name = requiredString(params, 'tool_name', where);
      const raw = optionalString(params, 'arguments', where);
      let input: unknown = raw ?? {};
      try {
        input = raw ? JSON.parse(raw) : {};
      } catch { /* checked as the text it is */ }
      return { kind: 'mcp', tool: `mcp__${server}__${name}`, input };
    }
    default:
      return genericAction(tool, params);
  }
}

function parse(payload: Json): HookRequest {
  const event = requiredString(payload, 'hookName');
  if (event !== 'PreToolUse') throw new PayloadError(`"hookName" ${JSON.stringify(event)} is not PreToolUse, the only one Bulkhead answers`);
  const call = toolInput(payload, 'preToolUse');
  const tool = requiredString(call, 'toolName', 'preToolUse.');
  const params = toolInput(call, 'parameters');
  const roots = optionalStrings(payload, 'workspaceRoots');
  return { dialect: 'cline', event, tool, cwd: roots[0], roots, action: action(tool, params) };
}

/**
 * Only `{"cancel": true}` stops a Cline tool (hook-factory.ts `validateHookOutput`); silence, a
 * crash or any exit code without that JSON lets it run. There is no ask.
 */
function render(outcome: HookOutcome): HookReply {
  if (outcome.kind === 'defer' || outcome.kind === 'approve') return { stdout: '', stderr: '', exitCode: 0 };
  return { stdout: `${JSON.stringify({ cancel: true, errorMessage: outcome.agentMessage })}\n`, stderr: '', exitCode: 0 };
}

function readReply(run: ProbeRun): ProbeReading {
  const text = run.stdout;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  let parsed: unknown;
  try {
    // Cline takes the JSON object out of output mixed with log lines.
    parsed = start >= 0 && end > start ? JSON.parse(text.slice(start, end + 1)) : undefined;
  } catch {
    parsed = undefined;
  }
  if (isRecord(parsed) && parsed.cancel === true && !('shouldContinue' in parsed)) return { verdict: 'deny', detail: 'answered "cancel": true' };
  if (run.exitCode === 0) return { verdict: 'allow', detail: text.trim() ? 'exit 0 without "cancel": true' : 'exit 0 with no output' };
  const firstLine = firstLineOf(run.stderr);
  return { verdict: 'error', detail: `exit ${run.exitCode}${firstLine ? `: ${firstLine}` : ''}` };
}

/**
 * Cline `PreToolUse` hooks (`.clinerules/hooks/PreToolUse`): `{clineVersion, hookName, timestamp,
 * taskId, workspaceRoots, userId, preToolUse: {toolName, parameters}}`. Cline fails open: a hook
 * that crashes, times out or prints no valid JSON lets the tool run.
 */
export const cline: DialectModule = {
  id: 'cline',
  name: 'Cline',
  shellEvent: 'PreToolUse',
  detect: (payload) => payload.hookName === 'PreToolUse' && 'preToolUse' in payload,
  parse,
  render: (_event, outcome) => render(outcome),
  askReachesHuman: () => false,
  // Bulkhead's script stops the check after that long, and Cline would run the tool after its 30 s.
  timeLimit: { ms: clineAnswerWithinSeconds * 1000, why: `Bulkhead's script for Cline stops the check after ${clineAnswerWithinSeconds} s, inside Cline's fixed 30 s` },
  canary: (line, cwd) => ({
    clineVersion: 'bulkhead-self-test', hookName: 'PreToolUse', timestamp: String(Date.now()), taskId: 'bulkhead-self-test', workspaceRoots: [cwd], userId: 'bulkhead-self-test',
    preToolUse: { toolName: 'execute_command', parameters: { command: line, requires_approval: 'false' } },
  }),
  readReply,
};
