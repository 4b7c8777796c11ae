import type { Invocation, TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { definePack } from './pack';
import type { Verdict } from './verdict';

/**
 * Vercel CLI (`vercel`, `vc`). A bare `vercel` (or `vercel <dir>`) deploys a preview;
 * `--prod` or `--target production` deploys to production, as do `promote` and `rollback`.
 * Project names are `app` targets; `--scope`, $VERCEL_ORG_ID and $VERCEL_PROJECT_ID are
 * resource hints.
 *
 * Decisions: `env pull` and `pull` write an environment's variables into a local file. The
 * Development variables are meant for this machine (a local read); Preview and Production ones
 * are that environment's secrets. `remove` deletes deployments or a whole project and `domains rm`
 * drops a domain with its DNS records: both destroy.
 */

const valueFlags = [
  '--cwd', '-A', '--local-config', '-Q', '--global-config', '-S', '--scope', '-t', '--token', '--team', '-e', '--env',
  '-b', '--build-env', '-m', '--meta', '--regions', '--target', '--archive', '--environment', '--git-branch', '-o', '--output',
  '--timeout', '--limit', '--listen', '-l', '--project', '--repo', '--status', '-p', '--policy', '--next', '-N', '--crt',
  '--key', '--ca', '--rw-token', '--store', '--content-type', '--cache-control-max-age', '--since', '--until', '--level',
  '--source', '--query', '--deployment', '--format', '-F', '--value', '--reason',
];

const commandWords = new Set([
  'deploy', 'remove', 'rm', 'env', 'pull', 'alias', 'aliases', 'ln', 'domains', 'domain', 'dns', 'certs', 'cert', 'promote',
  'rollback', 'redeploy', 'list', 'ls', 'inspect', 'logs', 'log', 'whoami', 'help', 'projects', 'project', 'teams', 'team',
  'switch', 'login', 'logout', 'link', 'unlink', 'init', 'dev', 'develop', 'build', 'bisect', 'git', 'integration',
  'integration-resource', 'blob', 'cache', 'secrets', 'secret', 'target', 'targets', 'telemetry', 'install', 'i', 'open',
  'curl', 'httpstat', 'mcp', 'microfrontends', 'mf', 'flags', 'upgrade', 'guidance', 'api', 'webhooks', 'agent',
]);

const read = (reason = 'reads Vercel project state, deployments or logs'): Verdict => ({ rule: 'read', effect: 'read', reason });
const local = (reason: string): Verdict => ({ rule: 'local', effect: 'write', scope: 'local', reason });

function deployTargetProduction(a: ParsedArgs): boolean {
  return a.has('--prod') || a.value('--target') === 'production';
}

function verdictFor(command: string, sub: string | undefined, a: ParsedArgs): Verdict {
  switch (command) {
    case 'deploy':
      return { rule: 'deploy', effect: 'write', reason: deployTargetProduction(a) ? 'deploys to production' : 'creates a Vercel deployment' };
    case 'remove':
    case 'rm':
      return { rule: 'remove', effect: 'destroy', reason: a.has('-s', '--safe')
        ? 'removes Vercel deployments'
        : 'removes Vercel deployments, or a whole project when given its name' };
    case 'env':
      if (sub === 'pull') return pullVerdict(a);
      if (sub === 'ls' || sub === 'list' || sub === undefined) return read('lists the names of a project\'s environment variables');
      return { rule: 'env-change', effect: 'write', reason: 'changes a project\'s environment variables' };
    case 'pull':
      return pullVerdict(a);
    case 'alias':
    case 'aliases':
    case 'ln':
      return sub === 'ls' || sub === 'list' ? read() : { rule: 'alias', effect: 'write', reason: 'points a domain at another deployment' };
    case 'domains':
    case 'domain':
      if (sub === 'rm' || sub === 'remove') return { rule: 'domain-remove', effect: 'destroy', reason: 'removes a domain and its DNS records from Vercel' };
      return sub === undefined || sub === 'ls' || sub === 'list' || sub === 'inspect' ? read() : { rule: 'domain', effect: 'write', reason: 'changes a Vercel domain' };
    case 'dns':
    case 'certs':
    case 'cert':
      return sub === undefined || sub === 'ls' || sub === 'list' ? read() : { rule: 'dns', effect: 'write', reason: 'changes DNS records or certificates' };
    case 'promote':
      return { rule: 'promote', effect: 'write', reason: 'promotes a deployment to production' };
    case 'rollback':
      return sub === 'status' ? read() : { rule: 'rollback', effect: 'write', reason: 'rolls production back to an earlier deployment' };
    case 'redeploy':
      return { rule: 'redeploy', effect: 'write', reason: 'rebuilds and redeploys a deployment' };
    case 'projects':
    case 'project':
      if (sub === 'rm' || sub === 'remove') return { rule: 'project-remove', effect: 'destroy', reason: 'deletes a Vercel project with all its deployments' };
      return sub === undefined || sub === 'ls' || sub === 'list' || sub === 'inspect' ? read() : { rule: 'project', effect: 'write', reason: 'changes a Vercel project' };
    case 'blob':
      if (sub === 'del' || sub === 'rm' || sub === 'delete' || sub === 'remove') return { rule: 'blob-delete', effect: 'destroy', reason: 'deletes files from Vercel Blob storage' };
      if (sub === 'store') {
        const verb = a.positionals[2];
        if (verb === 'remove' || verb === 'rm' || verb === 'delete') return { rule: 'blob-store-remove', effect: 'destroy', reason: 'deletes a Vercel Blob store and its files' };
        return verb === 'get' || verb === 'list' || verb === 'ls' ? read() : { rule: 'blob', effect: 'write', reason: 'changes Vercel Blob storage' };
      }
      return sub === 'list' || sub === 'ls' ? read() : { rule: 'blob', effect: 'write', reason: 'uploads or copies files in Vercel Blob storage' };
    case 'teams':
    case 'team':
    case 'secrets':
    case 'secret':
    case 'target':
    case 'targets':
    case 'integration':
    case 'webhooks':
    case 'flags':
    case 'microfrontends':
    case 'mf':
      return sub === undefined || sub === 'ls' || sub === 'list' || sub === 'inspect' ? read() : { rule: 'account', effect: 'write', reason: `changes Vercel ${command}` };
    case 'list':
    case 'ls':
    case 'inspect':
    case 'logs':
    case 'log':
    case 'whoami':
    case 'help':
    case 'bisect':
    case 'open':
    case 'curl':
    case 'httpstat':
    case 'guidance':
      return read();
    case 'cache':
    case 'git':
    case 'integration-resource':
      return { rule: 'project-settings', effect: 'write', reason: `changes Vercel ${command} settings` };
    case 'switch':
    case 'login':
    case 'logout':
    case 'link':
    case 'unlink':
    case 'init':
    case 'dev':
    case 'develop':
    case 'build':
    case 'telemetry':
    case 'install':
    case 'i':
    case 'mcp':
    case 'upgrade':
      return local('changes local Vercel settings, or builds and runs the project locally');
    default:
      return { rule: 'unrecognised', effect: 'write', reason: `runs vercel ${command}, a command Bulkhead does not know, so it is treated as a change` };
  }
}

function pullVerdict(a: ParsedArgs): Verdict {
  const environment = a.value('--environment') ?? 'development';
  if (environment === 'development') {
    return { rule: 'env-pull-development', effect: 'read', scope: 'local', reason: 'writes the Development environment variables into a local file' };
  }
  return { rule: 'env-pull', effect: 'read', scope: 'secret', reason: `downloads the ${environment} environment variables (secrets) into a local file` };
}

const stageOfEnvironment = (value: string): TargetHint => ({ kind: 'stage', value, source: 'Vercel environment' });

function targetsOf(command: string, a: ParsedArgs, inv: Invocation): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const value of a.values('-S', '--scope', '--team')) if (value) hints.push({ kind: 'resource', value, source: '--scope flag' });
  if (inv.env.VERCEL_ORG_ID) hints.push({ kind: 'resource', value: inv.env.VERCEL_ORG_ID, source: '$VERCEL_ORG_ID' });
  if (inv.env.VERCEL_PROJECT_ID) hints.push({ kind: 'resource', value: inv.env.VERCEL_PROJECT_ID, source: '$VERCEL_PROJECT_ID' });
  for (const value of a.values('--project')) if (value) hints.push({ kind: 'app', value, source: '--project flag' });
  const sub = a.positionals[1];
  switch (command) {
    case 'deploy':
    case 'redeploy':
      if (deployTargetProduction(a)) hints.push(stageOfEnvironment('production'));
      else if (a.value('--target')) hints.push(stageOfEnvironment(a.value('--target') as string));
      break;
    case 'promote':
    case 'rollback':
      hints.push({ kind: 'stage', value: 'production', source: `vercel ${command}` });
      break;
    case 'env':
      // `vercel env add NAME production`, `vercel env rm NAME preview`.
      if (sub && sub !== 'pull' && sub !== 'ls' && sub !== 'list' && a.positionals[3]) hints.push(stageOfEnvironment(a.positionals[3]));
      if (sub === 'ls' && a.positionals[2]) hints.push(stageOfEnvironment(a.positionals[2]));
      if (sub === 'pull' && a.value('--environment')) hints.push(stageOfEnvironment(a.value('--environment') as string));
      break;
    case 'pull':
      if (a.value('--environment')) hints.push(stageOfEnvironment(a.value('--environment') as string));
      break;
    case 'remove':
    case 'rm':
      for (const name of a.positionals.slice(1)) if (!name.includes('.')) hints.push({ kind: 'app', value: name, source: 'project being removed' });
      break;
    case 'project':
    case 'projects':
      if ((sub === 'rm' || sub === 'remove') && a.positionals[2]) hints.push({ kind: 'app', value: a.positionals[2], source: 'project being removed' });
      break;
  }
  return hints;
}

/** Anything that is not a command is the path to deploy: `vercel`, `vercel ./dist --prod`. */
const commandOf = (a: ParsedArgs): string => (a.positionals[0] !== undefined && commandWords.has(a.positionals[0]) ? a.positionals[0] : 'deploy');

export const vercelPack = definePack({
  id: 'vercel',
  programs: ['vercel', 'vc'],
  targetKinds: ['app', 'resource', 'stage'],
  valueFlags,
  asksForHelp: (a) => a.has('--help', '-h') || a.has('--version', '-v') && a.positionals.length === 0,
  targets: (a, inv) => targetsOf(commandOf(a), a, inv),
  rules: [],
  classify(a) {
    const command = commandOf(a);
    return verdictFor(command, command === a.positionals[0] ? a.positionals[1] : undefined, a);
  },
});
