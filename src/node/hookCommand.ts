import { statSync } from 'node:fs';
import type { Dialect } from './hooks/payload';

/**
 * The command line Bulkhead writes into every agent's hook configuration: which Node runs the
 * bundled CLI, how it is quoted for each shell, and how an entry's command is recognised as
 * Bulkhead's afterwards. No vscode import: the installer, the self-test and `bulkhead doctor` share it.
 */

/** Seconds a hook may run: the confirmation modal plus a margin for starting Node and the IPC round trip. */
export function hookTimeoutSeconds(confirmationTimeoutSeconds: number): number {
  return Math.ceil(confirmationTimeoutSeconds) + 30;
}

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
