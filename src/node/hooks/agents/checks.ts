import { existsSync } from 'node:fs';
import { parseOurCommand, pinnedDialect } from '../../hookCommand';
import type { Dialect } from '../payload';
import type { HookSource, HookSwitch, InstallOptions, JsonAgent, WorkspaceFiles } from './types';

/** The checks every agent's entries share: the command, the timeout, the matcher. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, else undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A timeout this close to the modal's would cut the human off: reported as weakened. */
export const minimumMarginSeconds = 5;

/** The problems an extension update or a Node upgrade leaves behind (see onlyMovedInstall). */
export const movedInstall = /runs a Bulkhead that is no longer installed|the Node .* no longer exists/;

export function commandProblems(command: unknown, options: InstallOptions, dialect: Dialect | undefined, what = 'its command'): string[] {
  if (typeof command !== 'string') return [`${what} is missing`];
  const parsed = parseOurCommand(command);
  if (!parsed) return [`${what} no longer runs Bulkhead's hook`];
  const exists = options.exists ?? existsSync;
  const problems: string[] = [];
  if (parsed.cli !== options.command.cli) {
    problems.push(exists(parsed.cli) ? `${what} runs another copy of Bulkhead (${parsed.cli})` : `${what} runs a Bulkhead that is no longer installed (${parsed.cli})`);
  }
  if (parsed.node && !exists(parsed.node)) problems.push(`the Node ${what} runs no longer exists (${parsed.node})`);
  const pinned = pinnedDialect(command);
  if (pinned === 'claude' && dialect === 'codex') {
    // Read as Claude Code's, a confirmation is answered `ask`, which Codex runs unasked.
    problems.push(`${what} reads payloads as \`claude\`, as an earlier Bulkhead read Codex's: a confirmation would run unasked`);
  } else if (pinned !== undefined && pinned !== dialect) problems.push(`${what} reads payloads as \`${pinned}\`, not as this agent sends them`);
  return problems;
}

/** `unit` is what the agent counts the timeout in: seconds for most, milliseconds for Gemini CLI and Kiro. */
export function timeoutProblems(value: unknown, options: InstallOptions, key: string, required: boolean, unit: 's' | 'ms' = 's'): string[] {
  if (value === undefined) {
    return required ? [`no \`${key}\`: the default is shorter than the ${options.confirmationTimeoutSeconds} s confirmation, and a timed-out hook lets the action through`] : [];
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return [`\`${key}\` is not a number`];
  if ((unit === 'ms' ? value / 1000 : value) < options.confirmationTimeoutSeconds + minimumMarginSeconds) {
    return [`\`${key}\` is ${value} ${unit}, shorter than the ${options.confirmationTimeoutSeconds} s confirmation: a slow answer lets the action through`];
  }
  return [];
}

/** The tools of `tools` a matcher (empty, `*`, `A|B`, `A, B` or a regex) leaves out. */
export function matcherCovers(matcher: unknown, tools: readonly string[]): string[] {
  if (matcher === undefined || matcher === '' || matcher === '*' || matcher === '**') return [];
  if (typeof matcher !== 'string') return [...tools];
  if (/^[A-Za-z0-9_|, -]+$/.test(matcher)) {
    const names = new Set(matcher.split(/[|,]/).map((s) => s.trim()));
    return tools.filter((t) => !names.has(t));
  }
  try {
    const re = new RegExp(matcher);
    return tools.filter((t) => !re.test(t));
  } catch {
    return [...tools];
  }
}

/** Why a matcher group never sees the shell tool `tool`, if it does not. */
export function shellSkipped(matcher: unknown, tool: string): string | undefined {
  return matcherCovers(matcher, [tool]).length > 0 ? `matcher ${JSON.stringify(matcher)}, which does not include ${tool}` : undefined;
}

/** Claude Code's switch, also read by the Copilot CLI and others: every hook of the file off. */
export const disableAllHooks: HookSwitch = {
  path: ['disableAllHooks'], disables: (v) => v === true, repaired: () => false,
  problem: '`disableAllHooks` is true: the agent runs no hook at all', repair: 'set disableAllHooks to false',
};

/** An agent that reads its hooks from the files Bulkhead writes, and runs the lists Bulkhead fills. */
export function installedSources(agent: Pick<JsonAgent, 'installFiles' | 'layout' | 'switches'>): (files: WorkspaceFiles, options: InstallOptions) => HookSource[] {
  return (files, options) => {
    const slots = agent.layout(options).slots;
    return agent.installFiles(files).map((file) => ({ file, slots, switches: agent.switches }));
  };
}
