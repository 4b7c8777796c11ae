import type { Dialect } from '../payload';
import { claude } from './claude';
import { cline } from './cline';
import { codex } from './codex';
import { copilotCli } from './copilot-cli';
import { cursor } from './cursor';
import { gemini } from './gemini';
import { kiro } from './kiro';
import type { DialectModule } from './types';
import { vscode } from './vscode';
import { windsurf } from './windsurf';

/** Every dialect `bulkhead hook` speaks: a new agent is a new module here, and the compiler asks for it. */
export const dialectModules: Readonly<Record<Dialect, DialectModule>> = {
  cursor, claude, vscode, 'copilot-cli': copilotCli, codex, gemini, cline, windsurf, kiro,
};

/** The order payloads are recognised in: the more specific fields first. */
export const detectionOrder: readonly DialectModule[] = [cursor, vscode, codex, gemini, cline, windsurf, kiro, claude, copilotCli];

export type { DialectModule } from './types';
