import { unwatchFile, watchFile } from 'node:fs';
import * as vscode from 'vscode';
import { safeMarkdownText } from '../core/redact';
import type { AuditRecord } from '../node/audit';

/** Icon and colour by what happened: red for stopped or bypassed, yellow for asked, green for allowed, grey for a note. */
export function activityLook(record: Pick<AuditRecord, 'decision' | 'answer'>): { icon: string; color: string } {
  if (record.answer === 'bypass') return { icon: 'alert', color: 'errorForeground' };
  if (record.answer === 'note') return { icon: 'info', color: 'descriptionForeground' };
  if (record.decision === 'block') return record.answer.startsWith('approved') ? { icon: 'unlock', color: 'charts.orange' } : { icon: 'circle-slash', color: 'charts.red' };
  if (record.decision === 'confirm') {
    return record.answer.startsWith('approved') || record.answer === 'remembered' ? { icon: 'check', color: 'charts.yellow' } : { icon: 'close', color: 'charts.yellow' };
  }
  return { icon: 'pass', color: 'charts.green' };
}

/** "Show Activity": the audit log, newest first, in the Bulkhead view container. */
export class ActivityView implements vscode.TreeDataProvider<AuditRecord>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly view: vscode.TreeView<AuditRecord>;

  /** `changes`: a file every writer touches after an append (the log's head), so hooks and shims without the extension show up too. */
  constructor(private readonly source: () => AuditRecord[], private readonly changes?: string) {
    this.view = vscode.window.createTreeView('bulkhead.activity', { treeDataProvider: this });
    if (changes) watchFile(changes, { interval: 1000, persistent: false }, () => this.refresh());
  }

  refresh(): void {
    this.emitter.fire();
  }

  getChildren(element?: AuditRecord): AuditRecord[] {
    return element ? [] : this.source();
  }

  getTreeItem(r: AuditRecord): vscode.TreeItem {
    const item = new vscode.TreeItem(r.command.length > 120 ? `${r.command.slice(0, 119)}…` : r.command);
    const look = activityLook(r);
    item.iconPath = new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
    const time = new Date(r.time);
    item.description = r.answer === 'note' ? `note · ${r.source} · ${time.toLocaleTimeString()}` : `${r.answer === 'bypass' ? 'BYPASS' : r.decision} · ${r.answer} · ${r.source} · ${time.toLocaleTimeString()}`;
    // The command line in a code block shows it as it was; as text, a URL in it would be linked
    // together with everything after it. The other lines are escaped text that wraps.
    const md = new vscode.MarkdownString();
    md.appendCodeblock(r.command, 'shellscript');
    const lines = [
      `Decision: ${r.decision} (${r.answer}), effect ${r.effect}, target ${r.targets.join(', ') || 'none'}, active ${r.active}`,
      `Rules: ${r.rules.join(', ') || 'none'} · source ${r.source} · ${r.cwd}`,
      `${time.toISOString()} · ${r.latencyMs} ms · entry ${r.seq}`,
      ...(r.reason ? [r.reason] : []),
    ];
    md.appendMarkdown(lines.map(safeMarkdownText).join('\n\n'));
    item.tooltip = md;
    item.id = `audit-${r.seq}-${r.hash.slice(0, 8)}`;
    return item;
  }

  dispose(): void {
    if (this.changes) unwatchFile(this.changes);
    this.view.dispose();
    this.emitter.dispose();
  }
}
