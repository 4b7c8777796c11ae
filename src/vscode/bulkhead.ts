import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Evaluation } from '../core/engine';
import type { Policy } from '../core/policy/load';
import { AuditLog, type AuditEntry, type AuditRecord, defaultAuditFile, loadAuditKey } from '../node/audit';
import { Evaluator } from '../node/evaluator';
import { IpcServer, removeConnection, writeConnection } from '../node/ipc';
import { ActiveEnvironment, type ActiveSnapshot } from '../node/activeEnvironment';
import { ActivityView } from './activityView';
import { ConfirmationQueue, type CommandAnswer, type Prompter } from '../node/confirmations';
import { Gate } from '../node/gate';
import { createLogger } from './logger';
import { Observation, SightingLog } from './observation';
import { PolicyManager } from './policy';
import { ScriptedPrompter, VsCodePrompter } from './prompter';
import { redactForDisplay } from '../core/redact';
import { readSettings, settingsSection } from './settings';
import { StatusBar } from './statusBar';
import { readOnlyName, type StatusState, type StatusView } from '../core/statusRender';
import { guardedProgramList, type GuardFiles, writeGuardFiles } from '../node/guard/files';
import { TerminalGuard } from './terminalGuard';
import { AgentHooks } from './agentHooks';
import { type CommandHandlers, registerCommands } from './commands';
import { initializePolicy } from './initializePolicy';
import { registerPolicyEditing } from './policyEditing';
import type { Logger } from './logger';
import { SecretHiding } from './secretHiding';
import { SelfTest } from './selfTest';
import { SealedSecrets } from './sealedSecrets';
import { secretEnvironmentOf } from '../core/fileAccess';
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
  /** Stands in for Workspace Trust (fixed for a whole host run) and reloads the policy; `undefined` restores the real one. */
  setTrusted(trusted: boolean | undefined): void;
  /** The environments of the policy in force, with their protection. */
  policyInForce(): string[];
  /** Names of the sealed values new terminals receive now. */
  sealedGiven(): string[];
  terminalsHoldingSealed(): string[];
}

type Env = Readonly<Record<string, string | undefined>>;
type Evaluate = (line: string, cwd: string, env?: Env) => Evaluation;

/** Where Bulkhead keeps its things for this window. */
interface Places {
  /** The first workspace folder, else the home folder. */
  readonly root: string;
  readonly storage: string;
  readonly globalStorage: string;
}

/** Brings up every layer and feature in order, registers the commands and returns the API. */
export async function startBulkhead(context: vscode.ExtensionContext): Promise<BulkheadApi> {
  const started = Date.now();
  const logger = createLogger();
  const disposables: vscode.Disposable[] = [logger];
  context.subscriptions.push(new vscode.Disposable(() => {
    for (const d of disposables.reverse()) d.dispose();
  }));
  const places: Places = {
    root: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir(),
    storage: (context.storageUri ?? context.globalStorageUri).fsPath,
    globalStorage: context.globalStorageUri.fsPath,
  };
  const { root } = places;

  const evaluator = await Evaluator.create();
  let prompter: Prompter = new VsCodePrompter();
  let trustOverride: boolean | undefined;
  const trusted = () => trustOverride ?? vscode.workspace.isTrusted;
  const policies = new PolicyManager(root, logger, {
    confirmLoosening: (file, changes) => prompter.confirmPolicyChange(file, changes),
    trusted,
  });
  disposables.push(policies);
  const active = activeEnvironment(context, logger);
  disposables.push({ dispose: () => active.dispose() });
  const evaluate: Evaluate = (line, cwd, env = process.env) =>
    evaluator.evaluate(line, { policy: policies.policy, active: active.active, cwd, env });

  // One log per user, shared with the hooks and shims, so every decision is in one chain.
  let auditKey: Buffer;
  try {
    auditKey = loadAuditKey();
  } catch (err) {
    auditKey = randomBytes(32);
    logger.error(`cannot read the audit key (${message(err)}): entries written in this window cannot be verified`);
  }
  const audit = new AuditLog(defaultAuditFile(), auditKey);
  const activityView = new ActivityView(() => audit.recent(200), audit.headFile);
  disposables.push(activityView);
  const appendAudit = (entry: AuditEntry) => {
    try {
      audit.append(entry);
    } catch (err) {
      logger.error(`audit log write failed: ${message(err)}`);
    }
    activityView.refresh();
  };

  let bypasses = 0;
  let lastStopped: StatusState['lastStopped'];
  let timeoutOverride: number | undefined;
  const sightings = new SightingLog();
  const confirmationTimeoutMs = () => timeoutOverride ?? readSettings().confirmationTimeoutSeconds * 1000;

  const queue = new ConfirmationQueue(() => prompter, confirmationTimeoutMs);
  disposables.push({ dispose: () => queue.dispose() });
  const gate = new Gate({
    evaluate,
    evaluateAs: (environment, line, cwd, env) => evaluator.evaluate(line, { policy: policies.policy, active: environment, cwd, env }),
    protection: (environment) => policies.policy.byName.get(environment)?.protection,
    credentialOwners: () => new Map(policies.policy.environments.flatMap((e) => e.credentials.map((c) => [c.name, e.name] as const))),
    queue,
    audit: appendAudit,
    log: (level, m) => (level === 'warn' ? logger.warn(m) : logger.info(m)),
    onStopped: (command, decision) => {
      lastStopped = { command, decision, at: Date.now() };
      statusBar.refresh();
    },
    onRequest: (request, evaluation) => sightings.record(evaluation, request.source.program, request.source.ppid),
  });
  // The queue answers a timeout by the confirmation timeout; the server's own deadline only backs it up.
  const server = new IpcServer({ handler: (request) => gate.check(request), answerWithinMs: () => confirmationTimeoutMs() + 1000, onProblem: (m) => logger.warn(m) });
  await server.listen();
  disposables.push({ dispose: () => void server.dispose() }, ...publishConnection(server, logger));

  const programs = guardedProgramList();
  const { guardFiles, guardBroken } = installGuardFiles(places, programs, logger);
  const cli = join(context.extensionPath, 'dist', 'cli.js');
  const guard = new TerminalGuard(context.environmentVariableCollection, guardFiles, { address: server.address, token: server.token }, existsSync(cli) ? cli : undefined, logger);
  disposables.push(guard);

  const secretHiding = new SecretHiding({ root, logger, state: context.workspaceState, policy: () => policies.policy, active: () => active.active, trusted });
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
  // Sealed values reach new terminals only while their environment is active (a critical one: during an elevation).
  const sealed = new SealedSecrets(context.secrets, context.workspaceState, logger);
  let injected: ReadonlyMap<string, string> = new Map();
  const holdingSealed = new Set<vscode.Terminal>();
  disposables.push(
    vscode.window.onDidOpenTerminal((t) => { if (injected.size > 0) holdingSealed.add(t); }),
    vscode.window.onDidCloseTerminal((t) => holdingSealed.delete(t)),
  );
  const applyGuard = () => guard.apply(policies.policy, active.active, readSettings().terminalGuard && process.platform !== 'win32' && !guardBroken, injected);
  const refreshSealed = async () => {
    const environment = active.active;
    const values = environment === readOnlyName ? new Map<string, string>() : await sealed.valuesFor(environment);
    if (environment !== active.active) return;
    if (values.size === 0 && injected.size > 0 && holdingSealed.size > 0) {
      const holding = [...holdingSealed];
      const names = holding.map((t) => t.name);
      if (readSettings().closeSealedTerminals) {
        for (const terminal of holding) terminal.dispose();
        logger.info(`closed ${names.length} terminal(s) that received sealed values: ${names.join(', ')}`);
        void vscode.window.showInformationMessage(`Bulkhead: closed ${names.length} terminal(s) that were given sealed secrets (${names.join(', ')}).`);
      } else {
        void vscode.window.showWarningMessage(`Bulkhead: ${names.length} terminal(s) opened while sealed secrets were given to them still hold them (${names.join(', ')}). Close them.`);
      }
    }
    injected = values;
    applyGuard();
  };
  active.onDidChange((snapshot, reason) => {
    logger.info(`active environment: ${snapshot.name}${snapshot.elevatedUntil ? ` until ${new Date(snapshot.elevatedUntil).toLocaleTimeString()}` : ''} (${reason})`);
    applyGuard();
    void refreshSealed();
    secretHiding.refresh();
    statusBar.refresh();
  });
  active.setPolicy(policies.policy);
  // Sealed values survive a reload: the active environment's go to new terminals from the start.
  void refreshSealed();
  disposables.push(policies.onDidChange((p) => active.setPolicy(p)));
  disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(settingsSection)) {
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
    emptied: () => TerminalGuard.blankedCredentials(policies.policy, active.active),
    logger,
  }, root));

  disposables.push(...registerCommands({
    ...environmentCommands(active, () => prompter, () => policies.policy.elevationMinutes, logger),
    showActivity: () => vscode.commands.executeCommand('bulkhead.activity.focus'),
    showLogs: () => logger.show(),
    evaluateCommand: (line) => evaluateCommand(line, () => prompter, (given) => evaluate(given, root), logger),
    initializePolicy: () => initializePolicy(logger, () => policies.reload()),
    ...sealingCommands(sealed, () => policies.policy, refreshSealed),
    scanCredentials: () => credentialScan.scanAll(),
  }), ...registerPolicyEditing());
  // The Activity view's welcome offers Initialize Policy while there is none.
  const publishHasPolicy = () => void vscode.commands.executeCommand('setContext', 'bulkhead.hasPolicy', Boolean(policies.policy.file));
  publishHasPolicy();
  disposables.push(policies.onDidChange(publishHasPolicy));

  const activationMs = Date.now() - started;
  logger.info(`activated in ${activationMs} ms (policy: ${policies.policy.file || 'built-in'}; active: ${active.active}; ${programs.length} shims)`);

  const testing: BulkheadTesting | undefined = context.extensionMode !== vscode.ExtensionMode.Production ? {
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
    setTrusted: (value) => {
      trustOverride = value;
      policies.reload();
    },
    policyInForce: () => policies.policy.environments.map((e) => `${e.name}:${e.protection}`),
    sealedGiven: () => [...injected.keys()],
    terminalsHoldingSealed: () => [...holdingSealed].map((t) => t.name),
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

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The active environment, stored per workspace, with a notice when an elevation ends. */
function activeEnvironment(context: vscode.ExtensionContext, logger: Logger): ActiveEnvironment {
  return new ActiveEnvironment(
    {
      get: () => context.workspaceState.get<string>('bulkhead.activeEnvironment'),
      set: (v) => context.workspaceState.update('bulkhead.activeEnvironment', v),
    },
    (environment, back) => {
      logger.info(`elevation to ${environment} expired; back to ${back}`);
      void vscode.window.showInformationMessage(`Bulkhead: the elevation to ${environment} has ended. The active environment is ${back} again.`);
    },
  );
}

/** Writes the connection file agent hooks find the IPC server by, in each workspace folder. */
function publishConnection(server: IpcServer, logger: Logger): vscode.Disposable[] {
  logger.info(`IPC server listening at ${server.address}`);
  const disposables: vscode.Disposable[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      const file = writeConnection({ address: server.address, token: server.token, root: folder.uri.fsPath, pid: process.pid });
      logger.info(`connection for agent hooks: ${file}`);
      disposables.push({ dispose: () => removeConnection(folder.uri.fsPath, server.token) });
    } catch (err) {
      logger.warn(`could not write the connection file for agent hooks: ${message(err)}`);
    }
  }
  return disposables;
}

function installGuardFiles(places: Places, programs: readonly string[], logger: Logger): { guardFiles: GuardFiles; guardBroken?: string } {
  try {
    return { guardFiles: writeGuardFiles(join(places.globalStorage, 'guard'), programs) };
  } catch (err) {
    // Without its files the guard cannot work; everything else (status, modals, hooks' IPC) still does.
    const guardBroken = `cannot write the terminal guard's files: ${message(err)}`;
    logger.error(guardBroken);
    void vscode.window.showErrorMessage(`Bulkhead: ${guardBroken}. Terminals are not guarded.`);
    return { guardFiles: { shimDir: '', bashEnv: '', client: '', programs: [] }, guardBroken };
  }
}

/** Select Environment, Elevate… and Return to Default. */
function environmentCommands(active: ActiveEnvironment, prompter: () => Prompter, elevationMinutes: () => number, logger: Logger)
  : Pick<CommandHandlers, 'selectEnvironment' | 'elevate' | 'returnToDefault'> {
  const select = async (name: string): Promise<boolean> => {
    const changed = await active.select(name, (env, minutes) => prompter().confirmElevation(env, minutes));
    if (!changed) logger.info(`environment not changed (asked for ${name})`);
    return changed;
  };
  const pickItems = (only?: 'critical') => active.choices()
    .filter((c) => !only || c.protection === only)
    .map((c) => ({
      name: c.name,
      label: c.name === readOnlyName ? '$(lock) Read-only (diagnose)' : `$(shield) ${c.name}`,
      description: c.name === readOnlyName ? 'nothing may change infrastructure anywhere' : `${c.protection}${c.protection === 'critical' ? ` — elevation for ${elevationMinutes()} min` : ''}`,
      detail: c.name === active.snapshot.name ? 'active now' : undefined,
    }));
  return {
    selectEnvironment: async (name) => {
      const chosen = typeof name === 'string' ? name : await prompter().pickEnvironment(pickItems(), active.active);
      return chosen ? select(chosen) : false;
    },
    elevate: async (name) => {
      const items = pickItems('critical');
      if (items.length === 0) {
        void vscode.window.showInformationMessage('Bulkhead: the policy has no critical environment to elevate to.');
        return false;
      }
      const chosen = typeof name === 'string' ? name : items.length === 1 ? items[0].name : await prompter().pickEnvironment(items, active.active);
      return chosen ? select(chosen) : false;
    },
    returnToDefault: () => {
      active.returnToDefault();
      return active.active;
    },
  };
}

/** Seal Secrets… and Unseal Secrets…: an environment's secret file into the OS keychain and back. */
function sealingCommands(sealed: SealedSecrets, policy: () => Policy, refreshSealed: () => Promise<void>)
  : Pick<CommandHandlers, 'sealSecrets' | 'unsealSecrets'> {
  return {
    sealSecrets: async (file) => {
      let chosen = typeof file === 'string' ? file : undefined;
      if (!chosen) {
        const found = await vscode.workspace.findFiles('**/*.env*', '**/node_modules/**', 500);
        const candidates = [...found, ...(await vscode.workspace.findFiles('**/.env*', '**/node_modules/**', 500))]
          .map((u) => u.fsPath).filter((p, i, all) => all.indexOf(p) === i && secretEnvironmentOf({ policy: policy() }, p) && !sealed.list().some((s) => s.file === p));
        chosen = await vscode.window.showQuickPick(candidates, { title: 'Bulkhead: Seal Secrets', placeHolder: 'A secret file of an environment: its values move into the OS keychain' });
      }
      if (!chosen) return undefined;
      const environment = secretEnvironmentOf({ policy: policy() }, chosen);
      if (!environment) {
        void vscode.window.showErrorMessage(`Bulkhead: ${chosen} is not a secret file of any environment in the policy.`);
        return undefined;
      }
      try {
        const result = await sealed.seal(chosen, environment.name);
        await refreshSealed();
        void vscode.window.showInformationMessage(`Bulkhead: sealed ${result.keys.length} value(s) of ${environment.name}. New terminals receive them while ${environment.name} is active.`);
        return result;
      } catch (err) {
        void vscode.window.showErrorMessage(`Bulkhead: could not seal ${chosen} (${message(err)}); the file is unchanged.`);
        return undefined;
      }
    },
    unsealSecrets: async (file) => {
      const chosen = typeof file === 'string' ? file : await vscode.window.showQuickPick(sealed.list().map((s) => s.file), { title: 'Bulkhead: Unseal Secrets' });
      if (!chosen) return false;
      try {
        await sealed.unseal(chosen);
        await refreshSealed();
        return true;
      } catch (err) {
        void vscode.window.showErrorMessage(`Bulkhead: could not unseal ${chosen} (${message(err)}).`);
        return false;
      }
    },
  };
}

/** Evaluate Command…: with a line (from a test or a keybinding) it returns the evaluation; asked for one, it also shows it. */
async function evaluateCommand(line: unknown, prompter: () => Prompter, evaluate: (line: string) => Evaluation, logger: Logger): Promise<Evaluation | undefined> {
  const given = typeof line === 'string' ? line : await prompter().inputCommandLine();
  if (!given) return undefined;
  const evaluation = evaluate(given);
  logger.info(`evaluate: ${redactForDisplay(given)} → ${evaluation.decision} (${evaluation.rules.join(', ')}): ${evaluation.reason}`);
  if (typeof line !== 'string') {
    void vscode.window.showInformationMessage(evaluation.humanMessage, {
      modal: true,
      detail: [`Command: ${redactForDisplay(given)}`, `Effect: ${evaluation.effect} (${evaluation.scope})`, `Target: ${evaluation.targets.join(', ') || evaluation.target}`,
        `Active environment: ${evaluation.active}`, `Rules: ${evaluation.rules.join(', ') || 'none'}`, '',
        ...evaluation.commands.map((c) => `• ${redactForDisplay(c.text, 200)}: ${c.decision} — ${c.reason}`),
        ...evaluation.warnings.map((w) => `⚠ ${w}`)].join('\n'),
    });
  }
  return evaluation;
}
