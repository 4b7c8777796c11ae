import type { Invocation, TargetHint } from '../model';
import { resolvePath } from '../paths';
import { hintsFromValue } from '../targets/hints';
import type { ParsedArgs } from './args';
import { stageHints } from './cloud-common';
import { classifyRedisCommand } from './nosqlClients';
import { definePack } from './pack';
import type { Verdict } from './verdict';

/**
 * Upstash CLI (`upstash`, `@upstash/cli`): Redis databases, Vector and Search indexes, QStash,
 * teams, and Kafka clusters in the older releases. Resources are named by id (`--db-id`,
 * `--index-id`, `--qstash-id`, `--id`): ids say nothing about an environment, names do
 * (`--name acme-prod-cache`). A team (`--team-id`) is an `account` target. The account's key comes
 * from UPSTASH_EMAIL / UPSTASH_API_KEY, `--api-key`, or the file `--env-path` loads, which ties the
 * command to whichever environment's secret file that is.
 *
 * Decisions worth knowing:
 * - Deleting a database, index, cluster, topic, backup or team destroys; `--dry-run` only previews.
 *   Restoring a backup overwrites the database's data and destroys too.
 * - `redis exec CMD…` runs one Redis command over REST and is judged as that command (FLUSHALL
 *   destroys, GET reads); a command only in `--json` is read the same way.
 * - `get` prints the database's password and REST token unless `--hide-credentials`: a secret
 *   read, like `reset-password` and `rotate-token` print the new one (and are writes).
 * - Moving a database to another team or account changes who owns it: a write.
 */

const valueFlags = [
  '--env-path', '--email', '--api-key', '--db-id', '--index-id', '--qstash-id', '--team-id', '--target-team-id', '--id',
  '--name', '-n', '--region', '-r', '--read-regions', '--plan', '--budget', '--backup-id', '--member-email', '--role',
  '--similarity-function', '--dimension-count', '--type', '--embedding-model', '--index-type', '--sparse-embedding-model',
  '--target-account', '--period', '--db-url', '--db-token', '--json', '--cluster-id', '--partitions', '--retention-time',
  '--retention-size', '--max-message-size', '--cleanup-policy', '--config', '-c', '-e', '--env', '--environment', '--stage',
];

const resourceNames: Readonly<Record<string, string>> = {
  redis: 'Redis database', vector: 'Vector index', search: 'Search index', qstash: 'QStash instance', team: 'team',
};

const read = (reason = 'reads Upstash resources or their statistics'): Verdict => ({ rule: 'read', effect: 'read', reason });
const write = (rule: string, reason: string): Verdict => ({ rule, effect: 'write', reason });
const destroy = (rule: string, reason: string): Verdict => ({ rule, effect: 'destroy', reason });

function verdictFor(a: ParsedArgs, inv: Invocation): Verdict {
  const [noun, verb, third] = a.positionals;
  if (noun === undefined) return read('shows the Upstash CLI help');
  if (a.has('--dry-run')) return read(`previews upstash ${a.positionals.join(' ')} without changing anything`);
  if (noun === 'login' || noun === 'logout' || noun === 'auth') {
    return verb === 'whoami' ? read('shows the logged-in Upstash account') : { rule: 'local', effect: 'write', scope: 'local', reason: 'changes the Upstash credentials saved on this machine' };
  }
  if (noun === 'kafka') return kafka(verb, third);
  if (noun === 'redis' && verb === 'exec') return redisExec(a, inv);
  if (noun === 'redis' && verb === 'backup') {
    if (third === 'delete') return destroy('backup-delete', 'deletes a backup of an Upstash Redis database');
    if (third === 'restore') return destroy('backup-restore', 'restores a backup over an Upstash Redis database, replacing its data');
    return third === 'list' || third === undefined ? read('lists an Upstash Redis database\'s backups') : write('backup', `changes an Upstash Redis database's backups (${third})`);
  }
  const what = resourceNames[noun];
  if (!what) return { rule: 'unrecognised', effect: 'write', reason: `runs upstash ${noun}, a command Bulkhead does not know, so it is treated as a change` };
  switch (verb) {
    case undefined:
    case 'list':
    case 'stats':
    case 'index-stats':
    case 'members':
    case 'list-members':
    case 'ipv4':
      return read();
    case 'get':
      return noun === 'team' || a.has('--hide-credentials')
        ? read(`shows an Upstash ${what}`)
        : { rule: 'get-credentials', effect: 'read', scope: 'secret', reason: `prints the Upstash ${what} with its password and REST token` };
    case 'delete':
      return destroy(`${noun}-delete`, noun === 'team' ? 'deletes an Upstash team' : `deletes an Upstash ${what} and all its data`);
    case 'create':
      return write(`${noun}-create`, `creates an Upstash ${what}`);
    case 'reset-password':
    case 'rotate-token':
      return write('rotate-credentials', `replaces the Upstash ${what}'s password or token, which breaks every client using the old one`);
    case 'move-to-team':
    case 'transfer':
      return write('transfer', `moves the Upstash ${what} to another team or account`);
    default:
      return write(`${noun}-change`, `changes an Upstash ${what} (${verb})`);
  }
}

/** The older releases' `kafka cluster …` and `kafka topic …`. */
function kafka(noun: string | undefined, verb: string | undefined): Verdict {
  const what = noun === 'topic' ? 'Kafka topic' : 'Kafka cluster';
  if (verb === 'delete') return destroy('kafka-delete', `deletes an Upstash ${what} and its messages`);
  if (verb === 'get') return noun === 'topic' ? read() : { rule: 'get-credentials', effect: 'read', scope: 'secret', reason: 'prints the Upstash Kafka cluster with its password' };
  if (verb === undefined || verb === 'list' || verb === 'stats' || verb === 'topics') return read();
  return write('kafka-change', `creates or changes an Upstash ${what} (${verb})`);
}

/** `redis exec SET k v`, or `--json '["FLUSHALL"]'`: the Redis command decides. */
function redisExec(a: ParsedArgs, inv: Invocation): Verdict {
  let words: readonly string[] = a.positionals.slice(2);
  const json = a.value('--json');
  if (json !== undefined) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (!Array.isArray(parsed) || parsed.length === 0) throw new Error('not a list');
      words = parsed.map(String);
    } catch {
      return { rule: 'exec', effect: 'unknown', reason: 'runs a Redis command given as --json that Bulkhead cannot read' };
    }
  }
  if (words.length === 0 && inv.stdin === undefined) return { rule: 'exec', effect: 'unknown', reason: 'runs a Redis command Bulkhead cannot see' };
  const verdict = classifyRedisCommand(words);
  return { rule: 'exec', effect: verdict.effect, reason: `runs a Redis command on an Upstash database: ${verdict.reason}` };
}

function targetsOf(a: ParsedArgs, inv: Invocation): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const value of a.values('--team-id', '--target-team-id')) {
    if (value) hints.push({ kind: 'account', value, source: 'team' });
    stageHints(value, 'team', hints);
  }
  // A database's REST host carries its name: `acme-prod-cache.upstash.io`.
  for (const value of a.values('--db-url')) stageHints(value.replace(/^\w+:\/\//, '').split('/')[0], 'database URL', hints);
  for (const value of a.values('--name', '-n')) stageHints(value, 'name', hints);
  // The CLI has no such flag and refuses the line, but the stage it names is what the author meant.
  for (const value of a.values('--env', '--environment', '--stage')) stageHints(value, 'stage flag', hints);
  for (const file of a.values('--env-path')) {
    if (file) hints.push({ kind: 'env-file', value: resolvePath(inv.cwd, file, inv.env.HOME), source: 'credentials loaded from' });
  }
  if (a.positionals[0] === 'redis' && a.positionals[1] === 'exec' && !a.has('--db-url') && inv.env.UPSTASH_REDIS_REST_URL) {
    hints.push(...hintsFromValue(inv.env.UPSTASH_REDIS_REST_URL, '$UPSTASH_REDIS_REST_URL'));
    stageHints(inv.env.UPSTASH_REDIS_REST_URL.replace(/^\w+:\/\//, '').split('/')[0], '$UPSTASH_REDIS_REST_URL', hints);
  }
  return hints;
}

export const upstashPack = definePack({
  id: 'upstash',
  programs: ['upstash'],
  packages: ['@upstash/cli'],
  targetKinds: ['account', 'host', 'resource', 'stage'],
  valueFlags,
  asksForHelp: (a) => a.has('--help', '-h', '--version', '-V') || a.positionals[0] === 'help',
  targets: targetsOf,
  rules: [],
  classify: verdictFor,
});
