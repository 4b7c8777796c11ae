import { hookTimeoutSeconds, isBulkheadCommand, renderCommand } from '../../hookCommand';
import { commandProblems, installedSources, isRecord, text, timeoutProblems } from './checks';
import type { HookRun, JsonAgent, Layout, WorkspaceFiles } from './types';

/** Kiro CLI's agent configurations in a workspace (its global ones are in ~/.kiro/agents). */
export const kiroAgentsFolder = '.kiro/agents';
/** Kiro's matcher for every tool, built-in and MCP. */
export const kiroMatcher = '*';

/** Kiro gives a hook 30 000 ms unless told, and runs the tool on any exit but 0 or 2. */
function runs(element: unknown): HookRun[] {
  const e = isRecord(element) ? element : {};
  const command = text(e.command);
  const timeoutSeconds = typeof e.timeout_ms === 'number' ? e.timeout_ms / 1000 : 30;
  return command ? [{ label: '', command, dialect: 'kiro', cwd: 'workspace', timeoutSeconds, closedOnCrash: false, closedOnTimeout: false }] : [];
}

function layout(options: Parameters<JsonAgent['layout']>[0]): Layout {
  const rendered = renderCommand(options.command, 'kiro');
  return {
    scaffold: {},
    slots: [{
      path: ['hooks', 'preToolUse'],
      label: `preToolUse (${kiroMatcher})`,
      covers: 'tool calls',
      shell: true,
      desired: { matcher: kiroMatcher, command: options.platform === 'win32' ? rendered.cmd : rendered.posix, timeout_ms: hookTimeoutSeconds(options.confirmationTimeoutSeconds) * 1000 },
      ours: (el) => isRecord(el) && isBulkheadCommand(el.command, options.command.cli),
      runs,
      problems: (el) => {
        const e = el as Record<string, unknown>;
        const cached = typeof e.cache_ttl_seconds === 'number' && e.cache_ttl_seconds > 0;
        return [
          ...(e.matcher === undefined || e.matcher === kiroMatcher ? [] : [`the matcher ${JSON.stringify(e.matcher)} limits which tools Bulkhead sees`]),
          ...commandProblems(e.command, options, 'kiro'),
          ...timeoutProblems(e.timeout_ms ?? 30_000, options, 'timeout_ms', false, 'ms'),
          ...(cached ? [`\`cache_ttl_seconds\` reuses an answer for ${String(e.cache_ttl_seconds)} s: a changed policy or environment is not seen`] : []),
        ];
      },
    }],
  };
}

/** Every agent file the workspace has gets the entry. */
function agentFiles(files: WorkspaceFiles): string[] {
  return files.list(kiroAgentsFolder).filter((n) => n.endsWith('.json')).sort().map((n) => `${kiroAgentsFolder}/${n}`);
}

const base = { installFiles: agentFiles, layout, switches: [] };

/** Kiro CLI `.kiro/agents/<agent>.json`: each agent's own `{"hooks": {"preToolUse": [{"matcher", "command", "timeout_ms"}]}}`. Exit code only. */
export const kiro: JsonAgent = {
  kind: 'json',
  spec: {
    id: 'kiro', name: 'Kiro CLI', file: kiroAgentsFolder, watch: `${kiroAgentsFolder}/*.json`,
    caveat: 'Kiro CLI lets a tool run when the hook crashes or times out. The Kiro IDE\'s hooks are not covered: they get no tool call to check.',
  },
  failure: { meaning: 'Kiro CLI lets the action through', closedOnCrash: false, closedOnTimeout: false },
  hookSeconds: hookTimeoutSeconds,
  noFile: `there is no agent configuration in ${kiroAgentsFolder}: Kiro CLI runs hooks only from an agent's own file, and its built-in default agent has none. Create an agent in Kiro CLI (/agent create), then install again`,
  ...base,
  sources: installedSources(base),
};
