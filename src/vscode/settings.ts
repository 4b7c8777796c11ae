import * as vscode from 'vscode';

/** Every setting, read in one place with safe defaults. Keys match `contributes.configuration`. */
export interface Settings {
  /** Seconds a confirmation waits before it counts as "no". */
  readonly confirmationTimeoutSeconds: number;
  /** PATH shims, BASH_ENV trap and credential blanking in VS Code terminals. */
  readonly terminalGuard: boolean;
  /** Re-evaluate every command seen through shell integration and report bypasses. */
  readonly observe: boolean;
  /** Scan the workspace for stray credentials when it opens and on each save. */
  readonly credentialScan: boolean;
}

export const section = 'bulkhead';

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(section);
  const timeout = c.get<number>('confirmationTimeoutSeconds', 60);
  return {
    confirmationTimeoutSeconds: Number.isFinite(timeout) ? Math.min(3600, Math.max(5, timeout)) : 60,
    terminalGuard: c.get<boolean>('terminalGuard.enabled', true) !== false,
    observe: c.get<boolean>('observation.enabled', true) !== false,
    credentialScan: c.get<boolean>('credentialScan.enabled', true) !== false,
  };
}
