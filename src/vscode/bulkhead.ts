import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Evaluation } from '../core/engine';
import { AuditLog, type AuditEntry, type AuditRecord } from '../node/audit';
import { Evaluator } from '../node/evaluator';
import { IpcServer, removeConnection, writeConnection } from '../node/ipc';
import { ActiveEnvironment, type ActiveSnapshot } from './activeEnvironment';
import { ActivityView } from './activityView';
import { ConfirmationQueue, type CommandAnswer, type Prompter } from './confirmations';
import { Gate } from './gate';
import { createLogger } from './logger';
import { Observation, SightingLog } from './observation';
import { PolicyManager } from './policy';
import { ScriptedPrompter, VsCodePrompter } from './prompter';
import { redactForDisplay } from './redact';
import { readSettings, section } from './settings';
import { StatusBar } from './statusBar';
import { readOnlyName, type StatusState, type StatusView } from './statusRender';
import { guardedProgramList, type GuardFiles, writeGuardFiles } from './guard/files';
import { TerminalGuard } from './terminalGuard';
import { AgentHooks } from './agentHooks';
import { SecretHiding } from './secretHiding';
import { SelfTest } from './selfTest';
import { CredentialScan } from './credentialScan';

/** What activate() returns. `testing` exists only when the extension runs under test or development. */
export interface BulkheadApi {
  /** Wall time of activate(), in ms (engine, policy, IPC server, guard files, UI). */
  readonly activationMs: number;
  status(): StatusView | undefined;
  active(): ActiveSnapshot;
  evaluate(line: string, cwd?: string): Evaluation;
  readonly auditFile: string;
  readonly testing?: BulkheadTesting;
}

export interface BulkheadTesting {
  readonly ipc: { readonly address: string; readonly token: string };
  readonly guardFiles: GuardFiles;
  /** Replaces the modals with scripted answers; `undefined` restores the real ones. */
  useScriptedPrompter(answer: CommandAnswer | 'hang', elevation?: boolean): ScriptedPrompter;
  useRealPrompter(): void;
  setElevationMs(ms: number | undefined): void;
  setConfirmationTimeoutMs(ms: number | undefined): void;
  bypasses(): number;
  recentAudit(limit: number): AuditRecord[];
  blanked(): string[];
}

export async function startBulkhead(context: vscode.ExtensionContext): Promise<BulkheadApi> {
  const started = Date.now();
  const logger = createLogger();
  const disposables: vscode.Disposable[] = [logger];
  context.subscriptions.push(new vscode.Disposable(() => {
    for (const d of disposables.reverse()) d.dispose();
  }));

  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
  const storage = (context.storageUri ?? context.globalStorageUri).fsPath;
  const globalStorage = context.globalStorageUri.fsPath;
  const testMode = context.extensionMode !== vscode.ExtensionMode.Production;

  const evaluator = await Evaluator.create();
  const policies = new PolicyManager(root, logger);
  disposables.push(policies);

  const active = new ActiveEnvironment(
    {
      get: () => context.workspaceState.get<string>('bulkhead.activeEnvironment'),
      set: (v) => context.workspaceState.update('bulkhead.activeEnvironment', v),
    },
    (environment, back) => {
      logger.info(`elevation to ${environment} expired; back to ${back}`);
      void vscode.window.showInformationMessage(`Bulkhead: the elevation to ${environment} has ended. The active environment is ${back} again.`);
    },
  );
  disposables.push({ dispose: () => active.dispose() });

  const audit = new AuditLog(join(storage, 'audit.jsonl'));
  let bypasses = 0;
  let lastStopped: StatusState['lastStopped'];
  let prompter: Prompter = new VsCodePrompter();
  let timeoutOverride: number | undefined;
  const sightings = new SightingLog();

  const evaluate = (line: string, cwd: string, env: Readonly<Record<string, string | undefined>> = process.env): Evaluation =>
    evaluator.evaluate(line, { policy: policies.policy, active: active.active, cwd, env });

  const activityView = new ActivityView(() => audit.recent(200));
  disposables.push(activityView);
  const appendAudit = (entry: AuditEntry) => {
    try {
      audit.append(entry);
    } catch (err) {
      logger.error(`audit log write failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    activityView.refresh();
  };

  const confirmationTimeoutMs = () => timeoutOverride ?? readSettings().confirmationTimeoutSeconds * 1000;
  const queue = new ConfirmationQueue(() => prompter, confirmationTimeoutMs);
  disposables.push({ dispose: () => queue.dispose() });
  const gate = new Gate({
    evaluate: (line, cwd, env) => evaluate(line, cwd, env),
    queue,
    audit: appendAudit,
    log: (level, message) => (level === 'warn' ? logger.warn(message) : logger.info(message)),
    onStopped: (command, decision) => {
      lastStopped = { command, decision, at: Date.now() };
      statusBar.refresh();
    },
    onRequest: (request, evaluation) => sightings.record(evaluation, request.source.program, request.source.ppid),
  });

  // The queue answers a timeout by the confirmation timeout; the server's own deadline only backs it up.
  const server = new IpcServer({ handler: (request) => gate.check(request), answerWithinMs: () => confirmationTimeoutMs() + 1000, onProblem: (m) => logger.warn(m) });
  await server.listen();
  disposables.push({ dispose: () => void server.dispose() });
  logger.info(`IPC server listening at ${server.address}`);
  if (vscode.workspace.workspaceFolders?.length) {
    for (const folder of vscode.workspace.workspaceFolders) {
      try {
        const file = writeConnection({ address: server.address, token: server.token, root: folder.uri.fsPath, pid: process.pid });
        logger.info(`connection for agent hooks: ${file}`);
        disposables.push({ dispose: () => removeConnection(folder.uri.fsPath, server.token) });
      } catch (err) {
        logger.warn(`could not write the connection file for agent hooks: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  const programs = guardedProgramList();
  let guardFiles: GuardFiles;
  let guardBroken: string | undefined;
  try {
    guardFiles = writeGuardFiles(join(globalStorage, 'guard'), programs);
  } catch (err) {
    // Without its files the guard cannot work; everything else (status, modals, hooks' IPC) still does.
    guardBroken = `cannot write the terminal guard's files: ${err instanceof Error ? err.message : String(err)}`;
    logger.error(guardBroken);
    void vscode.window.showErrorMessage(`Bulkhead: ${guardBroken}. Terminals are not guarded.`);
    guardFiles = { shimDir: '', bashEnv: '', client: '', programs: [] };
  }
  const cli = join(context.extensionPath, 'dist', 'cli.js');
  const guard = new TerminalGuard(context.environmentVariableCollection, guardFiles, { address: server.address, token: server.token }, existsSync(cli) ? cli : undefined, logger);
  disposables.push(guard);

  const secretHiding = new SecretHiding({ root, logger, state: context.workspaceState, policy: () => policies.policy, active: () => active.active });
  disposables.push(secretHiding);
  const agentHooks = new AgentHooks({ context, logger, root, secretHiding, confirmationTimeoutSeconds: () => readSettings().confirmationTimeoutSeconds });
  disposables.push(agentHooks);
  disposables.push(new SelfTest({
    logger, root, agentHooks, policy: () => policies.policy, evaluate: (line, cwd) => evaluate(line, cwd),
    terminalGuardEnabled: () => guard.isEnabled, shimmedPrograms: programs,
  }));

  const credentialScan = new CredentialScan({
    extensionPath: context.extensionPath, root, logger, state: context.workspaceState, policy: () => policies.policy, enabled: () => readSettings().credentialScan,
  });
  disposables.push(credentialScan);
  if (readSettings().credentialScan) void credentialScan.scanAll();
  disposables.push(policies.onDidChange(() => {
    if (readSettings().credentialScan) void credentialScan.scanAll();
  }));

  const statusState = (): StatusState => {
    const s = active.snapshot;
    const settings = readSettings();
    return {
      active: s.name, protection: s.protection, isDefault: s.isDefault, elevatedUntil: s.elevatedUntil, now: Date.now(),
      layers: [
        { name: 'Terminal guard', on: guard.isEnabled, detail: guard.isEnabled ? `PATH shims for ${programs.length} CLIs, BASH_ENV trap, other environments' credentials emptied` : guardBroken ?? (process.platform === 'win32' ? 'not available on Windows yet' : 'off in settings') },
        { name: 'Observation', on: settings.observe, detail: settings.observe ? 'shell integration re-checks every terminal command' : 'off in settings' },
        { name: 'Agent hooks', ...agentHooks.summary() },
      ],
      lastStopped, bypasses, policyFile: policies.policy.file || undefined, policyProblem: policies.problem,
    };
  };
  const statusBar = new StatusBar(statusState);
  disposables.push(statusBar);
  disposables.push(agentHooks.onDidChange(() => statusBar.refresh()));

  // The shims and the trap are POSIX sh and bash: on Windows the terminal guard stays off for now.
  const applyGuard = () => guard.apply(policies.policy, active.active, readSettings().terminalGuard && process.platform !== 'win32' && !guardBroken);
  active.onDidChange((snapshot, reason) => {
    logger.info(`active environment: ${snapshot.name}${snapshot.elevatedUntil ? ` until ${new Date(snapshot.elevatedUntil).toLocaleTimeString()}` : ''} (${reason})`);
    applyGuard();
    secretHiding.refresh();
    statusBar.refresh();
  });
  active.setPolicy(policies.policy);
  disposables.push(policies.onDidChange((p) => active.setPolicy(p)));
  disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(section)) {
      applyGuard();
      statusBar.refresh();
    }
  }));

  disposables.push(new Observation({
    evaluate: (line, cwd) => evaluate(line, cwd),
    sightings,
    audit: appendAudit,
    onBypass: () => {
      bypasses++;
      statusBar.refresh();
    },
    enabled: () => readSettings().observe,
    logger,
  }, root));

  const select = async (name: string): Promise<boolean> => {
    const changed = await active.select(name, (env, minutes) => prompter.confirmElevation(env, minutes));
    if (!changed) logger.info(`environment not changed (asked for ${name})`);
    return changed;
  };
  const pickItems = (only?: 'critical') => active.choices()
    .filter((c) => !only || c.protection === only)
    .map((c) => ({
      name: c.name,
      label: c.name === readOnlyName ? '$(lock) Read-only (diagnose)' : `$(shield) ${c.name}`,
      description: c.name === readOnlyName ? 'nothing may change infrastructure anywhere' : `${c.protection}${c.protection === 'critical' ? ` — elevation for ${policies.policy.elevationMinutes} min` : ''}`,
      detail: c.name === active.snapshot.name ? 'active now' : undefined,
    }));

  disposables.push(
    vscode.commands.registerCommand('bulkhead.selectEnvironment', async (name?: unknown) => {
      const chosen = typeof name === 'string' ? name : await prompter.pickEnvironment(pickItems(), active.active);
      return chosen ? select(chosen) : false;
    }),
    vscode.commands.registerCommand('bulkhead.elevate', async (name?: unknown) => {
      const items = pickItems('critical');
      if (items.length === 0) {
        void vscode.window.showInformationMessage('Bulkhead: the policy has no critical environment to elevate to.');
        return false;
      }
      const chosen = typeof name === 'string' ? name : items.length === 1 ? items[0].name : await prompter.pickEnvironment(items, active.active);
      return chosen ? select(chosen) : false;
    }),
    vscode.commands.registerCommand('bulkhead.returnToDefault', () => {
      active.returnToDefault();
      return active.active;
    }),
    vscode.commands.registerCommand('bulkhead.showActivity', () => vscode.commands.executeCommand('bulkhead.activity.focus')),
    vscode.commands.registerCommand('bulkhead.showLogs', () => logger.show()),
    vscode.commands.registerCommand('bulkhead.scanCredentials', () => credentialScan.scanAll()),
    vscode.commands.registerCommand('bulkhead.evaluateCommand', async (line?: unknown) => {
      const given = typeof line === 'string' ? line : await prompter.inputCommandLine();
      if (!given) return undefined;
      const evaluation = evaluate(given, root);
      logger.info(`evaluate: ${redactForDisplay(given)} → ${evaluation.decision} (${evaluation.rules.join(', ')}): ${evaluation.reason}`);
      if (typeof line !== 'string') {
        const title = evaluation.humanMessage;
        void vscode.window.showInformationMessage(title, {
          modal: true,
          detail: [`Command: ${redactForDisplay(given)}`, `Effect: ${evaluation.effect} (${evaluation.scope})`, `Target: ${evaluation.targets.join(', ') || evaluation.target}`,
            `Active environment: ${evaluation.active}`, `Rules: ${evaluation.rules.join(', ') || 'none'}`, '',
            ...evaluation.commands.map((c) => `• ${redactForDisplay(c.text, 200)}: ${c.decision} — ${c.reason}`),
            ...evaluation.warnings.map((w) => `⚠ ${w}`)].join('\n'),
        });
      }
      return evaluation;
    }),
  );

  const activationMs = Date.now() - started;
  logger.info(`activated in ${activationMs} ms (policy: ${policies.policy.file || 'built-in'}; active: ${active.active}; ${programs.length} shims)`);

  const testing: BulkheadTesting | undefined = testMode ? {
    ipc: { address: server.address, token: server.token },
    guardFiles,
    useScriptedPrompter: (answer, elevation = true) => {
      const scripted = new ScriptedPrompter(answer, elevation);
      prompter = scripted;
      return scripted;
    },
    useRealPrompter: () => { prompter = new VsCodePrompter(); },
    setElevationMs: (ms) => { active.elevationMsOverride = ms; },
    setConfirmationTimeoutMs: (ms) => { timeoutOverride = ms; },
    bypasses: () => bypasses,
    recentAudit: (limit) => audit.recent(limit),
    blanked: () => TerminalGuard.blankedCredentials(policies.policy, active.active),
  } : undefined;

  return {
    activationMs,
    status: () => statusBar.view,
    active: () => active.snapshot,
    evaluate: (line, cwd = root) => evaluate(line, cwd),
    auditFile: audit.file,
    testing,
  };
}
