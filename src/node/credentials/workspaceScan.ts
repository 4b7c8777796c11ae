import { closeSync, type Dirent, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Detector } from '../../core/credentials/rules';
import { type CredentialFinding, isGeneratedFile, scanText } from '../../core/credentials/scan';
import type { Policy } from '../../core/policy/load';
import { secretOwner } from '../../core/secretReads';
import { addDotenv, addPolicyCredentials, type CredentialIndex, fingerprintKey, fingerprinter, maxSecretFileBytes, newIndex, readStore, writeStore } from './fingerprints';
import { defaultScanBounds, type ScanBounds } from './scanClient';
import { secretlintDetector } from './secretlint';
import { skippedDirectoryNames } from './skipped';


const skippedDirectories: ReadonlySet<string> = new Set(skippedDirectoryNames);

export interface WorkspaceScan {
  readonly findings: CredentialFinding[];
  readonly filesScanned: number;
  readonly bytesScanned: number;
  /** Files not read, by why: over the size bound, binary, generated (lock files). */
  readonly skipped: { readonly large: number; readonly binary: number; readonly generated: number; readonly unreadable: number };
  /** Set when a bound stopped the scan: which one, and that the rest was not read. */
  readonly incomplete?: string;
  readonly ms: number;
}

export interface ScanWorkspaceOptions {
  readonly bounds?: ScanBounds;
  readonly home?: string;
  /** The folder walked, inside the policy's folder (the policy's folder by default); paths stay relative to the policy's. */
  readonly dir?: string;
  /** Relative paths to scan instead of the whole folder (a saved file). */
  readonly only?: readonly string[];
  /** The caller's variables: the values of the credentials the policy lists are known by fingerprint too. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Whether to store the fingerprints found for the CLI and the hooks (default: yes). */
  readonly store?: boolean;
  readonly now?: () => number;
}

let detector: Detector | undefined;

/** Finds the credentials in a workspace's files (git-ignored ones included), within bounds, and stores the fingerprints of its secret files. */
export function scanWorkspace(policy: Policy, options: ScanWorkspaceOptions = {}): WorkspaceScan {
  const now = options.now ?? Date.now;
  const started = now();
  const bounds = options.bounds ?? defaultScanBounds;
  const home = options.home ?? homedir();
  const root = policy.root;
  detector ??= secretlintDetector();
  const key = fingerprintKey(home);
  const fingerprint = fingerprinter(key);
  const index = newIndex(policy, key);
  addPolicyCredentials(index, policy, options.env ?? {});

  let incomplete: string | undefined;
  const within = options.dir ? relative(root, resolve(options.dir)).replace(/\\/g, '/') : '';
  if (within.startsWith('..')) throw new Error(`${options.dir} is outside the policy's folder ${root}`);
  const files = options.only ? options.only.map((f) => f.replace(/\\/g, '/'))
    : walk(root, within, bounds, started, now, (why) => (incomplete ??= why));
  if (options.only) for (const entry of readStore(root, home)) if (policy.byName.has(entry.environment)) index.addFingerprint(entry);

  // Secret files first: a value found anywhere is attributed by what they hold.
  const secretFiles = files.filter((f) => secretOwner(policy, `${root}/${f}`));
  for (const file of secretFiles) {
    const env = secretOwner(policy, `${root}/${file}`)!;
    const read = readText(join(root, file), maxSecretFileBytes);
    if ('text' in read) addDotenv(index, read.text, env.name, file);
  }
  if (options.store !== false && (!options.only || secretFiles.length > 0)) writeStore(root, mergeStored(index, root, home, options.only !== undefined), home);

  const findings: CredentialFinding[] = [];
  const skipped = { large: 0, binary: 0, generated: 0, unreadable: 0 };
  let filesScanned = 0;
  let bytesScanned = 0;
  for (const file of files) {
    if (now() - started > bounds.maxMs) {
      incomplete ??= `stopped after ${bounds.maxMs / 1000} s; ${files.length - filesScanned} files were not read`;
      break;
    }
    if (bytesScanned > bounds.maxTotalBytes) {
      incomplete ??= `stopped after ${Math.round(bounds.maxTotalBytes / 1024 / 1024)} MiB; ${files.length - filesScanned} files were not read`;
      break;
    }
    if (isGeneratedFile(file)) {
      skipped.generated++;
      continue;
    }
    const read = readText(join(root, file), bounds.maxFileBytes);
    if (!('text' in read)) {
      skipped[read.skipped]++;
      continue;
    }
    const { text } = read;
    filesScanned++;
    bytesScanned += text.length;
    findings.push(...scanText(file, text, { policy, detectors: [detector], known: index.lookup, fingerprint }));
  }
  return { findings, filesScanned, bytesScanned, skipped, incomplete, ms: Math.round(now() - started) };
}

/** An incremental scan keeps what the last full scan stored and adds what the saved secret files hold. */
function mergeStored(index: CredentialIndex, root: string, home: string, incremental: boolean) {
  if (!incremental) return index.entries();
  const fresh = index.entries();
  const seen = new Set(fresh.map((e) => e.fingerprint));
  return [...fresh, ...readStore(root, home).filter((e) => !seen.has(e.fingerprint))];
}

/** One buffer for every read of a scan, grown to the largest file read: no allocation per file. */
let readBuffer = Buffer.alloc(0);

/** Open, size, read and close by descriptor: a file is looked up by path once, not twice. */
function readText(path: string, maxBytes: number): { readonly text: string } | { readonly skipped: 'large' | 'binary' | 'unreadable' } {
  let length = 0;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { skipped: 'large' };
    if (readBuffer.length < size) readBuffer = Buffer.alloc(Math.max(size, Math.min(maxBytes, readBuffer.length * 2)));
    // The size is read once: a file that grows meanwhile is read up to that size, one that shrinks up to its end.
    for (let n = -1; n !== 0 && length < size;) {
      n = readSync(fd, readBuffer, length, size - length, length);
      length += n;
    }
  } catch {
    return { skipped: 'unreadable' };
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
  const bytes = readBuffer.subarray(0, length);
  if (bytes.subarray(0, 8000).includes(0)) return { skipped: 'binary' };
  return { text: bytes.toString('utf8') };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Nothing was written through it: a failed close loses nothing.
  }
}

/** Relative paths of the regular files under root, symlinks not followed, within the file and time bounds. */
function walk(root: string, within: string, bounds: ScanBounds, started: number, now: () => number, stop: (why: string) => void): string[] {
  const files: string[] = [];
  const stack = [within];
  while (stack.length > 0) {
    if (now() - started > bounds.maxMs) {
      stop(`stopped listing files after ${bounds.maxMs / 1000} s; folders past that were not read`);
      break;
    }
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skippedDirectories.has(entry.name)) stack.push(rel);
      } else if (entry.isFile()) {
        if (files.length >= bounds.maxFiles) {
          stop(`stopped at ${bounds.maxFiles} files; the rest of the workspace was not read`);
          return files;
        }
        files.push(rel);
      }
    }
  }
  return files;
}
