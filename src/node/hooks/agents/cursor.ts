import { hookTimeoutSeconds, isBulkheadCommand, renderCommand } from '../../hookCommand';
import { commandProblems, disableAllHooks, installedSources, isRecord, matcherCovers, numberOr, text, timeoutProblems } from './checks';
import type { HookRun, JsonAgent, Layout } from './types';

/** The Cursor events Bulkhead answers, and what Cursor asks each about. */
const events = {
  beforeShellExecution: 'shell commands',
  beforeMCPExecution: 'MCP tool calls',
  beforeReadFile: 'file reads',
  preToolUse: 'file edits',
} as const;
export const cursorEvents = Object.keys(events) as (keyof typeof events)[];
/** Cursor's file-changing tools: its edit tool could otherwise rewrite the policy or the hooks themselves. */
export const cursorEditTools = ['Write', 'StrReplace', 'Edit', 'MultiEdit', 'Delete'] as const;

/** Cursor runs a project's hooks from the project root (cursor.com/docs/hooks, Configuration), 30 s unless told. */
function runs(element: unknown): HookRun[] {
  const e = isRecord(element) ? element : {};
  const command = text(e.command);
  const closed = e.failClosed === true;
  return command ? [{ label: '', command, dialect: 'cursor', cwd: 'workspace', timeoutSeconds: numberOr(e.timeout, 30), closedOnCrash: closed, closedOnTimeout: closed }] : [];
}

function layout(options: Parameters<JsonAgent['layout']>[0]): Layout {
  const rendered = renderCommand(options.command, 'cursor');
  const cli = options.command.cli;
  return {
    scaffold: { version: 1 },
    slots: cursorEvents.map((event) => ({
      path: ['hooks', event],
      label: event,
      covers: events[event],
      shell: event === 'beforeShellExecution',
      desired: {
        command: options.platform === 'win32' ? rendered.cmd : rendered.posix, timeout: hookTimeoutSeconds(options.confirmationTimeoutSeconds), failClosed: true,
        ...(event === 'preToolUse' ? { matcher: cursorEditTools.join('|') } : {}),
      },
      ours: (el) => isRecord(el) && isBulkheadCommand(el.command, cli),
      runs,
      problems: (el) => {
        const e = el as Record<string, unknown>;
        const uncovered = event === 'preToolUse' ? matcherCovers(e.matcher, cursorEditTools) : [];
        return [
          ...commandProblems(e.command, options, 'cursor'),
          ...(e.failClosed === true ? [] : ['`failClosed` is off: a crash or timeout lets the action through']),
          ...timeoutProblems(e.timeout, options, 'timeout', true),
          ...(event !== 'preToolUse' && e.matcher !== undefined ? ['a `matcher` limits which calls Bulkhead sees'] : []),
          ...(uncovered.length > 0 ? [`the matcher no longer covers ${uncovered.join(', ')}`] : []),
        ];
      },
    })),
  };
}

const file = '.cursor/hooks.json';
const base = { installFiles: () => [file], layout, switches: [disableAllHooks] };

/** Cursor `.cursor/hooks.json`: `{"version": 1, "hooks": {"<event>": [{"command", "timeout" (s), "failClosed"}]}}`. */
export const cursor: JsonAgent = {
  kind: 'json',
  spec: { id: 'cursor', name: 'Cursor', file, watch: file, caveat: 'Cursor reads hooks.json when it starts: restart Cursor after installing.' },
  failure: { meaning: 'Cursor blocks the action (failClosed)', closedOnCrash: true, closedOnTimeout: true },
  hookSeconds: hookTimeoutSeconds,
  ...base,
  sources: installedSources(base),
};
