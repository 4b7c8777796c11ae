import { type ActiveState, activeState } from './activeEnvironment';
import type { CommandVerdict, Evaluation } from './evaluation';
import { credentialExposure, fileCredentialExposure, printedFiles } from './credentialExposure';
import { guardWrite } from './guardWrites';
import type { AmbientState, Finding, Invocation } from './model';
import { guardedPrograms, packFor } from './packs/registry';
import type { Policy } from './policy/load';
import { matchProjectRule } from './projectRules';
import { redirectFinding } from './redirections';
import { extractLine, type Item, limits, redirectProgram } from './shell/extract';
import { programName } from './shell/unwrap';
import type { ShellParser } from './shell/syntax';
import { summarise } from './summary';
import { verdictFor } from './verdict';
import { judgeByWords, stageAssignments } from './words/judge';
import type { FileSystemView } from './secretReads';
import type { ReadFile } from './tasks/files';
import { resolvePath } from './paths';
import { type CredentialLookup, type KnownCredential, maxCandidates, pastedCredentials, pastedSentence } from './credentials/known';

export type { CommandVerdict, Evaluation } from './evaluation';

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
  /**
   * Workspace files read on the core's behalf (bounded), so task runners and scripts are judged by
   * what they run: package.json, Makefile, justfile, Taskfile.yml, composer.json, `./scripts/x.sh`.
   */
  readonly readFile?: ReadFile;
  /**
   * The disk as the Node side lets the core see it (bounded): globs are expanded, folders read
   * recursively are walked, markers and links are followed. Without it, named files and a static
   * comparison of globs with the policy's secret patterns decide what is a secret read.
   */
  readonly files?: FileSystemView;
  /**
   * The environments' credentials, known by keyed fingerprint: a command that carries one of them
   * literally (pasted, or decoded on the line) acts where that credential has power.
   */
  readonly credentials?: CredentialLookup;
}

export interface Engine {
  evaluate(line: string, context: EvaluationContext): Evaluation;
}

const maxLineLength = 256 * 1024;

/** A file as the command will find it: what the line wrote there, else what the workspace holds. */
function fileText(path: string, cwd: string, home: string | undefined, written: ReadonlyMap<string, string | undefined> | undefined, read: ReadFile | undefined): string | undefined {
  const absolute = resolvePath(cwd, path, home);
  if (written?.has(absolute)) return written.get(absolute);
  const file = read?.(absolute);
  return file && 'text' in file ? file.text : undefined;
}

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
    const active = activeState(context.policy, context.active);
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
  const files = context.files;
  const listFolder = files ? (dir: string) => {
    const listing = files.list(dir);
    return typeof listing === 'string' ? undefined : listing.filter((e) => !e.symlink).map((e) => ({ name: e.name, directory: e.directory }));
  } : undefined;
  const walk = extractLine(line, { parser, env: context.env, cwd: context.cwd, readFile: context.readFile, listFolder });
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
  const active = activeState(context.policy, context.active);
  const verdicts: CommandVerdict[] = [];
  // Commands run in order: `terraform workspace select prod && terraform apply` applies to prod.
  let state: LineState = { overrides: {}, ambientByCwd: new Map([[context.cwd, context.ambient ?? {}]]), credentialMemo: new Map() };
  for (const item of items) {
    const judged = judgeItem(item, context, active, state);
    verdicts.push(...judged.verdicts);
    if (judged.setsAmbient) state = { ...state, overrides: { ...state.overrides, ...judged.setsAmbient } };
  }
  if (state.credentialMemo && state.credentialMemo.size >= maxCandidates) {
    warnings.push(`the line has more than ${maxCandidates} words; only the first were compared with the environments' credentials`);
  }
  return summarise(line, verdicts, active, warnings);
}

/** The machine's state as the variables a pack's program reads, where the command's environment sets none. */
function withAmbientVariables(env: Readonly<Record<string, string>>, variables: Readonly<Record<string, string>> | undefined, ambient: () => AmbientState): Readonly<Record<string, string>> {
  if (!variables) return env;
  let out: Record<string, string> | undefined;
  for (const [name, kind] of Object.entries(variables)) {
    if (Object.hasOwn(env, name)) continue;
    const value = ambient()[kind];
    if (value) (out ??= { ...env })[name] = value;
  }
  return out ?? env;
}

function firstGuardedMention(line: string): string | undefined {
  for (const token of line.split(/[^A-Za-z0-9_.-]+/)) {
    if (token && guardedPrograms.has(token)) return token;
  }
  return undefined;
}

interface LineState {
  /** What earlier commands on the line selected (a workspace, a context). */
  readonly overrides: Readonly<Record<string, string>>;
  /** Ambient facts per working directory, read once per line. */
  readonly ambientByCwd: Map<string, AmbientState>;
  /** Credential lookups already made on this line, so a word repeated in several commands is hashed once. */
  readonly credentialMemo?: Map<string, KnownCredential | undefined>;
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
    const finding = withPastedCredentials({ ruleId: item.ruleId, effect: 'unknown', scope: 'infra', reason: item.reason },
      credentialsIn([item.text], context, state));
    const inv = opaqueInvocation(item, context);
    return { verdicts: [verdictFor(finding, inv, item.text, context.policy, ambientFor(inv.cwd, context, state), active, context.files)] };
  }
  const cmd = item.command;
  const program = programName(cmd.name.value);
  const inv: Invocation = {
    program,
    argv0: cmd.name.value,
    args: cmd.args.map((w) => w.value),
    words: cmd.args,
    env: withAmbientVariables(cmd.env, packFor(program)?.ambientVariables, () => ambientFor(cmd.cwd, context, state)),
    assigned: cmd.assigned,
    cwd: cmd.cwd,
    stdin: cmd.stdin,
    span: cmd.span,
    via: cmd.via,
    inherited: cmd.inherited,
    task: cmd.task,
    code: cmd.code,
    fileText: (path) => fileText(path, cmd.cwd, cmd.env.HOME, cmd.written, context.readFile),
  };
  const pasted = context.credentials ? credentialsIn([...inv.args, ...Object.values(inv.assigned), inv.stdin?.text ?? ''], context, state) : [];
  const held = context.credentials ? credentialsInFiles(inv, context, state) : [];
  const findings = classify(inv, context.policy).map((f) => fileCredentialExposure(withPastedCredentials(f, pasted), held));
  const setsAmbient = findings.reduce<Record<string, string> | undefined>(
    (acc, f) => (f.setsAmbient ? { ...acc, ...f.setsAmbient } : acc), undefined);
  return {
    verdicts: findings.map((finding) => verdictFor(guardWrite(credentialExposure(finding, inv, context.policy), inv, context.policy), inv, item.text, context.policy,
      ambientFor(inv.cwd, context, state), active, context.files)),
    setsAmbient,
  };
}

/** The environments' credentials among a command's words, variables set on the line and input text. */
function credentialsIn(texts: readonly string[], context: EvaluationContext, state: LineState): KnownCredential[] {
  const lookup = context.credentials;
  if (!lookup) return [];
  const memo = state.credentialMemo ?? new Map<string, KnownCredential | undefined>();
  const memoised = (value: string): KnownCredential | undefined => {
    if (memo.has(value)) return memo.get(value);
    if (memo.size >= maxCandidates) return undefined;
    const known = lookup(value);
    memo.set(value, known);
    return known;
  };
  return texts.flatMap((text) => (text ? pastedCredentials(text, memoised).found : []));
}

/** The environments whose credentials the files a printer is given hold, read within the reader's bounds. */
function credentialsInFiles(inv: Invocation, context: EvaluationContext, state: LineState): { environment: string; file: string }[] {
  const read = context.readFile;
  if (!read) return [];
  const out: { environment: string; file: string }[] = [];
  for (const { name, path } of printedFiles(inv, (p) => resolvePath(inv.cwd, p, inv.env.HOME))) {
    const file = read(path);
    if (!('text' in file)) continue;
    for (const known of credentialsIn([file.text], context, state)) {
      if (!out.some((o) => o.environment === known.environment)) out.push({ environment: known.environment, file: name });
    }
  }
  return out;
}

/**
 * A command that carries an environment's credential acts with that environment's power, whatever
 * else it names: the credential is a target, and the reason says whose it is. Local work that
 * only handles the text (`echo`, a file write) stays local.
 */
function withPastedCredentials(finding: Finding, pasted: readonly KnownCredential[]): Finding {
  if (pasted.length === 0 || (finding.scope === 'local' && finding.effect !== 'unknown')) return finding;
  const byEnvironment = new Map<string, KnownCredential>();
  for (const p of pasted) if (!byEnvironment.has(p.environment)) byEnvironment.set(p.environment, p);
  const sentences = [...byEnvironment.values()].map(pastedSentence);
  return {
    ...finding,
    reason: `${finding.reason}; ${sentences.join('; ')}`,
    targets: [...(finding.targets ?? []), ...[...byEnvironment.values()].map((p) => ({ kind: 'environment', value: p.environment, source: pastedSentence(p) }))],
  };
}

function opaqueInvocation(item: Extract<Item, { kind: 'opaque' }>, context: EvaluationContext): Invocation {
  return {
    program: '', argv0: '', args: [], words: [], env: context.env, assigned: {}, cwd: context.cwd,
    span: item.span, via: item.via, inherited: item.inherited,
  };
}

function classify(inv: Invocation, policy: Policy): Finding[] {
  if (inv.program === redirectProgram) return [redirectFinding(inv.args[0] ?? '')];
  const custom = matchProjectRule(inv, policy);
  if (custom) return [custom];
  if (inv.task?.read) {
    return [{ ruleId: 'tasks.body', effect: 'read', scope: 'local', reason: `runs what its ${inv.task.note} says; each command of it is judged on its own` }];
  }
  const pack = packFor(inv.program);
  if (!pack) return [judgeByWords(inv, policy)];
  // A pack with nothing to say about this use of its program hands it to the words, like a program it does not know.
  const result = pack.classify(inv);
  if (!result || (Array.isArray(result) && result.length === 0)) return [judgeByWords(inv, policy)];
  const findings = Array.isArray(result) ? [...result] : [result as Finding];
  // A change that hands on a variable naming an environment (`gh workflow run … -f environment=production`) acts there too.
  const handedOn = findings.some((f) => f.scope === 'infra' && (f.effect === 'write' || f.effect === 'destroy')) ? stageAssignments(inv.args) : [];
  if (handedOn.length === 0) return findings;
  return findings.map((f) => (f.scope === 'infra' && (f.effect === 'write' || f.effect === 'destroy') ? { ...f, targets: [...(f.targets ?? []), ...handedOn] } : f));
}

