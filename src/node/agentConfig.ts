/**
 * The generic machinery of Bulkhead's entries in the agents' hook configurations: add, repair,
 * remove and inspect them without touching anything else in a file, and read every hook an agent
 * runs for `bulkhead doctor`. What each agent's files hold lives in its module under
 * `hooks/agents/`. No vscode import: the extension's installer, the self-test and `bulkhead doctor`
 * share it.
 *
 * - Edits are made on the text, not by re-serialising: the user's formatting, key order and other
 *   hooks stay byte for byte, and removing what an install added gives back the original bytes.
 * - An entry is Bulkhead's when its command runs a `cli.js … hook` of a Bulkhead install; Bulkhead
 *   never writes marker keys, because Claude Code validates its settings files.
 * - A file that is not valid JSON is never written: the caller gets a ConfigError with a position.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, findNodeAtLocation, format, getNodeValue, type Node as JsonNode, modify, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { readFileIfPresent } from './boundedRead';
import { ConfigError } from './configError';
import { isRecord, movedInstall } from './hooks/agents/checks';
import { agentModules, type JsonAgentId } from './hooks/agents/registry';
import type {
  AgentId, AgentPlan, ConfigState, ConfigStatus, FileWrite, FoundHook, HookNote, HookReading, HookSource, InstallOptions, JsonAgent, JsonPath, WorkspaceFiles,
} from './hooks/agents/types';

// ---------------------------------------------------------------------------------------------
// JSON text edits (jsonc-parser): only the edited spans change, the rest of the file keeps its bytes

const parseErrorWords: Partial<Record<string, string>> = {
  InvalidSymbol: 'unexpected character', InvalidNumberFormat: 'invalid number', PropertyNameExpected: 'expected a key',
  ValueExpected: 'expected a value', ColonExpected: 'expected ":" after a key', CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"', CloseBracketExpected: 'expected "]"', EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'comments are not allowed', UnexpectedEndOfString: 'unterminated string', InvalidEscapeCharacter: 'invalid escape in a string',
  InvalidCharacter: 'invalid character in a string', InvalidUnicode: 'invalid unicode escape',
};

/**
 * Parses a configuration file's text as strict JSON (the agents reject comments and trailing
 * commas); a syntax error becomes a ConfigError with line and column.
 */
function parseConfig(file: string, text: string): JsonNode {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const error = errors[0] ?? { error: 0, offset: 0, length: 0 };
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    const column = error.offset - before.lastIndexOf('\n');
    const code = printParseErrorCode(error.error);
    throw new ConfigError(file, line, column, parseErrorWords[code] ?? code);
  }
  if (root.type !== 'object') throw new ConfigError(file, 1, 1, 'the top level must be an object');
  return root;
}

function nodeAt(root: JsonNode, path: JsonPath): JsonNode | undefined {
  return findNodeAtLocation(root, [...path]);
}

function valueAt(root: JsonNode, path: JsonPath): unknown {
  const node = nodeAt(root, path);
  return node ? getNodeValue(node) : undefined;
}

interface Style {
  readonly insertSpaces: boolean;
  readonly tabSize: number;
  readonly eol: string;
}

function detectStyle(text: string): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text);
  const unit = m ? (m[1].startsWith('\t') ? '\t' : m[1]) : '  ';
  return { insertSpaces: unit !== '\t', tabSize: unit === '\t' ? 1 : unit.length, eol };
}

/**
 * Removes the member or element at `path` with the separator jsonc-parser's insertion put before
 * it, so that removing what was added gives back the bytes that were there (jsonc-parser's own
 * removal also takes the line break before a closing bracket).
 */
function removeAt(root: JsonNode, text: string, path: JsonPath): string {
  const node = nodeAt(root, path);
  if (!node?.parent) return text;
  const child = node.parent.type === 'property' ? node.parent : node;
  const container = child.parent!;
  const siblings = container.children ?? [];
  const index = siblings.indexOf(child);
  const end = (n: JsonNode) => n.offset + n.length;
  if (siblings.length === 1) return text.slice(0, container.offset + 1) + text.slice(end(container) - 1);
  if (index > 0) return text.slice(0, end(siblings[index - 1])) + text.slice(end(child));
  return text.slice(0, child.offset) + text.slice(siblings[1].offset);
}

/**
 * Sets (or, with `value` undefined, removes) the value at `path`; `-1` as the last step appends to
 * a list. Containers missing along the path are created; one that is there but of another type is
 * a ConfigError rather than a rewrite of the user's data.
 */
function edit(file: string, text: string, path: JsonPath, value: unknown, style: Style): string {
  const root = parseConfig(file, text);
  for (let depth = 1; depth < path.length; depth++) {
    const node = nodeAt(root, path.slice(0, depth));
    if (!node) break;
    const wanted = typeof path[depth] === 'number' ? 'array' : 'object';
    if (node.type !== wanted) throw new ConfigError(file, 1, 1, `${path.slice(0, depth).join('.')} is not ${wanted === 'array' ? 'a list' : 'an object'}`);
  }
  if (value === undefined) return removeAt(root, text, path);
  // Unformatted, then only the inserted text is laid out: jsonc-parser's own formatting would also
  // reflow the user's lines around the edit, and removal would no longer give their bytes back.
  const edits = modify(text, [...path], value, {});
  const changed = applyEdits(text, edits);
  const inserted = edits.find((e) => e.content.length > 0);
  if (!inserted) return changed;
  return applyEdits(changed, format(changed, { offset: inserted.offset, length: inserted.content.length }, { ...style, keepLines: false }));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// One agent's file
/**
 * True when every problem found is a hook that points at a Bulkhead or a Node that is gone — what an
 * extension update (a new versioned folder) or a Node upgrade leaves behind. Those are repaired
 * without asking: the user consented to the hooks, not to a path. Anything else (an entry removed,
 * weakened, or pointing at another live copy) is a change someone made, and is reported instead.
 */
export function onlyMovedInstall(statuses: readonly ConfigStatus[]): boolean {
  const problems = statuses.filter((s) => s.state !== 'ok').flatMap((s) => (s.state === 'weakened' ? s.problems : ['not repairable']));
  return problems.length > 0 && problems.every((p) => movedInstall.test(p));
}

function jsonAgent(agent: JsonAgentId): JsonAgent {
  return agentModules[agent];
}

export interface DenyOptions {
  /** The `Read(…)` rules that should be in `permissions.deny` (Claude Code only). */
  readonly desired: readonly string[];
  /** The rules Bulkhead added earlier: only these are ever removed. */
  readonly owned: readonly string[];
}

export interface InstallResult {
  readonly text: string;
  readonly changed: boolean;
  /** For Claude Code: the deny rules Bulkhead now owns (pass back next time). */
  readonly ownedDeny: readonly string[];
  /** What was done, for the log and the consent text. */
  readonly actions: readonly string[];
}

/**
 * Adds or repairs Bulkhead's entries in one agent's file. `text` undefined means the file does not
 * exist. Idempotent: a file that already holds sound entries comes back unchanged, byte for byte.
 * Throws ConfigError when the existing file is not valid JSON.
 */
export function installConfig(agent: JsonAgentId, file: string, text: string | undefined, options: InstallOptions, deny?: DenyOptions): InstallResult {
  const module = jsonAgent(agent);
  const layout = module.layout(options);
  const actions: string[] = [];
  let current = text ?? `${JSON.stringify(layout.scaffold, null, 2)}\n`;
  if (text !== undefined) parseConfig(file, text);
  const style = detectStyle(current);
  for (const slot of layout.slots) {
    const array = nodeAt(parseConfig(file, current), slot.path);
    if (array !== undefined && array.type !== 'array') {
      throw new ConfigError(file, 1, 1, `${slot.path.join('.')} is not a list`);
    }
    const elements = array?.children ?? [];
    const mine = elements.map((node, index) => ({ index, value: getNodeValue(node) as unknown })).filter((e) => slot.ours(e.value));
    if (mine.length === 0) {
      current = edit(file, current, [...slot.path, -1], slot.desired, style);
      actions.push(`added the hook for ${slot.label}`);
      continue;
    }
    // Duplicates (a copy pasted by hand, an older install): keep the first, drop the rest, last first.
    for (const extra of mine.slice(1).reverse()) {
      current = edit(file, current, [...slot.path, extra.index], undefined, style);
      actions.push(`removed a duplicate hook for ${slot.label}`);
    }
    const first = mine[0];
    if (slot.problems(first.value).length > 0 && !deepEqual(first.value, slot.desired)) {
      current = edit(file, current, [...slot.path, first.index], slot.desired, style);
      actions.push(`repaired the hook for ${slot.label}`);
    }
  }
  for (const hookSwitch of module.switches) {
    const value = valueAt(parseConfig(file, current), hookSwitch.path);
    if (hookSwitch.disables(value, options.command.cli)) {
      current = edit(file, current, hookSwitch.path, hookSwitch.repaired(value, options.command.cli), style);
      actions.push(hookSwitch.repair);
    }
  }
  let ownedDeny = deny?.owned ?? [];
  if (module.denyPath && deny) {
    const synced = syncDeny(file, current, module.denyPath, deny, style);
    current = synced.text;
    ownedDeny = synced.owned;
    actions.push(...synced.actions);
  }
  return { text: current, changed: current !== text, ownedDeny, actions };
}

function syncDeny(file: string, text: string, denyPath: readonly string[], deny: DenyOptions, style: Style): { text: string; owned: string[]; actions: string[] } {
  let current = text;
  const actions: string[] = [];
  const desired = [...new Set(deny.desired)];
  const desiredSet = new Set(desired);
  const ownedSet = new Set(deny.owned);
  const list = (): string[] => {
    const node = nodeAt(parseConfig(file, current), denyPath);
    if (node !== undefined && node.type !== 'array') throw new ConfigError(file, 1, 1, `${denyPath.join('.')} is not a list`);
    return (node?.children ?? []).map((n) => (n.type === 'string' ? n.value as string : '\0'));
  };
  // Rules Bulkhead added that no longer apply (another environment active, a changed policy).
  for (;;) {
    const values = list();
    const index = values.findIndex((v) => ownedSet.has(v) && !desiredSet.has(v));
    if (index < 0) break;
    ownedSet.delete(values[index]);
    current = edit(file, current, [...denyPath, index], undefined, style);
    actions.push(`removed ${values[index]} from ${denyPath.join('.')}`);
  }
  for (const rule of desired) {
    if (list().includes(rule)) continue;
    current = edit(file, current, [...denyPath, -1], rule, style);
    ownedSet.add(rule);
    actions.push(`added ${rule} to ${denyPath.join('.')}`);
  }
  // Emptied containers Bulkhead created go too (`"permissions": {"deny": []}` would be noise).
  current = pruneEmpty(file, current, denyPath, style);
  return { text: current, owned: [...ownedSet].filter((r) => desiredSet.has(r)), actions };
}

/**
 * Only the deny rules of Claude Code's settings, for a policy or environment change: the hook entry
 * is left as it is (a weakened one is reported and repaired with consent, never silently).
 */
export function syncClaudeDeny(file: string, text: string | undefined, deny: DenyOptions): InstallResult {
  const current = text ?? '{}\n';
  parseConfig(file, current);
  const synced = syncDeny(file, current, jsonAgent('claude').denyPath!, deny, detectStyle(current));
  return { text: synced.text, changed: synced.text !== current, ownedDeny: synced.owned, actions: synced.actions };
}

/** Removes the array at `path` when empty, then each parent object that became empty, innermost first. */
function pruneEmpty(file: string, text: string, path: readonly string[], style: Style): string {
  let current = text;
  for (let depth = path.length; depth > 0; depth--) {
    const node = nodeAt(parseConfig(file, current), path.slice(0, depth));
    const empty = node !== undefined && (node.type === 'array' || node.type === 'object') && (node.children ?? []).length === 0;
    if (!empty) break;
    current = edit(file, current, path.slice(0, depth), undefined, style);
  }
  return current;
}

export interface RemoveResult {
  /** Undefined when the file should be deleted (Bulkhead created it and nothing else is left). */
  readonly text: string | undefined;
  readonly changed: boolean;
  readonly actions: readonly string[];
}

/**
 * Removes Bulkhead's entries (and the deny rules it owns). When Bulkhead created the file and only
 * its scaffold is left, the file goes; otherwise the user's bytes come back as they were.
 */
export function removeConfig(agent: JsonAgentId, file: string, text: string | undefined, options: { cli: string; createdFile: boolean; ownedDeny?: readonly string[] }): RemoveResult {
  if (text === undefined) return { text: undefined, changed: false, actions: [] };
  parseConfig(file, text);
  const module = jsonAgent(agent);
  const layout = module.layout({
    command: { runtime: { path: '', args: [], electron: false }, cli: options.cli, args: [] },
    confirmationTimeoutSeconds: 60,
    platform: process.platform,
  });
  let current = text;
  const style = detectStyle(text);
  const actions: string[] = [];
  for (const slot of layout.slots) {
    for (;;) {
      const array = nodeAt(parseConfig(file, current), slot.path);
      if (array?.type !== 'array') break;
      const index = (array.children ?? []).findIndex((n) => slot.ours(getNodeValue(n)));
      if (index < 0) break;
      current = edit(file, current, [...slot.path, index], undefined, style);
      actions.push(`removed the hook for ${slot.label}`);
    }
    current = pruneEmpty(file, current, slot.path, style);
  }
  if (module.denyPath && options.ownedDeny && options.ownedDeny.length > 0) {
    const synced = syncDeny(file, current, module.denyPath, { desired: [], owned: options.ownedDeny }, style);
    current = synced.text;
    actions.push(...synced.actions);
  }
  if (options.createdFile) {
    const left = getNodeValue(parseConfig(file, current)) as Record<string, unknown>;
    if (deepEqual(left, layout.scaffold) || deepEqual(left, {})) return { text: undefined, changed: true, actions: [...actions, `deleted ${file}`] };
  }
  return { text: current, changed: current !== text, actions };
}

/**
 * Whether Bulkhead's entries are present and sound. `absent`: none at all. `weakened`: present but
 * one is missing, fails open, times out too early or runs something else. `malformed`: not JSON,
 * so the agent ignores the whole file.
 */
export function inspectConfig(agent: JsonAgentId, file: string, text: string | undefined, options: InstallOptions, denyDesired: readonly string[] = []): ConfigStatus {
  const module = jsonAgent(agent);
  if (text === undefined) return { agent, state: 'absent', problems: [`${file} does not exist`], commands: [] };
  const root = parseOrSay(module.spec.name, file, text);
  if (typeof root === 'string') return { agent, state: 'malformed', problems: [`${file}${root}`], commands: [] };
  const problems: string[] = [];
  const commands: ConfigStatus['commands'][number][] = [];
  let found = 0;
  for (const slot of module.layout(options).slots) {
    const mine = elementsAt(root, slot.path).filter((v) => slot.ours(v));
    if (mine.length === 0) {
      problems.push(`no Bulkhead hook for ${slot.label}`);
      continue;
    }
    found++;
    for (const run of slot.runs(mine[0], options.platform)) commands.push({ label: `${slot.label}${run.label}`, command: run.command, dialect: run.dialect });
    problems.push(...slot.problems(mine[0]).map((p) => `${slot.label}: ${p}`));
  }
  problems.push(...switchedOff(root, module.switches, options.command.cli, module.spec.name));
  if (module.denyPath && denyDesired.length > 0) {
    const listed = valueAt(root, module.denyPath);
    const have = new Set(Array.isArray(listed) ? listed : []);
    const missing = denyDesired.filter((r) => !have.has(r));
    if (missing.length > 0) problems.push(`${module.denyPath.join('.')} no longer lists ${missing.length === 1 ? missing[0] : `${missing.length} secret files (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''})`}`);
  }
  const state: ConfigState = found === 0 ? 'absent' : problems.length > 0 ? 'weakened' : 'ok';
  return { agent, state, problems, commands };
}

/** The file's tree, or what to say after the file's name about a file that is not JSON. */
function parseOrSay(agentName: string, file: string, text: string): JsonNode | string {
  try {
    return parseConfig(file, text);
  } catch (error) {
    if (error instanceof ConfigError) return ` is not valid JSON (line ${error.line}, column ${error.column}: ${error.reason}): ${agentName} ignores it`;
    throw error;
  }
}

function elementsAt(root: JsonNode, path: JsonPath): unknown[] {
  const array = nodeAt(root, path);
  return array?.type === 'array' ? (array.children ?? []).map((n) => getNodeValue(n) as unknown) : [];
}

function switchedOff(root: JsonNode, switches: JsonAgent['switches'], cli: string, agentName: string): string[] {
  return switches.filter((s) => s.disables(valueAt(root, s.path), cli)).map((s) => s.problem.replace('the agent', agentName));
}

/**
 * Every hook the agent runs in the workspace that gets its shell commands, Bulkhead's or not, as
 * the agent runs it: the same files, lists and commands the installer inspects, for `bulkhead
 * doctor` to probe. Notes say what the agent ignores or never asks.
 */
export function readAgentHooks(agent: AgentId, files: WorkspaceFiles, options: InstallOptions): HookReading {
  const module = agentModules[agent];
  if (module.kind === 'script') return module.read(files, options);
  const hooks: FoundHook[] = [];
  const notes: HookNote[] = [];
  for (const source of module.sources(files, options)) {
    const read = readSource(source, files.read(source.file), source.reader ?? module.spec.name, options);
    hooks.push(...read.hooks);
    notes.push(...read.notes);
  }
  return { hooks, notes };
}

function readSource(source: HookSource, text: string | undefined, agentName: string, options: InstallOptions): HookReading {
  if (text === undefined) return { hooks: [], notes: [] };
  const root = parseOrSay(agentName, source.file, text);
  if (typeof root === 'string') return { hooks: [], notes: [{ file: source.file, text: root }] };
  const hooks: FoundHook[] = [];
  const notes: HookNote[] = switchedOff(root, source.switches, options.command.cli, agentName).map((p) => ({ file: source.file, text: `: ${p}` }));
  const lists = source.slots.map((slot) => ({ slot, elements: elementsAt(root, slot.path) }));
  // A file with no hook at all is someone's settings, not a guard with a gap.
  const anyHook = lists.some((l) => l.elements.length > 0);
  for (const { slot, elements } of lists) {
    const event = slot.path[slot.path.length - 1];
    if (anyHook && elements.length === 0 && slot.problems) notes.push({ file: source.file, text: ` has no ${event} hook: ${agentName}'s ${slot.covers} are not checked` });
    if (!slot.shell) continue;
    for (const element of elements) {
      const ours = slot.ours(element);
      const problems = ours && slot.problems ? slot.problems(element) : [];
      for (const run of slot.runs(element, options.platform)) {
        if (run.skipped) notes.push({ file: source.file, text: `: ${run.skipped}` });
        else hooks.push({ ...run, file: source.file, event, ours, problems });
      }
    }
  }
  return { hooks, notes };
}

// ---------------------------------------------------------------------------------------------
// Files

export function readConfigFile(path: string): string | undefined {
  return readFileIfPresent(path);
}

/**
 * Writes through a temporary file and a rename, so an agent never reads half a configuration.
 * Returns the paths it created (folders, then the file), relative to `root`, for a later removal.
 */
export function writeConfigFile(root: string, relative: string, text: string, mode?: number): string[] {
  const created: string[] = [];
  const parts = relative.split('/');
  for (let i = 1; i < parts.length; i++) {
    const dir = join(root, ...parts.slice(0, i));
    if (!existsSync(dir)) {
      mkdirSync(dir);
      created.push(parts.slice(0, i).join('/'));
    }
  }
  const path = join(root, ...parts);
  if (!existsSync(path)) created.push(relative);
  const tmp = `${path}.bulkhead-${process.pid}.tmp`;
  writeFileSync(tmp, text, mode === undefined ? undefined : { mode });
  // The umask may have taken bits away; a hook script Cline cannot execute is skipped.
  if (mode !== undefined) chmodSync(tmp, mode);
  renameSync(tmp, path);
  return created;
}

/** Deletes a file Bulkhead created, then the folders it created for it if they are empty. */
export function deleteConfigFile(root: string, relative: string, createdDirs: readonly string[]): void {
  rmSync(join(root, ...relative.split('/')), { force: true });
  const parts = relative.split('/');
  for (let i = parts.length - 1; i >= 1; i--) {
    const rel = parts.slice(0, i).join('/');
    if (!createdDirs.includes(rel)) break;
    const dir = join(root, ...parts.slice(0, i));
    try {
      if (readdirSync(dir).length > 0) break;
      rmdirSync(dir);
    } catch {
      break;
    }
  }
}


// ---------------------------------------------------------------------------------------------
// An agent's files in a workspace: what install, repair and removal write

export function workspaceFiles(root: string): WorkspaceFiles {
  const at = (file: string) => join(root, ...file.split('/'));
  return {
    read: (file) => readConfigFile(at(file)),
    mode: (file) => {
      try {
        return statSync(at(file)).mode & 0o7777;
      } catch {
        return undefined;
      }
    },
    list: (folder) => {
      try {
        return readdirSync(at(folder));
      } catch {
        return [];
      }
    },
  };
}

/** The files that hold (or would hold) Bulkhead's entries for `agent`. */
export function agentFiles(agent: AgentId, files: WorkspaceFiles): string[] {
  const module = agentModules[agent];
  return module.kind === 'script' ? [module.spec.file] : module.installFiles(files);
}

/** Adds or repairs Bulkhead's entries for one agent. Throws ConfigError when a file cannot be edited. */
export function planInstall(agent: AgentId, files: WorkspaceFiles, options: InstallOptions, deny?: DenyOptions): AgentPlan {
  const module = agentModules[agent];
  if (module.kind === 'script') return module.planInstall(files, options);
  const targets = module.installFiles(files);
  if (targets.length === 0) return { writes: [], actions: [], ownedDeny: deny?.owned ?? [], unavailable: module.noFile };
  const writes: FileWrite[] = [];
  const actions: string[] = [];
  let ownedDeny = deny?.owned ?? [];
  for (const file of targets) {
    const result = installConfig(agent as JsonAgentId, file, files.read(file), options, module.denyPath ? deny : undefined);
    if (result.changed) writes.push({ file, text: result.text });
    actions.push(...result.actions.map((a) => (targets.length > 1 ? `${file}: ${a}` : a)));
    ownedDeny = result.ownedDeny;
  }
  return { writes, actions, ownedDeny };
}

/** Whether Bulkhead's entries for one agent are present and sound, over all its files. */
export function inspectAgent(agent: AgentId, files: WorkspaceFiles, options: InstallOptions, denyDesired: readonly string[] = []): ConfigStatus {
  const module = agentModules[agent];
  if (module.kind === 'script') return module.inspect(files, options);
  const targets = module.installFiles(files);
  if (targets.length === 0) return { agent, state: 'absent', problems: [module.noFile ?? `${module.spec.file} does not exist`], commands: [] };
  const statuses = targets.map((file) => ({ file, status: inspectConfig(agent as JsonAgentId, file, files.read(file), options, module.denyPath ? denyDesired : []) }));
  if (statuses.length === 1) return statuses[0].status;
  const prefixed = (file: string, text: string) => `${file}: ${text}`;
  const states = statuses.map((s) => s.status.state);
  const state: ConfigState = states.includes('malformed') ? 'malformed' : states.every((s) => s === 'absent') ? 'absent' : states.every((s) => s === 'ok') ? 'ok' : 'weakened';
  return {
    agent,
    state,
    problems: statuses.flatMap(({ file, status }) => status.problems.map((p) => prefixed(file, p))),
    commands: statuses.flatMap(({ file, status }) => status.commands.map((c) => ({ ...c, label: prefixed(file, c.label) }))),
  };
}

/**
 * Takes Bulkhead's entries out of one agent's files: what Bulkhead created (`created`, relative
 * paths) goes, everything else comes back as the user had it.
 */
export function planRemoval(agent: AgentId, files: WorkspaceFiles, options: { cli: string; created: readonly string[]; ownedDeny?: readonly string[] }): { writes: FileWrite[]; actions: string[] } {
  const module = agentModules[agent];
  if (module.kind === 'script') return module.planRemoval(files, options.cli);
  const writes: FileWrite[] = [];
  const actions: string[] = [];
  for (const file of module.installFiles(files)) {
    const result = removeConfig(agent as JsonAgentId, file, files.read(file), { cli: options.cli, createdFile: options.created.includes(file), ownedDeny: module.denyPath ? options.ownedDeny : [] });
    if (result.text === undefined && result.changed) writes.push({ file });
    else if (result.changed) writes.push({ file, text: result.text });
    actions.push(...result.actions);
  }
  return { writes, actions };
}

/** Writes a plan's files under `root`; returns what it created (folders, then files) for a later removal. */
export function applyWrites(root: string, writes: readonly FileWrite[], createdDirs: readonly string[] = []): string[] {
  const created: string[] = [];
  for (const write of writes) {
    if (write.text === undefined) deleteConfigFile(root, write.file, createdDirs);
    else created.push(...writeConfigFile(root, write.file, write.text, write.mode));
  }
  return created;
}
