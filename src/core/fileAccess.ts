import { basename, relativeTo } from './paths';
import { type Environment, type Policy, readOnlyEnvironment } from './policy/load';
import { type SecretLookup, secretEnvironmentOf } from './secretReads';
import { stopAndAsk } from './messages';

/**
 * What an agent's file tool may touch: Read/Grep/Glob, Cursor's beforeReadFile, Copilot's read_file,
 * and the edit tools. Pure: the caller resolves paths and reads whatever file text it passes in.
 */
export type FileAccessKind = 'read' | 'write' | 'search';

export interface FileAccessContext extends SecretLookup {
  /** The active environment's name, `read-only`, or undefined for the policy's default. */
  readonly active?: string;
  /** The user's home folder, for user-level hook configurations and Bulkhead's own state. */
  readonly home?: string;
}

export { secretEnvironmentOf };

export interface FileAccessVerdict {
  readonly allowed: boolean;
  /** `files.secret-other`, `files.secret-critical`, `files.guard`, `files.ok`. */
  readonly rule: string;
  /** The environment whose secret it is, when that is the reason. */
  readonly environment?: string;
  /** One sentence for logs and the human. */
  readonly reason: string;
  /** What the agent reads when it is denied: what, why, and that it must stop and ask. */
  readonly agentMessage: string;
}

/** The agents' ignore files, all gitignore syntax, all read from the workspace root. */
export const ignoreFileNames = ['.cursorignore', '.clineignore', '.rooignore', '.codeiumignore', '.aiexclude', '.geminiignore', '.aiderignore', '.continueignore', '.kiroignore'] as const;

/** Ignore files Bulkhead keeps a managed block in: an agent that edits them un-hides secrets. */
export const managedIgnoreFiles: ReadonlySet<string> = new Set(ignoreFileNames);
/**
 * Settings keys in `.vscode/settings.json` that Bulkhead writes or that switch agent guards off.
 * Editing the rest of that file is ordinary work.
 */
export const managedSettingKeys: readonly string[] = [
  'bulkhead.', 'chat.hookFilesLocations', 'chat.tools.terminal.terminalProfile', 'terminal.integrated.env',
  'chat.tools.edits.autoApprove', 'chat.tools.terminal.autoApprove', 'chat.tools.global.autoApprove', 'chat.useCustomAgentHooks',
];

/**
 * Which guard a path is, if any. Guards are what keeps an agent inside its environment: the policy
 * (any `.bulkhead.yaml`, since a new one in a subfolder becomes the nearest policy there), the
 * agents' hook configurations, the ignore files Bulkhead manages, and Bulkhead's own state under
 * `~/.bulkhead` (the connection files hooks trust to find the extension).
 */
/** A name every path `guardFileKind` knows holds (besides a policy given under another name): a cheap test before resolving. */
export function mayNameGuard(path: string): boolean {
  return /bulkhead|ignore|aiexclude|\.cursor|\.claude|\.github|\.codex|\.clinerules|\.copilot|\.gemini|\.windsurf|\.kiro/.test(path);
}

export function guardFileKind(policy: Policy, absolute: string, home?: string): string | undefined {
  const name = basename(absolute);
  if (absolute === policy.file || name === '.bulkhead.yaml' || name === '.bulkhead.yml') return 'the Bulkhead policy';
  if (managedIgnoreFiles.has(name)) return 'an ignore file Bulkhead manages';
  const parts = absolute.split('/');
  const parent = parts[parts.length - 2] ?? '';
  const grandparent = parts[parts.length - 3] ?? '';
  if (parent === '.cursor' && name === 'hooks.json') return 'the Cursor hook configuration';
  if (parent === '.claude' && (name === 'settings.json' || name === 'settings.local.json')) return 'the Claude Code settings that hold its hooks';
  if (parent === 'hooks' && grandparent === '.github') return 'a Copilot hook configuration';
  if (parent === 'copilot' && grandparent === '.github' && (name === 'settings.json' || name === 'settings.local.json')) return 'the Copilot CLI settings that hold its hooks';
  if (parent === '.codex' && (name === 'hooks.json' || name === 'config.toml')) return 'the Codex hook configuration';
  if (parent === 'hooks' && grandparent === '.clinerules') return 'a Cline hook';
  if (parent === '.gemini' && name === 'settings.json') return 'the Gemini CLI settings that hold its hooks';
  if (parent === '.windsurf' && name === 'hooks.json') return 'the Windsurf hook configuration';
  if ((parent === 'agents' || parent === 'hooks') && grandparent === '.kiro') return 'a Kiro agent configuration that holds its hooks';
  if (parent === '.copilot' && name === 'settings.json') return 'the Copilot CLI settings that hold its hooks';
  if (parts.includes('.copilot') && parent === 'hooks') return 'a Copilot hook configuration';
  if (home) {
    const state = relativeTo(`${home}/.bulkhead`, absolute);
    if (state !== undefined) return "Bulkhead's own state";
  }
  return undefined;
}

/** Folders whose own name says they hold agents' hook configurations. */
const hookFolders: ReadonlySet<string> = new Set(['.cursor', '.claude', '.codex', '.clinerules', '.copilot', '.github']);

/**
 * Which guard a folder holds, if any: moving or removing it takes every guard file inside along
 * (`mv .cursor .cursor.bak` switches Cursor's hooks off as surely as editing hooks.json).
 */
export function guardFolderKind(policy: Policy, absolute: string, home?: string): string | undefined {
  const hooks = hookFolderKind(absolute);
  if (hooks) return hooks;
  if (policy.file && relativeTo(absolute, policy.file) !== undefined) return `${absolute}, a folder that holds the Bulkhead policy`;
  if (home && relativeTo(absolute, `${home}/.bulkhead`) !== undefined) return `${absolute}, a folder that holds Bulkhead's own state`;
  return undefined;
}

/** A folder agents read their hook configuration from: whatever is put into it may become one. */
export function hookFolderKind(absolute: string): string | undefined {
  const parts = absolute.split('/');
  const name = parts[parts.length - 1] ?? '';
  const parent = parts[parts.length - 2] ?? '';
  if (hookFolders.has(name)) return `${name}, a folder that holds an agent's hook configuration`;
  if ((name === 'hooks' && (parent === '.github' || parent === '.clinerules' || parent === '.copilot')) || (name === 'copilot' && parent === '.github')) {
    return `${parent}/${name}, a folder that holds an agent's hook configuration`;
  }
  return undefined;
}

/** Whether any of the texts (old or new content of an edit, or the file as it is) mentions a managed setting. */
export function mentionsManagedSetting(texts: readonly string[]): boolean {
  // Keys appear quoted in JSON: `"bulkhead.` or `"chat.hookFilesLocations`.
  return texts.some((text) => managedSettingKeys.some((key) => text.includes(`"${key}`)));
}

function isVscodeSettings(absolute: string): boolean {
  return absolute.endsWith('/.vscode/settings.json');
}

/**
 * Decides one access. `texts` carries what an edit would change (old and new strings, new content)
 * and, for a whole-file write, the file's current text: only used for `.vscode/settings.json`.
 */
export function decideFileAccess(context: FileAccessContext, absolute: string, kind: FileAccessKind, texts: readonly string[] = []): FileAccessVerdict {
  if (context.home && absolute === `${context.home}/.bulkhead/audit.key`) {
    return deny('files.guard', undefined, `reads the key of Bulkhead's audit log (${absolute})`,
      `Bulkhead blocked this: ${absolute} is the key that seals Bulkhead's audit log, and with it a forged log would verify. Agents may not read or change it. ${stopAndAsk}`);
  }
  if (kind === 'write') {
    const guard = guardFileKind(context.policy, absolute, context.home);
    if (guard) {
      return deny('files.guard', undefined, `writes ${guard} (${absolute})`,
        `Bulkhead blocked this edit: ${absolute} is ${guard}, which keeps agents inside the environment the user chose. Agents may not change it. ${stopAndAsk}`);
    }
    if (isVscodeSettings(absolute) && mentionsManagedSetting(texts)) {
      return deny('files.guard', undefined, `changes Bulkhead or agent-guard settings in ${absolute}`,
        `Bulkhead blocked this edit: it touches settings in ${absolute} that Bulkhead manages or that switch agent guards off. Only the user may change them. ${stopAndAsk}`);
    }
  }
  const owner = secretEnvironmentOf(context, absolute);
  if (owner) {
    const denial = secretDenial(context, owner, absolute, kind);
    if (denial) return denial;
  }
  return { allowed: true, rule: 'files.ok', reason: `${kind} of ${absolute} is allowed`, agentMessage: '' };
}

function secretDenial(context: FileAccessContext, owner: Environment, absolute: string, kind: FileAccessKind): FileAccessVerdict | undefined {
  const active = context.active ?? context.policy.default;
  const verb = kind === 'write' ? 'edit' : kind === 'search' ? 'search' : 'read';
  if (owner.protection === 'critical') {
    // A critical environment's secrets stay out of every agent's context, even while it is active:
    // an agent needs none of them to run a confirmed command.
    return deny('files.secret-critical', owner.name, `${verb}s a secret file of ${owner.name} (critical)`,
      `Bulkhead blocked this ${verb}: ${absolute} holds secrets of ${owner.name}, a critical environment, and agents never see those. ${stopAndAsk}`);
  }
  if (active === readOnlyEnvironment || owner.name !== active) {
    const activeText = active === readOnlyEnvironment ? 'Read-only (diagnose) mode is active' : `the active environment is ${active ?? 'none'}`;
    return deny('files.secret-other', owner.name, `${verb}s a secret file of ${owner.name} while ${activeText}`,
      `Bulkhead blocked this ${verb}: ${absolute} holds secrets of ${owner.name}, but ${activeText}. Only the user can switch the active environment in Bulkhead. ${stopAndAsk}`);
  }
  return undefined;
}

function deny(rule: string, environment: string | undefined, reason: string, agentMessage: string): FileAccessVerdict {
  return { allowed: false, rule, environment, reason, agentMessage };
}

/**
 * A search (Grep, grep_search) over a folder reads every file under it that its filter lets
 * through. `candidates` are the secret files found under the root (the caller walks the disk);
 * the search is denied when any of them would be read and denied on its own.
 */
export function decideSearch(
  context: FileAccessContext,
  root: string,
  candidates: readonly string[],
  included: (absolute: string) => boolean = () => true,
): FileAccessVerdict {
  const direct = decideFileAccess(context, root, 'search');
  if (!direct.allowed) return direct;
  for (const file of candidates) {
    if (!included(file)) continue;
    const verdict = decideFileAccess(context, file, 'search');
    if (!verdict.allowed) {
      return {
        ...verdict,
        reason: `searches ${root}, which contains ${file}: ${verdict.reason}`,
        agentMessage: `${verdict.agentMessage} Search a narrower folder, or exclude ${file} with the tool's file filter.`,
      };
    }
  }
  return direct;
}
