/**
 * Keeping the secret files of other environments out of agents' context: a managed block in each
 * agent's ignore file, and the matching Claude Code `permissions.deny` `Read(…)` rules. No vscode
 * import.
 *
 * - Which files: the policy's `secrets` globs, and files whose first lines carry a marker comment
 *   `# bulkhead: <environment>`, of every environment other than the active one and of every
 *   critical environment (a critical environment's secrets stay hidden even while it is active).
 * - The block sits at the end of the file, so a user's `!negation` above it cannot re-include a
 *   secret (gitignore semantics: the last matching line wins). It is delimited by marker lines;
 *   nothing outside it is ever touched.
 * - Removing the block gives back the user's bytes exactly. The begin line records the two things
 *   the block changed besides itself: that the file did not exist, or that it lacked a final newline.
 * - Ignore files are weak (terminal tools and naive command checks bypass them): the agent hooks
 *   enforce; these keep secrets out of indexing, @-mentions and file pickers.
 */
import { type Dirent, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readBoundedText, readFileIfPresent } from './boundedRead';
import { join, relative, resolve, sep } from 'node:path';
import { braceExpand } from 'minimatch';
import type { Environment, Policy } from '../core/policy/load';
import { readOnlyEnvironment } from '../core/policy/load';

import { ignoreFileNames } from '../core/fileAccess';

export { ignoreFileNames };
export type IgnoreFileName = (typeof ignoreFileNames)[number];

/** Which agent reads which file, for messages. */
export const ignoreFileAgents: Readonly<Record<IgnoreFileName, string>> = {
  '.cursorignore': 'Cursor',
  '.clineignore': 'Cline',
  '.rooignore': 'Roo Code',
  '.codeiumignore': 'Windsurf',
  '.aiexclude': 'Gemini Code Assist',
  '.geminiignore': 'Gemini CLI',
  '.aiderignore': 'Aider',
  '.continueignore': 'Continue',
  '.kiroignore': 'Kiro',
};

export const blockBeginPrefix = '# >>> bulkhead (managed';
export const blockEnd = '# <<< bulkhead';
const blockBeginPattern = /^# >>> bulkhead \(managed(?:, (new file|newline added))?\)/;

/** `# bulkhead: production` (also `// bulkhead:` and `; bulkhead:`) in the first lines of a file. */
const markerPattern = /^\s*(?:#|\/\/|;|--)\s*bulkhead:\s*([A-Za-z0-9_.-]+)\s*$/;
/** How many lines from the top a marker may be on (after a shebang or a `$schema` line). */
export const markerLines = 5;
const markerHeadBytes = 1024;

/** The environment a file's marker comment names, if its first lines carry one. */
export function markerOf(head: string): string | undefined {
  for (const line of head.split(/\r?\n/).slice(0, markerLines)) {
    const m = markerPattern.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** Reads a file's first bytes and returns its marker; unreadable or large binary files have none. */
export function readMarker(path: string): string | undefined {
  const head = readBoundedText(path, markerHeadBytes, { prefix: true });
  if (head === undefined || head.includes('\0')) return undefined;
  return markerOf(head);
}

/** Folders never searched for marked files: dependencies, build output, VCS data. */
export const skippedDirectories: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn', 'node_modules', 'bower_components', 'vendor', '.venv', 'venv', '__pycache__', '.tox', 'dist', 'build', 'out',
  'target', '.next', '.nuxt', '.terraform', '.gradle', '.idea', '.cache', 'coverage', '.pnpm-store', '.yarn',
]);

export interface MarkedFile {
  /** Relative to the scanned root, with `/`. */
  readonly path: string;
  readonly environment: string;
}

/**
 * Walks `root` for files with a marker comment. Bounded: at most `maxFiles` files are opened and
 * files above `maxBytes` are skipped, so a huge repository costs a bounded scan, not a hang.
 */
export function scanMarkedFiles(root: string, options: { maxFiles?: number; maxBytes?: number } = {}): { files: MarkedFile[]; truncated: boolean } {
  const maxFiles = options.maxFiles ?? 20_000;
  const maxBytes = options.maxBytes ?? 1 << 20;
  const files: MarkedFile[] = [];
  let opened = 0;
  let truncated = false;
  const walk = (dir: string, rel: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (truncated) return;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skippedDirectories.has(entry.name)) walk(path, childRel);
        continue;
      }
      if (!entry.isFile()) continue;
      if (opened >= maxFiles) {
        truncated = true;
        return;
      }
      try {
        if (statSync(path).size > maxBytes) continue;
      } catch {
        continue;
      }
      opened++;
      const environment = readMarker(path);
      if (environment) files.push({ path: childRel, environment });
    }
  };
  walk(root, '');
  return { files, truncated };
}

/** Environments whose secrets agents must not see while `active` is selected. */
export function hiddenEnvironments(policy: Policy, active: string): Environment[] {
  return policy.environments.filter((e) => active === readOnlyEnvironment || e.name !== active || e.protection === 'critical');
}

export interface SecretSet {
  /** Environments whose files are hidden, in policy order. */
  readonly environments: readonly string[];
  /** Lines for the ignore files (gitignore syntax, relative to the workspace root). */
  readonly ignorePatterns: readonly string[];
  /** Claude Code rules: `Read(//absolute/pattern)`. */
  readonly claudeDeny: readonly string[];
  /** Policy globs that point outside the workspace folder and cannot be written as its ignore lines. */
  readonly skipped: readonly string[];
}

/**
 * The files to hide from agents in `workspaceRoot` while `active` is selected: policy globs (relative
 * to the policy's folder; a glob without `/` names a file anywhere) and marked files.
 */
export function secretSet(policy: Policy, active: string, workspaceRoot: string, marked: readonly MarkedFile[], platform: NodeJS.Platform = process.platform): SecretSet {
  const hidden = hiddenEnvironments(policy, active);
  const names = new Set(hidden.map((e) => e.name));
  const ignore: string[] = [];
  const deny: string[] = [];
  const skipped: string[] = [];
  const add = (pattern: string | undefined, absolutePattern: string) => {
    if (pattern !== undefined && !ignore.includes(pattern)) ignore.push(pattern);
    const rule = `Read(${claudeAbsolute(absolutePattern, platform)})`;
    if (!deny.includes(rule)) deny.push(rule);
  };
  const wsRoot = resolve(workspaceRoot);
  const policyRoot = resolve(policy.root || wsRoot);
  const down = relative(policyRoot, wsRoot).split(sep).join('/');
  for (const env of hidden) {
    for (const matcher of env.secrets) {
      for (const expanded of braceExpand(matcher.pattern.replace(/^\.\//, ''))) {
        const glob = expanded.replace(/^\/+/, '');
        if (!glob) continue;
        if (!glob.includes('/')) {
          add(escapeLeading(glob), `${toPosix(policyRoot)}/**/${glob}`);
          continue;
        }
        const rel = rebase(glob, down);
        if (rel === undefined) {
          // Outside the workspace folder: no ignore line can name it, a Claude Code rule still can.
          skipped.push(`${env.name}: ${matcher.pattern}`);
          add(undefined, `${toPosix(policyRoot)}/${glob}`);
          continue;
        }
        add(rel.startsWith('**/') ? rel : `/${escapeLeading(rel)}`, `${toPosix(policyRoot)}/${glob}`);
      }
    }
  }
  for (const file of marked) {
    if (!names.has(file.environment)) continue;
    add(`/${escapeLiteral(file.path)}`, `${toPosix(wsRoot)}/${escapeGlobLiteral(file.path)}`);
  }
  return { environments: hidden.map((e) => e.name), ignorePatterns: ignore, claudeDeny: deny, skipped };
}

/**
 * A policy-relative glob as a workspace-relative one. `down` is the workspace folder seen from the
 * policy's folder: '' when they are the same, `apps/web` when the policy sits above. Undefined when
 * the glob can only match outside the workspace folder, or when that cannot be told statically.
 */
function rebase(glob: string, down: string): string | undefined {
  if (down === '' || down === '.') return glob;
  if (down.startsWith('..')) return undefined;
  const parts = glob.split('/');
  for (const segment of down.split('/')) {
    const head = parts[0];
    if (head === '**') return parts.join('/');
    if (head !== segment || parts.length === 1) return undefined;
    parts.shift();
  }
  return parts.join('/');
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Claude Code path rules: `//` anchors at the file system root; Windows drives become `/c/…`. */
export function claudeAbsolute(absolutePattern: string, platform: NodeJS.Platform = process.platform): string {
  let p = absolutePattern;
  if (platform === 'win32') p = p.replace(/\\/g, '/').replace(/^([A-Za-z]):/, (_, d: string) => `/${d.toLowerCase()}`);
  return `/${p.startsWith('/') ? p : `/${p}`}`;
}

/** gitignore: a leading `#` or `!` is literal only when escaped; trailing spaces are dropped unless escaped. */
function escapeLeading(pattern: string): string {
  return pattern.replace(/^([#!])/, '\\$1').replace(/ $/, '\\ ');
}

/** A literal file path as a gitignore line. */
function escapeLiteral(path: string): string {
  return escapeLeading(path.replace(/([*?[\\])/g, '\\$1'));
}

function escapeGlobLiteral(path: string): string {
  return path.replace(/([*?[\]{}\\])/g, '\\$1');
}

// ---------------------------------------------------------------------------------------------
// The managed block

export interface BlockInfo {
  /** Pattern lines inside the block (comments excluded). */
  readonly patterns: readonly string[];
  readonly createdFile: boolean;
  readonly addedNewline: boolean;
  /** Line indices (0-based) of the begin and end markers; end is -1 when the end marker is missing. */
  readonly begin: number;
  readonly end: number;
}

/** The block in a file's text, if there is one. */
export function readBlock(text: string | undefined): BlockInfo | undefined {
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  const begin = lines.findIndex((l) => blockBeginPattern.test(l.replace(/\r$/, '')));
  if (begin < 0) return undefined;
  const flag = blockBeginPattern.exec(lines[begin].replace(/\r$/, ''))?.[1];
  let end = -1;
  for (let i = begin + 1; i < lines.length; i++) {
    if (lines[i].replace(/\r$/, '').trim() === blockEnd) {
      end = i;
      break;
    }
  }
  const body = lines.slice(begin + 1, end < 0 ? lines.length : end).map((l) => l.replace(/\r$/, ''));
  return {
    patterns: body.filter((l) => l.trim() !== '' && !l.startsWith('#')),
    createdFile: flag === 'new file',
    addedNewline: flag === 'newline added',
    begin,
    end,
  };
}

function renderBlock(patterns: readonly string[], environments: readonly string[], flag: 'new file' | 'newline added' | undefined, eol: string): string {
  const lines = [
    `${blockBeginPrefix}${flag ? `, ${flag}` : ''}) secret files of ${environments.join(', ')}; Bulkhead rewrites this block, edit .bulkhead.yaml instead`,
    ...patterns,
    blockEnd,
  ];
  return lines.join(eol) + eol;
}

/**
 * The file's text with the block set to `patterns` (in place when present, else appended), or with
 * the block removed when `patterns` is empty. Undefined means: delete the file (Bulkhead created it
 * and nothing else is in it). Text outside the block is never changed.
 */
export function applyBlock(text: string | undefined, patterns: readonly string[], environments: readonly string[]): string | undefined {
  const existing = readBlock(text);
  if (patterns.length === 0) return removeBlock(text);
  const eol = text?.includes('\r\n') ? '\r\n' : '\n';
  if (existing && text !== undefined) {
    const lines = text.split('\n');
    const flag = existing.createdFile ? 'new file' : existing.addedNewline ? 'newline added' : undefined;
    const before = lines.slice(0, existing.begin).join('\n');
    const afterLines = existing.end < 0 ? [] : lines.slice(existing.end + 1);
    const after = afterLines.join('\n');
    return (existing.begin > 0 ? `${before}\n` : '') + renderBlock(patterns, environments, flag, eol) + after;
  }
  if (text === undefined) return renderBlock(patterns, environments, 'new file', eol);
  if (text === '' || text.endsWith('\n')) return text + renderBlock(patterns, environments, undefined, eol);
  return text + eol + renderBlock(patterns, environments, 'newline added', eol);
}

/** The text without the block, exactly as it was before Bulkhead added it; undefined: delete the file. */
export function removeBlock(text: string | undefined): string | undefined {
  const block = readBlock(text);
  if (!block || text === undefined) return text;
  const lines = text.split('\n');
  const beforeLines = lines.slice(0, block.begin);
  const afterLines = block.end < 0 ? [] : lines.slice(block.end + 1);
  let before = beforeLines.length > 0 ? `${beforeLines.join('\n')}\n` : '';
  const after = afterLines.join('\n');
  if (block.addedNewline && after === '') before = before.replace(/\r?\n$/, '');
  const result = before + after;
  if (block.createdFile && result === '') return undefined;
  return result;
}

export type IgnoreState = 'absent' | 'ok' | 'weakened';

/** Whether the block is there and lists every expected pattern. */
export function inspectBlock(text: string | undefined, expected: readonly string[]): { state: IgnoreState; missing: string[] } {
  const block = readBlock(text);
  if (!block) return { state: 'absent', missing: [...expected] };
  const have = new Set(block.patterns);
  const missing = expected.filter((p) => !have.has(p));
  return { state: missing.length > 0 || block.end < 0 ? 'weakened' : 'ok', missing };
}

// ---------------------------------------------------------------------------------------------
// Files

export function readTextFile(path: string): string | undefined {
  return readFileIfPresent(path);
}

/** Writes (or deletes, for undefined) an ignore file; returns true when the file changed. */
export function writeIgnoreFile(path: string, before: string | undefined, after: string | undefined): boolean {
  if (before === after) return false;
  if (after === undefined) rmSync(path, { force: true });
  else writeFileSync(path, after);
  return true;
}
