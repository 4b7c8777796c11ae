import type { Invocation, TargetHint } from '../model';
import { fusedStageOf, hintsFromAzureId } from '../targets/hints';
import type { ParsedArgs } from './args';
import { flagOn, resourceHints, stageHints, startsWithAny } from './cloud-common';
import { definePack, localWorkUntargeted, type Pack } from './pack';
import { destroy, local, read, secret, type Verdict, write } from './verdict';

/**
 * The Azure CLI: `az <group> [<subgroup>…] <verb> --arg value …`. The command path is the run
 * of words before the first option; its last word is the verb. Targets: `--resource-group`/`-g`,
 * `--subscription`, resource IDs in `--ids`, $AZURE_DEFAULTS_GROUP, and the names of the
 * resources acted on.
 */


/** Options that may come before the command path. */
const leadingValued: ReadonlySet<string> = new Set(['--subscription', '--output', '-o', '--query']);
/** Options whose value this pack reads. Every az argument is an option, so positionals are not needed past the path. */
const valued: ReadonlySet<string> = new Set([
  '-g', '--resource-group', '--subscription', '--defaults', '-n', '--name', '--ids', '--mode', '--delete-destination', '--delete-backup-data', '--item-name', '-c',
  '--container-name', '--account-name', '--vault-name', '-s', '--server', '--slot', '--cluster-name', '--method', '-m',
  '--output', '-o', '--query', '--location', '-l', '--template-file', '-f', '--parameters', '-p', '--source', '--destination',
  '--database-name', '--db-name', '--plan', '--environment', '--url', '--uri', '-u',
]);

const localGroups: Readonly<Record<string, Verdict>> = {
  login: local('login', 'write', 'signs in to Azure on this machine'),
  logout: local('login', 'write', 'signs out of Azure on this machine'),
  configure: local('config', 'write', 'changes the local Azure CLI defaults'),
  config: local('config', 'write', 'changes the local Azure CLI configuration'),
  extension: local('extension', 'write', 'manages local Azure CLI extensions'),
  upgrade: local('upgrade', 'write', 'upgrades the Azure CLI'),
  bicep: local('bicep', 'write', 'builds or installs Bicep locally'),
  cloud: local('cloud', 'write', 'selects the Azure cloud for this machine'),
  init: local('init', 'write', 'sets up the local Azure CLI'),
  interactive: local('interactive', 'write', 'opens the interactive Azure CLI shell'),
  version: local('version', 'read', 'shows the Azure CLI version'),
  find: local('find', 'read', 'searches Azure CLI examples'),
  feedback: local('feedback', 'read', 'opens the Azure CLI feedback form'),
  'self-test': local('self-test', 'read', 'checks the Azure CLI installation'),
  cache: local('cache', 'write', 'manages the local Azure CLI cache'),
  survey: local('survey', 'read', 'Azure CLI survey'),
};

const readVerbs: ReadonlySet<string> = new Set([
  'list', 'show', 'exists', 'query', 'download', 'download-batch', 'tail', 'wait', 'browse', 'what-if', 'validate',
  'url', 'check-name', 'check-name-availability', 'list-locations', 'list-skus', 'list-sizes', 'show-usage', 'logs',
  'top', 'history', 'stats',
]);
const readPrefixes = ['list-', 'show-', 'get-', 'check-'];
const destroyVerbs: ReadonlySet<string> = new Set(['delete', 'delete-batch', 'purge', 'clear', 'flush', 'reimage']);
/** Verbs that print a key, password, token or connection string. */
const secretVerbs: ReadonlySet<string> = new Set([
  'list-keys', 'show-connection-string', 'generate-sas', 'get-access-token', 'list-publishing-profiles',
  'list-publishing-credentials', 'list-connection-strings', 'list-secrets', 'show-secrets', 'get-connection-string',
]);
/** Subgroups whose list/show prints credentials: `storage account keys list`, `acr credential show`. */
const secretGroups: ReadonlySet<string> = new Set([
  'keys', 'key', 'admin-key', 'query-key', 'credential', 'credentials', 'connection-string', 'appsettings',
]);

function verdictFor(path: readonly string[], args: ParsedArgs): Verdict {
  const group = path[0];
  const verb = path[path.length - 1];
  const full = path.join(' ');
  const parent = path[path.length - 2];

  // `az configure --defaults group=X` and `az account set --subscription X` decide where the
  // commands after them on the line act.
  if (group === 'configure') {
    const group = args.values('--defaults').flatMap((v) => v.split(/\s+/)).find((d) => d.startsWith('group='))?.slice(6);
    return group ? { ...localGroups.configure, setsAmbient: { 'azure-resource-group': group } } : localGroups.configure;
  }
  const localGroup = localGroups[group];
  if (localGroup) return localGroup;
  if (group === 'account') {
    if (verb === 'get-access-token') return secret('account.token', 'prints an Azure access token');
    if (verb === 'list' || verb === 'show' || verb === 'list-locations') return local('account.read', 'read', 'shows the local Azure subscriptions');
    const changed = local('account.write', 'write', 'changes the active Azure subscription on this machine');
    const subscription = full === 'account set' ? args.value('--subscription', '-s', '--name', '-n') : undefined;
    return subscription ? { ...changed, setsAmbient: { 'azure-subscription': subscription } } : changed;
  }
  if (full === 'aks get-credentials') return local('aks.get-credentials', 'write', 'writes an AKS cluster into the local kubeconfig');
  if (full === 'acr login') return local('acr.login', 'write', 'logs Docker on this machine in to a container registry');
  if (full === 'aks install-cli') return local('aks.install-cli', 'write', 'installs kubectl on this machine');

  if (full === 'keyvault secret show' || full === 'keyvault secret download') {
    return secret('keyvault.secret', 'reads the value of a Key Vault secret');
  }
  if (secretVerbs.has(verb)) return secret(`${group}.credentials`, `prints credentials (${full})`);
  if (group !== 'keyvault' && parent !== undefined && secretGroups.has(parent) && (verb === 'list' || verb === 'show')) {
    return secret(`${group}.credentials`, `prints keys, credentials or settings that hold secrets (${full})`);
  }

  if (full === 'group delete') return destroy('group.delete', 'deletes a resource group and every resource in it');
  if (group === 'deployment' && verb === 'create' && (args.value('--mode') ?? '').toLowerCase() === 'complete') {
    return destroy('deployment.complete', 'a Complete-mode deployment deletes every resource the template does not list');
  }
  if (full === 'storage blob sync') {
    return (args.value('--delete-destination') ?? 'true').toLowerCase() === 'false'
      ? write('storage.sync', 'syncs files to a blob container')
      : destroy('storage.sync-delete', 'syncs to a blob container and deletes blobs missing from the source (the default)');
  }
  if (full === 'backup protection disable' && (args.value('--delete-backup-data') ?? '').toLowerCase() === 'true') {
    return destroy('backup.delete-data', 'stops protecting an item and deletes its backup data (--delete-backup-data)');
  }
  if (full === 'rest') return restVerdict(args);
  if (verb === 'deallocate') return write(`${group}.deallocate`, 'deallocates VMs (compute is released; disks are kept)');
  if (full === 'vm run-command invoke' || full === 'vm run-command create' || full === 'ssh vm' || verb === 'ssh' || verb === 'exec') {
    return write(`${group}.remote-command`, `runs commands on a remote machine (${full})`);
  }
  if (full === 'storage message clear') return destroy('storage.clear', 'deletes every message in a storage queue');
  if (verb === 'reimage') return destroy(`${group}.reimage`, 'reimages VMs, wiping their OS disks');
  if (verb === 'purge') return destroy(`${group}.purge`, `permanently purges soft-deleted resources (${full})`);
  if (verb === 'delete' && (group === 'vm' || group === 'aks' || group === 'webapp' || group === 'sql' || group === 'storage' ||
    group === 'cosmosdb' || group === 'keyvault' || group === 'postgres' || group === 'mysql' || group === 'redis')) {
    return destroy(`${group}.delete`, `deletes Azure resources (${full})`);
  }

  if (destroyVerbs.has(verb)) return destroy(`${group}.delete`, `deletes Azure resources (${full})`);
  if (readVerbs.has(verb) || startsWithAny(verb, readPrefixes)) return read(`${group}.read`, `reads Azure resources (${full})`);
  if (verb === 'deploy' || full.includes(' deployment source')) return write(`${group}.deploy`, `deploys to Azure (${full})`);
  return write(`${group}.write`, `changes Azure resources (${full})`);
}

/** `az rest` sends any ARM request; its method decides (GET by default). */
function restVerdict(args: ParsedArgs): Verdict {
  const method = (args.value('--method', '-m') ?? 'get').toLowerCase();
  if (method === 'get' || method === 'head' || method === 'options') return read('rest.read', 'sends a read-only Azure REST request');
  if (method === 'delete') return destroy('rest.delete', 'sends an Azure REST DELETE request');
  return write('rest.write', `sends an Azure REST ${method.toUpperCase()} request`);
}

function azureTargets(args: ParsedArgs, inv: Invocation, path: readonly string[]): TargetHint[] {
  const hints: TargetHint[] = [];
  const group = (value: string | undefined, source: string): void => {
    if (!value) return;
    hints.push({ kind: 'azure-resource-group', value, source });
    stageHints(value, source, hints);
  };
  const explicitGroup = args.value('-g', '--resource-group');
  if (explicitGroup) group(explicitGroup, '--resource-group flag');
  else if (inv.env.AZURE_DEFAULTS_GROUP && path[0] !== 'group') group(inv.env.AZURE_DEFAULTS_GROUP, '$AZURE_DEFAULTS_GROUP');
  // `az group delete --name acme-prod-rg`: the group is the resource.
  if (path[0] === 'group') group(args.value('-n', '--name'), '--name flag');
  const subscription = args.value('--subscription');
  if (subscription) {
    hints.push({ kind: 'azure-subscription', value: subscription, source: '--subscription flag' });
    stageHints(subscription, '--subscription flag', hints);
  }
  // `--ids` and the ARM URL of `az rest` carry subscription and resource group.
  const armUrl = args.value('--url', '--uri', '-u');
  // Role assignments and policies name their scope the same way: `--scope /subscriptions/…/resourceGroups/acme-prod-rg`.
  const ids: [string, string][] = [
    ...resourceIds(inv.args).map((id): [string, string] => [id, '--ids']),
    ...(armUrl ? [[armUrl, '--url'] as [string, string]] : []),
    ...['--scope', '--scopes'].flatMap((flag) => args.values(flag).map((id): [string, string] => [id, `${flag} flag`])),
  ];
  for (const [id, source] of ids) {
    const at = id.toLowerCase().indexOf('/subscriptions/');
    if (at >= 0) hints.push(...hintsFromAzureId(id.slice(at), source));
  }
  if (path[0] !== 'group') resourceHints(args.value('-n', '--name'), '--name flag', hints);
  for (const flag of ['--vault-name', '--account-name', '--server', '-s', '--container-name', '-c', '--cluster-name', '--database-name', '--plan', '--environment']) {
    resourceHints(args.value(flag), `${flag} flag`, hints);
  }
  // Storage account and registry names allow only letters and digits, so their stage is run in: `acmeprodstorage`.
  for (const flag of ['--account-name', '--registry', '-r', ...(path[0] === 'acr' || path[0] === 'storage' ? ['--name', '-n'] : [])]) {
    const name = args.value(flag);
    const fused = name ? fusedStageOf(name) : undefined;
    if (fused) hints.push({ kind: 'stage', value: fused, source: `${flag} ${name}` });
  }
  return hints;
}

/** `--ids` takes a space-separated list: every word up to the next option. */
function resourceIds(raw: readonly string[]): string[] {
  const ids: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i].startsWith('--ids=')) ids.push(raw[i].slice(6));
    if (raw[i] !== '--ids') continue;
    for (let j = i + 1; j < raw.length && !raw[j].startsWith('-'); j++) ids.push(raw[j]);
  }
  return ids;
}

function commandPath(raw: readonly string[]): string[] {
  let i = 0;
  while (i < raw.length && raw[i].startsWith('-')) i += leadingValued.has(raw[i]) ? 2 : 1;
  const path: string[] = [];
  for (; i < raw.length && !raw[i].startsWith('-'); i++) path.push(raw[i]);
  return path;
}

/** Every az command is read through here: its group path and verb, not a fixed table, say what it does. */
function classify(args: ParsedArgs, inv: Invocation): Verdict {
  const path = commandPath(inv.args);
  if (path.length === 0) return local('bare', 'read', 'shows Azure CLI usage or version');
  if (args.has('-h') || path.includes('help')) return local('help', 'read', 'shows Azure CLI help');
  if (path.length === 1 && !localGroups[path[0]] && path[0] !== 'rest') return local('bare', 'read', `shows az ${path[0]} usage`);
  const verdict = verdictFor(path, args);
  return flagOn(args, '--dry-run', '--dryrun') && verdict.effect !== 'read' ? read('dry-run', 'a dry run changes nothing') : verdict;
}

export const azurePack: Pack = localWorkUntargeted(definePack({
  id: 'az',
  programs: ['az'],
  valueFlags: [...valued],
  targets: (args, inv) => azureTargets(args, inv, commandPath(inv.args)),
  targetKinds: ['aws-account', 'azure-resource-group', 'azure-subscription', 'resource', 'stage'],
  ambient: ['azure-subscription', 'azure-resource-group'],
  classify,
  rules: [],
}));
