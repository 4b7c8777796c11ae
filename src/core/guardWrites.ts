import { guardFileKind, guardFolderKind, hookFolderKind, mayNameGuard } from './fileAccess';
import type { Finding, Invocation } from './model';
import { basename, resolvePath } from './paths';
import type { Policy } from './policy/load';
import { redirectProgram } from './shell/extract';

/**
 * Programs that write to, or create something at, the paths they are given, whatever their pack
 * says about the rest: a FIFO, a device node, a folder or a link where a file is expected is a
 * change to it too.
 */
const fileWriters: ReadonlySet<string> = new Set([
  redirectProgram, 'cp', 'mv', 'tee', 'install', 'ln', 'link', 'rsync', 'truncate', 'touch', 'chmod', 'chown', 'rm', 'unlink', 'dd',
  'shred', 'patch', 'git', 'mkfifo', 'mknod', 'mkdir', 'scp',
]);
const inPlaceEditors: ReadonlySet<string> = new Set(['sed', 'perl', 'ruby', 'awk', 'gawk', 'yq', 'jq', 'sponge']);

/** Programs that move or remove the folders they are given, with everything inside. */
const folderRemovers: ReadonlySet<string> = new Set(['rm', 'rmdir', 'unlink', 'shred', 'trash', 'trash-put']);
/** git subcommands that move, remove or rewrite the paths they are given. */
const gitFolderMovers: ReadonlySet<string> = new Set(['mv', 'rm', 'checkout', 'restore', 'clean']);

const copiers: ReadonlySet<string> = new Set(['cp', 'install', 'rsync', 'scp', 'ln', 'link']);

interface Transfer {
  /** Operands moved or removed whole, with every guard file they hold. */
  readonly moved: readonly string[];
  /** Operands only read (a copy's sources): `cp .bulkhead.yaml /tmp/policy.yaml` leaves the policy alone. */
  readonly read: ReadonlySet<string>;
  /** Where a move or copy puts things: a hook folder there receives a file that may become a hook configuration. */
  readonly into?: string;
}

/** `mv`'s last operand (or `-t`) is where things go: a folder there receives them and stays in place (`mv /tmp/notes.txt .`). */
const noTransfer: Transfer = { moved: [], read: new Set() };

function transferOf(inv: Invocation): Transfer {
  if (inv.program !== 'mv' && inv.program !== 'git' && !copiers.has(inv.program) && !folderRemovers.has(inv.program)) return noTransfer;
  const operands = inv.args.filter((a) => !a.startsWith('-'));
  const targetFlag = inv.args.findIndex((a) => a === '-t' || a.startsWith('--target-directory'));
  const target = targetFlag < 0 ? undefined : inv.args[targetFlag].includes('=') ? inv.args[targetFlag].split('=')[1] : inv.args[targetFlag + 1];
  const into = target ?? operands[operands.length - 1];
  const sources = target !== undefined ? operands.filter((a) => a !== target) : operands.slice(0, -1).filter((a) => a !== into);
  if (inv.program === 'mv') return { moved: sources, read: new Set(), into };
  if (copiers.has(inv.program)) return { moved: [], read: new Set(sources), into };
  if (folderRemovers.has(inv.program) || (inv.program === 'git' && operands.some((a) => gitFolderMovers.has(a)))) return { moved: operands, read: new Set() };
  return noTransfer;
}

/**
 * `git restore --staged`: only the index changes, the files stay as they are. (`git rm --cached` of
 * the policy stays guarded: committed, it deletes the policy from every clone that pulls.)
 */
function indexOnly(inv: Invocation): boolean {
  if (inv.program !== 'git' || inv.args.find((a) => !a.startsWith('-')) !== 'restore') return false;
  return inv.args.some((a) => a === '--staged' || a === '-S') && !inv.args.some((a) => a === '--worktree' || a === '-W');
}

/**
 * Changing a guard from the shell (the policy, an agent's hook configuration, a managed ignore
 * file, the connection files under ~/.bulkhead) would switch the guard off for whoever did it, so it
 * always asks a human; agents are refused.
 */
export function guardWrite(finding: Finding, inv: Invocation, policy: Policy): Finding {
  const writes = finding.effect === 'write' || finding.effect === 'destroy' || fileWriters.has(inv.program)
    || (inPlaceEditors.has(inv.program) && inv.args.some((a) => /^-[a-zA-Z]*i/.test(a) || a === '--in-place'));
  if (!writes || inv.program === '' || indexOnly(inv)) return finding;
  const policyName = policy.file ? basename(policy.file) : '.bulkhead.yaml';
  const transfer = transferOf(inv);
  for (const word of inv.words) {
    const value = word.value.startsWith('-') ? word.value.slice(word.value.indexOf('=') + 1) : word.value;
    if (!value || word.dynamic || value.includes('://') || transfer.read.has(word.value)) continue;
    // A bare name may still be a folder that holds a guard (the workspace itself, seen from its parent).
    const folder = transfer.moved.includes(word.value) ? guardFolderKind(policy, resolvePath(inv.cwd, value, inv.env.HOME), inv.env.HOME)
      : transfer.into === word.value ? hookFolderKind(resolvePath(inv.cwd, value, inv.env.HOME)) : undefined;
    if (!folder && !/[./]/.test(value)) continue;
    // Most paths are no guard's: only one that names a guard's file or folder is resolved and looked up.
    const path = `${inv.cwd}/${value}`;
    if (!folder && !mayNameGuard(path) && !path.includes(policyName)) continue;
    const guard = folder ?? guardFileKind(policy, resolvePath(inv.cwd, value, inv.env.HOME), inv.env.HOME);
    if (!guard) continue;
    return {
      ruleId: 'guard.write',
      effect: finding.effect === 'read' ? 'write' : finding.effect,
      scope: 'local',
      reason: `changes ${guard}, which keeps Bulkhead's guard in place; only a human may do that`,
      atLeast: 'confirm',
    };
  }
  return finding;
}
