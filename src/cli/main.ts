import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { resolve } from 'node:path';
import type { Evaluation } from '../core/engine';
import { builtinPolicy, type Diagnostic, type Policy, readOnlyEnvironment } from '../core/policy/load';
import { Evaluator } from '../node/evaluator';
import { findPolicyFile, policyInForce } from '../node/policyFile';
import { runAuditCommand } from './audit';
import { runDoctorCommand } from './doctor';
import { hookUsage, runHookCommand } from './hook';
import { initUsage, runInitCommand } from './init';
import { quoteArgv } from './quote';
import { runScanCommand, scanUsage } from './scan';

/** Exit codes are a contract: scripts and hooks branch on them. */
export const exitCodes = { allow: 0, confirm: 1, block: 2, usage: 3 } as const;

const usage = `Usage:
  bulkhead check [--policy FILE] [--env NAME] [--cwd DIR] [--json] -- <command line>
  bulkhead check --jsonl [--policy FILE] [--env NAME]      (JSON lines {"cmd","cwd"?,"env"?} on stdin)
  bulkhead explain [--policy FILE] [--env NAME] [--cwd DIR] -- <command line>
  bulkhead audit verify FILE                                (exit 0 intact, 1 altered or missing entries, 2 usage)
${hookUsage}
${scanUsage}
${initUsage}
  bulkhead doctor [--cwd DIR] [--canary "<command line>"] [--json]   (sends a production canary through each installed agent hook)
  bulkhead --version

Exit codes for check: 0 allow, 1 confirm, 2 block, 3 usage or policy error.
--env defaults to the policy's \`default\`; "${readOnlyEnvironment}" selects the diagnose mode.`;

class UsageError extends Error {}

interface Options {
  policy?: string;
  env?: string;
  cwd: string;
  json: boolean;
  jsonl: boolean;
  command?: string;
}

function parseOptions(args: string[]): Options {
  const options: Options = { cwd: process.cwd(), json: false, jsonl: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--') {
      const rest = args.slice(i + 1);
      // One argument is a whole command line; several are an argv to quote back into one.
      options.command = rest.length === 1 ? rest[0] : quoteArgv(rest);
      return options;
    }
    if (arg === '--policy') options.policy = value();
    else if (arg.startsWith('--policy=')) options.policy = arg.slice(9);
    else if (arg === '--env') options.env = value();
    else if (arg.startsWith('--env=')) options.env = arg.slice(6);
    else if (arg === '--cwd') options.cwd = resolve(value());
    else if (arg.startsWith('--cwd=')) options.cwd = resolve(arg.slice(6));
    else if (arg === '--json') options.json = true;
    else if (arg === '--jsonl') options.jsonl = true;
    else throw new UsageError(`unknown option ${arg}`);
  }
  return options;
}

interface LoadedPolicy {
  policy: Policy;
  diagnostics: readonly Diagnostic[];
}

function loadPolicyFor(options: Options): LoadedPolicy {
  const file = options.policy ? resolve(options.policy) : findPolicyFile(options.cwd);
  if (!file) return { policy: builtinPolicy(options.cwd), diagnostics: [] };
  // The shims' fallback checks here: a loosening no human accepted does not apply here either.
  const result = policyInForce(file);
  if (!result.policy) {
    throw new PolicyError(result.diagnostics);
  }
  return { policy: result.policy, diagnostics: result.diagnostics };
}

class PolicyError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super('the policy has errors');
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

function checkActive(policy: Policy, active: string | undefined): void {
  if (active === undefined || active === readOnlyEnvironment || policy.byName.has(active)) return;
  const names = [...policy.byName.keys(), readOnlyEnvironment];
  throw new UsageError(`--env ${active} is not an environment of the policy (${names.join(', ')})`);
}

async function check(options: Options): Promise<number> {
  if (options.jsonl) return checkLines(options);
  if (options.command === undefined) throw new UsageError('check needs a command line after --');
  const { policy, diagnostics } = loadPolicyFor(options);
  checkActive(policy, options.env);
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  const evaluator = await Evaluator.create();
  const result = evaluator.evaluate(options.command, { policy, active: options.env, cwd: options.cwd, env: process.env });
  process.stdout.write(options.json ? `${JSON.stringify(toJson(result, policy))}\n` : formatHuman(result, policy));
  return exitCodes[result.decision];
}

/** Batch mode: one result line per input line, in order; a bad line gets an error object, never a crash. */
async function checkLines(options: Options): Promise<number> {
  const { policy } = loadPolicyFor(options);
  checkActive(policy, options.env);
  const evaluator = await Evaluator.create();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let answer: object;
    try {
      answer = evaluateJsonLine(evaluator, line, policy, options);
    } catch (error) {
      // The batch answers every line: one that fails is not allowed, and the next is still read.
      const message = error instanceof Error ? error.message : String(error);
      answer = { decision: 'confirm', reason: `Bulkhead failed while checking the line: ${message}`, error: message };
    }
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
  return 0;
}

function evaluateJsonLine(evaluator: Evaluator, line: string, policy: Policy, options: Options): object {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (error) {
    return { error: `not JSON: ${(error as Error).message}` };
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { error: 'each line must be a JSON object {"cmd", "cwd"?, "env"?}' };
  const { cmd, cwd, env } = input as { cmd?: unknown; cwd?: unknown; env?: unknown };
  if (typeof cmd !== 'string') return { error: '"cmd" must be a string' };
  if (cwd !== undefined && typeof cwd !== 'string') return { error: '"cwd" must be a string' };
  if (env !== undefined && (typeof env !== 'object' || env === null || Array.isArray(env) || Object.values(env).some((v) => typeof v !== 'string'))) {
    return { error: '"env" must be an object of string values' };
  }
  const result = evaluator.evaluate(cmd, {
    policy,
    active: options.env,
    cwd: cwd ? resolve(options.cwd, cwd) : options.cwd,
    env: (env as Record<string, string> | undefined) ?? process.env,
  });
  return toJson(result, policy);
}

function toJson(result: Evaluation, policy: Policy): object {
  return {
    decision: result.decision,
    effect: result.effect,
    scope: result.scope,
    targets: result.targets,
    target: result.target,
    rules: result.rules,
    reason: result.reason,
    active: result.active,
    span: result.span,
    agentMessage: result.agentMessage || undefined,
    policy: policy.file || null,
    commands: result.commands.map((c) => ({
      text: c.text, program: c.program, via: c.via, rule: c.ruleId, effect: c.effect, scope: c.scope,
      targets: c.targets, target: c.target, evidence: c.evidence, decision: c.decision, why: c.why,
    })),
    warnings: result.warnings.length > 0 ? result.warnings : undefined,
  };
}

function formatHuman(result: Evaluation, policy: Policy): string {
  const lines = [
    `${result.decision.toUpperCase()}: ${result.humanMessage}`,
    `  effect  ${result.effect} (${result.scope})`,
    `  target  ${result.target}   active: ${result.active}`,
    `  rules   ${result.rules.join(', ') || '-'}`,
  ];
  if (result.span.end > result.span.start && result.commands.length > 1) {
    lines.push(`  span    ${result.command.slice(result.span.start, result.span.end)}`);
  }
  if (!policy.file) lines.push('  policy  none found (.bulkhead.yaml): built-in rules only');
  for (const w of result.warnings) lines.push(`  warning ${w}`);
  if (result.decision !== 'allow') lines.push('', result.agentMessage);
  return `${lines.join('\n')}\n`;
}

async function explain(options: Options): Promise<number> {
  if (options.command === undefined) throw new UsageError('explain needs a command line after --');
  const { policy } = loadPolicyFor(options);
  checkActive(policy, options.env);
  const evaluator = await Evaluator.create();
  const tree = evaluator.parser?.parse(options.command);
  const out: string[] = ['Parse:', `  ${tree?.rootNode.toString() ?? '(no tree)'}`];
  tree?.delete();
  const result = evaluator.evaluate(options.command, { policy, active: options.env, cwd: options.cwd, env: process.env });
  out.push('', `Commands (active environment: ${result.active}; policy: ${policy.file || 'none'}):`);
  result.commands.forEach((c, i) => {
    out.push(`  ${i + 1}. ${c.text}`);
    if (c.via.length > 0) out.push(`     via      ${c.via.join(' → ')}`);
    out.push(`     program  ${c.program || '(opaque)'}`);
    out.push(`     rule     ${c.ruleId}: ${c.reason}`);
    out.push(`     effect   ${c.effect} (${c.scope})`);
    out.push(`     target   ${c.target}${c.evidence.length > 0 ? `  ← ${c.evidence.join('; ')}` : ''}`);
    out.push(`     decision ${c.decision}: ${c.why}`);
  });
  for (const w of result.warnings) out.push(`warning: ${w}`);
  out.push('', `Decision: ${result.decision} (${result.rules.join(', ') || 'no rule'})`);
  process.stdout.write(`${out.join('\n')}\n`);
  return exitCodes[result.decision];
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(parseOptions(rest));
      case 'explain':
        return await explain(parseOptions(rest));
      case 'hook':
        return await runHookCommand(rest);
      case 'doctor':
        return await runDoctorCommand(rest);
      case 'audit':
        return await runAuditCommand(rest);
      case 'scan':
        return await runScanCommand(rest);
      case 'init':
        return runInitCommand(rest);
      case '--version':
      case 'version':
        process.stdout.write(`${version()}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${usage}\n`);
        return 0;
      default:
        throw new UsageError(command ? `unknown command ${command}` : 'no command given');
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`bulkhead: ${error.message}\n\n${usage}\n`);
      return exitCodes.usage;
    }
    if (error instanceof PolicyError) {
      for (const d of error.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      process.stderr.write('bulkhead: the policy has errors; nothing was evaluated\n');
      return exitCodes.usage;
    }
    process.stderr.write(`bulkhead: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.usage;
  }
}

function version(): string {
  return typeof BULKHEAD_VERSION === 'string' ? BULKHEAD_VERSION : 'development';
}

declare const BULKHEAD_VERSION: string | undefined;

/** Runs the command line of this process (dist/cli.js starts it with its code cache). */
export function start(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`bulkhead: ${String(error)}\n`);
      process.exitCode = exitCodes.usage;
    },
  );
}

if (require.main === module) {
  // Started directly rather than by dist/cli.js: see src/cli/start.ts for why.
  setFlagsFromString('--liftoff-only');
  start();
}
