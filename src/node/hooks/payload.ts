import type { FileAccessKind } from '../../core/fileAccess';
import { detectionOrder, dialectModules } from './dialects';
import { describe, isObject, type Json, PayloadError } from './dialects/fields';

/**
 * The hook payloads Bulkhead understands, recognised from their own fields and checked strictly:
 * a payload that does not look exactly like one the agent documents is refused, never guessed at.
 * What each agent sends and reads lives in its module under `dialects/`.
 */
export type Dialect = 'cursor' | 'claude' | 'vscode' | 'copilot-cli' | 'codex' | 'gemini' | 'cline' | 'windsurf' | 'kiro';
export const dialects: readonly Dialect[] = ['cursor', 'claude', 'vscode', 'copilot-cli', 'codex', 'gemini', 'cline', 'windsurf', 'kiro'];

export const dialectNames: Readonly<Record<Dialect, string>> = Object.fromEntries(dialects.map((d) => [d, dialectModules[d].name])) as Record<Dialect, string>;

export type HookAction =
  | { readonly kind: 'shell'; readonly command: string; readonly cwd?: string }
  | { readonly kind: 'file'; readonly access: FileAccessKind; readonly paths: readonly string[]; readonly texts: readonly string[] }
  /** Reads the content of every file under `root` that `include` (a glob) lets through. */
  | { readonly kind: 'search'; readonly root?: string; readonly include?: string }
  | { readonly kind: 'mcp'; readonly tool: string; readonly input: unknown }
  /** A VS Code task run by its label or id: its command lives in tasks.json. */
  | { readonly kind: 'task'; readonly id: string; readonly workspaceFolder?: string }
  /** A tool Bulkhead has nothing to say about (todo lists, web search, file names only). */
  | { readonly kind: 'unchecked' };

export interface HookRequest {
  readonly dialect: Dialect;
  readonly event: string;
  readonly tool: string;
  /** The agent's working directory, absolute when the agent says so. */
  readonly cwd?: string;
  readonly roots: readonly string[];
  /** Claude Code's permission mode: `ask` has no human to reach in some of them. */
  readonly permissionMode?: string;
  readonly action: HookAction;
}

export type ParseResult = { readonly request: HookRequest } | { readonly error: string; readonly dialect?: Dialect };

/** Recognises the dialect; `forced` (from `--dialect`) wins when the installer pinned it. */
export function detectDialect(payload: Json, forced?: Dialect): Dialect | undefined {
  return forced ?? detectionOrder.find((module) => module.detect(payload))?.id;
}

export function parseHookPayload(text: string, forced?: Dialect): ParseResult {
  if (text.trim() === '') return { error: 'no payload on stdin: an agent hook sends one JSON object' };
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    return { error: `the payload is not valid JSON (${(error as Error).message})` };
  }
  if (!isObject(payload)) return { error: `the payload must be a JSON object, not ${describe(payload)}` };
  const dialect = detectDialect(payload, forced);
  if (!dialect) {
    const keys = Object.keys(payload).slice(0, 12).join(', ') || 'none';
    const names = dialects.map((d) => dialectModules[d].name);
    return { error: `unknown hook dialect: the payload is not a ${names.slice(0, -1).join(', ')} or ${names.at(-1)} pre-execution hook (fields: ${keys})` };
  }
  try {
    return { request: dialectModules[dialect].parse(payload) };
  } catch (error) {
    if (error instanceof PayloadError) return { error: `malformed ${dialectNames[dialect]} payload: ${error.message}`, dialect };
    throw error;
  }
}
