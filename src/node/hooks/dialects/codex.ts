import type { HookAction, HookRequest } from '../payload';
import { firstLineOf, isRecord } from './replies';
import type { HookOutcome, HookReply } from '../respond';
import { type Json, optionalString, PayloadError, requiredString, toolInput } from './fields';
import { genericAction, patchAction } from './tools';
import type { DialectModule, ProbeReading, ProbeRun } from './types';

/** Codex tools: its shell tools are all reported as `Bash`; `apply_patch` carries the patch as `command`. */
function action(tool: string, input: Json): HookAction {
  switch (tool) {
    case 'Bash':
      return { kind: 'shell', command: requiredString(input, 'command', 'tool_input.') };
    case 'apply_patch':
      return patchAction(optionalString(input, 'command', 'tool_input.') ?? requiredString(input, 'input', 'tool_input.'));
    default:
      return genericAction(tool, input);
  }
}

function parse(payload: Json): HookRequest {
  const event = requiredString(payload, 'hook_event_name');
  if (event !== 'PreToolUse') throw new PayloadError(`the event ${JSON.stringify(event)} is not PreToolUse, the only one Bulkhead answers`);
  const tool = requiredString(payload, 'tool_name');
  const input = toolInput(payload);
  const cwd = optionalString(payload, 'cwd', '');
  optionalString(payload, 'turn_id', '');
  optionalString(payload, 'model', '');
  return { dialect: 'codex', event, tool, cwd, roots: cwd ? [cwd] : [], permissionMode: optionalString(payload, 'permission_mode', ''), action: action(tool, input) };
}

/**
 * Silence (exit 0, nothing on stdout) is the only answer Codex reads as "go ahead"; exit 2 with the
 * reason on stderr is its block. Anything else it does not support (`ask`, `allow` without a
 * rewritten input, an extra field) counts as a failed hook, after which Codex runs the tool, so
 * nothing else is ever printed. An `ask` cannot reach a human here and is a refusal like a deny.
 */
function render(outcome: HookOutcome): HookReply {
  if (outcome.kind === 'defer' || outcome.kind === 'approve') return { stdout: '', stderr: '', exitCode: 0 };
  return { stdout: '', stderr: `${outcome.agentMessage}\n`, exitCode: 2 };
}

const acceptedKeys: ReadonlySet<string> = new Set(['continue', 'stopReason', 'suppressOutput', 'systemMessage', 'decision', 'reason', 'hookSpecificOutput']);

/**
 * Codex's own reading (codex-rs/hooks `pre_tool_use.rs`, `output_parser.rs`): only exit 2 with a
 * reason on stderr, or a deny (or legacy block) with a reason, stops the tool. Every other answer,
 * `ask` included, is either a clean allow or a failed hook, and Codex runs the tool after both.
 */
function readReply(run: ProbeRun): ProbeReading {
  const firstLine = firstLineOf(run.stderr);
  if (run.exitCode === 2) {
    return firstLine ? { verdict: 'deny', detail: `exit 2: ${firstLine}` } : { verdict: 'allow', detail: 'exit 2 without a reason on stderr, which Codex runs as a failed hook' };
  }
  if (run.exitCode !== 0) return { verdict: 'error', detail: `exit ${run.exitCode}${firstLine ? `: ${firstLine}` : ''}` };
  const text = run.stdout.trim();
  if (text === '') return { verdict: 'allow', detail: 'exit 0 with no output' };
  if (!text.startsWith('{') && !text.startsWith('[')) return { verdict: 'allow', detail: 'exit 0 with text Codex ignores' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { verdict: 'allow', detail: 'invalid JSON, which Codex runs as a failed hook' };
  }
  if (!isRecord(parsed) || Object.keys(parsed).some((k) => !acceptedKeys.has(k))) return { verdict: 'allow', detail: 'JSON Codex does not accept, which it runs as a failed hook' };
  const specific = isRecord(parsed.hookSpecificOutput) ? parsed.hookSpecificOutput : undefined;
  const hasReason = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  if (specific?.permissionDecision === 'deny' && hasReason(specific.permissionDecisionReason)) return { verdict: 'deny', detail: 'answered "deny"' };
  if (parsed.decision === 'block' && hasReason(parsed.reason)) return { verdict: 'deny', detail: 'answered "block"' };
  const said = specific?.permissionDecision ?? parsed.decision;
  return { verdict: 'allow', detail: said === undefined ? 'exit 0 without a decision' : `answered "${String(said)}", which Codex runs without asking anyone` };
}

/**
 * OpenAI Codex `PreToolUse`: Claude Code's shape plus `turn_id` and `model`; tools `Bash`,
 * `apply_patch` (the patch text in `tool_input.command`) and MCP tools (`mcp__server__tool`).
 * Never an ask: Codex reads `ask` (and any field it does not support) as a failed hook and runs the
 * tool (`unsupported_permission_decision_fails_open` in codex-rs/hooks), so a confirmation goes to
 * the extension's modal or is denied.
 */
export const codex: DialectModule = {
  id: 'codex',
  name: 'Codex',
  shellEvent: 'PreToolUse',
  // Codex numbers the turns of a session; no other agent sends a turn id.
  detect: (payload) => payload.hook_event_name === 'PreToolUse' && 'turn_id' in payload,
  parse,
  render: (_event, outcome) => render(outcome),
  askReachesHuman: () => false,
  canary: (line, cwd) => ({
    session_id: 'bulkhead-self-test', turn_id: 'bulkhead-self-test', transcript_path: null, cwd, hook_event_name: 'PreToolUse', model: 'bulkhead-self-test',
    permission_mode: 'default', tool_name: 'Bash', tool_input: { command: line }, tool_use_id: 'bulkhead-self-test',
  }),
  readReply,
};
