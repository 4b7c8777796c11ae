import { join } from 'node:path';
import * as vscode from 'vscode';
import { initPolicy } from '../node/init';
import { policyFileName } from '../node/policyFile';
import type { Logger } from './logger';

/**
 * Bulkhead: Initialize Policy — the same first policy as `bulkhead init`, written at the root of
 * the first workspace folder and opened. An existing policy is opened, never overwritten.
 */
export async function initializePolicy(logger: Logger, reload: () => void): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage('Bulkhead: open a folder first; the policy lives at its root.');
    return undefined;
  }
  const root = folder.uri.fsPath;
  let result;
  try {
    result = initPolicy(root);
  } catch (err) {
    const message = `cannot write ${join(root, policyFileName)}: ${err instanceof Error ? err.message : String(err)}`;
    logger.error(message);
    void vscode.window.showErrorMessage(`Bulkhead: ${message}`);
    return undefined;
  }
  for (const problem of result.detection.problems) logger.warn(`initialize policy: ${problem}`);
  await vscode.window.showTextDocument(vscode.Uri.file(result.file));
  if (!result.written) {
    void vscode.window.showInformationMessage(`Bulkhead: this workspace already has a ${policyFileName}; it is open, unchanged.`);
    return result.file;
  }
  reload();
  const placed = result.detection.findings.filter((f) => f.stage !== undefined).length;
  const unplaced = result.detection.findings.length - placed;
  logger.info(`initialize policy: wrote ${result.file} (${placed} placed, ${unplaced} not placed)`);
  void vscode.window.showInformationMessage(`Bulkhead: wrote ${policyFileName} from what this workspace uses (${placed} value${placed === 1 ? '' : 's'} placed${unplaced ? `, ${unplaced} listed at the end to place` : ''}). Review it, then commit it.`);
  return result.file;
}
