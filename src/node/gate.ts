/**
 * Turns a request to run a command into a yes or no: the policy decides, the human answers for
 * `confirm` and `block`, every decision goes to the audit log. No vscode import.
 */
import type { CommandVerdict, Evaluation } from '../core/engine';
import type { AuditEntry } from './audit';
import type { CheckRequest, CheckResponse } from './ipc';
import { ApprovalMemory, type CommandAnswer, type CommandPrompt, ConfirmationQueue, rememberMs } from './confirmations';
import { redactForDisplay } from '../core/redact';
import { askTheUser } from '../core/messages';

export interface GateDeps {
  evaluate(line: string, cwd: string, env: Readonly<Record<string, string | undefined>>): Evaluation;
  readonly queue: ConfirmationQueue;
  audit(entry: AuditEntry): void;
  log(level: 'info' | 'warn', message: string): void;
  /** A command was refused (for the status bar and the bypass detector). */
  onStopped(command: string, decision: string): void;
  /** Any request seen (for the bypass detector), before it is decided. */
  onRequest?(request: CheckRequest, evaluation: Evaluation): void;
  now?(): number;
}

/**
 * After a human approved a line the BASH_ENV trap sent, the shims inside it pass for this long:
 * `bash -c 'x=$(kubectl …)'` asks once, not twice.
 */
const followUpMs = 30_000;

export function topVerdict(evaluation: Evaluation): CommandVerdict | undefined {
  return evaluation.commands.find((c) => c.decision === evaluation.decision && c.effect === evaluation.effect && c.ruleId === evaluation.rules[0])
    ?? evaluation.commands.find((c) => c.decision === evaluation.decision);
}

export function describeSource(source: CheckRequest['source']): string {
  // An agent hook has no terminal behind it: say which agent asked, not a process number.
  if (source.kind === 'hook') return `an agent (${source.label ?? 'unnamed'}), via its hook`;
  const via = source.kind === 'shim' ? `the ${source.program ?? ''} shim` : source.kind === 'bash' ? 'the bash guard (BASH_ENV)' : source.kind;
  const parts = [`terminal process ${source.ppid ?? '?'}`, `via ${via}`];
  if (source.label) parts.push(source.label);
  return parts.join(', ');
}

export function buildPrompt(evaluation: Evaluation, sourceText: string, cwd: string): CommandPrompt {
  const top = topVerdict(evaluation);
  const decision = evaluation.decision === 'block' ? 'block' : 'confirm';
  const target = evaluation.targets.length > 0 ? evaluation.targets.join(', ') : evaluation.target;
  const danger = top?.reason ?? evaluation.reason;
  const where = target === 'none' ? 'on this machine' : target === 'unknown' ? 'in an unknown environment' : `in ${target}`;
  const message = `${decision === 'block' ? 'Blocked' : 'Confirm'}: ${danger} ${where}`;
  const typedName = decision === 'block' ? pickTypedName(evaluation) : undefined;
  const detail = [
    `Command: ${redactForDisplay(evaluation.command, 500)}`,
    `Effect: ${evaluation.effect} (${evaluation.scope})`,
    `Target: ${target}`,
    `Active environment: ${evaluation.active}`,
    `Rule: ${evaluation.rules.join(', ') || '(none)'}`,
    `Source: ${sourceText}`,
    `Working directory: ${cwd}`,
    '',
    top?.why ?? evaluation.reason,
    ...(decision === 'block' ? ['', `To run it anyway, type "${typedName}" in the next step, or switch the active environment first and run it again.`] : []),
  ].join('\n');
  return { message, detail, decision, typedName, offerRemember: decision === 'confirm' && evaluation.effect !== 'destroy' };
}

function pickTypedName(evaluation: Evaluation): string {
  const named = evaluation.targets.filter((t) => t !== 'unknown' && t !== 'none');
  return named[0] ?? 'run anyway';
}

export class Gate {
  readonly remembered: ApprovalMemory;
  private readonly recent: ApprovalMemory;
  private readonly now: () => number;

  constructor(private readonly deps: GateDeps) {
    this.now = deps.now ?? Date.now;
    this.remembered = new ApprovalMemory(this.now);
    this.recent = new ApprovalMemory(this.now);
  }

  async check(request: CheckRequest): Promise<Omit<CheckResponse, 'ok'>> {
    const started = this.now();
    const evaluation = this.deps.evaluate(request.line, request.cwd, request.env ?? {});
    this.deps.onRequest?.(request, evaluation);
    const shown = redactForDisplay(request.line, 2000);
    const sourceLabel = request.source.kind === 'shim' ? `shim:${request.source.program ?? '?'}` : request.source.kind;
    const finish = (run: boolean, answer: string, message: string): Omit<CheckResponse, 'ok'> => {
      this.deps.audit({
        time: new Date(started).toISOString(), source: sourceLabel, cwd: request.cwd, command: shown,
        decision: evaluation.decision, effect: evaluation.effect, targets: [...evaluation.targets], rules: [...evaluation.rules],
        active: evaluation.active, answer, latencyMs: this.now() - started, reason: evaluation.reason,
      });
      this.deps.log(run ? 'info' : 'warn', `${evaluation.decision} → ${answer}: ${shown} [${evaluation.rules.join(', ')}] (${sourceLabel}, ${request.cwd})`);
      if (!run) this.deps.onStopped(shown, evaluation.decision);
      return { run, decision: evaluation.decision, message };
    };
    if (evaluation.decision === 'allow') return finish(true, 'allowed', '');
    const key = `${evaluation.active}\0${request.cwd}\0${request.line}`;
    if (evaluation.decision === 'confirm' && this.remembered.has(key)) return finish(true, 'remembered', '');
    if (request.source.kind === 'shim' && evaluation.commands.filter((c) => c.decision !== 'allow').every((c) => this.recent.has(followUpKey(evaluation.active, c.text)))) {
      return finish(true, 'approved-just-before', '');
    }
    const prompt = buildPrompt(evaluation, describeSource(request.source), request.cwd);
    const answer: CommandAnswer = await this.deps.queue.ask(key, prompt);
    if (answer === 'run' || answer === 'remember') {
      if (answer === 'remember' && prompt.offerRemember) this.remembered.add(key, rememberMs);
      if (request.source.kind === 'bash') for (const c of evaluation.commands) this.recent.add(followUpKey(evaluation.active, c.text), followUpMs);
      return finish(true, answer === 'remember' ? 'approved-for-10-minutes' : 'approved', '');
    }
    const why = answer === 'timeout' ? 'Nobody answered the confirmation in time' : 'The user declined it';
    const agent = evaluation.agentMessage || askTheUser;
    return finish(false, answer === 'timeout' ? 'timeout' : 'denied', `${why}. ${agent}`);
  }
}

function followUpKey(active: string, text: string): string {
  return `${active}\0${text.replace(/\s+/g, ' ').trim()}`;
}
