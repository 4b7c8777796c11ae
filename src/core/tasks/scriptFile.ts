import { resolvePath } from '../paths';
import { bindPositional, findFile, unreadableFile } from './files';
import type { TaskCall, TaskOutcome } from './run';

const shells: ReadonlySet<string> = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash']);
const shellExtension = /\.(?:sh|bash|zsh|ksh)$/;
/** A first line naming a shell: `#!/bin/bash`, `#!/usr/bin/env -S bash -e`. */
const shellShebang = /^#!\s*\S*?\/(?:env\s+(?:-\S+\s+)*)?(?:ba|z|da|k|mk|a)?sh(?:\s|$)/;
/** Shell options that take a value (`-o errexit`, `-O extglob`, `--rcfile f`). */
const valuedOptions: ReadonlySet<string> = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

/**
 * `./scripts/x.sh args` and `bash x.sh args`: the script's lines with `$1`…, `$@` and `$*` bound to
 * the line's arguments. Programs run by a path that is not a shell script are left to their name.
 */
export function scriptFile(call: TaskCall): TaskOutcome | undefined {
  let file: string;
  let args: readonly (string | undefined)[];
  let label: string;
  if (call.program === 'source' || call.program === '.') {
    // bash's `source -p PATH file` searches PATH for the file: left to its name.
    const operand = call.args[0];
    if (!operand || operand.dynamic || operand.value === '-p') return undefined;
    file = operand.value;
    args = call.args.slice(1).map((w) => (w.dynamic ? undefined : w.value));
    label = `${call.program} ${file}`;
  } else if (shells.has(call.program)) {
    let i = 0;
    while (i < call.args.length) {
      const a = call.args[i].value;
      // `bash -c '…'` is read by the unwrapper; `bash -s` and `bash` alone read stdin.
      if (a === '-c' || a === '-s' || /^-[a-zA-Z]*[csn][a-zA-Z]*$/.test(a)) return undefined;
      if (a === '--') {
        i++;
        break;
      }
      if (!a.startsWith('-') && !a.startsWith('+')) break;
      i += valuedOptions.has(a) ? 2 : 1;
    }
    const operand = call.args[i];
    if (!operand || operand.dynamic) return undefined;
    file = operand.value;
    args = call.args.slice(i + 1).map((w) => (w.dynamic ? undefined : w.value));
    label = `${call.program} ${file}`;
  } else {
    file = call.argv0;
    if (!file.includes('/')) return undefined;
    // System programs are run by absolute path; only a shell script there is read.
    if (file.startsWith('/') ? !shellExtension.test(file) : /\.[A-Za-z0-9]+$/.test(file) && !shellExtension.test(file)) return undefined;
    args = call.args.map((w) => (w.dynamic ? undefined : w.value));
    label = file;
  }
  const path = resolvePath(call.cwd, file, call.env.HOME);
  const found = findFile(call.read, path.slice(0, path.lastIndexOf('/')) || '/', [path.slice(path.lastIndexOf('/') + 1)], false);
  if (!found) return { kind: 'unread', note: `${label}: no such script here; judged by its name` };
  if ('error' in found.file) return unreadableFile(label, file, found.file);
  const { text } = found.file;
  if (text.includes('\0')) return undefined;
  if (text.startsWith('#!') && !shellShebang.test(text.slice(0, text.indexOf('\n') >>> 0))) return undefined;
  return { kind: 'bodies', file, bodies: [{ code: bindPositional(text, args), label, key: path }] };
}
