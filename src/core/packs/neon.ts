import type { Finding, Invocation, TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import { parseArgs, type ParsedArgs } from './args';
import { definePack, type Pack } from './pack';

/**
 * Neon CLI (`neonctl`, `neon`). `--project-id` names the project (a `neon-project` target and a
 * resource); without it the CLI uses the `.neon` context file (ambient `neon-project`). Branch
 * names often are stage names (`main`, `production`, `staging`, `dev`), so the branch a command
 * acts on is a stage hint too.
 *
 * Resetting a branch to its parent or restoring it to another point replaces its data: both
 * destroy, like deleting it. `psql` passes what follows `--` to psql: `-c <sql>` or SQL on stdin
 * is judged as SQL.
 */

const branchCommands = ['branches', 'branch'];
const each = (nouns: readonly string[], verbs: readonly string[]): string[] =>
  nouns.flatMap((noun) => verbs.map((verb) => `${noun} ${verb}`));

/** The branch a command acts on: `--branch`, or the positional of `branches <verb> <branch>`. */
function branchesNamed(a: ParsedArgs): string[] {
  const named = a.values('--branch').filter(Boolean);
  const [first, verb, target] = a.positionals;
  if (branchCommands.includes(first ?? '') && verb && target && verb !== 'create' && verb !== 'list') named.push(target);
  // `branches schema-diff main staging` reads a second branch; the source of a restore is only read, so it is left out.
  if (branchCommands.includes(first ?? '') && verb === 'schema-diff' && a.positionals[3]) named.push(a.positionals[3]);
  if ((first === 'connection-string' || first === 'cs' || first === 'psql') && verb) named.push(verb);
  // `branch@2024-01-01T00:00:00Z` and `branch@0/1234` name a point in a branch's history.
  return named.map((name) => name.split('@')[0]);
}

const table = definePack({
  id: 'neon',
  programs: ['neonctl', 'neon'],
  valueFlags: [
    '--branch', '--org-id', '--api-key', '--api-host', '--context-file', '-o', '--output', '--config-dir', '--name', '--parent',
    '--role-name', '--database-name', '--owner-name', '--compute', '--cu', '--type', '--region-id', '--suspend-timeout',
    '--preserve-under-name', '--source', '--endpoint-type', '--expires-at', '--hipaa', '--database', '--timestamp', '--lsn',
  ],
  targetFlags: { '--project-id': 'neon-project' },
  ambient: ['neon-project'],
  readFlags: ['-h', '--version'],
  rules: [
    { id: 'psql', sub: ['psql'], effect: 'write', reason: 'opens psql on a Neon branch, where any statement runs' },
    { id: 'connection-string-psql', sub: ['connection-string', 'cs'], effect: 'write', when: (a) => a.has('--psql'),
      reason: 'opens psql on a Neon branch, where any statement runs' },
    { id: 'connection-string', sub: ['connection-string', 'cs'], effect: 'read', scope: 'secret',
      reason: 'prints a connection string with the role\'s password' },
    { id: 'project-delete', sub: each(['projects', 'project'], ['delete']), effect: 'destroy',
      reason: 'deletes a Neon project with all its branches and data' },
    { id: 'branch-delete', sub: each(branchCommands, ['delete']), effect: 'destroy', reason: 'deletes a Neon branch and its data' },
    { id: 'branch-reset', sub: each(branchCommands, ['reset', 'restore']), effect: 'destroy',
      reason: 'replaces a branch\'s data with its parent\'s or an earlier point\'s' },
    { id: 'database-delete', sub: each(['databases', 'database', 'db'], ['delete']), effect: 'destroy', reason: 'drops a database on a Neon branch' },
    { id: 'role-delete', sub: each(['roles', 'role'], ['delete']), effect: 'destroy', reason: 'drops a Postgres role on a Neon branch' },
    {
      id: 'read',
      sub: ['me', 'operations', 'orgs', 'help', ...each(['projects', 'project'], ['list', 'get']),
        ...each(branchCommands, ['list', 'get', 'schema-diff']), ...each(['databases', 'database', 'db'], ['list']),
        ...each(['roles', 'role'], ['list']), 'ip-allow list', 'vpc endpoint list', 'vpc endpoint status'],
      effect: 'read',
      reason: 'reads Neon projects, branches or settings',
    },
    { id: 'local', sub: ['auth', 'set-context', 'init', 'completion', 'bootstrap'], effect: 'write', scope: 'local',
      reason: 'changes local Neon settings (login, context file)' },
    { id: 'write', sub: ['projects', 'project', ...branchCommands, 'databases', 'database', 'db', 'roles', 'role', 'ip-allow', 'vpc'],
      effect: 'write', reason: 'creates or changes Neon projects, branches, databases or roles' },
  ],
  targets: (a) => {
    const hints: TargetHint[] = [];
    for (const value of a.values('--project-id')) if (value) hints.push({ kind: 'resource', value, source: '--project-id flag' });
    const [first, verb, id] = a.positionals;
    if ((first === 'projects' || first === 'project') && (verb === 'delete' || verb === 'get') && id) {
      hints.push({ kind: 'neon-project', value: id, source: 'project argument' });
    }
    for (const branch of branchesNamed(a)) hints.push({ kind: 'stage', value: branch, source: 'Neon branch' });
    return hints;
  },
});

/** What psql will run: `-- -c "<sql>"`, or SQL on stdin; a `-f` file is not visible. */
function psqlSql(inv: Invocation): string | undefined {
  const psqlArgs = parseArgs(inv.args, noValueFlags).rest;
  for (let i = 0; i < psqlArgs.length; i++) {
    const arg = psqlArgs[i];
    if (arg === '-c' || arg === '--command') return psqlArgs[i + 1];
    if (arg.startsWith('--command=')) return arg.slice('--command='.length);
    if (arg === '-f' || arg === '--file' || arg.startsWith('--file=')) return undefined;
  }
  return inv.stdin?.text;
}

const noValueFlags: ReadonlySet<string> = new Set();
const contextFlags: ReadonlySet<string> = new Set(['--project-id', '--org-id', '--context-file']);

export const neonPack: Pack = {
  id: 'neon',
  programs: ['neonctl', 'neon'], targetKinds: ['neon-project', 'resource', 'stage'],
  classify(inv) {
    const finding = table.classify(inv) as Finding;
    if (finding.ruleId === 'neon.local' && inv.args[0] === 'set-context') {
      const project = parseArgs(inv.args, contextFlags).value('--project-id');
      return project ? { ...finding, setsAmbient: { 'neon-project': project } } : finding;
    }
    if (finding.ruleId !== 'neon.psql' && finding.ruleId !== 'neon.connection-string-psql') return finding;
    const sql = psqlSql(inv);
    if (sql === undefined) return finding;
    const verdict = classifySql(sql);
    return { ...finding, ruleId: 'neon.psql-sql', effect: verdict.effect, reason: `runs SQL on a Neon branch: ${verdict.reason}` };
  },
};
