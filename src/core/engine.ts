import { decide, type Relation } from './decide';
import {
  type AmbientState, type Decision, decisionRank, type Effect, effectSeverity, type Finding, type Invocation,
  type Protection, remoteHintKinds, type Scope, type Span,
} from './model';
import { guardedPrograms, packFor } from './packs/registry';
import { type Environment, type Policy, readOnlyEnvironment } from './policy/load';
import { guardFileKind } from './fileAccess';
import { resolvePath } from './paths';
import { extractLine, type Item, limits, redirectProgram } from './shell/extract';
import { programName } from './shell/unwrap';
import type { ShellParser } from './shell/syntax';
import { resolveTargets } from './targets/resolve';
import { judgeByWords } from './words/judge';
import type { FileSystemView } from './secretReads';

export interface EvaluationContext {
  readonly policy: Policy;
  /** Name of the active environment, `read-only`, or undefined when the policy has no environments. */
  readonly active?: string;
  /** The variables in effect for the command (the caller's, not this process's). */
  readonly env: Readonly<Record<string, string>>;
  /** Absolute working directory. */
  readonly cwd: string;
  /** Facts read from the machine: `{'kube-context': 'prod-eu-1', 'terraform-workspace': 'staging'}`. */
  readonly ambient?: AmbientState;
  /**
   * The same facts for another directory, for commands after a `cd` on the line (a Terraform
   * workspace is selected per folder). Without it, `ambient` holds everywhere.
   */
  readonly ambientAt?: (cwd: string) => AmbientState;
  /** package.json scripts, so `npm run db:push` is looked into. */
  readonly scripts?: Readonly<Record<string, string>>;
  /**
   * The disk as the Node side lets the core see it (bounded): globs are expanded, folders read
   * recursively are walked, markers and links are followed. Without it, named files and a static
   * comparison of globs with the policy's secret patterns decide what is a secret read.
   */
  readonly files?: FileSystemView;
}

/** The verdict on one simple command inside the line. */
export interface CommandVerdict {
  readonly text: string;
  readonly program: string;
  readonly span: Span;
  readonly via: readonly string[];
  readonly ruleId: string;
  readonly effect: Effect;
  readonly scope: Scope;
  readonly reason: string;
  /** Environments it acts on, most protected first. */
  readonly targets: readonly string[];
  /** `unknown` when it changes infrastructure whose environment cannot be told; `none` for local work. */
  readonly target: string;
  /** The facts that tied it to its environments. */
  readonly evidence: readonly string[];
  readonly decision: Decision;
  /** Why the decision table gave this decision, in one sentence. */
  readonly why: string;
}

export interface Evaluation {
  readonly command: string;
  readonly decision: Decision;
  readonly effect: Effect;
  readonly scope: Scope;
  readonly targets: readonly string[];
  readonly target: string;
  readonly rules: readonly string[];
  readonly reason: string;
  readonly span: Span;
  readonly active: string;
  /** What the human reads in the confirmation. */
  readonly humanMessage: string;
  /** What an agent receives when the decision is not `allow`: stop, and ask. */
  readonly agentMessage: string;
  readonly commands: readonly CommandVerdict[];
  /** Problems reading the line itself: parse errors, limits hit. */
  readonly warnings: readonly string[];
}

export interface Engine {
  evaluate(line: string, context: EvaluationContext): Evaluation;
}

const maxLineLength = 256 * 1024;

export function createEngine(parser: ShellParser): Engine {
  return {
    evaluate(line, context) {
      return evaluateLine(parser, line, context);
    },
  };
}

/**
 * A failure while reading the line is an answer too: the line is unknown, which never allows,
 * and the reason says what went wrong instead of a stack trace.
 */
function evaluateLine(parser: ShellParser, input: string, context: EvaluationContext): Evaluation {
  try {
    return evaluateReadLine(parser, input, context);
  } catch (error) {
    const line = input.length > maxLineLength ? input.slice(0, maxLineLength) : input;
    const message = error instanceof Error ? error.message : String(error);
    const item: Item = {
      kind: 'opaque', ruleId: 'shell.evaluation-failed', span: { start: 0, end: line.length }, text: line.slice(0, 200), via: [], inherited: [],
      reason: `Bulkhead failed while reading the line (${message}), so it cannot tell what would run`,
    };
    const active = activeState(context);
    const state: LineState = { overrides: {}, ambientByCwd: new Map([[context.cwd, context.ambient ?? {}]]) };
    return summarise(line, judgeItem(item, context, active, state).verdicts, active, [`evaluation failed: ${message}`]);
  }
}

function evaluateReadLine(parser: ShellParser, input: string, context: EvaluationContext): Evaluation {
  const warnings: string[] = [];
  let line = input;
  const truncated = line.length > maxLineLength;
  if (truncated) {
    warnings.push(`the command is ${line.length} characters long; only the first ${maxLineLength} were read`);
    line = line.slice(0, maxLineLength);
  }
  if (line.includes('\0')) {
    // bash drops NUL bytes from a command string: `kube\0ctl` runs kubectl.
    warnings.push('the command contains NUL bytes, which bash drops; they were removed before reading it');
    line = line.replace(/\0/g, '');
  }
  const walk = extractLine(line, { parser, env: context.env, cwd: context.cwd, scripts: context.scripts });
  const items: Item[] = walk.items;
  if (walk.parseErrors > 0) {
    const named = firstGuardedMention(line);
    if (named) {
      items.push({
        kind: 'opaque', ruleId: 'shell.unparsable', span: { start: 0, end: line.length }, text: line, via: [], inherited: [],
        reason: `the line does not parse as shell and mentions ${named}, so Bulkhead cannot tell what would run`,
      });
    } else {
      warnings.push('the line has shell syntax errors; the parts that parse were checked');
    }
  }
  if (truncated) {
    items.push({
      kind: 'opaque', ruleId: 'shell.too-long', span: { start: 0, end: line.length }, text: line.slice(0, 200), via: [], inherited: [],
      reason: `the command is longer than ${maxLineLength} characters, so Bulkhead could not read all of it`,
    });
  }
  if (walk.truncated) {
    warnings.push(`the line exceeds Bulkhead's limits (${limits.maxDepth} nested shells, ${limits.maxNesting} levels of nested syntax, ${limits.maxWrappers} wrappers, ${limits.maxItems} commands); what lies beyond was treated as unknown`);
    items.push({
      kind: 'opaque', ruleId: 'shell.limits', span: { start: 0, end: line.length }, text: line.slice(0, 200), via: [], inherited: [],
      reason: 'the line is too large or too deeply nested to check completely',
    });
  }
  const active = activeState(context);
  const verdicts: CommandVerdict[] = [];
  // Commands run in order: `terraform workspace select prod && terraform apply` applies to prod.
  let state: LineState = { overrides: {}, ambientByCwd: new Map([[context.cwd, context.ambient ?? {}]]) };
  for (const item of items) {
    const judged = judgeItem(item, context, active, state);
    verdicts.push(...judged.verdicts);
    if (judged.setsAmbient) state = { ...state, overrides: { ...state.overrides, ...judged.setsAmbient } };
  }
  return summarise(line, verdicts, active, warnings);
}

function firstGuardedMention(line: string): string | undefined {
  for (const token of line.split(/[^A-Za-z0-9_.-]+/)) {
    if (token && guardedPrograms.has(token)) return token;
  }
  return undefined;
}

interface ActiveState {
  readonly name: string;
  readonly environment?: Environment;
  readonly protection: Protection | undefined;
  readonly readOnly: boolean;
}

function activeState(context: EvaluationContext): ActiveState {
  const { policy } = context;
  const name = context.active ?? policy.default;
  if (name === readOnlyEnvironment) return { name, protection: undefined, readOnly: true };
  const environment = name ? policy.byName.get(name) : undefined;
  if (environment) return { name: environment.name, environment, protection: environment.protection, readOnly: false };
  // No policy, or an active name the policy does not define: packs still classify, and any destroy asks.
  return { name: name ?? 'none', protection: policy.environments.length === 0 ? 'open' : 'guarded', readOnly: false };
}

interface LineState {
  /** What earlier commands on the line selected (a workspace, a context). */
  readonly overrides: Readonly<Record<string, string>>;
  /** Ambient facts per working directory, read once per line. */
  readonly ambientByCwd: Map<string, AmbientState>;
}

function ambientFor(cwd: string, context: EvaluationContext, state: LineState): AmbientState {
  let base = state.ambientByCwd.get(cwd);
  if (!base) {
    base = context.ambientAt?.(cwd) ?? context.ambient ?? {};
    state.ambientByCwd.set(cwd, base);
  }
  return Object.keys(state.overrides).length === 0 ? base : { ...base, ...state.overrides };
}

interface Judged {
  readonly verdicts: CommandVerdict[];
  /** State the command leaves for the commands after it on the line. */
  readonly setsAmbient?: Readonly<Record<string, string>>;
}

function judgeItem(item: Item, context: EvaluationContext, active: ActiveState, state: LineState): Judged {
  if (item.kind === 'opaque') {
    const finding: Finding = { ruleId: item.ruleId, effect: 'unknown', scope: 'infra', reason: item.reason };
    const inv = opaqueInvocation(item, context);
    return { verdicts: [verdictFor(finding, inv, item.text, context, active, state)] };
  }
  const cmd = item.command;
  const inv: Invocation = {
    program: programName(cmd.name.value),
    argv0: cmd.name.value,
    args: cmd.args.map((w) => w.value),
    words: cmd.args,
    env: cmd.env,
    assigned: cmd.assigned,
    cwd: cmd.cwd,
    stdin: cmd.stdin,
    span: cmd.span,
    via: cmd.via,
    inherited: cmd.inherited,
  };
  const findings = classify(inv, context.policy);
  const setsAmbient = findings.reduce<Record<string, string> | undefined>(
    (acc, f) => (f.setsAmbient ? { ...acc, ...f.setsAmbient } : acc), undefined);
  return {
    verdicts: findings.map((finding) => verdictFor(guardWrite(exposure(finding, inv, context.policy), inv, context.policy), inv, item.text, context, active, state)),
    setsAmbient,
  };
}

function opaqueInvocation(item: Extract<Item, { kind: 'opaque' }>, context: EvaluationContext): Invocation {
  return {
    program: '', argv0: '', args: [], words: [], env: context.env, assigned: {}, cwd: context.cwd,
    span: item.span, via: item.via, inherited: item.inherited,
  };
}

const scriptRunners: ReadonlySet<string> = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'source', '.', 'python', 'python3', 'node', 'ruby', 'perl', 'php', 'deno', 'bun', 'tsx', 'ts-node']);

/** Programs that print what they are given, or the whole environment. */
const printers: ReadonlySet<string> = new Set(['echo', 'printf', 'printenv', 'env', 'set', 'declare', 'typeset', 'export', 'tee', 'logger']);
/** Interpreters whose inline code can print the environment (`python -c 'print(os.environ)'`). */
const inlineCodeFlags: ReadonlySet<string> = new Set(['-c', '-e', '-E', '-p', '--eval', '--print', '-r']);
/** The whole environment as code reaches it, not one named variable of it. */
const wholeEnvironment: Readonly<Record<string, RegExp>> = {
  python: /\bos\.environ\b(?!\s*(?:\[|\.get\b|\.setdefault\b|\.pop\b))/,
  node: /\bprocess\.env\b(?!\s*(?:\.|\[|\?\.))|\bDeno\.env\.toObject\b/,
  ruby: /\bENV\b(?!\s*(?:\[|\.fetch\b))/,
  perl: /%ENV\b/,
  php: /\$_ENV\b(?!\s*\[)|\bgetenv\(\s*\)/,
};
const interpreterLanguage: Readonly<Record<string, string>> = {
  python: 'python', python3: 'python', node: 'node', nodejs: 'node', deno: 'node', bun: 'node', ruby: 'ruby', perl: 'perl', php: 'php',
};
const environBlock = /^\/proc\/[^/]*(?:\/task\/[^/]*)?\/environ$/;

/**
 * Whether the command prints the whole process environment: `env`, `printenv`, `export -p`, `set`,
 * `declare -x`, the raw block in /proc/…/environ, `ps e`, or an interpreter one-liner that prints
 * os.environ or process.env.
 */
function dumpsEnvironment(inv: Invocation): boolean {
  const { program, args } = inv;
  const onlyFlags = (allowed: RegExp) => args.every((a) => allowed.test(a));
  switch (program) {
    case 'env': return onlyFlags(/^(?:-0|--null|-i|--ignore-environment|-)$/) && !args.some((a) => a === '-i' || a === '--ignore-environment' || a === '-');
    case 'printenv': return onlyFlags(/^(?:-0|--null)$/);
    case 'export': return onlyFlags(/^-p$/);
    case 'set': return args.length === 0 || (args.length === 1 && args[0] === '--');
    case 'declare': case 'typeset': return onlyFlags(/^-[xpgr]+$/) && !args.some((a) => /^-[gr]+$/.test(a));
    case 'ps': return args.some((a) => /^[a-zA-Z]*e[a-zA-Z]*$/.test(a) && !a.startsWith('-'));
  }
  if (inv.words.some((w) => environBlock.test(w.value)) || (inv.stdin?.kind === 'file' && environBlock.test(inv.stdin.from ?? ''))) return true;
  const language = interpreterLanguage[program];
  return language !== undefined && inlineCode(inv).some((code) => wholeEnvironment[language].test(code));
}

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Whether inline code reaches a variable's value (`os.environ['X']`, `process.env.X`, `ENV['X']`)
 * other than to test that it is set (`os.environ.get('X') is not None`, `!!process.env.X`).
 */
function readsValue(code: string, name: string): boolean {
  const access = new RegExp(`(!!\\s*)?(?:os\\.environ(?:\\.get)?\\s*[[(]\\s*['"]${name}['"]\\s*[\\])]|os\\.getenv\\(\\s*['"]${name}['"]\\s*\\)|process\\.env(?:\\.${name}\\b|\\[\\s*['"]${name}['"]\\s*\\])|ENV(?:\\.fetch\\(|\\[)\\s*['"]${name}['"]\\s*[\\])]|\\$ENV\\{\\s*['"]?${name}['"]?\\s*\\})`, 'g');
  for (const m of code.matchAll(access)) {
    if (m[1]) continue;
    const after = code.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 16);
    if (!/^\s*(?:is\b|==|!=|\?|&&|\|\||\bin\b|>|<)/.test(after)) return true;
  }
  return false;
}

function inlineCode(inv: Invocation): string[] {
  const code: string[] = [];
  for (let i = 0; i < inv.args.length - 1; i++) if (inlineCodeFlags.has(inv.args[i])) code.push(inv.args[i + 1]);
  return code;
}

/**
 * A command that prints a credential hands it to whoever reads the output, an agent included:
 * `echo $RAILWAY_TOKEN`, `printenv RAILWAY_TOKEN`, `python -c 'print(os.environ["RAILWAY_TOKEN"])'`,
 * or a dump of the environment (`env`, `export -p`, /proc/self/environ) while a credential is in it.
 */
function exposure(finding: Finding, inv: Invocation, policy: Policy): Finding {
  if (finding.effect !== 'read' || finding.scope === 'secret') return finding;
  const printer = printers.has(inv.program);
  const interpreter = interpreterLanguage[inv.program] !== undefined;
  const dumped = dumpsEnvironment(inv);
  if (!printer && !interpreter && !dumped) return finding;
  const code = interpreter ? inlineCode(inv) : [];
  const exposed: string[] = [];
  for (const env of policy.environments) {
    for (const credential of env.credentials) {
      const named = printer && inv.words.some((w) => (w.raw.includes(credential.name) && credential.reference.test(w.raw)) || w.value === credential.name);
      const inCode = code.some((c) => c.includes(credential.name) && variableName.test(credential.name) && readsValue(c, credential.name));
      if (named || inCode || (dumped && inv.env[credential.name] !== undefined)) exposed.push(env.name);
    }
  }
  if (exposed.length === 0) return finding;
  return {
    ruleId: 'secrets.print-credential',
    effect: 'read',
    scope: 'secret',
    reason: dumped ? 'prints the process environment, which holds a credential of another environment, where an agent can read it'
      : 'prints a credential of another environment where an agent can read it',
    targets: [...(finding.targets ?? []), ...exposed.map((name) => ({ kind: 'environment', value: name, source: 'credential printed' }))],
  };
}

/**
 * Programs that write to, or create something at, the paths they are given, whatever their pack
 * says about the rest: a FIFO, a device node, a folder or a link where a file is expected is a
 * change to it too.
 */
const fileWriters: ReadonlySet<string> = new Set([
  redirectProgram, 'cp', 'mv', 'tee', 'install', 'ln', 'link', 'rsync', 'truncate', 'touch', 'chmod', 'chown', 'rm', 'unlink', 'dd',
  'shred', 'patch', 'git', 'mkfifo', 'mknod', 'mkdir', 'scp',
]);
const inPlaceEditors: ReadonlySet<string> = new Set(['sed', 'perl', 'ruby', 'awk', 'gawk', 'yq', 'jq', 'sponge']);

/**
 * Changing a guard from the shell (the policy, an agent's hook configuration, a managed ignore
 * file, the connection files under ~/.bulkhead) would switch the guard off for whoever did it, so it
 * always asks a human; agents are refused.
 */
function guardWrite(finding: Finding, inv: Invocation, policy: Policy): Finding {
  const writes = finding.effect === 'write' || finding.effect === 'destroy' || fileWriters.has(inv.program)
    || (inPlaceEditors.has(inv.program) && inv.args.some((a) => /^-[a-zA-Z]*i/.test(a) || a === '--in-place'));
  if (!writes || inv.program === '') return finding;
  for (const word of inv.words) {
    const value = word.value.startsWith('-') ? word.value.slice(word.value.indexOf('=') + 1) : word.value;
    if (!value || word.dynamic || value.includes('://') || !/[./]/.test(value)) continue;
    const guard = guardFileKind(policy, resolvePath(inv.cwd, value, inv.env.HOME), inv.env.HOME);
    if (!guard) continue;
    return {
      ruleId: 'guard.write',
      effect: finding.effect === 'read' ? 'write' : finding.effect,
      scope: 'local',
      reason: `changes ${guard}, which keeps Bulkhead's guard in place; only a human may do that`,
      atLeast: 'confirm',
    };
  }
  return finding;
}

const readableDevices = /^\/dev\/(null|zero|u?random|stdout|stderr|tty|fd\/\d+|pts\/\d+)$/;

function redirectFinding(destination: string): Finding {
  if (destination.startsWith('/dev/') && !readableDevices.test(destination)) {
    return { ruleId: 'shell.redirect-device', effect: 'destroy', scope: 'local', reason: `writes raw data over the device ${destination}` };
  }
  return { ruleId: 'shell.redirect', effect: 'write', scope: 'local', reason: `writes output to ${destination}, replacing or extending it` };
}

const localRead: Finding = { ruleId: 'local.other', effect: 'read', scope: 'local', reason: 'does not touch infrastructure' };

function classify(inv: Invocation, policy: Policy): Finding[] {
  if (inv.program === redirectProgram) return [redirectFinding(inv.args[0] ?? '')];
  const custom = matchCustomRule(inv, policy);
  if (custom) return [custom];
  const pack = packFor(inv.program);
  if (!pack) return [judgeByWords(inv, policy)];
  const result = pack.classify(inv);
  if (!result) return [localRead];
  return Array.isArray(result) ? (result.length > 0 ? [...result] : [localRead]) : [result as Finding];
}

/** Per policy: the programs its project rules can match, or undefined when some rule starts with a glob. */
const ruleHeads = new WeakMap<Policy, ReadonlySet<string> | undefined>();

function headsOf(policy: Policy): ReadonlySet<string> | undefined {
  if (ruleHeads.has(policy)) return ruleHeads.get(policy);
  const heads = new Set<string>();
  let open = false;
  for (const rule of policy.rules) {
    const first = rule.pattern.pattern.split(' ')[0];
    if (/[*?[{(!+@\\]/.test(first)) open = true;
    heads.add(first);
    heads.add(first.slice(first.lastIndexOf('/') + 1));
  }
  const result = open ? undefined : heads;
  ruleHeads.set(policy, result);
  return result;
}

function matchCustomRule(inv: Invocation, policy: Policy): Finding | undefined {
  if (policy.rules.length === 0) return undefined;
  const heads = headsOf(policy);
  // Most commands are no project rule's program: skip building the strings rules match against.
  if (heads && !heads.has(inv.program) && !heads.has(inv.argv0) && !(scriptRunners.has(inv.program) && inv.args[0] !== undefined
    && (heads.has(inv.args[0]) || heads.has(inv.args[0].slice(inv.args[0].lastIndexOf('/') + 1)) || heads.has(`./${inv.args[0]}`)))) {
    return undefined;
  }
  const args = inv.args.join(' ');
  const asWritten = args ? `${inv.argv0} ${args}` : inv.argv0;
  const byName = args ? `${inv.program} ${args}` : inv.program;
  // `bash ./scripts/deploy.sh --prod` runs the script the rule names.
  const script = scriptRunners.has(inv.program) && inv.args.length > 0 && !inv.args[0].startsWith('-') ? args : undefined;
  for (const rule of policy.rules) {
    if (!rule.pattern.test(asWritten) && !rule.pattern.test(byName) && !(script && (rule.pattern.test(script) || rule.pattern.test(`./${script}`)))) continue;
    return {
      ruleId: rule.id,
      effect: rule.effect,
      // A project rule that names no target acts somewhere Bulkhead cannot tell, unless it says `scope: local`.
      scope: rule.scope ?? 'infra',
      reason: rule.reason,
      targets: rule.target ? [{ kind: 'environment', value: rule.target, source: `project rule "${rule.pattern.pattern}"` }] : [],
    };
  }
  return undefined;
}

function verdictFor(finding: Finding, inv: Invocation, text: string, context: EvaluationContext, active: ActiveState, state: LineState): CommandVerdict {
  const resolution = resolveTargets(finding, inv, context.policy, ambientFor(inv.cwd, context, state), context.files);
  let { effect, scope, ruleId, reason } = finding;
  if (resolution.secretEnvironments.length > 0 && effect === 'read') {
    scope = 'secret';
    ruleId = 'secrets.read';
    reason = `reads a secret file of ${resolution.secretEnvironments.join(' and ')}`;
  } else if (resolution.unknownSecret && effect === 'read') {
    scope = 'secret';
    ruleId = 'secrets.read-unchecked';
    reason = `may read a secret file: ${resolution.unknownSecret}`;
  }
  // A command run inside a remote container or host acts on that remote, not on this machine.
  if (scope === 'local' && effect !== 'read' && inv.inherited.some((h) => remoteHintKinds.has(h.kind))) scope = 'infra';
  const targets = resolution.environments;
  const target = targets.length > 0 ? targets.join(',') : scope === 'infra' || scope === 'secret' ? 'unknown' : 'none';
  const relations: Relation[] = targets.length > 0
    ? targets.map((name) => relationTo(name, context.policy, active))
    : [{ kind: scope === 'local' ? 'none' : 'unknown' }];
  let decision: Decision | undefined;
  let deciding: Relation = relations[0];
  for (const relation of relations) {
    const d = decide({ effect, scope, relation, active: active.protection, readOnly: active.readOnly });
    if (decision === undefined || decisionRank[d] > decisionRank[decision]) {
      decision = d;
      deciding = relation;
    }
  }
  if (finding.atLeast && decisionRank[finding.atLeast] > decisionRank[decision ?? 'allow']) decision = finding.atLeast;
  return new Verdict(text, inv, ruleId, effect, scope, reason, targets, target, resolution.evidence, decision ?? 'allow', deciding, active,
    finding.inferred === true);
}

/**
 * A CommandVerdict whose sentence for humans is written when read: most verdicts are allowed
 * reads that nobody words. A class keeps the lazy field cheap (a prototype getter, one shape).
 */
class Verdict implements CommandVerdict {
  readonly program: string;
  readonly span: Span;
  readonly via: readonly string[];
  private whyText: string | undefined;

  constructor(
    readonly text: string,
    inv: Invocation,
    readonly ruleId: string,
    readonly effect: Effect,
    readonly scope: Scope,
    readonly reason: string,
    readonly targets: readonly string[],
    readonly target: string,
    readonly evidence: readonly string[],
    readonly decision: Decision,
    private readonly deciding: Relation,
    private readonly active: ActiveState,
    private readonly inferred: boolean,
  ) {
    this.program = inv.program;
    this.span = inv.span;
    this.via = inv.via;
  }

  get why(): string {
    this.whyText ??= explainCell(this.effect, this.scope, this.deciding, this.targets, this.active, this.inferred);
    return this.whyText;
  }

  toJSON(): object {
    return {
      text: this.text, program: this.program, span: this.span, via: this.via, ruleId: this.ruleId, effect: this.effect, scope: this.scope,
      reason: this.reason, targets: this.targets, target: this.target, evidence: this.evidence, decision: this.decision, why: this.why,
    };
  }
}

function relationTo(name: string, policy: Policy, active: ActiveState): Relation {
  if (!active.readOnly && name === active.name) return { kind: 'same' };
  return { kind: 'other', protection: policy.byName.get(name)?.protection ?? 'guarded' };
}

function explainCell(effect: Effect, scope: Scope, relation: Relation, targets: readonly string[], active: ActiveState, inferred: boolean): string {
  const activeText = active.readOnly ? 'Read-only (diagnose) mode is active' : `the active environment is ${active.name}`;
  const kind = effect === 'unknown' ? 'Bulkhead cannot see what it runs, so a human decides'
    : scope === 'secret' ? 'it reads a secret'
    : effect === 'destroy' ? 'the loss cannot be undone'
    : effect === 'write' ? 'it changes things' : 'it only reads';
  switch (relation.kind) {
    case 'same':
      return `It acts on ${targets[0]}, the active environment (${active.protection ?? 'critical'}); ${kind}.`;
    case 'other':
      return `It acts on ${targets.join(' and ')}, but ${activeText}.`;
    case 'unknown':
      return `Which environment it acts on cannot be told (${activeText}); ${kind}.`;
    case 'none':
      return inferred
        ? 'Bulkhead has no pack for it, and nothing on the line names a change or a protected target.'
        : `It acts on this machine only; ${kind}.`;
  }
}

function summarise(line: string, verdicts: CommandVerdict[], active: ActiveState, warnings: string[]): Evaluation {
  let top: CommandVerdict | undefined;
  for (const v of verdicts) if (!top || weight(v) > weight(top)) top = v;
  if (!top) {
    return {
      command: line, decision: 'allow', effect: 'read', scope: 'local', targets: [], target: 'none', rules: [],
      reason: line.trim() ? 'runs nothing that touches infrastructure' : 'the command is empty',
      span: { start: 0, end: line.length }, active: active.name, humanMessage: 'Nothing to check.', agentMessage: '',
      commands: [], warnings,
    };
  }
  const relevant = verdicts.filter((v) => v.decision !== 'allow' || v.effect !== 'read' || v.scope !== 'local');
  const rules = [...new Set((relevant.length > 0 ? relevant : [top]).map((v) => v.ruleId))];
  const targets = [...new Set(verdicts.filter((v) => v.decision === top.decision).flatMap((v) => v.targets))];
  return new LineEvaluation(line, top, top.targets.length > 0 ? top.targets : targets, rules, active, verdicts, warnings);
}

/** An Evaluation whose messages are written when read (a class, for the same reason as Verdict). */
class LineEvaluation implements Evaluation {
  readonly decision: Decision;
  readonly effect: Effect;
  readonly scope: Scope;
  readonly target: string;
  readonly span: Span;
  readonly active: string;

  constructor(
    readonly command: string,
    private readonly speaker: CommandVerdict,
    readonly targets: readonly string[],
    readonly rules: readonly string[],
    private readonly activeState: ActiveState,
    readonly commands: readonly CommandVerdict[],
    readonly warnings: readonly string[],
  ) {
    this.decision = speaker.decision;
    this.effect = speaker.effect;
    this.scope = speaker.scope;
    this.target = speaker.target;
    this.span = speaker.span;
    this.active = activeState.name;
  }

  get reason(): string {
    return `${this.speaker.program ? `${this.speaker.program}: ` : ''}${this.speaker.reason}. ${this.speaker.why}`;
  }

  get humanMessage(): string {
    return humanMessage(this.speaker);
  }

  get agentMessage(): string {
    return this.speaker.decision === 'allow' ? '' : agentMessage(this.speaker, this.activeState);
  }

  toJSON(): object {
    return {
      command: this.command, decision: this.decision, effect: this.effect, scope: this.scope, targets: this.targets, target: this.target,
      rules: this.rules, reason: this.reason, span: this.span, active: this.active, humanMessage: this.humanMessage,
      agentMessage: this.agentMessage, commands: this.commands, warnings: this.warnings,
    };
  }
}

/** Which sub-command speaks for the line: the strictest decision, then the worst effect, then the most specific target. */
function weight(v: CommandVerdict): number {
  // Saving a command's output to a file is incidental: a command that acts remotely or names a target
  // speaks for the line, unless the redirection itself is what stops it.
  // Between a plain local read (`echo …`, `cat <<EOF`) and its redirection, the write speaks.
  if (v.ruleId === 'shell.redirect' && v.decision === 'allow') return 0.5;
  return decisionRank[v.decision] * 100 + effectSeverity[v.effect] * 10 + (v.scope === 'local' ? 0 : 2) + (v.targets.length > 0 ? 1 : 0);
}

function humanMessage(v: CommandVerdict): string {
  const what = `${v.program ? `${v.program} ` : ''}${v.reason}`;
  const where = v.target === 'none' ? '' : v.target === 'unknown' ? ' (environment unknown)' : ` (${v.targets.join(', ')})`;
  const verb = v.decision === 'allow' ? 'Allowed' : v.decision === 'confirm' ? 'Needs confirmation' : 'Blocked';
  return `${verb}: ${what}${where}. ${v.why}`;
}

function agentMessage(v: CommandVerdict, active: ActiveState): string {
  const stopped = v.decision === 'block' ? 'Bulkhead blocked this command' : 'Bulkhead needs a human to confirm this command';
  const switchHint = v.targets.length > 0 && !v.targets.includes(active.name)
    ? ` Only the user can switch the active environment to ${v.targets[0]} in Bulkhead.`
    : '';
  return `${stopped}: ${v.reason} (rule ${v.ruleId}). ${v.why}${switchHint} Do not retry this another way: no other command, credential, script or API call. ` +
    'Stop and ask the user how to proceed.';
}

