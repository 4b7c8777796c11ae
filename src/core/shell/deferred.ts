import type { TargetHint, Word } from '../model';
import { resolvePath } from '../paths';
import type { RawCommand, Scope, Walk } from './extract';
import { emit, opaque, reparse, runWrittenFile, set, shift, skipOptions, unwrapCommand, type Wrapper } from './unwrap';

/**
 * Programs that run a command later, elsewhere or detached (`at`, `batch`, `crontab`,
 * `systemd-run`, `setsid`, `screen -dm`, `tmux new -d`, `pdsh`, `script -c`, `kubectl run --`,
 * a container of a cloud CLI's image): what they will run is judged as if typed now.
 */
export const deferredRunners: Readonly<Record<string, Wrapper>> = {
  at: (walk, cmd, text, scope) => scheduledJob(walk, cmd, text, scope, 'at'),
  batch: (walk, cmd, text, scope) => scheduledJob(walk, cmd, text, scope, 'batch'),
  crontab: crontab,
  'systemd-run': (walk, cmd, text, scope) => shift(walk, cmd, text, scope, systemdRunCommand(cmd.args), 'systemd-run'),
  setsid: (walk, cmd, text, scope) => shift(walk, cmd, text, scope, skipOptions(cmd.args, set()), 'setsid'),
  chrt: (walk, cmd, text, scope) => {
    // chrt [options] PRIORITY command; with -p it changes a running process instead.
    if (cmd.args.some((a) => a.value === '-p' || a.value === '--pid')) return false;
    const i = skipOptions(cmd.args, set('-T', '--sched-runtime', '-P', '--sched-period', '-D', '--sched-deadline'));
    return shift(walk, cmd, text, scope, /^\d+$/.test(cmd.args[i]?.value ?? '') ? i + 1 : i, 'chrt');
  },
  taskset: (walk, cmd, text, scope) => {
    if (cmd.args.some((a) => a.value === '-p' || a.value === '--pid')) return false;
    return shift(walk, cmd, text, scope, skipOptions(cmd.args, set()) + 1, 'taskset');
  },
  script: (walk, cmd, text, scope) => {
    const code = valueOf(cmd.args, ['-c', '--command']) ?? clusterValue(cmd.args, 'c');
    if (!code) return false;
    return runCode(walk, cmd, text, scope, code, 'script -c');
  },
  screen: (walk, cmd, text, scope) => {
    // screen -dmS name cmd…: the options end at the first word that is not one (or the value of -S, -c, -L…).
    let i = 0;
    while (i < cmd.args.length && cmd.args[i].value.startsWith('-')) {
      // A cluster ending in an option that takes a value (`-dmS name`) takes the next word.
      i += /^-[a-zA-Z]*[Scehpst]$/.test(cmd.args[i].value) || cmd.args[i].value === '-Logfile' ? 2 : 1;
    }
    if (cmd.args.some((a, k) => k < i && (a.value === '-X' || a.value === '-r' || a.value === '-ls' || a.value === '-list'))) return false;
    return shift(walk, cmd, text, scope, i, 'screen');
  },
  tmux: (walk, cmd, text, scope) => {
    // tmux new[-session] / new-window / split-window / respawn-pane [options] [shell-command…]
    const verb = skipOptions(cmd.args, set('-L', '-S', '-f', '-T'));
    if (!tmuxRunners.has(cmd.args[verb]?.value ?? '')) {
      if (cmd.args[verb]?.value === 'send-keys' || cmd.args[verb]?.value === 'send') return tmuxSendKeys(walk, cmd, text, scope, verb + 1);
      return false;
    }
    const i = skipOptions(cmd.args, set('-s', '-n', '-c', '-t', '-x', '-y', '-F', '-e', '-l', '-f', '-b'), verb + 1);
    const rest = cmd.args.slice(i);
    if (rest.length === 0) return false;
    if (rest.length === 1) return runCode(walk, cmd, text, scope, rest[0], 'tmux');
    return shift(walk, cmd, text, scope, i, 'tmux');
  },
  awk: embeddedCommands,
  gawk: embeddedCommands,
  mawk: embeddedCommands,
  nawk: embeddedCommands,
  lua: embeddedCommands,
  luajit: embeddedCommands,
};

/**
 * Where a program's own code runs shell commands: awk's `system("…")`, `"…" | getline` and
 * `print … | "…"`, Lua's `os.execute("…")` and `io.popen("…")`.
 */
const embeddedRunners: Readonly<Record<'awk' | 'lua', {
  readonly code: readonly string[];
  readonly calls: readonly RegExp[];
  /** Files the code opens itself, read as `cat` would read them: `getline line < ".env.production"`, `io.open("…")`. */
  readonly opens: readonly RegExp[];
  readonly computed: RegExp;
}>> = {
  awk: {
    code: [],
    calls: [/\bsystem\s*\(\s*"((?:[^"\\]|\\.)*)"\s*\)/g, /"((?:[^"\\]|\\.)*)"\s*\|\s*getline\b/g, /\|\s*"((?:[^"\\]|\\.)*)"/g],
    opens: [/\bgetline\b[^<;{}()"]*<\s*"((?:[^"\\]|\\.)*)"/g],
    // A command built from values, or printed lines piped into a shell, runs what only the input knows.
    computed: /\bsystem\s*\(\s*[^"\s)]|[^"\s]\s*\|\s*getline\b|\|\s*"\s*(?:\/\S*\/)?(?:ba|z|da|k)?sh\s*"/,
  },
  lua: {
    code: ['-e'],
    calls: [/\b(?:os\.execute|io\.popen)\s*\(?\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|\[\[([^]*?)\]\])/g],
    opens: [/\b(?:io\.open|io\.lines)\s*\(?\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|\[\[([^]*?)\]\])/g],
    computed: /\b(?:os\.execute|io\.popen)\s*\(\s*[^"'[\s)]/,
  },
};

const stringEscapes: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** A string literal's text as the language reads it: `"rm\x20-rf"` and awk's `"rm\040-rf"` (Lua's `\032` is decimal) hold spaces. */
function unescapeString(literal: string, language: 'awk' | 'lua'): string {
  return literal.replace(/\\(x[0-9A-Fa-f]{1,2}|[0-9]{1,3}|.)/gs, (_m, esc: string) => {
    if (esc[0] === 'x' && esc.length > 1) return String.fromCharCode(parseInt(esc.slice(1), 16));
    if (/^[0-9]/.test(esc)) return String.fromCharCode(language === 'lua' ? parseInt(esc, 10) : parseInt(esc, 8));
    return stringEscapes[esc] ?? esc;
  });
}

function embeddedCommands(walk: Walk, cmd: RawCommand, text: string, scope: Scope): boolean {
  const language = /awk$/.test(cmd.name.value) ? 'awk' : 'lua';
  const runner = embeddedRunners[language];
  // awk's program is its first operand (or -e/--source for gawk); Lua's inline code follows -e.
  let code: Word | undefined;
  for (let i = 0; i < cmd.args.length && !code; i++) {
    const a = cmd.args[i].value;
    if (language === 'lua') {
      if (a === '-e') code = cmd.args[i + 1];
    } else if (a === '-e' || a === '--source') code = cmd.args[i + 1];
    else if (a === '-f' || a === '--file' || a === '-v' || a === '--assign' || a === '-F') i++;
    else if (!a.startsWith('-')) code = cmd.args[i];
  }
  if (!code) return false;
  const literals = (patterns: readonly RegExp[]): string[] => patterns.flatMap((pattern) => [...code.value.matchAll(pattern)].flatMap((m) => {
    const literal = m.slice(1).find((g) => g !== undefined);
    return literal === undefined ? [] : [unescapeString(literal, language)];
  }));
  const commands = literals(runner.calls);
  const opened = literals(runner.opens).filter(Boolean);
  const computed = runner.computed.test(code.value);
  if (commands.length === 0 && opened.length === 0 && !computed) return false;
  emit(walk, cmd, text);
  for (const command of commands) reparse(walk, command, cmd, scope, `${cmd.name.value} ${language === 'awk' ? 'system' : 'os.execute'}`);
  const via = [...cmd.via, `${cmd.name.value} ${language === 'awk' ? 'getline <' : 'io.open'}`];
  for (const file of opened) {
    const word = { value: file, raw: file, dynamic: false, span: code.span };
    emit(walk, { ...cmd, name: { ...word, value: 'cat', raw: 'cat' }, args: [word], via }, text);
  }
  if (computed) opaque(walk, cmd, text, 'shell.embedded-dynamic', `${cmd.name.value} runs shell commands its code builds at run time, which Bulkhead cannot see`);
  return true;
}

const tmuxRunners: ReadonlySet<string> = new Set(['new', 'new-session', 'new-window', 'neww', 'split-window', 'splitw', 'respawn-pane', 'respawnp', 'respawn-window', 'respawnw']);

function valueOf(args: readonly Word[], names: readonly string[]): Word | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (names.includes(a)) return args[i + 1];
    const eq = a.indexOf('=');
    if (eq > 0 && names.includes(a.slice(0, eq))) return { ...args[i], value: a.slice(eq + 1) };
  }
  return undefined;
}

/** The word after a short-option cluster ending in `letter` (`script -qc CMD`). */
function clusterValue(args: readonly Word[], letter: string): Word | undefined {
  const at = args.findIndex((a) => new RegExp(`^-[a-zA-Z]*${letter}$`).test(a.value));
  return at >= 0 ? args[at + 1] : undefined;
}

/** A string the program hands to a shell: parsed as shell code, or unknown when computed at run time. */
export function runCode(walk: Walk, cmd: RawCommand, text: string, scope: Scope, code: Word, label: string, inherited?: readonly TargetHint[]): boolean {
  if (code.dynamic) {
    opaque(walk, cmd, text, 'shell.dynamic-code', `${label} runs code that is only known at run time`);
    return true;
  }
  reparse(walk, code.value, cmd, scope, label, undefined, inherited ?? cmd.inherited);
  return true;
}

/** `tmux send-keys -t pane 'cmd' Enter`: the keys are typed into a shell. */
function tmuxSendKeys(walk: Walk, cmd: RawCommand, text: string, scope: Scope, from: number): boolean {
  const i = skipOptions(cmd.args, set('-t', '-N'), from);
  const keys = cmd.args.slice(i).filter((a) => !/^(Enter|C-m|KPEnter)$/.test(a.value));
  if (keys.length === 0) return false;
  if (keys.some((k) => k.dynamic)) {
    opaque(walk, cmd, text, 'shell.dynamic-code', 'tmux send-keys types text that is only known at run time into a shell');
    return true;
  }
  reparse(walk, keys.map((k) => k.value).join(' '), cmd, scope, 'tmux send-keys');
  return true;
}

/** systemd-run's options, some with values; the command starts at the first other word. */
function systemdRunCommand(args: readonly Word[]): number {
  const valued = set('-u', '--unit', '-p', '--property', '-M', '--machine', '-H', '--host', '-E', '--setenv', '--uid', '--gid',
    '--nice', '--working-directory', '-d', '--description', '--slice', '--on-active', '--on-boot', '--on-startup',
    '--on-unit-active', '--on-unit-inactive', '--on-calendar', '--on-clock-change', '--timer-property', '--path-property',
    '--socket-property', '--service-type', '--expand-environment');
  return skipOptions(args, valued);
}

/**
 * `at TIME` and `batch` read the job from stdin (a pipe, here-string or here-doc) or from
 * `-f FILE`; `-l`, `-r`, `-c` and `atq`-like options list, remove or show jobs and run nothing.
 */
function scheduledJob(walk: Walk, cmd: RawCommand, text: string, scope: Scope, label: string): boolean {
  const values = cmd.args.map((a) => a.value);
  if (values.some((a) => /^-[a-zA-Z]*[lrdcV]/.test(a) && !a.startsWith('-f'))) return false;
  const file = valueOf(cmd.args, ['-f']);
  emit(walk, cmd, text);
  if (file) {
    if (!runWrittenFile(walk, cmd, text, scope, file, label)) {
      opaque(walk, cmd, text, 'shell.deferred-file', `${label} schedules the job in ${file.raw}, which Bulkhead cannot see`);
    }
    return true;
  }
  return runStdinOn(walk, cmd, text, scope, label, cmd.inherited);
}

/** Runs what arrives on stdin as shell code: known text is parsed, anything else is unknown. */
export function runStdinOn(walk: Walk, cmd: RawCommand, text: string, scope: Scope, label: string, inherited: readonly TargetHint[]): boolean {
  const stdin = cmd.stdin;
  if (!stdin) return true;
  if (stdin.text !== undefined) {
    reparse(walk, stdin.text, { ...cmd, stdin: undefined }, scope, label, undefined, inherited);
    return true;
  }
  if (stdin.known !== undefined) reparse(walk, stdin.known, { ...cmd, stdin: undefined }, scope, label, undefined, inherited);
  walk.items.push({ kind: 'opaque', ruleId: 'shell.deferred-input', span: cmd.span, text, via: cmd.via, inherited,
    reason: `${label} runs commands read from ${stdin.kind === 'file' ? stdin.from : stdin.from ?? 'its input'}, which Bulkhead cannot see` });
  return true;
}

/**
 * `crontab -` and `crontab FILE` install a table whose commands cron will run: each entry's
 * command (after the five time fields or an `@daily`-style keyword) is judged as typed.
 */
function crontab(walk: Walk, cmd: RawCommand, text: string, scope: Scope): boolean {
  if (cmd.args.some((a) => /^-[lerid]$/.test(a.value))) return false;
  const operands = cmd.args.filter((a, i) => (a.value === '-' || !a.value.startsWith('-')) && cmd.args[i - 1]?.value !== '-u');
  const source = operands[0];
  let table: string | undefined;
  let known: string | undefined;
  if (!source || source.value === '-') {
    if (!cmd.stdin) return false;
    table = cmd.stdin.text;
    known = cmd.stdin.known;
  } else {
    const path = source.dynamic ? undefined : resolvePath(cmd.cwd, source.value, cmd.env.HOME);
    // A table already on disk is the shell guard's to see; one written on the line is read here.
    if (!path || !walk.files.has(path)) return false;
    table = walk.files.get(path);
  }
  emit(walk, cmd, text);
  if (table === undefined) {
    opaque(walk, cmd, text, 'shell.deferred-input', `crontab installs a table ${known === undefined ? '' : 'partly '}Bulkhead cannot see, whose commands cron will run`);
    if (known === undefined) return true;
    table = known;
  }
  for (const entry of table.split('\n')) {
    const line = entry.trim();
    if (!line || line.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line)) continue;
    const job = line.startsWith('@') ? line.replace(/^@\S+\s+/, '') : line.split(/\s+/).slice(5).join(' ');
    // An unescaped % ends the command; what follows is its stdin.
    if (job) reparse(walk, job.replace(/(^|[^\\])%.*$/s, '$1'), { ...cmd, stdin: undefined }, scope, 'crontab');
  }
  return true;
}

/** `bash -s`, `sh`, `sudo bash -s -- args`: a remote command that is a shell reading its script from stdin. */
export function remoteShellReadsStdin(code: string): boolean {
  return /^\s*(?:sudo\s+(?:-\S+\s+)*)?(?:\/\S*\/)?(?:ba|z|k|da|a)?sh(?:\s+-[a-z]*s[a-z]*|\s+-[ex]+)*(?:\s+--(?:\s.*)?)?\s*$/s.test(code);
}

/**
 * Images whose entrypoint is a cloud CLI: `docker run amazon/aws-cli s3 rb …` runs `aws s3 rb …`.
 * `null` marks images that ship the CLI without making it the entrypoint (the command names it).
 */
const cloudImages: Readonly<Record<string, string | null>> = {
  'amazon/aws-cli': 'aws',
  'public.ecr.aws/aws-cli/aws-cli': 'aws',
  'google/cloud-sdk': null,
  'gcr.io/google.com/cloudsdktool/cloud-sdk': null,
  'gcr.io/google.com/cloudsdktool/google-cloud-cli': null,
  'mcr.microsoft.com/azure-cli': null,
  'bitnami/kubectl': 'kubectl',
  'hashicorp/terraform': 'terraform',
  'flyio/flyctl': 'flyctl',
};

function imageName(image: string): string {
  return image.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[^/:]+$/, '').replace(/^(?:docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
}

/**
 * A container run of a cloud CLI's image is that CLI, run with the environment the container
 * gets (`-e NAME=value`, `-e NAME` passed through, `--env-file`), not the host's.
 */
export function runCloudImage(walk: Walk, cmd: RawCommand, text: string, scope: Scope, engine: string, from: number, image: number): boolean {
  const name = imageName(cmd.args[image].value);
  if (!(name in cloudImages)) return false;
  const cli = cloudImages[name];
  const env: Record<string, string> = {};
  if (cmd.env.HOME) env.HOME = cmd.env.HOME;
  const inherited: TargetHint[] = [...cmd.inherited];
  for (let i = from; i < image; i++) {
    const a = cmd.args[i].value;
    const value = a === '-e' || a === '--env' || a === '--env-file' ? cmd.args[i + 1] : undefined;
    const attached = /^--env=/.test(a) ? a.slice(6) : /^-e./.test(a) ? a.slice(2) : undefined;
    const setting = attached ?? (a === '-e' || a === '--env' ? value?.value : undefined);
    if (setting !== undefined) {
      const eq = setting.indexOf('=');
      if (eq > 0) env[setting.slice(0, eq)] = setting.slice(eq + 1);
      else if (cmd.env[setting] !== undefined) env[setting] = cmd.env[setting];
    }
    if (a === '--env-file' && value) inherited.push({ kind: 'env-file', value: resolvePath(cmd.cwd, value.value, cmd.env.HOME), source: `${engine} run --env-file` });
  }
  const label = `${engine} run ${name}`;
  const container: RawCommand = { ...cmd, env, assigned: { ...env }, inherited };
  if (cli === null) return shift(walk, container, text, scope, image + 1, label) || true;
  const program: Word = { ...cmd.args[image], value: cli, raw: cli };
  const next: RawCommand = { ...container, name: program, args: cmd.args.slice(image + 1), via: [...cmd.via, label] };
  unwrapCommand(walk, next, text, { ...scope, via: next.via });
  return true;
}
