import * as vscode from 'vscode';

/**
 * The commands Bulkhead's own features register, each under its id in `contributes.commands`
 * (the host suite checks that every contributed command is registered). Agent hooks and the
 * self-test register theirs beside their features.
 */
export const commandIds = {
  selectEnvironment: 'bulkhead.selectEnvironment',
  elevate: 'bulkhead.elevate',
  returnToDefault: 'bulkhead.returnToDefault',
  showActivity: 'bulkhead.showActivity',
  showLogs: 'bulkhead.showLogs',
  evaluateCommand: 'bulkhead.evaluateCommand',
  initializePolicy: 'bulkhead.initializePolicy',
  sealSecrets: 'bulkhead.sealSecrets',
  unsealSecrets: 'bulkhead.unsealSecrets',
  scanCredentials: 'bulkhead.scanCredentials',
} as const;

export type CommandName = keyof typeof commandIds;
export type CommandHandlers = Readonly<Record<CommandName, (arg?: unknown) => unknown>>;

/** Registers every handler under its id; one place, so no command is registered twice or forgotten. */
export function registerCommands(handlers: CommandHandlers): vscode.Disposable[] {
  return (Object.keys(commandIds) as CommandName[]).map((name) => vscode.commands.registerCommand(commandIds[name], handlers[name]));
}
