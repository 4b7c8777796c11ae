import type { Invocation, TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { definePack } from './pack';
import { deployStageNames, stageOfFileName } from '../targets/stages';

/**
 * The GitHub CLI. What feeds deployments (Actions secrets and variables, workflow runs, merges,
 * releases, repository settings, raw API calls) is `infra`: GitHub is where CI/CD reads them.
 * Collaboration that no environment depends on (opening or commenting on pull requests and
 * issues, gists, labels) is weighed like a `git push`, scope `local`, so agents can do it unasked.
 *
 * Targets: `--repo`/`-R`/$GH_REPO name the repository (resource hints); GitHub deployment
 * environments (`--env production`, `-f environment=production`, `.../environments/production`,
 * a workflow named `deploy-production.yml`) are resolved as environment names.
 */

const environmentKeys = new Set(['environment', 'env', 'stage', 'target', 'environment_name', 'deploy_env', 'deployment_environment']);
const destroyingMutation = /^(?:delete|destroy|purge|drop|erase|wipe)/i;
const graphqlMutation = /\bmutation\b[^{]*\{([\s\S]*)/;
const graphqlFieldCall = /([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(|\{)/g;
const graphqlAlias = /[A-Za-z_][A-Za-z0-9_]*\s*:\s*/g;

const leadingSlashes = /^\/+/;
const pathOrQuery = /[/?]/;

const collaboration = 'local' as const;

export const ghPack = definePack({
  id: 'gh',
  programs: ['gh'],
  targetKinds: ['resource', 'stage'],
  valueFlags: [
    '-b', '--body', '-t', '--title', '-B', '--base', '-H', '--head', '-l', '--label', '-a', '--assignee', '-m', '--milestone',
    '-e', '--env', '-o', '--org', '-f', '--raw-field', '-F', '--field', '-X', '--method', '-q', '--jq', '--template', '-L',
    '--limit', '-s', '--state', '--json', '-A', '--author', '-r', '--repos', '-v', '--visibility', '-S', '--search',
    '--body-file', '--ref', '--hostname', '--input', '--cache', '-p', '--preview', '-c', '--codespace', '--reviewer',
    '--notes', '-n', '--notes-file', '--target', '--subject', '--match-head-commit', '--workflow',
    '--branch', '--event', '--status', '--commit', '--name', '--description', '--homepage', '--app', '--key', '--sort',
    '--order', '--owner', '--topic', '--language', '--created', '--format', '--secret-name', '--dir', '--pattern',
  ],
  targetFlags: { '-R': 'repository', '--repo': 'repository' },
  rules: [
    // Credentials.
    { id: 'auth-token', sub: 'auth token', effect: 'read', scope: 'secret', reason: 'prints the GitHub token gh is logged in with' },
    { id: 'auth-show-token', sub: 'auth status', effect: 'read', scope: 'secret', reason: 'prints the GitHub token (auth status --show-token)',
      when: (a) => a.has('-t', '--show-token') },
    { id: 'auth-status', sub: 'auth status', effect: 'read', reason: 'shows which GitHub accounts gh is logged in to' },
    { id: 'auth', sub: 'auth', effect: 'write', scope: 'local', reason: "changes gh's stored GitHub login on this machine" },

    // Raw API calls: by method, or by the GraphQL mutation they run.
    { id: 'api-graphql-destroy', sub: 'api', effect: 'destroy', reason: 'runs a GitHub GraphQL mutation that deletes data',
      when: (a) => graphql(a) === 'destroy' },
    { id: 'api-graphql-mutation', sub: 'api', effect: 'write', reason: 'runs a GitHub GraphQL mutation', when: (a) => graphql(a) === 'write' },
    { id: 'api-graphql-query', sub: 'api', effect: 'read', reason: 'runs a GitHub GraphQL query', when: (a) => graphql(a) === 'read' },
    { id: 'api-delete', sub: 'api', effect: 'destroy', reason: 'sends a DELETE request to the GitHub API', when: (a) => apiMethod(a) === 'DELETE' },
    { id: 'api-write', sub: 'api', effect: 'write', reason: 'sends a request that changes data through the GitHub API',
      when: (a) => !['GET', 'HEAD', 'OPTIONS'].includes(apiMethod(a)) },
    { id: 'api-read', sub: 'api', effect: 'read', reason: 'reads from the GitHub API' },

    // Repositories.
    { id: 'repo-delete', sub: 'repo delete', effect: 'destroy', reason: 'deletes a GitHub repository with its issues, pull requests, wiki and releases' },
    { id: 'repo-sync-force', sub: 'repo sync', effect: 'destroy', reason: 'gh repo sync --force hard-resets the destination branch, discarding its commits',
      when: (a) => a.has('--force') },
    { id: 'repo-read', sub: ['repo list', 'repo view', 'repo deploy-key list', 'repo autolink list', 'repo autolink view', 'repo gitignore',
      'repo license'], effect: 'read', reason: 'reads repository information' },
    { id: 'repo-local', sub: ['repo clone', 'repo set-default'], effect: 'write', scope: 'local', reason: 'clones a repository or sets the default one, on this machine' },
    { id: 'repo-create', sub: ['repo create', 'repo fork'], effect: 'write', scope: collaboration, reason: 'creates or forks a repository' },
    { id: 'repo', sub: 'repo', effect: 'write', reason: 'changes a GitHub repository (settings, visibility, name, archive state, deploy keys or sync)' },

    // Releases.
    { id: 'release-delete', sub: ['release delete', 'release delete-asset'], effect: 'destroy', reason: 'deletes a release or its assets, which cannot be restored' },
    { id: 'release-read', sub: ['release list', 'release view', 'release download', 'release verify', 'release verify-asset'], effect: 'read',
      reason: 'reads releases' },
    { id: 'release', sub: 'release', effect: 'write', reason: 'publishes or edits a release' },

    // Actions: secrets, variables, workflows, runs, caches.
    { id: 'secret-list', sub: 'secret list', effect: 'read', reason: 'lists Actions secret names (not their values)' },
    { id: 'secret-delete', sub: ['secret delete', 'secret remove'], effect: 'destroy', reason: 'deletes a GitHub Actions secret that workflows and deployments use; its value cannot be read back' },
    { id: 'secret', sub: 'secret', effect: 'write', reason: 'sets a GitHub Actions secret that workflows and deployments use' },
    { id: 'variable-read', sub: ['variable list', 'variable get'], effect: 'read', reason: 'reads Actions variables' },
    { id: 'variable-delete', sub: ['variable delete', 'variable remove'], effect: 'destroy', reason: 'deletes a GitHub Actions variable that workflows and deployments use' },
    { id: 'variable', sub: 'variable', effect: 'write', reason: 'sets a GitHub Actions variable that workflows and deployments use' },
    { id: 'workflow-read', sub: ['workflow list', 'workflow view'], effect: 'read', reason: 'reads workflows' },
    { id: 'workflow', sub: 'workflow', effect: 'write', reason: 'runs, enables or disables a GitHub Actions workflow' },
    { id: 'run-read', sub: ['run list', 'run view', 'run watch', 'run download'], effect: 'read', reason: 'reads workflow runs' },
    { id: 'run-delete', sub: 'run delete', effect: 'destroy', reason: 'deletes a workflow run with its logs and artifacts' },
    { id: 'run', sub: 'run', effect: 'write', reason: 're-runs or cancels a workflow run' },
    { id: 'cache-list', sub: 'cache list', effect: 'read', reason: 'lists Actions caches' },
    { id: 'cache', sub: 'cache', effect: 'write', reason: 'deletes Actions caches (rebuilt by the next run)' },

    // Pull requests and issues.
    { id: 'pr-read', sub: ['pr list', 'pr view', 'pr status', 'pr checks', 'pr diff'], effect: 'read', reason: 'reads pull requests' },
    { id: 'pr-merge', sub: 'pr merge', effect: 'write', reason: 'merges a pull request, which may deploy the target branch' },
    { id: 'pr-checkout', sub: 'pr checkout', effect: 'write', scope: 'local', reason: 'checks out a pull request branch locally' },
    { id: 'pr', sub: 'pr', effect: 'write', scope: collaboration, reason: 'opens, edits, reviews, comments on or closes a pull request' },
    { id: 'issue-read', sub: ['issue list', 'issue view', 'issue status'], effect: 'read', reason: 'reads issues' },
    { id: 'issue-delete', sub: 'issue delete', effect: 'destroy', reason: 'deletes an issue and its discussion for good' },
    { id: 'issue', sub: 'issue', effect: 'write', scope: collaboration, reason: 'opens, edits, comments on or closes an issue' },

    // Other collaboration objects.
    { id: 'gist-read', sub: ['gist list', 'gist view', 'gist clone'], effect: 'read', reason: 'reads gists' },
    { id: 'gist-delete', sub: 'gist delete', effect: 'destroy', reason: 'deletes a gist' },
    { id: 'gist', sub: 'gist', effect: 'write', scope: collaboration, reason: 'creates or edits a gist' },
    { id: 'label-list', sub: 'label list', effect: 'read', reason: 'lists labels' },
    { id: 'label', sub: 'label', effect: 'write', scope: collaboration, reason: 'creates, edits or deletes labels' },
    { id: 'project-read', sub: ['project list', 'project view', 'project field-list', 'project item-list'], effect: 'read', reason: 'reads projects' },
    { id: 'project-delete', sub: 'project delete', effect: 'destroy', reason: 'deletes a GitHub project board' },
    { id: 'project', sub: 'project', effect: 'write', scope: collaboration, reason: 'changes a GitHub project board' },
    { id: 'codespace-read', sub: ['codespace list', 'codespace view', 'codespace logs', 'codespace ports'], effect: 'read', reason: 'reads codespaces' },
    { id: 'codespace-delete', sub: 'codespace delete', effect: 'destroy', reason: 'deletes a codespace and any work not pushed from it' },
    { id: 'codespace', sub: 'codespace', effect: 'write', reason: 'creates, changes or connects to a codespace' },
    { id: 'keys-read', sub: ['ssh-key list', 'gpg-key list'], effect: 'read', reason: 'lists keys' },
    { id: 'keys', sub: ['ssh-key', 'gpg-key'], effect: 'write', reason: 'adds or removes a key that can access GitHub' },

    // gh itself.
    { id: 'local-read', sub: ['config get', 'config list', 'alias list', 'extension list', 'extension search', 'extension browse'],
      effect: 'read', reason: 'reads gh settings' },
    { id: 'local', sub: ['config', 'alias', 'extension'], effect: 'write', scope: 'local', reason: "changes gh's own settings, aliases or extensions" },
    { id: 'read', sub: ['status', 'search', 'browse', 'org list', 'ruleset', 'attestation', 'completion', 'version', 'copilot', 'preview',
      'agent-task list', 'agent-task view'], effect: 'read', reason: 'reads from GitHub' },
  ],
  targets: (a, inv) => targetsOf(a, inv),
});

function apiMethod(a: ParsedArgs): string {
  const explicit = a.value('-X', '--method');
  if (explicit) return explicit.toUpperCase();
  return a.has('-f', '--raw-field', '-F', '--field', '--input') ? 'POST' : 'GET';
}

/** For `gh api graphql`: whether the document is a query, a mutation, or one that deletes. */
function graphql(a: ParsedArgs): 'read' | 'write' | 'destroy' | undefined {
  if (a.positionals[1] !== 'graphql') return undefined;
  const fields = [...a.values('-f', '--raw-field'), ...a.values('-F', '--field')];
  const query = fields.find((f) => f.startsWith('query='))?.slice(6);
  if (query === undefined || query.startsWith('@')) return 'write';
  const mutation = graphqlMutation.exec(query);
  if (!mutation) return 'read';
  const body = mutation[1].replace(graphqlAlias, '');
  for (const m of body.matchAll(graphqlFieldCall)) {
    if (destroyingMutation.test(m[1])) return 'destroy';
  }
  return 'write';
}

function targetsOf(a: ParsedArgs, inv: Invocation): TargetHint[] {
  const hints: TargetHint[] = [];
  const repos = [...a.values('-R', '--repo')];
  if (inv.env.GH_REPO) repos.push(inv.env.GH_REPO);
  // `gh repo delete acme/api`: the repository is the argument.
  if (a.positionals[0] === 'repo' && a.positionals[2]?.includes('/')) repos.push(a.positionals[2]);
  for (const repo of repos) {
    const parts = repo.split('/').filter(Boolean);
    if (parts.length === 3) hints.push({ kind: 'host', value: parts[0].toLowerCase(), source: '--repo host' });
    const name = parts[parts.length - 1];
    if (name) hints.push({ kind: 'resource', value: name, source: '--repo' }, { kind: 'resource', value: parts.slice(-2).join('/'), source: '--repo' });
  }
  if (a.positionals[0] === 'secret' || a.positionals[0] === 'variable') {
    for (const env of a.values('-e', '--env')) if (env) hints.push({ kind: 'stage', value: env, source: 'GitHub environment' });
  }
  for (const field of [...a.values('-f', '--raw-field'), ...a.values('-F', '--field')]) {
    const eq = field.indexOf('=');
    if (eq > 0 && environmentKeys.has(field.slice(0, eq).toLowerCase())) {
      hints.push({ kind: 'stage', value: field.slice(eq + 1), source: `workflow input ${field.slice(0, eq)}` });
    }
  }
  if (a.positionals[0] === 'api') endpointHints(a.positionals[1] ?? '', hints);
  if (a.positionals[0] === 'workflow' && a.positionals[1] === 'run') {
    const workflow = a.positionals[2] ?? '';
    const token = stageOfFileName(workflow, deployStageNames);
    if (token) hints.push({ kind: 'stage', value: token, source: `workflow ${workflow}` });
    const ref = a.value('--ref', '-r');
    if (ref && deployStageNames.has(ref.toLowerCase())) hints.push({ kind: 'stage', value: ref, source: 'workflow --ref' });
  }
  return hints;
}

/** `repos/acme/api/environments/production/secrets/X` names a repository and a deployment environment. */
function endpointHints(endpoint: string, hints: TargetHint[]): void {
  const parts = endpoint.replace(leadingSlashes, '').split(pathOrQuery);
  if (parts[0] === 'repos' && parts[2] && !parts[2].startsWith('{')) {
    hints.push({ kind: 'resource', value: parts[2], source: 'API endpoint' }, { kind: 'resource', value: `${parts[1]}/${parts[2]}`, source: 'API endpoint' });
  }
  const env = parts.indexOf('environments');
  if (env >= 0 && parts[env + 1]) hints.push({ kind: 'stage', value: decodeURIComponent(parts[env + 1]), source: 'API endpoint environment' });
}
