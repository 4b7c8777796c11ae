import type { Dialect } from '../payload';
import { claude } from './claude';
import { codex } from './codex';
import { copilotCli } from './copilot-cli';
import { cursor } from './cursor';
import type { DialectModule } from './types';
import { vscode } from './vscode';

/** Every dialect `bulkhead hook` speaks: a new agent is a new module here, and the compiler asks for it. */
export const dialectModules: Readonly<Record<Dialect, DialectModule>> = {
  cursor, claude, vscode, 'copilot-cli': copilotCli, codex,
};

/** The order payloads are recognised in: the more specific fields first. */
export const detectionOrder: readonly DialectModule[] = [cursor, vscode, codex, claude, copilotCli];

export type { DialectModule } from './types';
