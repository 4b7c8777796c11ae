import { parseDocument } from 'yaml';
import { resolvePath } from '../paths';
import { dirOf, findFile, shellQuote, unreadableFile } from './files';
import type { TaskCall, TaskOutcome } from './run';

const composeFiles = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const globalValued: ReadonlySet<string> = new Set(['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory',
  '--ansi', '--progress', '--parallel']);
/** `run` and `exec` options that take a value; `-e`/`--env`, `-w`/`--workdir` and `--entrypoint` are read. */
const runValued: ReadonlySet<string> = new Set(['-e', '--env', '--env-file', '-w', '--workdir', '--entrypoint', '--name', '-u', '--user',
  '-v', '--volume', '-p', '--publish', '-l', '--label', '--cap-add', '--cap-drop', '--index', '--pull']);
const computedWord = '${COMPOSE_COMPUTED_VALUE}';

/**
 * `docker compose run --rm migrate` and `docker compose exec api cmd`: the service's command from
 * the compose file (or the one the line gives), run with the service's `environment` and the line's
 * `-e` variables, because that is where it takes its database and credentials from. Other compose
 * verbs, and docker's own, are the docker pack's.
 */
export function composeRun(call: TaskCall): TaskOutcome | undefined {
  let args = call.args.map((w) => (w.dynamic ? computedWord : w.value));
  if (call.program !== 'docker-compose' && call.program !== 'podman-compose') {
    const at = args.indexOf('compose');
    if (at < 0 || args.slice(0, at).some((a) => !a.startsWith('-'))) return undefined;
    args = args.slice(at + 1);
  }
  const files: string[] = [];
  let dir = call.cwd;
  let i = 0;
  for (; i < args.length && args[i].startsWith('-'); i++) {
    const eq = args[i].indexOf('=');
    const flag = eq > 0 ? args[i].slice(0, eq) : args[i];
    if (!globalValued.has(flag)) continue;
    const value = eq > 0 ? args[i].slice(eq + 1) : args[++i];
    if (value === undefined) return undefined;
    if (flag === '-f' || flag === '--file') files.push(value);
    if (flag === '--project-directory') dir = resolvePath(dir, value, call.env.HOME);
  }
  const verb = args[i];
  if (verb !== 'run' && verb !== 'exec') return undefined;
  const env: Record<string, string> = {};
  let entrypoint: string | undefined;
  for (i++; i < args.length && args[i].startsWith('-'); i++) {
    const eq = args[i].startsWith('--') ? args[i].indexOf('=') : -1;
    const flag = eq > 0 ? args[i].slice(0, eq) : args[i];
    if (!runValued.has(flag)) continue;
    const value = eq > 0 ? args[i].slice(eq + 1) : args[++i];
    if (value === undefined) return undefined;
    if (flag === '-e' || flag === '--env') {
      const sep = value.indexOf('=');
      if (sep > 0) env[value.slice(0, sep)] = value.slice(sep + 1);
    }
    if (flag === '--entrypoint') entrypoint = value;
  }
  const service = args[i];
  if (!service) return undefined;
  const given = args.slice(i + 1);
  const label = `compose ${verb} ${service}`;
  const named = files.length > 0 ? resolvePath(dir, files[0], call.env.HOME) : undefined;
  const found = named ? findFile(call.read, dirOf(named), [named.slice(named.lastIndexOf('/') + 1)], false) : findFile(call.read, dir, composeFiles, true);
  if (!found) return given.length > 0 ? { kind: 'bodies', file: 'the line', bodies: [{ code: given.map(shellQuote).join(' '), label, key: `compose:${service}`, env }] } : undefined;
  const file = found.path.slice(dirOf(found.path).length + 1);
  if ('error' in found.file) return unreadableFile(label, file, found.file);
  let document: unknown;
  try {
    document = parseDocument(found.file.text, { uniqueKeys: false }).toJS({ maxAliasCount: 100 });
  } catch {
    return { kind: 'unread', note: `${label}: ${file} cannot be parsed; judged by its name` };
  }
  const definition = record(record(document)?.services)?.[service];
  const spec = record(definition);
  if (!spec) return { kind: 'unread', note: `${label}: ${file} has no service ${service}; judged by its name` };
  const serviceEnv = environmentOf(spec.environment);
  const command = given.length > 0 ? given : verb === 'run' ? words(spec.command) : [];
  const start = entrypoint !== undefined ? [entrypoint] : verb === 'run' ? words(spec.entrypoint) : [];
  const argv = [...start, ...command];
  if (argv.length === 0) return { kind: 'unread', note: `${label}: the service's command is its image's, which Bulkhead cannot see; judged by its name` };
  // An entrypoint that is a shell (`sh -c`) takes the command as its script, which the walk reads.
  return { kind: 'bodies', file, bodies: [{ code: argv.map(shellQuote).join(' '), label, key: `${found.path}:${service}`, env: { ...serviceEnv, ...env } }] };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

/** A compose command: a list of words, or a string the way compose splits it (shell words, no shell). */
function words(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : computedWord));
  if (typeof value !== 'string') return [];
  return value.match(/"[^"]*"|'[^']*'|\S+/g)?.map((w) => w.replace(/^(["'])(.*)\1$/, '$2')) ?? [];
}

function environmentOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item !== 'string') continue;
      const eq = item.indexOf('=');
      if (eq > 0) out[item.slice(0, eq)] = item.slice(eq + 1);
    }
  } else {
    for (const [key, v] of Object.entries(record(value) ?? {})) if (typeof v === 'string' || typeof v === 'number') out[key] = String(v);
  }
  return out;
}
