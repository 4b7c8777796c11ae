import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Evaluation } from '../core/engine';
import type { AuditEntry } from '../node/audit';
import { judgeObserved } from '../core/observed';
import type { Logger } from './logger';
import { redactForDisplay } from '../core/redact';

export interface GuardSighting {
  readonly at: number;
  readonly programs: ReadonlySet<string>;
  /** The requesting process's ancestors (Linux), to tie the request to a terminal's shell. */
  readonly ancestors?: readonly number[];
}

/** Parent process ids from /proc, nearest first; undefined where /proc is not available. */
export function ancestorsOf(pid: number | undefined, depth = 12): number[] | undefined {
  if (pid === undefined || process.platform !== 'linux') return undefined;
  const out: number[] = [];
  let current = pid;
  for (let i = 0; i < depth && current > 1; i++) {
    out.push(current);
    try {
      const stat = readFileSync(`/proc/${current}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces; the parent pid follows it.
      current = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      break;
    }
  }
  return out;
}

/** Guard requests seen recently, so a command seen in a terminal can be matched to its check. */
export class SightingLog {
  private readonly items: GuardSighting[] = [];

  record(evaluation: Evaluation, program?: string, ppid?: number): void {
    const programs = new Set(evaluation.commands.map((c) => c.program).filter(Boolean));
    if (program) programs.add(program);
    this.items.push({ at: Date.now(), programs, ancestors: ancestorsOf(ppid) });
    const cutoff = Date.now() - 120_000;
    while (this.items.length > 0 && this.items[0].at < cutoff) this.items.shift();
  }

  /** Whether a guard saw one of `programs` since `since`, from the terminal whose shell is `shellPid` (when known). */
  seenSince(since: number, programs: readonly string[], shellPid?: number): boolean {
    return this.items.some((s) => s.at >= since && programs.some((p) => s.programs.has(p))
      && (shellPid === undefined || s.ancestors === undefined || s.ancestors.includes(shellPid)));
  }
}

export interface ObservationDeps {
  evaluate(line: string, cwd: string): Evaluation;
  readonly sightings: SightingLog;
  audit(entry: AuditEntry): void;
  onBypass(command: string): void;
  enabled(): boolean;
  /** Credential variables the terminal guard empties in terminals. */
  emptied(): readonly string[];
  readonly logger: Logger;
}

/** How long after a command starts its guard check may still arrive. */
const graceMs = 2500;

/**
 * Observation: shell integration tells us what ran in each terminal (after the fact; it cannot
 * block). Every line is re-evaluated; a change the policy would have stopped that ran and passed
 * no shim or hook is a bypass: a warning, an audit entry, a mark in the status bar. Anything else
 * the policy would have asked about is a note in the audit log (judgeObserved says which).
 */
export class Observation implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly ended = new WeakMap<vscode.TerminalShellExecution, (exitCode: number | undefined) => void>();

  constructor(private readonly deps: ObservationDeps, private readonly root: string) {
    this.disposables.push(
      vscode.window.onDidStartTerminalShellExecution((e) => void this.onStart(e)),
      vscode.window.onDidEndTerminalShellExecution((e) => this.ended.get(e.execution)?.(e.exitCode)),
    );
  }

  private async onStart(e: vscode.TerminalShellExecutionStartEvent): Promise<void> {
    if (!this.deps.enabled()) return;
    const line = e.execution.commandLine.value.trim();
    if (!line) return;
    const startedAt = Date.now();
    const cwd = e.execution.cwd?.fsPath ?? e.terminal.shellIntegration?.cwd?.fsPath ?? this.root;
    let evaluation: Evaluation;
    try {
      evaluation = this.deps.evaluate(line, cwd);
    } catch (err) {
      this.deps.logger.warn(`observation could not evaluate a terminal command: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const shown = redactForDisplay(line, 400);
    this.deps.logger.trace(`observed in "${e.terminal.name}": ${shown} → ${evaluation.decision} (confidence ${e.execution.commandLine.confidence})`);
    if (evaluation.decision === 'allow') return;
    const programs = [...new Set(evaluation.commands.filter((c) => c.decision !== 'allow').map((c) => c.program).filter(Boolean))];
    // Wait for the check to arrive: until the command ends, or the grace period, whichever is later.
    let exitCode: number | undefined;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      this.ended.set(e.execution, (code) => {
        exitCode = code;
        clearTimeout(timer);
        setTimeout(resolve, 300);
      });
    });
    const shellPid = await Promise.race([e.terminal.processId, new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000))]);
    const passedGuard = this.deps.sightings.seenSince(startedAt - graceMs, programs, shellPid);
    const seen = judgeObserved(evaluation, exitCode, passedGuard, this.deps.emptied());
    if (seen.kind === 'quiet') return;
    const entry = {
      time: new Date(startedAt).toISOString(), source: `terminal:${e.terminal.name}`, cwd, command: shown,
      decision: evaluation.decision, effect: evaluation.effect, targets: [...evaluation.targets], rules: [...evaluation.rules],
      active: evaluation.active, latencyMs: 0,
    };
    if (seen.kind === 'note') {
      this.deps.audit({ ...entry, answer: 'note', reason: `seen in a terminal; ${seen.text}` });
      this.deps.logger.info(`note from terminal "${e.terminal.name}": ${shown} ${seen.text}`);
      return;
    }
    this.deps.audit({ ...entry, answer: 'bypass', reason: `ran without passing a Bulkhead guard: ${evaluation.reason}` });
    this.deps.logger.warn(`BYPASS in terminal "${e.terminal.name}": ${shown} (${evaluation.decision}: ${evaluation.reason})`);
    this.deps.onBypass(shown);
    const safe = /\]\(|command:/i.test(shown) ? 'a command' : `"${shown.slice(0, 160)}"`;
    void vscode.window.showWarningMessage(
      `Bulkhead: ${safe} ran in terminal "${e.terminal.name}" without passing Bulkhead's guard. The policy would have required a ${evaluation.decision === 'block' ? 'typed confirmation' : 'confirmation'} (${evaluation.targets.join(', ') || evaluation.target}).`,
      'Show Activity',
    ).then((choice) => {
      if (choice === 'Show Activity') void vscode.commands.executeCommand('bulkhead.showActivity');
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
