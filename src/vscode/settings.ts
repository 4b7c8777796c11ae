import * as vscode from 'vscode';
import { type Settings, settingsFrom, settingsSection } from '../node/settings';

export { type Settings, settingsSection };

/** Every setting, read here and nowhere else (the keys, defaults and bounds live in src/node/settings.ts). */
export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(settingsSection);
  return settingsFrom((key) => c.get<unknown>(key));
}
