import type { Effect, Invocation, TargetHint } from '../model';
import { namedLikeSecret } from '../secretNames';
import { parseArgs, type ParsedArgs } from './args';
import { stageHintsFromName } from './iac-hints';
import { locationOf } from './locations';
import { definePack, type Pack, type PackSpec } from './pack';
import { local, secret, type Verdict } from './verdict';

/**
 * Object storage and sync tools: rclone, s3cmd, s5cmd, mc (MinIO), azcopy and rsync. What they
 * change is their destination: a copy onto a bucket or host is a write there, a sync that deletes
 * what the source lacks is a destroy there, and a copy down to this machine only reads the remote.
 * Targets are the buckets, remotes, hosts and URLs their operands name.
 */

/** What a command does, before where it lands is known. */
type Action = Pick<Verdict, 'rule' | 'effect' | 'reason'>;

/** A command that acts on every operand it names (delete, list, make a bucket). */
function onOperands(action: Action, operands: readonly string[]): Verdict {
  const hints: TargetHint[] = [];
  let remote = false;
  for (const operand of operands) {
    const where = locationOf(operand, 'operand');
    if (where.remote) remote = true;
    hints.push(...where.hints);
  }
  if (!remote) return local(`${action.rule}-local`, action.effect, `${action.reason} (on this machine)`);
  return { ...action, scope: 'infra', targets: hints };
}

/**
 * A transfer from sources to the last operand. Onto a remote it is the action there, the sources
 * only read; down to this machine it is the same action on local files.
 */
function transfer(action: Action, operands: readonly string[], remoteOperand: (v: string) => boolean = (v) => locationOf(v, '').remote): Verdict {
  const destination = operands[operands.length - 1];
  const sources = operands.slice(0, -1);
  if (destination === undefined) return { ...action, scope: 'infra' };
  const downloaded = sources.filter(remoteOperand);
  const secretFile = downloaded.find(namedLikeSecret);
  if (remoteOperand(destination)) {
    // Host to host (`scp -3 prod:/etc/app/prod.env stg:/tmp/`): the secret is read where it was.
    if (secretFile) {
      const targets = [...locationOf(secretFile, 'source').hints, ...locationOf(destination, 'destination').hints];
      return { ...secret('copy-secret', `copies ${secretFile.slice(secretFile.lastIndexOf('/') + 1)}, a secret file, from one remote to another`), targets };
    }
    return { ...action, scope: 'infra', targets: locationOf(destination, 'destination').hints, readsFrom: sources };
  }
  if (secretFile) {
    // What a secret file holds is a credential of wherever it came from, now on this machine too.
    const targets = [...locationOf(secretFile, 'source').hints, ...stageHintsFromName(secretFile.slice(secretFile.lastIndexOf('/') + 1), 'file name')];
    return { ...secret('download-secret', `downloads ${secretFile.slice(secretFile.lastIndexOf('/') + 1)}, a secret file, from the remote`), targets };
  }
  const from = downloaded.length > 0 ? 'downloads: ' : '';
  return local(`${action.rule}-local`, action.effect, `${from}${action.reason} (on this machine)`);
}


const localRead = (rule: string, reason: string): Verdict => local(rule, 'read', reason);

/**
 * The spec every storage tool shares: its options and its hook, which says its own help (a first
 * word `help` and `-h` are read per tool) and where each verdict lands.
 */
function storageTool(id: string, programs: readonly string[], valueFlags: readonly string[], classify: NonNullable<PackSpec['classify']>,
  targetKinds: readonly string[] = ['host', 'resource', 'stage'], more: Pick<PackSpec, 'targetFlags' | 'envTargets'> = {}): PackSpec {
  return { id, programs, targetKinds, valueFlags, asksForHelp: () => false, classify, rules: [], ...more };
}

// ---------------------------------------------------------------------------------------------
// rclone

const rcloneValued = [
  '--config', '--transfers', '--checkers', '--bwlimit', '--exclude', '--include', '--filter', '--filter-from', '--exclude-from',
  '--include-from', '--files-from', '--files-from-raw', '--max-age', '--min-age', '--max-size', '--min-size', '--log-file',
  '--log-level', '--backup-dir', '--suffix', '--max-delete', '--max-transfer', '--retries', '--low-level-retries', '--stats',
  '--tpslimit', '--timeout', '--contimeout', '--user-agent', '--order-by', '--compare-dest', '--copy-dest', '--max-depth',
  '--multi-thread-streams', '--buffer-size', '--cache-dir', '--dedupe-mode', '--format', '--separator', '--header',
  '--password-command', '--rc-addr', '--addr', '--vfs-cache-mode', '--delete-before', '-c',
];

const rcloneDestroys: Readonly<Record<string, string>> = {
  delete: 'deletes the files under the path', purge: 'deletes the path and everything in it', deletefile: 'deletes a file',
  rmdir: 'removes a directory or bucket', rmdirs: 'removes the empty directories under the path',
  cleanup: 'empties the trash or deletes old file versions, for good', dedupe: 'deletes or renames duplicate files',
};
const rcloneReads = new Set([
  'ls', 'lsd', 'lsl', 'lsf', 'lsjson', 'cat', 'check', 'cryptcheck', 'checksum', 'hashsum', 'md5sum', 'sha1sum', 'size', 'tree',
  'about', 'listremotes', 'version', 'help', 'genautocomplete', 'completion', 'cryptdecode', 'obscure', 'test', 'gendocs',
]);
const rcloneWrites: Readonly<Record<string, string>> = {
  mkdir: 'creates a directory or bucket', touch: 'creates or touches a file', rcat: 'uploads standard input to a file',
  settier: 'changes the storage class of objects', link: 'creates a public link to a file', copyurl: 'downloads a URL onto the remote',
  backend: 'runs a backend-specific command on the remote', mount: 'mounts the remote, where files can be changed',
  nfsmount: 'mounts the remote, where files can be changed', serve: 'serves the remote to other programs, which may change it',
  ncdu: 'browses the remote interactively, where files can be deleted', bisync: 'syncs both ways, deleting on either side',
};

function rclone(a: ParsedArgs): Verdict {
  const [verb, ...operands] = a.positionals;
  if (verb === undefined) return localRead('bare', 'shows rclone usage');
  if (a.has('--help', '-h') || verb === 'help') return localRead('help', 'shows rclone help');
  if (a.has('--dry-run', '-n')) return localRead('dry-run', 'reports what rclone would do; changes nothing');
  if (verb === 'config') {
    const sub = operands[0];
    if (sub === 'show' || sub === 'dump') {
      return secret('config-show', 'prints the rclone configuration with the credentials of every remote');
    }
    if (sub === 'file' || sub === 'paths' || sub === 'providers' || sub === 'redacted' || sub === 'touch') return localRead('config-read', 'shows the rclone configuration without credentials');
    return local('config', 'write', 'changes the local rclone configuration');
  }
  if (verb === 'reveal') return secret('reveal', 'decodes an obscured rclone password');
  if (verb === 'authorize' || verb === 'selfupdate') return local('local', 'write', 'changes rclone on this machine');
  if (rcloneReads.has(verb)) return onOperands({ rule: 'read', effect: 'read', reason: `reads (${verb}); changes nothing` }, operands);
  const destroyReason = rcloneDestroys[verb];
  if (destroyReason) return onOperands({ rule: verb, effect: 'destroy', reason: destroyReason }, operands);
  // Files a sync would delete or a copy would overwrite go to --backup-dir instead: nothing is lost.
  const keepsBackup = a.has('--backup-dir') || a.has('--suffix');
  if (verb === 'sync') {
    return transfer(keepsBackup
      ? { rule: 'sync-backup', effect: 'write', reason: 'syncs the destination to the source, moving what it would delete into --backup-dir' }
      : { rule: 'sync', effect: 'destroy', reason: 'makes the destination match the source, deleting every file the source lacks' }, operands);
  }
  if (verb === 'copy' || verb === 'copyto') return transfer({ rule: 'copy', effect: 'write', reason: 'copies files onto the destination, overwriting changed ones' }, operands);
  if (verb === 'move' || verb === 'moveto') {
    const onto = transfer({ rule: 'move', effect: 'write', reason: 'moves files onto the destination, removing them from the source' }, operands);
    // The source loses its files too: a move out of a protected bucket changes that bucket.
    const sources = operands.slice(0, -1).filter((s) => locationOf(s, '').remote);
    if (sources.length === 0) return onto;
    return { ...onto, scope: 'infra', readsFrom: undefined, targets: [...(onto.targets ?? []), ...sources.flatMap((s) => locationOf(s, 'source').hints)] };
  }
  const writeReason = rcloneWrites[verb];
  if (writeReason) return onOperands({ rule: verb, effect: verb === 'bisync' && !keepsBackup ? 'destroy' : 'write', reason: writeReason }, operands);
  return onOperands({ rule: 'unrecognised', effect: 'write', reason: `runs rclone ${verb}, a command Bulkhead does not know, so it is treated as a change` }, operands);
}

// ---------------------------------------------------------------------------------------------
// s3cmd

const s3cmdValued = [
  '-c', '--config', '--access_key', '--secret_key', '--access_token', '--region', '--bucket-location', '--host', '--host-bucket',
  '--exclude', '--include', '--rexclude', '--rinclude', '--exclude-from', '--include-from', '--storage-class', '--mime-type',
  '--add-header', '--remove-header', '--encoding', '--add-encoding-exts', '--multipart-chunk-size-mb', '--expiry-days',
  '--expiry-date', '--expiry-prefix', '--cache-file', '--limit-rate', '--ssl-client-cert-file', '--ssl-client-key-file',
  '--ca-certs', '--acl-grant', '--acl-revoke', '--cf-add-cname', '--cf-remove-cname', '--cf-comment', '--cf-default-root-object',
  '--max-delete', '--limit', '-e', '--files-from', '--restore-days', '--restore-priority', '--lifecycle', '-x',
];
const s3cmdReads = new Set(['ls', 'la', 'du', 'info', 'listmp', 'cfinfo', 'cflist', 'cfinvalinfo', 'ws-info', 'signurl', 'sign', 'getlifecycle', 'getpolicy', 'getcors', 'getnotification']);
const s3cmdDestroys: Readonly<Record<string, string>> = {
  rb: 'deletes a bucket', del: 'deletes objects', rm: 'deletes objects', cfdelete: 'deletes a CloudFront distribution',
  expire: 'sets a lifecycle rule that deletes the bucket\'s objects when they expire',
};

function s3cmd(a: ParsedArgs): Verdict {
  const [verb, ...operands] = a.positionals;
  if (a.has('--configure')) return local('configure', 'write', 'writes the local s3cmd configuration');
  if (verb === undefined || a.has('--help', '-h')) return localRead('help', 'shows s3cmd usage');
  if (a.has('--dry-run', '-n')) return localRead('dry-run', 'reports what s3cmd would do; changes nothing');
  if (s3cmdReads.has(verb)) return onOperands({ rule: 'read', effect: 'read', reason: `reads S3 (${verb}); changes nothing` }, operands);
  // Without a local destination, get downloads into the working directory.
  if (verb === 'get') return transfer({ rule: 'get', effect: 'write', reason: 'downloads objects' }, operands.length > 1 ? operands : [...operands, '.']);
  const destroyReason = s3cmdDestroys[verb];
  if (destroyReason) return onOperands({ rule: verb, effect: 'destroy', reason: destroyReason }, operands);
  if (verb === 'sync') {
    const deletes = a.has('--delete-removed') && !a.has('--no-delete-removed');
    return transfer(deletes
      ? { rule: 'sync-delete', effect: 'destroy', reason: 'syncs and deletes every destination object the source lacks (--delete-removed)' }
      : { rule: 'sync', effect: 'write', reason: 'syncs files onto the destination, overwriting changed ones' }, operands);
  }
  if (verb === 'put' || verb === 'cp' || verb === 'mv') return transfer({ rule: verb, effect: 'write', reason: verb === 'mv' ? 'moves objects' : 'uploads or copies objects, overwriting any of the same name' }, operands);
  return onOperands({ rule: 'write', effect: 'write', reason: `changes S3 (${verb})` }, operands);
}

// ---------------------------------------------------------------------------------------------
// s5cmd

const s5cmdValued = [
  '--endpoint-url', '--profile', '--credentials-file', '--numworkers', '--retry-count', '-r', '--log', '--request-payer',
  '--storage-class', '--concurrency', '-c', '--part-size', '-p', '--exclude', '--include', '--cache-control', '--expires',
  '--content-type', '--content-encoding', '--content-disposition', '--metadata', '--sse', '--sse-kms-key-id', '--acl',
  '--version-id', '--expression', '-e', '--compression', '--format', '--stat', '--region',
];

const s5cmdValueFlags: ReadonlySet<string> = new Set(s5cmdValued);

function s5cmdCommand(args: readonly string[], depth: number): Verdict {
  const a = parseArgs(args, s5cmdValueFlags);
  const [verb, ...operands] = a.positionals;
  if (verb === undefined || a.has('--help', '-h') || verb === 'help') return localRead('help', 'shows s5cmd usage');
  if (a.has('--dry-run')) return localRead('dry-run', 'reports what s5cmd would do; changes nothing');
  switch (verb) {
    case 'ls': case 'du': case 'cat': case 'head': case 'select': case 'version': case 'presign': case 'bucket-version':
      return verb === 'bucket-version' && a.has('--set')
        ? onOperands({ rule: 'bucket-version', effect: 'write', reason: 'changes a bucket\'s versioning' }, operands)
        : onOperands({ rule: 'read', effect: 'read', reason: `reads S3 (${verb}); changes nothing` }, operands);
    case 'rm': return onOperands({ rule: 'rm', effect: 'destroy', reason: 'deletes objects' }, operands);
    case 'rb': return onOperands({ rule: 'rb', effect: 'destroy', reason: 'deletes a bucket' }, operands);
    case 'mb': return onOperands({ rule: 'mb', effect: 'write', reason: 'creates a bucket' }, operands);
    case 'cp': case 'mv': case 'pipe':
      return transfer({ rule: verb, effect: 'write', reason: verb === 'mv' ? 'moves objects' : 'copies objects, overwriting any of the same name' }, operands);
    case 'sync':
      return transfer(a.has('--delete')
        ? { rule: 'sync-delete', effect: 'destroy', reason: 'syncs and deletes every destination object the source lacks (--delete)' }
        : { rule: 'sync', effect: 'write', reason: 'syncs objects onto the destination, overwriting changed ones' }, operands);
    case 'run': return { rule: 'run-nested', effect: 'unknown', scope: 'infra', reason: 'runs s5cmd commands from a file inside a command file' };
    default:
      return depth > 0 ? { rule: 'unrecognised', effect: 'write', scope: 'infra', reason: `runs s5cmd ${verb}, a command Bulkhead does not know` }
        : onOperands({ rule: 'unrecognised', effect: 'write', reason: `runs s5cmd ${verb}, a command Bulkhead does not know, so it is treated as a change` }, operands);
  }
}

/** Lines of an s5cmd command file, at most this many read before the rest is unknown. */
const maxRunLines = 200;

/**
 * `s5cmd run [file]` runs one s5cmd command per line of the file or standard input: each line is
 * judged as if typed, and a file or stream whose text cannot be known is an unknown effect.
 */
function s5cmd(a: ParsedArgs, inv: Invocation): Verdict | Verdict[] {
  if (a.positionals[0] !== 'run') return s5cmdCommand(inv.args, 0);
  const file = a.positionals[1];
  const text = file === undefined || file === '-' || file === '/dev/stdin' ? inv.stdin?.text : undefined;
  if (text === undefined) {
    return {
      rule: 'run', effect: 'unknown', scope: 'infra',
      reason: `runs the s5cmd commands in ${file ?? 'its standard input'}, which Bulkhead cannot read from the line`,
    };
  }
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines.length > maxRunLines) {
    return { rule: 'run-bound', effect: 'unknown', scope: 'infra', reason: `runs more than ${maxRunLines} s5cmd commands, past what Bulkhead reads` };
  }
  return lines.map((line) => {
    const f = s5cmdCommand(splitWords(line), 1);
    return { ...f, reason: `runs \`${line.length > 80 ? `${line.slice(0, 80)}…` : line}\`: ${f.reason}` };
  });
}

/** Words of one command-file line: blanks separate, single and double quotes group. */
function splitWords(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// mc (MinIO client): `alias/bucket/prefix`, where the alias names a configured server.

const mcValued = [
  '--config-dir', '-C', '--encrypt-key', '--older-than', '--newer-than', '--storage-class', '--attr', '--tags', '--region',
  '--exclude', '--limit-upload', '--limit-download', '--summary', '--name', '--path', '--regex', '--exec', '--rewind',
  '--version-id', '--expire-days', '--expiry-days', '--lookup', '--api', '--path-style',
];
const mcReads = new Set(['ls', 'cat', 'head', 'stat', 'tree', 'du', 'diff', 'find', 'sql', 'watch', 'ping', 'ready', 'version', 'share', 'license']);

/** An mc operand is an alias path unless it is plainly a local path. */
const mcRemote = (value: string): boolean => !/^(?:\.{1,2}(?:\/|$)|\/|~)/.test(value) && /^[A-Za-z0-9_.-]+(?:\/|$)/.test(value) && !value.includes('://');

function mcHints(values: readonly string[], source: string): TargetHint[] {
  const hints: TargetHint[] = [];
  for (const value of values) {
    if (!mcRemote(value)) continue;
    const [alias, bucket] = value.split('/');
    const stage = locationOf(`${alias}:${bucket ?? ''}`, source);
    hints.push(...stage.hints);
  }
  return hints;
}

function mc(a: ParsedArgs): Verdict {
  const [verb, ...operands] = a.positionals;
  if (verb === undefined || a.has('--help', '-h') || verb === 'help') return localRead('help', 'shows mc usage');
  // Midnight Commander goes by the same name and takes folders: MinIO's client never starts with a path.
  if (/^[./~]/.test(verb)) return localRead('file-manager', 'opens Midnight Commander on local folders');
  if (a.has('--dry-run')) return localRead('dry-run', 'reports what mc would do; changes nothing');
  if (verb === 'alias' || verb === 'config') {
    return operands[0] === 'list' || operands[0] === 'ls'
      ? secret('alias-list', 'prints the configured servers with their access keys')
      : local('alias', 'write', 'changes the servers mc knows on this machine');
  }
  if (verb === 'update' || verb === 'completion') return local('local', 'write', 'changes mc on this machine');
  const on = (rule: string, effect: Effect, reason: string, values = operands): Verdict => {
    if (!values.some(mcRemote)) return local(`${rule}-local`, effect, `${reason} (on this machine)`);
    return { rule, effect, scope: 'infra', reason, targets: mcHints(values, 'operand') };
  };
  if (mcReads.has(verb)) return on('read', 'read', `reads object storage (${verb}); changes nothing`);
  if (verb === 'rm') return on('rm', 'destroy', 'deletes objects');
  if (verb === 'rb') return on('rb', 'destroy', 'deletes a bucket and, with --force, everything in it');
  if (verb === 'mb') return on('mb', 'write', 'creates a bucket');
  if (verb === 'undo') return on('undo', 'destroy', 'undoes uploads and deletes by removing object versions');
  if (verb === 'mirror' || verb === 'cp' || verb === 'mv' || verb === 'pipe') {
    const destination = operands.slice(-1);
    const deletes = verb === 'mirror' && a.has('--remove');
    const reason = deletes ? 'mirrors and deletes every destination object the source lacks (--remove)'
      : verb === 'mv' ? 'moves objects' : 'copies objects onto the destination, overwriting any of the same name';
    const finding = on(verb, deletes ? 'destroy' : 'write', reason, destination);
    return finding.scope === 'infra' ? { ...finding, readsFrom: operands.slice(0, -1) } : finding;
  }
  if (verb === 'admin') {
    const sub = operands[0];
    if (sub === 'info' || sub === 'trace' || sub === 'top' || sub === 'scanner' || sub === 'logs' || sub === 'prometheus') {
      return localRead('admin-read', `reads the server's state (admin ${sub})`);
    }
    return on('admin', operands.some((w) => w === 'rm' || w === 'remove' || w === 'delete' || w === 'reset') ? 'destroy' : 'write',
      `administers the server (admin ${operands.slice(0, 2).join(' ')})`, operands.slice(1));
  }
  return on(verb, 'write', `changes object storage (${verb})`);
}

// ---------------------------------------------------------------------------------------------
// azcopy

const azcopyValued = [
  '--include-pattern', '--exclude-pattern', '--include-path', '--exclude-path', '--log-level', '--output-type', '--cap-mbps',
  '--block-size-mb', '--blob-type', '--from-to', '--include-after', '--include-before', '--overwrite', '--list-of-files',
  '--list-of-versions', '--trusted-microsoft-suffixes', '--compare-hash', '--tenant-id', '--application-id', '--aad-endpoint',
  '--block-blob-tier', '--page-blob-tier', '--metadata', '--content-type', '--blob-tags', '--include-regex', '--exclude-regex',
];

function azcopy(a: ParsedArgs): Verdict {
  const [verb, ...operands] = a.positionals;
  if (verb === undefined || a.has('--help', '-h') || verb === 'help') return localRead('help', 'shows azcopy usage');
  if (a.has('--dry-run') && a.value('--dry-run') !== 'false') return localRead('dry-run', 'reports what azcopy would do; changes nothing');
  switch (verb) {
    case 'list':
      return onOperands({ rule: 'read', effect: 'read', reason: 'lists storage; changes nothing' }, operands);
    case 'env': case 'doc': case 'completion': case 'version':
      return localRead('local-read', `shows azcopy's settings (${verb})`);
    case 'login': case 'logout':
      return local('login', 'write', 'changes the azcopy sign-in on this machine');
    case 'jobs':
      return operands[0] === 'resume'
        ? { rule: 'jobs-resume', effect: 'write', scope: 'infra', reason: 'resumes an azcopy transfer job' }
        : localRead('jobs', 'inspects or cleans azcopy\'s local job records');
    case 'remove': case 'rm':
      return onOperands({ rule: 'remove', effect: 'destroy', reason: 'deletes blobs, files or a whole container path' }, operands);
    case 'sync': {
      const del = a.value('--delete-destination');
      const deletes = del !== undefined && del.toLowerCase() !== 'false';
      return transfer(deletes
        ? { rule: 'sync-delete', effect: 'destroy', reason: 'syncs and deletes every destination file the source lacks (--delete-destination)' }
        : { rule: 'sync', effect: 'write', reason: 'syncs files onto the destination, overwriting changed ones' }, operands);
    }
    case 'copy': case 'cp':
      return transfer({ rule: 'copy', effect: 'write', reason: 'copies files onto the destination, overwriting any of the same name' }, operands);
    default:
      return onOperands({ rule: verb === 'make' ? 'make' : 'write', effect: 'write', reason: `changes Azure storage (${verb})` }, operands);
  }
}

// ---------------------------------------------------------------------------------------------
// rsync: a remote host is `host:path`, `user@host:path`, `host::module` or `rsync://host/module`.

const rsyncValued = [
  '-e', '--rsh', '--exclude', '--include', '--filter', '-f', '--exclude-from', '--include-from', '--files-from', '--backup-dir',
  '--suffix', '--rsync-path', '--log-file', '--log-file-format', '--password-file', '--port', '--timeout', '--contimeout',
  '--bwlimit', '--chmod', '--chown', '-T', '--temp-dir', '--partial-dir', '--compare-dest', '--copy-dest', '--link-dest',
  '--max-size', '--min-size', '--max-delete', '--out-format', '--info', '--debug', '-B', '--block-size', '-M', '--remote-option',
  '--usermap', '--groupmap', '--compress-level', '--compress-choice', '--checksum-choice', '--iconv', '--modify-window', '--sockopts',
  '--address', '--stop-after', '--stop-at', '--only-write-batch', '--write-batch', '--read-batch', '--protocol', '--skip-compress',
];
const rsyncRemote = (value: string): boolean => value.startsWith('rsync://') || (!value.startsWith('/') && !value.startsWith('.') && /^(?:[^@\s/:]+@)?[^/:\s]+::?/.test(value) && !/^[A-Za-z]:[\\/]/.test(value));

function rsync(a: ParsedArgs, inv: Invocation): Verdict {
  const operands = a.positionals;
  const shortSwitch = (letter: string) => inv.args.some((w) => /^-[A-Za-z]+$/.test(w) && w.includes(letter));
  if (a.has('--help', '-h') && operands.length === 0) return localRead('help', 'shows rsync usage');
  if (a.has('--dry-run', '--list-only') || shortSwitch('n') || operands.length < 2) {
    return localRead('read', 'lists files or reports what rsync would do; changes nothing');
  }
  const deletes = [...a.flags.keys()].some((f) => f === '--del' || f.startsWith('--delete'));
  const keepsBackup = a.has('--backup', '--backup-dir') || shortSwitch('b');
  const action: Action = deletes && !keepsBackup
    ? { rule: 'delete', effect: 'destroy', reason: 'copies files and deletes every destination file the source lacks (--delete)' }
    : { rule: 'copy', effect: 'write', reason: 'copies files onto the destination, overwriting changed ones' };
  const finding = transfer(action, operands, rsyncRemote);
  if (finding.scope !== 'infra') return finding;
  // `host:path` and `host::module` name the host; the shared reader sees URLs and user@host forms.
  const destination = operands[operands.length - 1];
  const host = /^(?:rsync:\/\/)?(?:[^@\s/:]+@)?(\[[^\]]+\]|[^/:\s]+)/.exec(destination)?.[1];
  const targets = host ? [{ kind: 'host', value: host.replace(/^\[|\]$/g, '').toLowerCase(), source: 'destination host' }] : [];
  return { ...finding, targets };
}

export const storagePacks: readonly Pack[] = [
  definePack(storageTool('rclone', ['rclone'], rcloneValued, rclone)),
  definePack(storageTool('s3cmd', ['s3cmd'], s3cmdValued, s3cmd)),
  // s5cmd reads the AWS shared configuration: `--profile prod` is the AWS profile of that name.
  definePack(storageTool('s5cmd', ['s5cmd'], s5cmdValued, s5cmd, ['host', 'resource', 'stage', 'aws-profile'],
    { targetFlags: { '--profile': 'aws-profile' }, envTargets: { AWS_PROFILE: 'aws-profile' } })),
  definePack(storageTool('mc', ['mc', 'mcli'], mcValued, mc)),
  definePack(storageTool('azcopy', ['azcopy'], azcopyValued, azcopy)),
  definePack(storageTool('rsync', ['rsync'], rsyncValued, rsync, ['host', 'resource', 'stage'])),
  // scp copies as rsync does without its deleting and listing options: the same reading of `host:path`.
  definePack(storageTool('scp', ['scp'], ['-P', '-i', '-o', '-F', '-c', '-l', '-S', '-J', '-D', '-X'], rsync, ['host', 'resource', 'stage'])),
];
