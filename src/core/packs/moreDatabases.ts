import type { TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import type { ParsedArgs } from './args';
import { stageHints } from './cloud-common';
import { definePack, localWorkUntargeted } from './pack';
import { sqlClient } from './sqlClients';
import { destroy, local, read, secret, type Verdict, write } from './verdict';

/** cqlsh: `cqlsh [host [port]] -e "CQL"`, `-f file.cql`; CQL's DROP, TRUNCATE and DELETE read as SQL's. */
export const cqlshPack = definePack(sqlClient({
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
}));

const tursoValueFlags = ['--group', '--location', '-l', '--from-db', '--from-file', '--expiration', '-e', '--timestamp', '--type'];

function tursoTargets(a: ParsedArgs): TargetHint[] {
  const targets: TargetHint[] = [];
  // The database or group is the first operand after the verbs: `db destroy NAME`, `db tokens create NAME`.
  const operand = a.positionals.slice(2).find((w) => w !== 'create' && w !== 'invalidate' && !/\s/.test(w));
  for (const value of [operand, a.value('--group')]) {
    if (!value) continue;
    targets.push({ kind: 'resource', value, source: 'database' });
    stageHints(value, 'database', targets);
  }
  return targets;
}

function turso(a: ParsedArgs): Verdict {
  const [group, verb, name, ...rest] = a.positionals;
  const path = `${group} ${verb ?? ''}`.trim();
  if (path === 'db destroy' || path === 'group destroy' || path === 'org destroy') return destroy('destroy', `deletes ${group === 'db' ? 'a database and its data' : `a ${group} and every database in it`}`);
  if (path === 'db shell') {
    const sql = rest.join(' ');
    if (!sql) return read('shell', 'opens an interactive shell on the database; what is typed there is checked as it runs');
    const result = classifySql(sql);
    return { rule: `sql-${result.effect}`, effect: result.effect, reason: `runs SQL on the database: ${result.reason}` };
  }
  if (path === 'db tokens' || path === 'group tokens' || path === 'auth token') {
    return verb === 'invalidate' || name === 'invalidate'
      ? write('tokens-invalidate', 'invalidates the tokens of a database or group')
      : secret('token', 'prints a token that opens the database');
  }
  if (group === 'auth' || group === 'config' || group === 'update' || group === 'completion' || group === 'contact') return local('local', 'write', `changes turso on this machine (${path})`);
  if (verb === 'list' || verb === 'ls' || verb === 'show' || verb === 'inspect' || verb === undefined) return read('read', `reads Turso ${group}s; changes nothing`);
  return write('write', `changes Turso ${group}s (${path})`);
}

/**
 * Turso: `turso db destroy NAME`, `turso db shell NAME "SQL"`, `turso group destroy NAME`. Tokens
 * it creates are printed, so creating one is a secret read of that database.
 */
export const tursoPack = localWorkUntargeted(definePack({
  id: 'turso',
  programs: ['turso'],
  targetKinds: ['host', 'resource', 'stage'],
  valueFlags: tursoValueFlags,
  asksForHelp: (a) => a.positionals.length === 0 || a.has('--help', '-h') || a.positionals[0] === 'help',
  targets: tursoTargets,
  rules: [],
  classify: turso,
}));
