import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Evaluation } from '../core/engine';
import type { Policy } from '../core/policy/load';
import { agentIds, agentSpecs, failureMeaning } from '../node/hooks/agents/registry';
import { answersConfirmation, pickConfirmCanary, probe, type ProbeVerdict } from '../node/hooks/probe';
import type { AgentHooks } from './agentHooks';
import { shQuote } from '../node/guard/scripts';
import type { Logger } from './logger';

export const selfTestCommand = 'bulkhead.runSelfTest';

export interface SelfTestDeps {
  readonly logger: Logger;
  /** The workspace folder (the hooks run with it as their working directory). */
  readonly root: string;
  readonly agentHooks: AgentHooks;
  policy(): Policy;
  evaluate(line: string, cwd: string): Evaluation;
  /** Whether the terminal guard is on (its shims and trap are only in terminals when it is). */
  terminalGuardEnabled(): boolean;
  /** The programs that have a shim. */
  readonly shimmedPrograms: readonly string[];
}

export type LayerResult = 'stops' | 'asks' | 'lets through' | 'fails' | 'not installed' | 'skipped';

export interface LayerReport {
  readonly layer: string;
  readonly result: LayerResult;
  readonly detail: string;
}

export interface SelfTestReport {
  readonly canary: string;
  /** A command the policy only confirms, sent to the hooks too: an agent that runs an `ask` unasked lets it through. */
  readonly confirmCanary?: string;
  readonly target: string;
  readonly layers: readonly LayerReport[];
  /** True when at least one layer stops the canary and no installed layer lets it through. */
  readonly protectedNow: boolean;
}

/** Tried in order; the first the policy refuses for a critical environment is the canary. */
const canaryTemplates: readonly { kind: string; line: (value: string) => string }[] = [
  { kind: 'kube-context', line: (v) => `kubectl --context ${v} delete namespace bulkhead-self-test` },
  { kind: 'aws-profile', line: (v) => `aws s3 rb s3://bulkhead-self-test --force --profile ${v}` },
  { kind: 'terraform-workspace', line: (v) => `TF_WORKSPACE=${v} terraform destroy -auto-approve` },
  { kind: 'gcp-project', line: (v) => `gcloud projects delete ${v} --quiet` },
  { kind: 'host', line: (v) => `psql -h ${v} -c 'DROP TABLE bulkhead_self_test'` },
  { kind: 'app', line: (v) => `heroku apps:destroy -a ${v} --confirm ${v}` },
];

/** A concrete value a glob target matches: `*-prod` → `bulkhead-self-test-prod`. */
function instantiate(pattern: string): string | undefined {
  const value = pattern.replace(/\{([^,}]*)[^}]*\}/g, '$1').replace(/\*\*?/g, 'bulkhead-self-test').replace(/\?/g, 'x').replace(/\[([^\]])[^\]]*\]/g, '$1');
  return /^[A-Za-z0-9_.:@/-]+$/.test(value) ? value : undefined;
}

/** Runs a production-targeting canary through every installed layer and reports which ones stop it. */
export class SelfTest implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private running = false;

  constructor(private readonly deps: SelfTestDeps) {
    this.disposables.push(vscode.commands.registerCommand(selfTestCommand, (options?: { quiet?: boolean }) => this.run(options?.quiet === true)));
  }

  /** The canary command line and the environment it targets. */
  canary(): { line: string; target: string } {
    const policy = this.deps.policy();
    const ranked = [...policy.environments].sort((a, b) => (b.protection === 'critical' ? 1 : 0) - (a.protection === 'critical' ? 1 : 0));
    for (const env of ranked) {
      for (const template of canaryTemplates) {
        for (const matcher of env.targets.get(template.kind) ?? []) {
          const value = instantiate(matcher.pattern);
          if (!value) continue;
          const line = template.line(value);
          const evaluation = this.deps.evaluate(line, this.deps.root);
          if (evaluation.decision !== 'allow' && evaluation.targets.includes(env.name)) return { line, target: `${env.name} (${env.protection})` };
        }
      }
    }
    // No policy, or no target a template can name: a delete anywhere still needs a human.
    return { line: 'kubectl --context production delete namespace bulkhead-self-test', target: 'an unknown environment' };
  }

  /** The first command the policy answers with a confirmation, if any. */
  confirmCanary(): string | undefined {
    return pickConfirmCanary((line) => this.deps.evaluate(line, this.deps.root).decision);
  }

  async run(quiet = false): Promise<SelfTestReport | undefined> {
    if (this.running) return undefined;
    this.running = true;
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Bulkhead: running the self-test' }, async (progress) => {
        const { line, target } = this.canary();
        const confirmLine = this.confirmCanary();
        this.deps.logger.info(`self-test: canary ${line} (targets ${target})${confirmLine ? `; confirm canary ${confirmLine}` : ''}`);
        progress.report({ message: 'agent hooks' });
        const layers = [...await this.probeHooks(line, confirmLine)];
        progress.report({ message: 'terminal guard' });
        layers.push(...await this.probeShell(line));
        const installedLayers = layers.filter((l) => l.result !== 'not installed' && l.result !== 'skipped');
        const protectedNow = installedLayers.some((l) => l.result === 'stops' || l.result === 'asks') && !installedLayers.some((l) => l.result === 'lets through' || l.result === 'fails');
        const report: SelfTestReport = { canary: line, confirmCanary: confirmLine, target, layers, protectedNow };
        for (const l of layers) this.deps.logger.info(`self-test: ${l.layer}: ${l.result} — ${l.detail}`);
        if (!quiet) this.show(report);
        return report;
      });
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private async probeHooks(line: string, confirmLine: string | undefined): Promise<LayerReport[]> {
    const out: LayerReport[] = [];
    const installed = this.deps.agentHooks.installed;
    for (const agent of agentIds) {
      const name = `${agentSpecs[agent].name} hook (${agentSpecs[agent].file})`;
      if (!installed.includes(agent)) {
        out.push({ layer: name, result: 'not installed', detail: 'Bulkhead: Install Agent Hooks adds it' });
        continue;
      }
      const [status] = this.deps.agentHooks.inspect([agent]);
      if (status.state === 'malformed' || status.commands.length === 0) {
        out.push({ layer: name, result: 'fails', detail: status.problems.join('; ') || 'no Bulkhead entry to run' });
        continue;
      }
      const seen = new Set<string>();
      for (const target of status.commands) {
        const key = `${target.dialect}\0${target.command}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const ask = (canary: string) => probe(target.command, target.dialect, canary, { cwd: this.deps.root, env: process.env, timeoutMs: 30_000 });
        const { verdict, detail } = await ask(line);
        const confirm = confirmLine && (verdict === 'deny' || verdict === 'ask') ? await ask(confirmLine) : undefined;
        const confirmFails = confirm !== undefined && !answersConfirmation(confirm);
        const result = confirmFails ? resultOf(confirm.verdict) : resultOf(verdict);
        const confirmNote = confirmFails ? `; the confirm canary (${confirmLine}): ${confirm.detail}` : '';
        const weak = status.state === 'weakened' ? ` — but ${status.problems[0]}` : '';
        out.push({ layer: `${name}${status.commands.length > 1 ? `, ${target.label}` : ''}`, result, detail: `${detail}${confirmNote}${verdict === 'error' || confirm?.verdict === 'error' ? `; on a failure ${failureMeaning(agent)}` : ''}${weak}` });
      }
    }
    return out;
  }

  /** Runs the canary's program in a fresh terminal, with a stand-in binary that records whether it ran. */
  private async probeShell(line: string): Promise<LayerReport[]> {
    const shimLayer = 'Terminal guard: PATH shim';
    const trapLayer = 'Terminal guard: BASH_ENV trap (bash -c, absolute path)';
    if (process.platform === 'win32') return [{ layer: 'Terminal guard', result: 'skipped', detail: 'the terminal guard is POSIX-only for now' }];
    if (!this.deps.terminalGuardEnabled()) return [{ layer: 'Terminal guard', result: 'not installed', detail: 'off (bulkhead.terminalGuard.enabled)' }];
    const words = line.split(' ');
    const index = words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    const program = words[index];
    if (!this.deps.shimmedPrograms.includes(program)) return [{ layer: 'Terminal guard', result: 'skipped', detail: `${program} has no shim` }];
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-self-test-'));
    const terminal = vscode.window.createTerminal({ name: 'Bulkhead Self-Test', cwd: this.deps.root, shellPath: existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh', isTransient: true });
    try {
      const fake = join(dir, 'bin');
      const prefix = words.slice(0, index).join(' ');
      const rest = words.slice(index + 1).join(' ');
      // The stand-in for the real program: if it runs, the layer let the canary through.
      writeFileSync(join(dir, 'fake.sh'), `#!/bin/sh\n: > ${shQuote(join(dir, 'ran'))}.\${BULKHEAD_SELF_TEST_LAYER:-unknown}\n`, { mode: 0o755 });
      const script = [
        'set +e',
        `mkdir -p ${shQuote(fake)} && cp ${shQuote(join(dir, 'fake.sh'))} ${shQuote(join(fake, program))}`,
        `printf '%s\\n' "\${BULKHEAD_IPC:+connected}" > ${shQuote(join(dir, 'ipc'))}`,
        // No modal: the client finds no connection and asks the CLI, which refuses anything not allowed outright.
        'unset BULKHEAD_IPC BULKHEAD_TOKEN',
        `command -v ${program} > ${shQuote(join(dir, 'which'))}`,
        // The stand-in comes right after the shims (which skip their own folder), before any real
        // binary: whatever a layer lets through, nothing real ever runs.
        `PATH="\${BULKHEAD_SHIM_DIR:+$BULKHEAD_SHIM_DIR:}"${shQuote(fake)}":$PATH"; export PATH`,
        `( unset BASH_ENV; BULKHEAD_SELF_TEST_LAYER=shim; export BULKHEAD_SELF_TEST_LAYER; ${prefix} ${program} ${rest} ) > ${shQuote(join(dir, 'shim.out'))} 2>&1`,
        `echo $? > ${shQuote(join(dir, 'shim.status'))}`,
        // The trap sees the command as written: the absolute path must be in the text.
        `BULKHEAD_SELF_TEST_LAYER=trap bash -c ${shQuote(`: check; ${prefix} ${join(fake, program)} ${rest}`)} > ${shQuote(join(dir, 'trap.out'))} 2>&1`,
        `echo $? > ${shQuote(join(dir, 'trap.status'))}`,
        `: > ${shQuote(join(dir, 'done'))}`,
      ].join('\n');
      writeFileSync(join(dir, 'self-test.sh'), `${script}\n`);
      terminal.sendText(`/bin/sh ${shQuote(join(dir, 'self-test.sh'))}; exit`, true);
      const finished = await waitFor(() => existsSync(join(dir, 'done')), 45_000);
      if (!finished) return [{ layer: 'Terminal guard', result: 'fails', detail: 'the terminal did not finish the test within 45 s' }];
      const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').trim() : '');
      const connected = read('ipc') === 'connected' ? '' : '; this terminal has no connection to the extension';
      const layer = (name: string, key: string): LayerReport => {
        const status = read(`${key}.status`);
        const firstLine = read(`${key}.out`).split('\n').find((l) => l.trim() !== '') ?? '';
        if (existsSync(join(dir, `ran.${key}`))) return { layer: name, result: 'lets through', detail: `${program} ran (exit ${status})${connected}` };
        if (status === '126') return { layer: name, result: 'stops', detail: `refused with exit 126: ${firstLine.slice(0, 160)}${connected}` };
        return { layer: name, result: 'fails', detail: `exit ${status}: ${firstLine.slice(0, 160)}` };
      };
      const which = read('which');
      const shim = which.includes('bulkhead-shims')
        ? layer(`${shimLayer} for ${program}`, 'shim')
        : { layer: `${shimLayer} for ${program}`, result: 'lets through' as const, detail: `the shim is not first on PATH in a new terminal (${program} resolves to ${which || 'nothing'})` };
      return [shim, layer(trapLayer, 'trap')];
    } finally {
      terminal.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private show(report: SelfTestReport): void {
    const mark: Record<LayerResult, string> = { 'stops': '✓', 'asks': '✓', 'lets through': '✗', 'fails': '✗', 'not installed': '–', 'skipped': '–' };
    const detail = [
      `Canary: ${report.canary}${report.confirmCanary ? ` (and ${report.confirmCanary}, which needs a confirmation)` : ''}`,
      `Targets: ${report.target}. Nothing is run against it: hooks are asked offline, and the terminal runs a stand-in for the program.`,
      '',
      ...report.layers.map((l) => `${mark[l.result]} ${l.layer}: ${l.result} — ${l.detail}`),
    ].join('\n');
    const title = report.protectedNow ? 'Bulkhead self-test: every installed layer stops a production command.' : 'Bulkhead self-test: a layer does not stop a production command.';
    if (report.protectedNow) {
      void vscode.window.showInformationMessage(title, { modal: true, detail });
      return;
    }
    const buttons: (vscode.MessageItem & { id: string })[] = [{ id: 'repair', title: 'Repair Agent Hooks' }, { id: 'close', title: 'Close', isCloseAffordance: true }];
    void vscode.window.showWarningMessage(title, { modal: true, detail }, ...buttons).then((choice) => {
      if (choice?.id === 'repair') void vscode.commands.executeCommand('bulkhead.repairAgentHooks');
    });
  }
}

function resultOf(verdict: ProbeVerdict): LayerResult {
  switch (verdict) {
    case 'deny':
      return 'stops';
    case 'ask':
      return 'asks';
    case 'allow':
      return 'lets through';
    case 'error':
      return 'fails';
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return condition();
}
