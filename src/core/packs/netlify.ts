import type { Invocation, TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { definePack } from './pack';
import type { Verdict } from './verdict';

/**
 * Netlify CLI (`netlify`, `ntl`). Commands are `topic:command` (`sites:delete`) or spaced.
 * `deploy` makes a draft deploy unless `--prod`/`--prod-if-unlocked`; `--context` names the
 * deploy context of env commands (production, deploy-preview, branch-deploy, dev). The site
 * (`--site`, $NETLIFY_SITE_ID, the id given to `sites:delete`) is an `app` target.
 */

const valueFlags = [
  '-d', '--dir', '-f', '--functions', '-m', '--message', '-a', '--auth', '-s', '--site', '--alias', '--branch', '-b',
  '--context', '--timeout', '--filter', '--scope', '--port', '--command', '-c', '--name', '-n', '--account-slug',
  '--data', '--url', '--payload', '--querystring', '--identity', '--template', '--to', '--from', '--target-port', '--framework',
  '--offline-env', '--git-remote-name', '--git-remote-url', '--id', '--cwd', '--created-via', '--skip-functions-cache',
];

const read = (reason = 'reads Netlify site state, deploys or logs'): Verdict => ({ rule: 'read', effect: 'read', reason });
const local = (reason = 'changes local Netlify settings, or builds and serves the site locally'): Verdict =>
  ({ rule: 'local', effect: 'write', scope: 'local', reason });

const apiRead = /^(?:list|get|show)/i;
const apiDestroy = /^(?:delete|purge|remove)/i;

function verdictFor(topic: string, command: string | undefined, a: ParsedArgs): Verdict {
  switch (topic) {
    case 'deploy':
      return { rule: 'deploy', effect: 'write', reason: production(a) ? 'deploys the site to production' : 'creates a draft deploy of the site' };
    case 'sites':
    case 'site':
      if (command === 'delete') return { rule: 'sites-delete', effect: 'destroy', reason: 'deletes a Netlify site with its deploys, forms and settings' };
      return command === undefined || command === 'list' ? read() : { rule: 'sites', effect: 'write', reason: 'creates or changes a Netlify site' };
    case 'env':
      if (command === 'get') return { rule: 'env-get', effect: 'read', scope: 'secret', reason: 'prints an environment variable\'s value' };
      if (command === 'list') {
        return a.has('--plain', '--json')
          ? { rule: 'env-list', effect: 'read', scope: 'secret', reason: 'prints the site\'s environment variables with their values' }
          : read('lists the site\'s environment variables');
      }
      return { rule: 'env-set', effect: 'write', reason: 'changes the site\'s environment variables' };
    case 'addons':
      if (command === 'delete') return { rule: 'addons-delete', effect: 'destroy', reason: 'deletes a Netlify add-on and its data' };
      return command === undefined || command === 'list' || command === 'auth' ? read() : { rule: 'addons', effect: 'write', reason: 'changes a Netlify add-on' };
    case 'blobs':
      if (command === 'delete') return { rule: 'blobs-delete', effect: 'destroy', reason: 'deletes objects from Netlify Blobs' };
      return command === 'set' ? { rule: 'blobs-set', effect: 'write', reason: 'writes an object to Netlify Blobs' } : read();
    case 'api': {
      const method = a.positionals[1] ?? '';
      if (apiDestroy.test(method)) return { rule: 'api-delete', effect: 'destroy', reason: `calls the Netlify API method ${method}` };
      if (apiRead.test(method) || method === '' || a.has('--list')) return read(`calls the Netlify API method ${method || '(list)'}`);
      return { rule: 'api', effect: 'write', reason: `calls the Netlify API method ${method}` };
    }
    case 'functions':
      if (command === 'list') return read();
      return local('creates, builds, serves or invokes functions locally');
    case 'logs':
    case 'status':
    case 'open':
    case 'watch':
    case 'help':
    case 'completion':
    case 'recipes':
      return read();
    case 'login':
    case 'logout':
    case 'link':
    case 'unlink':
    case 'switch':
    case 'init':
    case 'dev':
    case 'build':
    case 'serve':
    case 'lm':
    case 'clone':
    case 'integration':
      return local();
    default:
      return { rule: 'unrecognised', effect: 'write', reason: `runs netlify ${topic}, a command Bulkhead does not know, so it is treated as a change` };
  }
}

const production = (a: ParsedArgs): boolean => a.has('--prod', '-p', '--prod-if-unlocked');

function targetsOf(topic: string, command: string | undefined, a: ParsedArgs, inv: Invocation, rest: readonly string[]): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const value of a.values('-s', '--site')) if (value) hints.push({ kind: 'app', value, source: '--site flag' });
  if (!a.has('-s', '--site') && inv.env.NETLIFY_SITE_ID) hints.push({ kind: 'app', value: inv.env.NETLIFY_SITE_ID, source: '$NETLIFY_SITE_ID' });
  if (topic === 'deploy' && production(a)) hints.push({ kind: 'stage', value: 'production', source: 'deploy --prod' });
  if (topic === 'env') {
    for (const value of a.values('--context')) if (value) hints.push({ kind: 'stage', value, source: '--context flag' });
  }
  if ((topic === 'sites' || topic === 'site') && command === 'delete') {
    for (const id of rest) hints.push({ kind: 'app', value: id, source: 'site being deleted' });
  }
  return hints;
}

/** `sites:delete ID` and `sites delete ID` are one command: the topic, its command, and the words after them. */
function shapeOf(a: ParsedArgs): { topic: string; command?: string; rest: readonly string[] } {
  const first = a.positionals[0] ?? '';
  const colon = first.indexOf(':');
  return colon > 0
    ? { topic: first.slice(0, colon), command: first.slice(colon + 1), rest: a.positionals.slice(1) }
    : { topic: first, command: a.positionals[1], rest: a.positionals.slice(2) };
}

export const netlifyPack = definePack({
  id: 'netlify',
  programs: ['netlify', 'ntl'],
  packages: ['netlify-cli'],
  targetKinds: ['app', 'stage'],
  valueFlags,
  asksForHelp: (a) => a.has('--help', '-h') || a.positionals.length === 0,
  targets(a, inv) {
    const { topic, command, rest } = shapeOf(a);
    return targetsOf(topic, command, a, inv, rest);
  },
  rules: [],
  classify(a) {
    const { topic, command } = shapeOf(a);
    return verdictFor(topic, command, a);
  },
});
