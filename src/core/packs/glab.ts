import type { TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { stageHints } from './cloud-common';
import { definePack } from './pack';

/** `glab api -X DELETE …`: the method says what the request does. */
const method = (a: ParsedArgs): string => (a.value('-X', '--method') ?? (a.has('-f', '-F', '--field', '--raw-field', '--input') ? 'POST' : 'GET')).toUpperCase();

/**
 * GitLab's CLI. CI/CD variables are secrets: reading one is a secret read of the environment its
 * --scope names; the project (-R group/project) and host can name one too.
 */
export const glabPack = definePack({
  id: 'glab',
  programs: ['glab'],
  targetKinds: ['stage'],
  valueFlags: ['-R', '--repo', '-g', '--group', '-s', '--scope', '-X', '--method', '-f', '-F', '--field', '--raw-field', '-H', '--header',
    '--hostname', '-b', '--branch', '-t', '--title', '-d', '--description', '-l', '--label', '-a', '--assignee', '-m', '--milestone',
    '-v', '--value', '-o', '--output', '-F', '--format', '-P', '--per-page', '-p', '--page', '--input', '--ref', '-n', '--name', '--type'],
  readFlags: ['-h'],
  rules: [
    { id: 'variable-read', sub: ['variable get', 'variable export', 'var get', 'var export'], effect: 'read', scope: 'secret',
      reason: 'prints CI/CD variables with their values' },
    { id: 'variable-list', sub: ['variable list', 'variable ls', 'var list'], effect: 'read', reason: 'lists CI/CD variable names' },
    { id: 'variable-delete', sub: ['variable delete', 'var delete'], effect: 'destroy', reason: 'deletes a CI/CD variable' },
    { id: 'variable-write', sub: ['variable', 'var'], effect: 'write', reason: 'sets or updates a CI/CD variable' },
    { id: 'token', sub: ['token create', 'token rotate'], effect: 'read', scope: 'secret', reason: 'prints a GitLab token' },
    { id: 'api-delete', sub: 'api', effect: 'destroy', reason: 'sends a DELETE request to the GitLab API', when: (a) => method(a) === 'DELETE' },
    { id: 'api-write', sub: 'api', effect: 'write', reason: 'sends a request that changes GitLab', when: (a) => method(a) !== 'GET' && method(a) !== 'HEAD' },
    { id: 'api-read', sub: 'api', effect: 'read', reason: 'reads the GitLab API' },
    { id: 'delete', sub: ['* delete', '* remove', 'repo archive --delete'], effect: 'destroy', reason: 'deletes GitLab objects (projects, releases, pipelines, issues)' },
    { id: 'read', sub: ['* list', '* ls', '* view', '* status', '* diff', '* trace', '* search', '* download', 'ci get', 'ci lint', 'repo view',
      'version', 'help', 'check-update', 'completion'], effect: 'read', reason: 'reads GitLab; changes nothing' },
    { id: 'local', sub: ['auth', 'config', 'alias', 'repo clone', 'mr checkout', 'ssh-key list'], effect: 'write', scope: 'local',
      reason: 'changes glab or git on this machine' },
    { id: 'write', effect: 'write', reason: 'changes GitLab (merge requests, issues, pipelines, releases or settings)', when: (a) => a.positionals.length > 0 },
  ],
  targets: (a, inv) => {
    const hints: TargetHint[] = [];
    const scope = a.value('-s', '--scope');
    if (scope && scope !== '*') hints.push({ kind: 'stage', value: scope, source: '--scope (environment scope)' });
    const repo = a.value('-R', '--repo') ?? a.value('-g', '--group');
    if (repo) stageHints(repo, '--repo', hints);
    const host = a.value('--hostname') ?? inv.env.GITLAB_HOST;
    if (host) hints.push({ kind: 'host', value: host.replace(/^https?:\/\//, '').replace(/\/.*$/, '').toLowerCase(), source: 'GitLab host' });
    return hints;
  },
});
