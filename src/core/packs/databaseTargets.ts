import type { Effect, Invocation, TargetHint } from '../model';
import { sqlLocations } from '../sql/classify';
import { hintsFromConninfo, hintsFromUrl } from '../targets/hints';
import { stageNames } from '../targets/stages';

/**
 * Target hints shared by the database packs: hosts, database names, connection URLs (also
 * `jdbc:` and `host/db` shorthands), and the stage names frameworks use (`RAILS_ENV=production`,
 * `--env=staging`, a Django settings module ending in `.prod`).
 */

/** `db.prod.acme.internal`, `tcp:db,1433`, `rs0/h1:27017,h2`, `user@host:5432`, a URL, or a list of them. */
export function hostHints(value: string, source: string): TargetHint[] {
  if (!value) return [];
  if (value.includes('://')) return connectionHints(value, source);
  // A directory is a Unix socket: the server runs on this machine.
  if (value.startsWith('/')) return [{ kind: 'host', value: 'localhost', source: `${source} (a local socket)` }];
  const hints: TargetHint[] = [];
  const withoutSet = value.includes('/') ? value.slice(value.indexOf('/') + 1) : value;
  for (const part of withoutSet.split(',')) {
    let host = part.trim().replace(/^tcp:/i, '');
    host = host.slice(host.lastIndexOf('@') + 1);
    host = host.replace(/\\.*$/, '');
    if (host.startsWith('[')) host = host.slice(1, host.indexOf(']') > 0 ? host.indexOf(']') : undefined);
    else if ((host.match(/:/g) ?? []).length === 1) host = host.slice(0, host.indexOf(':'));
    if (host) hints.push({ kind: 'host', value: host.toLowerCase(), source });
  }
  return hints;
}

/** A connection URL (`postgres://…`, `jdbc:mysql://…`, `mongodb+srv://…`) or libpq conninfo. */
export function connectionHints(value: string, source: string): TargetHint[] {
  const trimmed = value.trim().replace(/^jdbc:/i, '');
  if (trimmed.includes('://')) return hintsFromUrl(trimmed, source);
  const hints = /\b(host|hostaddr|dbname|server|data source)\s*=/i.test(trimmed) ? hintsFromConninfo(trimmed, source) : [];
  // `service=prod`: a pg_service.conf entry, usually named after its environment.
  const service = /\bservice\s*=\s*([\w.-]+)/i.exec(trimmed);
  if (service) hints.push(...stageInName(service[1], `${source} service=${service[1]}`));
  return hints;
}

/** A `-d` / `--dbname` value: a plain name, or a URL / conninfo in disguise (psql accepts both). */
export function databaseHints(value: string, source: string): TargetHint[] {
  if (!value) return [];
  const connection = connectionHints(value, source);
  if (connection.length > 0 || value.includes('://') || value.includes('=')) return connection;
  return [{ kind: 'database', value, source }, { kind: 'resource', value, source }];
}

/** A generic environment name: resolved against environment names and their aliases. */
export function stageHint(value: string, source: string): TargetHint[] {
  const v = value.trim();
  return v ? [{ kind: 'stage', value: v, source }] : [];
}

/**
 * `config.settings.production`, `settings_prod`, `alembic.prod.ini`: the stage word inside a
 * settings module or file name, if there is one.
 */
export function stageInName(value: string, source: string): TargetHint[] {
  const parts = value.toLowerCase().replace(/\.(py|ini|ya?ml|json|toml|ts|js|cjs|mjs|env)$/, '').split(/[./\\_-]+/);
  for (let i = parts.length - 1; i >= 0; i--) {
    if (stageNames.has(parts[i])) return stageHint(parts[i], source);
  }
  return [];
}

export type VariableMeaning = 'url' | 'host' | 'database' | 'stage' | 'settings';

/** Hints from the variables a tool reads, skipping the meanings the command already names. */
export function variableHints(
  inv: Invocation,
  variables: Readonly<Record<string, VariableMeaning>>,
  named: ReadonlySet<VariableMeaning> = noneNamed,
): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const [name, meaning] of Object.entries(variables)) {
    if (named.has(meaning)) continue;
    const value = inv.env[name];
    if (!value) continue;
    const source = `$${name}`;
    switch (meaning) {
      case 'url':
        hints.push(...connectionHints(value, source));
        break;
      case 'host':
        hints.push(...hostHints(value, source));
        break;
      case 'database':
        hints.push(...databaseHints(value, source));
        break;
      case 'stage':
        hints.push(...stageHint(value, source));
        break;
      case 'settings':
        hints.push(...stageInName(value, source));
        break;
    }
  }
  return hints;
}

const noneNamed: ReadonlySet<VariableMeaning> = new Set();

/** `rake db:migrate RAILS_ENV=production VERSION=1`: the task runner reads these as variables. */
export function argumentAssignments(args: readonly string[]): Record<string, string> {
  const assigned: Record<string, string> = {};
  for (const arg of args) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(arg);
    if (m) assigned[m[1]] = m[2];
  }
  return assigned;
}

/** The variables a command sees, with `VAR=value` arguments (rake style) layered on top. */
export function withArgumentAssignments(inv: Invocation, args: readonly string[]): Invocation {
  const assigned = argumentAssignments(args);
  return Object.keys(assigned).length === 0 ? inv : { ...inv, env: { ...inv.env, ...assigned } };
}

/**
 * The SQL or code a client reads on standard input, or why it cannot be read; for a dump piped in
 * (`mysqldump … | mysql`), what loading it does.
 */
export type StdinText = { readonly text: string } | { readonly opaque: string; readonly dump?: { readonly effect: Effect; readonly reason: string } } | undefined;

/** What loading the SQL a dump tool writes does: mysqldump drops each table before recreating it unless told not to. */
function dumpLoad(writer: readonly string[] | undefined): { effect: Effect; reason: string } | undefined {
  const [program, ...args] = writer ?? [];
  const has = (...flags: string[]) => args.some((a) => flags.includes(a));
  if (program === 'mysqldump' || program === 'mariadb-dump') {
    if (has('--skip-add-drop-table', '--no-create-info', '-t') && !has('--add-drop-database', '--add-drop-table')) {
      return { effect: 'write', reason: `loads a ${program} dump, which creates and fills the tables it holds` };
    }
    return { effect: 'destroy', reason: `loads a ${program} dump, which drops each table it holds and recreates it (DROP TABLE is on by default)` };
  }
  if (program === 'pg_dump' || program === 'pg_dumpall') {
    if (has('-c', '--clean', '-cC', '-Cc')) {
      return { effect: 'destroy', reason: `loads a ${program} --clean dump, which drops each object before recreating it` };
    }
    return { effect: 'write', reason: `loads a ${program} dump, which creates and fills the objects it holds` };
  }
  return undefined;
}

export function stdinText(inv: Invocation): StdinText {
  const stdin = inv.stdin;
  if (!stdin) return undefined;
  if (stdin.text !== undefined) return { text: stdin.text };
  switch (stdin.kind) {
    case 'file': {
      const text = stdin.from ? inv.fileText?.(stdin.from) : undefined;
      if (text !== undefined) return { text };
      return { opaque: `reads its input from ${stdin.from ? `the file ${stdin.from}` : 'a file'}, which Bulkhead cannot see` };
    }
    case 'pipe': {
      const dump = dumpLoad(stdin.writer);
      return { opaque: `reads its input from ${stdin.from ?? 'another command'}, which Bulkhead cannot see`, ...(dump ? { dump } : {}) };
    }
    default:
      return { opaque: 'reads input computed at run time, which Bulkhead cannot see' };
  }
}

/** How a framework or migration tool is told which database to use. */
export interface FrameworkEnvironment {
  /** Flags naming an environment: `--env production`, `-e staging`. */
  readonly stageFlags?: readonly string[];
  /** Flags naming a settings module or config file whose name may carry a stage: `--settings=app.settings.prod`. */
  readonly nameFlags?: readonly string[];
  /** Flags carrying a connection URL. */
  readonly urlFlags?: readonly string[];
  readonly variables?: Readonly<Record<string, VariableMeaning>>;
}

export function frameworkHints(inv: Invocation, values: (...flags: string[]) => string[], spec: FrameworkEnvironment): TargetHint[] {
  const hints: TargetHint[] = [];
  const named = new Set<VariableMeaning>();
  for (const flag of spec.stageFlags ?? []) {
    for (const value of values(flag)) {
      if (!value) continue;
      hints.push(...stageHint(value, `${flag} flag`));
      named.add('stage').add('settings');
    }
  }
  for (const flag of spec.nameFlags ?? []) {
    for (const value of values(flag)) {
      const found = stageInName(value, `${flag} ${value}`);
      hints.push(...found);
      if (value) named.add('settings');
      if (found.length > 0) named.add('stage');
    }
  }
  for (const flag of spec.urlFlags ?? []) {
    for (const value of values(flag)) {
      if (!value) continue;
      hints.push(...connectionHints(value, `${flag} flag`), ...goDsnHints(value, `${flag} flag`));
      named.add('url').add('host').add('database');
    }
  }
  hints.push(...variableHints(inv, spec.variables ?? {}, named));
  return hints;
}

/** Go MySQL DSN: `user:pass@tcp(db.prod.acme.internal:3306)/app?parseTime=true`. */
export function goDsnHints(value: string, source: string): TargetHint[] {
  const m = /@(?:tcp|unix)\(([^)]*)\)\/([^?]*)/.exec(value);
  if (!m) return [];
  const hints = m[1].startsWith('/') ? [{ kind: 'host', value: 'localhost', source }] : hostHints(m[1], source);
  if (m[2]) hints.push({ kind: 'database', value: m[2], source }, { kind: 'resource', value: m[2], source });
  return hints;
}

/**
 * Stands in for text only known at run time (`"$SQL"`, `"$(cat drop.sql)"`), so the SQL and code
 * classifiers see that something is there instead of an empty argument. It reads as a bind
 * parameter in SQL, which keeps `WHERE id = $ID` a bounded condition.
 */
export const runtimeText = ':bulkhead_runtime';

const expansion = /\$\((?:[^()]|\([^()]*\))*\)|`[^`]*`|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?$!-]/g;

/** The command's arguments, with the parts only known at run time replaced by `runtimeText`. */
export function argumentTexts(inv: Invocation): string[] {
  return inv.args.map((value, i) => {
    const word = inv.words[i];
    if (!word || !word.dynamic) return value;
    if (!/[$`]/.test(word.raw)) return value || runtimeText;
    const raw = word.raw.length >= 2 && word.raw.startsWith('"') && word.raw.endsWith('"') ? word.raw.slice(1, -1) : word.raw;
    return raw.replace(expansion, runtimeText);
  });
}

/** The invocation with `argumentTexts` as its arguments. */
export function withRuntimeArgs(inv: Invocation): Invocation {
  return inv.words.some((w) => w.dynamic) ? { ...inv, args: argumentTexts(inv) } : inv;
}

/** True when the code is nothing but text only known at run time. */
export function onlyRuntime(code: string): boolean {
  return code.trim() === runtimeText;
}

/** The object stores SQL reads or writes (`COPY … TO 's3://acme-prod-lake/…'`): targets beside its database. */
export const objectStoresOf = (sql: string): TargetHint[] => sqlLocations(sql).flatMap((url) => hintsFromUrl(url, 'an object store named in the SQL'));
