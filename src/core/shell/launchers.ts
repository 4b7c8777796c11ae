import type { Word } from '../model';
import { resolvePath } from '../paths';
import { shellQuote } from '../tasks/files';
import { runCode } from './deferred';
import { knownText, type RawCommand, type Scope, type Walk } from './extract';
import { opaque, reparse, set, shift, skipOptions, type Wrapper } from './unwrap';

/**
 * Programs that start another program in a changed setting and then get out of its way: a tracer
 * or debugger (`strace`, `ltrace`, `gdb --args`, `valgrind`, `perf stat`), a sandbox, namespace or
 * root (`firejail`, `nsenter`, `chroot`, `unshare`), a lock (`flock`), another user (`runuser`), a
 * file watcher (`entr`), a build tool's exec goal (`mvn exec:exec`) or a scripted terminal (`expect`'s
 * `spawn`). The program they start is
 * judged as if typed.
 */
export const launchers: Readonly<Record<string, Wrapper>> = {
  strace: (walk, cmd, text, scope) => startsProgram(walk, cmd, text, scope, 'strace',
    set('-e', '-o', '-p', '-s', '-u', '-E', '-a', '-b', '-I', '-X', '-P', '-S', '-O', '--output', '--attach', '--user', '--env', '--string-limit')),
  ltrace: (walk, cmd, text, scope) => startsProgram(walk, cmd, text, scope, 'ltrace',
    set('-e', '-o', '-p', '-s', '-u', '-n', '-a', '-A', '-D', '-F', '-l', '-x', '-w', '--output', '--library', '--indent', '--align')),
  valgrind: (walk, cmd, text, scope) => startsProgram(walk, cmd, text, scope, 'valgrind', set()),
  firejail: (walk, cmd, text, scope) => startsProgram(walk, cmd, text, scope, 'firejail', set()),
  unshare: (walk, cmd, text, scope) => startsProgram(walk, cmd, text, scope, 'unshare', set('-S', '--setuid', '-G', '--setgid', '-R', '--root', '-w', '--wd')),
  nsenter: (walk, cmd, text, scope) => startsProgram(walk, cmd, text, scope, 'nsenter',
    set('-t', '--target', '-S', '--setuid', '-G', '--setgid', '-r', '--root', '-w', '--wd')),
  perf: (walk, cmd, text, scope) => {
    // perf stat|record|trace [options] [--] command: the other sub-commands read data already recorded.
    if (!perfRunners.has(cmd.args[0]?.value ?? '')) return false;
    const i = skipOptions(cmd.args, set('-e', '--event', '-o', '--output', '-p', '--pid', '-t', '--tid', '-r', '--repeat', '-C', '--cpu', '-G', '--cgroup', '-F', '--freq', '-c', '--count', '-x', '--field-separator', '-I', '--interval-print'), 1);
    return shift(walk, cmd, text, scope, i, `perf ${cmd.args[0].value}`);
  },
  gdb: (walk, cmd, text, scope) => {
    // gdb --args program args…: the program and its arguments, run when the session says `run`.
    const at = cmd.args.findIndex((a) => a.value === '--args');
    return at >= 0 && shift(walk, cmd, text, scope, at + 1, 'gdb --args');
  },
  chroot: (walk, cmd, text, scope) => {
    // chroot [options] NEWROOT [command…]; without a command it starts a shell there.
    const i = skipOptions(cmd.args, set('--userspec', '--groups'));
    return shift(walk, cmd, text, scope, i + 1, 'chroot');
  },
  flock: (walk, cmd, text, scope) => {
    // flock [options] FILE command… | flock [options] FILE -c 'command' | flock [options] FD.
    const valued = set('-w', '--timeout', '-E', '--conflict-exit-code');
    const file = skipOptions(cmd.args, valued);
    const code = cmd.args.findIndex((a, k) => k > file && (a.value === '-c' || a.value === '--command'));
    if (code >= 0) return runCodeOf(walk, cmd, text, scope, cmd.args[code + 1], 'flock -c');
    return shift(walk, cmd, text, scope, skipOptions(cmd.args, valued, file + 1), 'flock');
  },
  runuser: (walk, cmd, text, scope) => {
    const code = cmd.args.findIndex((a) => a.value === '-c' || a.value === '--command');
    if (code >= 0) return runCodeOf(walk, cmd, text, scope, cmd.args[code + 1], 'runuser -c');
    return shift(walk, cmd, text, scope, skipOptions(cmd.args, set('-u', '--user', '-g', '--group', '-G', '--supp-group', '-s', '--shell', '-w', '--whitelist-environment')), 'runuser');
  },
  entr: (walk, cmd, text, scope) => {
    // entr [-acdnprsz] utility [argument…]; with -s the utility is shell code.
    const i = skipOptions(cmd.args, set());
    if (cmd.args.slice(0, i).some((a) => /^-[a-z]*s[a-z]*$/.test(a.value))) return runCodeOf(walk, cmd, text, scope, cmd.args[i], 'entr -s');
    return shift(walk, cmd, text, scope, i, 'entr');
  },
  mvn: mavenExec,
  mvnw: mavenExec,
  expect: (walk, cmd, text, scope) => {
    const at = cmd.args.findIndex((a) => a.value === '-c');
    let script: Word | undefined = at >= 0 ? cmd.args[at + 1] : undefined;
    if (!script) {
      const file = cmd.args[skipOptions(cmd.args, set('-f', '-c'))];
      const body = file && !file.dynamic ? knownText(walk, resolvePath(cmd.cwd, file.value, cmd.env.HOME)) : undefined;
      if (body === undefined) return false;
      script = { ...file, value: body };
    }
    if (script.dynamic) {
      opaque(walk, cmd, text, 'shell.dynamic-code', 'expect runs a script that is only known at run time');
      return true;
    }
    const spawned = spawnedCommands(script.value);
    for (const line of spawned) reparse(walk, line, cmd, scope, 'expect spawn');
    return spawned.length > 0;
  },
};

/** `mvn exec:exec -Dexec.executable=psql -Dexec.args="…"`: Maven starts the program with those arguments. */
function mavenExec(walk: Walk, cmd: RawCommand, text: string, scope: Scope): boolean {
  if (!cmd.args.some((a) => a.value === 'exec:exec' || /^org\.codehaus\.mojo:exec-maven-plugin(?::[^:]+)?:exec$/.test(a.value))) return false;
  const property = (name: string): Word | undefined => {
    const arg = cmd.args.find((a) => a.value.startsWith(`-D${name}=`));
    return arg ? { ...arg, value: arg.value.slice(name.length + 3) } : undefined;
  };
  const executable = property('exec.executable');
  if (!executable) return false;
  if (executable.dynamic) {
    opaque(walk, cmd, text, 'shell.dynamic-command', 'mvn exec:exec runs a program whose name is only known at run time');
    return true;
  }
  const args = property('exec.args');
  if (args?.dynamic) {
    opaque(walk, cmd, text, 'shell.dynamic-code', `mvn exec:exec runs ${executable.value} with arguments only known at run time`);
    return true;
  }
  reparse(walk, [shellQuote(executable.value), args?.value ?? ''].join(' '), cmd, scope, 'mvn exec:exec');
  return true;
}

const perfRunners: ReadonlySet<string> = new Set(['stat', 'record', 'trace']);

/** The shell code an option hands over (`flock FILE -c 'cmd'`), or nothing to unwrap when it is missing. */
function runCodeOf(walk: Walk, cmd: RawCommand, text: string, scope: Scope, code: Word | undefined, label: string): boolean {
  return code !== undefined && runCode(walk, cmd, text, scope, code, label);
}

function startsProgram(walk: Walk, cmd: RawCommand, text: string, scope: Scope, label: string, valued: ReadonlySet<string>): boolean {
  return shift(walk, cmd, text, scope, skipOptions(cmd.args, valued), label);
}

/** Lines of an expect script read, at most. */
const maxExpectLines = 500;

/**
 * The commands an expect script starts: `spawn [-noecho] program args…` and Tcl's `exec`, one per
 * command (Tcl separates commands with newlines and `;`, and quotes words much as the shell does).
 */
export function spawnedCommands(script: string): string[] {
  const commands: string[] = [];
  for (const line of script.split('\n').slice(0, maxExpectLines)) {
    for (const piece of line.split(';')) {
      const m = /^\s*(?:spawn(?:\s+-(?:noecho|console|nottycopy|nottyinit|pty|ignore\s+\S+|open\s+\S+|leaveopen\s+\S+))*|exec)\s+(.+)$/.exec(piece);
      if (m) commands.push(m[1].replace(/\s*\]\s*$/, ''));
    }
  }
  return commands;
}
