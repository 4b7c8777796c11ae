/**
 * Bulkhead's entries in each agent's hook configuration: add, repair, remove and inspect them
 * without touching anything else in the file. No vscode import: the extension's installer, the
 * self-test and `bulkhead doctor` share it.
 *
 * - Edits are made on the text, not by re-serialising: the user's formatting, key order and other
 *   hooks stay byte for byte, and removing what an install added gives back the original bytes.
 * - An entry is Bulkhead's when its command runs a `cli.js … hook` of a Bulkhead install; Bulkhead
 *   never writes marker keys, because Claude Code validates its settings files.
 * - Every entry is fail-closed where the format allows it (Cursor `failClosed`, Claude Code
 *   `onFailure: "block"`) and its timeout outlasts the confirmation modal, because Copilot and
 *   VS Code treat a timed-out hook as "go ahead".
 * - A file that is not valid JSON is never written: the caller gets a ConfigError with a position.
 *
 * Formats (verified against each agent's documentation, November 2026):
 * - Cursor `.cursor/hooks.json`: `{"version": 1, "hooks": {"<event>": [{"command", "timeout" (s), "failClosed"}]}}`.
 * - Claude Code `.claude/settings.local.json`: `{"hooks": {"PreToolUse": [{"matcher", "hooks": [{"type": "command",
 *   "command", "timeout" (s), "onFailure": "block"}]}]}, "permissions": {"deny": ["Read(//abs/path)"]}}`.
 *   The local file: the command holds absolute paths of this machine, and it is git-ignored by Claude Code.
 * - Copilot `.github/hooks/bulkhead.json`: read by VS Code (`command`, `windows`, `timeout`) and by the Copilot CLI
 *   (`bash`, `powershell`, `timeoutSec`); the PascalCase event `PreToolUse` gives both the VS Code payload.
 * - Gemini CLI `.gemini/settings.json`: `{"hooks": {"BeforeTool": [{"matcher", "hooks": [{"type": "command", "command",
 *   "name", "timeout" (ms)}]}]}}`. Fails open on a crash or timeout.
 * - Windsurf `.windsurf/hooks.json`: `{"hooks": {"<event>": [{"command", "show_output"}]}}`; exit code only, fails open.
 * - Codex `.codex/hooks.json`: Claude Code's shape; Codex runs it only once the user trusts it (`/hooks`).
 *   Its own dialect: Codex runs a tool whose hook answers `ask`, so Bulkhead never answers it that way.
 * - Kiro CLI `.kiro/agents/<agent>.json`: each agent's own `{"hooks": {"preToolUse": [{"matcher", "command",
 *   "timeout_ms"}]}}`; every agent file the workspace has gets the entry. Exit code only, fails open.
 * - Cline `.clinerules/hooks/PreToolUse`: an executable script, not JSON (clineHookScript.ts).
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { readFileIfPresent } from './boundedRead';
import { join } from 'node:path';
import { applyEdits, findNodeAtLocation, format, getNodeValue, type Node as JsonNode, modify, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Dialect } from './hooks/payload';
import { clineAnswerWithinSeconds, clineChainedFile, clineHookFile, clineHookScript, clineScriptCommand, isClineScriptOurs } from './clineHookScript';

export type AgentId = 'cursor' | 'claude' | 'copilot' | 'codex' | 'gemini' | 'windsurf' | 'kiro' | 'cline';
/** The agents whose hooks live in one JSON file each (Kiro: one per agent configuration). */
export type JsonAgentId = Exclude<AgentId, 'cline'>;

export interface AgentSpec {
  readonly id: AgentId;
  readonly name: string;
  /** Relative to the workspace folder, with `/` (for Kiro, the folder of its agent files). */
  readonly file: string;
  /** The glob of the files that hold the hooks, relative to the workspace folder. */
  readonly watch: string;
  /** What a hook of this file cannot do, said before installing. */
  readonly caveat?: string;
}

/** Kiro CLI's agent configurations in a workspace (its global ones are in ~/.kiro/agents). */
export const kiroAgentsFolder = '.kiro/agents';

export const agentSpecs: Readonly<Record<AgentId, AgentSpec>> = {
  cursor: { id: 'cursor', name: 'Cursor', file: '.cursor/hooks.json', watch: '.cursor/hooks.json', caveat: 'Cursor reads hooks.json when it starts: restart Cursor after installing.' },
  claude: { id: 'claude', name: 'Claude Code', file: '.claude/settings.local.json', watch: '.claude/settings.local.json', caveat: '`onFailure: "block"` needs Claude Code 2.1.295 or later; older versions let a crashed hook through.' },
  copilot: { id: 'copilot', name: 'GitHub Copilot', file: '.github/hooks/bulkhead.json', watch: '.github/hooks/bulkhead.json', caveat: 'VS Code lets a tool call through when a hook times out or crashes; the timeout is raised above the confirmation timeout.' },
  codex: { id: 'codex', name: 'Codex', file: '.codex/hooks.json', watch: '.codex/hooks.json', caveat: 'Codex runs a new or changed hook only after you trust it with /hooks in Codex; it lets a tool run when the hook crashes or times out.' },
  gemini: { id: 'gemini', name: 'Gemini CLI', file: '.gemini/settings.json', watch: '.gemini/settings.json', caveat: 'Gemini CLI lets a tool run when the hook crashes or times out.' },
  windsurf: { id: 'windsurf', name: 'Windsurf', file: '.windsurf/hooks.json', watch: '.windsurf/hooks.json', caveat: 'Windsurf lets an action proceed when the hook crashes; it reads only the exit code.' },
  kiro: {
    id: 'kiro', name: 'Kiro CLI', file: kiroAgentsFolder, watch: `${kiroAgentsFolder}/*.json`,
    caveat: 'Kiro CLI lets a tool run when the hook crashes or times out. The Kiro IDE\'s hooks are not covered: they get no tool call to check.',
  },
  cline: {
    id: 'cline', name: 'Cline', file: clineHookFile, watch: `${clineHookFile}*`,
    caveat: `Cline runs hooks only with "Enable Hooks" on in its settings, and gives a hook 30 s; Bulkhead's script refuses a call its check cannot answer within ${clineAnswerWithinSeconds} s.`,
  },
};

export const agentIds: readonly AgentId[] = ['cursor', 'claude', 'copilot', 'codex', 'gemini', 'windsurf', 'kiro', 'cline'];

/** The Cursor events Bulkhead answers. */
export const cursorEvents = ['beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile', 'preToolUse'] as const;
/** Cursor's file-changing tools: its edit tool could otherwise rewrite the policy or the hooks themselves. */
export const cursorEditTools = ['Write', 'StrReplace', 'Edit', 'MultiEdit', 'Delete'] as const;
/** The Claude Code tools Bulkhead checks. */
export const claudeTools = ['Bash', 'Read', 'Grep', 'Glob', 'Edit', 'MultiEdit', 'Write', 'NotebookEdit'] as const;
export const claudeMatcher = claudeTools.join('|');
/** Codex reports every shell tool as `Bash`, its file edits as `apply_patch`, MCP tools as `mcp__server__tool`. */
export const codexTools = ['Bash', 'apply_patch', 'mcp__server__tool'] as const;
export const codexMatcher = 'Bash|apply_patch|mcp__.*';
/** Every Gemini CLI tool: one Bulkhead does not know is still read for a command or a path. */
export const geminiMatcher = '.*';
/** Kiro's matcher for every tool, built-in and MCP. */
export const kiroMatcher = '*';
/** The Windsurf (Cascade) events Bulkhead answers. */
export const windsurfEvents = ['pre_run_command', 'pre_read_code', 'pre_write_code', 'pre_mcp_tool_use'] as const;

/** Seconds a hook may run: the confirmation modal plus a margin for starting Node and the IPC round trip. */
export function hookTimeoutSeconds(confirmationTimeoutSeconds: number): number {
  return Math.ceil(confirmationTimeoutSeconds) + 30;
}

/** A timeout this close to the modal's would cut the human off: reported as weakened. */
const minimumMarginSeconds = 5;

// ---------------------------------------------------------------------------------------------
// The Node that runs the hook

export interface NodeRuntime {
  readonly path: string;
  /** Arguments before the script (`--ms-enable-electron-run-as-node` for Microsoft's Electron). */
  readonly args: readonly string[];
  /** True when `path` is the editor's Electron, which needs ELECTRON_RUN_AS_NODE=1. */
  readonly electron: boolean;
}

export interface NodeProbe {
  readonly platform: NodeJS.Platform;
  readonly pathEnv: string | undefined;
  /** The running executable: Electron in the extension host, Node in the CLI and tests. */
  readonly execPath: string;
  readonly isElectron: boolean;
  /** Microsoft's builds restrict run-as-node unless `--ms-enable-electron-run-as-node` is passed. */
  readonly msBuild: boolean;
  isExecutable(path: string): boolean;
  /** Major version of a Node binary, when it can be told. */
  majorVersion?(path: string): number | undefined;
}

/** The oldest Node the bundled CLI runs on (its esbuild target). */
export const minimumNodeMajor = 20;

/** A `node` on PATH (new enough), else the editor's own executable run as Node. */
export function chooseNode(probe: NodeProbe): NodeRuntime {
  if (!probe.isElectron) return { path: probe.execPath, args: [], electron: false };
  const found = findOnPath(probe.platform === 'win32' ? ['node.exe'] : ['node'], probe.pathEnv, probe.platform, probe.isExecutable);
  const major = found && probe.majorVersion ? probe.majorVersion(found) : undefined;
  if (found && (major === undefined || major >= minimumNodeMajor)) return { path: found, args: [], electron: false };
  return { path: probe.execPath, args: probe.msBuild ? ['--ms-enable-electron-run-as-node'] : [], electron: true };
}

export function findOnPath(names: readonly string[], pathEnv: string | undefined, platform: NodeJS.Platform, isExecutable: (path: string) => boolean): string | undefined {
  const sep = platform === 'win32' ? ';' : ':';
  for (const dir of (pathEnv ?? '').split(sep)) {
    // A relative PATH entry would make the hook depend on the agent's working directory.
    if (!dir || !(dir.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dir))) continue;
    for (const name of names) {
      const candidate = platform === 'win32' ? `${dir.replace(/[\\/]+$/, '')}\\${name}` : `${dir.replace(/\/+$/, '')}/${name}`;
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The probe of this process, for the extension host and the CLI. */
export function currentNodeProbe(): NodeProbe {
  const versions = process.versions as Record<string, string | undefined>;
  return {
    platform: process.platform,
    pathEnv: process.env.PATH ?? process.env.Path,
    execPath: process.execPath,
    isElectron: versions.electron !== undefined,
    msBuild: versions['microsoft-build'] !== undefined,
    isExecutable: (path) => {
      try {
        const s = statSync(path);
        return s.isFile() && (process.platform === 'win32' || (s.mode & 0o111) !== 0);
      } catch {
        return false;
      }
    },
    majorVersion: (path) => nodeMajorVersion(path),
  };
}

function nodeMajorVersion(path: string): number | undefined {
  // A version manager's shim (nvm, asdf, volta) is a symlink into a folder named after the version.
  const m = /(?:^|[\\/])v?(\d+)\.\d+\.\d+(?:[\\/]|$)/.exec(path);
  return m ? Number(m[1]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// The command line written into the configurations

export interface HookCommand {
  readonly runtime: NodeRuntime;
  /** Absolute path of the bundled CLI (`<extension>/dist/cli.js`). */
  readonly cli: string;
  /** Arguments after the CLI: `hook`. A `--dialect` is added per entry where one consumer reads it. */
  readonly args: readonly string[];
}


export interface RenderedCommand {
  /** For POSIX shells (and Claude Code's bash on Windows). */
  readonly posix: string;
  /** For PowerShell (the Copilot CLI's `powershell`). */
  readonly powershell: string;
  /** For cmd.exe (VS Code's `windows`). */
  readonly cmd: string;
}

function dq(value: string): string {
  return `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}

function psq(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The command line of one entry. `dialect` pins the payload format when only one agent reads the
 * entry; entries several agents read (Claude Code's settings are also run by VS Code and the
 * Copilot CLI) let the CLI recognise the payload instead.
 */
export function renderCommand(command: HookCommand, dialect?: Dialect): RenderedCommand {
  const rt = command.runtime;
  const tail = [...command.args, ...(dialect ? ['--dialect', dialect] : [])].join(' ');
  const posixWords = [dq(rt.path), ...rt.args, dq(command.cli), tail].filter(Boolean).join(' ');
  const winWords = [`"${rt.path}"`, ...rt.args, `"${command.cli}"`, tail].filter(Boolean).join(' ');
  const psWords = ['&', psq(rt.path), ...rt.args, psq(command.cli), tail].filter(Boolean).join(' ');
  return {
    posix: rt.electron ? `ELECTRON_RUN_AS_NODE=1 ${posixWords}` : posixWords,
    powershell: rt.electron ? `$env:ELECTRON_RUN_AS_NODE='1'; ${psWords}` : psWords,
    cmd: rt.electron ? `set "ELECTRON_RUN_AS_NODE=1" && ${winWords}` : winWords,
  };
}

/** The `--dialect` a command pins, if any. */
export function pinnedDialect(command: string): string | undefined {
  return /\s--dialect(?:=|\s+)([A-Za-z-]+)/.exec(command)?.[1];
}

/** The CLI and Node a command of ours runs, read back from the text (quoted paths, as written above). */
export function parseOurCommand(command: string): { node?: string; cli: string } | undefined {
  const quoted = [...command.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'/g)]
    .map((m) => (m[1] !== undefined ? m[1].replace(/\\(["\\$`])/g, '$1') : m[2].replace(/''/g, "'")));
  const cliIndex = quoted.findIndex((q) => /(^|[\\/])cli\.js$/.test(q));
  if (cliIndex < 0 || !/cli\.js["']?\s+hook(\s|$)/.test(command)) return undefined;
  return { node: cliIndex > 0 ? quoted[cliIndex - 1] : undefined, cli: quoted[cliIndex] };
}

/** True when a hook command runs a Bulkhead CLI's `hook` (this install's or another copy's). */
export function isBulkheadCommand(command: unknown, currentCli?: string): boolean {
  if (typeof command !== 'string') return false;
  const parsed = parseOurCommand(command);
  if (!parsed) return false;
  return parsed.cli === currentCli || /bulkhead/i.test(parsed.cli);
}

// ---------------------------------------------------------------------------------------------
// JSON text edits (jsonc-parser): only the edited spans change, the rest of the file keeps its bytes

export class ConfigError extends Error {
  constructor(readonly file: string, readonly line: number, readonly column: number, readonly reason: string) {
    super(`${file} is not valid JSON (line ${line}, column ${column}: ${reason}); Bulkhead left it unchanged`);
  }
}

/** A hook file Bulkhead will not write for a reason other than its JSON (two scripts in the way). */
export class HookFileError extends ConfigError {
  constructor(file: string, reason: string) {
    super(file, 1, 1, reason);
    this.message = `${file}: ${reason}; Bulkhead left it unchanged`;
  }
}

type JsonPath = readonly (string | number)[];

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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
// What each agent's file should hold

export interface InstallOptions {
  readonly command: HookCommand;
  readonly confirmationTimeoutSeconds: number;
  readonly platform: NodeJS.Platform;
  /** Whether a path exists (the Node and CLI a command runs); defaults to the file system. */
  exists?(path: string): boolean;
}

/** One array in the file that must hold one Bulkhead element. */
interface Slot {
  readonly path: readonly string[];
  /** Label for messages: the event, or the event and matcher. */
  readonly label: string;
  readonly desired: unknown;
  ours(element: unknown): boolean;
  problems(element: unknown): string[];
}

interface Layout {
  /** Top-level keys a new file starts with. */
  readonly scaffold: Record<string, unknown>;
  readonly slots: readonly Slot[];
}

const movedInstall = /runs a Bulkhead that is no longer installed|the Node .* no longer exists/;

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

function commandProblems(command: unknown, options: InstallOptions, dialect: Dialect | undefined, what = 'its command'): string[] {
  if (typeof command !== 'string') return [`${what} is missing`];
  const parsed = parseOurCommand(command);
  if (!parsed) return [`${what} no longer runs Bulkhead's hook`];
  const exists = options.exists ?? existsSync;
  const problems: string[] = [];
  if (parsed.cli !== options.command.cli) {
    problems.push(exists(parsed.cli) ? `${what} runs another copy of Bulkhead (${parsed.cli})` : `${what} runs a Bulkhead that is no longer installed (${parsed.cli})`);
  }
  if (parsed.node && !exists(parsed.node)) problems.push(`the Node ${what} runs no longer exists (${parsed.node})`);
  const pinned = pinnedDialect(command);
  if (pinned === 'claude' && dialect === 'codex') {
    // Read as Claude Code's, a confirmation is answered `ask`, which Codex runs unasked.
    problems.push(`${what} reads payloads as \`claude\`, as an earlier Bulkhead read Codex's: a confirmation would run unasked`);
  } else if (pinned !== undefined && pinned !== dialect) problems.push(`${what} reads payloads as \`${pinned}\`, not as this agent sends them`);
  return problems;
}

/** `unit` is what the agent counts the timeout in: seconds for most, milliseconds for Gemini CLI. */
function timeoutProblems(value: unknown, options: InstallOptions, key: string, required: boolean, unit: 's' | 'ms' = 's'): string[] {
  if (value === undefined) {
    return required ? [`no \`${key}\`: the default is shorter than the ${options.confirmationTimeoutSeconds} s confirmation, and a timed-out hook lets the action through`] : [];
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return [`\`${key}\` is not a number`];
  if ((unit === 'ms' ? value / 1000 : value) < options.confirmationTimeoutSeconds + minimumMarginSeconds) {
    return [`\`${key}\` is ${value} ${unit}, shorter than the ${options.confirmationTimeoutSeconds} s confirmation: a slow answer lets the action through`];
  }
  return [];
}

function matcherCovers(matcher: unknown, tools: readonly string[]): string[] {
  if (matcher === undefined || matcher === '' || matcher === '*' || matcher === '**') return [];
  if (typeof matcher !== 'string') return [...tools];
  if (/^[A-Za-z0-9_|, -]+$/.test(matcher)) {
    const names = new Set(matcher.split(/[|,]/).map((s) => s.trim()));
    return tools.filter((t) => !names.has(t));
  }
  try {
    const re = new RegExp(matcher);
    return tools.filter((t) => !re.test(t));
  } catch {
    return [...tools];
  }
}

function layoutFor(agent: JsonAgentId, options: InstallOptions): Layout {
  const timeout = hookTimeoutSeconds(options.confirmationTimeoutSeconds);
  const cli = options.command.cli;
  const win = options.platform === 'win32';
  switch (agent) {
    case 'cursor': {
      const rendered = renderCommand(options.command, 'cursor');
      return {
        scaffold: { version: 1 },
        slots: cursorEvents.map((event) => ({
          path: ['hooks', event],
          label: event,
          desired: { command: win ? rendered.cmd : rendered.posix, timeout, failClosed: true, ...(event === 'preToolUse' ? { matcher: cursorEditTools.join('|') } : {}) },
          ours: (el) => isRecord(el) && isBulkheadCommand(el.command, cli),
          problems: (el) => {
            const e = el as Record<string, unknown>;
            const uncovered = event === 'preToolUse' ? matcherCovers(e.matcher, cursorEditTools) : [];
            return [
              ...commandProblems(e.command, options, 'cursor'),
              ...(e.failClosed === true ? [] : ['`failClosed` is off: a crash or timeout lets the action through']),
              ...timeoutProblems(e.timeout, options, 'timeout', true),
              ...(event !== 'preToolUse' && e.matcher !== undefined ? ['a `matcher` limits which calls Bulkhead sees'] : []),
              ...(uncovered.length > 0 ? [`the matcher no longer covers ${uncovered.join(', ')}`] : []),
            ];
          },
        })),
      };
    }
    case 'claude':
    case 'codex': {
      // Claude Code's settings are also run by VS Code and the Copilot CLI, each with its own payload:
      // no pinned dialect. Codex's own file is read by Codex alone.
      const pinned = agent === 'codex' ? 'codex' : undefined;
      const matcher = agent === 'codex' ? codexMatcher : claudeMatcher;
      const rendered = renderCommand(options.command, pinned);
      const hook = { type: 'command', command: rendered.posix, timeout, ...(agent === 'claude' ? { onFailure: 'block' } : {}) };
      return {
        scaffold: {},
        slots: [{
          path: ['hooks', 'PreToolUse'],
          label: `PreToolUse (${matcher})`,
          desired: { matcher, hooks: [hook] },
          ours: (el) => isRecord(el) && Array.isArray(el.hooks) && el.hooks.length === 1 && isRecord(el.hooks[0]) && isBulkheadCommand(el.hooks[0].command, cli),
          problems: (el) => {
            const group = el as Record<string, unknown>;
            const h = (group.hooks as Record<string, unknown>[])[0];
            const uncovered = matcherCovers(group.matcher, agent === 'codex' ? codexTools : claudeTools);
            return [
              ...(uncovered.length > 0 ? [`the matcher no longer covers ${uncovered.join(', ')}`] : []),
              ...(h.type === 'command' ? [] : ['the hook is no longer of type "command"']),
              ...commandProblems(h.command, options, pinned),
              // Claude Code and Codex wait 600 s for a hook with no timeout.
              ...timeoutProblems(h.timeout, options, 'timeout', false),
              ...(agent === 'claude' && h.onFailure !== 'block' ? ['`onFailure` is not "block": a crash or timeout lets the action through'] : []),
            ];
          },
        }],
      };
    }
    case 'gemini': {
      const rendered = renderCommand(options.command, 'gemini');
      const hook = { type: 'command', name: geminiHookName, command: win ? rendered.cmd : rendered.posix, timeout: timeout * 1000 };
      return {
        scaffold: {},
        slots: [{
          path: ['hooks', 'BeforeTool'],
          label: `BeforeTool (${geminiMatcher})`,
          desired: { matcher: geminiMatcher, hooks: [hook] },
          ours: (el) => isRecord(el) && Array.isArray(el.hooks) && el.hooks.length === 1 && isRecord(el.hooks[0]) && isBulkheadCommand(el.hooks[0].command, cli),
          problems: (el) => {
            const group = el as Record<string, unknown>;
            const h = (group.hooks as Record<string, unknown>[])[0];
            const uncovered = matcherCovers(group.matcher, ['run_shell_command', 'read_file', 'read_many_files', 'write_file', 'replace', 'search_file_content']);
            return [
              ...(uncovered.length > 0 ? [`the matcher no longer covers ${uncovered.join(', ')}`] : []),
              ...(h.type === 'command' ? [] : ['the hook is no longer of type "command"']),
              ...commandProblems(h.command, options, 'gemini'),
              // Gemini CLI gives a hook 60 000 ms unless told otherwise.
              ...timeoutProblems(h.timeout ?? 60_000, options, 'timeout', false, 'ms'),
            ];
          },
        }],
      };
    }
    case 'windsurf': {
      const rendered = renderCommand(options.command, 'windsurf');
      return {
        scaffold: {},
        slots: windsurfEvents.map((event) => ({
          path: ['hooks', event],
          label: event,
          desired: { command: win ? rendered.cmd : rendered.posix, show_output: true },
          ours: (el) => isRecord(el) && isBulkheadCommand(el.command, cli),
          problems: (el) => commandProblems((el as Record<string, unknown>).command, options, 'windsurf'),
        })),
      };
    }
    case 'kiro': {
      const rendered = renderCommand(options.command, 'kiro');
      return {
        scaffold: {},
        slots: [{
          path: ['hooks', 'preToolUse'],
          label: `preToolUse (${kiroMatcher})`,
          desired: { matcher: kiroMatcher, command: win ? rendered.cmd : rendered.posix, timeout_ms: timeout * 1000 },
          ours: (el) => isRecord(el) && isBulkheadCommand(el.command, cli),
          problems: (el) => {
            const e = el as Record<string, unknown>;
            const cached = typeof e.cache_ttl_seconds === 'number' && e.cache_ttl_seconds > 0;
            return [
              ...(e.matcher === undefined || e.matcher === kiroMatcher ? [] : [`the matcher ${JSON.stringify(e.matcher)} limits which tools Bulkhead sees`]),
              ...commandProblems(e.command, options, 'kiro'),
              // Kiro gives a hook 30 000 ms unless told otherwise.
              ...timeoutProblems(e.timeout_ms ?? 30_000, options, 'timeout_ms', false, 'ms'),
              ...(cached ? [`\`cache_ttl_seconds\` reuses an answer for ${String(e.cache_ttl_seconds)} s: a changed policy or environment is not seen`] : []),
            ];
          },
        }],
      };
    }
    case 'copilot': {
      // VS Code runs `linux`/`osx`/`windows` (before `bash`/`powershell`, before `command`); the
      // Copilot CLI runs `bash`/`powershell` (before `command`). Each key pins its reader's dialect.
      const plain = renderCommand(options.command);
      const vscode = renderCommand(options.command, 'vscode');
      const copilotCli = renderCommand(options.command, 'copilot-cli');
      return {
        scaffold: { version: 1 },
        slots: [{
          path: ['hooks', 'PreToolUse'],
          label: 'PreToolUse',
          desired: {
            type: 'command',
            command: win ? plain.cmd : plain.posix,
            linux: vscode.posix,
            osx: vscode.posix,
            windows: vscode.cmd,
            bash: copilotCli.posix,
            powershell: copilotCli.powershell,
            timeout,
            timeoutSec: timeout,
          },
          ours: (el) => isRecord(el) && ['command', 'linux', 'osx', 'windows', 'bash', 'powershell'].some((k) => isBulkheadCommand(el[k], cli)),
          problems: (el) => {
            const e = el as Record<string, unknown>;
            const editorKeys = win ? ['windows', 'powershell', 'command'] : options.platform === 'darwin' ? ['osx', 'bash', 'command'] : ['linux', 'bash', 'command'];
            const editorKey = editorKeys.find((k) => typeof e[k] === 'string' && e[k] !== '') ?? 'command';
            const cliKey = [win ? 'powershell' : 'bash', 'command'].find((k) => typeof e[k] === 'string' && e[k] !== '') ?? 'command';
            return [
              ...(e.type === undefined || e.type === 'command' ? [] : ['the hook is no longer of type "command"']),
              ...commandProblems(e[editorKey], options, editorKey === 'command' ? undefined : 'vscode', `the command VS Code runs (\`${editorKey}\`)`),
              ...commandProblems(e[cliKey], options, cliKey === 'command' ? undefined : 'copilot-cli', `the command the Copilot CLI runs (\`${cliKey}\`)`),
              ...timeoutProblems(e.timeout, options, 'timeout', true),
              ...timeoutProblems(e.timeoutSec, options, 'timeoutSec', false),
              ...(matcherCovers(e.matcher, ['Bash', 'Read', 'Grep', 'Glob', 'Edit', 'Write']).length > 0 ? ['a `matcher` limits which tools Bulkhead sees'] : []),
            ];
          },
        }],
      };
    }
  }
}

/** A setting of the agent's that keeps Bulkhead's hook from running although the entry is sound. */
interface HookSwitch {
  readonly path: JsonPath;
  /** Whether the value found at `path` switches Bulkhead's hook off. */
  readonly disables: (value: unknown, cli: string) => boolean;
  /** What a repair writes at `path` instead. */
  readonly repaired: (value: unknown, cli: string) => unknown;
  readonly problem: string;
  readonly repair: string;
}

/** Claude Code's switch, also read by the Copilot CLI: every hook of the file off. */
const disableAllHooks: HookSwitch = {
  path: ['disableAllHooks'], disables: (v) => v === true, repaired: () => false,
  problem: '`disableAllHooks` is true: the agent runs no hook at all', repair: 'set disableAllHooks to false',
};

/** Gemini CLI skips a hook whose name (or, without a name, whose command) `hooksConfig.disabled` lists. */
function namesOurHook(entry: unknown, cli: string): boolean {
  return entry === geminiHookName || isBulkheadCommand(entry, cli);
}

const geminiHookName = 'bulkhead';

const hookSwitches: Readonly<Record<JsonAgentId, readonly HookSwitch[]>> = {
  cursor: [disableAllHooks],
  claude: [disableAllHooks],
  copilot: [disableAllHooks],
  codex: [disableAllHooks],
  gemini: [
    disableAllHooks,
    {
      path: ['hooksConfig', 'enabled'], disables: (v) => v === false, repaired: () => true,
      problem: '`hooksConfig.enabled` is false: Gemini CLI runs no hook at all', repair: 'set hooksConfig.enabled to true',
    },
    {
      path: ['hooksConfig', 'disabled'],
      disables: (v, cli) => Array.isArray(v) && v.some((e) => namesOurHook(e, cli)),
      repaired: (v, cli) => (v as unknown[]).filter((e) => !namesOurHook(e, cli)),
      problem: '`hooksConfig.disabled` lists Bulkhead\'s hook: Gemini CLI skips it', repair: 'took Bulkhead\'s hook out of hooksConfig.disabled',
    },
  ],
  windsurf: [disableAllHooks],
  kiro: [],
};

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
  const layout = layoutFor(agent, options);
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
  for (const hookSwitch of hookSwitches[agent]) {
    const value = valueAt(parseConfig(file, current), hookSwitch.path);
    if (hookSwitch.disables(value, options.command.cli)) {
      current = edit(file, current, hookSwitch.path, hookSwitch.repaired(value, options.command.cli), style);
      actions.push(hookSwitch.repair);
    }
  }
  let ownedDeny = deny?.owned ?? [];
  if (agent === 'claude' && deny) {
    const synced = syncDeny(file, current, deny, style);
    current = synced.text;
    ownedDeny = synced.owned;
    actions.push(...synced.actions);
  }
  return { text: current, changed: current !== text, ownedDeny, actions };
}

function syncDeny(file: string, text: string, deny: DenyOptions, style: Style): { text: string; owned: string[]; actions: string[] } {
  let current = text;
  const actions: string[] = [];
  const desired = [...new Set(deny.desired)];
  const desiredSet = new Set(desired);
  const ownedSet = new Set(deny.owned);
  const denyPath = ['permissions', 'deny'];
  const list = (): string[] => {
    const node = nodeAt(parseConfig(file, current), denyPath);
    if (node !== undefined && node.type !== 'array') throw new ConfigError(file, 1, 1, 'permissions.deny is not a list');
    return (node?.children ?? []).map((n) => (n.type === 'string' ? n.value as string : '\0'));
  };
  // Rules Bulkhead added that no longer apply (another environment active, a changed policy).
  for (;;) {
    const values = list();
    const index = values.findIndex((v) => ownedSet.has(v) && !desiredSet.has(v));
    if (index < 0) break;
    ownedSet.delete(values[index]);
    current = edit(file, current, [...denyPath, index], undefined, style);
    actions.push(`removed ${values[index]} from permissions.deny`);
  }
  for (const rule of desired) {
    if (list().includes(rule)) continue;
    current = edit(file, current, [...denyPath, -1], rule, style);
    ownedSet.add(rule);
    actions.push(`added ${rule} to permissions.deny`);
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
  const synced = syncDeny(file, current, deny, detectStyle(current));
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
  const layout = layoutFor(agent, {
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
  if (agent === 'claude' && options.ownedDeny && options.ownedDeny.length > 0) {
    const synced = syncDeny(file, current, { desired: [], owned: options.ownedDeny }, style);
    current = synced.text;
    actions.push(...synced.actions);
  }
  if (options.createdFile) {
    const left = getNodeValue(parseConfig(file, current)) as Record<string, unknown>;
    if (deepEqual(left, layout.scaffold) || deepEqual(left, {})) return { text: undefined, changed: true, actions: [...actions, `deleted ${file}`] };
  }
  return { text: current, changed: current !== text, actions };
}

export type ConfigState = 'absent' | 'ok' | 'weakened' | 'malformed';

export interface ConfigStatus {
  readonly agent: AgentId;
  readonly state: ConfigState;
  /** Human sentences: what is wrong and what it means. */
  readonly problems: readonly string[];
  /** The commands of Bulkhead's entries as written (for the self-test), with the event they serve. */
  readonly commands: readonly ProbeTarget[];
}

/** One configured command as an agent would run it, and the payload it would send. */
export interface ProbeTarget {
  readonly label: string;
  readonly command: string;
  readonly dialect: Dialect;
}

function probeCommands(agent: JsonAgentId, element: Record<string, unknown>, platform: NodeJS.Platform): { label: string; command: string; dialect: Dialect }[] {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  switch (agent) {
    case 'cursor': {
      const c = str(element.command);
      return c ? [{ label: '', command: c, dialect: 'cursor' }] : [];
    }
    case 'claude':
    case 'codex':
    case 'gemini': {
      const c = str((element.hooks as Record<string, unknown>[])[0]?.command);
      return c ? [{ label: '', command: c, dialect: agent }] : [];
    }
    case 'windsurf':
    case 'kiro': {
      const c = str(element.command);
      return c ? [{ label: '', command: c, dialect: agent }] : [];
    }
    case 'copilot': {
      const win = platform === 'win32';
      const editor = win ? str(element.windows) ?? str(element.powershell) ?? str(element.command) : str(platform === 'darwin' ? element.osx : element.linux) ?? str(element.bash) ?? str(element.command);
      const cliCommand = str(win ? element.powershell : element.bash) ?? str(element.command);
      return [
        ...(editor ? [{ label: ' in VS Code', command: editor, dialect: 'vscode' as const }] : []),
        // PowerShell lines cannot run through cmd.exe: the probe tests the Copilot CLI's entry on POSIX only.
        ...(cliCommand && !win ? [{ label: ' in the Copilot CLI', command: cliCommand, dialect: 'copilot-cli' as const }] : []),
      ];
    }
  }
}

/**
 * Whether Bulkhead's entries are present and sound. `absent`: none at all. `weakened`: present but
 * one is missing, fails open, times out too early or runs something else. `malformed`: not JSON,
 * so the agent ignores the whole file.
 */
export function inspectConfig(agent: JsonAgentId, file: string, text: string | undefined, options: InstallOptions, denyDesired: readonly string[] = []): ConfigStatus {
  if (text === undefined) return { agent, state: 'absent', problems: [`${file} does not exist`], commands: [] };
  let root: JsonNode;
  try {
    root = parseConfig(file, text);
  } catch (error) {
    if (error instanceof ConfigError) return { agent, state: 'malformed', problems: [`${error.message.replace('; Bulkhead left it unchanged', '')}: ${agentSpecs[agent].name} ignores it`], commands: [] };
    throw error;
  }
  const layout = layoutFor(agent, options);
  const problems: string[] = [];
  const commands: ProbeTarget[] = [];
  let found = 0;
  for (const slot of layout.slots) {
    const array = nodeAt(root, slot.path);
    const mine = array?.type === 'array' ? (array.children ?? []).map((n) => getNodeValue(n) as unknown).filter((v) => slot.ours(v)) : [];
    if (mine.length === 0) {
      problems.push(`no Bulkhead hook for ${slot.label}`);
      continue;
    }
    found++;
    const first = mine[0] as Record<string, unknown>;
    for (const entry of probeCommands(agent, first, options.platform)) commands.push({ label: `${slot.label}${entry.label}`, command: entry.command, dialect: entry.dialect });
    problems.push(...slot.problems(first).map((p) => `${slot.label}: ${p}`));
  }
  for (const hookSwitch of hookSwitches[agent]) {
    if (hookSwitch.disables(valueAt(root, hookSwitch.path), options.command.cli)) problems.push(hookSwitch.problem.replace('the agent', agentSpecs[agent].name));
  }
  if (agent === 'claude' && denyDesired.length > 0) {
    const listed = valueAt(root, ['permissions', 'deny']);
    const have = new Set(Array.isArray(listed) ? listed : []);
    const missing = denyDesired.filter((r) => !have.has(r));
    if (missing.length > 0) problems.push(`permissions.deny no longer lists ${missing.length === 1 ? missing[0] : `${missing.length} secret files (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''})`}`);
  }
  const state: ConfigState = found === 0 ? 'absent' : problems.length > 0 ? 'weakened' : 'ok';
  return { agent, state, problems, commands };
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

/** The agents whose installed entry refuses the action when the hook crashes or times out. */
const failsClosed: ReadonlySet<AgentId> = new Set(['cursor', 'claude', 'cline']);

/** The status line for installed hooks: which of them fail closed, which let the action through, and the timeout. */
export function installedHooksDetail(installed: readonly AgentId[], timeoutSeconds: number): string {
  const names = (closed: boolean) => installed.filter((a) => failsClosed.has(a) === closed).map((a) => agentSpecs[a].name).join(', ');
  const parts = [
    ...(names(true) ? [`${names(true)}: fail-closed`] : []),
    ...(names(false) ? [`${names(false)}: a hook that crashes or times out lets the action through`] : []),
  ];
  return `${parts.join('; ')}, ${timeoutSeconds} s timeout`;
}

/** How each agent treats a hook that crashed or timed out, as the installed entry sets it up. */
export function failureMeaning(agent: AgentId): string {
  switch (agent) {
    case 'cursor':
      return 'Cursor blocks the action (failClosed)';
    case 'claude':
      return 'Claude Code blocks the action (onFailure: "block", 2.1.295 and later)';
    case 'copilot':
      return 'VS Code lets the action through; the Copilot CLI blocks it on a crash but not on a timeout';
    case 'codex':
      return 'Codex lets the action through';
    case 'gemini':
      return 'Gemini CLI lets the action through';
    case 'windsurf':
      return 'Windsurf lets the action through';
    case 'kiro':
      return 'Kiro CLI lets the action through';
    case 'cline':
      return 'Bulkhead\'s script cancels the tool (Cline alone would run it)';
  }
}


// ---------------------------------------------------------------------------------------------
// An agent's files in a workspace: what install, repair and removal write

/** How the installer sees the workspace: the file system, or a stand-in in tests. */
export interface WorkspaceFiles {
  read(file: string): string | undefined;
  /** Permission bits; undefined when the file is absent. */
  mode(file: string): number | undefined;
  /** The names in a folder; empty when there is none. */
  list(folder: string): string[];
}

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

/** One file to write; `text` undefined deletes it. `mode` keeps a script executable (or not, as it was). */
export interface FileWrite {
  readonly file: string;
  readonly text?: string;
  readonly mode?: number;
}

export interface AgentPlan {
  readonly writes: readonly FileWrite[];
  /** What was done, for the log and the consent text. */
  readonly actions: readonly string[];
  /** For Claude Code: the deny rules Bulkhead owns after the writes. */
  readonly ownedDeny: readonly string[];
  /** Why nothing can be installed for this agent here, said plainly. */
  readonly unavailable?: string;
}

const noKiroAgent = `there is no agent configuration in ${kiroAgentsFolder}: Kiro CLI runs hooks only from an agent's own file, and its built-in default agent has none. Create an agent in Kiro CLI (/agent create), then install again`;
const clineOnWindows = 'Cline runs hook scripts through a shell Bulkhead\'s script is not written for on Windows; the Cline hook is installed on macOS and Linux only';

/** The files that hold (or would hold) Bulkhead's entries for `agent`. */
export function agentFiles(agent: AgentId, files: WorkspaceFiles): string[] {
  if (agent === 'cline') return [clineHookFile];
  if (agent === 'kiro') return files.list(kiroAgentsFolder).filter((n) => n.endsWith('.json')).sort().map((n) => `${kiroAgentsFolder}/${n}`);
  return [agentSpecs[agent].file];
}

/** Adds or repairs Bulkhead's entries for one agent. Throws ConfigError when a file cannot be edited. */
export function planInstall(agent: AgentId, files: WorkspaceFiles, options: InstallOptions, deny?: DenyOptions): AgentPlan {
  if (agent === 'cline') return planClineInstall(files, options);
  const targets = agentFiles(agent, files);
  if (targets.length === 0) return { writes: [], actions: [], ownedDeny: deny?.owned ?? [], unavailable: noKiroAgent };
  const writes: FileWrite[] = [];
  const actions: string[] = [];
  let ownedDeny = deny?.owned ?? [];
  for (const file of targets) {
    const result = installConfig(agent, file, files.read(file), options, agent === 'claude' ? deny : undefined);
    if (result.changed) writes.push({ file, text: result.text });
    actions.push(...result.actions.map((a) => (targets.length > 1 ? `${file}: ${a}` : a)));
    ownedDeny = result.ownedDeny;
  }
  return { writes, actions, ownedDeny };
}

/** Whether Bulkhead's entries for one agent are present and sound, over all its files. */
export function inspectAgent(agent: AgentId, files: WorkspaceFiles, options: InstallOptions, denyDesired: readonly string[] = []): ConfigStatus {
  if (agent === 'cline') return inspectCline(files, options);
  const targets = agentFiles(agent, files);
  if (targets.length === 0) return { agent, state: 'absent', problems: [noKiroAgent], commands: [] };
  const statuses = targets.map((file) => ({ file, status: inspectConfig(agent, file, files.read(file), options, agent === 'claude' ? denyDesired : []) }));
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
  if (agent === 'cline') return planClineRemoval(files, options.cli);
  const writes: FileWrite[] = [];
  const actions: string[] = [];
  for (const file of agentFiles(agent, files)) {
    const result = removeConfig(agent, file, files.read(file), { cli: options.cli, createdFile: options.created.includes(file), ownedDeny: agent === 'claude' ? options.ownedDeny : [] });
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

const executable = 0o755;

function clineScriptIsOurs(text: string, cli: string): boolean {
  return isClineScriptOurs(text, (line) => isBulkheadCommand(line, cli));
}

function inspectCline(files: WorkspaceFiles, options: InstallOptions): ConfigStatus {
  const absent = (problem: string): ConfigStatus => ({ agent: 'cline', state: 'absent', problems: [problem], commands: [] });
  if (options.platform === 'win32') return absent(clineOnWindows);
  const text = files.read(clineHookFile);
  if (text === undefined) return absent(`${clineHookFile} does not exist`);
  if (!clineScriptIsOurs(text, options.command.cli)) return absent(`${clineHookFile} is another hook, not Bulkhead's`);
  const problems: string[] = [];
  const command = clineScriptCommand(text);
  if (command === undefined) {
    problems.push('the script no longer runs Bulkhead\'s hook');
  } else {
    problems.push(...commandProblems(command, options, 'cline', 'the script'));
    if (text !== clineHookScript(command)) problems.push('the script was edited: Bulkhead cannot tell that it still refuses what it should');
  }
  if (((files.mode(clineHookFile) ?? 0) & 0o111) === 0) problems.push('the script is not executable: Cline skips it and runs every tool');
  return {
    agent: 'cline',
    state: problems.length > 0 ? 'weakened' : 'ok',
    problems,
    // Cline runs the file itself; the probe does the same from the workspace folder.
    commands: [{ label: '', command: `./${clineHookFile}`, dialect: 'cline' }],
  };
}

function planClineInstall(files: WorkspaceFiles, options: InstallOptions): AgentPlan {
  const none = { writes: [], actions: [], ownedDeny: [] };
  if (options.platform === 'win32') return { ...none, unavailable: clineOnWindows };
  const desired = clineHookScript(renderCommand(options.command, 'cline').posix);
  const text = files.read(clineHookFile);
  if (text === undefined) return { ...none, writes: [{ file: clineHookFile, text: desired, mode: executable }], actions: ['added Bulkhead\'s PreToolUse script'] };
  if (!clineScriptIsOurs(text, options.command.cli)) {
    if (files.read(clineChainedFile) !== undefined) throw new HookFileError(clineHookFile, `${clineChainedFile} already holds another script; move one of the two aside`);
    return {
      ...none,
      writes: [{ file: clineChainedFile, text, mode: files.mode(clineHookFile) }, { file: clineHookFile, text: desired, mode: executable }],
      actions: [`moved the PreToolUse script that was there to ${clineChainedFile}; Bulkhead's runs it for every call it lets through, and its answer stands`, 'added Bulkhead\'s PreToolUse script'],
    };
  }
  if (inspectCline(files, options).state === 'ok') return none;
  return { ...none, writes: [{ file: clineHookFile, text: desired, mode: executable }], actions: ['repaired Bulkhead\'s PreToolUse script'] };
}

function planClineRemoval(files: WorkspaceFiles, cli: string): { writes: FileWrite[]; actions: string[] } {
  const text = files.read(clineHookFile);
  if (text === undefined || !clineScriptIsOurs(text, cli)) return { writes: [], actions: [] };
  const chained = files.read(clineChainedFile);
  if (chained !== undefined) {
    return {
      writes: [{ file: clineHookFile, text: chained, mode: files.mode(clineChainedFile) }, { file: clineChainedFile }],
      actions: [`put back the PreToolUse script from ${clineChainedFile}`],
    };
  }
  return { writes: [{ file: clineHookFile }], actions: [`deleted ${clineHookFile}`] };
}
