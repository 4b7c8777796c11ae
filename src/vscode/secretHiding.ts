import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Policy } from '../core/policy/load';
import { secretOwner } from '../core/secretReads';
import {
  applyBlock, hiddenEnvironments, type IgnoreFileName, ignoreFileAgents, ignoreFileNames, inspectBlock, type MarkedFile, readBlock, readMarker,
  readTextFile, removeBlock, scanMarkedFiles, secretSet, type SecretSet, skippedDirectories, writeIgnoreFile,
} from '../node/ignoreFiles';
import type { Logger } from './logger';
import { readSettings } from './settings';

export interface SecretHidingDeps {
  /** The workspace folder whose ignore files are kept. */
  readonly root: string;
  readonly logger: Logger;
  /** Workspace state: which ignore files Bulkhead maintains here. */
  readonly state: vscode.Memento;
  policy(): Policy;
  active(): string;
  /** Workspace Trust: an untrusted workspace gets nothing written into it. */
  trusted(): boolean;
}

export interface IgnorePlan {
  readonly file: IgnoreFileName;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

export interface IgnoreProblem {
  readonly file: IgnoreFileName;
  readonly message: string;
}

const stateKey = 'bulkhead.secretHiding.files';

/** The ignore files Install writes: the setting, else all of them. */
export function configuredIgnoreFiles(): IgnoreFileName[] {
  return [...readSettings().ignoreFiles];
}

/**
 * Keeps the secret files of other environments (and of critical ones) out of agents' context: the
 * managed block of each ignore file Bulkhead maintains follows the policy and the active
 * environment, and a file decoration marks every secret file with its environment.
 *
 * The blocks are written only after the user agreed (Bulkhead: Install Agent Hooks); from then on
 * they are updated without asking, because an update only ever follows the policy the user wrote.
 */
export class SecretHiding implements vscode.Disposable, vscode.FileDecorationProvider {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly decorationsChanged = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  private readonly secretsChanged = new vscode.EventEmitter<SecretSet>();
  readonly onDidChangeFileDecorations = this.decorationsChanged.event;
  /** Fires when the set of hidden files changes (policy, active environment, a marker comment). */
  readonly onDidChangeSecrets = this.secretsChanged.event;
  private marked = new Map<string, string>();
  private scanned = false;
  private last?: SecretSet;
  /** The text Bulkhead last wrote per file, so its own writes are not reported as edits. */
  private readonly written = new Map<string, string | undefined>();
  /** Folders created since the last look (relative): scanned together, shortly after. */
  private readonly createdFolders = new Set<string>();
  private folderTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly deps: SecretHidingDeps) {
    this.disposables.push(this.decorationsChanged, this.secretsChanged, vscode.window.registerFileDecorationProvider(this));
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(deps.root, '**/*'));
    const onFile = (uri: vscode.Uri) => this.fileChanged(uri);
    this.disposables.push(watcher, watcher.onDidChange(onFile), watcher.onDidCreate((uri) => this.fileCreated(uri)), watcher.onDidDelete((uri) => this.fileDeleted(uri)));
    this.disposables.push({ dispose: () => clearTimeout(this.folderTimer) });
    // The first scan waits for activation to finish: it reads the head of every file in the folder.
    const timer = setTimeout(() => this.scan(), 1000);
    this.disposables.push({ dispose: () => clearTimeout(timer) });
  }

  /** The ignore files Bulkhead maintains in this workspace. */
  get maintained(): IgnoreFileName[] {
    const stored = this.deps.state.get<string[]>(stateKey) ?? [];
    return ignoreFileNames.filter((n) => stored.includes(n));
  }

  /** The hidden set for the current policy and environment. */
  current(): SecretSet {
    return secretSet(this.deps.policy(), this.deps.active(), this.deps.root, this.markedFiles());
  }

  /** What Install would write, file by file (undefined `after`: the file would be deleted). */
  plan(files: readonly IgnoreFileName[] = configuredIgnoreFiles()): IgnorePlan[] {
    const set = this.current();
    return files.map((file) => {
      const before = readTextFile(this.path(file));
      return { file, before, after: applyBlock(before, set.ignorePatterns, set.environments) };
    });
  }

  /** Starts maintaining `files` and writes their blocks. */
  async install(files: readonly IgnoreFileName[] = configuredIgnoreFiles()): Promise<string[]> {
    await this.deps.state.update(stateKey, [...new Set([...this.maintained, ...files])]);
    return this.write(this.maintained);
  }

  /** Removes every Bulkhead block (also from files no longer maintained) and stops maintaining them. */
  async removeAll(): Promise<string[]> {
    const changed: string[] = [];
    for (const file of ignoreFileNames) {
      const path = this.path(file);
      const before = readTextFile(path);
      if (!readBlock(before)) continue;
      const after = removeBlock(before);
      this.written.set(file, after);
      if (writeIgnoreFile(path, before, after)) changed.push(file);
    }
    await this.deps.state.update(stateKey, []);
    if (changed.length > 0) this.deps.logger.info(`secret hiding: removed the managed block from ${changed.join(', ')}`);
    return changed;
  }

  /** Rewrites the blocks for the current policy and environment; call on any change of either. */
  refresh(): void {
    const set = this.current();
    if (!this.last || !sameSet(this.last, set)) {
      this.last = set;
      this.secretsChanged.fire(set);
      this.decorationsChanged.fire(undefined);
      if (set.skipped.length > 0) this.deps.logger.warn(`secret hiding: these secrets lie outside ${this.deps.root} and are only denied to Claude Code: ${set.skipped.join('; ')}`);
    }
    this.write(this.maintained, set);
  }

  /** Blocks that were removed or weakened by an edit Bulkhead did not make. */
  problems(): IgnoreProblem[] {
    const set = this.current();
    const out: IgnoreProblem[] = [];
    for (const file of this.maintained) {
      const text = readTextFile(this.path(file));
      if (set.ignorePatterns.length === 0) continue;
      const status = inspectBlock(text, set.ignorePatterns);
      if (status.state === 'ok') continue;
      out.push({
        file,
        message: status.state === 'absent'
          ? `${file} no longer has Bulkhead's block: ${ignoreFileAgents[file]} may index and show ${set.environments.join(', ')} secrets`
          : `${file} no longer lists ${status.missing.slice(0, 3).join(', ')}${status.missing.length > 3 ? ', …' : ''}${status.missing.length === 0 ? ' (its end marker is gone)' : ''}`,
      });
    }
    return out;
  }

  /** Whether `text` in `file` is exactly what Bulkhead last wrote there. */
  isOwnWrite(file: string, text: string | undefined): boolean {
    return this.written.has(file) && this.written.get(file) === text;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    const policy = this.deps.policy();
    const path = uri.fsPath;
    const rel = this.relative(path);
    const byMarker = rel !== undefined ? this.marked.get(rel) : undefined;
    const env = (byMarker ? policy.byName.get(byMarker) : undefined) ?? secretOwner(policy, path.split('\\').join('/'));
    if (!env) return undefined;
    const hidden = hiddenEnvironments(policy, this.deps.active()).some((e) => e.name === env.name);
    const decoration = new vscode.FileDecoration(
      env.name.slice(0, 1).toUpperCase(),
      hidden
        ? `Secret of ${env.name} (${env.protection}): hidden from AI agents while ${this.deps.active()} is active`
        : `Secret of ${env.name} (${env.protection}): agents may read it while ${env.name} is active`,
      hidden ? new vscode.ThemeColor(env.protection === 'critical' ? 'list.errorForeground' : 'list.warningForeground') : undefined,
    );
    decoration.propagate = false;
    return decoration;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private write(files: readonly IgnoreFileName[], set = this.current()): string[] {
    const changed: string[] = [];
    if (!this.deps.trusted()) return changed;
    for (const file of files) {
      const path = this.path(file);
      try {
        const before = readTextFile(path);
        const after = applyBlock(before, set.ignorePatterns, set.environments);
        this.written.set(file, after);
        if (writeIgnoreFile(path, before, after)) changed.push(file);
      } catch (error) {
        this.deps.logger.error(`secret hiding: could not update ${file}: ${(error as Error).message}`);
      }
    }
    if (changed.length > 0) {
      this.deps.logger.info(`secret hiding: ${set.ignorePatterns.length} secret file pattern(s) of ${set.environments.join(', ') || 'no environment'} in ${changed.join(', ')}`);
    }
    return changed;
  }

  private scan(): void {
    const started = Date.now();
    const result = scanMarkedFiles(this.deps.root);
    this.marked = new Map(result.files.map((f) => [f.path, f.environment]));
    this.scanned = true;
    this.deps.logger.info(`secret hiding: ${result.files.length} file(s) with a "# bulkhead: <environment>" marker (${Date.now() - started} ms${result.truncated ? ', scan stopped at the file limit' : ''})`);
    for (const f of result.files) {
      if (!this.deps.policy().byName.has(f.environment)) this.deps.logger.warn(`secret hiding: ${f.path} is marked for "${f.environment}", which the policy does not define`);
    }
    this.refresh();
  }

  private markedFiles(): MarkedFile[] {
    return [...this.marked].map(([path, environment]) => ({ path, environment }));
  }

  private fileChanged(uri: vscode.Uri): void {
    if (!this.scanned) return;
    const rel = this.relative(uri.fsPath);
    if (rel === undefined || rel.split('/').some((part) => skippedDirectories.has(part))) return;
    const environment = readMarker(uri.fsPath);
    if (environment === this.marked.get(rel)) return;
    if (environment) this.marked.set(rel, environment);
    else this.marked.delete(rel);
    this.refresh();
  }

  /**
   * A folder that arrives with its files (a checkout, a copy, `mkdir -p a && echo … > a/b`) is
   * usually reported as the folder alone: its marked files are found by scanning it.
   */
  private fileCreated(uri: vscode.Uri): void {
    let folder = false;
    try {
      folder = statSync(uri.fsPath).isDirectory();
    } catch {
      return;
    }
    if (!folder) return this.fileChanged(uri);
    const rel = this.relative(uri.fsPath);
    if (!this.scanned || rel === undefined || rel.split('/').some((part) => skippedDirectories.has(part))) return;
    this.createdFolders.add(rel);
    if (this.folderTimer === undefined) this.folderTimer = setTimeout(() => this.scanCreatedFolders(), 200);
  }

  private scanCreatedFolders(): void {
    this.folderTimer = undefined;
    const folders = [...this.createdFolders];
    this.createdFolders.clear();
    let changed = false;
    for (const rel of folders) {
      if (folders.some((other) => rel.startsWith(`${other}/`))) continue; // scanned with its parent
      for (const file of scanMarkedFiles(join(this.deps.root, rel)).files) {
        const key = `${rel}/${file.path}`;
        if (this.marked.get(key) === file.environment) continue;
        this.marked.set(key, file.environment);
        changed = true;
      }
    }
    if (changed) this.refresh();
  }

  private fileDeleted(uri: vscode.Uri): void {
    const rel = this.relative(uri.fsPath);
    if (rel === undefined) return;
    // A deleted folder is reported alone too: everything marked under it goes with it.
    let changed = this.marked.delete(rel);
    for (const key of [...this.marked.keys()]) {
      if (key.startsWith(`${rel}/`)) changed = this.marked.delete(key) || changed;
    }
    if (changed) this.refresh();
  }

  private relative(path: string): string | undefined {
    const root = this.deps.root.endsWith('/') || this.deps.root.endsWith('\\') ? this.deps.root : `${this.deps.root}${path.includes('\\') ? '\\' : '/'}`;
    return path.startsWith(root) ? path.slice(root.length).split('\\').join('/') : undefined;
  }

  private path(file: string): string {
    return join(this.deps.root, file);
  }
}

function sameSet(a: SecretSet, b: SecretSet): boolean {
  return a.ignorePatterns.join('\n') === b.ignorePatterns.join('\n') && a.claudeDeny.join('\n') === b.claudeDeny.join('\n') && a.environments.join() === b.environments.join();
}
