import { hookTimeoutSeconds, isBulkheadCommand, renderCommand } from '../../hookCommand';
import { commandProblems, disableAllHooks, isRecord, matcherCovers, numberOr, text, timeoutProblems } from './checks';
import { claudeSettingsFiles } from './claude';
import { groupRuns, isOurGroup } from './groups';
import type { HookRun, JsonAgent, Layout, ReadSlot, WorkspaceFiles } from './types';

const file = '.github/hooks/bulkhead.json';
const hooksFolder = '.github/hooks';
const commandKeys = ['command', 'linux', 'osx', 'windows', 'bash', 'powershell'];

function stringEnv(value: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') env[k] = v;
  return env;
}

/**
 * VS Code runs `linux`/`osx`/`windows` (before `bash`/`powershell`, before `command`), from the
 * entry's `cwd` or else the user's home; the Copilot CLI runs `bash`/`powershell` (before
 * `command`) from the `cwd` or the workspace. Both give a hook 30 s unless told; VS Code lets a
 * failed hook's call through, the Copilot CLI blocks it on a crash but not on a timeout.
 */
function runs(element: unknown, platform: NodeJS.Platform, editorToo: boolean): HookRun[] {
  if (!isRecord(element)) return [];
  const e = element;
  const win = platform === 'win32';
  const relative = text(e.cwd);
  const env = stringEnv(e.env);
  const timeoutSeconds = editorToo ? numberOr(e.timeout, numberOr(e.timeoutSec, 30)) : numberOr(e.timeoutSec, numberOr(e.timeout, 30));
  const editor = win ? text(e.windows) ?? text(e.powershell) ?? text(e.command) : text(platform === 'darwin' ? e.osx : e.linux) ?? text(e.bash) ?? text(e.command);
  const cli = text(win ? e.powershell : e.bash) ?? text(e.command);
  return [
    ...(editor && editorToo ? [{
      label: ' in VS Code', command: editor, dialect: 'vscode' as const, cwd: relative ? { relative } : 'home' as const, env, timeoutSeconds, closedOnCrash: false, closedOnTimeout: false,
    }] : []),
    // PowerShell lines cannot run through cmd.exe: the probe tests the Copilot CLI's entry on POSIX only.
    ...(cli && !win ? [{
      label: ' in the Copilot CLI', command: cli, dialect: 'copilot-cli' as const, cwd: relative ? { relative } : 'workspace' as const, env, timeoutSeconds, closedOnCrash: true, closedOnTimeout: false,
    }] : []),
  ];
}

function layout(options: Parameters<JsonAgent['layout']>[0]): Layout {
  // Each key pins its reader's dialect; `command`, read by both, lets the CLI recognise the payload.
  const plain = renderCommand(options.command);
  const vscode = renderCommand(options.command, 'vscode');
  const copilotCli = renderCommand(options.command, 'copilot-cli');
  const timeout = hookTimeoutSeconds(options.confirmationTimeoutSeconds);
  const win = options.platform === 'win32';
  return {
    scaffold: { version: 1 },
    slots: [{
      path: ['hooks', 'PreToolUse'],
      label: 'PreToolUse',
      covers: 'tool calls',
      shell: true,
      desired: {
        type: 'command', command: win ? plain.cmd : plain.posix, linux: vscode.posix, osx: vscode.posix, windows: vscode.cmd,
        bash: copilotCli.posix, powershell: copilotCli.powershell, timeout, timeoutSec: timeout,
      },
      ours: (el) => isRecord(el) && commandKeys.some((k) => isBulkheadCommand(el[k], options.command.cli)),
      runs: (el, platform) => runs(el, platform, true),
      problems: (el) => {
        const e = el as Record<string, unknown>;
        const editorKeys = win ? ['windows', 'powershell', 'command'] : options.platform === 'darwin' ? ['osx', 'bash', 'command'] : ['linux', 'bash', 'command'];
        const editorKey = editorKeys.find((k) => typeof e[k] === 'string' && e[k] !== '') ?? 'command';
        const cliKey = [win ? 'powershell' : 'bash', 'command'].find((k) => typeof e[k] === 'string' && e[k] !== '') ?? 'command';
        return [
          ...(e.type === undefined || e.type === 'command' ? [] : ['the hook is no longer of type "command"']),
          ...commandProblems(e[editorKey], options, editorKey === 'command' ? undefined : 'vscode', `the command VS Code runs (\`${editorKey}\`)`),
          ...commandProblems(e[cliKey], options, cliKey === 'command' ? undefined : 'copilot-cli', `the command the Copilot CLI runs (\`${cliKey}\`)`),
          ...timeoutProblems(e.timeout, options, 'timeout', true),
          ...timeoutProblems(e.timeoutSec, options, 'timeoutSec', false),
          ...(matcherCovers(e.matcher, ['Bash', 'Read', 'Grep', 'Glob', 'Edit', 'Write']).length > 0 ? ['a `matcher` limits which tools Bulkhead sees'] : []),
        ];
      },
    }],
  };
}

/** The Copilot CLI's own event name, which VS Code does not read. */
function cliSlot(cli: string): ReadSlot {
  return {
    path: ['hooks', 'preToolUse'], label: 'preToolUse', covers: 'tool calls', shell: true,
    ours: (el) => isRecord(el) && commandKeys.some((k) => isBulkheadCommand(el[k], cli)),
    runs: (el, platform) => runs(el, platform, false),
  };
}

/** VS Code also runs the hooks of Claude Code's settings (matchers ignored), with its own payload, from the user's home. */
function claudeSettingsSlot(cli: string): ReadSlot {
  return {
    path: ['hooks', 'PreToolUse'], label: 'PreToolUse', covers: 'tool calls', shell: true,
    ours: (el) => isOurGroup(el, cli),
    runs: (el) => groupRuns(el, {
      dialect: 'vscode', agent: 'Copilot (VS Code) via Claude settings', typed: true, cwd: 'home',
      timeoutSeconds: (h) => numberOr(h.timeout, 30), closed: () => false,
    }),
  };
}

function hookFiles(files: WorkspaceFiles): string[] {
  const found = files.list(hooksFolder).filter((n) => n.endsWith('.json')).map((n) => `${hooksFolder}/${n}`);
  return [...new Set([file, ...found])].sort();
}

/**
 * Copilot `.github/hooks/bulkhead.json`: read by VS Code (`command`, `windows`, `timeout`) and by the
 * Copilot CLI (`bash`, `powershell`, `timeoutSec`); the PascalCase event `PreToolUse` gives both the
 * VS Code payload. Both read every `.json` file of `.github/hooks`.
 */
export const copilot: JsonAgent = {
  kind: 'json',
  spec: {
    id: 'copilot', name: 'GitHub Copilot', file, watch: file,
    caveat: 'VS Code lets a tool call through when a hook times out or crashes; the timeout is raised above the confirmation timeout.',
  },
  failure: { meaning: 'VS Code lets the action through; the Copilot CLI blocks it on a crash but not on a timeout', closedOnCrash: false, closedOnTimeout: false },
  hookSeconds: hookTimeoutSeconds,
  installFiles: () => [file],
  layout,
  switches: [disableAllHooks],
  sources: (files, options) => {
    const slots = [...layout(options).slots, cliSlot(options.command.cli)];
    return [
      ...hookFiles(files).map((f) => ({ file: f, slots, switches: [disableAllHooks] })),
      ...claudeSettingsFiles.map((f) => ({ file: f, slots: [claudeSettingsSlot(options.command.cli)], switches: [], reader: 'Copilot (VS Code)' })),
    ];
  },
};
