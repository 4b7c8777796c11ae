import type { Effect } from '../model';

/**
 * Reads GraphQL documents out of HTTP bodies (JSON `{"query": …}`, batches, form fields, raw
 * `application/graphql`, or a document written inline in a script) and names the top-level
 * fields of each operation: a mutation's field names are what the request does.
 */
export interface GraphqlOperation {
  readonly kind: 'query' | 'mutation' | 'subscription';
  /** Top-level fields of the operation's selection set, aliases removed: `volumeDelete`. */
  readonly fields: readonly string[];
}

export interface GraphqlVerdict {
  readonly effect: Effect;
  /** Rule id within the caller's pack. */
  readonly rule: string;
  readonly reason: string;
}

/** Operations in a body, or undefined when the body holds no GraphQL document that can be read. */
export function graphqlOperations(body: string): GraphqlOperation[] | undefined {
  if (body.length > maxBody) return undefined;
  const documents = graphqlDocuments(body);
  if (documents.length === 0) return undefined;
  const operations: GraphqlOperation[] = [];
  for (const document of documents) operations.push(...parseDocument(document));
  return operations.length > 0 ? operations : undefined;
}

/** The strictest verdict over all operations of a body; undefined when it holds no GraphQL. */
export function classifyGraphql(body: string, api?: string): GraphqlVerdict | undefined {
  const operations = graphqlOperations(body);
  if (!operations) return undefined;
  const destroying: string[] = [];
  const writing: string[] = [];
  for (const op of operations) {
    if (op.kind !== 'mutation') continue;
    for (const field of op.fields) (mutationEffect(field) === 'destroy' ? destroying : writing).push(field);
  }
  const where = api ? ` through ${api}'s GraphQL API` : '';
  if (destroying.length > 0) {
    const known = destroying.map((f) => knownDestroyers[f]).find((r) => r !== undefined);
    return {
      effect: 'destroy',
      rule: 'destroy',
      reason: known ? `${known}${where} (mutation ${destroying.join(', ')})` : `runs the GraphQL mutation ${destroying.join(', ')}${where}, whose name says it deletes or resets data`,
    };
  }
  if (writing.length > 0) {
    return { effect: 'write', rule: 'mutation', reason: `runs the GraphQL mutation ${writing.join(', ')}${where}` };
  }
  if (operations.some((op) => op.kind === 'mutation')) {
    // A mutation whose fields could not be read (a fragment spread, a truncated body) still changes something.
    return { effect: 'write', rule: 'mutation', reason: `runs a GraphQL mutation${where}` };
  }
  return { effect: 'read', rule: 'query', reason: `runs a GraphQL query${where}, which changes nothing` };
}

/** Railway's public API (backboard.railway.app/graphql/v2) and other well-known destructive mutations, by field. */
const knownDestroyers: Readonly<Record<string, string>> = {
  volumeDelete: 'deletes a Railway volume and the data on it',
  volumeInstanceBackupDelete: 'deletes a Railway volume backup',
  volumeInstanceBackupRestore: "restores a Railway volume backup over the volume's current data",
  volumeInstanceBackupScheduleDelete: 'deletes the backup schedule of a Railway volume',
  serviceDelete: 'deletes a Railway service',
  environmentDelete: 'deletes a Railway environment and every service and volume in it',
  projectDelete: 'deletes a Railway project and everything in it',
  projectScheduleDelete: 'schedules a Railway project for deletion',
  deploymentRemove: 'removes a Railway deployment',
  variableDelete: 'deletes a Railway variable',
  customDomainDelete: 'deletes a Railway custom domain',
  serviceDomainDelete: 'deletes a Railway service domain',
  tcpProxyDelete: 'deletes a Railway TCP proxy',
  pluginDelete: 'deletes a Railway database plugin and its data',
  sandboxDestroy: 'destroys a Railway sandbox',
  deleteApp: 'deletes a Fly.io app',
  deleteVolume: 'deletes a volume',
  deleteRepository: 'deletes a repository',
  deleteRef: 'deletes a git branch or tag',
};

/** Words that make a mutation destructive wherever they appear in its name. */
const destructiveWords = new Set(['delete', 'remove', 'destroy', 'drop', 'purge', 'wipe', 'reset', 'truncate', 'erase', 'nuke', 'terminate', 'obliterate', 'flush']);
/** Purging or clearing a cache loses nothing that cannot be rebuilt. */
const cacheWords = new Set(['cache', 'caches', 'cdn']);
/** Reversible removals: reactions, stars, labels, assignees. */
const reversibleObjects = new Set(['reaction', 'reactions', 'star', 'upvote', 'label', 'labels', 'assignee', 'assignees', 'subscription', 'password']);
const restoreObjects = new Set(['backup', 'backups', 'snapshot', 'snapshots', 'volume', 'database', 'db', 'pitr', 'branch']);

export function mutationEffect(field: string): 'destroy' | 'write' {
  if (field in knownDestroyers) return 'destroy';
  const words = nameWords(field);
  if (words.some((w) => cacheWords.has(w)) || words.some((w) => reversibleObjects.has(w))) return 'write';
  if (words.some((w) => destructiveWords.has(w))) return 'destroy';
  if (words.includes('restore') && words.some((w) => restoreObjects.has(w))) return 'destroy';
  return 'write';
}

/** `volumeInstanceBackupDelete` → [volume, instance, backup, delete]; `delete_db_instance` → [delete, db, instance]. */
export function nameWords(name: string): string[] {
  return name.replace(camelBoundary, '$1 $2').replace(acronymBoundary, '$1 $2').toLowerCase().split(wordSeparator).filter(Boolean);
}

const camelBoundary = /([a-z0-9])([A-Z])/g;
const acronymBoundary = /([A-Z]+)([A-Z][a-z])/g;
const wordSeparator = /[\s_\-.]+/;
const maxBody = 256 * 1024;
const looksLikeDocument = /^\s*(?:#[^\n]*\n\s*)*(?:query|mutation|subscription|fragment)\b(?!\s*[=:])|^\s*\{\s*[A-Za-z_]/;
const jsonQueryField = /"query"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const formQueryField = /(?:^|&)query=([^&]*)/;
const embeddedOperation = /\b(mutation|query|subscription)\b\s*[A-Za-z_]*\s*(?:\([^)]*\))?\s*\{/g;

function graphqlDocuments(body: string): string[] {
  const text = body.trim();
  if (!text) return [];
  if (text[0] === '{' || text[0] === '[') {
    const fromJson = documentsFromJson(text);
    if (fromJson) return fromJson;
    // Not valid JSON (a shell variable left a hole in it, or it is a script's dict literal): find the field.
    const found: string[] = [];
    for (const m of text.matchAll(jsonQueryField)) found.push(unescapeJsonString(m[1]));
    if (found.length > 0) return found;
    if (looksLikeDocument.test(text) && !text.includes('"')) return [text];
  } else if (looksLikeDocument.test(text)) {
    return [text];
  } else {
    const form = formQueryField.exec(text);
    if (form) {
      const decoded = decodeForm(form[1]);
      if (looksLikeDocument.test(decoded)) return [decoded];
    }
  }
  // A document written inside other text (a Python dict, a JS object, an escaped string).
  const documents: string[] = [];
  for (const m of text.matchAll(embeddedOperation)) {
    documents.push(text.slice(m.index ?? 0).replace(/\\"/g, '"'));
    break;
  }
  return documents;
}

function documentsFromJson(text: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const documents: string[] = [];
  for (const item of list) {
    if (item && typeof item === 'object' && typeof (item as { query?: unknown }).query === 'string') {
      documents.push((item as { query: string }).query);
    }
  }
  return documents;
}

function unescapeJsonString(inner: string): string {
  try {
    return JSON.parse(`"${inner}"`) as string;
  } catch {
    return inner.replace(/\\(.)/g, '$1');
  }
}

function decodeForm(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * A tolerant walk over GraphQL tokens: strings, comments, variable definitions and arguments
 * are skipped; names at depth one of an operation's selection set are its fields.
 */
function parseDocument(doc: string): GraphqlOperation[] {
  const operations: { kind: GraphqlOperation['kind']; fields: string[] }[] = [];
  let pendingKind: GraphqlOperation['kind'] | 'fragment' | undefined;
  let current: { kind: GraphqlOperation['kind']; fields: string[] } | undefined;
  let inFragment = false;
  let braces = 0;
  let parens = 0;
  let skipNextName = false;
  let i = 0;
  const n = doc.length;
  while (i < n) {
    const c = doc[i];
    if (c === '#') {
      while (i < n && doc[i] !== '\n') i++;
      continue;
    }
    if (c === '"') {
      i = skipString(doc, i);
      continue;
    }
    if (c === '(') {
      parens++;
      i++;
      continue;
    }
    if (c === ')') {
      if (parens > 0) parens--;
      i++;
      continue;
    }
    if (parens > 0) {
      i++;
      continue;
    }
    if (c === '{') {
      if (braces === 0) {
        if (pendingKind === 'fragment') {
          inFragment = true;
        } else {
          current = { kind: pendingKind ?? 'query', fields: [] };
          operations.push(current);
        }
        pendingKind = undefined;
      }
      braces++;
      i++;
      continue;
    }
    if (c === '}') {
      if (braces > 0) braces--;
      if (braces === 0) {
        current = undefined;
        inFragment = false;
      }
      i++;
      continue;
    }
    if (c === '.' && doc.startsWith('...', i)) {
      skipNextName = true;
      i += 3;
      continue;
    }
    if (c === '@') {
      skipNextName = true;
      i++;
      continue;
    }
    if (isNameStart(c)) {
      let j = i + 1;
      while (j < n && isNameChar(doc[j])) j++;
      const name = doc.slice(i, j);
      i = j;
      if (braces === 0) {
        if (name === 'query' || name === 'mutation' || name === 'subscription' || name === 'fragment') pendingKind = name;
        continue;
      }
      if (braces !== 1 || !current || inFragment) continue;
      if (skipNextName) {
        skipNextName = name === 'on';
        continue;
      }
      let k = j;
      while (k < n && (doc[k] === ' ' || doc[k] === '\t' || doc[k] === '\n' || doc[k] === '\r' || doc[k] === ',')) k++;
      if (doc[k] === ':') {
        i = k + 1;
        continue;
      }
      current.fields.push(name);
      continue;
    }
    i++;
  }
  return operations;
}

function skipString(doc: string, start: number): number {
  if (doc.startsWith('"""', start)) {
    const end = doc.indexOf('"""', start + 3);
    return end < 0 ? doc.length : end + 3;
  }
  let i = start + 1;
  while (i < doc.length && doc[i] !== '"' && doc[i] !== '\n') i += doc[i] === '\\' ? 2 : 1;
  return i + 1;
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9');
}
