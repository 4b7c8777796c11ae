import { type Dirent, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Policy } from '../core/policy/load';
import { type FileSystemView, type Listing, secretOwner } from '../core/secretReads';
import { readMarker } from './ignoreFiles';

/**
 * The disk as the core may see it while it judges one command or one file access: folder
 * listings within a budget (entries and time, shared by every walk of the evaluation), markers,
 * the other names a file goes by, and git's view of a file.
 */
export interface ViewBounds {
  readonly maxEntries: number;
  readonly maxMs: number;
}

export const defaultViewBounds: ViewBounds = { maxEntries: 20_000, maxMs: 250 };

export interface ViewOptions {
  readonly bounds?: ViewBounds;
  /** Whether names compare without case; by default, as the platform's usual file systems do (macOS, Windows). */
  readonly foldCase?: boolean;
  /** Clock, for tests of the time bound. */
  readonly now?: () => number;
}

const gitTimeoutMs = 2_000;

export function createFileSystemView(policy: Policy, options: ViewOptions = {}): FileSystemView {
  const bounds = options.bounds ?? defaultViewBounds;
  const now = options.now ?? Date.now;
  const foldCase = options.foldCase ?? (process.platform === 'darwin' || process.platform === 'win32');
  let entries = 0;
  let deadline: number | undefined;
  let secretIdentities: Map<string, string> | undefined | 'unknown';

  const list = (dir: string): Listing => {
    deadline ??= now() + bounds.maxMs;
    if (entries > bounds.maxEntries || now() > deadline) return 'exhausted';
    let found: Dirent[];
    try {
      found = readdirSync(dir, { withFileTypes: true });
    } catch {
      return 'missing';
    }
    entries += found.length;
    if (entries > bounds.maxEntries) return 'exhausted';
    return found.map((e) => ({ name: e.name, directory: e.isDirectory(), symlink: e.isSymbolicLink() }));
  };

  /** Device and inode of each file the policy names as a secret in its folder, found once per view. */
  const identities = (): Map<string, string> | 'unknown' => {
    if (secretIdentities === undefined) {
      const map = new Map<string, string>();
      const stack = [policy.root];
      let complete = true;
      while (stack.length > 0) {
        const dir = stack.pop()!;
        const listing = list(dir);
        if (listing === 'exhausted') {
          complete = false;
          break;
        }
        if (listing === 'missing') continue;
        for (const entry of listing) {
          const path = join(dir, entry.name);
          if (entry.directory) {
            if (entry.name !== 'node_modules' && entry.name !== '.git') stack.push(path);
          } else if (secretOwner(policy, path, foldCase)) {
            try {
              const s = statSync(path);
              map.set(`${s.dev}:${s.ino}`, path);
            } catch {
              // Gone since listed: nothing to compare with.
            }
          }
        }
      }
      secretIdentities = complete ? map : 'unknown';
    }
    return secretIdentities;
  };

  const aliasesOf = (absolute: string): string[] => {
    let link;
    try {
      link = lstatSync(absolute);
    } catch {
      return [];
    }
    const out: string[] = [];
    try {
      const real = realpathSync.native(absolute);
      if (real !== absolute) out.push(real);
    } catch {
      // A dangling link reads nothing.
    }
    let target = link;
    if (link.isSymbolicLink()) {
      try {
        target = statSync(absolute);
      } catch {
        return out;
      }
    }
    if (target.isFile() && target.nlink > 1) {
      // A hard link is the secret under another name: only its identity tells.
      const known = identities();
      if (known === 'unknown') out.push(...policySecretNames(policy));
      else {
        const same = known.get(`${target.dev}:${target.ino}`);
        if (same) out.push(same);
      }
    }
    return out;
  };

  return {
    list,
    markerOf: readMarker,
    aliasesOf,
    foldCase,
    gitIgnored: (absolute) => git(['check-ignore', '-q', '--', absolute], absolute) === true,
    gitTracked: (absolute) => git(['ls-files', '--error-unmatch', '--', absolute], absolute) !== false,
    bound: `${bounds.maxEntries} folder entries or ${bounds.maxMs} ms`,
  };
}

/**
 * A hard link whose twin could not be looked for within the bound: named as the first literal
 * secret of the most protected environment, so it is judged as that environment's secret.
 */
function policySecretNames(policy: Policy): string[] {
  const ranked = [...policy.environments].sort((a, b) => (a.protection === 'critical' ? -1 : 0) - (b.protection === 'critical' ? -1 : 0));
  for (const env of ranked) {
    const literal = env.secrets.find((m) => !/[*?[\]{}()!+@\\]/.test(m.pattern));
    if (literal) return [join(policy.root, literal.pattern)];
  }
  return [];
}

/** True or false when git answered; undefined when it could not (no git, not a repository, too slow). */
function git(args: string[], path: string): boolean | undefined {
  // Required here: most checks never ask git, and loading child_process is a cost every hook call would pay.
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const result = spawnSync('git', args, { cwd: dirname(path), timeout: gitTimeoutMs, stdio: 'ignore' });
  if (result.error || result.status === null) return undefined;
  if (result.status === 0) return true;
  return result.status === 1 ? false : undefined;
}
