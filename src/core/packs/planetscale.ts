import type { Invocation, TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import type { ParsedArgs } from './args';
import { resourceHints } from './cloud-common';
import { definePack } from './pack';
import type { Verdict } from './verdict';

/**
 * PlanetScale CLI (`pscale`). Commands take `<database> <branch>` positionals; the database name
 * is a resource (through the engine's generic hints), `--org` a resource, and a branch named
 * after a stage (`production`, `staging`) a stage hint. `main` is not: every database, a
 * staging one too, has its production branch called `main`.
 *
 * `shell` opens a MySQL/psql shell on a branch (SQL on stdin is judged as SQL), `sql --query`
 * runs one statement, `connect` only opens a local tunnel and reads. Deploying a deploy request
 * changes the schema of the database's production branch: a write, tied to an environment by
 * the database name.
 */

const each = (nouns: readonly string[], verbs: readonly string[]): string[] =>
  nouns.flatMap((noun) => verbs.map((verb) => `${noun} ${verb}`));
const databases = ['database', 'db'];
const branches = ['branch', 'br'];
const deployRequests = ['deploy-request', 'dr'];
const defaultBranches = new Set(['main', 'master']);

/** `pscale branch delete <db> <branch>`, `pscale shell <db> <branch>`: the branch acted on. */
function branchOf(a: ParsedArgs): string | undefined {
  const [first, second, third, fourth] = a.positionals;
  // A new branch is not the stage its name suggests until something is deployed to it.
  if (branches.includes(first ?? '') && second === 'create') return undefined;
  if (branches.includes(first ?? '') || first === 'password' || first === 'backup') return fourth;
  if (first === 'shell' || first === 'connect' || first === 'sql') return third ?? a.value('--branch');
  return undefined;
}

/** `pscale deploy-request deploy <db> 42`, `pscale shell <db> <branch>`: the database acted on. */
function databaseOf(a: ParsedArgs): string | undefined {
  const [first, second, third] = a.positionals;
  if (first === 'shell' || first === 'connect' || first === 'sql') return second ?? a.value('--database');
  // `database create NAME` makes a database that is no stage's yet; `database list` names none.
  if (databases.includes(first ?? '')) return second === 'create' || second === 'list' ? undefined : third;
  if ([...branches, ...deployRequests, 'password', 'backup'].includes(first ?? '')) return third;
  return undefined;
}

export const planetscalePack = definePack({
  id: 'pscale',
  programs: ['pscale'],
  targetKinds: ['resource', 'stage'],
  packages: ['@planetscale/cli'],
  valueFlags: [
    '--org', '--region', '-f', '--format', '--service-token', '--service-token-id', '--api-url', '--config', '--dir', '--from',
    '--into', '--role', '--ttl', '--name', '--port', '--host', '--cluster-size', '--notes', '--restore', '--query', '--dbname',
    '--keyspace', '--execute', '--execute-protocol', '--execute-env-url', '--method', '--field', '--header', '--input',
    '--database', '--branch', '--tables', '--wheres', '--output', '--threads', '--schema-only',
  ],
  readFlags: ['-h', '--version'],
  classify: shellSql,
  rules: [
    { id: 'database-delete', sub: each(databases, ['delete']), effect: 'destroy', reason: 'deletes a PlanetScale database with every branch and backup' },
    { id: 'branch-delete', sub: each(branches, ['delete']), effect: 'destroy', reason: 'deletes a PlanetScale branch and its data' },
    { id: 'backup-delete', sub: 'backup delete', effect: 'destroy', reason: 'deletes a PlanetScale backup' },
    { id: 'restore-dump-overwrite', sub: each(databases, ['restore-dump']), effect: 'destroy', when: (a) => a.has('--overwrite-tables'),
      reason: 'drops and reloads tables from a dump' },
    { id: 'api-delete', sub: 'api', effect: 'destroy', when: (a) => (a.value('--method', '-X') ?? '').toUpperCase() === 'DELETE',
      reason: 'calls the PlanetScale API with DELETE' },
    { id: 'api-write', sub: 'api', effect: 'write', when: (a) => ['POST', 'PUT', 'PATCH'].includes((a.value('--method', '-X') ?? '').toUpperCase())
      || a.has('--field', '-F', '--input'), reason: 'calls the PlanetScale API to change something' },
    { id: 'api-read', sub: 'api', effect: 'read', reason: 'calls the PlanetScale API to read' },
    { id: 'shell', sub: ['shell', 'sql'], effect: 'write', reason: 'runs SQL on a PlanetScale branch' },
    { id: 'deploy', sub: each(deployRequests, ['deploy', 'apply', 'revert', 'skip-revert']), effect: 'write',
      reason: 'deploys (or reverts) a schema change into the target branch, usually production' },
    {
      id: 'read',
      sub: ['connect', 'ping', 'help', 'completion', 'version', 'audit-log', 'region', 'size', ...each(databases, ['list', 'show', 'dump']),
        ...each(branches, ['list', 'show', 'diff', 'schema', 'keyspaces', 'vschema', 'lint']),
        ...each(deployRequests, ['list', 'show', 'diff']), 'backup list', 'backup show', 'password list', 'org list', 'org show',
        'service-token list', 'service-token show-access', 'keyspace list', 'keyspace show', 'workflow list', 'workflow show',
        'webhook list', 'webhook show', 'role list'],
      effect: 'read',
      reason: 'reads PlanetScale databases, branches, schemas or data',
    },
    { id: 'local', sub: ['auth', 'org switch', ...each(branches, ['switch'])], effect: 'write', scope: 'local',
      reason: 'changes local PlanetScale settings (login, current organization or branch)' },
    {
      id: 'write',
      sub: [...databases, ...branches, ...deployRequests, 'backup', 'password', 'service-token', 'keyspace', 'workflow', 'webhook',
        'role', 'data-imports', 'org'],
      effect: 'write',
      reason: 'creates or changes PlanetScale databases, branches, passwords or deploy requests',
    },
  ],
  targets: (a) => {
    const hints: TargetHint[] = [];
    for (const org of a.values('--org')) if (org) hints.push({ kind: 'resource', value: org, source: '--org flag' });
    // `pscale api organizations/acme/databases/acme-prod-db`: each path segment may be a named resource.
    if (a.positionals[0] === 'api' && a.positionals[1]) {
      for (const segment of a.positionals[1].split('/')) if (segment) hints.push({ kind: 'resource', value: segment, source: 'API path' });
    }
    // A database named after its stage (`acme-prod`) is that stage's, whatever its branch.
    resourceHints(databaseOf(a), 'PlanetScale database', hints);
    const branch = branchOf(a);
    // `main` is the production branch of every database, staging's included: the database name decides there.
    if (branch && !defaultBranches.has(branch)) hints.push({ kind: 'stage', value: branch, source: 'PlanetScale branch' });
    return hints;
  },
});

/** `pscale shell DB BRANCH --query SQL` (or SQL on stdin) is judged by the SQL. */
function shellSql(a: ParsedArgs, inv: Invocation): Verdict | undefined {
  if (a.positionals[0] !== 'shell' && a.positionals[0] !== 'sql') return undefined;
  const sql = a.value('--query') ?? inv.stdin?.text;
  if (sql === undefined) return undefined;
  const verdict = classifySql(sql);
  return { rule: 'shell-sql', effect: verdict.effect, reason: `runs SQL on a PlanetScale branch: ${verdict.reason}` };
}
