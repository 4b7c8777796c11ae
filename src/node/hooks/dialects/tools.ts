import type { HookAction } from '../payload';
import { isObject, type Json, optionalString, PayloadError, shellQuote } from './fields';

/** The first path-like field an agent uses for a file: each agent names it differently. */
export function filePathOf(input: Json, where: string, required: boolean): string | undefined {
  for (const key of ['file_path', 'filePath', 'path', 'notebook_path', 'notebookPath']) {
    const value = optionalString(input, key, where);
    if (value) return value;
  }
  if (required) throw new PayloadError(`"${where}file_path" is missing`);
  return undefined;
}

export function stringsOf(input: Json, keys: readonly string[]): string[] {
  return keys.map((k) => input[k]).filter((v): v is string => typeof v === 'string');
}

export function pathOnly(input: Json, where = 'tool_input.'): HookAction {
  const path = optionalString(input, 'path', where);
  return path ? { kind: 'file', access: 'search', paths: [path], texts: [] } : { kind: 'unchecked' };
}

/** A patch in the `*** Begin Patch` format: it writes every file it adds, updates, deletes or moves to. */
export function patchAction(patch: string): HookAction {
  const paths = [...patch.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$/gm)].map((m) => (m[1] ?? m[2]).trim());
  return { kind: 'file', access: 'write', paths, texts: [patch] };
}

/** Claude Code's tools, whose names the Copilot CLI's compatible form and Codex's shell reuse. */
export function claudeAction(tool: string, input: Json): HookAction {
  const where = 'tool_input.';
  switch (tool) {
    case 'Bash':
      return { kind: 'shell', command: requiredCommand(input, where) };
    case 'Read':
      return { kind: 'file', access: 'read', paths: [filePathOf(input, where, true)!], texts: [] };
    case 'Grep':
      return { kind: 'search', root: optionalString(input, 'path', where), include: optionalString(input, 'glob', where) };
    case 'Glob':
      // File names only; a path that is itself a secret is still checked.
      return pathOnly(input);
    case 'Edit':
    case 'Write':
    case 'NotebookEdit':
      return { kind: 'file', access: 'write', paths: [filePathOf(input, where, true)!], texts: stringsOf(input, ['old_string', 'new_string', 'content', 'new_source', 'old_str', 'new_str', 'file_text']) };
    case 'MultiEdit': {
      const edits = input.edits;
      if (edits !== undefined && !Array.isArray(edits)) throw new PayloadError('"tool_input.edits" must be a list');
      const texts = (edits as unknown[] | undefined ?? []).flatMap((e) => (isObject(e) ? stringsOf(e, ['old_string', 'new_string']) : []));
      return { kind: 'file', access: 'write', paths: [filePathOf(input, where, true)!], texts };
    }
    default:
      return genericAction(tool, input);
  }
}

function requiredCommand(input: Json, where: string): string {
  const command = optionalString(input, 'command', where);
  if (command === undefined) throw new PayloadError(`"${where}command" is missing`);
  return command;
}

/**
 * A tool Bulkhead does not know. Agents add tools often, so rather than letting them through
 * unseen: one that carries a shell command is checked as one; an MCP tool goes to the MCP check;
 * one that names a file is checked as a read of it.
 */
export function genericAction(tool: string, input: Json): HookAction {
  if (tool.startsWith('mcp__') || tool.startsWith('mcp_')) return { kind: 'mcp', tool, input };
  const command = input.command ?? input.cmd;
  if (typeof command === 'string') return { kind: 'shell', command };
  if (Array.isArray(command) && command.every((c) => typeof c === 'string')) return { kind: 'shell', command: command.map(shellQuote).join(' ') };
  const path = filePathOf(input, 'tool_input.', false);
  if (path) return { kind: 'file', access: 'read', paths: [path], texts: [] };
  return { kind: 'unchecked' };
}
