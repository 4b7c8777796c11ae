import { guardFileKind, mayNameGuard } from './fileAccess';
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

/**
 * Changing a guard from the shell (the policy, an agent's hook configuration, a managed ignore
 * file, the connection files under ~/.bulkhead) would switch the guard off for whoever did it, so it
 * always asks a human; agents are refused.
 */
export function guardWrite(finding: Finding, inv: Invocation, policy: Policy): Finding {
  const writes = finding.effect === 'write' || finding.effect === 'destroy' || fileWriters.has(inv.program)
    || (inPlaceEditors.has(inv.program) && inv.args.some((a) => /^-[a-zA-Z]*i/.test(a) || a === '--in-place'));
  if (!writes || inv.program === '') return finding;
  const policyName = policy.file ? basename(policy.file) : '.bulkhead.yaml';
  for (const word of inv.words) {
    const value = word.value.startsWith('-') ? word.value.slice(word.value.indexOf('=') + 1) : word.value;
    if (!value || word.dynamic || value.includes('://') || !/[./]/.test(value)) continue;
    // Most paths are no guard's: only one that names a guard's file or folder is resolved and looked up.
    const path = `${inv.cwd}/${value}`;
    if (!mayNameGuard(path) && !path.includes(policyName)) continue;
    const guard = guardFileKind(policy, resolvePath(inv.cwd, value, inv.env.HOME), inv.env.HOME);
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
