import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Diagnostic, type LoadResult, loadPolicy, policyFromDocument } from '../core/policy/load';
import type { PolicyDocument } from '../core/policy/types';
import { maxStateFileBytes, readBoundedFile } from './boundedRead';

/**
 * The agent hook is a new process for every tool call, and parsing and checking the policy's YAML
 * was the largest part of its work for a plain line. This keeps what a load of one exact policy text
 * found (the document that passed the schema, and the warnings) under `~/.bulkhead/policy-cache`,
 * where agents may not write. An entry is used only for the same text, file, folder and build of
 * Bulkhead; any difference, an entry that does not read or parse, or a document the checks after the
 * schema now refuse is a miss, and a miss is the full load. So the cache can make a load faster,
 * never a policy different from its file.
 */

export type PolicyLoader = (text: string, file: string, root: string) => LoadResult;

export function policyCacheDir(home: string): string {
  return join(home, '.bulkhead', 'policy-cache');
}

interface Entry {
  readonly build: string;
  readonly file: string;
  readonly root: string;
  readonly text: string;
  readonly document: PolicyDocument;
  readonly diagnostics: readonly Diagnostic[];
}

/** Entries kept per policy file: its text on disk and the accepted one, for a build or two. */
const entriesPerFile = 4;

/**
 * `loadPolicy` with its results kept in `dir`. `build` names the code that validated an entry (the
 * hook bundle, Node's version); an entry from any other build is not used.
 */
export function cachedPolicyLoader(dir: string, build: string): PolicyLoader {
  return (text, file, root) => {
    const entryFile = join(dir, `${fnv1a(`${file}\n${root}`)}-${fnv1a(`${build}\n${text}`)}.json`);
    const hit = readEntry(entryFile, build, text, file, root);
    if (hit) return hit;
    const loaded = loadPolicy(text, file, root);
    if (loaded.policy && loaded.document && survivesJson(loaded.document)) {
      writeEntry(dir, entryFile, { build, file, root, text, document: loaded.document, diagnostics: loaded.diagnostics });
    }
    return loaded;
  };
}

function readEntry(entryFile: string, build: string, text: string, file: string, root: string): LoadResult | undefined {
  const read = readBoundedFile(entryFile, maxStateFileBytes * 2);
  if ('error' in read) return undefined;
  try {
    const entry = JSON.parse(read.text) as Partial<Entry>;
    if (entry.build !== build || entry.text !== text || entry.file !== file || entry.root !== root) return undefined;
    if (!entry.document || typeof entry.document !== 'object' || !Array.isArray(entry.diagnostics)) return undefined;
    const policy = policyFromDocument(entry.document, file, root);
    return policy ? { policy, diagnostics: entry.diagnostics, document: entry.document } : undefined;
  } catch {
    // A document of the wrong shape can throw while it is compiled: a miss like any other.
    return undefined;
  }
}

function writeEntry(dir: string, entryFile: string, entry: Entry): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${entryFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 });
    renameSync(tmp, entryFile);
    pruneEntries(dir, entryFile);
  } catch { /* the next load parses the text again */ }
}

/** Each edit of a policy leaves an entry behind: only the newest few of each file are kept. */
function pruneEntries(dir: string, kept: string): void {
  const prefix = `${kept.slice(dir.length + 1).split('-')[0]}-`;
  const others = readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.json') && join(dir, name) !== kept)
    .map((name) => ({ path: join(dir, name), mtimeMs: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const old of others.slice(entriesPerFile - 1)) unlinkSync(old.path);
}

/**
 * Whether a document comes back from JSON as it went in: YAML can hold what JSON cannot (`.nan`,
 * `.inf`), and such a document is loaded from its text every time rather than changed by the cache.
 */
function survivesJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(survivesJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(survivesJson);
  return false;
}

/** A file name for a key, not a secret or a check: an entry holds its key, compared in full. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
