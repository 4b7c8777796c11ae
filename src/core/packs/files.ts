import type { Invocation, Word } from '../model';
import { normalizePath, resolvePath } from '../paths';
import { findExecEnd, operandWords, parseArgs } from './args';
import { definePack, localWorkUntargeted, type Pack } from './pack';
import { local, type Verdict } from './verdict';

/**
 * Deleting and overwriting on this machine: rm and its relatives, disk tools, permission sweeps,
 * crontab, kill, systemctl. Everything here is scope `local`; paths under a policy `path` target
 * are tied to that environment by the engine, not here.
 *
 * The line drawn: losing something that cannot be got back (a home directory, the project,
 * `.git`, a disk, a crontab) is `destroy`; deleting what a build or a package manager puts back
 * (node_modules, dist, caches, temp dirs, logs) is `write`, so agents can clean up unasked.
 */

type PathClass =
  /** `/`, the home directory, the project itself, `.git`, a system root, or a glob over one of them. */
  | 'catastrophic'
  /** System files, keys and credentials in the home directory. */
  | 'valuable'
  /** Build output, caches, temp files: put back by a build or an install. */
  | 'regenerable'
  /** A word whose value is only known at run time. */
  | 'unknown'
  | 'ordinary';

interface PathVerdict {
  readonly kind: PathClass;
  readonly what: string;
}

const regenerableDirs = new Set([
  'node_modules', 'bower_components', 'jspm_packages', 'dist', 'build', 'out', '.next', '.nuxt', '.output', '.svelte-kit',
  '.turbo', '.parcel-cache', '.vite', '.angular', '.expo', '.docusaurus', '.astro', '.vercel', '.netlify', 'storybook-static',
  'target', 'coverage', '.nyc_output', 'htmlcov', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.hypothesis',
  '.tox', '.nox', '.venv', 'venv', '.cache', 'cache', 'caches', 'Caches', 'tmp', '.tmp', 'temp', '.temp', '.terraform',
  '.terragrunt-cache', 'cdk.out', '.aws-sam', '.serverless', '.webpack', 'DerivedData', '.build', 'obj', '.dart_tool',
  'elm-stuff', '_build', '.pnpm-store', '.npm', '_cacache', '.eslintcache', '.sass-cache', '.gradle-cache', 'logs',
]);

/** Files a tool regenerates, or junk: logs, bytecode, objects, lockfiles of JS package managers, editor droppings. */
const regenerableFile = /(?:\.(?:log|pyc|pyo|o|obj|class|tsbuildinfo|tmp|temp|swp|swo|orig|rej)|.~|^\.DS_Store|^Thumbs\.db|^\.eslintcache|^package-lock\.json|^yarn\.lock|^pnpm-lock\.yaml|^bun\.lockb?|^npm-debug\.log.*|^yarn-error\.log)$/;

/** Directories whose contents are the operating system or other users' data. */
const systemRoots = new Set([
  'bin', 'boot', 'dev', 'etc', 'lib', 'lib32', 'lib64', 'libx32', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'usr',
  'var', 'home', 'Users', 'System', 'Library', 'Applications', 'private', 'Volumes', 'mnt', 'media', 'snap', 'nix',
]);

const tempRoots = ['/tmp', '/var/tmp', '/private/tmp', '/private/var/folders', '/dev/shm', '/var/folders'];

/** Home directory entries that hold keys and credentials nobody can regenerate. */
const secretHomeDirs = new Set(['.ssh', '.gnupg', '.aws', '.kube', '.docker', '.azure', '.password-store', '.config']);

const globChars = /[*?[]/;

const tildePrefix = /^~[^/]*\/*/;
const otherUsersHome = /^~[^/]+/;
const trailingStars = /\*+$/;
const trailingSlashes = /\/+$/;
const leadingStar = /^\*/;
const findLeadingOption = /^-[HLP]$|^-[DO]/;
const findExpressionStart = /^[-(!]/;
const apfsList = /^(?:list|listCryptoUsers|listSnapshots|listVolumeGroups)/;
const apfsErase = /^(?:delete|erase)/;
/** `0`, `0K`, `<0`, `%0`: sizes that empty a file. */
const zeroSize = /^[<%/]?0+[KMGTPEZY]?i?B?$/i;

/** Classifies one path argument of a deleting command. */
function classifyPath(word: Word, inv: Invocation): PathVerdict {
  const home = inv.env.HOME;
  const value = word.value;
  if (word.dynamic) {
    // `"$DIR/"*` with DIR unknown: if it expands to nothing the command runs on `/*`.
    const literal = value.split('/').filter((p) => p && !globChars.test(p) && p !== '.' && p !== '..');
    if (literal.some((p) => regenerableDirs.has(p)) || (literal.length > 0 && regenerableFile.test(literal[literal.length - 1]))) {
      return { kind: 'regenerable', what: `build output (${word.raw})` };
    }
    return { kind: 'unknown', what: `${word.raw || 'a path'}, whose value is only known at run time (empty, it would be /)` };
  }
  if (!value) return { kind: 'unknown', what: 'an empty path' };
  // The calling shell expands `~` with its own HOME even when `env -i` empties the command's.
  if (value[0] === '~' && !home) {
    const rest = value.replace(tildePrefix, '');
    if (rest === '' || rest === '*' || rest === '..') return { kind: 'catastrophic', what: `a home directory (${value})` };
    return { kind: 'ordinary', what: value };
  }
  if (otherUsersHome.test(value) && home) {
    // `~root`, `~deploy`: another user's home directory.
    const rest = value.replace(tildePrefix, '');
    if (rest === '' || rest === '*') return { kind: 'catastrophic', what: `a home directory (${value})` };
  }
  if (value === '{}' && inv.via.some((v) => v.startsWith('find '))) return { kind: 'regenerable', what: 'what find selected' };

  const absolute = resolvePath(inv.cwd, value, home);
  const parts = absolute.split('/').filter(Boolean);
  const last = parts[parts.length - 1] ?? '';
  const lastIsGlob = globChars.test(last);
  const container = lastIsGlob ? normalizePath(`/${parts.slice(0, -1).join('/')}`) : absolute;
  const containerParts = lastIsGlob ? parts.slice(0, -1) : parts;

  if (isTemporary(absolute, inv)) {
    return { kind: 'regenerable', what: 'temporary files' };
  }
  if (absolute.startsWith('/var/log/')) return { kind: 'regenerable', what: 'system logs' };
  if (isCatastrophicDir(container, inv)) {
    const whole = describeDir(container, inv);
    if (!lastIsGlob) return { kind: 'catastrophic', what: whole };
    if (!regenerableFile.test(last) && !regenerableDirs.has(last.replace(trailingStars, ''))) {
      return { kind: 'catastrophic', what: `everything in ${whole}` };
    }
  }
  if (containerParts[containerParts.length - 1] === '.git') {
    return { kind: 'catastrophic', what: 'the repository history (.git)' };
  }
  if (containerParts.some((p) => regenerableDirs.has(p)) || (!lastIsGlob || last !== '*') && regenerableFile.test(last)) {
    return { kind: 'regenerable', what: 'build output, caches or logs' };
  }
  if (home && absolute.startsWith(`${home}/`)) {
    const first = absolute.slice(home.length + 1).split('/')[0];
    if (secretHomeDirs.has(first)) return { kind: 'valuable', what: `keys or credentials in ~/${first}` };
    return { kind: 'ordinary', what: value };
  }
  if (parts.length > 0 && systemRoots.has(parts[0]) && !absolute.startsWith(`${inv.cwd}/`)) {
    return { kind: 'valuable', what: `system files (${absolute})` };
  }
  return { kind: 'ordinary', what: value };
}

function isTemporary(absolute: string, inv: Invocation): boolean {
  const within = (dir: string): boolean => absolute === dir || absolute.startsWith(`${dir}/`);
  if (tempRoots.some(within)) return true;
  const tmp = inv.env.TMPDIR ? normalizePath(inv.env.TMPDIR) : undefined;
  return tmp !== undefined && tmp !== '/' && !isCatastrophicDir(tmp, inv) && within(tmp);
}

/** `/`, a system root, the home directory or a parent of it, or the working directory or a parent of it. */
function isCatastrophicDir(dir: string, inv: Invocation): boolean {
  if (dir === '/') return true;
  const parts = dir.split('/').filter(Boolean);
  if (parts.length === 1 && systemRoots.has(parts[0])) return true;
  const home = inv.env.HOME;
  if (home && (dir === home || home.startsWith(`${dir}/`))) return true;
  return dir === inv.cwd || inv.cwd.startsWith(`${dir}/`);
}

function describeDir(dir: string, inv: Invocation): string {
  if (dir === '/') return 'the whole filesystem (/)';
  if (dir === inv.env.HOME) return 'the home directory';
  if (dir === inv.cwd) return 'the current directory';
  if (inv.cwd.startsWith(`${dir}/`)) return `${dir}, a parent of the current directory`;
  return dir;
}

const none: ReadonlySet<string> = new Set();

/** Each program has its own help and listing flags (`mkfs -V`, `crontab -l`), which its classify reads. */
const helpInClassify = (): boolean => false;

function helpOrVersion(inv: Invocation): boolean {
  return inv.args.includes('--help') || inv.args.includes('--version');
}

// ---------------------------------------------------------------- rm, unlink, rmdir

const rmPack = definePack({
  id: 'rm',
  programs: ['rm', 'unlink', 'rmdir'],
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    if (helpOrVersion(inv)) return local('help', 'read', 'shows help');
    if (inv.program === 'rmdir') {
      return local('rmdir', 'write', 'removes empty directories only (rmdir refuses anything else), so nothing is lost');
    }
    const args = parseArgs(inv.args);
    const recursive = inv.program === 'rm' && args.has('-r', '-R', '--recursive');
    if (args.has('--no-preserve-root')) {
      return local('no-preserve-root', 'destroy', 'rm --no-preserve-root turns off the one guard against deleting /');
    }
    const operands = operandWords(inv, none);
    if (operands.length === 0) return local('nothing', 'write', 'rm with no operands deletes nothing');
    let worst: PathVerdict | undefined;
    const rank: Record<PathClass, number> = { catastrophic: 4, valuable: 3, unknown: 2, ordinary: 1, regenerable: 0 };
    for (const word of operands) {
      const verdict = classifyPath(word, inv);
      if (!worst || rank[verdict.kind] > rank[worst.kind]) worst = verdict;
    }
    if (!worst) return undefined;
    // `find … | xargs rm -f` and `find … -exec rm {} ;`: another command picks the files, unseen here.
    if (worst.kind !== 'regenerable' && operands.some((w) => w.raw === '<stdin>' || w.value === '{}')) {
      return local('chosen-files', 'destroy', 'deletes files another command chooses, which Bulkhead cannot see');
    }
    switch (worst.kind) {
      case 'catastrophic':
        return local('catastrophic', 'destroy', `deletes ${worst.what}`);
      case 'valuable':
        return local('valuable', 'destroy', `deletes ${worst.what}, which cannot be regenerated`);
      case 'unknown':
        return recursive
          ? local('dynamic-tree', 'destroy', `recursively deletes ${worst.what}`)
          : local('files', 'write', 'deletes files (not directory trees) named at run time');
      case 'ordinary':
        return recursive
          ? local('tree', 'destroy', `recursively deletes ${worst.what}, a directory tree that is not build output`)
          : local('files', 'write',
            'deletes files but not directory trees; single files are usually tracked by git or regenerable, so this counts as a change, not a loss');
      case 'regenerable':
        return local('regenerable', 'write', `deletes ${worst.what}, which a build or install puts back`);
    }
  },
  rules: [],
});

// ---------------------------------------------------------------- find -delete / -exec rm

const findValued: ReadonlySet<string> = new Set(['-D', '-O']);
const findTests = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname']);
const deletingPayloads = new Set(['rm', 'unlink', 'shred', 'srm']);

const findPack = definePack({
  id: 'find',
  programs: ['find'],
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    if (helpOrVersion(inv)) return local('help', 'read', 'shows help');
    const words = inv.words;
    let i = 0;
    while (i < words.length && findLeadingOption.test(words[i].value)) i += findValued.has(words[i].value) ? 2 : 1;
    const starts: Word[] = [];
    while (i < words.length && !findExpressionStart.test(words[i].value)) starts.push(words[i++]);
    let deletes = false;
    let onlyEmpty = false;
    const patterns: string[] = [];
    for (let j = i; j < words.length; j++) {
      const v = words[j].value;
      if (v === '-delete') deletes = true;
      else if (v === '-empty') onlyEmpty = true;
      else if (findTests.has(v) && words[j + 1]) patterns.push(words[++j].value);
      else if (v === '-exec' || v === '-execdir' || v === '-ok' || v === '-okdir') {
        // The payload's words are its own: `-exec echo -delete ;` does not make find delete.
        const payload = words[j + 1]?.value ?? '';
        if (deletingPayloads.has(payload.slice(payload.lastIndexOf('/') + 1))) deletes = true;
        j = findExecEnd(inv.args, j + 1);
      }
    }
    if (!deletes) return local('search', 'read', 'searches for files');
    if (onlyEmpty) return local('delete-empty', 'write', 'deletes only empty files and directories');
    const startVerdicts = (starts.length > 0 ? starts : [{ value: '.', raw: '.', dynamic: false, span: inv.span }])
      .map((w) => classifyPath(w, inv));
    if (startVerdicts.every((v) => v.kind === 'regenerable')) {
      return local('delete-regenerable', 'write', `deletes files under ${startVerdicts[0].what}`);
    }
    if (patterns.length > 0 && patterns.every(isRegenerablePattern)) {
      return local('delete-regenerable', 'write', `deletes build output or junk files matching ${patterns.join(', ')}`);
    }
    const catastrophic = startVerdicts.find((v) => v.kind === 'catastrophic');
    return local('delete', 'destroy',
      catastrophic ? `deletes files found under ${catastrophic.what}` : 'deletes every file the search matches');
  },
  rules: [],
});

function isRegenerablePattern(pattern: string): boolean {
  const last = pattern.replace(trailingSlashes, '').split('/').pop() ?? '';
  if (regenerableDirs.has(last)) return true;
  // `*.pyc`, `*.log`, `*~`: test the pattern as if it were a file name.
  const asFile = last.replace(leadingStar, 'x');
  return last !== '*' && regenerableFile.test(asFile);
}

// ---------------------------------------------------------------- shred, wipe, srm

const shredPack = definePack({
  id: 'shred',
  programs: ['shred', 'wipe', 'srm'],
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    if (helpOrVersion(inv) || inv.args.length === 0) return local('help', 'read', 'shows help');
    return local('overwrite', 'destroy', `${inv.program} overwrites files so that they can never be recovered`);
  },
  rules: [],
});

// ---------------------------------------------------------------- dd

const harmlessDevices = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty']);

const ddPack = definePack({
  id: 'dd',
  programs: ['dd'],
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    if (helpOrVersion(inv)) return local('help', 'read', 'shows help');
    const output = inv.args.find((a) => a.startsWith('of='))?.slice(3);
    if (output === undefined) return local('stdout', 'read', 'copies bytes to standard output');
    if (output.startsWith('/dev/') && !harmlessDevices.has(output) && !output.startsWith('/dev/fd/')) {
      return local('device', 'destroy', `writes raw bytes over the device ${output}, erasing what was on it`);
    }
    return local('file', 'write', `writes ${output}`);
  },
  rules: [],
});

// ---------------------------------------------------------------- filesystems and partition tables

const mkfsPrograms = [
  'mkfs', 'mkfs.ext2', 'mkfs.ext3', 'mkfs.ext4', 'mkfs.xfs', 'mkfs.btrfs', 'mkfs.vfat', 'mkfs.fat', 'mkfs.msdos', 'mkfs.ntfs',
  'mkfs.exfat', 'mkfs.f2fs', 'mkfs.minix', 'mkfs.bfs', 'mkfs.cramfs', 'mke2fs', 'mkdosfs', 'mkntfs', 'mkswap', 'newfs',
];

const mkfsPack = definePack({
  id: 'mkfs',
  programs: mkfsPrograms,
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    if (helpOrVersion(inv) || inv.args.includes('-V') && inv.args.length === 1 || inv.args.length === 0) {
      return local('help', 'read', 'shows help or the version');
    }
    return local('format', 'destroy', 'creates a new filesystem, erasing everything on the device');
  },
  rules: [],
});

const partitionReadFlags: Readonly<Record<string, readonly string[]>> = {
  wipefs: ['-n', '--no-act'],
  fdisk: ['-l', '--list', '-x', '--list-details'],
  sfdisk: ['-l', '--list', '-d', '--dump', '-J', '--json', '-s', '--show-size', '-V', '--verify', '-g', '--show-geometry',
    '-F', '--list-free', '-n', '--no-act', '--backup-pt-sectors'],
  parted: ['-l', '--list'],
  gdisk: ['-l'],
  sgdisk: ['-p', '--print', '-v', '--verify', '-L', '--list-types', '-i', '--info', '-O', '--print-mbr'],
  cfdisk: [],
  cgdisk: [],
};
const partedReadCommands = new Set(['print', 'p', 'help', 'align-check', 'version']);
const partedWriteCommands = new Set([
  'mklabel', 'mktable', 'mkpart', 'mkpartfs', 'mkfs', 'rm', 'resizepart', 'resize', 'rescue', 'name', 'set', 'toggle', 'disk_set',
  'disk_toggle', 'cp', 'move',
]);

const partitionPack = definePack({
  id: 'partition',
  programs: Object.keys(partitionReadFlags),
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    if (helpOrVersion(inv) || inv.args.length === 0) return local('help', 'read', 'shows help');
    const args = parseArgs(inv.args, new Set(['-s', '--script', '-a', '--align', '-o', '--offset', '-t', '--types']));
    if (args.has(...partitionReadFlags[inv.program])) {
      return local('list', 'read', `lists disks or partitions with ${inv.program}`);
    }
    if (inv.program === 'wipefs') {
      if (!args.has('-a', '--all', '-o', '--offset')) return local('list', 'read', 'lists filesystem signatures');
      return local('wipe', 'destroy', 'erases filesystem signatures, making the data on the device unreadable');
    }
    if (inv.program === 'parted') {
      const commands = args.positionals.slice(1);
      if (commands.some((c) => partedReadCommands.has(c)) && !commands.some((c) => partedWriteCommands.has(c))) {
        return local('list', 'read', 'prints the partition table');
      }
    }
    return local('edit', 'destroy', `${inv.program} rewrites a disk's partition table, which loses the data on the partitions it changes`);
  },
  rules: [],
});

const diskutilReads = new Set(['list', 'info', 'information', 'activity', 'listFilesystems', 'apfs']);
const diskutilDestroys = new Set([
  'eraseDisk', 'eraseVolume', 'reformat', 'zeroDisk', 'randomDisk', 'secureErase', 'partitionDisk', 'eraseVolume',
  'splitPartition', 'mergePartitions', 'deleteVolume', 'deleteContainer',
]);

const diskutilPack = definePack({
  id: 'diskutil',
  programs: ['diskutil'],
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    const verb = inv.args[0];
    if (!verb || verb === 'help' || helpOrVersion(inv)) return local('help', 'read', 'shows help');
    if (verb === 'apfs') {
      const sub = inv.args[1] ?? '';
      if (apfsList.test(sub)) return local('list', 'read', 'lists APFS containers');
      if (apfsErase.test(sub)) return local('erase', 'destroy', `diskutil apfs ${sub} deletes a volume or container and its data`);
      return local('change', 'write', `changes APFS volumes (diskutil apfs ${sub})`);
    }
    if (diskutilReads.has(verb)) return local('list', 'read', 'lists disks and volumes');
    if (diskutilDestroys.has(verb)) return local('erase', 'destroy', `diskutil ${verb} erases a disk or volume`);
    return local('change', 'write', `changes disks or volumes (diskutil ${verb})`);
  },
  rules: [],
});

// ---------------------------------------------------------------- truncate

const truncatePack = definePack({
  id: 'truncate',
  programs: ['truncate'],
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    if (helpOrVersion(inv)) return local('help', 'read', 'shows help');
    const valued = new Set(['-s', '--size', '-r', '--reference']);
    const args = parseArgs(inv.args, valued);
    const size = args.value('-s', '--size') ?? '';
    const files = operandWords(inv, valued);
    const emptying = zeroSize.test(size) || size.startsWith('-');
    if (!emptying) return local('resize', 'write', 'sets the size of files (growing keeps their contents)');
    if (files.length > 0 && files.every((w) => classifyPath(w, inv).kind === 'regenerable')) {
      return local('logs', 'write', 'empties log or temporary files, which are meant to be thrown away');
    }
    return local('empty', 'destroy', 'cuts files down, throwing away their contents for good');
  },
  rules: [],
});

// ---------------------------------------------------------------- chmod, chown, chgrp

const permissionsPack = definePack({
  id: 'permissions',
  programs: ['chmod', 'chown', 'chgrp'],
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    if (helpOrVersion(inv)) return local('help', 'read', 'shows help');
    const args = parseArgs(inv.args, new Set(['--reference', '--from']));
    const recursive = args.has('-R', '--recursive');
    const hasReference = args.value('--reference') !== undefined;
    const operands = operandWords(inv, new Set(['--from']), hasReference ? 0 : 1);
    const what = inv.program === 'chmod' ? 'permissions' : 'ownership';
    if (recursive) {
      for (const word of operands) {
        if (word.dynamic) continue;
        const absolute = resolvePath(inv.cwd, word.value, inv.env.HOME);
        const parts = absolute.split('/').filter(Boolean);
        const systemWide = absolute === '/' || parts.length === 1 && systemRoots.has(parts[0]) || parts[0] === 'usr' && parts.length === 2;
        const home = absolute === inv.env.HOME;
        // Ownership of one's own home is the normal state (the usual `chown -R $USER ~` fix); its modes are not.
        if (systemWide || (home && inv.program === 'chmod')) {
          return local('recursive-system', 'destroy',
            `recursively changes ${what} of ${describeDir(absolute, inv)}; the previous ${what} ${inv.program === 'chmod' ? 'are' : 'is'} recorded nowhere, so the system cannot be put back`);
        }
      }
    }
    return local('change', 'write', `changes file ${what}`);
  },
  rules: [],
});

// ---------------------------------------------------------------- mv

const mvPack = definePack({
  id: 'mv',
  programs: ['mv'],
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    if (helpOrVersion(inv)) return local('help', 'read', 'shows help');
    const args = parseArgs(inv.args, new Set(['-t', '--target-directory', '-S', '--suffix']));
    const target = args.value('-t', '--target-directory') ?? operandWords(inv, new Set(['-t', '--target-directory', '-S', '--suffix'])).at(-1)?.value;
    if (target === '/dev/null') return local('to-null', 'destroy', 'moves files to /dev/null, which throws them away');
    return local('move', 'write', 'moves or renames files');
  },
  rules: [],
});

// ---------------------------------------------------------------- crontab

const crontabPack = definePack({
  id: 'crontab',
  programs: ['crontab'],
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    const args = parseArgs(inv.args, new Set(['-u']));
    if (args.has('-r')) return local('remove', 'destroy', 'deletes every scheduled job in the crontab, with no backup');
    if (args.has('-l') || args.has('--help')) return local('list', 'read', 'lists scheduled jobs');
    if (args.has('-e')) return local('edit', 'write', 'edits scheduled jobs');
    return local('replace', 'write', 'replaces the crontab with a file');
  },
  rules: [],
});

// ---------------------------------------------------------------- kill, pkill, killall

const killPack = definePack({
  id: 'kill',
  programs: ['kill', 'pkill', 'killall'],
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    if (inv.args.some((a) => a === '-l' || a === '-L' || a === '--list' || a === '--table') || helpOrVersion(inv)) {
      return local('list', 'read', 'lists signals');
    }
    if (inv.program === 'kill' && inv.args.includes('-1')) {
      return local('everything', 'write', 'signals every process the user owns (kill -1), ending the session');
    }
    return local('signal', 'write', 'stops or signals processes');
  },
  rules: [],
});

// ---------------------------------------------------------------- systemctl, service

const systemctlReads = new Set([
  'status', 'show', 'cat', 'list-units', 'list-unit-files', 'list-timers', 'list-sockets', 'list-dependencies', 'list-jobs',
  'list-machines', 'list-automounts', 'list-paths', 'is-active', 'is-enabled', 'is-failed', 'is-system-running', 'get-default',
  'show-environment', 'help',
]);
/** Verbs that take the whole machine down, as shutdown and reboot do. */
const systemctlPower = new Set(['reboot', 'soft-reboot', 'poweroff', 'halt', 'kexec', 'rescue', 'emergency']);
const systemctlValued = new Set(['-H', '--host', '-M', '--machine', '-t', '--type', '--state', '-p', '--property', '-n', '--lines', '-o', '--output', '-s', '--signal']);

const systemctlPack = definePack({
  id: 'systemctl',
  programs: ['systemctl', 'service'],
  targetKinds: ['host'],
  scope: 'local',
  asksForHelp: helpInClassify,
  classify: (_args, inv) => {
    if (helpOrVersion(inv)) return local('help', 'read', 'shows help');
    if (inv.program === 'service') {
      const verb = inv.args[0] === '--status-all' ? 'status' : inv.args[1] ?? '';
      if (verb === 'status' || inv.args.length === 0) return local('status', 'read', 'shows service status');
      return local('control', 'write', `${verb}s the ${inv.args[0]} service on this machine`);
    }
    const args = parseArgs(inv.args, systemctlValued);
    const host = args.value('-H', '--host');
    const remote = (v: Verdict): Verdict => (host
      ? { ...v, scope: 'infra', targets: [{ kind: 'host', value: host.slice(host.lastIndexOf('@') + 1).toLowerCase(), source: 'systemctl --host' }] }
      : v);
    const verb = args.positionals[0];
    if (!verb || systemctlReads.has(verb)) return remote(local('status', 'read', 'shows units and their state'));
    const where = host ? `on ${host}` : 'on this machine';
    if (systemctlPower.has(verb)) return remote(local('power', 'destroy', `${verb === 'kexec' || verb.endsWith('reboot') ? 'restarts' : 'stops'} the machine and everything running on it (${where})`));
    return remote(local('control', 'write', `runs systemctl ${args.positionals.join(' ')} ${where}`));
  },
  rules: [],
});

export const filePacks: readonly Pack[] = [
  rmPack, findPack, shredPack, ddPack, mkfsPack, partitionPack, diskutilPack, truncatePack, permissionsPack, mvPack, crontabPack,
  killPack, systemctlPack,
].map(localWorkUntargeted);
