import type { Effect, Finding, Invocation, TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import { parseArgs } from './args';
import { stageHints } from './cloud-common';
import type { Pack } from './pack';
import { defineSqlClient } from './sqlClients';

/** cqlsh: `cqlsh [host [port]] -e "CQL"`, `-f file.cql`; CQL's DROP, TRUNCATE and DELETE read as SQL's. */
export const cqlshPack = defineSqlClient({
  id: 'cqlsh',
  programs: ['cqlsh'],
  valueFlags: ['-u', '--username', '-p', '--password', '--cqlshrc', '--cqlversion', '--protocol-version', '--connect-timeout',
    '--request-timeout', '--encoding', '-b', '--secure-connect-bundle'],
  sqlFlags: ['-e', '--execute'],
  fileFlags: ['-f', '--file'],
  databaseFlags: ['-k', '--keyspace'],
  infoFlags: ['--version', '-h', '--help'],
  variables: { CQLSH_HOST: 'host' },
  positionals: (positionals) => ({
    targets: positionals[0] ? [{ kind: 'host', value: positionals[0].toLowerCase(), source: 'cqlsh host' }] : [],
    sql: [],
  }),
});

/**
 * Turso: `turso db destroy NAME`, `turso db shell NAME "SQL"`, `turso group destroy NAME`. Tokens
 * it creates are printed, so creating one is a secret read of that database.
 */
function turso(inv: Invocation): Finding {
  const a = parseArgs(inv.args, new Set(['--group', '--location', '-l', '--from-db', '--from-file', '--expiration', '-e', '--timestamp', '--type']));
  const [group, verb, name, ...rest] = a.positionals;
  const targets: TargetHint[] = [];
  // The database or group is the first operand after the verbs: `db destroy NAME`, `db tokens create NAME`.
  const operand = a.positionals.slice(2).find((w) => w !== 'create' && w !== 'invalidate' && !/\s/.test(w));
  for (const value of [operand, a.value('--group')]) {
    if (!value) continue;
    targets.push({ kind: 'resource', value, source: 'database' });
    stageHints(value, 'database', targets);
  }
  const f = (rule: string, effect: Effect, reason: string, scope: Finding['scope'] = 'infra'): Finding =>
    (scope === 'local' ? { ruleId: `turso.${rule}`, effect, scope, reason } : { ruleId: `turso.${rule}`, effect, scope, reason, targets });
  if (group === undefined || a.has('--help', '-h') || group === 'help') return f('help', 'read', 'shows turso usage', 'local');
  const path = `${group} ${verb ?? ''}`.trim();
  if (path === 'db destroy' || path === 'group destroy' || path === 'org destroy') return f('destroy', 'destroy', `deletes ${group === 'db' ? 'a database and its data' : `a ${group} and every database in it`}`);
  if (path === 'db shell') {
    const sql = rest.join(' ');
    if (!sql) return f('shell', 'read', 'opens an interactive shell on the database; what is typed there is checked as it runs');
    const result = classifySql(sql);
    return f(`sql-${result.effect}`, result.effect, `runs SQL on the database: ${result.reason}`);
  }
  if (path === 'db tokens' || path === 'group tokens' || path === 'auth token') {
    return verb === 'invalidate' || name === 'invalidate'
      ? f('tokens-invalidate', 'write', 'invalidates the tokens of a database or group')
      : f('token', 'read', 'prints a token that opens the database', 'secret');
  }
  if (group === 'auth' || group === 'config' || group === 'update' || group === 'completion' || group === 'contact') return f('local', 'write', `changes turso on this machine (${path})`, 'local');
  if (verb === 'list' || verb === 'ls' || verb === 'show' || verb === 'inspect' || verb === undefined) return f('read', 'read', `reads Turso ${group}s; changes nothing`);
  return f('write', 'write', `changes Turso ${group}s (${path})`);
}

export const tursoPack: Pack = { id: 'turso', programs: ['turso'], targetKinds: ['host', 'resource', 'stage'], classify: turso };
