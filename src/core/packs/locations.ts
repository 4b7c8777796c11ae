import type { TargetHint } from '../model';
import { hintsFromValue } from '../targets/hints';
import { stageHints } from './cloud-common';

/**
 * Where a storage, sync or backup tool's operand points: a URL (`s3://bucket`, `https://acct.blob…`),
 * an rsync or scp host (`user@host:path`, `host::module`), a configured remote with its bucket
 * (`prod-s3:acme-backups/db`, `b2:bucket:path`, `:s3:bucket`), or a path on this machine.
 */
export interface Location {
  /** False for a path on this machine. */
  readonly remote: boolean;
  readonly hints: readonly TargetHint[];
}

const hostPath = /^(?:[^@\s/:]+@)?(\[[^\]]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)::?(?!\/\/)/;
// `name:path`, and rclone's connection strings `:backend,option=value:path`.
const namedRemote = /^:?([A-Za-z0-9_][A-Za-z0-9_. -]*)(?:,[^:]*)?:(?!\/\/)(.*)$/;

/** A location as the tools that take `remote:path` read it; a one-letter name is a Windows drive. */
export function locationOf(value: string, source: string): Location {
  if (!value || value.length > 1024 || value === '-') return { remote: false, hints: [] };
  const hints: TargetHint[] = [];
  if (value.includes('://')) {
    hints.push(...hintsFromValue(value, source));
    const path = /^[a-z][a-z0-9+.-]*:\/\/[^/]*\/([^/?#]+)/i.exec(value);
    if (path) hints.push({ kind: 'resource', value: path[1], source });
    stageHints(value, source, hints);
    return { remote: !/^file:/i.test(value), hints };
  }
  if (value.startsWith('/') || value.startsWith('.') || value.startsWith('~')) return { remote: false, hints: [] };
  const host = hostPath.exec(value);
  if (host && (host[1].includes('.') || value.includes('@') || value.includes('::'))) {
    hints.push({ kind: 'host', value: host[1].replace(/^\[|\]$/g, '').toLowerCase(), source });
    stageHints(host[1], source, hints);
    return { remote: true, hints };
  }
  const named = namedRemote.exec(value);
  if (named && named[1].length > 1) {
    for (const piece of named[2].split(/[/:]/).filter(Boolean).slice(0, 2)) hints.push({ kind: 'resource', value: piece, source });
    stageHints(value, source, hints);
    return { remote: true, hints };
  }
  return { remote: false, hints: [] };
}

/** Hints of every remote location among the values. */
export function locationHints(values: readonly string[], source: string): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const value of values) hints.push(...locationOf(value, source).hints);
  return hints;
}
