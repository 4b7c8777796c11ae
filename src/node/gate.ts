/**
 * Turns a request to run a command into a yes or no: the policy decides, the human answers for
 * `confirm` and `block`, every decision goes to the audit log. No vscode import.
 */
import type { CommandVerdict, Evaluation } from '../core/engine';
import type { Protection } from '../core/model';
import { type AuditEntry, hookSource } from './audit';
import type { CheckRequest, CheckResponse } from './ipc';
import { ApprovalMemory, type CommandAnswer, type CommandPrompt, ConfirmationQueue, rememberMs } from './confirmations';
import { redactForDisplay } from '../core/redact';
import { askTheUser } from '../core/messages';

type Env = Readonly<Record<string, string | undefined>>;

export interface GateDeps {
  evaluate(line: string, cwd: string, env: Env): Evaluation;
  /** The same evaluation with another environment active: whether switching would help is asked, never guessed. */
  evaluateAs(active: string, line: string, cwd: string, env: Env): Evaluation;
  /** The protection of an environment the policy defines. */
  protection(environment: string): Protection | undefined;
  /** Which environment each credential variable of the policy belongs to. */
  credentialOwners(): ReadonlyMap<string, string>;
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

/** A credential variable of another environment that is empty where the command runs. */
export interface WithheldCredential {
  readonly name: string;
  readonly environment: string;
}

/** What a prompt needs to know beyond the evaluation, so that every sentence in it is true. */
export interface PromptFacts {
  protection(environment: string): Protection | undefined;
  /** The decision the same command would get with `environment` active. */
  decisionWith(environment: string): Evaluation['decision'];
  /** Credentials of other environments that are empty in the asking process (the terminal guard empties them). */
  readonly withheld?: readonly WithheldCredential[];
}

/** The credentials of environments other than `active` that are set but empty in `env`. */
export function withheldCredentials(env: Env, owners: ReadonlyMap<string, string>, active: string): WithheldCredential[] {
  return [...owners].filter(([name, environment]) => environment !== active && env[name] === '').map(([name, environment]) => ({ name, environment }));
}

/**
 * A shim sees its arguments after the shell expanded them: `Bearer $RAILWAY_TOKEN` with the
 * variable emptied arrives as `Bearer ` followed by nothing. These are the places a credential
 * goes that are left empty.
 */
const emptyCredentialSlot = /\b(?:Bearer|token|Basic)\s*(?:['"]|$)|\s--?(?:token|api-?key|auth(?:-token)?|password)(?:=|\s+)(?:''|""|\s|$)/i;

function withheldWording(withheld: readonly WithheldCredential[]): string {
  const owners = [...new Set(withheld.map((w) => w.environment))];
  const names = withheld.map((w) => `${w.name} (${w.environment})`).join(', ');
  return `the credential it needs is not available in this terminal: Bulkhead emptied ${names} here, so it cannot act on ${owners.join(' or ')} from this terminal`;
}

export function buildPrompt(evaluation: Evaluation, sourceText: string, cwd: string, facts: PromptFacts): CommandPrompt {
  const top = topVerdict(evaluation);
  const decision = evaluation.decision === 'block' ? 'block' : 'confirm';
  const target = evaluation.targets.length > 0 ? evaluation.targets.join(', ') : evaluation.target;
  const danger = top?.reason ?? evaluation.reason;
  const withheld = facts.withheld ?? [];
  // An empty credential on the line is one the guard withheld: say so, and whose it is, rather than "unknown".
  const emptied = target === 'unknown' && withheld.length > 0 && emptyCredentialSlot.test(evaluation.command);
  const where = target === 'none' ? 'on this machine' : emptied ? `— ${withheldWording(withheld)}` : target === 'unknown' ? 'in an unknown environment' : `in ${target}`;
  const message = `${decision === 'block' ? 'Blocked' : 'Confirm'}: ${danger} ${where}`;
  const named = evaluation.targets.filter((t) => t !== 'unknown' && t !== 'none');
  // A destroy of a protected environment is never one keystroke away, whichever environment is active.
  const protectedDestroy = evaluation.effect === 'destroy' ? named.find((t) => facts.protection(t) !== undefined && facts.protection(t) !== 'open') : undefined;
  const typedName = decision === 'block' ? named[0] ?? 'run anyway' : protectedDestroy;
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
    ...(emptied ? ['', `${withheldWording(withheld).replace(/^t/, 'T')}.`] : []),
    ...(typedName ? ['', `${decision === 'block' ? 'To run it anyway' : 'To run it'}, type "${typedName}" in the next step.${switchAdvice(evaluation, named, facts)}`] : []),
  ].join('\n');
  return {
    message, detail, decision, typedName,
    withheldNote: emptied ? `${withheldWording(withheld).replace(/^t/, 'T')}.` : undefined,
    cancelIsDefault: decision === 'block' || evaluation.effect === 'destroy',
    offerRemember: decision === 'confirm' && evaluation.effect !== 'destroy',
  };
}

/** "Or switch first", only when switching to the command's environment would lift the block. */
function switchAdvice(evaluation: Evaluation, named: readonly string[], facts: PromptFacts): string {
  if (evaluation.decision !== 'block' || named.length !== 1 || named[0] === evaluation.active) return '';
  const environment = named[0];
  if (facts.decisionWith(environment) === 'block') return '';
  return facts.protection(environment) === 'critical'
    ? ` Or elevate to ${environment} (Bulkhead: Elevate…) and run it again.`
    : ` Or select ${environment} as the active environment (Bulkhead: Select Environment) and run it again.`;
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
    const sourceLabel = request.source.kind === 'shim' ? `shim:${request.source.program ?? '?'}`
      : request.source.kind === 'hook' && request.source.label ? hookSource(request.source.label) : request.source.kind;
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
    const withheld = withheldCredentials(request.env ?? {}, this.deps.credentialOwners(), evaluation.active);
    const prompt = buildPrompt(evaluation, describeSource(request.source), request.cwd, {
      protection: (environment) => this.deps.protection(environment),
      decisionWith: (environment) => this.deps.evaluateAs(environment, request.line, request.cwd, request.env ?? {}).decision,
      withheld,
    });
    const answer: CommandAnswer = await this.deps.queue.ask(key, prompt);
    if (answer === 'run' || answer === 'remember') {
      if (answer === 'remember' && prompt.offerRemember) this.remembered.add(key, rememberMs);
      if (request.source.kind === 'bash') for (const c of evaluation.commands) this.recent.add(followUpKey(evaluation.active, c.text), followUpMs);
      return finish(true, answer === 'remember' ? 'approved-for-10-minutes' : 'approved', '');
    }
    const why = answer === 'timeout' ? 'Nobody answered the confirmation in time' : 'The user declined it';
    const agent = evaluation.agentMessage || askTheUser;
    const credentials = prompt.withheldNote ? ` ${prompt.withheldNote}` : '';
    return finish(false, answer === 'timeout' ? 'timeout' : 'denied', `${why}.${credentials} ${agent}`);
  }
}

function followUpKey(active: string, text: string): string {
  return `${active}\0${text.replace(/\s+/g, ' ').trim()}`;
}
