import * as vscode from 'vscode';
import type { Policy } from '../core/policy/load';
import type { GuardFiles } from '../node/guard/files';
import type { Logger } from './logger';
import { readOnlyName } from '../core/statusRender';

export interface GuardConnection {
  readonly address: string;
  readonly token: string;
}

/**
 * The environment of every VS Code terminal (through environmentVariableCollection): the shim
 * directory first on PATH, BASH_ENV, the IPC address and token, and the credentials of
 * environments other than the active one replaced by empty values.
 */
export class TerminalGuard implements vscode.Disposable {
  private enabled = false;

  constructor(
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
    private readonly files: GuardFiles,
    private readonly connection: GuardConnection,
    private readonly cli: string | undefined,
    private readonly logger: Logger,
  ) {}

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** Variables blanked for `active` under `policy`: every credential of another environment. */
  static blankedCredentials(policy: Policy, active: string): string[] {
    const keep = new Set(active === readOnlyName ? [] : (policy.byName.get(active)?.credentials ?? []).map((c) => c.name));
    const blank = new Set<string>();
    for (const env of policy.environments) {
      if (env.name === active) continue;
      for (const c of env.credentials) if (!keep.has(c.name)) blank.add(c.name);
    }
    return [...blank].sort();
  }

  /** `sealed`: the sealed values of the active environment, for new terminals only (the collection is not persistent). */
  apply(policy: Policy, active: string, enabled: boolean, sealed: ReadonlyMap<string, string> = new Map()): void {
    const c = this.collection;
    c.clear();
    this.enabled = enabled;
    if (!enabled) {
      c.description = 'Bulkhead terminal guard is off (setting bulkhead.terminalGuard.enabled).';
      this.logger.info('terminal guard disabled by settings');
      return;
    }
    // Terminals restored before activation must not use a stale socket or token: not persistent.
    c.persistent = false;
    const both = { applyAtProcessCreation: true, applyAtShellIntegration: true };
    const sep = process.platform === 'win32' ? ';' : ':';
    c.prepend('PATH', this.files.shimDir + sep, both);
    c.replace('BASH_ENV', this.files.bashEnv, { applyAtProcessCreation: true });
    if (process.env.BASH_ENV && process.env.BASH_ENV !== this.files.bashEnv) c.replace('BULKHEAD_ORIG_BASH_ENV', process.env.BASH_ENV);
    c.replace('BULKHEAD_IPC', this.connection.address);
    c.replace('BULKHEAD_TOKEN', this.connection.token);
    c.replace('BULKHEAD_NODE', process.execPath);
    const electron = (process.versions as Record<string, string | undefined>).electron;
    const msBuild = (process.versions as Record<string, string | undefined>)['microsoft-build'];
    if (electron && msBuild) c.replace('BULKHEAD_NODE_ARGS', '--ms-enable-electron-run-as-node');
    c.replace('BULKHEAD_CLIENT', this.files.client);
    c.replace('BULKHEAD_SHIM_DIR', this.files.shimDir);
    c.replace('BULKHEAD_ACTIVE', active);
    if (this.cli) c.replace('BULKHEAD_CLI', this.cli);
    const blanked = TerminalGuard.blankedCredentials(policy, active);
    for (const name of blanked) c.replace(name, '');
    for (const [name, value] of sealed) c.replace(name, value);
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**Bulkhead** guards this terminal for the active environment **${active}**: `);
    md.appendMarkdown(`shims for ${this.files.programs.length} infrastructure CLIs come first on PATH and ask Bulkhead before anything that changes infrastructure; `);
    md.appendMarkdown('BASH_ENV checks commands run by non-interactive bash');
    md.appendMarkdown(blanked.length > 0 ? `; credentials of other environments are emptied (${blanked.join(', ')}).` : '.');
    if (sealed.size > 0) md.appendMarkdown(` New terminals receive the sealed values of ${active} (${[...sealed.keys()].join(', ')}) until it is no longer active.`);
    c.description = md;
    this.logger.info(`terminal guard: PATH += ${this.files.shimDir}; BASH_ENV = ${this.files.bashEnv}; active ${active}; blanked ${blanked.join(', ') || 'nothing'}; sealed values given: ${[...sealed.keys()].join(', ') || 'none'}`);
  }

  dispose(): void {
    this.collection.clear();
  }
}
