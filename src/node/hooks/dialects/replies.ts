import type { ProbeReading, ProbeRun } from './types';

export function firstLineOf(text: string): string {
  return (text.trim().split('\n')[0] ?? '').slice(0, 200);
}

/**
 * The reading shared by agents that take a JSON decision on stdout and treat exit 2 as a block:
 * `decisionOf` picks the decision out of the JSON the hook printed.
 */
export function readJsonDecision(run: ProbeRun, decisionOf: (reply: Record<string, unknown>) => unknown): ProbeReading {
  let parsed: unknown;
  const text = run.stdout.trim();
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  const firstLine = firstLineOf(run.stderr);
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const reply = parsed as Record<string, unknown>;
    const decision = decisionOf(reply);
    if (decision === 'deny' || decision === 'block') return { verdict: 'deny', detail: `answered "${String(decision)}"` };
    if (decision === 'ask') return { verdict: 'ask', detail: 'answered "ask"' };
    if (decision === 'allow' || decision === 'approve') return { verdict: 'allow', detail: `answered "${String(decision)}"` };
    if (reply.continue === false) return { verdict: 'deny', detail: 'answered continue: false' };
  }
  if (run.exitCode === 2) return { verdict: 'deny', detail: `exit 2${firstLine ? `: ${firstLine}` : ''}` };
  if (run.exitCode === 0) return { verdict: 'allow', detail: text ? 'exit 0 without a decision' : 'exit 0 with no output' };
  return { verdict: 'error', detail: `exit ${run.exitCode}${firstLine ? `: ${firstLine}` : ''}` };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
