import type { FileAccessKind } from '../../core/fileAccess';

/**
 * The hook payloads Bulkhead understands, recognised from their own fields and checked strictly:
 * a payload that does not look exactly like one the agent documents is refused, never guessed at.
 *
 * - cursor: Cursor `hooks.json` version 1, `beforeShellExecution`, `beforeMCPExecution`,
 *   `beforeReadFile` (snake_case: `hook_event_name`, `conversation_id`, `workspace_roots`, …).
 * - claude: Claude Code `PreToolUse` (`hook_event_name`, `session_id`, `permission_mode`, `tool_input`).
 * - vscode: VS Code (Copilot, Local harness) agent hooks, `PreToolUse` (`hookEventName` in camelCase,
 *   `tool_input` with camelCase properties such as `filePath`).
 * - copilot-cli: GitHub Copilot CLI and cloud agent `.github/hooks`: `preToolUse` with
 *   `toolName`/`toolArgs`, or `PreToolUse` in its VS Code-compatible form (`hook_event_name`,
 *   `timestamp`, Claude tool names, no `permission_mode`).
 * - codex: OpenAI Codex `PreToolUse`: Claude Code's shape plus `turn_id` and `model`; tools `Bash`,
 *   `apply_patch` (the patch text in `tool_input.command`) and MCP tools (`mcp__server__tool`).
 */
export type Dialect = 'cursor' | 'claude' | 'vscode' | 'copilot-cli' | 'codex';
export const dialects: readonly Dialect[] = ['cursor', 'claude', 'vscode', 'copilot-cli', 'codex'];

export const dialectNames: Readonly<Record<Dialect, string>> = {
  cursor: 'Cursor', claude: 'Claude Code', vscode: 'Copilot (VS Code)', 'copilot-cli': 'Copilot CLI', codex: 'Codex',
};

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

export const cursorEvents: ReadonlySet<string> = new Set(['beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class PayloadError extends Error {}

function optionalString(object: Json, key: string, where: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new PayloadError(`"${where}${key}" must be a string, not ${describe(value)}`);
  return value;
}

function requiredString(object: Json, key: string, where = ''): string {
  const value = optionalString(object, key, where);
  if (value === undefined) throw new PayloadError(`"${where}${key}" is missing`);
  return value;
}

function optionalStrings(object: Json, key: string, where = ''): string[] {
  const value = object[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new PayloadError(`"${where}${key}" must be a list of strings`);
  return value as string[];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

/** Recognises the dialect; `forced` (from `--dialect`) wins when the installer pinned it. */
export function detectDialect(payload: Json, forced?: Dialect): Dialect | undefined {
  if (forced) return forced;
  const snakeEvent = payload.hook_event_name;
  if (typeof snakeEvent === 'string' && cursorEvents.has(snakeEvent)) return 'cursor';
  if ('cursor_version' in payload || ('conversation_id' in payload && 'generation_id' in payload)) return 'cursor';
  if (payload.hookEventName === 'PreToolUse' && !('hook_event_name' in payload)) return 'vscode';
  if (snakeEvent === 'PreToolUse') {
    // Codex numbers the turns of a session; no other agent sends a turn id.
    if ('turn_id' in payload) return 'codex';
    // Claude Code always sends its permission mode; the Copilot CLI's compatible form sends a timestamp instead.
    if ('permission_mode' in payload || !('timestamp' in payload)) return 'claude';
    return 'copilot-cli';
  }
  if ('toolName' in payload && 'toolArgs' in payload) return 'copilot-cli';
  return undefined;
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
    return { error: `unknown hook dialect: the payload is not a Cursor, Claude Code, Copilot (VS Code), Copilot CLI or Codex pre-execution hook (fields: ${keys})` };
  }
  try {
    switch (dialect) {
      case 'cursor':
        return { request: parseCursor(payload) };
      case 'claude':
        return { request: parseToolUse(payload, 'claude') };
      case 'vscode':
        return { request: parseToolUse(payload, 'vscode') };
      case 'copilot-cli':
        return { request: parseCopilotCli(payload) };
      case 'codex':
        return { request: parseToolUse(payload, 'codex') };
    }
  } catch (error) {
    if (error instanceof PayloadError) return { error: `malformed ${dialectNames[dialect]} payload: ${error.message}`, dialect };
    throw error;
  }
}

function parseCursor(payload: Json): HookRequest {
  const event = requiredString(payload, 'hook_event_name');
  if (!cursorEvents.has(event)) {
    throw new PayloadError(`"hook_event_name" ${JSON.stringify(event)} is not an event Bulkhead answers (beforeShellExecution, beforeMCPExecution, beforeReadFile)`);
  }
  const roots = optionalStrings(payload, 'workspace_roots');
  const base = { dialect: 'cursor' as const, event, roots };
  if (event === 'beforeShellExecution') {
    const command = requiredString(payload, 'command');
    const cwd = optionalString(payload, 'cwd', '');
    return { ...base, tool: 'shell', cwd: cwd || roots[0], action: { kind: 'shell', command, cwd: cwd || undefined } };
  }
  if (event === 'beforeMCPExecution') {
    const tool = requiredString(payload, 'tool_name');
    const raw = payload.tool_input;
    let input: unknown = raw;
    // Cursor documents tool_input as the JSON text of the parameters; an object is taken as is.
    if (typeof raw === 'string') {
      try {
        input = raw.trim() ? JSON.parse(raw) : {};
      } catch {
        input = raw;
      }
    } else if (raw !== undefined && !isObject(raw)) {
      throw new PayloadError(`"tool_input" must be a JSON string or an object, not ${describe(raw)}`);
    }
    optionalString(payload, 'url', '');
    optionalString(payload, 'command', '');
    return { ...base, tool, cwd: roots[0], action: { kind: 'mcp', tool, input } };
  }
  const filePath = requiredString(payload, 'file_path');
  optionalString(payload, 'content', '');
  const paths = [filePath];
  const attachments = payload.attachments;
  if (attachments !== undefined && attachments !== null) {
    if (!Array.isArray(attachments)) throw new PayloadError('"attachments" must be a list');
    attachments.forEach((a, i) => {
      if (!isObject(a)) throw new PayloadError(`"attachments[${i}]" must be an object`);
      const p = optionalString(a, 'filePath', `attachments[${i}].`) ?? optionalString(a, 'file_path', `attachments[${i}].`);
      if (p) paths.push(p);
    });
  }
  return { ...base, tool: 'read', cwd: roots[0], action: { kind: 'file', access: 'read', paths, texts: [] } };
}

function parseToolUse(payload: Json, dialect: 'claude' | 'vscode' | 'codex'): HookRequest {
  const event = dialect === 'vscode' ? requiredString(payload, 'hookEventName') : requiredString(payload, 'hook_event_name');
  if (event !== 'PreToolUse') throw new PayloadError(`the event ${JSON.stringify(event)} is not PreToolUse, the only one Bulkhead answers`);
  const tool = requiredString(payload, 'tool_name');
  const input = payload.tool_input ?? {};
  if (!isObject(input)) throw new PayloadError(`"tool_input" must be an object, not ${describe(input)}`);
  const cwd = optionalString(payload, 'cwd', '');
  const permissionMode = dialect === 'vscode' ? undefined : optionalString(payload, 'permission_mode', '');
  const action = dialect === 'claude' ? claudeAction(tool, input) : dialect === 'codex' ? codexAction(tool, input) : vscodeAction(tool, input);
  return { dialect, event, tool, cwd, roots: cwd ? [cwd] : [], permissionMode, action };
}

function parseCopilotCli(payload: Json): HookRequest {
  if ('hook_event_name' in payload) {
    // The VS Code-compatible form: Claude tool names, Copilot CLI argument names.
    const event = requiredString(payload, 'hook_event_name');
    if (event !== 'PreToolUse') throw new PayloadError(`the event ${JSON.stringify(event)} is not PreToolUse`);
    const tool = requiredString(payload, 'tool_name');
    const input = payload.tool_input ?? {};
    if (!isObject(input)) throw new PayloadError(`"tool_input" must be an object, not ${describe(input)}`);
    const cwd = optionalString(payload, 'cwd', '');
    return { dialect: 'copilot-cli', event, tool, cwd, roots: cwd ? [cwd] : [], action: claudeAction(tool, input) };
  }
  const tool = requiredString(payload, 'toolName');
  let args: unknown = payload.toolArgs ?? {};
  if (typeof args === 'string') {
    try {
      args = args.trim() ? JSON.parse(args) : {};
    } catch {
      throw new PayloadError('"toolArgs" is a string that is not JSON');
    }
  }
  if (!isObject(args)) throw new PayloadError(`"toolArgs" must be an object, not ${describe(args)}`);
  const cwd = optionalString(payload, 'cwd', '');
  return { dialect: 'copilot-cli', event: 'preToolUse', tool, cwd, roots: cwd ? [cwd] : [], action: copilotCliAction(tool, args) };
}

/** The first path-like field an agent uses for a file: each agent names it differently. */
function filePathOf(input: Json, where: string, required: boolean): string | undefined {
  for (const key of ['file_path', 'filePath', 'path', 'notebook_path', 'notebookPath']) {
    const value = optionalString(input, key, where);
    if (value) return value;
  }
  if (required) throw new PayloadError(`"${where}file_path" is missing`);
  return undefined;
}

function stringsOf(input: Json, keys: readonly string[]): string[] {
  return keys.map((k) => input[k]).filter((v): v is string => typeof v === 'string');
}

/** Claude Code tools (and the Copilot CLI's compatible form, which uses the same names). */
function claudeAction(tool: string, input: Json): HookAction {
  switch (tool) {
    case 'Bash':
      return { kind: 'shell', command: requiredString(input, 'command', 'tool_input.') };
    case 'Read':
      return { kind: 'file', access: 'read', paths: [filePathOf(input, 'tool_input.', true)!], texts: [] };
    case 'Grep':
      return { kind: 'search', root: optionalString(input, 'path', 'tool_input.'), include: optionalString(input, 'glob', 'tool_input.') };
    case 'Glob':
      // File names only; a path that is itself a secret is still checked.
      return pathOnly(input);
    case 'Edit':
    case 'Write':
    case 'NotebookEdit':
      return { kind: 'file', access: 'write', paths: [filePathOf(input, 'tool_input.', true)!], texts: stringsOf(input, ['old_string', 'new_string', 'content', 'new_source', 'old_str', 'new_str', 'file_text']) };
    case 'MultiEdit': {
      const edits = input.edits;
      if (edits !== undefined && !Array.isArray(edits)) throw new PayloadError('"tool_input.edits" must be a list');
      const texts = (edits as unknown[] | undefined ?? []).flatMap((e) => (isObject(e) ? stringsOf(e, ['old_string', 'new_string']) : []));
      return { kind: 'file', access: 'write', paths: [filePathOf(input, 'tool_input.', true)!], texts };
    }
    default:
      return genericAction(tool, input);
  }
}

function pathOnly(input: Json): HookAction {
  const path = optionalString(input, 'path', 'tool_input.');
  return path ? { kind: 'file', access: 'search', paths: [path], texts: [] } : { kind: 'unchecked' };
}

/** VS Code's built-in tool ids (copilot-chat `toolNames.ts`) and the names its docs use in examples. */
function vscodeAction(tool: string, input: Json): HookAction {
  switch (tool) {
    case 'run_in_terminal':
    case 'runTerminalCommand':
      return { kind: 'shell', command: requiredString(input, 'command', 'tool_input.') };
    case 'create_and_run_task': {
      const task = input.task;
      if (!isObject(task)) throw new PayloadError('"tool_input.task" must be an object');
      const command = requiredString(task, 'command', 'tool_input.task.');
      const args = optionalStrings(task, 'args', 'tool_input.task.');
      return { kind: 'shell', command: [command, ...args.map(shellQuote)].join(' ') };
    }
    case 'run_task':
      return { kind: 'task', id: requiredString(input, 'id', 'tool_input.'), workspaceFolder: optionalString(input, 'workspaceFolder', 'tool_input.') };
    case 'read_file':
      return { kind: 'file', access: 'read', paths: [filePathOf(input, 'tool_input.', true)!], texts: [] };
    case 'grep_search':
      return { kind: 'search', include: optionalString(input, 'includePattern', 'tool_input.') };
    case 'file_search':
    case 'list_dir':
    case 'semantic_search':
      return { kind: 'unchecked' };
    case 'create_file':
    case 'replace_string_in_file':
    case 'insert_edit_into_file':
    case 'edit_notebook_file':
      return { kind: 'file', access: 'write', paths: [filePathOf(input, 'tool_input.', true)!], texts: stringsOf(input, ['content', 'oldString', 'newString', 'code']) };
    case 'multi_replace_string_in_file': {
      const replacements = input.replacements;
      if (!Array.isArray(replacements)) throw new PayloadError('"tool_input.replacements" must be a list');
      const paths: string[] = [];
      const texts: string[] = [];
      replacements.forEach((r, i) => {
        if (!isObject(r)) throw new PayloadError(`"tool_input.replacements[${i}]" must be an object`);
        paths.push(filePathOf(r, `tool_input.replacements[${i}].`, true)!);
        texts.push(...stringsOf(r, ['oldString', 'newString']));
      });
      return { kind: 'file', access: 'write', paths, texts };
    }
    case 'editFiles': {
      const files = optionalStrings(input, 'files', 'tool_input.');
      return files.length > 0 ? { kind: 'file', access: 'write', paths: files, texts: [] } : { kind: 'unchecked' };
    }
    case 'apply_patch':
      return patchAction(requiredString(input, 'input', 'tool_input.'));
    default:
      return genericAction(tool, input);
  }
}

/** A patch in the `*** Begin Patch` format: it writes every file it adds, updates, deletes or moves to. */
function patchAction(patch: string): HookAction {
  const paths = [...patch.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$/gm)].map((m) => (m[1] ?? m[2]).trim());
  return { kind: 'file', access: 'write', paths, texts: [patch] };
}

/** Codex tools: its shell tools are all reported as `Bash`; `apply_patch` carries the patch as `command`. */
function codexAction(tool: string, input: Json): HookAction {
  switch (tool) {
    case 'Bash':
      return { kind: 'shell', command: requiredString(input, 'command', 'tool_input.') };
    case 'apply_patch':
      return patchAction(optionalString(input, 'command', 'tool_input.') ?? requiredString(input, 'input', 'tool_input.'));
    default:
      return genericAction(tool, input);
  }
}

/** Copilot CLI runtime tool names (GitHub's hooks reference, "Tool names for hook matching"). */
function copilotCliAction(tool: string, args: Json): HookAction {
  switch (tool) {
    case 'bash':
    case 'powershell':
      return { kind: 'shell', command: requiredString(args, 'command', 'toolArgs.') };
    case 'view':
      return { kind: 'file', access: 'read', paths: [filePathOf(args, 'toolArgs.', true)!], texts: [] };
    case 'grep':
    case 'rg':
      return { kind: 'search', root: optionalString(args, 'path', 'toolArgs.'), include: optionalString(args, 'glob', 'toolArgs.') };
    case 'glob':
      return pathOnly(args);
    case 'create':
    case 'edit':
    case 'str_replace_editor':
      return { kind: 'file', access: 'write', paths: [filePathOf(args, 'toolArgs.', true)!], texts: stringsOf(args, ['file_text', 'old_str', 'new_str', 'content']) };
    case 'apply_patch':
      return patchAction(requiredString(args, 'input', 'toolArgs.'));
    default:
      return genericAction(tool, args);
  }
}

/**
 * A tool Bulkhead does not know. Agents add tools often, so rather than letting them through
 * unseen: one that carries a shell command is checked as one; an MCP tool goes to the MCP check;
 * one that names a file is checked as a read of it.
 */
function genericAction(tool: string, input: Json): HookAction {
  if (tool.startsWith('mcp__') || tool.startsWith('mcp_')) return { kind: 'mcp', tool, input };
  const command = input.command ?? input.cmd;
  if (typeof command === 'string') return { kind: 'shell', command };
  if (Array.isArray(command) && command.every((c) => typeof c === 'string')) return { kind: 'shell', command: command.map(shellQuote).join(' ') };
  const path = filePathOf(input, 'tool_input.', false);
  if (path) return { kind: 'file', access: 'read', paths: [path], texts: [] };
  return { kind: 'unchecked' };
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
