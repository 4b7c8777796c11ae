import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { builtinPolicy, type Policy } from '../core/policy/load';
import { readAgentHooks, workspaceFiles } from '../node/agentConfig';
import { Evaluator } from '../node/evaluator';
import { minimumMarginSeconds } from '../node/hooks/agents/checks';
import { agentIds, agentModules } from '../node/hooks/agents/registry';
import type { FoundHook, InstallOptions } from '../node/hooks/agents/types';
import { type Dialect, dialectNames } from '../node/hooks/payload';
import { pickConfirmCanary, probe, type ProbeReading } from '../node/hooks/probe';
import { findPolicyFile, readPolicyFile } from '../node/policyFile';
import { settingSpecs } from '../node/settings';

/**
 * `bulkhead doctor`: for each agent hook configuration in the workspace, runs its exact
 * configured command the way that agent would (shell, working directory, stdin payload) with a
 * canary that targets production, and reports whether the answer really stops it. A guard that is
 * installed but not enforcing is the failure users fear most, so this trusts no configuration,
 * only what the command answers. The canary is never executed: only hooks see it.
 */

export type LayerResult = 'stops' | 'asks' | 'lets-through';

export interface LayerReport {
  readonly agent: string;
  readonly file: string;
  readonly event: string;
  readonly command: string;
  readonly result: LayerResult;
  readonly detail: string;
  readonly warnings: readonly string[];
}

interface Layer {
  readonly agent: string;
  readonly dialect: Dialect;
  readonly file: string;
  readonly event: string;
  readonly command: string;
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly timeoutSec: number;
  /** Whether the agent blocks the call when the command crashes or exits oddly, and when it times out. */
  readonly closedOnCrash: boolean;
  readonly closedOnTimeout: boolean;
  readonly warnings: string[];
  /** The folder the agent's payload names. */
  readonly workspace: string;
}

class DoctorUsageError extends Error {}

interface DoctorOptions {
  cwd: string;
  canary?: string;
  json: boolean;
}

function parseDoctorOptions(args: readonly string[]): DoctorOptions {
  const options: DoctorOptions = { cwd: process.cwd(), json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new DoctorUsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--cwd') options.cwd = resolve(value());
    else if (arg === '--canary') options.canary = value();
    else if (arg === '--json') options.json = true;
    else throw new DoctorUsageError(`unknown option ${arg}`);
  }
  return options;
}

/** The confirmation timeout doctor measures hook timeouts against: the setting's default, as it cannot read the editor's. */
const confirmationSeconds = settingSpecs.confirmationTimeoutSeconds.default;

/**
 * Every hook the agents run in the workspace, Bulkhead's or not, read by the installer's own
 * reader (the same files, lists and commands), and where, how long and how each agent runs it.
 */
export function findLayers(root: string, home = homedir()): { layers: Layer[]; notes: string[] } {
  const options: InstallOptions = {
    command: { runtime: { path: process.execPath, args: [], electron: false }, cli: process.argv[1] ?? '', args: ['hook'] },
    confirmationTimeoutSeconds: confirmationSeconds,
    platform: process.platform,
  };
  const files = workspaceFiles(root);
  const layers: Layer[] = [];
  const notes: string[] = [];
  for (const agent of agentIds) {
    const reading = readAgentHooks(agent, files, options);
    const installedFailsOpen = !agentModules[agent].failure.closedOnCrash || !agentModules[agent].failure.closedOnTimeout;
    notes.push(...reading.notes.map((n) => `${join(root, n.file)}${n.text}`));
    for (const hook of reading.hooks) {
      const name = hook.agent ?? dialectNames[hook.dialect];
      const cwd = hook.cwd === 'workspace' ? root : hook.cwd === 'home' ? home : resolve(root, hook.cwd.relative);
      layers.push({
        agent: name, dialect: hook.dialect, file: join(root, hook.file), event: hook.event, command: hook.command, cwd,
        env: { ...hook.env, ...(hook.projectDir ? { [hook.projectDir]: root } : {}) },
        timeoutSec: hook.timeoutSeconds, closedOnCrash: hook.closedOnCrash, closedOnTimeout: hook.closedOnTimeout,
        // Bulkhead's own entries say where they were weakened; the agent's failing open is said where no setting helps.
        warnings: [
          ...(hook.ours && !installedFailsOpen ? [] : failureWarnings(dialectNames[hook.dialect], hook)),
          ...hook.problems,
          ...(hook.ours ? [] : timeoutWarnings(dialectNames[hook.dialect], hook.timeoutSeconds)),
        ],
        workspace: typeof hook.cwd === 'object' ? cwd : root,
      });
    }
  }
  return { layers, notes };
}

function failureWarnings(agent: string, hook: FoundHook): string[] {
  if (hook.closedOnCrash && hook.closedOnTimeout) return [];
  const when = hook.closedOnCrash ? 'times out' : hook.closedOnTimeout ? 'crashes' : 'crashes or times out';
  return [`${agent} runs the call when this hook ${when}`];
}

function timeoutWarnings(agent: string, seconds: number): string[] {
  return seconds < confirmationSeconds + minimumMarginSeconds ? [`${agent} gives it ${seconds} s, less than a ${confirmationSeconds} s confirmation needs: a slow answer is cut off`] : [];
}

/**
 * What the agent does with a probe's reading: a failed hook (crash, odd exit, timeout) stops the
 * call only where the agent blocks failing hooks, and only Cursor's failClosed covers a timeout.
 */
export function layerResult(reading: ProbeReading, timedOut: boolean, failure: { readonly closedOnCrash: boolean; readonly closedOnTimeout: boolean }): { result: LayerResult; detail: string } {
  switch (reading.verdict) {
    case 'deny':
      return { result: 'stops', detail: reading.detail };
    case 'ask':
      return { result: 'asks', detail: reading.detail };
    case 'allow':
      return { result: 'lets-through', detail: reading.detail };
    case 'error':
      if (timedOut) {
        return failure.closedOnTimeout
          ? { result: 'stops', detail: 'timed out; the agent blocks it, but without telling the agent why' }
          : { result: 'lets-through', detail: 'timed out: the agent goes ahead' };
      }
      return failure.closedOnCrash
        ? { result: 'stops', detail: `${reading.detail}; the agent blocks failing hooks, but without Bulkhead's reason` }
        : { result: 'lets-through', detail: `${reading.detail}: a non-blocking error, the agent goes ahead` };
  }
}

async function probeLayer(layer: Layer, canary: string): Promise<{ result: LayerResult; detail: string }> {
  const reading = await probe(layer.command, layer.dialect, canary, {
    cwd: existsSync(layer.cwd) ? layer.cwd : process.cwd(), workspace: layer.workspace,
    env: { ...process.env, ...layer.env }, timeoutMs: Math.min(layer.timeoutSec, 60) * 1000,
  });
  return layerResult(reading, reading.run.timedOut, layer);
}

/** Literal values (no glob) of a target kind, to write a canary that names them. */
function literals(policy: Policy, envName: string, kind: string): string[] {
  const env = policy.byName.get(envName);
  return (env?.targets.get(kind) ?? []).map((m) => m.pattern).filter((p) => !/[*?[\]{}!]/.test(p));
}

/** A production-targeting command the policy stops when the default environment is active. */
export async function buildCanary(policy: Policy, root: string): Promise<string | undefined> {
  const evaluator = await Evaluator.create();
  const ordered = [...policy.environments].sort((a, b) => (a.protection === 'critical' ? -1 : 0) - (b.protection === 'critical' ? -1 : 0))
    .filter((e) => e.name !== policy.default && e.protection !== 'open');
  const candidates: string[] = [];
  for (const env of ordered) {
    for (const v of literals(policy, env.name, 'kube-context')) candidates.push(`kubectl --context ${v} delete namespace bulkhead-canary`);
    for (const v of literals(policy, env.name, 'aws-profile')) candidates.push(`aws --profile ${v} s3 rb s3://bulkhead-canary --force`);
    for (const v of literals(policy, env.name, 'terraform-workspace')) candidates.push(`TF_WORKSPACE=${v} terraform destroy -auto-approve`);
    for (const v of literals(policy, env.name, 'gcp-project')) candidates.push(`gcloud projects delete ${v} --quiet`);
    for (const v of literals(policy, env.name, 'database')) candidates.push(`psql -d ${v} -c 'DROP TABLE bulkhead_canary'`);
    for (const secret of env.secrets.map((m) => m.pattern).filter((p) => !/[*?[\]{}!]/.test(p))) candidates.push(`cat ${secret}`);
  }
  candidates.push('kubectl --context production delete namespace bulkhead-canary');
  for (const line of candidates) {
    const evaluation = evaluator.evaluate(line, { policy, cwd: root, env: { HOME: homedir(), PATH: process.env.PATH ?? '' } });
    if (evaluation.decision === 'block') return line;
  }
  return undefined;
}

export async function runDoctorCommand(args: string[]): Promise<number> {
  let options: DoctorOptions;
  try {
    options = parseDoctorOptions(args);
  } catch (error) {
    process.stderr.write(`bulkhead doctor: ${(error as Error).message}\n  bulkhead doctor [--cwd DIR] [--canary "<command line>"] [--json]\n`);
    return 3;
  }
  const policyFile = findPolicyFile(options.cwd);
  let policy = builtinPolicy(options.cwd);
  if (policyFile) {
    const loaded = readPolicyFile(policyFile);
    if (!loaded.policy) {
      process.stderr.write(`bulkhead doctor: ${policyFile} has errors; fix them first (bulkhead check reports them)\n`);
      return 3;
    }
    policy = loaded.policy;
  }
  const root = policyFile ? dirname(policyFile) : options.cwd;
  const canary = options.canary ?? await buildCanary(policy, root);
  if (!canary) {
    process.stderr.write('bulkhead doctor: no command in the policy is stopped under the default environment to use as a canary; pass --canary "<command>"\n');
    return 3;
  }
  const { layers, notes } = findLayers(root);
  const evaluator = await Evaluator.create();
  const confirmCanary = pickConfirmCanary((line) => evaluator.evaluate(line, { policy, cwd: root, env: { HOME: homedir(), PATH: process.env.PATH ?? '' } }).decision);
  const reports: LayerReport[] = [];
  for (const layer of layers) {
    let { result, detail } = await probeLayer(layer, canary);
    if (confirmCanary && result !== 'lets-through') {
      // A layer that stops the production canary but would let its agent run a confirmation unasked is not enforcing.
      const confirm = await probeLayer(layer, confirmCanary);
      if (confirm.result === 'lets-through') ({ result, detail } = { result: 'lets-through', detail: `${detail}; but the confirm canary (${confirmCanary}): ${confirm.detail}` });
    }
    reports.push({ agent: layer.agent, file: layer.file, event: layer.event, command: layer.command, result, detail, warnings: layer.warnings });
  }
  const agents = [...new Set(reports.map((r) => r.agent))];
  const unguarded = agents.filter((a) => !reports.some((r) => r.agent === a && r.result !== 'lets-through'));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ canary, confirmCanary: confirmCanary ?? null, policy: policyFile ?? null, layers: reports, notes, unguarded })}\n`);
  } else {
    const lines = [`Canary (never executed): ${canary}`, ...(confirmCanary ? [`Confirm canary (never executed): ${confirmCanary}`] : []), `Policy: ${policyFile ?? 'none (built-in rules only)'}`, ''];
    if (reports.length === 0) lines.push('No agent hook configuration found in this workspace: no agent is stopped by Bulkhead. Run "Bulkhead: Install Agent Hooks".');
    for (const r of reports) {
      const mark = r.result === 'stops' ? 'STOPS       ' : r.result === 'asks' ? 'ASKS        ' : 'LETS THROUGH';
      lines.push(`${mark} ${r.agent}  ${r.event}  ${r.file}`, `             command: ${r.command}`, `             ${r.detail}`);
      for (const w of r.warnings) lines.push(`             warning: ${w}`);
    }
    for (const n of notes) lines.push(`note: ${n}`);
    for (const a of unguarded) lines.push(`NOT ENFORCING: no layer of ${a} stops the canary.`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return reports.length > 0 && unguarded.length === 0 ? 0 : 1;
}
