import * as vscode from 'vscode';
import { loosens, type PolicyChange, policyChanges } from '../core/policy/changes';
import { builtinPolicy, type Diagnostic, type Policy } from '../core/policy/load';
import { findPolicyFile, policyFileName, policyInForce, readAcceptedPolicy, readPolicyFile, writeAcceptedPolicy } from '../node/policyFile';
import type { Logger } from './logger';

export interface PolicyManagerOptions {
  /** The modal that shows a loosening change; true when the human accepts it. */
  confirmLoosening(file: string, changes: readonly PolicyChange[]): Promise<boolean>;
  /** Workspace Trust: an untrusted workspace's policy may only tighten the built-in one, and nothing is written. */
  trusted(): boolean;
  readonly home?: string;
}

/**
 * The workspace's policy: `.bulkhead.yaml` at (or above) the first workspace folder, reloaded on
 * change. A file with errors keeps the last good policy and shows where it broke. A change that
 * only tightens the policy a human last accepted applies at once (and becomes the accepted one); a
 * change that loosens anything waits for a human in a modal, the accepted policy in force meanwhile.
 */
export class PolicyManager implements vscode.Disposable {
  private current: Policy;
  private _problem?: string;
  /** The loosening text being asked about, or declined: asked once per text, not on every save. */
  private askedText?: string;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('bulkhead');
  private readonly emitter = new vscode.EventEmitter<Policy>();
  private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.emitter];
  readonly onDidChange = this.emitter.event;

  constructor(private readonly root: string, private readonly logger: Logger, private readonly options: PolicyManagerOptions) {
    this.current = builtinPolicy(root);
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${policyFileName}`);
    this.disposables.push(watcher, watcher.onDidChange(() => this.reload()), watcher.onDidCreate(() => this.reload()), watcher.onDidDelete(() => this.reload()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()));
    this.reload();
  }

  get policy(): Policy {
    return this.current;
  }

  get problem(): string | undefined {
    return this._problem;
  }

  reload(): void {
    const file = findPolicyFile(this.root);
    this.diagnostics.clear();
    if (!file) {
      this._problem = undefined;
      this.current = builtinPolicy(this.root);
      this.logger.info(`no ${policyFileName} found from ${this.root}: using the built-in policy`);
      this.emitter.fire(this.current);
      return;
    }
    if (!this.options.trusted()) this.loadUntrusted(file);
    else this.loadTrusted(file);
    this.emitter.fire(this.current);
  }

  private loadTrusted(file: string): void {
    const result = policyInForce(file, this.options.home);
    this.showDiagnostics(file, result.diagnostics);
    if (!result.policy) {
      this.keepLastGood(result.diagnostics);
      return;
    }
    this.current = result.policy;
    if (result.pending) {
      this._problem = `${policyFileName} was changed in ways that loosen the policy you accepted (${result.pending.changes.filter((c) => c.direction === 'loosen').map((c) => c.text).join('; ')}); the accepted policy stays in force until you accept the change`;
      this.logger.warn(this._problem);
      this.askAbout(file, result.pending.text, result.pending.changes);
      return;
    }
    const errors = result.diagnostics.find((d) => d.severity === 'error');
    if (errors) {
      const problem = `${policyFileName} has errors (line ${errors.line}: ${errors.message}); the policy you accepted stays in force`;
      if (problem !== this._problem) this.logger.error(problem);
      this._problem = problem;
      return;
    }
    this._problem = undefined;
    this.askedText = undefined;
    // First sight of a file, or a change that only tightens: it becomes the accepted policy.
    if (result.text !== undefined && readAcceptedPolicy(file, this.options.home)?.text !== result.text) {
      try {
        writeAcceptedPolicy(file, result.text, this.options.home);
      } catch (err) {
        this.logger.error(`cannot record the accepted policy: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.logger.info(`policy loaded from ${file}: ${result.policy.environments.map((e) => `${e.name} (${e.protection})`).join(', ')}`);
  }

  private askAbout(file: string, text: string, changes: readonly PolicyChange[]): void {
    if (this.askedText === text) return;
    this.askedText = text;
    void this.options.confirmLoosening(file, changes).then((accepted) => {
      if (!accepted) {
        this.logger.warn(`the loosening change to ${file} was not accepted; the accepted policy stays in force`);
        return;
      }
      writeAcceptedPolicy(file, text, this.options.home);
      this.logger.info(`the change to ${file} was accepted`);
      this.reload();
    }, (err: unknown) => this.logger.error(`the policy change modal failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** Untrusted: the file applies only when it loosens nothing the built-in policy holds; nothing is recorded. */
  private loadUntrusted(file: string): void {
    const result = readPolicyFile(file);
    this.showDiagnostics(file, result.diagnostics);
    if (!result.policy) {
      this.keepLastGood(result.diagnostics);
      return;
    }
    const builtin = builtinPolicy(this.root);
    const changes = policyChanges(builtin, result.policy);
    if (loosens(changes)) {
      this.current = builtin;
      this._problem = `this workspace is not trusted, and its ${policyFileName} loosens Bulkhead's built-in policy (${changes.filter((c) => c.direction === 'loosen').map((c) => c.text).join('; ')}); the built-in policy is in force until you trust the workspace`;
      this.logger.warn(this._problem);
      return;
    }
    this._problem = undefined;
    this.current = result.policy;
    this.logger.info(`policy loaded from ${file} in an untrusted workspace: it only tightens the built-in policy`);
  }

  private keepLastGood(diagnostics: readonly Diagnostic[]): void {
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
    const problem = `${policyFileName} has errors${first ? ` (line ${first.line}: ${first.message})` : ''}; the last good policy stays in force`;
    // A save fires the watcher more than once: the same error is reported once, a new one again.
    if (problem !== this._problem) {
      this.logger.error(problem);
      void vscode.window.showWarningMessage(`Bulkhead: ${problem}.`);
    }
    this._problem = problem;
  }

  private showDiagnostics(file: string, diagnostics: readonly Diagnostic[]): void {
    const items = diagnostics.map((d) => {
      const range = new vscode.Range(Math.max(0, d.line - 1), Math.max(0, d.column - 1), Math.max(0, d.endLine - 1), Math.max(0, d.endColumn - 1));
      const item = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      item.source = 'bulkhead';
      return item;
    });
    this.diagnostics.set(vscode.Uri.file(file), items);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
