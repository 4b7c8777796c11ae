import { isBulkheadCommand } from '../../hookCommand';
import type { Dialect } from '../payload';
import { isRecord, matcherCovers, shellSkipped, text } from './checks';
import type { HookRun, ReadSlot, Slot } from './types';

/**
 * Claude Code's hook shape, which Codex and Gemini CLI read too: a list of matcher groups,
 * `{"matcher", "hooks": [{"type": "command", "command", "timeout"}]}`.
 */

/** Bulkhead's group: its own, holding one hook that runs Bulkhead. */
export function isOurGroup(element: unknown, cli: string): boolean {
  return isRecord(element) && Array.isArray(element.hooks) && element.hooks.length === 1 && isRecord(element.hooks[0]) && isBulkheadCommand(element.hooks[0].command, cli);
}

/** The first hook of Bulkhead's group. */
function ourHook(element: unknown): Record<string, unknown> {
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

/** Bulkhead's matcher group for `event`: its one hook, the tools the matcher must cover, and the agent's own checks of the hook. */
export function groupSlot(cli: string, group: {
  readonly event: string;
  readonly matcher: string;
  readonly tools: readonly string[];
  readonly hook: Record<string, unknown>;
  readonly runs: ReadSlot['runs'];
  checks(hook: Record<string, unknown>): string[];
}): Slot {
  return {
    path: ['hooks', group.event],
    label: `${group.event} (${group.matcher})`,
    covers: 'tool calls',
    shell: true,
    desired: { matcher: group.matcher, hooks: [group.hook] },
    ours: (el) => isOurGroup(el, cli),
    runs: group.runs,
    problems: (el) => {
      const h = ourHook(el);
      const uncovered = matcherCovers((el as Record<string, unknown>).matcher, group.tools);
      return [
        ...(uncovered.length > 0 ? [`the matcher no longer covers ${uncovered.join(', ')}`] : []),
        ...(h.type === 'command' ? [] : ['the hook is no longer of type "command"']),
        ...group.checks(h),
      ];
    },
  };
}
