import * as vscode from 'vscode';
import { renderStatus, type StatusState, type StatusView } from '../core/statusRender';

/** Applies renderStatus(state) to the status bar item; ticks every second while an elevation counts down. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('bulkhead.environment', vscode.StatusBarAlignment.Left, 1000);
  private ticker?: ReturnType<typeof setInterval>;
  private last?: StatusView;

  constructor(private readonly state: () => StatusState) {
    this.item.name = 'Bulkhead Environment';
    this.refresh();
    this.item.show();
  }

  get view(): StatusView | undefined {
    return this.last;
  }

  refresh(): void {
    const state = this.state();
    const view = renderStatus(state);
    this.last = view;
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = false;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`) : undefined;
    this.item.accessibilityInformation = { label: view.accessibilityLabel };
    this.item.command = view.command;
    if (state.elevatedUntil !== undefined && !this.ticker) this.ticker = setInterval(() => this.refresh(), 1000);
    if (state.elevatedUntil === undefined && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.item.dispose();
  }
}
