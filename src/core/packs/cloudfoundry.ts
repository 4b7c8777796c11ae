import type { TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { stageHints } from './cloud-common';
import { definePack } from './pack';

/**
 * Cloud Foundry (`cf`, `cf7`, `cf8`). Commands act on the targeted org and space: `cf target -o ORG
 * -s SPACE` (or `cf login … -s SPACE`) selects them for the commands after it on the line; otherwise
 * the space saved in ~/.cf/config.json applies, which the line does not show. An app, service or
 * space named after its stage (`acme-api-prod`, `production`) and the policy's apps name the target.
 */

const spaceSelectors = new Set(['target', 't', 'login', 'l']);

function cfTargets(a: ParsedArgs): TargetHint[] {
  const [verb, operand] = a.positionals;
  const hints: TargetHint[] = [];
  if (verb && spaceSelectors.has(verb)) {
    const space = a.value('-s');
    if (space) hints.push({ kind: 'stage', value: space, source: 'cf space' });
    for (const name of [space, a.value('-o')]) if (name) stageHints(name, 'cf org or space', hints);
    return hints;
  }
  if (operand && verb !== 'curl') {
    // The first operand is the app, service, route or space the command acts on.
    hints.push({ kind: 'app', value: operand, source: 'cf operand' });
    if (verb === 'delete-space' || verb === 'space') hints.push({ kind: 'stage', value: operand, source: 'cf space' });
    stageHints(operand, 'cf operand', hints);
  }
  return hints;
}

const destroys = (a: ParsedArgs): boolean => /^(?:delete|purge)(?:-|$)/.test(a.positionals[0] ?? '');

export const cloudFoundryPack = definePack({
  id: 'cf',
  programs: ['cf', 'cf7', 'cf8'],
  targetKinds: ['app', 'host', 'stage'],
  valueFlags: [
    '-o', '-s', '-a', '-u', '-p', '--origin', '--sso-passcode', '-i', '-m', '-k', '-f', '-b', '-c', '-t', '-d', '--hostname', '-n',
    '--path', '--docker-image', '--docker-username', '--strategy', '--endpoint', '--health-check-type', '--app-start-timeout',
    '--task', '--process', '--var', '--vars-file', '--droplet', '-X', '-H', '--name', '--wait', '--route-path', '--port',
  ],
  ambient: ['stage'],
  readFlags: ['-v', '--version'],
  targets: cfTargets,
  rules: [
    { id: 'select-space', sub: ['target', 't', 'login', 'l'], effect: 'write', scope: 'local', when: (a) => a.has('-s', '-o'),
      reason: 'selects the org and space the commands after it act on',
      sets: (a) => { const space = a.value('-s'); return space ? { stage: space } : undefined; } },
    { id: 'local', sub: ['login', 'l', 'logout', 'lo', 'api', 'auth', 'config', 'install-plugin', 'uninstall-plugin', 'add-plugin-repo'],
      effect: 'write', scope: 'local', reason: 'changes the local cf session, endpoint or plugins' },
    { id: 'delete', sub: undefined, effect: 'destroy', when: destroys,
      reason: 'deletes an app, service, key, route, space or org, and what it held' },
    { id: 'curl-delete', sub: 'curl', effect: 'destroy', when: (a) => /^DELETE$/i.test(a.value('-X') ?? ''), reason: 'calls the Cloud Controller API with DELETE' },
    { id: 'secret', sub: ['env', 'e', 'service-key', 'oauth-token'], effect: 'read', scope: 'secret',
      reason: 'prints credentials: the app\'s environment with its bound services\' passwords (VCAP_SERVICES), a service key, or a token' },
    { id: 'read', sub: ['apps', 'a', 'app', 'logs', 'events', 'services', 's', 'service', 'marketplace', 'm', 'orgs', 'o', 'org', 'spaces',
      'space', 'routes', 'r', 'domains', 'buildpacks', 'stacks', 'stack', 'tasks', 'target', 't', 'version', 'help', 'h', 'service-keys',
      'env-var-groups', 'feature-flags', 'quotas', 'security-groups', 'ssh-enabled', 'space-users', 'org-users', 'curl', 'plugins',
      'app-manifest', 'create-app-manifest', 'revisions', 'droplets', 'packages', 'processes', 'space-ssh-allowed'],
      effect: 'read', when: (a) => a.positionals[0] !== 'curl' || !/^(?:POST|PUT|PATCH|DELETE)$/i.test(a.value('-X') ?? ''),
      reason: 'reads apps, services, spaces or logs; changes nothing' },
    { id: 'curl-write', sub: 'curl', effect: 'write', reason: 'calls the Cloud Controller API to change something' },
  ],
  fallback: { effect: 'write', reason: 'changes apps, services, routes or spaces (push, scale, restart, bind …)' },
});
