import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  agentFiles, applyWrites, inspectAgent, onlyMovedInstall, planInstall, planRemoval, readConfigFile, syncClaudeDeny, workspaceFiles, writeConfigFile,
} from '../node/agentConfig';
import { ConfigError } from '../node/configError';
import { chooseNode, currentNodeProbe, findOnPath, type HookCommand, hookTimeoutSeconds, renderCommand } from '../node/hookCommand';
import { agentIds, agentSpecs, failureSummary } from '../node/hooks/agents/registry';
import type { AgentId, ConfigStatus, FileWrite, InstallOptions } from '../node/hooks/agents/types';
import { ignoreFileAgents, ignoreFileNames } from '../node/ignoreFiles';
import type { Logger } from './logger';
import { configuredIgnoreFiles, type IgnorePlan, type SecretHiding } from './secretHiding';

export const agentHookCommands = {
  install: 'bulkhead.installAgentHooks',
  repair: 'bulkhead.repairAgentHooks',
  remove: 'bulkhead.removeAgentHooks',
} as const;

/** What Bulkhead installed in this workspace (workspace state). */
interface InstalledState {
  readonly agents: AgentId[];
  /** Files and folders Bulkhead created, relative to the workspace folder: removed again on Remove. */
  readonly created: string[];
  /** Claude Code `permissions.deny` rules Bulkhead added. */
  readonly ownedDeny: string[];
}

const stateKey = 'bulkhead.agentHooks';

export interface DetectedAgent {
  readonly id: AgentId;
  /** Why Bulkhead thinks it is used here; undefined when it was not found. */
  readonly evidence?: string;
}

/** A modal question; resolves to the id of the chosen button, undefined for Esc. Replaceable in tests. */
export type AskModal = (message: string, detail: string, buttons: readonly { id: string; title: string }[]) => Promise<string | undefined>;

export interface AgentHooksDeps {
  readonly context: vscode.ExtensionContext;
  readonly logger: Logger;
  /** The workspace folder the configurations are written into. */
  readonly root: string;
  readonly secretHiding: SecretHiding;
  confirmationTimeoutSeconds(): number;
  /** Defaults to real modals. */
  readonly ask?: AskModal;
}

export interface AgentHooksSummary {
  /** True when at least one agent has sound hooks and none is weakened. */
  readonly on: boolean;
  readonly detail: string;
}

const realAsk: AskModal = async (message, detail, buttons) => {
  const items = buttons.map((b) => ({ id: b.id, title: b.title }));
  const cancel = { id: 'cancel', title: 'Cancel', isCloseAffordance: true };
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...items, cancel);
  return choice && choice.id !== 'cancel' ? choice.id : undefined;
};

/**
 * Installs, repairs and removes Bulkhead's entries in the agents' hook configurations (with the
 * ignore-file blocks and Claude Code deny rules of secret hiding), and watches them: an edit that
 * removes or weakens an entry is reported with a one-click repair.
 */
export class AgentHooks implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the installed set or its health changes (for the status bar). */
  readonly onDidChange = this.changed.event;
  private readonly ask: AskModal;
  private lastReported = '';
  private checkTimer?: ReturnType<typeof setTimeout>;
  /** Install, repair and remove write several files in turn; a check in between would see half a job. */
  private operations = 0;

  constructor(private readonly deps: AgentHooksDeps) {
    this.ask = deps.ask ?? realAsk;
    this.disposables.push(
      this.changed,
      vscode.commands.registerCommand(agentHookCommands.install, (arg?: unknown) => this.install(pickAgents(arg))),
      vscode.commands.registerCommand(agentHookCommands.repair, () => this.repair()),
      vscode.commands.registerCommand(agentHookCommands.remove, () => this.remove()),
    );
    const watched = [...agentIds.map((a) => agentSpecs[a].watch), ...ignoreFileNames].join(',');
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(deps.root, `{${watched}}`));
    const onEdit = () => this.scheduleCheck();
    this.disposables.push(watcher, watcher.onDidChange(onEdit), watcher.onDidCreate(onEdit), watcher.onDidDelete(onEdit));
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bulkhead.confirmationTimeoutSeconds')) this.scheduleCheck();
    }));
    this.disposables.push(deps.secretHiding.onDidChangeSecrets(() => this.syncDeny()));
    void this.followMovedInstall().finally(() => this.scheduleCheck());
  }

  /**
   * After an update the installed hooks still name the previous version's folder: Cursor (fail-closed)
   * would then refuse every action and other agents would run unchecked. Point them here at once.
   */
  private async followMovedInstall(): Promise<void> {
    if (this.installed.length === 0 || !onlyMovedInstall(this.inspect())) return;
    await this.repair(true);
    this.deps.logger.info('agent hooks: pointed at this version of Bulkhead after an update');
    void vscode.window.showInformationMessage('Bulkhead updated its agent hooks to run this version.');
  }

  get installed(): readonly AgentId[] {
    return this.state().agents;
  }

  /** Which agents are used here, and on what evidence. */
  detect(): DetectedAgent[] {
    const home = homedir();
    const ext = (...ids: string[]) => ids.find((id) => vscode.extensions.getExtension(id) !== undefined);
    const inRoot = (rel: string) => existsSync(join(this.deps.root, rel));
    const onPath = (name: string) => findOnPath(process.platform === 'win32' ? [`${name}.exe`, `${name}.cmd`] : [name], process.env.PATH, process.platform, existsSync);
    const isCursor = vscode.env.appName.toLowerCase().includes('cursor');
    const evidence: Record<AgentId, string | undefined> = {
      cursor: isCursor ? `this editor is ${vscode.env.appName}` : inRoot('.cursor') ? 'the workspace has a .cursor folder' : undefined,
      claude: ext('anthropic.claude-code') ? 'the Claude Code extension is installed'
        : inRoot('.claude') ? 'the workspace has a .claude folder'
        : onPath('claude') ? '`claude` is on PATH'
        : existsSync(join(home, '.claude')) ? '~/.claude exists' : undefined,
      copilot: ext('github.copilot-chat', 'github.copilot') ? 'GitHub Copilot is installed'
        : inRoot('.github/hooks') ? 'the workspace has .github/hooks'
        : onPath('copilot') ? '`copilot` is on PATH' : undefined,
      codex: ext('openai.chatgpt') ? 'the Codex extension is installed'
        : inRoot('.codex') ? 'the workspace has a .codex folder'
        : onPath('codex') ? '`codex` is on PATH' : undefined,
      gemini: ext('google.geminicodeassist') ? 'Gemini Code Assist is installed'
        : inRoot('.gemini') ? 'the workspace has a .gemini folder'
        : onPath('gemini') ? '`gemini` is on PATH' : undefined,
      windsurf: vscode.env.appName.toLowerCase().includes('windsurf') ? `this editor is ${vscode.env.appName}`
        : inRoot('.windsurf') ? 'the workspace has a .windsurf folder' : undefined,
      kiro: inRoot('.kiro/agents') ? 'the workspace has .kiro/agents'
        : onPath('kiro-cli') ? '`kiro-cli` is on PATH' : undefined,
      cline: ext('saoudrizwan.claude-dev') ? 'the Cline extension is installed'
        : inRoot('.clinerules') ? 'the workspace has .clinerules'
        : onPath('cline') ? '`cline` is on PATH' : undefined,
    };
    return agentIds.map((id) => ({ id, evidence: evidence[id] }));
  }

  /** Agents found that have no hook format Bulkhead's CLI answers (they still get their ignore file). */
  unsupportedAgents(): string[] {
    const found: string[] = [];
    if (vscode.extensions.getExtension('rooveterinaryinc.roo-cline')) found.push('Roo Code (no pre-execution hook; .rooignore is kept, and the terminal guard covers its terminal)');
    return found;
  }

  /** The command line every configuration runs, for this machine. */
  hookCommand(): HookCommand {
    const cli = join(this.deps.context.extensionPath, 'dist', 'cli.js');
    return { runtime: chooseNode(currentNodeProbe()), cli, args: ['hook'] };
  }

  installOptions(): InstallOptions {
    return { command: this.hookCommand(), confirmationTimeoutSeconds: this.deps.confirmationTimeoutSeconds(), platform: process.platform };
  }

  /** The status of each installed agent's configuration. */
  inspect(agents: readonly AgentId[] = this.installed): ConfigStatus[] {
    const options = this.installOptions();
    const deny = this.deps.secretHiding.current().claudeDeny;
    const files = workspaceFiles(this.deps.root);
    return agents.map((agent) => {
      try {
        return inspectAgent(agent, files, options, agent === 'claude' ? deny : []);
      } catch (error) {
        return { agent, state: 'malformed', problems: [`${agentSpecs[agent].file} cannot be read: ${(error as Error).message}`], commands: [] };
      }
    });
  }

  summary(): AgentHooksSummary {
    const installed = this.installed;
    if (installed.length === 0) return { on: false, detail: 'not installed (Bulkhead: Install Agent Hooks)' };
    const statuses = this.inspect(installed);
    const bad = statuses.filter((s) => s.state !== 'ok');
    if (bad.length > 0) return { on: false, detail: `${bad.map((s) => `${agentSpecs[s.agent].name} ${s.state === 'absent' ? 'removed' : s.state}`).join(', ')} — Bulkhead: Repair Agent Hooks` };
    return { on: true, detail: failureSummary(installed, this.deps.confirmationTimeoutSeconds()) };
  }

  /** Shows what would be written, asks, and writes. Returns the agents installed (empty when declined). */
  async install(requested?: readonly AgentId[]): Promise<AgentId[]> {
    return this.exclusive(() => this.installNow(requested));
  }

  private async installNow(requested?: readonly AgentId[]): Promise<AgentId[]> {
    const detected = this.detect();
    let agents = requested ? [...requested] : await this.pick(detected);
    if (!agents || agents.length === 0) return [];
    agents = agentIds.filter((a) => agents!.includes(a));
    const options = this.installOptions();
    const deny = this.deps.secretHiding.current().claudeDeny;
    const state = this.state();
    const files = workspaceFiles(this.deps.root);
    const plans: InstallPlan[] = [];
    for (const agent of agents) {
      try {
        const plan = planInstall(agent, files, options, agent === 'claude' ? { desired: deny, owned: state.ownedDeny } : undefined);
        plans.push({ ...plan, agent, writes: plan.writes.map((w) => ({ ...w, before: files.read(w.file) })) });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        void vscode.window.showErrorMessage(`Bulkhead: ${error.message}. Fix the file (or move it aside) and run Install Agent Hooks again; nothing was written.`, { modal: true });
        this.deps.logger.error(error.message);
        return [];
      }
    }
    const unavailable = plans.filter((p) => p.unavailable !== undefined);
    if (unavailable.length === plans.length) {
      void vscode.window.showWarningMessage(`Bulkhead: nothing to install: ${unavailable.map((p) => `${agentSpecs[p.agent].name}: ${p.unavailable}`).join('; ')}.`);
      return [];
    }
    const ignorePlans = this.deps.secretHiding.plan(configuredIgnoreFiles());
    const detail = this.describePlan(plans, ignorePlans, detected, options);
    for (;;) {
      const answer = await this.ask(`Install Bulkhead's hooks for ${agents.map((a) => agentSpecs[a].name).join(', ')}?`, detail, [
        { id: 'install', title: 'Install' },
        { id: 'preview', title: 'Preview Files…' },
      ]);
      if (answer === 'preview') {
        await this.preview(plans, ignorePlans);
        continue;
      }
      if (answer !== 'install') {
        this.deps.logger.info('agent hooks: installation declined');
        return [];
      }
      break;
    }
    const created = new Set(state.created);
    let ownedDeny = state.ownedDeny;
    for (const plan of plans) {
      for (const c of applyWrites(this.deps.root, plan.writes, [...created])) created.add(c);
      if (plan.agent === 'claude') ownedDeny = [...plan.ownedDeny];
      this.deps.logger.info(`agent hooks: ${agentSpecs[plan.agent].file}: ${plan.unavailable ?? (plan.actions.join('; ') || 'already in place')}`);
    }
    const installed = plans.filter((p) => p.unavailable === undefined).map((p) => p.agent);
    await this.deps.secretHiding.install(configuredIgnoreFiles());
    await this.saveState({ agents: [...new Set([...state.agents, ...installed])], created: [...created], ownedDeny: [...ownedDeny] });
    this.lastReported = '';
    this.changed.fire();
    const restart = installed.includes('cursor') ? ' Restart Cursor so it reads .cursor/hooks.json.' : '';
    const skipped = unavailable.map((p) => ` Not installed for ${agentSpecs[p.agent].name}: ${p.unavailable}.`).join('');
    void vscode.window.showInformationMessage(`Bulkhead: hooks installed for ${installed.map((a) => agentSpecs[a].name).join(', ')}.${restart}${skipped} Run the self-test to see that they stop a production command.`, 'Run Self-Test')
      .then((choice) => (choice ? vscode.commands.executeCommand('bulkhead.runSelfTest') : undefined));
    return installed;
  }

  /** Puts back every installed entry and ignore block; asks first unless the user just clicked Repair. */
  async repair(confirmed = false): Promise<boolean> {
    return this.exclusive(() => this.repairNow(confirmed));
  }

  private async repairNow(confirmed = false): Promise<boolean> {
    const state = this.state();
    if (state.agents.length === 0) {
      const choice = await vscode.window.showInformationMessage('Bulkhead: no agent hooks are installed in this workspace.', 'Install Agent Hooks…');
      if (choice) await this.install();
      return false;
    }
    const broken = this.inspect(state.agents).filter((s) => s.state !== 'ok');
    const ignore = this.deps.secretHiding.problems();
    if (broken.length === 0 && ignore.length === 0) {
      if (!confirmed) void vscode.window.showInformationMessage(`Bulkhead: the hooks for ${state.agents.map((a) => agentSpecs[a].name).join(', ')} are in place; nothing to repair.`);
      return true;
    }
    if (!confirmed) {
      const detail = [...broken.flatMap((s) => s.problems.map((p) => `• ${agentSpecs[s.agent].name}: ${p}`)), ...ignore.map((p) => `• ${p.message}`)].join('\n');
      if ((await this.ask('Repair Bulkhead\'s agent hooks?', `${detail}\n\nOnly Bulkhead's own entries are rewritten.`, [{ id: 'repair', title: 'Repair' }])) !== 'repair') return false;
    }
    const options = this.installOptions();
    const deny = this.deps.secretHiding.current().claudeDeny;
    const created = new Set(state.created);
    let ownedDeny = state.ownedDeny;
    let ok = true;
    const files = workspaceFiles(this.deps.root);
    for (const status of broken) {
      const file = agentSpecs[status.agent].file;
      try {
        const result = planInstall(status.agent, files, options, status.agent === 'claude' ? { desired: deny, owned: ownedDeny } : undefined);
        for (const c of applyWrites(this.deps.root, result.writes, [...created])) created.add(c);
        if (status.agent === 'claude') ownedDeny = [...result.ownedDeny];
        this.deps.logger.info(`agent hooks: repaired ${file}: ${result.unavailable ?? result.actions.join('; ')}`);
      } catch (error) {
        ok = false;
        const message = error instanceof ConfigError ? error.message : `${file}: ${(error as Error).message}`;
        this.deps.logger.error(`agent hooks: repair failed: ${message}`);
        void vscode.window.showErrorMessage(`Bulkhead: ${message}. Fix the file, then repair again.`, 'Open File').then((c) => (c ? vscode.window.showTextDocument(vscode.Uri.file(this.path(this.fileToShow(status.agent)))) : undefined));
      }
    }
    if (ignore.length > 0) await this.deps.secretHiding.install(this.deps.secretHiding.maintained);
    await this.saveState({ ...state, created: [...created], ownedDeny: [...ownedDeny] });
    this.lastReported = '';
    this.changed.fire();
    return ok;
  }

  /** Takes every Bulkhead entry, deny rule and ignore block back out, after asking. */
  async remove(confirmed = false): Promise<boolean> {
    return this.exclusive(() => this.removeNow(confirmed));
  }

  private async removeNow(confirmed = false): Promise<boolean> {
    const state = this.state();
    const hookFiles = state.agents.map((a) => agentSpecs[a].file);
    const ignoreWithBlock = this.deps.secretHiding.maintained;
    if (hookFiles.length === 0 && ignoreWithBlock.length === 0) {
      void vscode.window.showInformationMessage('Bulkhead: no agent hooks are installed in this workspace.');
      return false;
    }
    if (!confirmed) {
      const detail = [
        ...hookFiles.map((f) => `• ${f}: Bulkhead's hook entries${f.startsWith('.claude') && state.ownedDeny.length ? ` and ${state.ownedDeny.length} permissions.deny rule(s)` : ''}`),
        ...(ignoreWithBlock.length ? [`• ${ignoreWithBlock.join(', ')}: the managed block`] : []),
        '',
        'Files Bulkhead created are deleted; in the others only Bulkhead\'s entries go and everything else stays as it was (a hook section left empty is removed with them). Agents will then run commands and read secret files without Bulkhead\'s check.',
      ].join('\n');
      if ((await this.ask('Remove Bulkhead\'s agent hooks?', detail, [{ id: 'remove', title: 'Remove' }])) !== 'remove') return false;
    }
    const cli = this.hookCommand().cli;
    const created = new Set(state.created);
    const failed: AgentId[] = [];
    const files = workspaceFiles(this.deps.root);
    for (const agent of state.agents) {
      const file = agentSpecs[agent].file;
      try {
        const touched = agentFiles(agent, files);
        const result = planRemoval(agent, files, { cli, created: [...created], ownedDeny: state.ownedDeny });
        applyWrites(this.deps.root, result.writes, [...created]);
        for (const f of [...touched, ...result.writes.map((w) => w.file)]) for (const c of [...created]) if (c === f || f.startsWith(`${c}/`)) created.delete(c);
        this.deps.logger.info(`agent hooks: ${file}: ${result.actions.join('; ') || 'nothing of Bulkhead\'s left'}`);
      } catch (error) {
        failed.push(agent);
        const message = error instanceof ConfigError ? error.message : `${file}: ${(error as Error).message}`;
        this.deps.logger.error(`agent hooks: could not remove: ${message}`);
        void vscode.window.showErrorMessage(`Bulkhead: ${message}.`);
      }
    }
    await this.deps.secretHiding.removeAll();
    await this.saveState({ agents: failed, created: [...created], ownedDeny: failed.includes('claude') ? state.ownedDeny : [] });
    this.lastReported = '';
    this.changed.fire();
    return failed.length === 0;
  }

  /** Reports installed entries or ignore blocks that an edit removed or weakened, once per distinct problem. */
  check(): { agents: ConfigStatus[]; ignore: string[] } {
    const agents = this.inspect().filter((s) => s.state !== 'ok');
    const ignore = this.deps.secretHiding.problems().map((p) => p.message);
    this.changed.fire();
    const problems = [...agents.flatMap((s) => s.problems.map((p) => `${agentSpecs[s.agent].name}: ${p}`)), ...ignore];
    const signature = problems.join('\n');
    if (signature === this.lastReported) return { agents, ignore };
    this.lastReported = signature;
    if (problems.length === 0) return { agents, ignore };
    this.deps.logger.warn(`agent hooks weakened:\n  ${problems.join('\n  ')}`);
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    const file = agents[0] ? this.fileToShow(agents[0].agent) : undefined;
    void vscode.window.showWarningMessage(`Bulkhead: an edit weakened the agent guard: ${first}${more}. Until it is repaired, agents may act on production unchecked.`, 'Repair', ...(file ? ['Show File'] : []))
      .then(async (choice) => {
        if (choice === 'Repair') await this.repair(true);
        else if (choice === 'Show File' && file) await vscode.window.showTextDocument(vscode.Uri.file(this.path(file)));
      });
    return { agents, ignore };
  }

  dispose(): void {
    if (this.checkTimer) clearTimeout(this.checkTimer);
    for (const d of this.disposables) d.dispose();
  }

  private async exclusive<T>(operation: () => Promise<T>): Promise<T> {
    this.operations++;
    if (this.checkTimer) clearTimeout(this.checkTimer);
    try {
      return await operation();
    } finally {
      this.operations--;
      this.scheduleCheck();
    }
  }

  private scheduleCheck(): void {
    if (this.checkTimer) clearTimeout(this.checkTimer);
    // Bulkhead's own writes fire the watcher too; they leave sound entries, so check() stays quiet.
    this.checkTimer = setTimeout(() => {
      this.checkTimer = undefined;
      if (this.operations === 0) this.check();
    }, 400);
  }

  private syncDeny(): void {
    const state = this.state();
    if (!state.agents.includes('claude')) return;
    const file = agentSpecs.claude.file;
    try {
      const before = readConfigFile(this.path(file));
      if (before === undefined) return;
      const result = syncClaudeDeny(file, before, { desired: this.deps.secretHiding.current().claudeDeny, owned: state.ownedDeny });
      if (result.changed) {
        writeConfigFile(this.deps.root, file, result.text);
        this.deps.logger.info(`agent hooks: ${file}: ${result.actions.join('; ')}`);
      }
      void this.saveState({ ...state, ownedDeny: [...result.ownedDeny] });
    } catch (error) {
      this.deps.logger.warn(`agent hooks: could not update Claude Code's deny rules: ${(error as Error).message}`);
    }
  }

  private async pick(detected: readonly DetectedAgent[]): Promise<AgentId[] | undefined> {
    const items = detected.map((d) => ({
      label: agentSpecs[d.id].name,
      description: d.evidence ? `detected: ${d.evidence}` : 'not detected',
      detail: agentSpecs[d.id].file,
      picked: d.evidence !== undefined,
      id: d.id,
    }));
    const unsupported = this.unsupportedAgents();
    const chosen = await vscode.window.showQuickPick(items, {
      title: 'Bulkhead: Install Agent Hooks',
      placeHolder: `Agents to guard in this workspace${unsupported.length ? ` (also found: ${unsupported.map((u) => u.split(' (')[0]).join(', ')})` : ''}`,
      canPickMany: true,
      ignoreFocusOut: true,
    });
    return chosen?.map((c) => c.id);
  }

  private describePlan(
    plans: readonly InstallPlan[],
    ignorePlans: readonly IgnorePlan[],
    detected: readonly DetectedAgent[],
    options: InstallOptions,
  ): string {
    const rendered = renderCommand(options.command);
    const lines: string[] = [
      `Every hook runs: ${rendered.posix}${options.command.runtime.electron ? ' (no Node ≥ 20 on PATH: the editor runs as Node)' : ''}`,
      `Timeout ${hookTimeoutSeconds(options.confirmationTimeoutSeconds)} s (the confirmation waits ${options.confirmationTimeoutSeconds} s).`,
      '',
    ];
    for (const plan of plans) {
      const verb = plan.unavailable !== undefined ? 'not installed' : plan.writes.length === 0 ? 'unchanged' : plan.writes.every((w) => w.before === undefined) ? 'create' : 'add to';
      const why = detected.find((d) => d.id === plan.agent)?.evidence;
      const what = plan.unavailable !== undefined ? `${plan.unavailable[0].toUpperCase()}${plan.unavailable.slice(1)}.` : plan.actions.join('; ') || 'Already in place.';
      lines.push(`• ${agentSpecs[plan.agent].file} (${agentSpecs[plan.agent].name}${why ? `, ${why}` : ''}): ${verb}. ${what}`);
      const caveat = agentSpecs[plan.agent].caveat;
      if (caveat) lines.push(`  ${caveat}`);
    }
    const changing = ignorePlans.filter((p) => p.after !== p.before);
    const set = this.deps.secretHiding.current();
    if (set.ignorePatterns.length === 0) {
      lines.push('• Ignore files: the policy names no secret files of other environments, so none are written now (they follow the policy later).');
    } else if (changing.length > 0) {
      lines.push(`• ${changing.map((p) => p.file).join(', ')}: a managed block hiding ${set.ignorePatterns.length} secret file pattern(s) of ${set.environments.join(', ')} (${changing.filter((p) => p.before === undefined).length} new file(s)).`);
      lines.push(`  Read by ${[...new Set(changing.map((p) => ignoreFileAgents[p.file]))].join(', ')}. These keep files out of indexing and pickers; the hooks are what block reads.`);
    }
    const unsupported = this.unsupportedAgents();
    if (unsupported.length > 0) lines.push(...unsupported.map((u) => `• Not hooked: ${u}`));
    lines.push('', 'Nothing else in these files changes. Bulkhead: Remove Agent Hooks takes it all back out; edits that weaken these entries are reported.');
    return lines.join('\n');
  }

  private async preview(plans: readonly InstallPlan[], ignorePlans: readonly IgnorePlan[]): Promise<void> {
    const parts = ['# What Bulkhead would write', '', 'Nothing has been written yet: answer the dialog to install or cancel.', ''];
    for (const write of plans.flatMap((p) => p.writes)) {
      if (write.text === undefined) continue;
      parts.push(`## ${write.file}${write.before === undefined ? ' (new file)' : ''}`, '', write.file.endsWith('.json') ? '```json' : '```sh', write.text.trimEnd(), '```', '');
    }
    for (const plan of ignorePlans.filter((p) => p.after !== p.before)) {
      parts.push(`## ${plan.file}${plan.before === undefined ? ' (new file)' : ''}`, '', '```gitignore', (plan.after ?? '').trimEnd(), '```', '');
    }
    const doc = await vscode.workspace.openTextDocument({ content: parts.join('\n'), language: 'markdown' });
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  private state(): InstalledState {
    const s = this.deps.context.workspaceState.get<Partial<InstalledState>>(stateKey);
    return {
      agents: (s?.agents ?? []).filter((a): a is AgentId => agentIds.includes(a)),
      created: Array.isArray(s?.created) ? s!.created.filter((c) => typeof c === 'string') : [],
      ownedDeny: Array.isArray(s?.ownedDeny) ? s!.ownedDeny.filter((c) => typeof c === 'string') : [],
    };
  }

  private async saveState(state: InstalledState): Promise<void> {
    await this.deps.context.workspaceState.update(stateKey, state.agents.length === 0 && state.created.length === 0 && state.ownedDeny.length === 0 ? undefined : state);
  }

  /** The file a report opens: Kiro's first agent file rather than its folder. */
  private fileToShow(agent: AgentId): string {
    return agentFiles(agent, workspaceFiles(this.deps.root))[0] ?? agentSpecs[agent].file;
  }

  private path(file: string): string {
    return join(this.deps.root, ...file.split('/'));
  }
}

/** What an install will write for one agent, with each file's text before it. */
interface InstallPlan {
  readonly agent: AgentId;
  readonly writes: readonly (FileWrite & { readonly before?: string })[];
  readonly actions: readonly string[];
  readonly ownedDeny: readonly string[];
  readonly unavailable?: string;
}

function pickAgents(arg: unknown): AgentId[] | undefined {
  const list = Array.isArray(arg) ? arg : typeof arg === 'object' && arg !== null && Array.isArray((arg as { agents?: unknown }).agents) ? (arg as { agents: unknown[] }).agents : undefined;
  return list?.filter((a): a is AgentId => typeof a === 'string' && (agentIds as readonly string[]).includes(a));
}

