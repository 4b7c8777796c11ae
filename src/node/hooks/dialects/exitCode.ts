import type { HookOutcome, HookReply } from '../respond';
import { firstLineOf } from './replies';
import type { ProbeReading, ProbeRun } from './types';

/**
 * The answer of agents that read only the exit code (Windsurf, Kiro) or read exit 2 first
 * (Gemini CLI): nothing and exit 0 goes ahead, exit 2 with the reason on stderr blocks. They have no
 * ask that a hook can rely on, so an ask is a refusal.
 */
export function renderExitCode(outcome: HookOutcome): HookReply {
  if (outcome.kind === 'defer' || outcome.kind === 'approve') return { stdout: '', stderr: '', exitCode: 0 };
  return { stdout: '', stderr: `${outcome.agentMessage}\n`, exitCode: 2 };
}

/** Exit 2 blocks (with a reason, where the agent needs one to block); exit 0 goes ahead; any other exit is a failure the agent runs past. */
export function readExitCode(run: ProbeRun, needsReason: boolean): ProbeReading {
  const firstLine = firstLineOf(run.stderr);
  if (run.exitCode === 2) {
    if (firstLine || !needsReason) return { verdict: 'deny', detail: `exit 2${firstLine ? `: ${firstLine}` : ''}` };
    return { verdict: 'allow', detail: 'exit 2 without a reason on stderr, which the agent runs past' };
  }
  if (run.exitCode === 0) return { verdict: 'allow', detail: run.stdout.trim() ? 'exit 0 without a decision' : 'exit 0 with no output' };
  return { verdict: 'error', detail: `exit ${run.exitCode}${firstLine ? `: ${firstLine}` : ''}` };
}
