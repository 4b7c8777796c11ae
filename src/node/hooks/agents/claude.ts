import { hookTimeoutSeconds, renderCommand } from '../../hookCommand';
import { commandProblems, disableAllHooks, numberOr, timeoutProblems } from './checks';
import { groupRuns, groupSlot } from './groups';
import type { JsonAgent, Layout, ReadSlot } from './types';

/** The Claude Code tools Bulkhead checks. */
export const claudeTools = ['Bash', 'Read', 'Grep', 'Glob', 'Edit', 'MultiEdit', 'Write', 'NotebookEdit'] as const;
export const claudeMatcher = claudeTools.join('|');

const localFile = '.claude/settings.local.json';
/** The settings files of a project that Claude Code runs hooks from (the shared one and this machine's). */
export const claudeSettingsFiles = ['.claude/settings.json', localFile] as const;

/** Claude Code runs hooks in the project folder with CLAUDE_PROJECT_DIR set, and waits 600 s for one with no timeout. */
const runs: ReadSlot['runs'] = (element) => groupRuns(element, {
  dialect: 'claude', shellTool: 'Bash', typed: true, cwd: 'workspace', projectDir: 'CLAUDE_PROJECT_DIR',
  timeoutSeconds: (hook) => numberOr(hook.timeout, 600), closed: (hook) => hook.onFailure === 'block',
});

function layout(options: Parameters<JsonAgent['layout']>[0]): Layout {
  // Claude Code's settings are also run by VS Code and the Copilot CLI, each with its own payload: no pinned dialect.
  const hook = { type: 'command', command: renderCommand(options.command).posix, timeout: hookTimeoutSeconds(options.confirmationTimeoutSeconds), onFailure: 'block' };
  return {
    scaffold: {},
    slots: [groupSlot(options.command.cli, {
      event: 'PreToolUse', matcher: claudeMatcher, tools: claudeTools, hook, runs,
      checks: (h) => [
        ...commandProblems(h.command, options, undefined),
        ...timeoutProblems(h.timeout, options, 'timeout', false),
        ...(h.onFailure !== 'block' ? ['`onFailure` is not "block": a crash or timeout lets the action through'] : []),
      ],
    })],
  };
}

/**
 * Claude Code `.claude/settings.local.json`: `{"hooks": {"PreToolUse": [{"matcher", "hooks": [{"type": "command",
 * "command", "timeout" (s), "onFailure": "block"}]}]}, "permissions": {"deny": ["Read(//abs/path)"]}}`. The local
 * file: the command holds absolute paths of this machine, and it is git-ignored by Claude Code.
 */
export const claude: JsonAgent = {
  kind: 'json',
  spec: {
    id: 'claude', name: 'Claude Code', file: localFile, watch: localFile,
    caveat: '`onFailure: "block"` needs Claude Code 2.1.295 or later; older versions let a crashed hook through.',
  },
  failure: { meaning: 'Claude Code blocks the action (onFailure: "block", 2.1.295 and later)', closedOnCrash: true, closedOnTimeout: true },
  hookSeconds: hookTimeoutSeconds,
  installFiles: () => [localFile],
  layout,
  switches: [disableAllHooks],
  denyPath: ['permissions', 'deny'],
  sources: (_files, options) => {
    const slots = layout(options).slots;
    return claudeSettingsFiles.map((file) => ({ file, slots, switches: [disableAllHooks] }));
  },
};
