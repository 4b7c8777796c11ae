import { isBulkheadCommand, renderCommand } from '../../hookCommand';
import { windsurfEvents } from '../dialects/windsurf';
import { commandProblems, disableAllHooks, installedSources, isRecord, text } from './checks';
import type { HookRun, JsonAgent, Layout } from './types';

const covers: Readonly<Record<(typeof windsurfEvents)[number], string>> = {
  pre_run_command: 'shell commands', pre_read_code: 'file reads', pre_write_code: 'file writes', pre_mcp_tool_use: 'MCP tool calls',
};

/** Windsurf has no timeout setting; it proceeds when a hook fails in any way. */
function runs(element: unknown): HookRun[] {
  const command = isRecord(element) ? text(element.command) : undefined;
  return command ? [{ label: '', command, dialect: 'windsurf', cwd: 'workspace', timeoutSeconds: 60, closedOnCrash: false, closedOnTimeout: false }] : [];
}

function layout(options: Parameters<JsonAgent['layout']>[0]): Layout {
  const rendered = renderCommand(options.command, 'windsurf');
  return {
    scaffold: {},
    slots: windsurfEvents.map((event) => ({
      path: ['hooks', event],
      label: event,
      covers: covers[event],
      shell: event === 'pre_run_command',
      desired: { command: options.platform === 'win32' ? rendered.cmd : rendered.posix, show_output: true },
      ours: (el) => isRecord(el) && isBulkheadCommand(el.command, options.command.cli),
      runs,
      problems: (el) => commandProblems((el as Record<string, unknown>).command, options, 'windsurf'),
    })),
  };
}

const file = '.windsurf/hooks.json';
const base = { installFiles: () => [file], layout, switches: [disableAllHooks] };

/** Windsurf (Cascade) `.windsurf/hooks.json`: `{"hooks": {"<event>": [{"command", "show_output"}]}}`; exit code only. */
export const windsurf: JsonAgent = {
  kind: 'json',
  spec: { id: 'windsurf', name: 'Windsurf', file, watch: file, caveat: 'Windsurf lets an action proceed when the hook crashes; it reads only the exit code.' },
  failure: { meaning: 'Windsurf lets the action through', closedOnCrash: false, closedOnTimeout: false },
  hookSeconds: () => undefined,
  ...base,
  sources: installedSources(base),
};
