import { type Effect, effectSeverity } from '../model';

/**
 * Classifies SQL text the way a database would run it: splits it into statements (respecting
 * comments, quoted strings, dollar quotes, psql meta-commands, sqlite dot-commands, MySQL
 * `DELIMITER` and T-SQL `GO`) and names the strictest effect of any statement.
 *
 * It is deliberately dialect-agnostic and, where dialects disagree, takes the reading that
 * finds more: backslash escapes are tried both ways, DDL inside a transaction is not undone by
 * ROLLBACK (MySQL commits it implicitly), and a `DROP TABLE` hidden in a statement it cannot
 * parse still counts.
 */
export interface SqlClassification {
  readonly effect: Effect;
  readonly reason: string;
  readonly statements: number;
}

export function classifySql(sql: string): SqlClassification {
  return classifyText(sql, 0);
}

/** Object-store URLs SQL reads or writes (`COPY … TO 's3://…'`, `read_parquet('gs://…')`): an object store is a target of its own. */
const objectStoreUrl = /^(?:s3|s3a|s3n|gs|gcs|az|azure|abfss?|r2|hf):\/\/[^\s'"]+$/i;

/** The object-store locations a script names in string literals: target hints next to its database. */
export function sqlLocations(sql: string): string[] {
  const urls = new Set<string>();
  for (const statement of splitStatements(sql, false)) {
    if (statement.kind !== 'sql') continue;
    for (const t of statement.tokens) if (t.kind === 'string' && objectStoreUrl.test(t.value)) urls.add(t.value);
  }
  return [...urls];
}

/**
 * Databases a script names for itself: `USE acme_prod`, `\\c acme_prod`, `DROP DATABASE acme_prod`.
 * Clients use them as target hints next to their flags.
 */
export function sqlDatabases(sql: string): string[] {
  const names: string[] = [];
  for (const statement of splitStatements(sql, false)) {
    if (statement.kind === 'client') {
      if (statement.prefix === '\\' && (statement.name === 'c' || statement.name === 'connect')) {
        const first = statement.args.split(/\s+/)[0]?.replace(/^['"]|['"]$/g, '');
        if (first && first !== '-') names.push(first);
      }
      continue;
    }
    const t = statement.tokens;
    let at = -1;
    if (isWord(t[0], 'USE')) at = 1;
    else if (isWord(t[0], 'DROP', 'CREATE', 'ALTER') && isWord(t[1], 'DATABASE')) at = isWord(t[2], 'IF') ? (isWord(t[3], 'NOT') ? 5 : 4) : 2;
    const name = t[at];
    if (name && (name.kind === 'word' || name.kind === 'quoted')) names.push(name.raw ?? name.value);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Tokens

type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'op' | 'open' | 'close' | 'comma' | 'dot' | 'param';

interface Token {
  readonly kind: TokenKind;
  /** Upper-cased for words; the content for strings and quoted identifiers; the text otherwise. */
  readonly value: string;
  /** Words as written (names are case-sensitive in some databases). */
  readonly raw?: string;
  /** Parenthesis depth within the statement (0 at top level). */
  readonly depth: number;
}

interface SqlStatement {
  readonly kind: 'sql';
  readonly tokens: readonly Token[];
}

/** A client-side command: psql `\copy`, sqlite `.read`, mysql `source`. */
interface ClientCommand {
  readonly kind: 'client';
  readonly prefix: '\\' | '.';
  readonly name: string;
  readonly args: string;
}

type Statement = SqlStatement | ClientCommand;

const wordStart = /[A-Za-z_\u0080-\uffff]/;
const wordPart = /[A-Za-z0-9_$\u0080-\uffff]/;
const digit = /[0-9]/;
const operatorChars = '+-*/<>=~!@#%^&|?';
const dollarTag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

/**
 * Splits SQL into statements. `backslashEscapes` chooses between MySQL string rules (`\'` stays
 * inside the string) and standard SQL (`\` is an ordinary character); callers try both.
 */
function splitStatements(sql: string, backslashEscapes: boolean): Statement[] {
  const statements: Statement[] = [];
  let tokens: Token[] = [];
  let depth = 0;
  let delimiter = ';';
  let versionedComment = 0;
  const n = sql.length;
  let i = 0;

  const finish = (): void => {
    if (tokens.length > 0) statements.push({ kind: 'sql', tokens });
    tokens = [];
    depth = 0;
  };
  const push = (kind: TokenKind, value: string, raw?: string): void => {
    tokens.push(raw === undefined ? { kind, value, depth } : { kind, value, depth, raw });
  };
  const atLineStart = (pos: number): boolean => {
    for (let j = pos - 1; j >= 0; j--) {
      const c = sql[j];
      if (c === '\n') return true;
      if (c !== ' ' && c !== '\t' && c !== '\r') return false;
    }
    return true;
  };
  const lineEnd = (pos: number): number => {
    const end = sql.indexOf('\n', pos);
    return end < 0 ? n : end;
  };

  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (delimiter !== ';' && sql.startsWith(delimiter, i)) {
      finish();
      i += delimiter.length;
      continue;
    }
    if (c === ';' && delimiter === ';' && depth === 0) {
      finish();
      i++;
      continue;
    }
    if (c === '-' && next === '-') {
      i = lineEnd(i);
      continue;
    }
    if (c === '/' && next === '*') {
      // MySQL runs the text of `/*! … */` (and `/*M! … */`): it is code, not a comment.
      const versioned = /^\/\*M?!\d*/.exec(sql.slice(i, i + 12));
      if (versioned) {
        versionedComment++;
        i += versioned[0].length;
        continue;
      }
      i = skipBlockComment(sql, i);
      continue;
    }
    if (c === '*' && next === '/' && versionedComment > 0) {
      versionedComment--;
      i += 2;
      continue;
    }
    if (c === '#' && tokens.length === 0) {
      // MySQL line comment. Ends at `;` too, because psql does not know `#` and would split there.
      let end = i;
      while (end < n && sql[end] !== '\n' && sql[end] !== ';') end++;
      i = end;
      continue;
    }
    if (tokens.length === 0 && atLineStart(i)) {
      const rest = sql.slice(i, i + 12);
      if (/^delimiter\s/i.test(rest)) {
        const end = lineEnd(i);
        const value = sql.slice(i + 9, end).trim();
        if (value) delimiter = value;
        i = end;
        continue;
      }
      if (/^go\s*(\d+\s*)?(\n|$)/i.test(sql.slice(i, lineEnd(i) + 1))) {
        finish();
        i = lineEnd(i);
        continue;
      }
      if (c === '.' && next !== undefined && /[A-Za-z]/.test(next)) {
        const end = lineEnd(i);
        const line = sql.slice(i + 1, end).trim();
        const space = line.search(/\s/);
        statements.push({
          kind: 'client', prefix: '.', name: (space < 0 ? line : line.slice(0, space)).toLowerCase(),
          args: space < 0 ? '' : line.slice(space + 1).trim(),
        });
        i = end;
        continue;
      }
    }
    if (c === '\\') {
      // psql meta-command (and mysql's `\.`, `\!`): the rest of the line is its argument.
      finish();
      let j = i + 1;
      if (j < n && /[!?.;]/.test(sql[j])) j++;
      else while (j < n && /[A-Za-z0-9_+]/.test(sql[j])) j++;
      const name = sql.slice(i + 1, j);
      let end = lineEnd(j);
      const separator = sql.indexOf('\\\\', j);
      if (separator >= 0 && separator < end) end = separator;
      statements.push({ kind: 'client', prefix: '\\', name, args: sql.slice(j, end).trim() });
      i = separator >= 0 && separator === end ? end + 2 : end;
      continue;
    }
    if (c === "'" || ((c === 'E' || c === 'e' || c === 'N' || c === 'n' || c === 'B' || c === 'b' || c === 'X' || c === 'x')
      && next === "'")) {
      const start = c === "'" ? i : i + 1;
      const escapes = backslashEscapes || c === 'E' || c === 'e';
      const [value, end] = readQuoted(sql, start, "'", escapes);
      push('string', value);
      i = end;
      continue;
    }
    if (c === '"' || c === '`') {
      const [value, end] = readQuoted(sql, i, c, c === '"' && backslashEscapes);
      push('quoted', value);
      i = end;
      continue;
    }
    if (c === '$') {
      const tag = dollarTag.exec(sql.slice(i, i + 64));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const end = close < 0 ? n : close;
        push('string', sql.slice(i + tag[0].length, end));
        i = close < 0 ? n : close + tag[0].length;
        continue;
      }
      let j = i + 1;
      while (j < n && digit.test(sql[j])) j++;
      push('param', sql.slice(i, j));
      i = Math.max(j, i + 1);
      continue;
    }
    if (c === ':' && next !== ':' && next !== undefined && /['"A-Za-z_{]/.test(next)) {
      // psql variable interpolation `:name`, `:'name'`; sqlcmd-style parameters.
      let j = i + 1;
      if (sql[j] === "'" || sql[j] === '"') j = readQuoted(sql, j, sql[j], false)[1];
      else while (j < n && /[A-Za-z0-9_{}]/.test(sql[j])) j++;
      push('param', sql.slice(i, j));
      i = j;
      continue;
    }
    if (wordStart.test(c)) {
      let j = i + 1;
      while (j < n && wordPart.test(sql[j])) j++;
      const word = sql.slice(i, j);
      push('word', word.toUpperCase(), word);
      i = j;
      continue;
    }
    if (digit.test(c) || (c === '.' && next !== undefined && digit.test(next))) {
      let j = i + 1;
      while (j < n && /[0-9.eE_xXa-fA-F]/.test(sql[j])) j++;
      push('number', sql.slice(i, j));
      i = j;
      continue;
    }
    if (c === '(') {
      push('open', c);
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      depth = Math.max(0, depth - 1);
      push('close', c);
      i++;
      continue;
    }
    if (c === ',') {
      push('comma', c);
      i++;
      continue;
    }
    if (c === '.') {
      push('dot', c);
      i++;
      continue;
    }
    if (c === '[') {
      // T-SQL bracketed identifier.
      const close = sql.indexOf(']', i + 1);
      if (close > 0 && close - i < 200 && !sql.slice(i + 1, close).includes('\n')) {
        push('quoted', sql.slice(i + 1, close));
        i = close + 1;
        continue;
      }
    }
    if (operatorChars.includes(c)) {
      let j = i + 1;
      while (j < n && operatorChars.includes(sql[j]) && !(sql[j] === '-' && sql[j + 1] === '-') && !(sql[j] === '/' && sql[j + 1] === '*')) j++;
      push('op', sql.slice(i, j));
      i = j;
      continue;
    }
    push('op', c);
    i++;
  }
  finish();
  return statements;
}

/** Block comments nest in PostgreSQL; an unterminated one runs to the end. */
function skipBlockComment(sql: string, from: number): number {
  let level = 0;
  let i = from;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      level++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      level--;
      i += 2;
      if (level === 0) return i;
    } else {
      i++;
    }
  }
  return i;
}

/** Reads a quoted run starting at `from` (the opening quote). Doubled quotes escape themselves. */
function readQuoted(sql: string, from: number, quote: string, backslashEscapes: boolean): [string, number] {
  let value = '';
  let i = from + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\' && i + 1 < sql.length) {
      value += sql[i + 1];
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return [value, i + 1];
    }
    value += c;
    i++;
  }
  return [value, i];
}

// ---------------------------------------------------------------------------------------------
// Verdicts

/** `data` changes can be undone by ROLLBACK; everything else stays done. */
type Nature = 'data' | 'other' | 'begin' | 'commit' | 'rollback' | 'prepare';

interface Verdict {
  readonly effect: Effect;
  readonly reason: string;
  readonly nature: Nature;
}

const verdict = (effect: Effect, reason: string, nature: Nature = 'other'): Verdict => ({ effect, reason, nature });
const stricter = (a: Verdict, b: Verdict): Verdict => (effectSeverity[b.effect] > effectSeverity[a.effect] ? b : a);

const maxNesting = 4;

function classifyText(sql: string, nesting: number): SqlClassification {
  const standard = classifyStatements(splitStatements(sql, false), nesting);
  if (!sql.includes('\\')) return standard;
  // MySQL and PostgreSQL disagree on `\'`; whichever reading finds more is the one to fear.
  const mysql = classifyStatements(splitStatements(sql, true), nesting);
  return effectSeverity[mysql.effect] > effectSeverity[standard.effect] ? mysql : standard;
}

function classifyStatements(statements: readonly Statement[], nesting: number): SqlClassification {
  let committed: Verdict | undefined;
  let pending: Verdict | undefined;
  let inTransaction = false;
  let rolledBack = false;
  let prepared = false;
  let previous: SqlStatement | undefined;
  const keep = (v: Verdict): void => {
    committed = committed ? stricter(committed, v) : v;
  };
  for (const statement of statements) {
    const v = statement.kind === 'client'
      ? classifyClientCommand(statement, previous, nesting)
      : classifyStatement(statement.tokens, nesting, prepared);
    if (statement.kind === 'sql') previous = statement;
    switch (v.nature) {
      case 'begin':
        if (inTransaction && pending) keep(pending);
        inTransaction = true;
        pending = undefined;
        continue;
      case 'commit':
        if (pending) keep(pending);
        inTransaction = false;
        pending = undefined;
        continue;
      case 'rollback':
        if (pending) rolledBack = true;
        inTransaction = false;
        pending = undefined;
        continue;
      case 'prepare':
        prepared = true;
        keep(v);
        continue;
      case 'data':
        if (inTransaction) {
          pending = pending ? stricter(pending, v) : v;
          continue;
        }
        keep(v);
        continue;
      case 'other':
        // MySQL commits implicitly before DDL, so what came before in the transaction stays.
        if (inTransaction && pending && v.effect !== 'read') {
          keep(pending);
          pending = undefined;
        }
        keep(v);
    }
  }
  // A transaction left open: psql would roll it back on exit, but a client that keeps the
  // session (or autocommits) would not; assume it stays.
  if (pending) keep(pending);
  const count = statements.length;
  if (!committed) {
    return rolledBack
      ? { effect: 'read', reason: 'the transaction ends in ROLLBACK, so nothing it does is kept', statements: count }
      : { effect: 'read', reason: count === 0 ? 'contains no SQL statement' : 'only controls the transaction', statements: count };
  }
  return { effect: committed.effect, reason: committed.reason, statements: count };
}

// ---------------------------------------------------------------------------------------------
// Statements

const readStatements: Readonly<Record<string, string>> = {
  SELECT: 'SELECT only reads',
  SHOW: 'SHOW only reads',
  DESCRIBE: 'DESCRIBE only reads',
  DESC: 'DESCRIBE only reads',
  VALUES: 'VALUES only reads',
  TABLE: 'TABLE only reads',
  USE: 'USE only selects the database for the session',
  LISTEN: 'LISTEN only subscribes to notifications',
  UNLISTEN: 'UNLISTEN only unsubscribes from notifications',
  FETCH: 'FETCH only reads from a cursor',
  MOVE: 'MOVE only moves a cursor',
  CLOSE: 'CLOSE only closes a cursor',
  DECLARE: 'DECLARE only declares a cursor or variable',
  DEALLOCATE: 'DEALLOCATE only forgets a prepared statement',
  DISCARD: 'DISCARD only resets session state',
  HELP: 'HELP only reads',
  CHECKSUM: 'CHECKSUM TABLE only reads',
  EXISTS: 'EXISTS only reads',
  WATCH: 'WATCH only reads',
  PRINT: 'PRINT only prints',
  WAITFOR: 'WAITFOR only waits',
  SAVEPOINT: 'SAVEPOINT only marks a point in the transaction',
  RELEASE: 'RELEASE only forgets a savepoint',
  GET: 'GET DIAGNOSTICS only reads',
  EXPORT: 'EXPORT only copies data out',
  BACKUP: 'BACKUP copies the database out without changing it',
  WITH: 'WITH … SELECT only reads',
  HANDLER: 'HANDLER only reads a table',
};

const writeStatements: Readonly<Record<string, string>> = {
  CREATE: 'CREATE adds a database object',
  GRANT: 'GRANT changes permissions',
  REVOKE: 'REVOKE changes permissions',
  RENAME: 'RENAME renames a database object',
  COMMENT: 'COMMENT ON changes object metadata',
  ANALYZE: 'ANALYZE updates planner statistics',
  ANALYSE: 'ANALYZE updates planner statistics',
  VACUUM: 'VACUUM rewrites table storage',
  REINDEX: 'REINDEX rebuilds indexes',
  CLUSTER: 'CLUSTER reorders a table',
  CHECKPOINT: 'CHECKPOINT forces a write of the database files',
  LOCK: 'LOCK TABLE blocks other sessions',
  UNLOCK: 'UNLOCK TABLES releases table locks',
  NOTIFY: 'NOTIFY sends a notification to listeners',
  REFRESH: 'REFRESH MATERIALIZED VIEW recomputes a view',
  SECURITY: 'SECURITY LABEL changes object metadata',
  REASSIGN: 'REASSIGN OWNED changes object ownership',
  IMPORT: 'IMPORT loads data or foreign tables',
  LOAD: 'LOAD loads data or a library into the server',
  OPTIMIZE: 'OPTIMIZE TABLE rewrites a table',
  REPAIR: 'REPAIR TABLE rewrites a table',
  FLUSH: 'FLUSH reloads server state',
  KILL: 'KILL stops another session or query',
  SHUTDOWN: 'SHUTDOWN stops the database server',
  INSTALL: 'INSTALL adds a server plugin',
  UNINSTALL: 'UNINSTALL removes a server plugin',
  CANCEL: 'CANCEL stops a running job or query',
  PAUSE: 'PAUSE suspends a job',
  RESUME: 'RESUME restarts a job',
  ATTACH: 'ATTACH attaches a database or table',
  DETACH: 'DETACH detaches a database or table',
  DBCC: 'DBCC runs a maintenance command',
  SP_RENAME: 'sp_rename renames a database object',
  CHANGE: 'CHANGE REPLICATION changes replication settings',
  START: 'START changes server state (replication, a job)',
  STOP: 'STOP changes server state (replication, a job)',
  PURGE: 'PURGE deletes server logs',
  ALTER: 'ALTER changes a database object',
};

/** Starters of data-changing statements: rolled back by ROLLBACK. */
const dataStarters = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'UPSERT', 'REPLACE', 'COPY']);
const statementStarters = new Set([
  ...Object.keys(readStatements), ...Object.keys(writeStatements), ...dataStarters, 'DROP', 'TRUNCATE', 'EXPLAIN', 'DO',
  'CALL', 'EXEC', 'EXECUTE', 'PREPARE', 'SET', 'RESET', 'BEGIN', 'COMMIT', 'ROLLBACK', 'END', 'ABORT', 'PRAGMA', 'SOURCE',
  'SYSTEM', 'RESTORE',
]);

/** Functions that do something when a SELECT calls them. */
const sideEffectFunctions: Readonly<Record<string, Verdict>> = {
  PG_TERMINATE_BACKEND: verdict('write', 'pg_terminate_backend() kills another session'),
  PG_CANCEL_BACKEND: verdict('write', 'pg_cancel_backend() cancels another session\'s query'),
  PG_RELOAD_CONF: verdict('write', 'pg_reload_conf() reloads the server configuration'),
  PG_ROTATE_LOGFILE: verdict('write', 'pg_rotate_logfile() rotates the server log'),
  PG_PROMOTE: verdict('write', 'pg_promote() promotes a standby to primary'),
  PG_WAL_REPLAY_PAUSE: verdict('write', 'pg_wal_replay_pause() pauses replication'),
  PG_CREATE_RESTORE_POINT: verdict('write', 'pg_create_restore_point() writes to the WAL'),
  PG_CREATE_LOGICAL_REPLICATION_SLOT: verdict('write', 'creates a replication slot'),
  PG_CREATE_PHYSICAL_REPLICATION_SLOT: verdict('write', 'creates a replication slot'),
  PG_DROP_REPLICATION_SLOT: verdict('destroy', 'pg_drop_replication_slot() drops a replication slot a replica depends on'),
  SETVAL: verdict('write', 'setval() resets a sequence'),
  LO_UNLINK: verdict('destroy', 'lo_unlink() deletes a large object'),
  LO_IMPORT: verdict('write', 'lo_import() stores a file as a large object'),
  LO_EXPORT: verdict('write', 'lo_export() writes a file on the database server'),
  PG_FILE_WRITE: verdict('write', 'pg_file_write() writes a file on the database server'),
  DBLINK_EXEC: verdict('unknown', 'dblink_exec() runs SQL on another database that Bulkhead cannot follow'),
  QUERY_TO_XML: verdict('unknown', 'query_to_xml() runs SQL given as a string'),
  LOAD_EXTENSION: verdict('unknown', 'load_extension() loads native code into the database'),
  SYS_EXEC: verdict('unknown', 'sys_exec() runs a shell command on the database server'),
  SYS_EVAL: verdict('unknown', 'sys_eval() runs a shell command on the database server'),
};

/** What follows DROP, for the reason shown to the human. */
const dropReasons: Readonly<Record<string, string>> = {
  DATABASE: 'DROP DATABASE deletes a whole database and all its data',
  SCHEMA: 'DROP SCHEMA deletes a schema and everything in it',
  TABLE: 'DROP TABLE deletes a table and all its rows',
  USER: 'DROP USER deletes a database user',
  ROLE: 'DROP ROLE deletes a database role',
  OWNED: 'DROP OWNED deletes every object a role owns',
  KEYSPACE: 'DROP KEYSPACE deletes a keyspace and all its data',
  COLLECTION: 'DROP COLLECTION deletes a collection and its data',
  TABLESPACE: 'DROP TABLESPACE deletes a tablespace',
};

/** Object kinds after DROP that a hidden-DROP scan treats as a real statement. */
const droppable = new Set([
  'TABLE', 'DATABASE', 'SCHEMA', 'VIEW', 'INDEX', 'SEQUENCE', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'TYPE', 'USER', 'ROLE',
  'EXTENSION', 'MATERIALIZED', 'OWNED', 'TABLESPACE', 'DOMAIN', 'KEYSPACE', 'COLLECTION', 'PUBLICATION', 'SUBSCRIPTION',
  'SERVER', 'EVENT', 'DICTIONARY', 'TEMPORARY', 'TEMP', 'FOREIGN', 'POLICY', 'RULE', 'AGGREGATE', 'LOGIN',
]);

const isWord = (t: Token | undefined, ...words: string[]): boolean => t !== undefined && t.kind === 'word' && words.includes(t.value);

function classifyStatement(tokens: readonly Token[], nesting: number, prepared: boolean): Verdict {
  if (tokens.length === 0) return verdict('read', 'is empty');
  const v = classifyMain(tokens, nesting, prepared);
  if (v.effect === 'destroy' || isWord(tokens[0], 'ALTER')) return v;
  // Statements this classifier does not model (T-SQL without semicolons, procedural blocks,
  // an IF before the DROP) still must not hide a DROP or TRUNCATE.
  const hidden = hiddenDestruction(tokens);
  return hidden ?? v;
}

function hiddenDestruction(tokens: readonly Token[]): Verdict | undefined {
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word') continue;
    const prev = tokens[i - 1];
    if (prev.kind === 'dot') continue;
    if (t.value === 'DROP' && droppable.has(tokens[i + 1]?.value ?? '') && tokens[i + 1]?.kind === 'word') {
      if (isWord(prev, 'ON', 'GRANT', 'REVOKE', 'CASCADE')) continue;
      if (isWord(tokens[i + 1], 'TEMPORARY', 'TEMP')) continue;
      return verdict('destroy', dropReasons[tokens[i + 1].value] ?? `DROP ${tokens[i + 1].value} deletes a database object`);
    }
    if (t.value === 'TRUNCATE' && isWord(tokens[i + 1], 'TABLE') && !isWord(prev, 'ON', 'GRANT', 'REVOKE')) {
      return verdict('destroy', 'TRUNCATE deletes every row of a table');
    }
  }
  return undefined;
}

function classifyMain(tokens: readonly Token[], nesting: number, prepared: boolean): Verdict {
  const first = tokens[0];
  if (!first) return verdict('read', 'is empty');
  if (first.kind === 'open') {
    // `(SELECT …) UNION (SELECT …)`
    return classifyMain(tokens.slice(1), nesting, prepared);
  }
  if (first.kind === 'word' && proceduralStarters.has(first.value)) return classifyProcedural(tokens, nesting, prepared);
  if (first.kind !== 'word') return verdict('unknown', 'is not a SQL statement Bulkhead recognises');
  const keyword = first.value;
  switch (keyword) {
    case 'SELECT':
      return classifySelect(tokens);
    case 'WITH':
      return classifyWith(tokens, nesting, prepared);
    case 'EXPLAIN':
      return classifyExplain(tokens, nesting, prepared);
    case 'DESCRIBE':
    case 'DESC':
      return verdict('read', readStatements[keyword]);
    case 'INSERT':
      if (isWord(tokens[1], 'OVERWRITE')) return verdict('destroy', 'INSERT OVERWRITE replaces all existing rows of the table', 'data');
      return verdict('write', 'INSERT adds rows', 'data');
    case 'REPLACE':
      if (isWord(tokens[1], 'TABLE')) return verdict('destroy', 'REPLACE TABLE replaces a table and its data');
      return verdict('write', 'REPLACE INTO inserts or overwrites rows', 'data');
    case 'UPSERT':
      return verdict('write', 'UPSERT inserts or updates rows', 'data');
    case 'MERGE':
      return verdict('write', 'MERGE inserts, updates or deletes matching rows', 'data');
    case 'DELETE':
      return classifyBounded(tokens, 1, 'DELETE', 'deletes');
    case 'UPDATE':
      return classifyBounded(tokens, 1, 'UPDATE', 'overwrites');
    case 'TRUNCATE':
      return verdict('destroy', 'TRUNCATE deletes every row of a table');
    case 'DROP':
      return classifyDrop(tokens);
    case 'ALTER':
      return classifyAlter(tokens);
    case 'CREATE':
      return classifyCreate(tokens);
    case 'COPY':
      return classifyCopy(tokens);
    case 'EXPORT':
    case 'UNLOAD':
      return classifyExport(tokens);
    case 'DO':
      return classifyDo(tokens, nesting);
    case 'CALL': {
      const templates = destructiveTemplates(tokens, nesting);
      if (templates) return verdict('destroy', `CALL passes SQL text to a procedure: ${templates.reason}`);
      return verdict('unknown', 'CALL runs a stored procedure whose body Bulkhead cannot see');
    }
    case 'EXEC':
    case 'EXECUTE':
      return classifyExecute(tokens, prepared, nesting);
    case 'PREPARE':
      return classifyPrepare(tokens, nesting, prepared);
    case 'SET':
      return classifySet(tokens);
    case 'RESET':
      if (isWord(tokens[1], 'MASTER', 'BINARY')) return verdict('destroy', 'RESET MASTER deletes every binary log, which replicas and point-in-time recovery need');
      if (isWord(tokens[1], 'REPLICA', 'SLAVE')) return verdict('write', 'RESET REPLICA forgets the replication position');
      return verdict('read', 'RESET only resets a session setting');
    case 'PRAGMA':
      return pragmaWrites(tokens) ? verdict('write', 'PRAGMA changes a database setting') : verdict('read', 'PRAGMA only reads a database setting');
    case 'BEGIN':
    case 'START':
      if (keyword === 'START' && !isWord(tokens[1], 'TRANSACTION')) return verdict('write', writeStatements.START);
      if (keyword === 'BEGIN' && tokens.length > 1
        && !isWord(tokens[1], 'TRANSACTION', 'TRAN', 'WORK', 'DEFERRED', 'IMMEDIATE', 'EXCLUSIVE', 'ISOLATION', 'READ', 'DISTRIBUTED', 'NOT')) {
        // A procedural block (`BEGIN … END`), not a transaction: judge what is inside.
        return classifyStatement(tokens.slice(1), nesting, prepared);
      }
      return verdict('read', 'starts a transaction', 'begin');
    case 'COMMIT':
      if (isWord(tokens[1], 'PREPARED')) return verdict('write', 'COMMIT PREPARED commits a prepared transaction');
      return verdict('read', 'commits the transaction', 'commit');
    case 'END':
      return verdict('read', 'commits the transaction', 'commit');
    case 'ROLLBACK':
    case 'ABORT':
      if (tokens.some((t) => isWord(t, 'TO'))) return verdict('read', 'rolls back to a savepoint');
      if (isWord(tokens[1], 'PREPARED')) return verdict('read', 'rolls back a prepared transaction');
      return verdict('read', 'rolls back the transaction', 'rollback');
    case 'SOURCE':
      return verdict('unknown', 'SOURCE runs SQL from a file Bulkhead cannot see');
    case 'SYSTEM':
      return classifySystem(tokens);
    case 'RESTORE':
      return tokens.some((t) => isWord(t, 'REPLACE'))
        ? verdict('destroy', 'RESTORE … WITH REPLACE overwrites an existing database')
        : verdict('write', 'RESTORE loads a backup into the server');
    case 'CHECK':
      return isWord(tokens[1], 'TABLE') ? verdict('read', 'CHECK TABLE only reads') : verdict('unknown', 'is not a SQL statement Bulkhead recognises');
    case 'SP_HELP': case 'SP_WHO': case 'SP_WHO2': case 'SP_COLUMNS': case 'SP_TABLES': case 'SP_HELPDB': case 'SP_HELPTEXT':
    case 'SP_SPACEUSED': case 'SP_HELPINDEX':
      return verdict('read', `${keyword.toLowerCase()} only reads`);
  }
  const quiet = proceduralQuiet[keyword];
  if (quiet) return verdict('read', quiet);
  if (keyword === 'PERFORM') return classifySelect(tokens);
  const read = readStatements[keyword];
  if (read) return verdict('read', read);
  const write = writeStatements[keyword];
  if (write) return verdict('write', write);
  return verdict('unknown', `does not start with a SQL keyword Bulkhead knows (${keyword.toLowerCase()}…)`);
}

/** Control flow of procedural SQL (PL/pgSQL, T-SQL, MySQL routines): what matters is the statements inside. */
const proceduralStarters = new Set(['IF', 'ELSIF', 'ELSEIF', 'ELSE', 'FOR', 'FOREACH', 'WHILE', 'LOOP', 'WHEN', 'CASE', 'EXCEPTION', 'THEN', 'REPEAT']);
const proceduralQuiet: Readonly<Record<string, string>> = {
  RAISE: 'RAISE only reports a message', RAISERROR: 'RAISERROR only reports an error', THROW: 'THROW only reports an error',
  RETURN: 'RETURN only ends the block', EXIT: 'EXIT only leaves a loop', CONTINUE: 'CONTINUE only continues a loop',
  NULL: 'NULL does nothing', GOTO: 'GOTO only jumps', LEAVE: 'LEAVE only leaves a block', ITERATE: 'ITERATE only continues a loop',
  OPEN: 'OPEN only opens a cursor',
};
/** Where a nested statement starts inside a control-flow statement. */
const nestedStarters = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'DROP', 'TRUNCATE', 'ALTER', 'CREATE', 'EXEC', 'EXECUTE', 'CALL', 'SELECT', 'PERFORM',
  'COPY', 'GRANT', 'REVOKE',
]);

function classifyProcedural(tokens: readonly Token[], nesting: number, prepared: boolean): Verdict {
  let result = verdict('read', 'only controls the flow of a procedural block');
  let start = -1;
  const flush = (end: number): void => {
    if (start < 0) return;
    const segment = tokens.slice(start, end);
    const v = isWord(segment[0], 'PERFORM') ? classifySelect(segment) : classifyStatement(segment, nesting, prepared);
    result = stricter(result, v);
  };
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.depth !== 0 || t.kind !== 'word' || !nestedStarters.has(t.value)) continue;
    // `ON DELETE CASCADE`, `FOR UPDATE`, `AFTER INSERT OR UPDATE`: not statements.
    if (isWord(tokens[i - 1], 'ON', 'FOR', 'BEFORE', 'AFTER', 'OF', 'OR', 'INSTEAD')) continue;
    if (start >= 0 && isWord(tokens[start], 'INSERT', 'CREATE', 'UPDATE', 'DELETE') && t.value === 'SELECT') continue;
    flush(i);
    start = i;
  }
  flush(tokens.length);
  return result;
}

const readingPragmas = new Set(['TABLE_INFO', 'TABLE_XINFO', 'TABLE_LIST', 'INDEX_LIST', 'INDEX_INFO', 'INDEX_XINFO', 'FOREIGN_KEY_LIST', 'FOREIGN_KEY_CHECK', 'INTEGRITY_CHECK', 'QUICK_CHECK']);

/** `PRAGMA journal_mode = WAL` and `PRAGMA optimize(…)` change things; `PRAGMA table_info(t)` reads. */
function pragmaWrites(tokens: readonly Token[]): boolean {
  if (tokens.some((t) => t.kind === 'op' && t.value === '=')) return true;
  const name = tokens[tokens[2]?.kind === 'dot' ? 3 : 1];
  if (name?.kind === 'word' && readingPragmas.has(name.value)) return false;
  return tokens.some((t) => t.kind === 'open');
}

function classifySelect(tokens: readonly Token[]): Verdict {
  let result = verdict('read', 'SELECT only reads');
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word') continue;
    if (t.value === 'INTO' && t.depth === 0) {
      const target = tokens[i + 1];
      if (target?.kind === 'param' || (target?.kind === 'op' && target.value.startsWith('@'))) continue;
      if (isWord(target, 'OUTFILE', 'DUMPFILE')) {
        result = stricter(result, verdict('write', 'SELECT … INTO OUTFILE writes a file on the database server'));
        continue;
      }
      result = stricter(result, verdict('write', 'SELECT … INTO creates a table from the query'));
      continue;
    }
    const fn = sideEffectFunctions[t.value];
    if (fn && tokens[i + 1]?.kind === 'open' && tokens[i - 1]?.kind !== 'dot') result = stricter(result, fn);
  }
  return result;
}

/** `WITH a AS (…), b AS (…) main`: data-modifying CTEs run even when the main query is a SELECT. */
function classifyWith(tokens: readonly Token[], nesting: number, prepared: boolean): Verdict {
  let result = verdict('read', readStatements.WITH);
  let i = 1;
  if (isWord(tokens[i], 'RECURSIVE')) i++;
  while (i < tokens.length) {
    // name [(columns)] AS [NOT] [MATERIALIZED] ( body )
    i++;
    if (tokens[i]?.kind === 'open') i = skipGroup(tokens, i);
    if (!isWord(tokens[i], 'AS')) break;
    i++;
    while (isWord(tokens[i], 'NOT', 'MATERIALIZED')) i++;
    if (tokens[i]?.kind !== 'open') break;
    const end = skipGroup(tokens, i);
    const body = tokens.slice(i + 1, end - 1);
    if (body.length > 0) result = stricter(result, withNature(classifyStatement(rebase(body), nesting, prepared), 'data'));
    i = end;
    if (tokens[i]?.kind !== 'comma') break;
    i++;
  }
  const main = tokens.slice(i);
  if (main.length > 0) result = stricter(result, classifyStatement(main, nesting, prepared));
  return result;
}

function withNature(v: Verdict, nature: Nature): Verdict {
  return v.nature === nature || v.effect === 'read' ? v : { ...v, nature };
}

/** Index just past the group that opens at `open`. */
function skipGroup(tokens: readonly Token[], open: number): number {
  const depth = tokens[open].depth;
  for (let i = open + 1; i < tokens.length; i++) {
    if (tokens[i].kind === 'close' && tokens[i].depth === depth) return i + 1;
  }
  return tokens.length;
}

/** Tokens taken from inside parentheses, with depths made relative again. */
function rebase(tokens: readonly Token[]): Token[] {
  if (tokens.length === 0) return [];
  const base = tokens[0].kind === 'close' ? tokens[0].depth : Math.min(...tokens.map((t) => t.depth));
  return tokens.map((t) => ({ ...t, depth: t.depth - base }));
}

function classifyExplain(tokens: readonly Token[], nesting: number, prepared: boolean): Verdict {
  let analyze = false;
  let i = 1;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.kind === 'open') {
      // EXPLAIN (ANALYZE, BUFFERS) …; `ANALYZE false` / `ANALYZE off` turns it back off.
      const end = skipGroup(tokens, i);
      for (let j = i + 1; j < end - 1; j++) {
        if (!isWord(tokens[j], 'ANALYZE', 'ANALYSE')) continue;
        const value = tokens[j + 1];
        analyze = !(isWord(value, 'FALSE', 'OFF') || (value?.kind === 'number' && value.value === '0'));
      }
      i = end;
      continue;
    }
    if (isWord(t, 'ANALYZE', 'ANALYSE')) {
      analyze = true;
      i++;
      continue;
    }
    if (t.kind === 'word' && statementStarters.has(t.value) && t.value !== 'ANALYZE' && t.value !== 'ANALYSE') break;
    i++;
  }
  const inner = tokens.slice(i);
  if (!analyze || inner.length === 0) return verdict('read', 'EXPLAIN only shows the plan');
  const v = classifyStatement(inner, nesting, prepared);
  if (v.effect === 'read') return verdict('read', 'EXPLAIN ANALYZE of a read only reads');
  return { ...v, reason: `EXPLAIN ANALYZE executes the statement: ${v.reason}` };
}

/**
 * DELETE and UPDATE: bounded by a real WHERE clause they are ordinary changes; with no WHERE,
 * or one that is always true, they hit every row.
 */
function classifyBounded(tokens: readonly Token[], from: number, name: string, verb: string): Verdict {
  const where = tokens.findIndex((t, i) => i >= from && t.depth === 0 && isWord(t, 'WHERE'));
  if (where < 0) {
    return verdict('destroy', `${name} without a WHERE clause ${verb} every row of the table`, 'data');
  }
  if (isWord(tokens[where + 1], 'CURRENT') && isWord(tokens[where + 2], 'OF')) {
    return verdict('write', `${name} … WHERE CURRENT OF changes one row`, 'data');
  }
  let end = tokens.length;
  for (let i = where + 1; i < tokens.length; i++) {
    if (tokens[i].depth === 0 && isWord(tokens[i], 'RETURNING', 'ORDER', 'LIMIT', 'OPTION', 'OUTPUT', 'SETTINGS')) {
      end = i;
      break;
    }
  }
  if (alwaysTrue(tokens.slice(where + 1, end))) {
    return verdict('destroy', `${name} with a WHERE clause that is always true ${verb} every row of the table`, 'data');
  }
  return verdict('write', `${name} with a WHERE clause ${verb} matching rows`, 'data');
}

/** True for conditions like `1=1`, `true`, `'a'='a'`, `x = x`, `id = 5 OR 1=1`. */
function alwaysTrue(condition: readonly Token[]): boolean {
  const tokens = stripParens(condition);
  if (tokens.length === 0) return true;
  const base = tokens[0].depth;
  const disjuncts = splitAt(tokens, base, 'OR');
  return disjuncts.some((d) => splitAt(d, base, 'AND').every((conjunct) => tautology(conjunct)));
}

function stripParens(tokens: readonly Token[]): readonly Token[] {
  let t = tokens;
  while (t.length >= 2 && t[0].kind === 'open' && skipGroup(t, 0) === t.length) t = t.slice(1, -1);
  return t;
}

function splitAt(tokens: readonly Token[], depth: number, word: string): Token[][] {
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if (t.depth === depth && isWord(t, word)) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts;
}

function tautology(conjunct: readonly Token[]): boolean {
  const t = stripParens(conjunct);
  if (t.length === 0) return false;
  if (t[0].kind === 'open' || t.some((x, i) => i > 0 && x.depth < t[0].depth)) return false;
  if (t.length === 1) {
    if (isWord(t[0], 'TRUE')) return true;
    if (t[0].kind === 'number') return Number(t[0].value) !== 0;
    return false;
  }
  if (t.length === 2 && isWord(t[0], 'NOT')) return isWord(t[1], 'FALSE', 'NULL') || (t[1].kind === 'number' && Number(t[1].value) === 0);
  if (t.length === 3 && t.some((x) => x.kind === 'open' || x.kind === 'close')) return false;
  if (t.length === 3 && t[1].kind === 'op') {
    const [a, op, b] = t;
    const literal = (x: Token): boolean => x.kind === 'number' || x.kind === 'string';
    const same = a.kind === b.kind && a.value === b.value;
    if (literal(a) && literal(b)) return compareLiterals(a, op.value, b);
    if (same && (a.kind === 'word' || a.kind === 'quoted') && ['=', '==', '>=', '<=', '<=>'].includes(op.value)) return true;
    return false;
  }
  // `x IS NOT NULL` on a literal, `name LIKE '%'`
  if (t.length === 4 && isWord(t[1], 'IS') && isWord(t[2], 'NOT') && isWord(t[3], 'NULL')) return t[0].kind === 'number' || t[0].kind === 'string';
  if (t.length === 3 && isWord(t[1], 'LIKE', 'ILIKE') && t[2].kind === 'string' && /^%+$/.test(t[2].value)) return true;
  return false;
}

/** Evaluates `1 = 1`, `'a' <> 'b'`, `2 > 1`; literals of different kinds compare as text, as MySQL would coerce. */
function compareLiterals(a: Token, op: string, b: Token): boolean {
  const numeric = a.kind === 'number' && b.kind === 'number';
  const order = numeric ? Math.sign(Number(a.value) - Number(b.value)) : a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  switch (op) {
    case '=': case '==': case '<=>': return order === 0;
    case '<>': case '!=': return order !== 0;
    case '<': return order < 0;
    case '>': return order > 0;
    case '<=': return order <= 0;
    case '>=': return order >= 0;
    default: return false;
  }
}

function classifyDrop(tokens: readonly Token[]): Verdict {
  const what = tokens[1];
  if (isWord(what, 'TEMPORARY', 'TEMP')) return verdict('write', 'DROP TEMPORARY TABLE only drops a session table');
  if (isWord(what, 'PREPARE')) return verdict('read', 'DROP PREPARE only forgets a prepared statement');
  if (what?.kind === 'word') {
    const reason = dropReasons[what.value] ?? (what.value === 'MATERIALIZED'
      ? 'DROP MATERIALIZED VIEW deletes a view and its stored rows'
      : `DROP ${what.value} deletes a database object`);
    return verdict('destroy', reason);
  }
  return verdict('destroy', 'DROP deletes a database object');
}

/** Sub-commands of ALTER TABLE that keep data; a bare `DROP name` drops a column. */
const keepingDrops = new Set([
  'CONSTRAINT', 'INDEX', 'KEY', 'PRIMARY', 'FOREIGN', 'CHECK', 'DEFAULT', 'NOT', 'IDENTITY', 'EXPRESSION', 'TRIGGER', 'ROW',
  'PERIOD', 'SYSTEM', 'PROJECTION', 'STATISTICS', 'SEQUENCE', 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'RULE', 'POLICY',
]);

function classifyAlter(tokens: readonly Token[]): Verdict {
  const object = tokens[1];
  if (!isWord(object, 'TABLE')) {
    if (isWord(object, 'SYSTEM')) return verdict('write', 'ALTER SYSTEM changes the server configuration');
    if (isWord(object, 'DATABASE', 'SCHEMA') && tokens.some((t) => isWord(t, 'RENAME'))) return verdict('write', 'ALTER … RENAME renames a database object');
    return verdict('write', object?.kind === 'word' ? `ALTER ${object.value} changes a database object` : writeStatements.ALTER);
  }
  // ALTER TABLE [IF EXISTS] [ONLY] name [*] [ON CLUSTER c] action [, action …]
  let i = 2;
  while (isWord(tokens[i], 'IF', 'EXISTS', 'ONLY')) i++;
  i++;
  while (tokens[i]?.kind === 'dot') i += 2;
  if (tokens[i]?.kind === 'op' && tokens[i].value === '*') i++;
  if (isWord(tokens[i], 'ON') && isWord(tokens[i + 1], 'CLUSTER')) i += 3;
  let result = verdict('write', 'ALTER TABLE changes a table definition');
  let start = i;
  for (let j = i; j <= tokens.length; j++) {
    if (j < tokens.length && !(tokens[j].kind === 'comma' && tokens[j].depth === 0)) continue;
    const action = tokens.slice(start, j);
    start = j + 1;
    if (action.length === 0) continue;
    result = stricter(result, alterAction(action));
  }
  return result;
}

function alterAction(action: readonly Token[]): Verdict {
  const [verb, what] = action;
  if (isWord(verb, 'DROP')) {
    if (isWord(what, 'COLUMN')) return verdict('destroy', 'ALTER TABLE … DROP COLUMN deletes a column and its data');
    if (isWord(what, 'PARTITION', 'PART', 'DETACHED')) return verdict('destroy', 'ALTER TABLE … DROP PARTITION deletes a partition and its rows');
    if (what?.kind === 'word' && keepingDrops.has(what.value)) return verdict('write', `ALTER TABLE … DROP ${what.value} changes a table definition`);
    return verdict('destroy', 'ALTER TABLE … DROP deletes a column and its data');
  }
  if (isWord(verb, 'TRUNCATE')) return verdict('destroy', 'ALTER TABLE … TRUNCATE PARTITION deletes the rows of a partition');
  if (isWord(verb, 'CLEAR')) return verdict('destroy', 'ALTER TABLE … CLEAR COLUMN erases a column\'s data');
  if (isWord(verb, 'DISCARD')) return verdict('destroy', 'ALTER TABLE … DISCARD TABLESPACE removes the table\'s data file');
  if (isWord(verb, 'DELETE')) return classifyBounded(action, 1, 'ALTER TABLE … DELETE', 'deletes');
  if (isWord(verb, 'UPDATE')) return classifyBounded(action, 1, 'ALTER TABLE … UPDATE', 'overwrites');
  return verdict('write', 'ALTER TABLE changes a table definition');
}

function classifyCreate(tokens: readonly Token[]): Verdict {
  let i = 1;
  const orReplace = isWord(tokens[1], 'OR') && isWord(tokens[2], 'REPLACE');
  if (orReplace) i = 3;
  while (isWord(tokens[i], 'TEMPORARY', 'TEMP', 'GLOBAL', 'LOCAL', 'UNLOGGED', 'TRANSIENT', 'EXTERNAL')) i++;
  if (orReplace && isWord(tokens[i], 'TABLE')) {
    return verdict('destroy', 'CREATE OR REPLACE TABLE replaces an existing table and its data');
  }
  if (isWord(tokens[i], 'TABLE') && tokens.some((t) => t.depth === 0 && isWord(t, 'AS'))) {
    return verdict('write', 'CREATE TABLE … AS creates a table from a query');
  }
  const what = tokens[i];
  return verdict('write', what?.kind === 'word' ? `CREATE ${what.value} adds a database object` : writeStatements.CREATE);
}

function classifyCopy(tokens: readonly Token[]): Verdict {
  if (tokens.some((t) => t.depth === 0 && isWord(t, 'PROGRAM'))) {
    return verdict('unknown', 'COPY … PROGRAM runs a shell command on the database server');
  }
  const at = tokens.findIndex((t) => t.depth === 0 && isWord(t, 'FROM', 'TO'));
  if (isWord(tokens[at], 'FROM')) return verdict('write', 'COPY … FROM loads rows into a table', 'data');
  // Snowflake unloads with `COPY INTO 's3://…' FROM (…)`, found above as a FROM; DuckDB and others write with TO.
  if (writesObjectStore(tokens[at + 1])) return verdict('write', `COPY … TO writes a file to the object store at ${tokens[at + 1].value}`);
  return verdict('read', 'COPY … TO only copies data out');
}

function writesObjectStore(destination: Token | undefined): destination is Token {
  return destination?.kind === 'string' && objectStoreUrl.test(destination.value);
}

/**
 * `EXPORT DATABASE 's3://…'` (DuckDB), `EXPORT DATA OPTIONS (uri = 'gs://…')` (BigQuery) and
 * `UNLOAD (…) TO 's3://…'` (Redshift, Athena) write files to an object store.
 */
function classifyExport(tokens: readonly Token[]): Verdict {
  const remote = tokens.find(writesObjectStore);
  const keyword = tokens[0].value;
  if (remote) return verdict('write', `${keyword} writes files to the object store at ${remote.value}`);
  return keyword === 'UNLOAD' ? verdict('write', 'UNLOAD writes query results to files') : verdict('read', readStatements.EXPORT);
}

/** `DO $$ … $$`: PostgreSQL runs the block; MySQL's `DO expr` only evaluates an expression. */
function classifyDo(tokens: readonly Token[], nesting: number): Verdict {
  const body = tokens.find((t) => t.kind === 'string');
  if (!body) return verdict('read', 'DO only evaluates an expression');
  if (nesting >= maxNesting) return verdict('unknown', 'DO runs a code block nested too deeply to read');
  const inner = classifyText(body.value, nesting + 1);
  if (inner.effect === 'destroy') return verdict('destroy', `DO runs a code block: ${inner.reason}`);
  if (/\bEXECUTE\b/i.test(body.value)) {
    const statements = splitStatements(body.value, false);
    const templates = destructiveTemplates(statements.flatMap((st) => (st.kind === 'sql' ? st.tokens : [])), nesting + 1);
    if (templates) return verdict('destroy', `DO executes SQL built from text: ${templates.reason}`);
    return verdict('unknown', 'DO runs a code block that builds and executes SQL at run time');
  }
  if (inner.effect === 'unknown') return verdict('unknown', 'DO runs a code block Bulkhead cannot fully read');
  return verdict('write', 'DO runs a procedural code block');
}

function classifyExecute(tokens: readonly Token[], prepared: boolean, nesting: number): Verdict {
  const target = tokens[1];
  const templates = destructiveTemplates(tokens, nesting);
  if (templates) return verdict('destroy', `${tokens[0].value} runs SQL text: ${templates.reason}`);
  if (target?.kind === 'word' && /^SP_(HELP|WHO|COLUMNS|TABLES|SPACEUSED)/.test(target.value)) return verdict('read', `${target.value.toLowerCase()} only reads`);
  if (target?.kind === 'word' && target.value === 'XP_CMDSHELL') return verdict('unknown', 'xp_cmdshell runs a shell command on the database server');
  if (target?.kind === 'word' && target.value === 'SP_RENAME') return verdict('write', writeStatements.SP_RENAME);
  if (target?.kind === 'open' || target?.kind === 'string' || target?.kind === 'param' || isWord(target, 'IMMEDIATE')) {
    return verdict('unknown', 'EXECUTE runs SQL built at run time that Bulkhead cannot read');
  }
  // The prepared statement this runs was classified when it was prepared.
  if (prepared) return verdict('read', 'EXECUTE runs a statement prepared earlier in the same script');
  return verdict('unknown', 'EXECUTE runs a stored procedure or prepared statement Bulkhead cannot see');
}

function classifyPrepare(tokens: readonly Token[], nesting: number, prepared: boolean): Verdict {
  if (isWord(tokens[1], 'TRANSACTION')) return verdict('read', 'prepares the transaction for two-phase commit');
  // PREPARE name [(types)] AS stmt   |   PREPARE name FROM 'stmt'
  let i = 2;
  if (tokens[i]?.kind === 'open') i = skipGroup(tokens, i);
  if (isWord(tokens[i], 'FROM')) {
    const text = tokens[i + 1];
    if (text?.kind === 'string' && nesting < maxNesting) {
      const inner = classifyText(text.value, nesting + 1);
      return verdict(inner.effect, `PREPARE stores a statement to execute: ${inner.reason}`, 'prepare');
    }
    return verdict('unknown', 'prepares a statement built at run time that Bulkhead cannot read', 'prepare');
  }
  if (isWord(tokens[i], 'AS')) {
    const inner = classifyStatement(tokens.slice(i + 1), nesting, prepared);
    return verdict(inner.effect, `PREPARE stores a statement to execute: ${inner.reason}`, 'prepare');
  }
  return verdict('unknown', 'PREPARE of a statement Bulkhead cannot read', 'prepare');
}

function classifySet(tokens: readonly Token[]): Verdict {
  if (isWord(tokens[1], 'GLOBAL', 'PERSIST', 'PERSIST_ONLY') || (isWord(tokens[1], 'CLUSTER') && isWord(tokens[2], 'SETTING'))) {
    return verdict('write', 'SET GLOBAL changes the server configuration for every session');
  }
  if (tokens[1]?.kind === 'op' && tokens[1].value === '@@' && isWord(tokens[2], 'GLOBAL')) {
    return verdict('write', 'SET @@GLOBAL changes the server configuration for every session');
  }
  return verdict('read', 'SET only changes a session setting');
}

const clickhouseSystemVerbs = new Set([
  'RELOAD', 'DROP', 'FLUSH', 'STOP', 'START', 'SYNC', 'RESTART', 'SHUTDOWN', 'KILL', 'ENABLE', 'DISABLE', 'UNFREEZE',
  'RESTORE', 'WAIT', 'REFRESH', 'CANCEL', 'PREWARM', 'UNLOAD', 'SUSPEND', 'FREEZE', 'JEMALLOC',
]);

/** ClickHouse `SYSTEM RELOAD …` administers the server; mysql's `system ls` runs a shell command. */
function classifySystem(tokens: readonly Token[]): Verdict {
  const verb = tokens[1];
  if (verb?.kind === 'word' && clickhouseSystemVerbs.has(verb.value)) {
    if (verb.value === 'DROP' && isWord(tokens[2], 'REPLICA', 'DATABASE')) return verdict('destroy', 'SYSTEM DROP REPLICA removes a replica\'s metadata');
    return verdict('write', `SYSTEM ${verb.value} changes server state`);
  }
  return verdict('unknown', 'system runs a shell command');
}

// ---------------------------------------------------------------------------------------------
// Client commands

const readMeta = new Set([
  'd', 'dt', 'dt+', 'd+', 'di', 'ds', 'dv', 'dm', 'df', 'df+', 'dn', 'dn+', 'du', 'dg', 'dp', 'dx', 'dx+', 'dE', 'dy', 'dT', 'dD',
  'dc', 'dC', 'dd', 'dl', 'dL', 'do', 'dO', 'dRp', 'dRs', 'dA', 'dF', 'db', 'des', 'det', 'deu', 'dew', 'drds', 'dconfig',
  'l', 'l+', 'list', 'c', 'connect', 'conninfo', 'x', 'timing', 'q', 'quit', 'set', 'unset', 'echo', 'qecho', 'warn', 'pset', 'a', 'C', 'f', 'H', 't',
  'T', 'encoding', 'password', 'prompt', 'cd', 'h', 'help', '?', 'o', 'out', 'w', 'write', 'p', 'print', 'r', 'reset', 'g', 'gx', 'gset',
  'gdesc', 'crosstabview', 'watch', 'errverbose', 'sf', 'sv', 'sf+', 'sv+', 'z', 'lo_list', 'lo_export', 'if', 'elif', 'else',
  'endif', 'getenv', 'setenv', 'bind', 'parse', 'close', 'restrict', 'unrestrict', 'G', 'P', 'R', 'u', 'use', 's', 'status',
  'W', 'n', 'N', 'nopager', 'pager', 'T', 'tee', 'notee', 'x', 'charset', 'warnings', 'nowarning',
]);

function classifyClientCommand(command: ClientCommand, previous: SqlStatement | undefined, nesting: number): Verdict {
  const { name, args } = command;
  if (command.prefix === '.') return classifyDotCommand(name, args);
  switch (name) {
    case '!':
    case 'system':
      return verdict('unknown', `\\${name} runs a shell command`);
    case 'i':
    case 'ir':
    case 'include':
    case 'include_relative':
    case '.':
      return verdict('unknown', `\\${name} runs SQL from a file Bulkhead cannot see${args ? ` (${args})` : ''}`);
    case 'copy': {
      const tokens = splitStatements(`COPY ${args}`, false)[0];
      const v = tokens && tokens.kind === 'sql' ? classifyCopy(tokens.tokens) : verdict('unknown', '\\copy with arguments Bulkhead cannot read');
      return { ...v, reason: v.reason.replace(/^COPY/, '\\copy') };
    }
    case 'gexec': {
      // `SELECT format('DROP TABLE %I', …) \gexec`: the SQL run is the text the query builds.
      const templates = previous ? destructiveTemplates(previous.tokens, nesting) : undefined;
      if (templates) return verdict('destroy', `\\gexec runs every row of the query as SQL: ${templates.reason}`);
      return verdict('unknown', '\\gexec runs every row of the query result as SQL, which Bulkhead cannot see');
    }
    case 'lo_unlink':
      return verdict('destroy', '\\lo_unlink deletes a large object');
    case 'lo_import':
      return verdict('write', '\\lo_import stores a file as a large object');
    case 'e':
    case 'ef':
    case 'ev':
    case 'edit':
      return verdict('unknown', `\\${name} opens an editor and runs what is saved`);
  }
  if (readMeta.has(name)) return verdict('read', `\\${name} is a client command that changes nothing in the database`);
  return verdict('unknown', `\\${name} is a client command Bulkhead does not know`);
}

function classifyDotCommand(name: string, args: string): Verdict {
  switch (name) {
    case 'read':
      return verdict('unknown', `.read runs SQL from a file Bulkhead cannot see${args ? ` (${args})` : ''}`);
    case 'shell':
    case 'system':
      return verdict('unknown', `.${name} runs a shell command`);
    case 'import':
      return verdict('write', '.import loads rows into a table', 'data');
    case 'restore':
      return verdict('destroy', '.restore overwrites the database with a backup');
    case 'load':
      return verdict('unknown', '.load loads a native extension');
    case 'excel':
    case 'edit':
      return verdict('unknown', `.${name} opens another program`);
    default:
      return verdict('read', `.${name} is a client command that changes nothing in the database`);
  }
}

/** The string literals of some SQL: the templates of dynamic SQL (`EXECUTE 'DROP TABLE ' || t`). */
function stringLiterals(tokens: readonly Token[]): string {
  return tokens.filter((t) => t.kind === 'string').map((t) => t.value.replace(/%[IsL]/g, 'x')).join(';\n');
}

/** What dynamic SQL built from these literals would do, when the literals alone say it destroys. */
function destructiveTemplates(tokens: readonly Token[], nesting: number): SqlClassification | undefined {
  if (nesting >= maxNesting) return undefined;
  const text = stringLiterals(tokens);
  if (!text) return undefined;
  const inner = classifyText(text, nesting + 1);
  return inner.effect === 'destroy' ? inner : undefined;
}
