import type { HookCommand } from '../../hookCommand';
import type { Dialect } from '../payload';

/**
 * What Bulkhead knows about installing into one agent: where its hooks live, the entries Bulkhead
 * writes there and what makes one unsound, the commands a probe runs, and how the agent treats a
 * hook that crashed or timed out. The protocol (payloads and answers) lives in `../dialects/`.
 */

export type AgentId = 'cursor' | 'claude' | 'copilot' | 'codex' | 'gemini' | 'windsurf' | 'kiro' | 'cline';

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

/** How the agent treats a hook that crashed or timed out, as Bulkhead's installed entry sets it up. */
export interface Failure {
  /** Said after a probe that failed: "on a failure <meaning>". */
  readonly meaning: string;
  readonly closedOnCrash: boolean;
  readonly closedOnTimeout: boolean;
}

export interface InstallOptions {
  readonly command: HookCommand;
  readonly confirmationTimeoutSeconds: number;
  readonly platform: NodeJS.Platform;
  /** Whether a path exists (the Node and CLI a command runs); defaults to the file system. */
  exists?(path: string): boolean;
}

export type JsonPath = readonly (string | number)[];

/** One configured command as an agent would run it, and the payload it would send. */
export interface ProbeTarget {
  readonly label: string;
  readonly command: string;
  readonly dialect: Dialect;
}

/** How the agent runs one configured command: what `bulkhead doctor` reproduces. */
export interface HookRun extends ProbeTarget {
  /** Who runs it, when not the dialect's own agent (VS Code running Claude Code's settings). */
  readonly agent?: string;
  /** The agent's working directory for it: the workspace folder, the user's home, or a folder relative to the workspace. */
  readonly cwd: 'workspace' | 'home' | { readonly relative: string };
  /** Variables the agent adds; `projectDir` names the one it sets to the workspace folder. */
  readonly env?: Readonly<Record<string, string>>;
  readonly projectDir?: string;
  /** How long the agent lets it run. */
  readonly timeoutSeconds: number;
  readonly closedOnCrash: boolean;
  readonly closedOnTimeout: boolean;
  /** Why the agent never sends this entry a shell command (a matcher without its shell tool): reported, not probed. */
  readonly skipped?: string;
}

/** One list in an agent's file whose entries the agent runs. */
export interface ReadSlot {
  readonly path: readonly string[];
  /** Label for messages: the event, or the event and matcher. */
  readonly label: string;
  /** What the agent asks this list about ("shell commands", "file reads"), for "… are not checked". */
  readonly covers: string;
  /** Whether the agent's shell commands come here: a probe sends its canary only to these. */
  readonly shell: boolean;
  ours(element: unknown): boolean;
  /** The commands an element runs, as the agent runs them. */
  runs(element: unknown, platform: NodeJS.Platform): HookRun[];
  /** What the installer finds wrong with Bulkhead's element; absent for lists Bulkhead does not fill. */
  problems?(element: unknown): string[];
}

/** A list that must hold one Bulkhead element. */
export interface Slot extends ReadSlot {
  readonly desired: unknown;
  problems(element: unknown): string[];
}

export interface Layout {
  /** Top-level keys a new file starts with. */
  readonly scaffold: Record<string, unknown>;
  readonly slots: readonly Slot[];
}

/** A setting of the agent's that keeps Bulkhead's hook from running although the entry is sound. */
export interface HookSwitch {
  readonly path: JsonPath;
  /** Whether the value found at `path` switches Bulkhead's hook off. */
  readonly disables: (value: unknown, cli: string) => boolean;
  /** What a repair writes at `path` instead. */
  readonly repaired: (value: unknown, cli: string) => unknown;
  /** Said with "the agent" standing for the agent's name. */
  readonly problem: string;
  readonly repair: string;
}

/** A file the agent reads hooks from, with the lists it runs there. */
export interface HookSource {
  readonly file: string;
  readonly slots: readonly ReadSlot[];
  readonly switches: readonly HookSwitch[];
  /** The agent that reads it, when not the module's own (VS Code reading Claude Code's settings). */
  readonly reader?: string;
}

/** How the installer sees the workspace: the file system, or a stand-in in tests. */
export interface WorkspaceFiles {
  read(file: string): string | undefined;
  /** Permission bits; undefined when the file is absent. */
  mode(file: string): number | undefined;
  /** The names in a folder; empty when there is none. */
  list(folder: string): string[];
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

export type ConfigState = 'absent' | 'ok' | 'weakened' | 'malformed';

export interface ConfigStatus {
  readonly agent: AgentId;
  readonly state: ConfigState;
  /** Human sentences: what is wrong and what it means. */
  readonly problems: readonly string[];
  /** The commands of Bulkhead's entries as written (for the self-test), with the event they serve. */
  readonly commands: readonly ProbeTarget[];
}

/** A configured hook found in the workspace, Bulkhead's or not. */
export interface FoundHook extends HookRun {
  /** Relative to the workspace folder. */
  readonly file: string;
  readonly event: string;
  readonly ours: boolean;
  /** What keeps it from working as it should (for Bulkhead's own entries, what the installer finds). */
  readonly problems: readonly string[];
}

/** Something about a file: `text` follows its name ("<file> has no …", "<file>: …"). */
export interface HookNote {
  readonly file: string;
  readonly text: string;
}

export interface HookReading {
  readonly hooks: readonly FoundHook[];
  /** Files the agent ignores, lists it has none in, switches that turn hooks off. */
  readonly notes: readonly HookNote[];
}

interface AgentBase {
  readonly spec: AgentSpec;
  readonly failure: Failure;
  /** How long the installed entry lets Bulkhead's check run; undefined where the agent alone decides. */
  hookSeconds(confirmationTimeoutSeconds: number): number | undefined;
}

/** An agent whose hooks are entries in JSON files. */
export interface JsonAgent extends AgentBase {
  readonly kind: 'json';
  /** The files Bulkhead writes its entries into (Kiro: one per agent configuration). */
  installFiles(files: WorkspaceFiles): string[];
  /** Why nothing can be installed when `installFiles` is empty. */
  readonly noFile?: string;
  layout(options: InstallOptions): Layout;
  readonly switches: readonly HookSwitch[];
  /** Where secret hiding keeps its `Read(…)` rules (Claude Code's `permissions.deny`). */
  readonly denyPath?: readonly string[];
  /** Every file the agent reads hooks from in the workspace, with the lists it runs: what doctor probes. */
  sources(files: WorkspaceFiles, options: InstallOptions): HookSource[];
}

/** An agent whose hook is an executable file (Cline). */
export interface ScriptAgent extends AgentBase {
  readonly kind: 'script';
  inspect(files: WorkspaceFiles, options: InstallOptions): ConfigStatus;
  planInstall(files: WorkspaceFiles, options: InstallOptions): AgentPlan;
  planRemoval(files: WorkspaceFiles, cli: string): { writes: FileWrite[]; actions: string[] };
  read(files: WorkspaceFiles, options: InstallOptions): HookReading;
}

export type AgentModule = JsonAgent | ScriptAgent;
