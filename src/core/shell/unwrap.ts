import type { Span, StdinSource, TargetHint, Word } from '../model';
import { findExecEnd } from '../packs/args';
import { stageHints } from '../packs/cloud-common';
import type { CarrierSpec } from '../packs/pack';
import { gitSettings, gitShellAlias } from '../packs/git';
import { packageBinary, packFor, runnersFor } from '../packs/registry';
import { basename, resolvePath } from '../paths';
import { type RawCommand, type Scope, type Walk, extractText, knownText, limits } from './extract';
import { envValues } from '../envFile';
import { sedEdit } from './sedEdit';
import { stageTokensOf } from '../targets/hints';
import { maxExpansions } from './evaluate';
import { deferredRunners, remoteShellReadsStdin, runCloudImage, runStdinOn } from './deferred';
import { launchers } from './launchers';
import { notebookRunners } from './notebooks';
import { scanScript, type ScriptLanguage, scriptLanguage } from './interpreters';
import { managerCommands } from '../tasks/packageScripts';
import { isTaskRunner, runTask } from '../tasks/run';
import { embeddedCommands } from './embedded';
import { shellSetupPrinters, textPrograms } from '../words/vocabulary';

/**
 * Removes the programs that only run another program (`sudo`, `env`, `timeout`, `xargs`,
 * `npx`, `bash -c`, `ssh host '…'`, …) and hands what they run back to the walk, so the
 * rule packs see the command that does the work.
 */
export function unwrapCommand(walk: Walk, found: RawCommand, text: string, scope: Scope): void {
  let command = found;
  if (command.via.length >= limits.maxWrappers) {
    walk.truncated = true;
    opaque(walk, command, text, 'shell.too-deep',
      `runs a command through more than ${limits.maxWrappers} wrappers (sudo, env, shells…), so Bulkhead stops looking inside`);
    return;
  }
  const located = locatedProgram.exec(command.name.raw);
  if (command.name.dynamic && located) {
    // `$(which terraform) destroy`: the program is named, only its directory is looked up.
    unwrapCommand(walk, { ...command, name: { ...command.name, value: located[1], dynamic: false } }, text, scope);
    return;
  }
  if (command.name.dynamic) {
    opaque(walk, command, text, 'shell.dynamic-command',
      `runs a program whose name is computed at run time (${command.name.raw}), so Bulkhead cannot tell what it does`);
    return;
  }
  if (command.name.value.includes('/') && runWrittenFile(walk, command, text, scope, command.name, command.name.value)) {
    // A program whose content the line replaced unseen (`cp "$(which kubectl)" /tmp/k`) is unknown, and
    // still says by its words what it is asked to do (`/tmp/k --context prod-eu-1 delete ns api`).
    if (!writtenUnseen(walk, command, command.name)) return;
  }
  const program = programName(command.name.value);
  const alias = scope.aliases.get(program);
  if (alias !== undefined && !scope.expanding.has(program)) {
    reparse(walk, [alias, ...command.args.map((a) => a.raw)].join(' '), command, scope, `alias ${program}`, program);
    return;
  }
  const body = scope.functions?.get(program);
  if (body !== undefined && !scope.expanding.has(`function ${program}`)) {
    const positional = command.args.some((a) => a.dynamic) ? undefined : command.args.map((a) => a.value);
    reparse(walk, body, command, scope, `function ${program}`, `function ${program}`, command.inherited, command.span, positional);
    return;
  }
  // Task runners and scripts are judged by the bodies the workspace holds.
  const runner = command.task ? command : runTask(walk, command, text, scope, program);
  if (!runner) return;
  command = runner;
  // python3.12, pypy3, php8.3: any name the scanner knows as an interpreter is looked into.
  const handler = wrappers[program] ?? (scriptLanguage(program) ? interpreterWrapper : undefined);
  if (handler && handler(walk, command, text, scope) !== false) return;
  if (runsWith(walk, command, text, scope, program)) return;
  if (carriedCommand(walk, command, text, scope, program)) return;
  emit(walk, command, text);
  if (!packFor(program) && !textPrograms.has(program)) {
    const runner = command;
    embeddedCommands(runner, program, {
      knows: knownProgram,
      shift: (from, label) => shift(walk, runner, text, scope, from, label),
      reparse: (code, label) => reparse(walk, code, runner, scope, label),
    });
  }
}

/** A program whose use Bulkhead can judge: one with a pack, a wrapper, a shell or interpreter, a task runner, a script here. */
function knownProgram(name: string): boolean {
  if (/^\.{1,2}\//.test(name)) return true;
  const program = programName(name);
  return Object.hasOwn(wrappers, program) || scriptLanguage(program) !== undefined || isTaskRunner(program) || packFor(program) !== undefined;
}

const locatedProgram = /^(?:\$\(|`)\s*(?:which|command\s+-v|type\s+-[pP]|whereis\s+-b)\s+([A-Za-z0-9_.+-]+)\s*(?:\)|`)$/;

export function programName(value: string): string {
  const name = basename(value);
  return name.endsWith('.exe') ? name.slice(0, -4) : name;
}

export function emit(walk: Walk, command: RawCommand, text: string): void {
  if (walk.items.length >= limits.maxItems) {
    walk.truncated = true;
    return;
  }
  walk.items.push({ kind: 'command', command: walk.files.size > 0 ? { ...command, written: new Map(walk.files) } : command, text });
  recordNamedWrites(walk, command);
}

/**
 * Files a command writes by name, not through a redirection (those are the walk's): what a later
 * command on the line runs from them is their new content. A download's is unseen (`bash install.sh`
 * after `curl -o install.sh …`), as is an edit in place (`sed -i`); a copy of a known file is its text.
 */
function recordNamedWrites(walk: Walk, command: RawCommand): void {
  const at = (value: string): string => resolvePath(command.cwd, value, command.env.HOME);
  const downloaded = downloadedFile(command);
  if (downloaded) {
    walk.files.set(at(downloaded), undefined);
    return;
  }
  const name = command.name.value;
  const words = command.args;
  if (name === 'git') {
    recordGitConfig(walk, command);
    return;
  }
  if (name === 'cp' || name === 'mv' || name === 'install' || name === 'ln') {
    const operands = words.filter((w) => !w.value.startsWith('-'));
    if (operands.length < 2 || words.some((w) => w.value === '-t' || w.value.startsWith('--target-directory'))) return;
    const [source, destination] = [operands[0], operands[operands.length - 1]];
    if (destination.dynamic) return;
    // A symbolic link reads as what it points to, which is relative to the link's folder.
    const linked = name === 'ln' ? (source.value.startsWith('/') || !destination.value.includes('/') ? source.value : undefined) : source.value;
    const copied = operands.length === 2 && !source.dynamic && linked !== undefined ? knownText(walk, at(linked)) : undefined;
    walk.files.set(at(destination.value), copied);
    return;
  }
  for (let i = 0; i < words.length; i++) {
    const a = words[i].value;
    if (name === 'dd' && a.startsWith('of=')) walk.files.set(at(a.slice(3)), undefined);
    else if (name === 'sed' && words.some((w) => /^-[a-zA-Z]*i|^--in-place/.test(w.value))) {
      editInPlace(walk, words, at);
      return;
    } else if (name === 'perl' && /^-[a-zA-Z]*i/.test(a)) {
      for (const w of words.slice(i + 1)) if (!w.value.startsWith('-') && !w.dynamic) walk.files.set(at(w.value), undefined);
      return;
    }
  }
}

/** `sed -i -e EXPR … FILE…`: each file as the substitutions leave it, or unseen when they cannot be read. */
function editInPlace(walk: Walk, words: readonly Word[], at: (value: string) => string): void {
  const expressions: string[] = [];
  const files: Word[] = [];
  let extended = false;
  let dynamic = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.value === '-e' || w.value === '--expression') {
      const next = words[++i];
      if (next) expressions.push(next.value);
      dynamic ||= next?.dynamic ?? true;
    } else if (w.value.startsWith('--expression=')) expressions.push(w.value.slice(13));
    else if (w.value === '-f' || w.value === '--file') {
      dynamic = true;
      i++;
    } else if (w.value.startsWith('-') && w.value !== '-') {
      if (/^-[a-zA-Z]*[Er]/.test(w.value) || w.value === '--regexp-extended') extended = true;
      // NUL-separated records are not the lines modelled here.
      if (/^-[a-zA-Z]*z/.test(w.value) || w.value === '--null-data') dynamic = true;
      // BSD's `-i ''`: the empty backup suffix.
      if (w.value === '-i' && words[i + 1]?.value === '' && !words[i + 1].dynamic) i++;
    } else files.push(w);
  }
  // Without -e the first operand is the script.
  if (expressions.length === 0 && !dynamic) {
    const script = files.shift();
    if (script) expressions.push(script.value);
    dynamic ||= script?.dynamic ?? true;
  }
  for (const file of files) {
    if (file.dynamic) continue;
    const path = at(file.value);
    const before = dynamic ? undefined : knownText(walk, path);
    walk.files.set(path, before === undefined ? undefined : sedEdit(before, expressions, extended));
  }
}

const gitConfigSwitches: ReadonlySet<string> = new Set(['set', '--local', '--worktree', '--add', '--replace-all', '--global']);

/**
 * `git config core.hooksPath .githooks`: the repository's (or, with `--global`, the user's) config
 * file gets the setting, for the hooks a later `git push` on the line runs.
 */
function recordGitConfig(walk: Walk, command: RawCommand): void {
  const words = command.args.map((w) => w.value);
  const at = words.indexOf('config');
  if (at < 0) return;
  let i = at + 1;
  while (i < words.length && gitConfigSwitches.has(words[i])) i++;
  if (words[i]?.toLowerCase() !== 'core.hookspath' || words[i + 1] === undefined || command.args[i + 1].dynamic) return;
  const dashC = words.indexOf('-C');
  const cwd = dashC >= 0 && dashC < at && words[dashC + 1] ? resolvePath(command.cwd, words[dashC + 1], command.env.HOME) : command.cwd;
  const file = words.slice(at, i).includes('--global') ? `${command.env.HOME ?? '~'}/.gitconfig` : `${cwd}/.git/config`;
  walk.files.set(file, `${knownText(walk, file) ?? ''}\n[core]\n\thooksPath = ${words[i + 1]}\n`);
}

/** The file curl or wget saves a download in: `-o FILE`, `-O` (the URL's name), wget's default. */
function downloadedFile(command: RawCommand): string | undefined {
  // Every command passes here: most are neither, and need no name normalising.
  if (!/(?:curl|wget)(?:\.exe)?$/.test(command.name.value)) return undefined;
  const program = programName(command.name.value);
  if (program !== 'curl' && program !== 'wget') return undefined;
  const args = command.args.map((a) => a.value);
  const url = args.find((a) => /^[a-z][a-z0-9+.-]*:\/\//i.test(a));
  const urlName = () => (url ? url.replace(/[?#].*$/, '').split('/').filter(Boolean).pop() ?? 'index.html' : undefined);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (program === 'curl') {
      if (a === '-o' || a === '--output') return args[i + 1];
      if (a.startsWith('--output=')) return a.slice(9);
      if (/^-[a-zA-Z]*o./.test(a) && !a.startsWith('--')) return a.slice(a.indexOf('o') + 1);
      if (/^-[a-zA-Z]+o$/.test(a)) return args[i + 1];
      if (a === '-O' || a === '--remote-name' || (/^-[a-zA-Z]*O$/.test(a) && !a.startsWith('--'))) return urlName();
    } else {
      if (a === '-O' || a === '--output-document') return args[i + 1] === '-' ? undefined : args[i + 1];
      if (a.startsWith('--output-document=')) return a.slice(18) === '-' ? undefined : a.slice(18);
      if (/^-O./.test(a)) return a.slice(2) === '-' ? undefined : a.slice(2);
    }
  }
  return program === 'wget' ? urlName() : undefined;
}

export function opaque(walk: Walk, command: RawCommand, text: string, ruleId: string, reason: string): void {
  walk.items.push({ kind: 'opaque', ruleId, reason, span: command.span, text, via: command.via, inherited: command.inherited });
}

/** Returns false when the command is not wrapping anything after all and should be emitted as is. */
export type Wrapper = (walk: Walk, command: RawCommand, text: string, scope: Scope) => boolean | void;

/** Continues with `args[from…]` as the command, carrying the wrapper in `via`. */
export function shift(
  walk: Walk,
  command: RawCommand,
  text: string,
  scope: Scope,
  from: number,
  label: string,
  changes: { env?: Record<string, string>; cwd?: string; inherited?: readonly TargetHint[]; stdin?: StdinSource; extraArgs?: Word[] } = {},
): boolean {
  const rest = command.args.slice(from);
  if (rest.length === 0) return false;
  const env = changes.env ?? command.env;
  const next: RawCommand = {
    ...command,
    name: rest[0],
    args: [...rest.slice(1), ...(changes.extraArgs ?? [])],
    env,
    cwd: changes.cwd ?? command.cwd,
    stdin: changes.stdin ?? command.stdin,
    via: [...command.via, label],
    inherited: changes.inherited ?? command.inherited,
  };
  unwrapCommand(walk, next, text, { ...scope, via: next.via });
  return true;
}

/** Parses a string the command will run as shell code (`bash -c`, `eval`, `ssh host '…'`). */
export function reparse(
  walk: Walk,
  code: string,
  command: RawCommand,
  scope: Scope,
  label: string,
  expanding?: string,
  inherited: readonly TargetHint[] = command.inherited,
  outerSpan: Span = command.span,
  /** `$1`…, `$@` inside the code: a function's call arguments. */
  positional?: readonly string[],
): void {
  const expandingSet = expanding ? new Set([...scope.expanding, expanding]) : scope.expanding;
  extractText(walk, code, {
    env: { ...command.env },
    assigned: { ...command.assigned },
    cwd: command.cwd,
    aliases: scope.aliases,
    functions: scope.functions,
    positional,
    depth: scope.depth + 1,
    via: [...command.via, label],
    inherited,
    outerSpan: scope.outerSpan ?? outerSpan,
    expanding: expandingSet,
  });
}

/**
 * A script the line itself wrote (`cat > x.sh <<EOF … EOF; bash x.sh`, `tee`, `echo … > "$f"`,
 * `<(echo …)`) or hands over on stdin (`. /dev/stdin <<< …`) is run as the text it was given.
 * One written by a command whose output is not known runs something Bulkhead cannot see.
 * Returns false for a file the line did not write.
 */
/** Whether the line wrote the file with content Bulkhead cannot see. */
function writtenUnseen(walk: Walk, cmd: RawCommand, file: Word): boolean {
  const path = resolvePath(cmd.cwd, file.value, cmd.env.HOME);
  return walk.files.has(path) && walk.files.get(path) === undefined;
}

export function runWrittenFile(walk: Walk, cmd: RawCommand, text: string, scope: Scope, file: Word, label: string): boolean {
  if (file.dynamic) return false;
  if ((file.value === '/dev/stdin' || file.value === '-') && cmd.stdin) {
    if (cmd.stdin.text === undefined) return false;
    reparse(walk, cmd.stdin.text, cmd, scope, `${label} /dev/stdin`);
    return true;
  }
  const path = resolvePath(cmd.cwd, file.value, cmd.env.HOME);
  if (!walk.files.has(path)) return false;
  const written = walk.files.get(path);
  if (written === undefined) {
    opaque(walk, cmd, text, 'shell.written-script', `${label} runs ${file.value}, written earlier on the line with content Bulkhead cannot see`);
    return true;
  }
  if (scope.expanding.has(`file:${path}`)) return false;
  reparse(walk, written, { ...cmd, stdin: undefined }, scope, `${label} ${file.value}`, `file:${path}`);
  return true;
}

/** Skips leading options; `valued` lists the options that take a value. Returns the index of the first operand. */
export function skipOptions(args: readonly Word[], valued: ReadonlySet<string>, from = 0): number {
  let i = from;
  while (i < args.length) {
    const a = args[i].value;
    if (a === '--') return i + 1;
    if (!a.startsWith('-') || a === '-') return i;
    if (valued.has(a)) i += 2;
    else if (!a.startsWith('--') && a.length > 2 && valued.has(a.slice(0, 2))) i += 1;
    else i += 1;
  }
  return i;
}

export const set = (...names: string[]): ReadonlySet<string> => new Set(names);

/**
 * One option of GNU or BSD env, with its value: `-u NAME`, `-uNAME`, `--unset=NAME`, `-C DIR`,
 * `-S STRING`, and BSD's `-P ALTPATH`, `-L|-U USER[/CLASS]`, whose value must not be read as the program.
 */
function envOption(args: readonly Word[], i: number): { name: string; value?: string; next: number } {
  const a = args[i].value;
  const long = /^--(unset|chdir|split-string)(?:=(.*))?$/s.exec(a);
  if (long) {
    const name = long[1] === 'unset' ? '-u' : long[1] === 'chdir' ? '-C' : '-S';
    return long[2] !== undefined ? { name, value: long[2], next: i + 1 } : { name, value: args[i + 1]?.value, next: i + 2 };
  }
  if (a === '--ignore-environment') return { name: '-i', next: i + 1 };
  if (a.startsWith('--') || a === '-') return { name: a, next: i + 1 };
  // A short cluster: the first option that takes a value takes the rest of the word, or the next word.
  for (let k = 1; k < a.length; k++) {
    const flag = `-${a[k]}`;
    if (!envValued.has(flag)) continue;
    const attached = a.slice(k + 1);
    return attached ? { name: flag, value: attached, next: i + 1 } : { name: flag, value: args[i + 1]?.value, next: i + 2 };
  }
  return { name: a.includes('i') ? '-i' : a, next: i + 1 };
}

function applyAssignments(args: readonly Word[], from: number, env: Record<string, string>, assigned: Record<string, string>): number {
  let i = from;
  while (i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i].value)) {
    const eq = args[i].value.indexOf('=');
    const key = args[i].value.slice(0, eq);
    if (args[i].dynamic) delete env[key];
    else env[key] = args[i].value.slice(eq + 1);
    // A value taken from another variable keeps its reference, so `env T="$RAILWAY_TOKEN" …` stays tied to it.
    assigned[key] = args[i].dynamic ? args[i].raw.slice(args[i].raw.indexOf('=') + 1) : args[i].value.slice(eq + 1);
    i++;
  }
  return i;
}

const envValued = set('-u', '-C', '-S', '-P', '-L', '-U');
const sudoValued = set('-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '--user', '--group', '--chdir', '--host', '--prompt', '--role', '--type', '--close-from', '--other-user');
const niceValued = set('-n', '--adjustment');
const ioniceValued = set('-c', '-n', '--class', '--classdata');
const timeoutValued = set('-s', '--signal', '-k', '--kill-after');
const execValued = set('-a');
const timeValued = set('-f', '--format', '-o', '--output');
const watchValued = set('-n', '--interval', '-q', '--equexit', '--differences');
/** GNU and BSD xargs options with a separate value; `-e`, `-l`, `-i` and their long forms take one only when attached. */
const xargsValued = set('-n', '-P', '-d', '-L', '-a', '-s', '-E', '-R', '-S', '--delimiter', '--max-args', '--max-procs', '--arg-file', '--max-chars', '--process-slot-var');
const stdbufValued = set('-i', '-o', '-e', '--input', '--output', '--error');
const npxValued = set('-p', '--package', '--call', '-c', '--workspace', '-w', '--prefix');
const sshValued = set('-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B', '-P');
/** Lines of an ssh config read, at most. */
const maxSshConfigLines = 2000;

/**
 * What the ssh config (`-F file`, else `~/.ssh/config`) says an alias is: `Host prod-db` with
 * `HostName db-1.prod.acme.internal`, and the `ProxyJump` it goes through.
 */
function sshConfigHosts(walk: Walk, cmd: RawCommand, hostIndex: number, alias: string): TargetHint[] {
  const options = cmd.args.slice(0, hostIndex).map((a) => a.value);
  const flag = options.lastIndexOf('-F');
  const file = flag >= 0 ? options[flag + 1] : cmd.env.HOME ? `${cmd.env.HOME}/.ssh/config` : undefined;
  const text = file === undefined ? undefined : knownText(walk, resolvePath(cmd.cwd, file, cmd.env.HOME));
  if (text === undefined) return [];
  const hints: TargetHint[] = [];
  let applies = false;
  for (const line of text.split('\n').slice(0, maxSshConfigLines)) {
    const m = /^\s*(\w+)\s*=?\s*(.+?)\s*$/.exec(line.replace(/#.*$/, ''));
    if (!m) continue;
    const key = m[1].toLowerCase();
    if (key === 'host' || key === 'match') {
      applies = key === 'host' && m[2].split(/\s+/).some((pattern) => !pattern.startsWith('!') && new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(alias));
      continue;
    }
    if (!applies) continue;
    if (key === 'hostname') hints.push({ kind: 'host', value: m[2].replace('%h', alias).toLowerCase(), source: `ssh config for ${alias}` });
    if (key === 'proxyjump') for (const hop of m[2].split(',')) hints.push({ kind: 'host', value: hop.slice(hop.lastIndexOf('@') + 1).replace(/:\d+$/, '').toLowerCase(), source: `ssh jump host for ${alias}` });
  }
  return hints;
}

const emacsEval = set('--eval', '-eval');
const moshValued = set('-p', '--port', '--ssh', '--predict', '--family', '--server', '--bind-server', '--experimental-remote-ip');
const shellValued = set('-o', '+o', '-O', '+O', '--rcfile', '--init-file');

/** The binary that the package `npx`/`pnpm dlx` fetches runs: its pack's program, or the package's name. */
function npxBinary(spec: string): string {
  const atVersion = spec.lastIndexOf('@');
  const name = atVersion > 0 ? spec.slice(0, atVersion) : spec;
  return packageBinary(name) ?? basename(name);
}

const shells = set('bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish');
/**
 * The hosts an ssh connection goes through (`-J bastion`, `-o ProxyJump=a,b`): a host reached
 * through an environment's bastion is in that environment's network.
 */
function jumpHosts(options: readonly Word[]): TargetHint[] {
  const hints: TargetHint[] = [];
  for (let j = 0; j < options.length; j++) {
    const a = options[j].value;
    let list: string | undefined;
    if (a === '-J') list = options[j + 1]?.value;
    else if (a.startsWith('-J')) list = a.slice(2);
    else {
      const option = a === '-o' ? options[j + 1]?.value ?? '' : a.startsWith('-o') ? a.slice(2) : '';
      list = /^ProxyJump[= ](.+)$/i.exec(option)?.[1];
      // `-o ProxyCommand='ssh -W %h:%p ops@bastion.prod…'`: the hosts the proxy command connects through.
      const proxy = /^ProxyCommand[= ](.+)$/i.exec(option)?.[1];
      if (proxy) list = proxy.split(/\s+/).filter((w) => /^(?:[^@\s]+@)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?$/i.test(w)).join(',');
    }
    for (const hop of list?.split(',') ?? []) {
      const name = hop.slice(hop.lastIndexOf('@') + 1).replace(/:\d+$/, '').trim().toLowerCase();
      if (name && name !== 'none') hints.push({ kind: 'host', value: name, source: 'ssh jump host' });
    }
  }
  return hints;
}

const wrappers: Readonly<Record<string, Wrapper>> = {
  sudo: (walk, cmd, text, scope) => {
    const i = skipOptions(cmd.args, sudoValued);
    const env = { ...cmd.env };
    const j = applyAssignments(cmd.args, i, env, {});
    return shift(walk, cmd, text, scope, j, 'sudo', { env });
  },
  doas: (walk, cmd, text, scope) => shift(walk, cmd, text, scope, skipOptions(cmd.args, set('-u', '-C')), 'doas'),
  env: (walk, cmd, text, scope) => {
    let env = { ...cmd.env };
    let cwd = cmd.cwd;
    let i = 0;
    while (i < cmd.args.length) {
      const a = cmd.args[i].value;
      if (a === '--') {
        i++;
        break;
      }
      if (!a.startsWith('-')) break;
      const option = envOption(cmd.args, i);
      if (option.name === '-i' || option.name === '-') env = {};
      else if (option.name === '-u') delete env[option.value ?? ''];
      else if (option.name === '-C') cwd = resolvePath(cwd, option.value ?? '.', env.HOME);
      else if (option.name === '-S') {
        if (option.value === undefined) return false;
        const rest = [option.value, ...cmd.args.slice(option.next).map((w) => w.raw)].join(' ');
        reparse(walk, rest, { ...cmd, env, cwd }, scope, 'env -S');
        return true;
      }
      i = option.next;
    }
    const assigned = { ...cmd.assigned };
    const j = applyAssignments(cmd.args, i, env, assigned);
    if (j >= cmd.args.length) return false;
    return shift(walk, { ...cmd, assigned }, text, scope, j, 'env', { env, cwd });
  },
  nohup: (walk, cmd, text, scope) => shift(walk, cmd, text, scope, skipOptions(cmd.args, set()), 'nohup'),
  time: (walk, cmd, text, scope) => shift(walk, cmd, text, scope, skipOptions(cmd.args, timeValued), 'time'),
  nice: (walk, cmd, text, scope) => {
    let i = skipOptions(cmd.args, niceValued);
    if (cmd.args[0] && /^-\d+$/.test(cmd.args[0].value)) i = Math.max(i, 1);
    return shift(walk, cmd, text, scope, i, 'nice');
  },
  ionice: (walk, cmd, text, scope) => shift(walk, cmd, text, scope, skipOptions(cmd.args, ioniceValued), 'ionice'),
  timeout: (walk, cmd, text, scope) => shift(walk, cmd, text, scope, skipOptions(cmd.args, timeoutValued) + 1, 'timeout'),
  stdbuf: (walk, cmd, text, scope) => shift(walk, cmd, text, scope, skipOptions(cmd.args, stdbufValued), 'stdbuf'),
  chronic: (walk, cmd, text, scope) => shift(walk, cmd, text, scope, 0, 'chronic'),
  unbuffer: (walk, cmd, text, scope) => shift(walk, cmd, text, scope, skipOptions(cmd.args, set()), 'unbuffer'),
  builtin: (walk, cmd, text, scope) => shift(walk, cmd, text, scope, 0, 'builtin'),
  command: (walk, cmd, text, scope) => {
    if (cmd.args.some((a) => a.value === '-v' || a.value === '-V')) return false;
    return shift(walk, cmd, text, scope, skipOptions(cmd.args, set()), 'command');
  },
  exec: (walk, cmd, text, scope) => shift(walk, cmd, text, scope, skipOptions(cmd.args, execValued), 'exec'),
  watch: (walk, cmd, text, scope) => {
    const i = skipOptions(cmd.args, watchValued);
    if (i >= cmd.args.length) return false;
    if (cmd.args.slice(0, i).some((a) => a.value === '-x' || a.value === '--exec')) return shift(walk, cmd, text, scope, i, 'watch');
    reparse(walk, cmd.args.slice(i).map((a) => a.value).join(' '), cmd, scope, 'watch');
    return true;
  },
  xargs: (walk, cmd, text, scope) => {
    const args = cmd.args;
    let i = 0;
    let replace: string | undefined;
    while (i < args.length) {
      const a = args[i].value;
      if (a === '--') {
        i++;
        break;
      }
      if (!a.startsWith('-') || a === '-') break;
      // GNU -I R, BSD -J R; GNU's --replace[=R] and -i[R] take their value only when attached.
      if (a === '-I' || a === '-J') replace = args[++i]?.value;
      else if (/^-[IJ]./s.test(a)) replace = a.slice(2);
      else if (a === '--replace' || a === '-i') replace = '{}';
      else if (a.startsWith('--replace=')) replace = a.slice(10) || '{}';
      else if (a.startsWith('-i')) replace = a.slice(2);
      else if (xargsValued.has(a)) i++;
      i++;
    }
    if (i >= args.length) return false;
    if (replace === undefined) {
      // Input written on the line (`xargs cat <<< .env.production`) becomes the arguments, split as xargs splits them.
      const known = cmd.stdin?.text?.split(/\s+/).filter(Boolean);
      const extraArgs: Word[] = known && known.length <= maxExpansions
        ? known.map((value) => ({ value, raw: value, dynamic: false, span: cmd.span }))
        : [{ value: '', raw: '<stdin>', dynamic: true, span: cmd.span }];
      return shift(walk, { ...cmd, stdin: known ? undefined : cmd.stdin }, text, scope, i, 'xargs', { extraArgs });
    }
    const marker = replace;
    const lines = cmd.stdin?.text?.split('\n').filter((line) => line.trim() !== '');
    if (marker && lines && lines.length > 0 && lines.length <= maxExpansions) {
      // Input written on the line (`<<< acme-prod-assets`): each line is put where the replace string stands.
      for (const line of lines) {
        const filled = args.slice(i).map((w): Word => (w.value.includes(marker) ? { ...w, value: w.value.split(marker).join(line.trim()) } : w));
        shift(walk, { ...cmd, args: [...args.slice(0, i), ...filled], stdin: undefined }, text, scope, i, 'xargs');
      }
      return true;
    }
    // Each input line is put where the replace string stands: those words are only known at run time.
    const payload = args.slice(i).map((w): Word => (marker && w.value.includes(marker)
      ? { ...w, value: w.value === marker ? '' : w.value, raw: w.value === marker ? '<stdin>' : w.raw, dynamic: true }
      : w));
    return shift(walk, { ...cmd, args: [...args.slice(0, i), ...payload] }, text, scope, i, 'xargs');
  },
  parallel: (walk, cmd, _text, scope) => parallelWrapper(walk, cmd, scope, 'parallel'),
  sem: (walk, cmd, _text, scope) => parallelWrapper(walk, cmd, scope, 'sem'),
  busybox: (walk, cmd, text, scope) => {
    // busybox APPLET args: the applet is the program; `busybox --list` and the like run nothing.
    if (!cmd.args[0] || cmd.args[0].value.startsWith('-')) return false;
    return shift(walk, cmd, text, scope, 0, 'busybox');
  },
  git: (walk, cmd, text, scope) => {
    // The ssh command git runs to reach a remote, when the line sets it, runs too:
    // `GIT_SSH_COMMAND='sh -c "…"' git fetch`, `git -c core.sshCommand=… push`.
    // A `!` alias is shell code, run with the words after it (git appends them).
    const alias = gitShellAlias(cmd.args.map((a) => a.value), cmd.env);
    if (alias) {
      reparse(walk, [alias.code, ...cmd.args.slice(alias.rest).map((a) => a.raw)].join(' '), cmd, scope, 'git alias');
      return true;
    }
    let sshCommand = cmd.assigned.GIT_SSH_COMMAND;
    for (const setting of gitSettings(cmd.args.map((a) => a.value), cmd.env)) {
      if (setting.toLowerCase().startsWith('core.sshcommand=')) sshCommand = setting.slice(16);
    }
    if (!sshCommand) return false;
    emit(walk, cmd, text);
    reparse(walk, sshCommand, cmd, scope, 'git core.sshCommand');
    return true;
  },
  find: (walk, cmd, text, scope) => {
    // find itself is classified by its pack (-delete, -exec rm); each -exec payload runs too. The
    // pack is shown each payload as it is once unwrapped, so `-exec env rm` reads as `-exec rm`.
    const at = walk.items.length;
    emit(walk, cmd, text);
    const words: Word[] = [];
    let unwrapped = false;
    for (let i = 0; i < cmd.args.length; i++) {
      const a = cmd.args[i].value;
      words.push(cmd.args[i]);
      if (a !== '-exec' && a !== '-execdir' && a !== '-ok' && a !== '-okdir') continue;
      const end = findExecEnd(cmd.args.map((w) => w.value), i + 1);
      const payload = cmd.args.slice(i + 1, end);
      if (payload.length > 0) {
        const label = `find ${a}`;
        // -execdir runs in the folder of each file found, somewhere under its start folders.
        const starts = a.endsWith('dir') ? findStarts(cmd.args) : [];
        const cwds = starts.length > 0 && starts.length <= maxFindStarts && starts.every((w) => !w.dynamic)
          ? starts.map((w) => resolvePath(cmd.cwd, w.value, cmd.env.HOME)) : [cmd.cwd];
        const next: RawCommand = { ...cmd, name: payload[0], args: payload.slice(1), cwd: cwds[0], via: [...cmd.via, label] };
        const mark = walk.items.length;
        unwrapCommand(walk, next, text, { ...scope, cwd: cwds[0], via: next.via });
        for (const cwd of cwds.slice(1)) unwrapCommand(walk, { ...next, cwd }, text, { ...scope, cwd, via: next.via });
        const ran = walk.items.slice(mark).find((item) => item.kind === 'command');
        if (ran?.kind === 'command' && ran.command.via.length > next.via.length) {
          words.push(ran.command.name, ...ran.command.args.filter((w) => w.raw !== '<stdin>'));
          unwrapped = true;
        } else {
          words.push(...payload);
        }
      }
      if (end < cmd.args.length) words.push(cmd.args[end]);
      i = end;
    }
    const emitted = walk.items[at];
    if (unwrapped && emitted?.kind === 'command' && emitted.command === cmd) {
      walk.items[at] = { ...emitted, command: { ...cmd, args: words } };
    }
    return true;
  },
  eval: (walk, cmd, text, scope) => {
    if (cmd.args.length === 0) return true;
    // `eval "$(ssh-agent -s)"`: a tool printing the variables and functions that set up the shell; the
    // tool itself was judged where its substitution was walked.
    if (cmd.args.length === 1 && printsShellSetup(cmd.args[0].raw)) return true;
    if (cmd.args.some((a) => a.dynamic)) {
      opaque(walk, cmd, text, 'shell.eval-dynamic', 'evaluates text that is only known at run time (eval of a variable or command output)');
      return true;
    }
    reparse(walk, cmd.args.map((a) => a.value).join(' '), cmd, scope, 'eval');
    return true;
  },
  source: sourceScript,
  '.': sourceScript,
  trap: trapCommand,
  ssh: (walk, cmd, text, scope) => {
    const i = skipOptions(cmd.args, sshValued);
    const host = cmd.args[i];
    if (!host) return false;
    const hostName = host.value.includes('@') ? host.value.slice(host.value.lastIndexOf('@') + 1) : host.value;
    const inherited = [...cmd.inherited, { kind: 'host', value: hostName, source: 'ssh host' }, ...jumpHosts(cmd.args.slice(0, i)), ...sshConfigHosts(walk, cmd, i, hostName)];
    const remote = cmd.args.slice(i + 1);
    if (remote.length > 0 && !remote.some((a) => a.dynamic) && remoteShellReadsStdin(remote.map((a) => a.value).join(' '))) {
      // ssh host bash -s <<EOF … EOF: the here-doc is the script the remote shell runs.
      return runStdinOn(walk, cmd, text, scope, `ssh ${hostName}`, inherited);
    }
    if (remote.length === 0) {
      if (cmd.stdin?.text !== undefined) {
        reparse(walk, cmd.stdin.text, cmd, scope, `ssh ${hostName}`, undefined, inherited);
        return true;
      }
      return false;
    }
    if (remote.some((a) => a.dynamic)) {
      walk.items.push({ kind: 'opaque', ruleId: 'shell.ssh-dynamic', reason: `runs a command on ${hostName} that is only known at run time`,
        span: cmd.span, text, via: cmd.via, inherited });
      return true;
    }
    reparse(walk, remote.map((a) => a.value).join(' '), cmd, scope, `ssh ${hostName}`, undefined, inherited);
    return true;
  },
  // `mosh [options] host [--] command`: ssh's reading, after mosh's own options.
  mosh: (walk, cmd, text, scope) => {
    const i = skipOptions(cmd.args, moshValued);
    const host = cmd.args[i];
    if (!host) return false;
    const rest = cmd.args[i + 1]?.value === '--' ? cmd.args.slice(i + 2) : cmd.args.slice(i + 1);
    return wrappers.ssh(walk, { ...cmd, args: [host, ...rest] }, text, scope);
  },
  // `java -jar flyway.jar clean`: a jar named after a CLI Bulkhead knows is that CLI.
  java: (walk, cmd, text, scope) => {
    const jar = cmd.args.findIndex((a) => a.value === '-jar');
    const file = jar >= 0 ? cmd.args[jar + 1] : undefined;
    if (!file || file.dynamic) return false;
    const name = basename(file.value).replace(/(?:-\d[\w.-]*)?\.jar$/i, '');
    if (!packFor(name)) return false;
    const next: RawCommand = { ...cmd, name: { ...file, value: name }, args: cmd.args.slice(jar + 2), via: [...cmd.via, 'java -jar'] };
    unwrapCommand(walk, next, text, { ...scope, via: next.via });
    return true;
  },
  su: (walk, cmd, _text, scope) => {
    for (let i = 0; i < cmd.args.length; i++) {
      const a = cmd.args[i].value;
      if ((a === '-c' || a === '--command') && cmd.args[i + 1]) {
        reparse(walk, cmd.args[i + 1].value, cmd, scope, 'su -c');
        return true;
      }
    }
    return false;
  },
  npx: (walk, cmd, text, scope) => runPackageBinary(walk, cmd, text, scope, 0, 'npx'),
  pipx: (walk, cmd, text, scope) => cmd.args[0]?.value === 'run' && runPythonTool(walk, cmd, text, scope, 1, 'pipx run'),
  uvx: (walk, cmd, text, scope) => runPythonTool(walk, cmd, text, scope, 0, 'uvx'),
  uv: (walk, cmd, text, scope) => cmd.args[0]?.value === 'tool' && cmd.args[1]?.value === 'run' && runPythonTool(walk, cmd, text, scope, 2, 'uv tool run'),
  vim: editorCommands, vi: editorCommands, nvim: editorCommands, ex: editorCommands, view: editorCommands,
  emacs: (walk, cmd, _text, scope) => {
    // `emacs --batch --eval '(shell-command "…")'`: the Lisp's shell calls run their string.
    for (const code of optionValues(cmd.args, emacsEval, '--eval=')) {
      for (const m of code.matchAll(/\((?:shell-command|async-shell-command|shell-command-to-string|call-process-shell-command)\s+"((?:[^"\\]|\\.)*)"/g)) {
        reparse(walk, m[1].replace(/\\(.)/g, '$1'), cmd, scope, 'emacs --eval');
      }
    }
    return false;
  },
  direnv: (walk, cmd, text, scope) => {
    // `direnv exec DIR cmd`: the command runs with DIR's .envrc loaded, as a file the shell sources.
    if (cmd.args[0]?.value !== 'exec' || cmd.args.length < 3) return false;
    emit(walk, cmd, text);
    const dir = resolvePath(cmd.cwd, cmd.args[1].value, cmd.env.HOME);
    reparse(walk, `. ${shellQuote(`${dir}/.envrc`)}; ${quotedWords(cmd.args.slice(2))}`, cmd, scope, 'direnv exec');
    return true;
  },
  bunx: (walk, cmd, text, scope) => runPackageBinary(walk, cmd, text, scope, 0, 'bunx'),
  pnpx: (walk, cmd, text, scope) => runPackageBinary(walk, cmd, text, scope, 0, 'pnpx'),
  npm: (walk, cmd, text, scope) => packageManager(walk, cmd, text, scope, 'npm'),
  pnpm: (walk, cmd, text, scope) => packageManager(walk, cmd, text, scope, 'pnpm'),
  yarn: (walk, cmd, text, scope) => packageManager(walk, cmd, text, scope, 'yarn'),
  bun: (walk, cmd, text, scope) => packageManager(walk, cmd, text, scope, 'bun'),
  clush: (walk, cmd, text, scope) => multiHostShell(walk, cmd, text, scope, 'clush', set('-w', '-x', '-g', '-X', '-l', '-f', '-t', '-u', '-o', '-R', '--worker', '--user'), set('-w', '--nodes')),
  pdsh: (walk, cmd, text, scope) => multiHostShell(walk, cmd, text, scope, 'pdsh', set('-w', '-x', '-l', '-R', '-t', '-u', '-f', '-g', '-X'), set('-w')),
  ...Object.fromEntries(['pssh', 'parallel-ssh'].map((label): [string, Wrapper] => [label, (walk, cmd, text, scope) => multiHostShell(walk, cmd, text, scope, label,
    set('-h', '--hosts', '-H', '--host', '-l', '--user', '-p', '--par', '-o', '--outdir', '-e', '--errdir', '-t', '--timeout', '-O', '--option', '-x', '--extra-args', '-X', '--extra-arg'),
    set('-H', '--host'), set('-h', '--hosts'))])),
  salt: saltRun,
  'salt-ssh': saltRun,
  ...deferredRunners,
  ...launchers,
  ...notebookRunners,
};

for (const shell of shells) {
  (wrappers as Record<string, Wrapper>)[shell] = shellWrapper;
}
for (const interpreter of ['python', 'python3', 'python2', 'node', 'nodejs', 'ruby', 'perl', 'deno', 'php', 'bun']) {
  const existing = (wrappers as Record<string, Wrapper>)[interpreter];
  (wrappers as Record<string, Wrapper>)[interpreter] = (walk, cmd, text, scope) =>
    interpreterWrapper(walk, cmd, text, scope) || (existing ? existing(walk, cmd, text, scope) : false);
}

function shellWrapper(walk: Walk, cmd: RawCommand, text: string, scope: Scope): boolean {
  const program = programName(cmd.name.value);
  let i = 0;
  let code: Word | undefined;
  let takesCode = false;
  let readsStdin = false;
  let noExec = false;
  let startupFile: Word | undefined;
  while (i < cmd.args.length) {
    const a = cmd.args[i].value;
    if (a === '--' || a === '-') {
      i++;
      break;
    }
    if (!a.startsWith('-') && !a.startsWith('+')) break;
    if (shellValued.has(a)) {
      if (a === '--rcfile' || a === '--init-file') startupFile = cmd.args[i + 1];
      if (a === '-o' && cmd.args[i + 1]?.value === 'noexec') noExec = true;
      i += 2;
      continue;
    }
    if (/^-[a-zA-Z]*n[a-zA-Z]*$/.test(a)) noExec = true;
    // With -c the code is the first word that is not an option: `bash -c -- 'cmd'`, `sh -c -e 'cmd'`.
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(a)) takesCode = true;
    if (/^-[a-zA-Z]*s[a-zA-Z]*$/.test(a)) readsStdin = true;
    i++;
  }
  if (takesCode) {
    code = cmd.args[i];
    i++;
  }
  // `bash -n script` only checks the syntax: it reads the script and runs none of it.
  if (noExec) {
    const script = code ? undefined : cmd.args[i];
    emit(walk, { ...cmd, name: { ...cmd.name, value: 'cat', raw: 'cat' }, args: script ? [script] : [], via: [...cmd.via, `${program} -n`] }, text);
    return true;
  }
  // What the shell sources before the code: `--rcfile`, and bash's BASH_ENV when set on the line (the
  // shell guard sets its own in the terminal's environment, which is not the command's doing).
  // A POSIX shell started interactive (-i) sources $ENV the same way.
  const interactive = cmd.args.slice(0, i).some((a) => /^-[a-zA-Z]*i[a-zA-Z]*$/.test(a.value));
  const startupVariable = program === 'bash' ? (code || cmd.args[i] ? 'BASH_ENV' : undefined) : interactive ? 'ENV' : undefined;
  const startupValue = startupVariable ? cmd.assigned[startupVariable] : undefined;
  if (startupFile) sourceWord(walk, cmd, scope, startupFile, `${program} --rcfile`);
  else if (startupVariable && startupValue) {
    sourceWord(walk, cmd, scope, { ...cmd.name, value: startupValue, raw: startupValue, dynamic: startupValue.includes('$') }, startupVariable);
  }
  if (code) {
    if (code.dynamic) {
      opaque(walk, cmd, text, 'shell.dynamic-code', `${program} -c runs code that is only known at run time`);
    } else {
      reparse(walk, code.value, cmd, scope, `${program} -c`, undefined, cmd.inherited, code.span);
    }
    return true;
  }
  const script = readsStdin ? undefined : cmd.args[i];
  if (script && runWrittenFile(walk, cmd, text, scope, script, program)) return true;
  if (script) {
    if (script.raw.startsWith('<(') || (script.dynamic && script.raw.startsWith('/dev/fd'))) {
      opaque(walk, cmd, text, 'shell.pipe-to-shell', `${program} runs a script produced by another command, so Bulkhead cannot see it`);
      return true;
    }
    if (script.dynamic) {
      opaque(walk, cmd, text, 'shell.script-unknown-path', `${program} runs ${script.raw}, a script whose path is only known at run time, so Bulkhead cannot see it`);
      return true;
    }
    // A script file on disk: not visible to the core; the shell guard sees its commands when they run.
    return false;
  }
  const stdin = cmd.stdin;
  if (!stdin) return false;
  if (stdin.text !== undefined) {
    reparse(walk, stdin.text, cmd, scope, `${program} <<stdin`);
    return true;
  }
  if (stdin.known !== undefined) reparse(walk, stdin.known, { ...cmd, stdin: undefined }, scope, `${program} <<stdin`);
  opaque(walk, cmd, text, 'shell.pipe-to-shell',
    stdin.kind === 'pipe'
      ? `pipes the output of ${stdin.from ?? 'another command'} into ${program}, which runs it as a script Bulkhead cannot see`
      : `${program} runs a script from ${stdin.kind === 'file' ? stdin.from : 'its input'}, which Bulkhead cannot see`);
  return true;
}

const parallelValued = set(
  '-a', '--arg-file', '--arg-file-sep', '--arg-sep', '--basefile', '--bf', '--block', '--block-size', '-C', '--colsep',
  '--compress-program', '--decompress-program', '--delay', '-d', '--delimiter', '-E', '--env', '--filter', '--halt',
  '--halt-on-error', '--header', '-I', '--id', '-j', '--jobs', '-P', '--max-procs', '--joblog', '-L', '--max-lines',
  '--limit', '--load', '--memfree', '--memsuspend', '-n', '--max-args', '-N', '--max-replace-args', '--nice', '--results',
  '--res', '--retries', '--return', '--rpl', '-S', '--sshlogin', '--sshdelay', '--sshloginfile', '--slf', '--ssh', '-s',
  '--max-chars', '--tagstring', '--tag-string', '--termseq', '--timeout', '--tmpdir', '--transferfile', '--tf',
  '--workdir', '--wd', '--semaphorename', '--semaphoretimeout', '--st', '--shebang-wrap', '--template', '--tmux-pane',
);
const parallelSources: ReadonlySet<string> = new Set([':::', ':::+', '::::', '::::+']);
/** GNU parallel's replacement strings: `{}`, `{.}`, `{/}`, `{//}`, `{/.}`, `{#}`, `{%}`, and numbered `{1}`, `{2.}`… */
const parallelReplacement = /\{(?:\d+)?(?:\.|\/|\/\/|\/\.|#|%)?\}/g;
const unknownInputVariable = 'input';
/** At most this many inputs are put into the command one by one; the rest are read as unknown. */
const parallelInputs = 16;

/**
 * GNU parallel and sem run their command through the shell once per input: `parallel 'rm -rf {}'
 * ::: a b` runs `rm -rf a` and `rm -rf b`. Inputs written on the line (`:::`) or given as literal
 * text on stdin are put into the command; inputs from files (`::::`, `-a`) or a pipe are unknown
 * words. With no command, each input is itself a command line.
 */
function parallelWrapper(walk: Walk, cmd: RawCommand, scope: Scope, label: string): boolean {
  const args = cmd.args;
  let i = 0;
  let replace: string | undefined;
  let fromFile = false;
  while (i < args.length) {
    const a = args[i].value;
    if (parallelSources.has(a)) break;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-')) break;
    if (a === '-I') replace = args[i + 1]?.value;
    if (a === '-a' || a === '--arg-file' || a.startsWith('--arg-file=')) fromFile = true;
    if (label === 'sem' && (a === '--wait' || a === '-w')) return false;
    i += parallelValued.has(a) ? 2 : 1;
  }
  let end = i;
  while (end < args.length && !parallelSources.has(args[end].value)) end++;
  const command = args.slice(i, end);
  const inputs: Word[] = [];
  let unknownInput = fromFile;
  let written = false;
  for (let j = end, source = ''; j < args.length; j++) {
    if (parallelSources.has(args[j].value)) {
      source = args[j].value;
      written ||= source.startsWith(':::') && source.length <= 4;
      if (source.startsWith('::::')) unknownInput = true;
    } else if (source === ':::' || source === ':::+') inputs.push(args[j]);
    else unknownInput = true;
  }
  if (label !== 'sem' && !written && !fromFile) {
    if (cmd.stdin?.text !== undefined) {
      for (const line of cmd.stdin.text.split('\n')) if (line.trim()) inputs.push({ value: line, raw: line, dynamic: false, span: cmd.span });
    } else unknownInput = true;
  }
  const shown = inputs.slice(0, parallelInputs);
  if (inputs.length > shown.length || inputs.some((w) => w.dynamic)) unknownInput = true;
  if (command.length === 0) {
    for (const input of shown) reparse(walk, input.value, cmd, scope, label);
    if (unknownInput) {
      opaque(walk, cmd, cmd.name.raw, 'shell.parallel-input', `${label} runs command lines read from its input, which Bulkhead cannot see`);
    }
    return true;
  }
  // GNU parallel joins the command's words into one shell line; with -q, or as moreutils' parallel
  // (which runs the words as they are), each word stays whole. Both readings are judged where they differ.
  const joined = command.map((w) => (w.dynamic ? w.raw : w.value)).join(' ');
  const quoted = quotedWords(command);
  const quote = args.slice(0, i).some((a) => a.value === '-q' || a.value === '--quote');
  const templates = quote ? [quoted] : command.some((w) => !w.dynamic && /[\s'"$`;&|<>(){}*?]/.test(w.value.replace(parallelReplacement, ''))) ? [joined, quoted] : [joined];
  const fill = (template: string, value: string): string => {
    if (replace) return template.includes(replace) ? template.split(replace).join(value) : `${template} ${value}`;
    const filled = template.replace(parallelReplacement, () => value);
    return filled === template && label !== 'sem' ? `${template} ${value}` : filled;
  };
  if (label === 'sem') {
    for (const template of templates) reparse(walk, template, cmd, scope, label);
    return true;
  }
  for (const template of templates) {
    for (const input of shown) reparse(walk, fill(template, shellQuote(input.value)), cmd, scope, label);
    // An input only known at run time: an unset variable stands for it, a word nobody can see.
    if (unknownInput || shown.length === 0) {
      const env = { ...cmd.env };
      delete env[unknownInputVariable];
      reparse(walk, fill(template, `"$${unknownInputVariable}"`), { ...cmd, env }, scope, label);
    }
  }
  return true;
}

/** Words as shell code that gives them back: literal ones quoted, computed ones as they were written. */
function quotedWords(words: readonly Word[]): string {
  return words.map((w) => (w.dynamic ? w.raw : shellQuote(w.value))).join(' ');
}

/** `"$(ssh-agent -s)"`, `$(brew shellenv)`, `` `pyenv init -` ``: one substitution of a shell-setup printer. */
function printsShellSetup(raw: string): boolean {
  const m = /^"?(?:\$\(|`)\s*([\w.-]+)((?:\s+[\w.=-]+){0,3})\s*(?:\)|`)"?$/.exec(raw);
  if (!m) return false;
  const first = m[2].trim().split(/\s+/)[0] ?? '';
  const setup = shellSetupPrinters.get(m[1]);
  return setup !== undefined && (setup.length === 0 || setup.includes(first));
}

/** Runs `. file` as the shell would before its own code. */
function sourceWord(walk: Walk, cmd: RawCommand, scope: Scope, file: Word, label: string): void {
  if (file.dynamic) {
    walk.items.push({ kind: 'opaque', ruleId: 'shell.source-unknown-path', reason: `${label} sources ${file.raw}, a file whose path is only known at run time, so Bulkhead cannot see what it runs`,
      span: cmd.span, text: cmd.name.raw, via: cmd.via, inherited: cmd.inherited });
    return;
  }
  reparse(walk, `. ${shellQuote(file.value)}`, cmd, scope, label);
}

/** Start folders -execdir is followed into, at most; past it the payload runs where find runs. */
const maxFindStarts = 8;

/** find's start folders: the operands before its first expression (`.` when none). */
function findStarts(args: readonly Word[]): Word[] {
  const starts: Word[] = [];
  for (const arg of args) {
    if (/^[-(!]/.test(arg.value) || arg.value === ')') break;
    starts.push(arg);
  }
  return starts.length > 0 ? starts : [{ value: '.', raw: '.', dynamic: false, span: args[0]?.span ?? { start: 0, end: 0 } }];
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function sourceScript(walk: Walk, cmd: RawCommand, text: string, scope: Scope): boolean {
  // bash's `source -p PATH file` searches PATH for the file.
  const file = cmd.args[0]?.value === '-p' ? cmd.args[2] : cmd.args[0];
  if (file && runWrittenFile(walk, cmd, text, scope, file, programName(cmd.name.value))) return true;
  if (file && (file.raw.startsWith('<(') || file.dynamic && file.raw.includes('$('))) {
    opaque(walk, cmd, text, 'shell.source-dynamic', 'sources shell code produced by another command, which Bulkhead cannot see');
    return true;
  }
  if (file?.dynamic) {
    opaque(walk, cmd, text, 'shell.source-unknown-path', `sources ${file.raw}, a file whose path is only known at run time, so Bulkhead cannot see what it runs`);
    return true;
  }
  return false;
}

/** `trap 'cmd' EXIT`: the command runs when the signal comes or the shell exits. */
function trapCommand(walk: Walk, cmd: RawCommand, text: string, scope: Scope): boolean {
  const [action, ...signals] = cmd.args;
  if (!action || signals.length === 0 || action.value === '-' || action.value === '' || /^-[lp]$/.test(action.value)) return false;
  if (action.dynamic) {
    opaque(walk, cmd, text, 'shell.trap-dynamic', 'sets a trap whose command is only known at run time');
    return true;
  }
  reparse(walk, action.value, cmd, scope, 'trap');
  return true;
}

function interpreterWrapper(walk: Walk, cmd: RawCommand, text: string, scope: Scope): boolean {
  const program = programName(cmd.name.value);
  const language = scriptLanguage(program);
  if (!language) return false;
  let code: Word | undefined;
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i].value;
    if (inlineCodeFlag[language].test(a)) {
      code = cmd.args[i + 1];
      break;
    }
    // The code run into its flag: `python -c'import os; …'`, `ruby -e'…'`, `node --eval=…`.
    const attached = attachedCodeFlag[language]?.exec(a);
    if (attached) {
      code = { ...cmd.args[i], value: attached[1] };
      break;
    }
    if (language === 'python' && a === '-m') break;
    if (interpreterValueFlags[language].has(a)) {
      i++;
      continue;
    }
    if (!a.startsWith('-')) break;
  }
  const module = cmd.args.findIndex((a) => a.value === '-m');
  if (language === 'python' && module >= 0 && cmd.args[module + 1]) {
    // `python -m awscli …` is the AWS CLI; `python -m pip …` and the like are left to the packs.
    const runs = pythonModules[cmd.args[module + 1].value];
    if (runs) {
      const next: RawCommand = { ...cmd, name: { ...cmd.args[module + 1], value: runs }, args: cmd.args.slice(module + 2), via: [...cmd.via, `${program} -m`] };
      unwrapCommand(walk, next, text, { ...scope, via: next.via });
      return true;
    }
  }
  let source = code?.value;
  if (!code && cmd.stdin?.text !== undefined && cmd.args.every((a) => a.value.startsWith('-'))) source = cmd.stdin.text;
  // A script the line wrote before running it (`printf '…' > /tmp/f.py && python3 /tmp/f.py`) is read as its text.
  const scriptFile = code ? undefined : cmd.args.find((a) => !a.value.startsWith('-'));
  let fromFile = false;
  if (source === undefined && scriptFile && !scriptFile.dynamic) {
    const path = resolvePath(cmd.cwd, scriptFile.value, cmd.env.HOME);
    if (walk.files.has(path)) {
      source = walk.files.get(path);
      fromFile = true;
      if (source === undefined) {
        opaque(walk, cmd, text, 'shell.written-script', `${program} runs ${scriptFile.value}, written earlier on the line with content Bulkhead cannot see`);
        return true;
      }
    } else {
      // A script in the workspace is read as the interpreter will run it; one that is not there is judged by its name.
      const file = walk.options.readFile?.(path);
      if (file && 'text' in file && !file.text.includes('\0')) {
        source = file.text;
        fromFile = true;
      } else if (file && 'error' in file && file.error !== 'missing') {
        opaque(walk, cmd, text, 'shell.script-unreadable', `${program} runs ${scriptFile.value}, which cannot be read (${file.message}), so Bulkhead cannot tell what it does`);
        return true;
      }
    }
  }
  if (source === undefined && scriptFile?.dynamic) {
    opaque(walk, cmd, text, 'shell.script-unknown-path', `${program} runs ${scriptFile.raw}, a script whose path is only known at run time, so Bulkhead cannot see it`);
    return true;
  }
  if (source === undefined) {
    if (!code && cmd.stdin && cmd.stdin.kind === 'pipe' && cmd.args.every((a) => a.value.startsWith('-'))) {
      opaque(walk, cmd, text, 'shell.pipe-to-interpreter', `pipes a script Bulkhead cannot see into ${program}`);
      return true;
    }
    return false;
  }
  if (code?.dynamic) {
    opaque(walk, cmd, text, 'shell.dynamic-code', `${program} runs code that is only known at run time`);
    return true;
  }
  const label = `${program} ${code ? '-c' : fromFile ? scriptFile?.value : '<<stdin'}`;
  const scan = scanScript(language, source);
  emit(walk, { ...cmd, code: scan.words }, text);
  const nested: RawCommand = { ...cmd, via: [...cmd.via, label] };
  for (const line of scan.commands) reparse(walk, line, cmd, scope, label);
  for (const argv of scan.argvs) {
    if (argv.length === 0) continue;
    const words = argv.map((value) => ({ value, raw: value, dynamic: value === '', span: code?.span ?? cmd.span }));
    unwrapCommand(walk, { ...nested, name: words[0], args: words.slice(1) }, text, { ...scope, via: nested.via });
  }
  const synthetic = (argv: string[]): void => {
    const words = argv.map((value) => ({ value, raw: value, dynamic: false, span: code?.span ?? cmd.span }));
    emit(walk, { ...nested, name: words[0], args: words.slice(1) }, text);
  };
  for (const file of scan.files) synthetic(['cat', file]);
  if (scan.opaque) opaque(walk, cmd, text, 'shell.interpreter-opaque', `${program} ${scan.opaque}`);
  return true;
}

/** The flag that introduces inline code, alone or at the end of a cluster (`perl -ne`, `python3 -Bc`). */
const inlineCodeFlag: Readonly<Record<ScriptLanguage, RegExp>> = {
  python: /^-[A-Za-z]*c$/,
  node: /^(?:-[A-Za-z]*[ep]|--eval|--print)$/,
  ruby: /^-[A-Za-z]*e$/,
  perl: /^-[A-Za-z]*[eE]$/,
  php: /^-r$/,
  deno: /^eval$/,
};

const attachedCodeFlag: Readonly<Partial<Record<ScriptLanguage, RegExp>>> = {
  python: /^-c(.+)$/s,
  node: /^--(?:eval|print)=(.+)$/s,
  ruby: /^-e(.+)$/s,
  perl: /^-[eE](.+)$/s,
  php: /^-r(.+)$/s,
};

/** Interpreter flags that take a value, so `node -r dotenv/config -e …` finds the code. */
const interpreterValueFlags: Readonly<Record<ScriptLanguage, ReadonlySet<string>>> = {
  python: set('-W', '-X'),
  node: set('-r', '--require', '--import', '-C', '--conditions', '--env-file', '--loader'),
  ruby: set('-r', '-I', '-C', '-E', '-F'),
  perl: set(),
  php: set('-d', '-c', '-z'),
  deno: set(),
};

/** Python modules that are a CLI of their own. */
const pythonModules: Readonly<Record<string, string>> = {
  awscli: 'aws', 'django': 'django-admin', alembic: 'alembic', 'dbt': 'dbt', 'ansible': 'ansible',
};

function runPackageBinary(walk: Walk, cmd: RawCommand, text: string, scope: Scope, from: number, label: string): boolean {
  const args = cmd.args;
  let i = from;
  let packageFlag: string | undefined;
  while (i < args.length) {
    const a = args[i].value;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-')) break;
    if (a === '-c' || a === '--call') {
      const code = args[i + 1];
      if (!code) return false;
      reparse(walk, code.value, cmd, scope, `${label} -c`);
      return true;
    }
    if (a === '-p' || a === '--package') packageFlag = args[i + 1]?.value;
    if (a.startsWith('--package=')) packageFlag = a.slice(10);
    i += npxValued.has(a) ? 2 : 1;
  }
  const spec = args[i];
  if (!spec) return false;
  const binary = packageFlag ? spec.value : npxBinary(spec.value);
  const next: RawCommand = { ...cmd, name: { ...spec, value: binary }, args: args.slice(i + 1), via: [...cmd.via, label] };
  unwrapCommand(walk, next, text, { ...scope, via: next.via });
  return true;
}

const pythonToolValued = set('--spec', '--python', '--index-url', '--pip-args', '--from', '--with', '--with-requirements', '-p', '--index', '--extra-index-url', '--default-index');

/** `pipx run --spec awscli aws …`, `uvx --from awscli aws …`: the tool's binary runs with the rest. */
function runPythonTool(walk: Walk, cmd: RawCommand, text: string, scope: Scope, from: number, label: string): boolean {
  const at = skipOptions(cmd.args, pythonToolValued, from);
  const tool = cmd.args[at];
  if (!tool) return false;
  const spec = tool.value.replace(/\[[^\]]*\]/, '').replace(/(?:==|@|>=|<=|~=).*$/, '');
  const next: RawCommand = { ...cmd, name: { ...tool, value: packageBinary(spec) ?? spec }, args: cmd.args.slice(at + 1), via: [...cmd.via, label] };
  unwrapCommand(walk, next, text, { ...scope, via: next.via });
  return true;
}

/** `vim -es -c '!cmd'`, `vim +'!cmd'`: an Ex command that starts with `!` runs its text in the shell. */
function editorCommands(walk: Walk, cmd: RawCommand, _text: string, scope: Scope): boolean {
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    const ex = a === '-c' || a === '--cmd' ? args[i + 1]?.value : a.startsWith('+') ? a.slice(1) : undefined;
    const bang = ex === undefined ? undefined : /^\s*(?:silent!?\s*|exe(?:cute)?\s+['"]|[.%]?\s*r(?:ead)?\s*)?!\s*(.+)$/.exec(ex);
    if (bang) reparse(walk, bang[1].replace(/['"]\s*$/, ''), cmd, scope, `${cmd.name.value} -c`);
  }
  return false;
}

/** Every value of the given options, separate (`--eval X`) or attached (`--eval=X`). */
function optionValues(args: readonly Word[], names: ReadonlySet<string>, attached: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (names.has(args[i].value) && args[i + 1]) out.push(args[i + 1].value);
    else if (args[i].value.startsWith(attached)) out.push(args[i].value.slice(attached.length));
  }
  return out;
}

function packageManager(walk: Walk, cmd: RawCommand, text: string, scope: Scope, manager: string): boolean {
  const args = cmd.args;
  let i = skipOptions(args, set('--prefix', '-C', '--dir', '--filter', '-F', '--workspace', '-w', '--cwd'));
  const verb = args[i]?.value;
  if (!verb) return false;
  if ((manager === 'bun' && verb === 'x') || ((manager === 'pnpm' || manager === 'yarn') && verb === 'dlx') || verb === 'exec') {
    return runPackageBinary(walk, cmd, text, scope, i + 1, `${manager} ${verb}`);
  }
  // Scripts were read by the task runners (tasks/packageScripts.ts) before this.
  if (manager !== 'npm' && verb !== 'run' && !managerCommands.has(verb)) {
    // `yarn prisma migrate reset`: not a script, so yarn runs the package binary of that name.
    return runPackageBinary(walk, cmd, text, scope, i, manager);
  }
  return false;
}

/**
 * clush -w nodes cmd, pssh -h hosts.txt cmd: the command runs on every host named, and a hosts
 * file's name says whose hosts they are (`prod-hosts.txt`).
 */
function multiHostShell(walk: Walk, cmd: RawCommand, text: string, scope: Scope, label: string, valued: ReadonlySet<string>, hostFlags: ReadonlySet<string>,
  hostFiles: ReadonlySet<string> = new Set()): boolean {
  const start = skipOptions(cmd.args, valued);
  const remote = cmd.args.slice(start);
  if (remote.length === 0) return false;
  const hints: TargetHint[] = [...cmd.inherited, { kind: 'container', value: `${label} hosts`, source: label }];
  for (let i = 0; i < start; i++) {
    const flag = cmd.args[i].value;
    const attached = !flag.startsWith('--') && flag.length > 2 && hostFlags.has(flag.slice(0, 2)) ? flag.slice(2) : undefined;
    if (hostFiles.has(flag) && cmd.args[i + 1]) stageHints(basename(cmd.args[i + 1].value).replace(/\.[A-Za-z0-9]+$/, ''), `${label} hosts file`, hints);
    const value = attached ?? (hostFlags.has(flag) ? cmd.args[i + 1]?.value : undefined);
    if (!value) continue;
    for (const host of value.split(/[,\s]+/).filter(Boolean)) {
      // pdsh and clush ranges (`web[1-3].prod`) stand for hosts named like their first.
      const name = host.slice(host.lastIndexOf('@') + 1).replace(/:\d+$/, '').replace(/\[[^\]]*\]/g, '1').toLowerCase();
      hints.push({ kind: 'host', value: name, source: `${label} host` });
      stageHints(name, `${label} host`, hints);
    }
  }
  // The runner itself does nothing but run the command: its option values (`-l deploy`) are not orders.
  const command: Word = { value: remote.map((a) => a.value).join(' '), raw: remote.map((a) => a.raw).join(' '), dynamic: remote.some((a) => a.dynamic), span: cmd.span };
  return remoteCommand(walk, cmd, text, scope, command, label, hints);
}

const saltValued = set('-t', '--timeout', '-c', '--config-dir', '--out', '--output', '--return', '-b', '--batch-size', '-s', '--state-output',
  '--log-level', '-l', '--roster', '--roster-file', '-i', '--priv', '--user', '--passwd', '--async-timeout', '--hide-timeout');

/** `salt '*.prod.acme.internal' cmd.run 'systemctl restart nginx'`: the shell command runs on every minion the target matches. */
function saltRun(walk: Walk, cmd: RawCommand, text: string, scope: Scope): boolean {
  const at = skipOptions(cmd.args, saltValued);
  const [target, fn, code] = cmd.args.slice(at);
  if (!target || !fn || !code || !/^cmd\.(?:run|shell|run_all|run_stdout|script)$/.test(fn.value)) return false;
  const label = programName(cmd.name.value);
  const hints: TargetHint[] = [...cmd.inherited, { kind: 'container', value: `${label} minions`, source: label }];
  if (!target.dynamic) {
    const name = target.value.toLowerCase();
    hints.push({ kind: 'host', value: name, source: `${label} target` });
    stageHints(name, `${label} target`, hints);
  }
  return remoteCommand(walk, cmd, text, scope, code, `${label} ${fn.value}`, hints);
}

const compiledCarriers = new WeakMap<CarrierSpec, { valued: ReadonlySet<string>; paths: readonly (readonly string[])[] }>();

/** A carrier's flags that take a value and its subcommand paths, worked out once per spec rather than per command. */
function compiledCarrier(spec: CarrierSpec): { valued: ReadonlySet<string>; paths: readonly (readonly string[])[] } {
  let compiled = compiledCarriers.get(spec);
  if (!compiled) {
    compiled = {
      valued: new Set([...spec.valueFlags ?? [], ...Object.keys(spec.targetFlags ?? {})]),
      paths: spec.sub.map((sub) => (sub === '' ? [] : sub.split(' '))),
    };
    compiledCarriers.set(spec, compiled);
  }
  return compiled;
}

/**
 * A subcommand that its pack says carries another command (CarrierSpec: `kubectl exec POD --
 * cmd`, `docker exec web cmd`, `gcloud compute ssh VM --command cmd`): the outer command is judged
 * by the pack, the carried one as if typed where the spec's flags, variables, ambient state or
 * code say it runs.
 */
function carriedCommand(walk: Walk, cmd: RawCommand, text: string, scope: Scope, program: string): boolean {
  const args = cmd.args;
  for (const spec of packFor(program)?.carries ?? []) {
    if (spec.programs && !spec.programs.includes(program)) continue;
    const { valued, paths } = compiledCarrier(spec);
    const first = skipOptions(args, valued);
    const path = paths.find((words) => subcommandEnd(args, words, first, valued) >= 0);
    if (!path || (spec.when && !spec.when(args.map((a) => a.value)))) continue;
    const end = subcommandEnd(args, path, first, valued);
    const label = [program, ...path].join(' ');
    const hints: TargetHint[] = [...cmd.inherited];
    if (spec.runsIn) hints.push({ kind: 'container', value: spec.runsIn, source: label });
    const where = (before: readonly Word[], at: string): TargetHint[] =>
      [...carrierTargets(spec, before, cmd.env, at), ...spec.targets?.(before.map((a) => a.value), cmd.env, program, (path) => knownText(walk, resolvePath(cmd.cwd, path, cmd.env.HOME))) ?? []];
    if (spec.command === 'rest') {
      const operand = skipOptions(args, spec.subValueFlags ?? valued, end);
      const from = operand + (spec.operands ?? 0);
      const named = [label, ...args.slice(operand, from).map((a) => a.value)].join(' ');
      if (spec.image && args[operand]) {
        emit(walk, cmd, text);
        // `docker run --entrypoint amtool prom/alertmanager silence add …`: the entrypoint runs with the words after the image.
        const entrypoint = optionValues(args.slice(end, operand), set('--entrypoint'), '--entrypoint=')[0];
        if (entrypoint) {
          const entry: Word = { ...args[operand], value: entrypoint, raw: entrypoint };
          return shift(walk, { ...cmd, args: [entry, ...args.slice(from)] }, text, scope, 0, `${named} --entrypoint ${entrypoint}`, { inherited: [...hints, ...where(args.slice(0, from), named)] });
        }
        if (runCloudImage(walk, cmd, text, scope, program, end, operand)) return true;
        if (from < args.length) shift(walk, cmd, text, scope, from, named, { inherited: [...hints, ...where(args.slice(0, from), named)] });
        return true;
      }
      if (from >= args.length) return false;
      hints.push(...where(args.slice(0, from), named));
      emit(walk, cmd, text);
      return shift(walk, cmd, text, scope, from, named, { inherited: hints });
    }
    if (spec.command === 'line') {
      const line = carriedLine(spec, args, end, valued);
      if (line.length === 0) return false;
      const sep = args.findIndex((a, i) => i >= first && a.value === '--');
      hints.push(...where(sep < 0 ? args : args.slice(0, sep), label));
      emit(walk, cmd, text);
      const command: Word = line.length === 1 ? line[0]
        : { value: line.map((a) => a.raw).join(' '), raw: line.map((a) => a.raw).join(' '), dynamic: line.some((a) => a.dynamic), span: cmd.span };
      return remoteCommand(walk, cmd, text, scope, command, label, hints);
    }
    if (spec.command === '--') {
      emit(walk, cmd, text);
      const sep = args.findIndex((a) => a.value === '--');
      if (sep < 0 || sep + 1 >= args.length) return true;
      hints.push(...where(args.slice(0, sep), label));
      shift(walk, cmd, text, scope, sep + 1, label, { inherited: hints });
      return true;
    }
    const command = flagValue(args, spec.command);
    if (!command) return false;
    hints.push(...where(args, label));
    emit(walk, cmd, text);
    return remoteCommand(walk, cmd, text, scope, command, label, hints);
  }
  return false;
}

/** The index after a subcommand path that starts at `first`, options allowed between its words; -1 when the words differ. */
function subcommandEnd(args: readonly Word[], path: readonly string[], first: number, valued: ReadonlySet<string>): number {
  let i = first;
  for (let k = 0; k < path.length; k++) {
    if (k > 0) i = skipOptions(args, valued, i);
    if (args[i]?.value !== path[k]) return -1;
    i++;
  }
  return i;
}

/** The words of a `'line'` carrier's command: after its options and operands, without the target flags it reads anywhere. */
function carriedLine(spec: CarrierSpec, args: readonly Word[], from: number, valued: ReadonlySet<string>): Word[] {
  const targetFlags = new Set(Object.keys(spec.targetFlags ?? {}));
  const line: Word[] = [];
  let operands = spec.operands ?? 0;
  for (let i = from; i < args.length; i++) {
    const a = args[i].value;
    if (a === '--') return [...line, ...args.slice(i + 1)];
    const started = line.length > 0;
    if ((!started || spec.flagsAnywhere) && (targetFlags.has(a) || [...targetFlags].some((flag) => a.startsWith(`${flag}=`)))) {
      if (targetFlags.has(a)) i++;
    } else if (!started && operands === 0 && a.startsWith('-') && a !== '-') {
      if (valued.has(a)) i++;
    } else if (operands > 0) {
      operands--;
    } else {
      line.push(args[i]);
    }
  }
  return line;
}

function carrierTargets(spec: CarrierSpec, args: readonly Word[], env: Readonly<Record<string, string>>, label: string): TargetHint[] {
  const hints: TargetHint[] = [];
  const flags = Object.entries(spec.targetFlags ?? {});
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    for (const [flag, kind] of flags) {
      if (a === flag && args[i + 1]) hints.push({ kind, value: args[i + 1].value, source: `${label} ${flag}` });
      else if (a.startsWith(`${flag}=`)) hints.push({ kind, value: a.slice(flag.length + 1), source: `${label} ${flag}` });
    }
  }
  for (const [name, kind] of Object.entries(spec.envTargets ?? {})) {
    if (env[name] && !hints.some((h) => h.kind === kind)) hints.push({ kind, value: env[name], source: `$${name}` });
  }
  if (spec.ambient && !hints.some((h) => h.kind === spec.ambient)) hints.push({ kind: 'ambient', value: spec.ambient, source: label });
  return hints;
}

/** The value of the last of `names` in `--name value` or `--name=value` form: the one the CLI reads. */
function flagValue(args: readonly Word[], names: readonly string[]): Word | undefined {
  let found: Word | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    const eq = a.indexOf('=');
    if (names.includes(a) && args[i + 1]) found = args[++i];
    else if (eq > 0 && names.includes(a.slice(0, eq))) found = { ...args[i], value: a.slice(eq + 1) };
  }
  return found;
}

function remoteCommand(walk: Walk, cmd: RawCommand, text: string, scope: Scope, command: Word, label: string, hints: readonly TargetHint[]): boolean {
  if (command.dynamic) {
    walk.items.push({ kind: 'opaque', ruleId: 'shell.remote-dynamic', reason: `${label} runs a command that is only known at run time`, span: cmd.span, text, via: cmd.via, inherited: hints });
    return true;
  }
  reparse(walk, command.value, cmd, scope, label, undefined, hints);
  return true;
}

/** Variables read from one env file, at most, and the characters of it read. */
const maxLoadedVariables = 200;
const maxEnvFileText = 64 * 1024;

function loadedVariables(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  return Object.fromEntries([...envValues(text.slice(0, maxEnvFileText))].slice(0, maxLoadedVariables));
}

/** Lines of a runner's secrets config read, at most. */
const maxConfigLines = 2000;

/** The stages the `path:` values of a secrets config name (`path: /acme/prod/api/`), each once. */
function secretPathStages(text: string | undefined, source: string): TargetHint[] {
  const stages = new Set<string>();
  for (const line of (text ?? '').split('\n').slice(0, maxConfigLines)) {
    const path = /^\s*(?:-\s*)?path:\s*["']?([^\s"'#]+)/.exec(line)?.[1];
    if (path) for (const stage of stageTokensOf(path)) stages.add(stage);
  }
  return [...stages].map((value) => ({ kind: 'stage', value, source }));
}

function envFileHint(cmd: RawCommand, file: string, source: string): TargetHint {
  return { kind: 'env-file', value: resolvePath(cmd.cwd, file, cmd.env.HOME), source };
}

/**
 * A program that runs a command here with what it loads (RunnerSpec: `doppler run --config prd --
 * cmd`, `dotenv -e .env.production -- cmd`, `bundle exec cmd`): the command is judged with the
 * environment, variable files or profile the spec's flags name.
 */
function runsWith(walk: Walk, cmd: RawCommand, text: string, scope: Scope, program: string): boolean {
  const args = cmd.args;
  for (const spec of runnersFor(program)) {
    if (spec.sub !== undefined && args[0]?.value !== spec.sub) continue;
    const label = spec.sub === undefined ? program : `${program} ${spec.sub}`;
    let start = spec.sub === undefined ? 0 : 1;
    let env = cmd.env;
    if (spec.profileVariables) {
      const profile = args[start]?.value;
      if (profile === undefined) return false;
      env = { ...env, ...Object.fromEntries(spec.profileVariables.map((name) => [name, profile])) };
      start++;
    }
    const valued = new Set([...spec.valueFlags ?? [], ...spec.environmentFlags ?? [], ...spec.envFiles?.flags ?? [], ...spec.configFile?.flags ?? []]);
    let from: number;
    if (spec.command === '--') {
      const sep = args.findIndex((a, i) => i >= start && a.value === '--');
      if (sep < 0) return false;
      from = sep + 1;
    } else {
      from = spec.command === 'next' ? start : skipOptions(args, valued, start);
    }
    const options = args.slice(0, from);
    const inherited: TargetHint[] = [...cmd.inherited];
    for (const value of flagValues(options, spec.environmentFlags ?? [])) inherited.push({ kind: 'stage', value, source: label });
    if (spec.envFiles) {
      const files = spec.envFiles.flags.flatMap((flag) => flagValues(options, [flag]).map((file) => envFileHint(cmd, file, `${label} ${flag}`)));
      if (files.length === 0 && spec.envFiles.otherwise) files.push(envFileHint(cmd, spec.envFiles.otherwise, label));
      inherited.push(...files);
      // The command sees the variables the files set (`DATABASE_URL=op://Production/db/url`), and judges by them.
      for (const file of files) env = { ...env, ...loadedVariables(knownText(walk, file.value)) };
    }
    if (spec.configFile) {
      const file = flagValues(options, spec.configFile.flags)[0] ?? spec.configFile.otherwise;
      inherited.push(...secretPathStages(knownText(walk, resolvePath(cmd.cwd, file, cmd.env.HOME)), `${label}'s ${file}`));
    }
    if (spec.scripts) {
      const script = args[from];
      const interpreter = script && !script.dynamic ? spec.scripts[/\.(\w+)$/.exec(script.value)?.[1] ?? ''] : undefined;
      if (!interpreter) return false;
      const sep = args.findIndex((a, i) => i > from && a.value === '--');
      reparse(walk, `${interpreter} ${quotedWords([script, ...(sep < 0 ? [] : args.slice(sep + 1))])}`, { ...cmd, env }, scope, label, undefined, inherited);
      return true;
    }
    if (spec.shellFlags && options.some((a) => spec.shellFlags?.includes(a.value))) {
      reparse(walk, args.slice(from).map((a) => a.value).join(' '), { ...cmd, env }, scope, label, undefined, inherited);
      return true;
    }
    return shift(walk, cmd, text, scope, from, label, { env, inherited });
  }
  return false;
}

/** The values of `names` in `--name value`, `--name=value` and `-nVALUE` form, in order. */
function flagValues(args: readonly Word[], names: readonly string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (a === '--') break;
    if (names.includes(a) && args[i + 1]) values.push(args[++i].value);
    else if (a.includes('=') && names.includes(a.slice(0, a.indexOf('=')))) values.push(a.slice(a.indexOf('=') + 1));
    else if (!a.startsWith('--') && a.length > 2 && names.includes(a.slice(0, 2))) values.push(a.slice(2));
  }
  return values;
}
