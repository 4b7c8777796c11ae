import type { Invocation, TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { stageHints } from './cloud-common';
import { definePack } from './pack';
import type { Verdict } from './verdict';

/**
 * Fastly CLI (`fastly`). Commands are a path of nouns and a verb (`service backend create`, and the
 * older top-level spellings the CLI still accepts: `backend create`, `service-version activate`,
 * `purge`). The service is `--service-id`/`-s`, `--service-name` or $FASTLY_SERVICE_ID, an `app`
 * target, and a service name that carries a stage (`acme-www-prod`) names it. FASTLY_API_TOKEN
 * (or `--token`) is the credential.
 *
 * Decisions worth knowing:
 * - A service's configuration (backends, domains, VCL, logging, dictionaries, ACLs…) lives in
 *   versions: creating, changing or deleting it edits a draft version (`--autoclone` clones the
 *   active one first), which is a write until `service version activate` puts it live, a write too.
 * - What lives outside versions and holds data destroys when deleted: the service itself, KV,
 *   config and secret stores and their entries, dictionary entries, DNS zones, TLS keys and
 *   certificates, NGWAF workspaces. A delete of a kind not listed destroys as well.
 * - `purge --all` empties the service's whole cache (every request then falls to the origin): a
 *   destroy; purging one URL or surrogate key is a write.
 * - `auth token` and `profile token` print the API token: a secret read.
 */

const globalValueFlags = ['-t', '--token', '-o', '--profile', '--account', '--api', '--endpoint', '-s', '--service-id', '--service-name', '--version'];

/** Nouns whose configuration belongs to a service version: their deletes edit a draft. */
const versioned = new Set([
  'backend', 'domain', 'healthcheck', 'acl', 'dictionary', 'logging', 'vcl', 'condition', 'custom', 'snippet', 'rate-limit',
  'resource-link', 'imageoptimizer', 'imageoptimizerdefaults',
]);
/** Where a delete loses data that no version keeps. */
const keepsData = new Set([
  'service', 'kv-store', 'kv-store-entry', 'config-store', 'config-store-entry', 'secret-store', 'secret-store-entry',
  'dictionary-entry', 'zone', 'private-key', 'certificate', 'tls-platform', 'workspace', 'object-storage', 'access-keys',
]);
const readVerbs = new Set([
  'list', 'describe', 'get', 'search', 'validate', 'history', 'lookup', 'list-entries', 'list-acls', 'list-services',
  'list-types', 'list-event-types', 'list-scope-types', 'retrieve', 'status', 'suggest', 'show', 'list-access-keys',
]);
const deleteVerbs = new Set(['delete', 'remove']);

const read = (reason = 'reads Fastly services, configuration or statistics'): Verdict => ({ rule: 'read', effect: 'read', reason });
const write = (rule: string, reason: string): Verdict => ({ rule, effect: 'write', reason });
const local = (reason: string): Verdict => ({ rule: 'local', effect: 'write', scope: 'local', reason });

/** The command path: `service version activate` for both it and `service-version activate`. */
function pathOf(a: ParsedArgs): string[] {
  const words = [...a.positionals];
  if (words[0] === 'service-version') words.splice(0, 1, 'service', 'version');
  if (words[0] === 'purge') words.splice(0, 1, 'service', 'purge');
  return words;
}

function verdictFor(a: ParsedArgs): Verdict {
  const path = pathOf(a);
  const [first, second] = path;
  if (first === undefined) return read('shows the Fastly CLI help');
  switch (first) {
    case 'whoami': case 'version': case 'pops': case 'ip-list': case 'stats': case 'log-tail': case 'help': case 'config':
      return read();
    case 'products':
      return a.has('--enable', '--disable') ? write('products', 'enables or disables a Fastly product on a service') : read();
    case 'update': case 'shellcomplete': case 'install': case 'sso':
      return local('updates or configures the Fastly CLI on this machine');
    case 'profile':
      return second === 'token' ? { rule: 'token', effect: 'read', scope: 'secret', reason: 'prints a Fastly API token' } : local('changes the Fastly CLI profiles on this machine');
    case 'auth':
      if (second === 'token') return { rule: 'token', effect: 'read', scope: 'secret', reason: 'prints a Fastly API token' };
      if (second === 'revoke') return write('auth-revoke', 'revokes a Fastly API token');
      return second === 'list' || second === 'show' ? read('lists the Fastly tokens saved on this machine') : local('changes the Fastly tokens saved on this machine');
    case 'compute':
      return compute(second);
  }
  if (first === 'service' && second === 'purge') {
    return a.has('--all')
      ? { rule: 'purge-all', effect: 'destroy', reason: 'purges everything from the service\'s cache, so every request goes to the origin until it refills' }
      : write('purge', 'purges URLs or surrogate keys from the service\'s cache');
  }
  if (first === 'service' && second === 'version') return serviceVersion(path[2]);
  const verb = path.find((word) => readVerbs.has(word) || deleteVerbs.has(word) || word === 'create' || word === 'add' || word === 'update'
    || word === 'insert' || word === 'upload' || word === 'enable' || word === 'disable' || word === 'link' || word === 'confirm' || word.startsWith('rotate'));
  if (verb === undefined) return path.length === 1 ? read() : write('unrecognised', `runs fastly ${path.join(' ')}, a command Bulkhead does not know, so it is treated as a change`);
  if (readVerbs.has(verb)) return read();
  const nouns = path.slice(0, path.indexOf(verb));
  const noun = nouns[nouns.length - 1] ?? first;
  if (!deleteVerbs.has(verb)) return write('change', `changes Fastly configuration (${nouns.join(' ')} ${verb})`);
  if (noun === 'service') {
    return { rule: 'service-delete', effect: 'destroy', reason: `deletes a Fastly service with all its versions and configuration${a.has('--force', '-f') ? ', even while it serves traffic' : ''}` };
  }
  if (versioned.has(noun) || nouns.includes('logging') || nouns.includes('vcl')) {
    return write('version-change', `removes a ${noun} from a draft version of the service; it goes live only when that version is activated`);
  }
  return { rule: 'delete', effect: 'destroy', reason: keepsData.has(noun) ? `deletes a Fastly ${noun} and what it holds` : `deletes a Fastly ${nouns.join(' ')}` };
}

function serviceVersion(verb: string | undefined): Verdict {
  switch (verb) {
    case undefined: case 'list': case 'validate':
      return read('lists or validates the service\'s versions');
    case 'activate':
      return write('version-activate', 'activates a service version, putting its configuration live');
    case 'deactivate':
      return write('version-deactivate', 'deactivates a service version; the service stops serving it');
    case 'stage': case 'unstage':
      return write('version-stage', 'puts a service version on (or off) Fastly\'s staging network');
    default:
      return write('version-change', `changes a service version (${verb})`);
  }
}

function compute(verb: string | undefined): Verdict {
  switch (verb) {
    case 'deploy': case 'publish':
      return write('compute-deploy', 'uploads a Compute package to the service and activates it');
    case 'update':
      return write('compute-update', 'uploads a Compute package to a service version');
    case 'acl':
      return write('compute-acl', 'changes a Compute ACL');
    case 'build': case 'init': case 'pack': case 'serve': case 'install-tools': case 'hash-files': case 'metadata': case 'validate': case undefined:
      return local('builds, serves or checks a Compute package on this machine');
    default:
      return write('unrecognised', `runs fastly compute ${verb}, a command Bulkhead does not know, so it is treated as a change`);
  }
}

function targetsOf(a: ParsedArgs, inv: Invocation): TargetHint[] {
  const hints: TargetHint[] = [];
  const services = [...a.values('-s', '--service-id'), ...a.values('--service-name')].filter(Boolean);
  for (const value of services) {
    hints.push({ kind: 'app', value, source: 'service' });
    stageHints(value, 'service', hints);
  }
  if (services.length === 0 && inv.env.FASTLY_SERVICE_ID) hints.push({ kind: 'app', value: inv.env.FASTLY_SERVICE_ID, source: '$FASTLY_SERVICE_ID' });
  for (const value of a.values('--name', '-n')) if (pathOf(a)[0] === 'service') stageHints(value, 'name', hints);
  // The CLI has no such flag and refuses the line, but the stage it names is what the author meant.
  for (const value of a.values('--env', '--environment', '--stage')) stageHints(value, 'stage flag', hints);
  return hints;
}

export const fastlyPack = definePack({
  id: 'fastly',
  programs: ['fastly'],
  targetKinds: ['app', 'stage'],
  valueFlags: [
    ...globalValueFlags, '-n', '--name', '--id', '--store-id', '--key', '--value', '--file', '--url', '--comment', '--address',
    '--port', '--domain', '--new-name', '--dictionary-id', '--acl-id', '--item-key', '--item-value', '--type', '--content',
    '--dir', '--package', '--package-name', '--language', '--from', '--to', '--by', '--region', '--format', '--env', '--environment',
    '--stage',
  ],
  asksForHelp: (a) => a.has('--help', '-h') || a.positionals[0] === 'help',
  targets: targetsOf,
  rules: [],
  classify: verdictFor,
});
