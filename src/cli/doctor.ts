import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { builtinPolicy, type Policy } from '../core/policy/load';
import { readBoundedText } from '../node/boundedRead';
import { Evaluator } from '../node/evaluator';
import type { Dialect } from '../node/hooks/payload';
import { pickConfirmCanary, probe, type ProbeReading } from '../node/hooks/probe';
import { findPolicyFile, readPolicyFile } from '../node/policyFile';

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
  /** Whether the agent blocks when the command crashes or exits non-zero (other than its block code). */
  readonly failClosed: boolean;
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

function readJson(file: string): unknown {
  try {
    return JSON.parse(readBoundedText(file) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringEnv(value: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  if (isObject(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') env[k] = v;
  return env;
}

/** A Claude-format matcher: empty, `*`, an exact name, `A|B`, or a regex, tested against `Bash`. */
function matcherCoversBash(matcher: unknown): boolean {
  if (matcher === undefined || matcher === null || matcher === '' || matcher === '*') return true;
  if (typeof matcher !== 'string') return false;
  try {
    return new RegExp(`^(?:${matcher})$`).test('Bash');
  } catch {
    return matcher.split('|').includes('Bash');
  }
}

/** Finds every pre-execution hook configured for an agent in the workspace. */
export function findLayers(root: string, home = homedir()): { layers: Layer[]; notes: string[] } {
  const layers: Layer[] = [];
  const notes: string[] = [];

  const cursorFile = join(root, '.cursor', 'hooks.json');
  const cursor = readJson(cursorFile);
  if (existsSync(cursorFile) && !isObject(cursor)) notes.push(`${cursorFile} is not valid JSON: Cursor ignores it`);
  if (isObject(cursor) && isObject(cursor.hooks)) {
    const entries = cursor.hooks.beforeShellExecution;
    if (!Array.isArray(entries) || entries.length === 0) notes.push(`${cursorFile} has no beforeShellExecution hook: Cursor's shell commands are not checked`);
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (!isObject(entry) || typeof entry.command !== 'string') continue;
      const warnings: string[] = [];
      if (entry.failClosed !== true) warnings.push('no "failClosed": true, so a crash or timeout lets the command through');
      if (typeof entry.timeout !== 'number') warnings.push('no "timeout": the confirmation may be cut short');
      layers.push({
        agent: 'Cursor', dialect: 'cursor', file: cursorFile, event: 'beforeShellExecution', command: entry.command,
        // Cursor runs a project's hooks from the project root (cursor.com/docs/hooks, Configuration).
        cwd: root, env: {}, timeoutSec: typeof entry.timeout === 'number' ? entry.timeout : 30,
        failClosed: entry.failClosed === true, warnings, workspace: root,
      });
    }
    if (!Array.isArray(cursor.hooks.beforeReadFile)) notes.push(`${cursorFile} has no beforeReadFile hook: Cursor's file reads of secrets are not checked`);
  }

  for (const name of ['settings.json', 'settings.local.json']) {
    const file = join(root, '.claude', name);
    const settings = readJson(file);
    if (!isObject(settings) || !isObject(settings.hooks)) continue;
    const groups = settings.hooks.PreToolUse;
    for (const group of Array.isArray(groups) ? groups : []) {
      if (!isObject(group) || !Array.isArray(group.hooks)) continue;
      const coversBash = matcherCoversBash(group.matcher);
      for (const hook of group.hooks) {
        if (!isObject(hook) || hook.type !== 'command' || typeof hook.command !== 'string') continue;
        const warnings: string[] = [];
        if (hook.onFailure !== 'block') warnings.push('no "onFailure": "block", so a crash or timeout lets the call through');
        if (!coversBash) {
          notes.push(`${file}: the hook "${hook.command}" has matcher ${JSON.stringify(group.matcher)}, which does not include Bash`);
          continue;
        }
        const base = { file, event: 'PreToolUse', command: hook.command, warnings };
        layers.push({
          ...base, agent: 'Claude Code', dialect: 'claude', cwd: root, env: { CLAUDE_PROJECT_DIR: root }, workspace: root,
          timeoutSec: typeof hook.timeout === 'number' ? hook.timeout : 600, failClosed: hook.onFailure === 'block',
        });
        // VS Code runs Claude-format hooks too (matchers ignored), with its own payload.
        layers.push({
          ...base, agent: 'Copilot (VS Code) via Claude settings', dialect: 'vscode', cwd: home, env: {}, workspace: root, timeoutSec: typeof hook.timeout === 'number' ? hook.timeout : 30,
          failClosed: false, warnings: [...warnings, ...(typeof hook.timeout === 'number' ? [] : ['VS Code gives hooks 30 s by default, then lets the call through'])],
        });
      }
    }
  }

  // Codex reads Claude Code's shape from its own file, and fails open on a crash or a timeout.
  const codexFile = join(root, '.codex', 'hooks.json');
  const codex = readJson(codexFile);
  if (existsSync(codexFile) && !isObject(codex)) notes.push(`${codexFile} is not valid JSON: Codex ignores it`);
  const codexGroups = isObject(codex) && isObject(codex.hooks) && Array.isArray(codex.hooks.PreToolUse) ? codex.hooks.PreToolUse : [];
  for (const group of codexGroups) {
    if (!isObject(group) || !Array.isArray(group.hooks)) continue;
    for (const hook of group.hooks) {
      if (!isObject(hook) || hook.type !== 'command' || typeof hook.command !== 'string') continue;
      if (!matcherCoversBash(group.matcher)) {
        notes.push(`${codexFile}: the hook "${hook.command}" has matcher ${JSON.stringify(group.matcher)}, which does not include Bash`);
        continue;
      }
      layers.push({
        agent: 'Codex', dialect: 'codex', file: codexFile, event: 'PreToolUse', command: hook.command, cwd: root, env: {}, workspace: root,
        timeoutSec: typeof hook.timeout === 'number' ? hook.timeout : 600, failClosed: false,
        warnings: ['Codex runs the tool when a hook crashes or times out'],
      });
    }
  }

  const githubHooks = join(root, '.github', 'hooks');
  let files: string[] = [];
  try {
    files = readdirSync(githubHooks).filter((f) => f.endsWith('.json')).sort();
  } catch { /* none */ }
  for (const name of files) {
    const file = join(githubHooks, name);
    const config = readJson(file);
    if (!isObject(config) || !isObject(config.hooks)) {
      notes.push(`${file} is not a hook configuration (no "hooks" object)`);
      continue;
    }
    if (config.disableAllHooks === true) notes.push(`${file} sets "disableAllHooks": the Copilot CLI skips it`);
    for (const entry of Array.isArray(config.hooks.PreToolUse) ? config.hooks.PreToolUse : []) {
      if (!isObject(entry)) continue;
      const command = pickCommand(entry, ['linux', 'osx', 'command', 'bash']);
      if (!command) continue;
      const timeout = typeof entry.timeout === 'number' ? entry.timeout : typeof entry.timeoutSec === 'number' ? entry.timeoutSec : undefined;
      const warnings = timeout === undefined ? ['no "timeout": VS Code and the Copilot CLI give hooks 30 s, then let the call through'] : [];
      const cwd = typeof entry.cwd === 'string' ? resolve(root, entry.cwd) : undefined;
      layers.push({
        agent: 'Copilot (VS Code)', dialect: 'vscode', file, event: 'PreToolUse', command, cwd: cwd ?? home, env: stringEnv(entry.env),
        timeoutSec: timeout ?? 30, failClosed: false, warnings, workspace: cwd ?? root,
      });
      layers.push({
        agent: 'Copilot CLI', dialect: 'copilot-cli', file, event: 'PreToolUse', command, cwd: cwd ?? root, env: stringEnv(entry.env),
        timeoutSec: timeout ?? 30, failClosed: true, warnings, workspace: root,
      });
    }
    for (const entry of Array.isArray(config.hooks.preToolUse) ? config.hooks.preToolUse : []) {
      if (!isObject(entry)) continue;
      const command = pickCommand(entry, ['bash', 'command']);
      if (!command) continue;
      const timeout = typeof entry.timeoutSec === 'number' ? entry.timeoutSec : typeof entry.timeout === 'number' ? entry.timeout : undefined;
      layers.push({
        agent: 'Copilot CLI', dialect: 'copilot-cli', file, event: 'preToolUse', command,
        cwd: typeof entry.cwd === 'string' ? resolve(root, entry.cwd) : root, env: stringEnv(entry.env), timeoutSec: timeout ?? 30, failClosed: true,
        warnings: timeout === undefined ? ['no "timeoutSec": the Copilot CLI lets the call through after 30 s'] : [], workspace: root,
      });
    }
  }
  const geminiFile = join(root, '.gemini', 'settings.json');
  const gemini = readJson(geminiFile);
  const geminiGroups = isObject(gemini) && isObject(gemini.hooks) && Array.isArray(gemini.hooks.BeforeTool) ? gemini.hooks.BeforeTool : [];
  for (const group of geminiGroups) {
    if (!isObject(group) || !Array.isArray(group.hooks)) continue;
    for (const hook of group.hooks) {
      if (!isObject(hook) || typeof hook.command !== 'string') continue;
      layers.push({
        agent: 'Gemini CLI', dialect: 'gemini', file: geminiFile, event: 'BeforeTool', command: hook.command, cwd: root, env: { GEMINI_PROJECT_DIR: root }, workspace: root,
        // Gemini CLI counts in milliseconds.
        timeoutSec: typeof hook.timeout === 'number' ? hook.timeout / 1000 : 60, failClosed: false,
        warnings: ['Gemini CLI runs the tool when a hook crashes or times out'],
      });
    }
  }

  const windsurfFile = join(root, '.windsurf', 'hooks.json');
  const windsurf = readJson(windsurfFile);
  const windsurfEntries = isObject(windsurf) && isObject(windsurf.hooks) && Array.isArray(windsurf.hooks.pre_run_command) ? windsurf.hooks.pre_run_command : [];
  for (const entry of windsurfEntries) {
    if (!isObject(entry) || typeof entry.command !== 'string') continue;
    layers.push({
      agent: 'Windsurf', dialect: 'windsurf', file: windsurfFile, event: 'pre_run_command', command: entry.command, cwd: root, env: {}, workspace: root,
      timeoutSec: 60, failClosed: false, warnings: ['Windsurf proceeds when a hook crashes'],
    });
  }

  // Cline runs the executable named after the event, with no arguments, and skips one it cannot execute.
  const clineHook = join(root, '.clinerules', 'hooks', 'PreToolUse');
  if (existsSync(clineHook)) {
    const warnings = ['Cline runs the tool when a hook crashes, times out or prints no {"cancel": true}'];
    if (!isExecutable(clineHook)) warnings.push('the script is not executable: Cline skips it and runs every tool');
    layers.push({
      agent: 'Cline', dialect: 'cline', file: clineHook, event: 'PreToolUse', command: `'${clineHook.replace(/'/g, `'\\''`)}'`, cwd: root, env: {}, workspace: root,
      timeoutSec: 30, failClosed: false, warnings,
    });
  }

  const kiroAgents = join(root, '.kiro', 'agents');
  let kiroFiles: string[] = [];
  try {
    kiroFiles = readdirSync(kiroAgents).filter((f) => f.endsWith('.json')).sort();
  } catch { /* none */ }
  for (const name of kiroFiles) {
    const file = join(kiroAgents, name);
    const config = readJson(file);
    const entries = isObject(config) && isObject(config.hooks) && Array.isArray(config.hooks.preToolUse) ? config.hooks.preToolUse : [];
    for (const entry of entries) {
      if (!isObject(entry) || typeof entry.command !== 'string') continue;
      layers.push({
        agent: 'Kiro', dialect: 'kiro', file, event: 'preToolUse', command: entry.command, cwd: root, env: {}, workspace: root,
        timeoutSec: typeof entry.timeout_ms === 'number' ? entry.timeout_ms / 1000 : 30, failClosed: false,
        warnings: ['Kiro runs the tool when a hook exits with anything but 0 or 2'],
      });
    }
  }
  return { layers, notes };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function pickCommand(entry: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) if (typeof entry[key] === 'string' && entry[key]) return entry[key] as string;
  return undefined;
}

/**
 * What the agent does with a probe's reading: a failed hook (crash, odd exit, timeout) stops the
 * call only where the agent blocks failing hooks, and only Cursor's failClosed covers a timeout.
 */
export function layerResult(dialect: Dialect, reading: ProbeReading, timedOut: boolean, failClosed: boolean): { result: LayerResult; detail: string } {
  switch (reading.verdict) {
    case 'deny':
      return { result: 'stops', detail: reading.detail };
    case 'ask':
      return { result: 'asks', detail: reading.detail };
    case 'allow':
      return { result: 'lets-through', detail: reading.detail };
    case 'error':
      if (timedOut) {
        return failClosed && dialect === 'cursor'
          ? { result: 'stops', detail: 'timed out; failClosed blocks it, but without telling the agent why' }
          : { result: 'lets-through', detail: 'timed out: the agent goes ahead' };
      }
      return failClosed
        ? { result: 'stops', detail: `${reading.detail}; the agent blocks failing hooks, but without Bulkhead's reason` }
        : { result: 'lets-through', detail: `${reading.detail}: a non-blocking error, the agent goes ahead` };
  }
}

async function probeLayer(layer: Layer, canary: string): Promise<{ result: LayerResult; detail: string }> {
  const reading = await probe(layer.command, layer.dialect, canary, {
    cwd: existsSync(layer.cwd) ? layer.cwd : process.cwd(), workspace: layer.workspace,
    env: { ...process.env, ...layer.env }, timeoutMs: Math.min(layer.timeoutSec, 60) * 1000,
  });
  return layerResult(layer.dialect, reading, reading.run.timedOut, layer.failClosed);
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
