import { hookTimeoutSeconds, renderCommand } from '../../hookCommand';
import { commandProblems, disableAllHooks, installedSources, numberOr, timeoutProblems } from './checks';
import { groupRuns, groupSlot } from './groups';
import type { JsonAgent, Layout } from './types';

/** Codex reports every shell tool as `Bash`, its file edits as `apply_patch`, MCP tools as `mcp__server__tool`. */
export const codexTools = ['Bash', 'apply_patch', 'mcp__server__tool'] as const;
export const codexMatcher = 'Bash|apply_patch|mcp__.*';

function layout(options: Parameters<JsonAgent['layout']>[0]): Layout {
  const hook = { type: 'command', command: renderCommand(options.command, 'codex').posix, timeout: hookTimeoutSeconds(options.confirmationTimeoutSeconds) };
  return {
    scaffold: {},
    slots: [groupSlot(options.command.cli, {
      event: 'PreToolUse', matcher: codexMatcher, tools: codexTools, hook,
      // Codex waits 600 s for a hook with no timeout, and runs the tool when one fails.
      runs: (el) => groupRuns(el, { dialect: 'codex', shellTool: 'Bash', typed: true, cwd: 'workspace', timeoutSeconds: (h) => numberOr(h.timeout, 600), closed: () => false }),
      checks: (h) => [...commandProblems(h.command, options, 'codex'), ...timeoutProblems(h.timeout, options, 'timeout', false)],
    })],
  };
}

const file = '.codex/hooks.json';
const base = { installFiles: () => [file], layout, switches: [disableAllHooks] };

/**
 * Codex `.codex/hooks.json`: Claude Code's shape, read by Codex alone, which runs it only once the
 * user trusts it (`/hooks`). Its own dialect: Codex runs a tool whose hook answers `ask`, so
 * Bulkhead never answers it that way.
 */
export const codex: JsonAgent = {
  kind: 'json',
  spec: {
    id: 'codex', name: 'Codex', file, watch: file,
    caveat: 'Codex runs a new or changed hook only after you trust it with /hooks in Codex; it lets a tool run when the hook crashes or times out.',
  },
  failure: { meaning: 'Codex lets the action through', closedOnCrash: false, closedOnTimeout: false },
  hookSeconds: hookTimeoutSeconds,
  ...base,
  sources: installedSources(base),
};
