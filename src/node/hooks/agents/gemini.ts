import { hookTimeoutSeconds, isBulkheadCommand, renderCommand } from '../../hookCommand';
import { commandProblems, disableAllHooks, installedSources, timeoutProblems } from './checks';
import { groupRuns, groupSlot } from './groups';
import type { HookSwitch, JsonAgent, Layout } from './types';

/** Every Gemini CLI tool: one Bulkhead does not know is still read for a command or a path. */
export const geminiMatcher = '.*';
const geminiTools = ['run_shell_command', 'read_file', 'read_many_files', 'write_file', 'replace', 'search_file_content'];
const geminiHookName = 'bulkhead';

function layout(options: Parameters<JsonAgent['layout']>[0]): Layout {
  const rendered = renderCommand(options.command, 'gemini');
  const hook = { type: 'command', name: geminiHookName, command: options.platform === 'win32' ? rendered.cmd : rendered.posix, timeout: hookTimeoutSeconds(options.confirmationTimeoutSeconds) * 1000 };
  return {
    scaffold: {},
    slots: [groupSlot(options.command.cli, {
      event: 'BeforeTool', matcher: geminiMatcher, tools: geminiTools, hook,
      // Gemini CLI counts in milliseconds, gives a hook 60 000 unless told, and runs the tool when one fails.
      runs: (el) => groupRuns(el, {
        dialect: 'gemini', typed: false, cwd: 'workspace', projectDir: 'GEMINI_PROJECT_DIR',
        timeoutSeconds: (h) => (typeof h.timeout === 'number' ? h.timeout / 1000 : 60), closed: () => false,
      }),
      checks: (h) => [...commandProblems(h.command, options, 'gemini'), ...timeoutProblems(h.timeout ?? 60_000, options, 'timeout', false, 'ms')],
    })],
  };
}

/** Gemini CLI skips a hook whose name (or, without a name, whose command) `hooksConfig.disabled` lists. */
function namesOurHook(entry: unknown, cli: string): boolean {
  return entry === geminiHookName || isBulkheadCommand(entry, cli);
}

const switches: readonly HookSwitch[] = [
  disableAllHooks,
  {
    path: ['hooksConfig', 'enabled'], disables: (v) => v === false, repaired: () => true,
    problem: '`hooksConfig.enabled` is false: Gemini CLI runs no hook at all', repair: 'set hooksConfig.enabled to true',
  },
  {
    path: ['hooksConfig', 'disabled'],
    disables: (v, cli) => Array.isArray(v) && v.some((e) => namesOurHook(e, cli)),
    repaired: (v, cli) => (v as unknown[]).filter((e) => !namesOurHook(e, cli)),
    problem: '`hooksConfig.disabled` lists Bulkhead\'s hook: Gemini CLI skips it', repair: 'took Bulkhead\'s hook out of hooksConfig.disabled',
  },
];

const file = '.gemini/settings.json';
const base = { installFiles: () => [file], layout, switches };

/** Gemini CLI `.gemini/settings.json`: `{"hooks": {"BeforeTool": [{"matcher", "hooks": [{"type": "command", "command", "name", "timeout" (ms)}]}]}}`. */
export const gemini: JsonAgent = {
  kind: 'json',
  spec: { id: 'gemini', name: 'Gemini CLI', file, watch: file, caveat: 'Gemini CLI lets a tool run when the hook crashes or times out.' },
  failure: { meaning: 'Gemini CLI lets the action through', closedOnCrash: false, closedOnTimeout: false },
  hookSeconds: hookTimeoutSeconds,
  ...base,
  sources: installedSources(base),
};
