import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { variableNameFor, withSecretFile } from '../core/credentials/quickFixes';
import type { CredentialFinding } from '../core/credentials/scan';
import type { Policy } from '../core/policy/load';
import { secretOwner } from '../core/secretReads';
import { scanInWorker } from '../node/credentials/scanClient';
import type { WorkspaceScan } from '../node/credentials/workspaceScan';
import type { Logger } from './logger';

export interface CredentialScanOptions {
  readonly extensionPath: string;
  readonly root: string;
  readonly logger: Logger;
  readonly state: vscode.Memento;
  readonly policy: () => Policy;
  readonly enabled: () => boolean;
}

/** Saves within this many milliseconds are scanned together. */
const saveDebounceMs = 300;
const ignoredKey = 'bulkhead.ignoredCredentials';
export const ignoreCommand = 'bulkhead.ignoreCredentialFinding';

/**
 * Stray credentials in the Problems panel: a full scan when the workspace opens and when the policy
 * changes, the saved files on each save, always in a worker thread. Each finding has quick fixes:
 * move it into its environment's secret file, mark its file as that environment's secret, ignore it.
 */
export class CredentialScan implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('bulkhead-credentials');
  private readonly findings = new Map<string, CredentialFinding[]>();
  private readonly disposables: vscode.Disposable[] = [this.diagnostics];
  private readonly pendingSaves = new Set<string>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly options: CredentialScanOptions) {
    this.disposables.push(
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      vscode.commands.registerCommand(ignoreCommand, (file: unknown, fingerprint: unknown) => this.ignore(String(file), String(fingerprint))),
      vscode.workspace.onDidSaveTextDocument((doc) => this.saved(doc)),
    );
  }

  /** Scans the whole workspace; resolves with what the scan found, or with why it could not run. */
  scanAll(): Promise<WorkspaceScan | string> {
    return this.enqueue(undefined);
  }

  private saved(doc: vscode.TextDocument): void {
    if (!this.options.enabled() || doc.uri.scheme !== 'file') return;
    const rel = this.relative(doc.uri.fsPath);
    if (rel === undefined) return;
    this.pendingSaves.add(rel);
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      const files = [...this.pendingSaves];
      this.pendingSaves.clear();
      const policy = this.options.policy();
      // A secret file or the policy changes whose every value is: everything is scanned again.
      const everything = files.some((f) => f.endsWith('.bulkhead.yaml') || secretOwner(policy, join(policy.root, f)));
      void this.enqueue(everything ? undefined : files);
    }, saveDebounceMs);
  }

  /** One scan at a time, in order: a save during a full scan waits for it. */
  private enqueue(only: readonly string[] | undefined): Promise<WorkspaceScan | string> {
    const next = this.running.then(() => this.run(only));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async run(only: readonly string[] | undefined): Promise<WorkspaceScan | string> {
    if (this.disposed) return 'the extension is shutting down';
    const policy = this.options.policy();
    const reply = await scanInWorker(join(this.options.extensionPath, 'dist', 'scanWorker.js'), {
      dir: policy.file ? policy.root : this.options.root, policyFile: policy.file || undefined, only, env: process.env,
    });
    if ('error' in reply) {
      this.options.logger.warn(`credential scan: ${reply.error}`);
      return reply.error;
    }
    const { result } = reply;
    if (this.disposed) return result;
    if (!only) this.findings.clear();
    for (const file of only ?? []) this.findings.delete(file);
    for (const f of result.findings) {
      const list = this.findings.get(f.file) ?? [];
      list.push(f);
      this.findings.set(f.file, list);
    }
    this.render(only);
    this.options.logger.info(`credential scan: ${result.findings.length} found in ${result.filesScanned} files, ${result.ms} ms${result.incomplete ? `; incomplete: ${result.incomplete}` : ''}`);
    if (result.incomplete && !only) void vscode.window.showWarningMessage(`Bulkhead: the credential scan ${result.incomplete}.`);
    return result;
  }

  private render(only: readonly string[] | undefined): void {
    const ignored = new Set(this.options.state.get<string[]>(ignoredKey, []));
    const root = this.options.policy().root || this.options.root;
    if (!only) this.diagnostics.clear();
    const files = only ?? [...this.findings.keys()];
    for (const file of files) {
      const shown = (this.findings.get(file) ?? []).filter((f) => !ignored.has(ignoreKey(f)));
      this.diagnostics.set(vscode.Uri.file(join(root, file)), shown.map(toDiagnostic));
    }
  }

  private async ignore(file: string, fingerprint: string): Promise<void> {
    const ignored = new Set(this.options.state.get<string[]>(ignoredKey, []));
    ignored.add(`${file}#${fingerprint}`);
    await this.options.state.update(ignoredKey, [...ignored]);
    this.render([file]);
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const rel = this.relative(document.uri.fsPath);
    if (rel === undefined) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'Bulkhead') continue;
      const finding = (this.findings.get(rel) ?? []).find((f) => f.line - 1 === diagnostic.range.start.line && f.column - 1 === diagnostic.range.start.character);
      if (!finding) continue;
      actions.push(...this.fixesFor(document, diagnostic, finding));
    }
    return actions;
  }

  private fixesFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, finding: CredentialFinding): vscode.CodeAction[] {
    const policy = this.options.policy();
    const actions: vscode.CodeAction[] = [];
    const env = finding.environment ? policy.byName.get(finding.environment) : undefined;
    const secretFile = env?.secrets.map((m) => m.pattern.replace(/^\.\//, '')).find((p) => !/[*?[\]{}!]/.test(p));
    if (env && secretFile) {
      const move = new vscode.CodeAction(`Move the ${finding.label} into ${secretFile}`, vscode.CodeActionKind.QuickFix);
      move.diagnostics = [diagnostic];
      move.isPreferred = true;
      const line = document.lineAt(diagnostic.range.start.line).text;
      const name = variableNameFor(line.slice(0, diagnostic.range.start.character), env.name, finding.kind);
      // The value is read from the document when the fix is built; it is never kept or logged.
      const value = document.getText(diagnostic.range);
      const target = vscode.Uri.file(join(policy.root, secretFile));
      const edit = new vscode.WorkspaceEdit();
      const existing = existsSync(target.fsPath) ? readFileSync(target.fsPath, 'utf8') : undefined;
      if (existing === undefined) edit.createFile(target, { ignoreIfExists: true });
      const end = existing === undefined ? new vscode.Position(0, 0) : endOf(existing);
      const lead = existing && !existing.endsWith('\n') ? '\n' : '';
      edit.insert(target, end, `${lead}${name}=${value}\n`);
      edit.replace(document.uri, diagnostic.range, `\${${name}}`);
      move.edit = edit;
      actions.push(move);
    }
    if (env && policy.file) {
      const mark = new vscode.CodeAction(`Mark ${finding.file} as a secret file of ${env.name}`, vscode.CodeActionKind.QuickFix);
      mark.diagnostics = [diagnostic];
      const text = readFileSync(policy.file, 'utf8');
      const updated = withSecretFile(text, env.name, finding.file);
      if (updated !== undefined && updated !== text) {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(vscode.Uri.file(policy.file), new vscode.Range(new vscode.Position(0, 0), endOf(text)), updated);
        mark.edit = edit;
        actions.push(mark);
      }
    }
    if (finding.fingerprint) {
      const ignore = new vscode.CodeAction('Ignore this credential finding', vscode.CodeActionKind.QuickFix);
      ignore.diagnostics = [diagnostic];
      ignore.command = { command: ignoreCommand, title: 'Ignore this credential finding', arguments: [finding.file, finding.fingerprint] };
      actions.push(ignore);
    }
    return actions;
  }

  private relative(path: string): string | undefined {
    const root = this.options.policy().root || this.options.root;
    const rel = relative(root, path).replace(/\\/g, '/');
    return rel && !rel.startsWith('..') ? rel : undefined;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.saveTimer);
    for (const d of this.disposables.reverse()) d.dispose();
  }
}

function ignoreKey(f: CredentialFinding): string {
  return `${f.file}#${f.fingerprint}`;
}

function toDiagnostic(f: CredentialFinding): vscode.Diagnostic {
  const range = new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
  const d = new vscode.Diagnostic(range, f.message, f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = 'Bulkhead';
  d.code = f.kind;
  return d;
}

function endOf(text: string): vscode.Position {
  const lines = text.split('\n');
  return new vscode.Position(lines.length - 1, lines[lines.length - 1].length);
}
