import * as vscode from 'vscode';
import { builtinPolicy, type Diagnostic, type Policy } from '../core/policy/load';
import { findPolicyFile, policyFileName, readPolicyFile } from '../node/policyFile';
import type { Logger } from './logger';

/**
 * The workspace's policy: `.bulkhead.yaml` at (or above) the first workspace folder, reloaded on
 * change. A file with errors keeps the last good policy and shows where it broke.
 */
export class PolicyManager implements vscode.Disposable {
  private current: Policy;
  private _problem?: string;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('bulkhead');
  private readonly emitter = new vscode.EventEmitter<Policy>();
  private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.emitter];
  readonly onDidChange = this.emitter.event;

  constructor(private readonly root: string, private readonly logger: Logger) {
    this.current = builtinPolicy(root);
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${policyFileName}`);
    this.disposables.push(watcher, watcher.onDidChange(() => this.reload()), watcher.onDidCreate(() => this.reload()), watcher.onDidDelete(() => this.reload()));
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
    const result = readPolicyFile(file);
    this.showDiagnostics(file, result.diagnostics);
    if (result.policy) {
      this._problem = undefined;
      this.current = result.policy;
      this.logger.info(`policy loaded from ${file}: ${result.policy.environments.map((e) => `${e.name} (${e.protection})`).join(', ')}`);
    } else {
      const first = result.diagnostics.find((d) => d.severity === 'error') ?? result.diagnostics[0];
      const problem = `${policyFileName} has errors${first ? ` (line ${first.line}: ${first.message})` : ''}; the last good policy stays in force`;
      // A save fires the watcher more than once: the same error is reported once, a new one again.
      if (problem !== this._problem) {
        this.logger.error(problem);
        void vscode.window.showWarningMessage(`Bulkhead: ${problem}.`);
      }
      this._problem = problem;
    }
    this.emitter.fire(this.current);
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
