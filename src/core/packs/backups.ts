import type { Effect, Invocation, TargetHint } from '../model';
import type { ParsedArgs } from './args';
import { resourceHints, stageHints } from './cloud-common';
import { stageHintsFromPath } from './iac-hints';
import { kubeconfigOverride, withKubeconfigOverride } from './kubectl';
import { locationOf } from './locations';
import { definePack, localWorkUntargeted, mapFindings, type Pack, type PackSpec } from './pack';
import { secret, type Verdict } from './verdict';

/**
 * Backup tools: restic, borg, kopia, velero, pgBackRest and WAL-G. Deleting backups is the worst destroy there is:
 * it is what turns any other mistake into a loss. Forgetting, pruning and compacting snapshots
 * are destroys of the repository they act on, named by a flag, a positional or the tool's
 * variable (RESTIC_REPOSITORY, BORG_REPO, KOPIA_CONFIG_PATH).
 */

/** What a repository string names: a bucket, a host, a path under an environment's folder, stage words. */
function repositoryHints(value: string | undefined, source: string): TargetHint[] {
  if (!value) return [];
  // Backends prefix the location: `s3:host/bucket/path`, `b2:bucket:path`, `sftp:user@host:/srv`, `rest:https://…`.
  const bare = value.replace(/^(?:s3|b2|gs|azure|swift|sftp|rest|rclone|local|ssh):(?!\/\/)/i, '');
  const hints: TargetHint[] = [...locationOf(bare, source).hints];
  const localPath = /^(?:\/|\.|~)/.test(bare);
  if (bare.includes('/') && !bare.includes('://') && !localPath) {
    const pieces = bare.split(/[/:]/).filter(Boolean);
    for (const piece of pieces.slice(0, 3)) hints.push({ kind: 'resource', value: piece, source });
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(pieces[0] ?? '')) hints.push({ kind: 'host', value: pieces[0].toLowerCase(), source });
  }
  if (localPath) hints.push(...stageHintsFromPath(bare.replace(/::.*$/, ''), source));
  else stageHints(bare, source, hints);
  return hints;
}

/**
 * A repository on this machine's disks (`-r /mnt/usb/restic`) is local work unless its path names
 * an environment (`/mnt/backups/prod`).
 */
function onThisMachine(repository: string | undefined, targets: readonly TargetHint[]): boolean {
  return repository !== undefined && /^(?:\/|\.|~)/.test(repository) && !targets.some((t) => t.kind === 'stage');
}

/** A verdict on the repository, or on this machine when the repository is here. */
const verdict = (rule: string, effect: Effect, reason: string, local: boolean): Verdict => (local ? { rule, effect, reason, scope: 'local' } : { rule, effect, reason });

const backupTargetKinds = ['host', 'kube-context', 'resource', 'stage'];

// ---------------------------------------------------------------------------------------------
// restic

const resticValued = [
  '-r', '--repo', '--repository-file', '-p', '--password-file', '--password-command', '--cache-dir', '--key-hint', '-o', '--option',
  '--limit-upload', '--limit-download', '--tag', '--host', '-H', '--path', '--keep-last', '--keep-hourly', '--keep-daily',
  '--keep-weekly', '--keep-monthly', '--keep-yearly', '--keep-within', '--keep-within-hourly', '--keep-within-daily',
  '--keep-within-weekly', '--keep-within-monthly', '--keep-within-yearly', '--keep-tag', '--group-by', '-g', '--max-unused',
  '--max-repack-size', '--exclude', '-e', '--iexclude', '--exclude-file', '--files-from', '--target', '-t', '--include', '-i',
  '--from-repo', '--from-repository-file', '--from-password-file', '--compression', '--pack-size', '--read-concurrency',
  '--stdin-filename', '--parent', '--time', '--mode', '--tls-client-cert', '--cacert', '--retry-lock', '--exclude-larger-than',
];

/** The repository a restic command acts on, what it names, and whether it is on this machine. */
function resticRepository(a: ParsedArgs, inv: Invocation): { targets: TargetHint[]; here: boolean } {
  const repository = a.value('-r', '--repo') ?? inv.env.RESTIC_REPOSITORY ?? a.value('--repository-file') ?? inv.env.RESTIC_REPOSITORY_FILE;
  const targets = repositoryHints(repository, a.value('-r', '--repo') ? '--repo flag' : '$RESTIC_REPOSITORY');
  return { targets, here: onThisMachine(repository, targets) };
}

function restic(a: ParsedArgs, inv: Invocation): Verdict {
  const [verb, sub] = a.positionals;
  const { here } = resticRepository(a, inv);
  const f = (rule: string, effect: Effect, reason: string, local = false) => verdict(rule, effect, reason, local || here);
  if (a.has('--dry-run', '-n')) return f('dry-run', 'read', 'reports what restic would do; changes nothing');
  switch (verb) {
    case 'forget':
      return f('forget', 'destroy', a.has('--prune') ? 'forgets snapshots and deletes their data from the repository (--prune)' : 'forgets backup snapshots: they can no longer be restored');
    case 'prune': return f('prune', 'destroy', 'deletes the data of forgotten snapshots from the repository');
    case 'key':
      if (sub === 'list') return f('key-list', 'read', 'lists the repository\'s keys');
      if (sub === 'remove') return f('key-remove', 'destroy', 'removes a repository key: whoever held only that key loses the backups');
      return f('key', 'write', 'changes the repository\'s keys');
    case 'snapshots': case 'ls': case 'find': case 'stats': case 'diff': case 'check': case 'list': case 'dump': case 'mount':
      return f('read', 'read', `reads the backup repository (${verb}); changes nothing`);
    case 'cat':
      return sub === 'masterkey' || sub === 'key'
        ? secret('cat-key', 'prints the repository\'s key material')
        : f('read', 'read', 'reads the backup repository (cat); changes nothing');
    case 'restore':
      return f('restore', 'write', 'restores files from a snapshot onto this machine, overwriting what is there', true);
    case 'version': case 'generate': case 'completion': case 'cache': case 'self-update':
      return f('local', verb === 'cache' || verb === 'self-update' ? 'write' : 'read', `restic ${verb} on this machine`, true);
    case 'backup': return f('backup', 'write', 'adds a snapshot to the backup repository');
    case 'init': return f('init', 'write', 'creates a backup repository');
    default: return f('write', 'write', `changes the backup repository (${verb})`);
  }
}

// ---------------------------------------------------------------------------------------------
// borg (1.x positional `REPO::ARCHIVE`, 2.x `-r REPO`)

const borgValued = [
  '-r', '--repo', '--other-repo', '--rsh', '--remote-path', '--upload-ratelimit', '--upload-buffer', '--lock-wait', '-a',
  '--match-archives', '--glob-archives', '-P', '--prefix', '--keep-within', '--keep-last', '--keep-secondly', '--keep-minutely',
  '-H', '--keep-hourly', '-d', '--keep-daily', '-w', '--keep-weekly', '-m', '--keep-monthly', '-y', '--keep-yearly',
  '--keep', '-e', '--exclude', '--exclude-from', '--pattern', '--patterns-from', '-C', '--compression', '--comment',
  '--timestamp', '--chunker-params', '--checkpoint-interval', '--format', '--sort-by', '--first', '--last', '--threshold',
  '--encryption', '--storage-quota', '--strip-components', '--umask', '--files-cache', '--stdin-name', '--paths-from-command',
];

/** The repository a borg command acts on (a flag, a `REPO::ARCHIVE` operand, $BORG_REPO), what it names, and the archive. */
function borgRepository(a: ParsedArgs, inv: Invocation): { targets: TargetHint[]; here: boolean; archive?: string } {
  const rest = a.positionals.slice(1);
  const positionalRepo = rest.find((w) => w.includes('::') || w.includes('/') || w.includes(':'));
  const repository = a.value('-r', '--repo') ?? positionalRepo?.replace(/::[^/]*$/, '') ?? inv.env.BORG_REPO;
  const named = positionalRepo && !positionalRepo.startsWith('::') ? 'repository operand' : a.value('-r', '--repo') ? '--repo flag' : '$BORG_REPO';
  const targets = repositoryHints(repository || inv.env.BORG_REPO, named);
  const archive = positionalRepo?.includes('::') ? positionalRepo.slice(positionalRepo.indexOf('::') + 2) : rest.find((w) => w !== positionalRepo);
  return { targets, here: onThisMachine(repository || inv.env.BORG_REPO, targets), archive };
}

function borg(a: ParsedArgs, inv: Invocation): Verdict {
  const [verb, ...rest] = a.positionals;
  const { here, archive } = borgRepository(a, inv);
  const f = (rule: string, effect: Effect, reason: string, local = false) => verdict(rule, effect, reason, local || here);
  if (a.has('--dry-run', '-n') && verb !== 'rcreate' && verb !== 'init') return f('dry-run', 'read', 'reports what borg would do; changes nothing');
  switch (verb) {
    case 'delete':
      return f('delete', 'destroy', archive || a.has('-a', '--match-archives', '--glob-archives', '-P', '--prefix', '--first', '--last')
        ? 'deletes backup archives' : 'deletes the whole backup repository and every archive in it');
    case 'rdelete': case 'repo-delete': return f('delete-repository', 'destroy', 'deletes the whole backup repository and every archive in it');
    case 'prune': return f('prune', 'destroy', 'deletes the backup archives the keep rules do not keep');
    case 'compact': return f('compact', 'destroy', 'frees the space of deleted archives: they can no longer be recovered');
    case 'recreate': return f('recreate', 'destroy', 'rewrites archives, dropping whatever the new excludes leave out');
    case 'key':
      return rest[0] === 'export' || rest[0] === 'paper'
        ? secret('key-export', 'prints the repository key')
        : f('key', 'write', 'changes the repository key or its passphrase');
    case 'list': case 'rlist': case 'repo-list': case 'info': case 'rinfo': case 'repo-info': case 'diff': case 'mount': case 'umount':
    case 'export-tar': case 'benchmark':
      return f('read', 'read', `reads backup archives (${verb}); changes nothing`);
    case 'check':
      return a.has('--repair') ? f('check-repair', 'destroy', 'repairs the repository, dropping what it cannot recover') : f('read', 'read', 'checks the repository; changes nothing');
    case 'extract': return f('extract', 'write', 'extracts an archive onto this machine, overwriting what is there', true);
    case 'create': return f('create', 'write', 'adds an archive to the backup repository');
    case 'init': case 'rcreate': case 'repo-create': return f('init', 'write', 'creates a backup repository');
    case 'version': case 'completion': return f('local', 'read', `borg ${verb} on this machine`, true);
    default: return f('write', 'write', `changes the backup repository (${verb})`);
  }
}

// ---------------------------------------------------------------------------------------------
// kopia: `repository connect` names the repository for the commands after it on the same line.

const kopiaValued = [
  '--config-file', '--password', '-p', '--bucket', '--prefix', '--endpoint', '--region', '--access-key', '--secret-access-key',
  '--session-token', '--path', '--container', '--storage-account', '--storage-key', '--url', '--server-cert-fingerprint',
  '--keep-latest', '--keep-hourly', '--keep-daily', '--keep-weekly', '--keep-monthly', '--keep-annual', '--description',
  '--tags', '--log-level', '--log-dir', '--cache-directory', '--sftp-host', '--host', '--username', '--keyfile', '--known-hosts',
  '--max-results', '--parallel', '--override-hostname', '--override-username', '--snapshot-time', '--file-log-level',
];

function kopiaTargets(a: ParsedArgs, inv: Invocation): TargetHint[] {
  const targets: TargetHint[] = [];
  const bucket = a.value('--bucket', '--container');
  if (bucket) targets.push(...repositoryHints(bucket, '--bucket flag'));
  for (const flag of ['--path', '--endpoint', '--url', '--host', '--sftp-host']) {
    const value = a.value(flag);
    if (value) targets.push(...repositoryHints(value, `${flag} flag`));
  }
  const config = a.value('--config-file') ?? inv.env.KOPIA_CONFIG_PATH;
  if (config) targets.push(...stageHintsFromPath(config, 'kopia config'));
  return targets;
}

function kopia(a: ParsedArgs, inv: Invocation): Verdict {
  const [group, verb] = a.positionals;
  const f = (rule: string, effect: Effect, reason: string): Verdict => ({ rule, effect, reason });
  const local = (rule: string, effect: Effect, reason: string): Verdict => ({ rule, effect, reason, scope: 'local' });
  const confirmed = a.has('--delete') && a.value('--delete') !== 'false';
  const path = `${group} ${verb ?? ''}`.trim();
  switch (path) {
    case 'repository connect': case 'repo connect': {
      const sets: Record<string, string> = {};
      const targets = kopiaTargets(a, inv);
      const resource = targets.find((t) => t.kind === 'resource');
      const stage = targets.find((t) => t.kind === 'stage');
      if (resource) sets.resource = resource.value;
      if (stage) sets.stage = stage.value;
      return { ...local('repository-connect', 'write', 'connects this machine to a backup repository'), ...(Object.keys(sets).length ? { setsAmbient: sets } : {}) };
    }
    case 'repository disconnect': case 'repo disconnect': return local('repository-disconnect', 'write', 'disconnects this machine from the repository');
    case 'repository create': case 'repo create': return f('repository-create', 'write', 'creates a backup repository');
    case 'repository status': case 'repo status': return f('read', 'read', 'shows the repository; changes nothing');
    case 'repository sync-to': case 'repo sync-to':
      return f('sync-to', confirmed ? 'destroy' : 'write', confirmed ? 'copies the repository and deletes blobs the source lacks (--delete)' : 'copies the repository to another location');
  }
  if (group === 'snapshot' || group === 'snap') {
    if (verb === 'delete' || verb === 'expire') {
      return confirmed ? f(`snapshot-${verb}`, 'destroy', verb === 'delete' ? 'deletes backup snapshots (--delete)' : 'deletes the snapshots the retention policy expires (--delete)')
        : f(`snapshot-${verb}-preview`, 'read', 'lists the snapshots it would delete; without --delete nothing is deleted');
    }
    if (verb === 'list' || verb === 'ls' || verb === 'verify' || verb === 'estimate') return f('read', 'read', `reads snapshots (${verb}); changes nothing`);
    if (verb === 'restore') return local('restore', 'write', 'restores a snapshot onto this machine, overwriting what is there');
    return f('snapshot', 'write', `changes snapshots (snapshot ${verb ?? 'create'})`);
  }
  if (group === 'content' || group === 'blob' || group === 'manifest' || group === 'index') {
    if (verb === 'delete' || verb === 'rm' || (verb === 'gc' && confirmed)) return f(`${group}-delete`, 'destroy', `deletes repository ${group}s: the backups that use them are lost`);
    if (verb === 'list' || verb === 'ls' || verb === 'show' || verb === 'stats' || verb === 'verify' || verb === 'inspect' || verb === 'gc') {
      return f('read', 'read', `reads repository ${group}s (${verb}); changes nothing`);
    }
    return f(group, 'write', `changes repository ${group}s (${verb})`);
  }
  if (group === 'maintenance') {
    if (verb === 'info') return f('read', 'read', 'shows the maintenance schedule; changes nothing');
    if (verb === 'run') return f('maintenance-run', a.has('--full') ? 'destroy' : 'write', a.has('--full') ? 'deletes unreferenced data: deleted snapshots can no longer be recovered' : 'runs quick repository maintenance');
    return f('maintenance', 'write', 'changes the maintenance settings');
  }
  if (group === 'policy') {
    if (verb === 'list' || verb === 'ls' || verb === 'show' || verb === 'get') return f('read', 'read', 'reads snapshot policies; changes nothing');
    return f('policy', 'write', 'changes a snapshot retention policy, which decides what is kept');
  }
  if (group === 'ls' || group === 'show' || group === 'diff' || group === 'list' || group === 'mount' || group === 'logs') return f('read', 'read', `reads the backup repository (${group}); changes nothing`);
  if (group === 'restore') return local('restore', 'write', 'restores a snapshot onto this machine, overwriting what is there');
  if (group === 'cache' || group === 'benchmark' || group === 'completion' || group === 'version') return local('local', group === 'cache' ? 'write' : 'read', `kopia ${group} on this machine`);
  return f('write', 'write', `changes the backup repository (${path})`);
}

// ---------------------------------------------------------------------------------------------
// velero: `velero backup delete` and `velero delete backup` are the same command.

const veleroTable = definePack({
  id: 'velero',
  programs: ['velero'],
  targetKinds: backupTargetKinds,
  valueFlags: [
    '--kubeconfig', '-o', '--output', '--selector', '-l', '--include-namespaces', '--exclude-namespaces', '--include-resources',
    '--exclude-resources', '--ttl', '--from-backup', '--from-schedule', '--schedule', '--storage-location', '--volume-snapshot-locations',
    '--provider', '--bucket', '--prefix', '--backup-location-config', '--snapshot-location-config', '--plugins', '--image',
    '--secret-file', '--namespace-mappings', '--timeout', '--features', '--uploader-type',
  ],
  targetFlags: { '--kubecontext': 'kube-context', '-n': 'namespace', '--namespace': 'namespace' },
  ambient: ['kube-context'],
  rules: [
    { id: 'backup-delete', sub: ['backup delete', 'delete backup', 'delete backups'], effect: 'destroy',
      reason: 'deletes backups and the volume snapshots and files they are made of' },
    { id: 'location-delete', sub: ['backup-location delete', 'snapshot-location delete', 'delete backup-location', 'delete snapshot-location'],
      effect: 'destroy', reason: 'removes a backup storage location and Velero\'s record of the backups in it' },
    { id: 'uninstall', sub: 'uninstall', effect: 'destroy', reason: 'removes Velero and its backup records from the cluster' },
    { id: 'restore', sub: ['restore create', 'create restore'], effect: 'write', reason: 'restores a backup into the cluster, over what is running' },
    { id: 'schedule-delete', sub: ['schedule delete', 'delete schedule', 'delete schedules'], effect: 'destroy',
      reason: 'deletes a backup schedule: no backup is taken from now on (the ones already taken stay)' },
    { id: 'schedule-pause', sub: 'schedule pause', effect: 'write', reason: 'pauses a backup schedule; the backups already taken stay' },
    { id: 'read', sub: ['get', 'describe', 'backup get', 'backup describe', 'backup logs', 'backup download', 'restore get', 'restore describe',
      'restore logs', 'schedule get', 'schedule describe', 'backup-location get', 'snapshot-location get', 'plugin get', 'repo get',
      'version', 'debug', 'completion'], effect: 'read', reason: 'reads Velero backups and settings; changes nothing' },
    { id: 'client', sub: 'client', effect: 'write', scope: 'local', reason: 'changes the local Velero client settings' },
    { id: 'write', sub: ['backup create', 'create', 'schedule', 'backup-location', 'snapshot-location', 'install', 'plugin', 'restore', 'repo', 'backup'],
      effect: 'write', reason: 'changes Velero backups, schedules or locations in the cluster' },
  ],
});

// ---------------------------------------------------------------------------------------------
// pgBackRest: options before or after the command (`pgbackrest --stanza=main expire`); the stanza
// and the repository's bucket or host name the cluster it backs up.

const pgbackrestValued = [
  '--stanza', '--config', '--config-path', '--config-include-path', '--repo', '--set', '--type', '--target', '--target-action',
  '--target-timeline', '--log-level-console', '--log-level-file', '--log-level-stderr', '--log-path', '--lock-path', '--spool-path',
  '--process-max', '--output', '--db-include', '--db-exclude', '--recovery-option', '--annotation', '--buffer-size', '--compress-type',
  '--compress-level', '--archive-timeout', '--protocol-timeout', '--io-timeout', '--db-timeout', '--cmd-ssh', '--filter',
  ...[1, 2, 3, 4].flatMap((n) => [
    `--repo${n}-path`, `--repo${n}-type`, `--repo${n}-host`, `--repo${n}-host-user`, `--repo${n}-s3-bucket`, `--repo${n}-s3-endpoint`,
    `--repo${n}-s3-region`, `--repo${n}-gcs-bucket`, `--repo${n}-azure-container`, `--repo${n}-azure-account`,
    `--repo${n}-retention-full`, `--repo${n}-retention-diff`, `--repo${n}-retention-archive`, `--repo${n}-retention-archive-type`,
    `--pg${n}-path`, `--pg${n}-host`, `--pg${n}-host-user`, `--pg${n}-port`, `--pg${n}-user`, `--pg${n}-database`, `--pg${n}-socket-path`,
  ]),
];

/** Options whose value names where the backups are, as flags (`--repo1-s3-bucket=…`) or variables (`PGBACKREST_REPO1_S3_BUCKET`). */
const pgbackrestLocation = /^(?:stanza|repo\d+-(?:host|s3-bucket|s3-endpoint|gcs-bucket|azure-container|path)|pg\d+-host)$/;

function pgbackrestTargets(_a: ParsedArgs, inv: Invocation): TargetHint[] {
  const hints: TargetHint[] = [];
  const named = (option: string, value: string, source: string) => {
    if (!pgbackrestLocation.test(option) || !value) return;
    hints.push(...locationOf(value, source).hints);
    resourceHints(value, source, hints);
  };
  for (let i = 0; i < inv.args.length; i++) {
    const arg = inv.args[i];
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    const option = (eq < 0 ? arg : arg.slice(0, eq)).slice(2);
    const value = eq < 0 ? inv.args[i + 1] : arg.slice(eq + 1);
    if (value !== undefined) named(option, value, eq < 0 ? `${arg} ${value}` : arg);
  }
  for (const [name, value] of Object.entries(inv.env)) {
    if (name.startsWith('PGBACKREST_')) named(name.slice(11).toLowerCase().replace(/_/g, '-'), value, `$${name}`);
  }
  return hints;
}

const pgbackrestPack = definePack({
  id: 'pgbackrest',
  programs: ['pgbackrest'],
  targetKinds: backupTargetKinds,
  valueFlags: pgbackrestValued,
  readFlags: ['--version'],
  targets: pgbackrestTargets,
  rules: [
    { id: 'expire', sub: 'expire', effect: 'destroy', when: (a) => !a.has('--dry-run'),
      reason: 'expires backups and their archived WAL from the repository: they can no longer be restored' },
    { id: 'stanza-delete', sub: 'stanza-delete', effect: 'destroy', reason: 'deletes the stanza with every backup and all archived WAL in the repository' },
    { id: 'restore', sub: 'restore', effect: 'destroy', reason: 'restores a backup over the PostgreSQL data directory, replacing what is there' },
    { id: 'expire-preview', sub: 'expire', effect: 'read', reason: 'lists what it would expire (--dry-run); nothing is removed' },
    { id: 'read', sub: ['info', 'check', 'verify', 'repo-ls', 'repo-get', 'archive-get', 'help', 'version', 'server-ping'],
      effect: 'read', reason: 'reads the backup repository or checks the configuration; changes nothing' },
    { id: 'stop', sub: 'stop', effect: 'write', reason: 'stops pgBackRest on this stanza: no backup or WAL archiving runs until `start`' },
    { id: 'write', sub: ['backup', 'stanza-create', 'stanza-upgrade', 'archive-push', 'start', 'annotate', 'server', 'repo-put'],
      effect: 'write', reason: 'adds backups or archived WAL to the repository, or changes its stanza' },
  ],
});

// ---------------------------------------------------------------------------------------------
// WAL-G: `delete` only lists what it would remove until `--confirm` is given; where the backups
// are comes from its WALG_*_PREFIX variables or its config file.

const walgPrefixes = ['WALG_S3_PREFIX', 'WALG_GS_PREFIX', 'WALG_AZ_PREFIX', 'WALG_SWIFT_PREFIX', 'WALG_SSH_PREFIX', 'WALG_FILE_PREFIX'];

const walgPack = definePack({
  id: 'wal-g',
  programs: ['wal-g'],
  targetKinds: backupTargetKinds,
  valueFlags: ['--config', '--target-user-data'],
  readFlags: ['--version', '-v'],
  targets: (a, inv) => {
    const hints: TargetHint[] = [];
    for (const name of walgPrefixes) {
      const value = inv.env[name];
      if (value) hints.push(...locationOf(value, `$${name}`).hints);
    }
    const config = a.value('--config');
    if (config) hints.push(...stageHintsFromPath(config, '--config file'));
    return hints;
  },
  rules: [
    { id: 'delete', sub: ['delete', 'st rm', 'st delete'], effect: 'destroy', when: (a) => a.has('--confirm') || a.positionals[0] === 'st',
      reason: 'deletes backups or archived WAL from the backup storage: they can no longer be restored' },
    { id: 'delete-preview', sub: 'delete', effect: 'read', reason: 'lists what it would delete; nothing is deleted without --confirm' },
    { id: 'restore', sub: ['backup-fetch', 'catchup-fetch'], effect: 'write', reason: 'restores a backup into a data directory, replacing what is there' },
    { id: 'read', sub: ['backup-list', 'wal-show', 'wal-verify', 'wal-fetch', 'st ls', 'st cat', 'st check', 'flags', 'version', 'help', 'completion'],
      effect: 'read', reason: 'reads the backup storage; changes nothing' },
    { id: 'write', sub: ['backup-push', 'wal-push', 'wal-receive', 'backup-mark', 'catchup-push', 'copy', 'st put', 'st', 'daemon'],
      effect: 'write', reason: 'adds backups or archived WAL to the backup storage, or changes their marks' },
  ],
});

/**
 * What restic, borg and kopia share: help is a bare call, `help` or `--help`, and work on this
 * machine (a local repository, a restore) names no target.
 */
function repositoryTool(spec: Pick<PackSpec, 'id' | 'programs' | 'valueFlags' | 'ambient' | 'targets' | 'classify'>, helpFlags: readonly string[] = []): Pack {
  return localWorkUntargeted(definePack({
    ...spec,
    targetKinds: backupTargetKinds,
    asksForHelp: (a) => a.positionals.length === 0 || a.positionals[0] === 'help' || a.has('--help', '-h', ...helpFlags),
    rules: [],
  }));
}

const resticPack = repositoryTool({ id: 'restic', programs: ['restic'], valueFlags: resticValued, targets: (a, inv) => resticRepository(a, inv).targets, classify: restic });
const borgPack = repositoryTool({ id: 'borg', programs: ['borg', 'borg2'], valueFlags: borgValued, targets: (a, inv) => borgRepository(a, inv).targets, classify: borg });
const kopiaPack = repositoryTool(
  { id: 'kopia', programs: ['kopia'], valueFlags: kopiaValued, ambient: ['resource', 'stage'], targets: kopiaTargets, classify: kopia },
  ['--help-long'],
);

/** A kubeconfig chosen on the line replaces the ambient context, as it does for kubectl. */
const veleroPack = mapFindings(veleroTable, (f, inv) => withKubeconfigOverride(f, kubeconfigOverride(inv, '--kubeconfig'), inv));

export const backupPacks: readonly Pack[] = [resticPack, borgPack, kopiaPack, veleroPack, pgbackrestPack, walgPack];
