import type { Invocation, TargetHint } from '../model';
import { classifySql } from '../sql/classify';
import { parseArgs, type ParsedArgs } from './args';
import { asksForHelp, flagOn, resourceHints, stageHints, startsWithAny } from './cloud-common';
import { objectStoresOf } from './databaseTargets';
import { definePack, localWorkUntargeted, type Pack } from './pack';
import { destroy, local, read, secret, type Verdict, write } from './verdict';

/**
 * Google Cloud: `gcloud [release track] <group> [<subgroup>…] <verb> [args]`, plus the older
 * storage and BigQuery tools `gsutil` and `bq`. Targets: `--project`, $CLOUDSDK_CORE_PROJECT and,
 * when the command names no project, the active gcloud configuration's project (ambient).
 */


const isBucketUrl = (p: string | undefined): boolean => p !== undefined && p.startsWith('gs://');

/** Project named by a flag or variable; otherwise the ambient gcloud project applies. */
function projectHints(project: string | undefined, source: string, into: TargetHint[]): void {
  if (!project) return;
  into.push({ kind: 'gcp-project', value: project, source });
  stageHints(project, source, into);
}

// ---------------------------------------------------------------------------------------------
// gcloud

/** Flags that take a value and may come before the verb (gcloud-wide flags and common scoping flags). */
const gcloudValued = [
  '--project', '--account', '--billing-project', '--configuration', '--flags-file', '--flatten', '--format',
  '--verbosity', '--impersonate-service-account', '--access-token-file', '--trace-token', '--region', '--zone',
  '--filter', '--limit', '--page-size', '--sort-by', '--location', '--cluster', '--instance', '--secret', '--database',
  '--iam-account', '--service-account', '--service', '--image', '--source', '--platform', '--topic', '--subscription', '--dataset',
  // gcloud storage
  '--content-type', '--cache-control', '--content-disposition', '--content-encoding', '--content-language',
  '--custom-time', '--canned-acl', '--predefined-acl', '-a', '--storage-class', '-s', '--exclude', '-x',
  '--gzip-in-flight', '-j', '--gzip-local', '-z', '--encryption-key', '--decryption-keys', '--manifest-path', '-L',
  '--additional-headers', '--if-generation-match', '--if-metageneration-match', '--content-md5', '--custom-metadata',
];
const releaseTracks: ReadonlySet<string> = new Set(['alpha', 'beta', 'preview']);

/** Top-level commands that are not groups. */
const topLevelLocal: Readonly<Record<string, Verdict>> = {
  init: local('init', 'write', 'sets up the local gcloud configuration'),
  info: local('info', 'read', 'shows local gcloud information'),
  version: local('version', 'read', 'shows the gcloud version'),
  help: local('help', 'read', 'shows gcloud help'),
  topic: local('help', 'read', 'shows gcloud help'),
  'cheat-sheet': local('help', 'read', 'shows gcloud help'),
  feedback: local('feedback', 'read', 'opens the gcloud feedback page'),
  docker: local('docker', 'write', 'runs docker with gcloud credentials'),
  components: local('components', 'write', 'manages local gcloud components'),
  emulators: local('emulators', 'write', 'runs local Google Cloud emulators'),
  meta: local('meta', 'read', 'gcloud internals'),
  survey: local('survey', 'read', 'gcloud survey'),
  interactive: local('interactive', 'write', 'opens the interactive gcloud shell'),
};

const readVerbs: ReadonlySet<string> = new Set([
  'list', 'describe', 'get', 'ls', 'cat', 'du', 'hash', 'read', 'tail', 'browse', 'search', 'lookup', 'validate',
  'wait', 'explain', 'check', 'status', 'print-settings', 'sign-url', 'show', 'diff', 'preview', 'test-iam-permissions',
  'get-iam-policy', 'get-serial-port-output', 'get-screenshot', 'get-guest-attributes', 'get-value', 'get-ancestors',
  'get-ancestors-iam-policy', 'get-effective-org-policy', 'query', 'log', 'tail-serial-port-output',
]);
const readPrefixes = ['list-', 'describe-', 'get-', 'search-', 'analyze-', 'lookup-'];
const destroyVerbs: ReadonlySet<string> = new Set(['delete', 'destroy', 'rm', 'purge', 'restore-backup']);

function gcloudVerdict(path: readonly string[], verbAt: number, args: ParsedArgs): Verdict {
  const group = path[0];
  const verb = path[verbAt];
  const sub = path.slice(0, verbAt).join(' ');
  const full = `${sub} ${verb}`;
  const what = sub || group;

  // Local state: configuration, credentials, kubeconfig.
  if (group === 'config') {
    if (verb === 'list' || verb === 'get' || verb === 'get-value' || verb === 'describe') return local('config.read', 'read', 'shows the local gcloud configuration');
    const changed = local('config.write', 'write', 'changes the local gcloud configuration (active project, account or defaults)');
    // `gcloud config set project acme-prod && gcloud …`: the commands after it act on that project.
    const property = path[verbAt + 1];
    const value = path[verbAt + 2];
    if (verb === 'set' && (property === 'project' || property === 'core/project') && value) return { ...changed, setsAmbient: { 'gcp-project': value } };
    return changed;
  }
  if (group === 'auth') {
    if (verb === 'print-access-token' || verb === 'print-identity-token' || verb === 'print-refresh-token') {
      return secret('auth.token', 'prints a Google Cloud access token');
    }
    if (verb === 'list' || verb === 'describe') return local('auth.read', 'read', 'lists the local gcloud accounts');
    return local('auth.write', 'write', 'changes the local gcloud credentials');
  }
  if (full === 'container clusters get-credentials' || full === 'container fleet memberships get-credentials') {
    return local('container.get-credentials', 'write', 'writes a GKE cluster into the local kubeconfig');
  }
  if (full === 'source repos clone') return local('source.clone', 'write', 'clones a repository to this machine');
  if (full === 'compute config-ssh') return local('compute.config-ssh', 'write', 'writes SSH aliases for VMs into the local SSH config');

  // Secrets and tokens.
  if (full === 'secrets versions access') return secret('secrets.access', 'reads the value of a Secret Manager secret');
  if (full === 'sql generate-login-token') return secret('sql.login-token', 'creates a Cloud SQL login token');
  if (verb === 'reset-windows-password') return secret('compute.windows-password', 'resets and prints a VM Windows password');
  if (full === 'iam service-accounts keys create') {
    return write('iam.keys-create', 'creates a long-lived key for a service account and saves it to a file');
  }

  // Storage.
  if (group === 'storage' && verbAt === 1) return storageVerdict(verb, path.slice(2), args);

  // Verbs whose meaning depends on the group.
  if (full === 'pubsub subscriptions pull') {
    return flagOn(args, '--auto-ack') ? write('pubsub.pull-ack', 'pulls and acknowledges Pub/Sub messages') : read('pubsub.pull', 'reads Pub/Sub messages without acknowledging them');
  }
  if (full === 'pubsub subscriptions seek') return write('pubsub.seek', 'moves a Pub/Sub subscription (messages may be skipped or replayed)');
  if (full === 'sql backups restore') return destroy('sql.restore', 'restores a Cloud SQL backup over an instance, replacing its data');
  if (verb === 'restore-backup') return destroy('sql.restore', 'restores a backup over an instance, replacing its data');
  if (verb === 'reimage') return destroy('reimage', 'reimages a machine, wiping its boot disk');
  if (full === 'compute ssh' || full === 'compute scp' || full === 'cloud-shell ssh' || verb === 'connect') {
    return write(`${group}.remote-shell`, `opens a remote shell or copies files (${full})`);
  }
  if (full === 'logging read' || full === 'logging tail' || (verb === 'tail' && sub.endsWith('logs'))) {
    return read('logging.read', 'reads logs');
  }
  if (full === 'deploy apply') return write('deploy.apply', 'applies a Cloud Deploy configuration');
  if (full === 'projects delete') return destroy('projects.delete', 'shuts down a whole Google Cloud project and everything in it');
  if (full === 'sql instances delete') return destroy('sql.delete-instance', 'deletes a Cloud SQL instance and its data and backups');
  if (full === 'sql databases delete') return destroy('sql.delete-database', 'deletes a Cloud SQL database');
  if (full === 'container clusters delete') return destroy('container.delete-cluster', 'deletes a GKE cluster and its workloads');
  if (full === 'firestore databases delete') return destroy('firestore.delete-database', 'deletes a Firestore database');
  if (full === 'compute instances delete') return destroy('compute.delete-instance', 'deletes Compute Engine VMs (and their auto-delete disks)');
  if (full === 'compute disks delete') return destroy('compute.delete-disk', 'deletes persistent disks and their data');
  if (full === 'compute snapshots delete') return destroy('compute.delete-snapshot', 'deletes disk snapshots (backups)');
  if (full === 'run services delete') return destroy('run.delete-service', 'deletes a Cloud Run service');
  if (full === 'functions delete') return destroy('functions.delete', 'deletes a Cloud Function');
  if (full === 'pubsub topics delete') return destroy('pubsub.delete', 'deletes a Pub/Sub topic');
  if (full === 'secrets versions destroy') return destroy('secrets.destroy', 'destroys a secret version; its value is gone');

  if (destroyVerbs.has(verb)) return destroy(`${group}.delete`, `deletes ${what} resources (${full})`);
  if (readVerbs.has(verb) || startsWithAny(verb, readPrefixes)) return read(`${group}.read`, `reads ${what} (${full})`);
  if (verb === 'deploy') return write(`${group}.deploy`, `deploys to ${what} (${full})`);
  return write(`${group}.write`, `changes ${what} (${full})`);
}

function storageVerdict(verb: string, operands: readonly string[], args: ParsedArgs): Verdict {
  const destination = operands[operands.length - 1];
  const download = operands.length >= 2 && !isBucketUrl(destination) && operands.slice(0, -1).some(isBucketUrl);
  switch (verb) {
    case 'ls':
    case 'cat':
    case 'du':
    case 'hash':
    case 'sign-url':
      return read('storage.read', `reads Cloud Storage (storage ${verb})`);
    case 'rm':
      return destroy('storage.rm', flagOn(args, '--recursive', '-r', '-R') ? 'deletes Cloud Storage objects recursively (a bucket and everything in it)' : 'deletes Cloud Storage objects');
    case 'cp':
      return download ? read('storage.download', 'downloads from Cloud Storage to this machine') : write('storage.cp', 'copies files into Cloud Storage');
    case 'mv':
      return write('storage.mv', 'moves objects into, out of or within Cloud Storage');
    case 'rsync':
      if (download) return read('storage.download', 'syncs from Cloud Storage to this machine');
      if (args.has('--dry-run')) return read('storage.dry-run', 'a dry run changes nothing');
      return flagOn(args, '--delete-unmatched-destination-objects')
        ? destroy('storage.rsync-delete', 'syncs to Cloud Storage and deletes objects missing from the source')
        : write('storage.rsync', 'syncs files to Cloud Storage');
    default:
      return write('storage.write', `changes Cloud Storage (storage ${verb})`);
  }
}

const serviceAccountProject = /@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/;

function gcloudTargets(args: ParsedArgs, inv: Invocation, path: readonly string[], verbAt: number): TargetHint[] {
  const hints: TargetHint[] = [];
  const flagProject = args.value('--project');
  if (flagProject) projectHints(flagProject, '--project flag', hints);
  else if (inv.env.CLOUDSDK_CORE_PROJECT) projectHints(inv.env.CLOUDSDK_CORE_PROJECT, '$CLOUDSDK_CORE_PROJECT', hints);
  const account = args.value('--account') ?? inv.env.CLOUDSDK_CORE_ACCOUNT;
  if (account) hints.push({ kind: 'account', value: account, source: '--account' });
  const configuration = args.value('--configuration') ?? inv.env.CLOUDSDK_ACTIVE_CONFIG_NAME;
  if (configuration) stageHints(configuration, 'gcloud configuration', hints);
  // Service accounts live in a project: `deployer@acme-prod.iam.gserviceaccount.com`.
  for (const account of args.values('--iam-account', '--impersonate-service-account', '--service-account')) {
    const m = serviceAccountProject.exec(account);
    if (m) projectHints(m[1], 'service account', hints);
  }
  // `gcloud projects delete acme-prod`: the operand is a project.
  if (path[0] === 'projects' && verbAt === 1 && path[2]) projectHints(path[2], 'project operand', hints);
  // The resource operand right after the verb (`gcloud sql instances delete orders-prod`).
  const operand = path[verbAt + 1];
  if (operand && !isBucketUrl(operand)) resourceHints(operand, 'operand', hints);
  for (const flag of ['--cluster', '--instance', '--secret', '--database', '--service', '--topic', '--subscription', '--dataset']) {
    resourceHints(args.value(flag), `${flag} flag`, hints);
  }
  return hints;
}

/** The command path without its release track, and where its verb is. */
function commandShape(args: ParsedArgs): { readonly path: readonly string[]; readonly verbAt: number } {
  const path = args.positionals[0] && releaseTracks.has(args.positionals[0]) ? args.positionals.slice(1) : args.positionals;
  let verbAt = -1;
  for (let i = 1; i < path.length; i++) {
    if (isVerb(path[i], path[0])) {
      verbAt = i;
      break;
    }
  }
  return { path, verbAt: verbAt < 0 ? Math.max(path.length - 1, 0) : verbAt };
}

/** Every gcloud command is read through here: its group path and verb, not a fixed table, say what it does. */
function classifyGcloud(args: ParsedArgs): Verdict {
  const { path, verbAt } = commandShape(args);
  if (path.length === 0) return local('bare', 'read', 'shows gcloud usage or version');
  if (asksForHelp(args, path.slice(0, verbAt + 1))) return local('help', 'read', 'shows gcloud help');
  if (path[0] === 'components' && path[1] === 'list') return local('components', 'read', 'lists local gcloud components');
  const top = topLevelLocal[path[0]];
  if (top) return top;
  if (path.length === 1) return local('bare', 'read', `shows gcloud ${path[0]} usage`);
  const verdict = gcloudVerdict(path, verbAt, args);
  // A bucket URL names its bucket; the active project does not decide where `gcloud storage rm gs://…` lands.
  return path[0] === 'storage' && path.some(isBucketUrl) ? { ...verdict, ambient: [] } : verdict;
}

/** Words that end a gcloud command path. A group at position 0 is never the verb (`gcloud deploy releases list`). */
const pathVerbs: ReadonlySet<string> = new Set([
  ...readVerbs, ...destroyVerbs, 'create', 'update', 'deploy', 'set', 'unset', 'patch', 'start', 'stop', 'restart',
  'reset', 'resize', 'restore', 'import', 'export', 'submit', 'execute', 'run', 'publish', 'pull', 'seek', 'enable',
  'disable', 'upgrade', 'migrate', 'rollback', 'promote-replica', 'failover', 'clone', 'cp', 'mv', 'rsync', 'ssh', 'scp',
  'add', 'remove', 'access', 'apply', 'cancel', 'undelete', 'suspend', 'resume', 'login', 'activate', 'attach', 'detach',
  'connect', 'call', 'invoke', 'tail', 'print-access-token', 'print-identity-token', 'get-credentials',
  'generate-login-token', 'reimage', 'config-ssh', 'set-password', 'move', 'abandon', 'approve', 'reject', 'promote',
  'redeploy', 'replace', 'rotate', 'sign', 'encrypt', 'decrypt', 'revoke', 'register', 'unregister',
]);
const verbPrefixes = ['add-', 'remove-', 'set-', 'list-', 'describe-', 'get-', 'update-', 'create-', 'delete-', 'reset-', 'search-', 'analyze-', 'print-'];

function isVerb(word: string, group: string): boolean {
  if (word === 'run' && group === 'run') return false;
  return pathVerbs.has(word) || startsWithAny(word, verbPrefixes);
}

export const gcloudPack: Pack = localWorkUntargeted(definePack({
  id: 'gcloud',
  programs: ['gcloud'],
  valueFlags: gcloudValued,
  targets: (args, inv) => {
    const { path, verbAt } = commandShape(args);
    return gcloudTargets(args, inv, path, verbAt);
  },
  targetKinds: ['account', 'aws-account', 'gcp-project', 'resource', 'stage'],
  ambient: ['gcp-project'],
  // gcloud compute ssh VM --command "cmd": the command runs on that VM.
  carries: [{ sub: ['compute ssh'], command: ['--command'], targetFlags: { '--project': 'gcp-project' }, ambient: 'gcp-project', runsIn: 'compute instance' }],
  classify: classifyGcloud,
  rules: [],
}));

// ---------------------------------------------------------------------------------------------
// gsutil

/** Options before the gsutil command that take a value (`-o Boto:opt=v`, `-h Header:v`, `-u project`, `-i account`). */
const gsutilTopValued: ReadonlySet<string> = new Set(['-o', '-h', '-u', '-i']);
/** Per-command options that take a value; the same letter is a switch in another command (`cp -p`, `mb -p project`). */
const gsutilCommandValued: Readonly<Record<string, ReadonlySet<string>>> = {
  cp: new Set(['-a', '-j', '-z', '-L', '-s']),
  mv: new Set(['-a', '-j', '-z', '-L', '-s']),
  rsync: new Set(['-a', '-j', '-x', '-y']),
  mb: new Set(['-p', '-c', '-l', '-b', '-k', '-s', '--retention', '--pap', '--autoclass', '--rpo', '--placement']),
  ls: new Set(['-p']),
};
const noFlags: ReadonlySet<string> = new Set();

/** The gsutil command after the top-level options, and its arguments read with that command's value options. */
function gsutilCommand(inv: Invocation): { command?: string; args: ParsedArgs } {
  let at = 0;
  while (at < inv.args.length && inv.args[at].startsWith('-')) at += gsutilTopValued.has(inv.args[at]) ? 2 : 1;
  const command = inv.args[at];
  return { command, args: parseArgs(inv.args.slice(at + 1), (command && gsutilCommandValued[command]) || noFlags) };
}

function classifyGsutil(inv: Invocation): Verdict {
  const { command, args } = gsutilCommand(inv);
  const operands = args.positionals;
  const hints: TargetHint[] = [];
  const project = command === 'mb' || command === 'ls' ? args.value('-p') : undefined;
  if (project) projectHints(project, '-p flag', hints);
  const make = (v: Verdict, ambient: readonly string[] = []): Verdict => ({ ...v, targets: hints, ambient });
  if (!command) return make(local('bare', 'read', 'shows gsutil usage'));

  const destination = operands[operands.length - 1];
  const download = operands.length >= 2 && !isBucketUrl(destination) && operands.slice(0, -1).some(isBucketUrl);
  switch (command) {
    case 'ls':
    case 'cat':
    case 'du':
    case 'stat':
    case 'hash':
    case 'signurl':
      return make(read('read', `reads Cloud Storage (gsutil ${command})`));
    case 'rm':
      return make(destroy('rm', args.has('-a')
        ? 'deletes Cloud Storage objects including every archived version'
        : args.has('-r', '-R') ? 'deletes Cloud Storage objects recursively' : 'deletes Cloud Storage objects'));
    case 'rb':
      return make(destroy('rb', 'deletes a Cloud Storage bucket'));
    case 'rsync':
      if (args.has('-n')) return make(read('dry-run', 'a gsutil rsync dry run (-n) changes nothing'));
      if (download) return make(read('download', 'syncs from Cloud Storage to this machine'));
      return make(args.has('-d')
        ? destroy('rsync-delete', 'syncs to Cloud Storage and deletes objects missing from the source (-d)')
        : write('rsync', 'syncs files to Cloud Storage'));
    case 'cp':
      return make(download ? read('download', 'downloads from Cloud Storage to this machine') : write('cp', 'copies files into Cloud Storage'));
    case 'mv':
      return make(write('mv', 'moves objects into, out of or within Cloud Storage'));
    case 'mb':
      return make(write('mb', 'creates a Cloud Storage bucket'), ['gcp-project']);
    case 'config':
      return make(local('config', 'write', 'writes the local gsutil (boto) configuration'));
    case 'update':
      return make(local('update', 'write', 'updates gsutil on this machine'));
    case 'acl':
    case 'defacl':
    case 'iam':
    case 'lifecycle':
    case 'versioning':
    case 'web':
    case 'label':
    case 'logging':
    case 'cors':
    case 'retention':
    case 'bucketpolicyonly':
    case 'ubla':
    case 'pap':
    case 'kms':
    case 'notification':
    case 'requesterpays':
    case 'defstorageclass':
    case 'autoclass':
    case 'rpo':
      return make(operands[0] === 'get' || operands[0] === 'list'
        ? read('read', `reads bucket settings (gsutil ${command} ${operands[0]})`)
        : write('settings', `changes bucket settings (gsutil ${command})`));
    default:
      return make(write('write', `runs gsutil ${command}, treated as a change`));
  }
}

export const gsutilPack = localWorkUntargeted(definePack({
  id: 'gsutil',
  programs: ['gsutil'],
  targetKinds: ['account', 'aws-account', 'gcp-project', 'resource', 'stage'],
  // Which options take a value depends on the command, so the hook reads the words itself.
  asksForHelp(_args, inv) {
    const { command, args } = gsutilCommand(inv);
    return command === 'help' || command === 'version' || command !== undefined && args.has('--help');
  },
  rules: [],
  classify: (_args, inv) => classifyGsutil(inv),
}));

// ---------------------------------------------------------------------------------------------
// bq

/** bq global flags and command flags that take a separate value. bq users usually write `--flag=value`. */
const bqValued = [
  '--project_id', '--dataset_id', '--location', '--format', '--api', '--api_version', '--apilog', '--bigqueryrc',
  '--credential_file', '--job_id', '--destination_table', '--parameter', '--max_rows', '-n', '--source_format',
  '--schema', '--time_partitioning_field', '--clustering_fields', '--description', '--expiration', '--label',
  '--default_table_expiration', '--field_delimiter', '--skip_leading_rows', '--destination_format', '--compression',
  '--query', '--view', '--materialized_view', '--max_results', '--selected_fields', '--start_index', '--job_timeout_ms',
];
/** `project.dataset.table` inside backticks, or `project:dataset.table` operands. */
const bqQualifiedName = /`([a-z][a-z0-9-]{4,28}[a-z0-9])\.[\w-]+\.[\w-]+`/gi;

function bqProjectFromName(name: string, into: TargetHint[]): void {
  const colon = name.indexOf(':');
  if (colon > 0) projectHints(name.slice(0, colon), 'table name', into);
}

function bqTargets(args: ParsedArgs, inv: Invocation): TargetHint[] {
  const hints: TargetHint[] = [];
  projectHints(args.value('--project_id') ?? inv.env.CLOUDSDK_CORE_PROJECT, args.value('--project_id') ? '--project_id flag' : '$CLOUDSDK_CORE_PROJECT', hints);
  for (const operand of args.positionals.slice(1)) bqProjectFromName(operand, hints);
  const destinationTable = args.value('--destination_table');
  if (destinationTable) bqProjectFromName(destinationTable, hints);
  return hints;
}

function classifyBq(args: ParsedArgs, inv: Invocation): Verdict {
  const command = args.positionals[0];
  if (!command) return local('bare', 'read', 'shows bq usage');
  switch (command) {
    case 'ls':
    case 'show':
    case 'head':
    case 'wait':
    case 'get-iam-policy':
      return read('read', `reads BigQuery (bq ${command})`);
    case 'rm':
      return destroy('rm', flagOn(args, '-r', '--recursive')
        ? 'deletes a BigQuery dataset and every table in it'
        : 'deletes a BigQuery table, dataset, view or model');
    case 'mk':
    case 'insert':
    case 'update':
    case 'partition':
    case 'cancel':
    case 'set-iam-policy':
    case 'add-iam-policy-binding':
    case 'remove-iam-policy-binding':
    case 'undelete':
      return write(command === 'mk' ? 'mk' : 'write', `changes BigQuery (bq ${command})`);
    case 'load':
      return flagOn(args, '--replace')
        ? destroy('load-replace', 'loads data into a BigQuery table, replacing what it held')
        : write('load', 'loads data into a BigQuery table');
    case 'cp':
      return flagOn(args, '-f', '--force')
        ? destroy('cp-overwrite', 'copies a BigQuery table over an existing one, replacing its data')
        : write('cp', 'copies a BigQuery table');
    case 'extract':
      return write('extract', 'exports a BigQuery table to Cloud Storage');
    case 'init':
      return local('init', 'write', 'writes the local bq configuration');
    case 'shell':
      return write('shell', 'opens an interactive bq shell');
    case 'query':
      return bqQuery(args, inv);
    default:
      return write('write', `runs bq ${command}, treated as a change`);
  }
}

function bqQuery(args: ParsedArgs, inv: Invocation): Verdict {
  if (flagOn(args, '--dry_run')) return read('query-dry-run', 'a BigQuery dry run only estimates the query');
  const text = args.positionals.slice(1).join(' ') || args.value('--query') || inv.stdin?.text;
  if (text === undefined) return write('query', 'runs a BigQuery query Bulkhead cannot read');
  const hints: TargetHint[] = [];
  for (const m of text.matchAll(bqQualifiedName)) projectHints(m[1], 'table in the query', hints);
  return { ...bqSql(args, text), targets: [...hints, ...objectStoresOf(text)] };
}

function bqSql(args: ParsedArgs, text: string): Verdict {
  const destination = args.value('--destination_table');
  if (destination && flagOn(args, '--replace')) {
    return destroy('query-replace', 'writes query results over a BigQuery table, replacing its data');
  }
  const { effect, reason } = classifySql(text);
  if (effect === 'read' && destination) return write('query-into', 'writes query results into a BigQuery table');
  return { rule: `query-${effect}`, effect, reason: `runs BigQuery SQL: ${reason}` };
}

export const bqPack = localWorkUntargeted(definePack({
  id: 'bq',
  programs: ['bq'],
  targetKinds: ['account', 'aws-account', 'gcp-project', 'resource', 'stage'],
  valueFlags: bqValued,
  ambient: ['gcp-project'],
  asksForHelp: (args) => args.positionals[0] === 'help' || args.positionals[0] === 'version' || args.positionals.length > 0 && args.has('--help'),
  targets: bqTargets,
  rules: [],
  classify: classifyBq,
}));
