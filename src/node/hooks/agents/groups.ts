import { isBulkheadCommand } from '../../hookCommand';
import type { Dialect } from '../payload';
import { isRecord, shellSkipped, text } from './checks';
import type { HookRun } from './types';

/**
 * Claude Code's hook shape, which Codex and Gemini CLI read too: a list of matcher groups,
 * `{"matcher", "hooks": [{"type": "command", "command", "timeout"}]}`.
 */

/** Bulkhead's group: its own, holding one hook that runs Bulkhead. */
export function isOurGroup(element: unknown, cli: string): boolean {
  return isRecord(element) && Array.isArray(element.hooks) && element.hooks.length === 1 && isRecord(element.hooks[0]) && isBulkheadCommand(element.hooks[0].command, cli);
}

/** The first hook of Bulkhead's group. */
export function ourHook(element: unknown): Record<string, unknown> {
  return ((element as Record<string, unknown>).hooks as Record<string, unknown>[])[0];
}

export interface GroupRun extends Omit<HookRun, 'command' | 'label' | 'dialect' | 'timeoutSeconds' | 'closedOnCrash' | 'closedOnTimeout' | 'skipped'> {
  readonly dialect: Dialect;
  /** The agent's shell tool, which the group's matcher must include; undefined where the agent ignores matchers. */
  readonly shellTool?: string;
  /** Whether a hook needs `"type": "command"` to run. */
  readonly typed: boolean;
  timeoutSeconds(hook: Record<string, unknown>): number;
  closed(hook: Record<string, unknown>): boolean;
  readonly closedOnTimeout?: (hook: Record<string, unknown>) => boolean;
}

/** Every command hook of a group, as the agent runs it. */
export function groupRuns(element: unknown, how: GroupRun): HookRun[] {
  if (!isRecord(element) || !Array.isArray(element.hooks)) return [];
  const { shellTool, typed, timeoutSeconds, closed, closedOnTimeout, ...run } = how;
  const skipped = shellTool ? shellSkipped(element.matcher, shellTool) : undefined;
  return element.hooks.filter(isRecord).flatMap((hook): HookRun[] => {
    const command = text(hook.command);
    if (!command || (typed && hook.type !== 'command')) return [];
    return [{
      ...run, label: '', command, timeoutSeconds: timeoutSeconds(hook),
      closedOnCrash: closed(hook), closedOnTimeout: (closedOnTimeout ?? closed)(hook),
      ...(skipped ? { skipped: `the hook "${command}" has ${skipped}` } : {}),
    }];
  });
}
