import type * as vscode from 'vscode';
import { type BulkheadApi, startBulkhead } from './vscode/bulkhead';

export function activate(context: vscode.ExtensionContext): Promise<BulkheadApi> {
  return startBulkhead(context);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
