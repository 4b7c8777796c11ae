/**
 * Generators for the terminal guard's files. Pure: they return file contents; the terminal guard
 * writes them into the extension's storage at activation. No vscode import, so they are unit-tested
 * with node:test and run by real shells there.
 *
 * - One POSIX sh shim per guarded program. It finds the real binary on PATH (skipping every
 *   Bulkhead shim directory), lets plain reads through with no other process started, and otherwise
 *   asks the extension through the client script; it `exec`s the real binary only on a yes.
 * - The client: a small standalone Node script (run by the editor's own Node or Electron-as-Node)
 *   that sends one request over the IPC socket. When the extension cannot be reached, it asks the
 *   `bulkhead` CLI for the policy's verdict and runs only what the policy allows outright.
 * - The BASH_ENV script: a DEBUG trap for non-interactive bash (`bash -c`, scripts) that checks the
 *   commands the shims cannot see: absolute paths, `sudo`, `env -i`, `command -p`, substitutions.
 */
import { stopAndAsk } from '../../core/messages';

/** Exit status of a refused command: "found but cannot be executed", what shells use for permission errors. */
export const refusedExitCode = 126;

/** Every shim directory's name starts with this, so shims skip each other when resolving the real binary. */
export const shimDirPrefix = 'bulkhead-shims';

/** First words after which a command is a plain read whatever follows (besides the risky words below). */
const commonReads = ['--help', '-h', 'help', '--version', 'version'];

/**
 * Leading subcommands that only read, per program. Checked by the shim in sh with no other
 * process, so `kubectl get pods` costs one `case`. Anything not listed asks the extension.
 */
export const fastReads: Readonly<Record<string, readonly string[]>> = {
  kubectl: ['get', 'describe', 'logs', 'explain', 'api-resources', 'api-versions', 'cluster-info', 'top', 'config view', 'config get-contexts', 'config current-context', 'auth can-i', 'auth whoami', 'diff'],
  oc: ['get', 'describe', 'logs', 'explain', 'api-resources', 'whoami', 'status', 'projects'],
  kubecolor: ['get', 'describe', 'logs', 'explain'],
  helm: ['list', 'ls', 'status', 'history', 'show', 'search', 'template', 'lint', 'env', 'repo list', 'dependency list'],
  terraform: ['plan', 'validate', 'fmt', 'show', 'output', 'providers', 'graph', 'state list', 'state show', 'workspace show', 'workspace list'],
  tofu: ['plan', 'validate', 'fmt', 'show', 'output', 'providers', 'graph', 'state list', 'state show', 'workspace show', 'workspace list'],
  pulumi: ['preview', 'whoami', 'stack ls', 'stack output', 'config get', 'about'],
  git: ['status', 'log', 'diff', 'show', 'blame', 'rev-parse', 'ls-files', 'describe', 'shortlog', 'grep'],
  docker: ['ps', 'images', 'logs', 'inspect', 'info', 'stats', 'top', 'context ls', 'context show', 'compose ps', 'compose logs', 'compose config'],
  aws: ['sts get-caller-identity', 's3 ls', 'configure list'],
  gcloud: ['config list', 'info', 'auth list'],
  az: ['account show', 'account list'],
};

/**
 * Programs whose plain use is a read unless an argument matches the pattern (sh `case` syntax):
 * a curl GET with no body, method, upload or credentials runs with no other process.
 */
export const fastUnlessArgs: Readonly<Record<string, string>> = {
  curl: '-X*|--request*|-d*|--data*|-F*|--form*|-T*|--upload-file*|--json*|-H*|--header*|-u*|--user*|-K*|--config*|-b*|--cookie*|-o*|--output*|-O|--remote-name*|*graphql*|*[Tt]oken*|*[Ss]ecret*|*[Kk]ey=*|*@*|-*[XdFTuHKbo]*',
  wget: '--method*|--post*|--body*|--header*|--user*|--password*|-O*|--output-document*|*graphql*|*[Tt]oken*|*[Ss]ecret*|*[Kk]ey=*|*@*|-*O*',
};

/** Arguments that make any invocation worth a real check: secrets, tokens, output formats that dump them. */
const riskyArgumentPattern = '--raw*|-raw*|*[Ss]ecret*|*SECRET*|*[Tt]oken*|*TOKEN*|*[Pp]assw*|*PASSW*|*.env*|*[Cc]redential*|*[Kk]ey*|*KEY*';

/** Single-quotes a string for POSIX sh. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function fastPathCase(program: string): string {
  const unless = fastUnlessArgs[program];
  if (unless) {
    return ['__bh_fast=1', 'for __bh_a in "$@"; do', `  case "$__bh_a" in ${unless}) __bh_fast= ; break ;; esac`, 'done'].join('\n');
  }
  const reads = [...commonReads, ...(fastReads[program] ?? [])];
  const single = reads.filter((r) => !r.includes(' '));
  const double = new Map<string, string[]>();
  for (const r of reads.filter((r) => r.includes(' '))) {
    const [first, second] = r.split(' ');
    double.set(first, [...(double.get(first) ?? []), second]);
  }
  const lines: string[] = [];
  lines.push('__bh_fast=');
  lines.push('case "${1-}" in');
  lines.push(`  ''|${single.join('|')}) __bh_fast=1 ;;`);
  for (const [first, seconds] of double) {
    if (single.includes(first)) continue;
    lines.push(`  ${first}) case "\${2-}" in ${seconds.join('|')}) __bh_fast=1 ;; esac ;;`);
  }
  lines.push('esac');
  lines.push('if [ -n "$__bh_fast" ]; then');
  lines.push('  for __bh_a in "$@"; do');
  lines.push(`    case "$__bh_a" in ${riskyArgumentPattern}) __bh_fast= ; break ;; esac`);
  lines.push('  done');
  lines.push('fi');
  return lines.join('\n');
}

/** The shim for one program. Generic: everything window-specific comes from the environment. */
export function shimScript(program: string): string {
  if (!/^[A-Za-z0-9_.+-]+$/.test(program)) throw new Error(`not a program name: ${program}`);
  return `#!/bin/sh
# Bulkhead shim for ${program}. Generated by the Bulkhead extension; edits are overwritten.
# It finds the real ${program} on PATH (skipping Bulkhead's shim directories), lets plain reads
# through, and asks the Bulkhead extension in VS Code about anything else.
__bh_prog=${program}
__bh_real=
__bh_ifs=$IFS
IFS=:
set -f
for __bh_d in $PATH; do
  case "$__bh_d" in ''|*/${shimDirPrefix}*) continue ;; esac
  if [ -f "$__bh_d/$__bh_prog" ] && [ -x "$__bh_d/$__bh_prog" ]; then __bh_real=$__bh_d/$__bh_prog; break; fi
done
set +f
IFS=$__bh_ifs
if [ -z "$__bh_real" ]; then
  echo "$__bh_prog: command not found (Bulkhead's shim found no real $__bh_prog on PATH)" >&2
  exit 127
fi
${fastPathCase(program)}
if [ -z "$__bh_fast" ]; then
  if [ -z "\${BULKHEAD_NODE-}" ] || [ -z "\${BULKHEAD_CLIENT-}" ] || [ ! -f "$BULKHEAD_CLIENT" ]; then
    echo "Bulkhead: refused \\"$__bh_prog $*\\": this shell has Bulkhead's shims on PATH but not its connection to VS Code, so the command cannot be checked. If you are an AI agent: stop and ask the user; do not try another way." >&2
    exit ${refusedExitCode}
  fi
  BULKHEAD_SHIM_PPID=$PPID ELECTRON_RUN_AS_NODE=1 "$BULKHEAD_NODE" \${BULKHEAD_NODE_ARGS-} "$BULKHEAD_CLIENT" --program "$__bh_prog" -- "$@" || exit $?
fi
exec "$__bh_real" "$@"
`;
}

/** Turns a list of program names into a bash ERE alternative, escaped. */
function programsRegex(programs: readonly string[]): string {
  return programs.map((p) => p.replace(/[.+]/g, (c) => `\\${c}`)).join('|');
}

/** The BASH_ENV script: a DEBUG trap for non-interactive bash. */
export function bashEnvScript(programs: readonly string[]): string {
  for (const p of programs) if (!/^[A-Za-z0-9_.+-]+$/.test(p)) throw new Error(`not a program name: ${p}`);
  return `# Bulkhead: checks commands run by non-interactive bash (bash -c, scripts) in VS Code terminals.
# Generated by the Bulkhead extension; edits are overwritten. Loaded through BASH_ENV.
if [ -n "\${BULKHEAD_ORIG_BASH_ENV-}" ] && [ -f "$BULKHEAD_ORIG_BASH_ENV" ]; then . "$BULKHEAD_ORIG_BASH_ENV"; fi
case $- in *i*) return 0 2>/dev/null ;; esac
__bulkhead_re='(^|[^A-Za-z0-9_.+-])(${programsRegex(programs)})([^A-Za-z0-9_.+-]|$)'
__bulkhead_guard() {
  local __bh_c=$BASH_COMMAND __bh_w
  # Cheap pre-check: only lines that mention a guarded program go further.
  [[ $__bh_c =~ $__bulkhead_re ]] || return 0
  case "$__bh_c" in __bulkhead_*) return 0 ;; esac
  # A plain call of a guarded program by name goes through its shim, which checks it.
  __bh_w=\${__bh_c%%[[:space:]]*}
  if [[ $__bh_w =~ ^(${programsRegex(programs)})$ && $__bh_c != *[\\$\\\`\\|\\;\\&\\<\\>\\(]* && -n \${BULKHEAD_SHIM_DIR-} && -x $BULKHEAD_SHIM_DIR/$__bh_w && :$PATH: == *:$BULKHEAD_SHIM_DIR:* ]]; then
    return 0
  fi
  if [ -z "\${BULKHEAD_NODE-}" ] || [ -z "\${BULKHEAD_CLIENT-}" ] || [ ! -f "$BULKHEAD_CLIENT" ]; then
    printf '%s\\n' "Bulkhead: refused \\"$__bh_c\\": the connection to VS Code is missing, so it cannot be checked. If you are an AI agent: stop and ask the user; do not try another way." >&2
    exit ${refusedExitCode}
  fi
  BULKHEAD_SHIM_PPID=$$ ELECTRON_RUN_AS_NODE=1 "$BULKHEAD_NODE" \${BULKHEAD_NODE_ARGS-} "$BULKHEAD_CLIENT" --source bash --line "$__bh_c" && return 0
  exit ${refusedExitCode}
}
trap '__bulkhead_guard' DEBUG
`;
}

/**
 * The client the shims and the trap run. Standalone CommonJS with no dependencies, so it starts in
 * the time Node itself takes. Usage:
 *   client --program NAME -- ARGS...     (shim: the argv is quoted back into one line)
 *   client --source bash --line LINE     (BASH_ENV trap: the line as bash saw it)
 * Exit 0: run it. Exit 126: refused, with the reason on stderr.
 */
export function clientScript(): string {
  return `'use strict';
// Bulkhead client: asks the Bulkhead extension whether a command may run. Generated; edits are overwritten.
const net = require('net');
const { spawnSync } = require('child_process');
const REFUSED = ${refusedExitCode};
const MAX = ${120 * 1024};
const env = process.env;

function quote(w) {
  if (w === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w)) return w;
  return "'" + w.replace(/'/g, "'\\\\''") + "'";
}

const argv = process.argv.slice(2);
let program = '';
let line;
let source = 'shim';
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--program') program = argv[++i] || '';
  else if (a === '--source') source = argv[++i] || 'shim';
  else if (a === '--line') line = argv[++i] || '';
  else if (a === '--') { line = [program].concat(argv.slice(i + 1)).map(quote).join(' '); break; }
}
if (line === undefined) line = program;

function refuse(why) {
  const shown = line.length > 300 ? line.slice(0, 300) + '…' : line;
  process.stderr.write('Bulkhead refused: ' + shown + '\\n' + why + '\\n');
  process.exit(REFUSED);
}

const agentHint = ' If you are an AI agent: ${stopAndAsk}';

// Fallback when VS Code cannot be reached: the policy alone decides, and only "allow" runs.
function offline(reason) {
  const cli = env.BULKHEAD_CLI;
  if (cli) {
    const args = ['check'];
    if (env.BULKHEAD_ACTIVE) args.push('--env', env.BULKHEAD_ACTIVE);
    args.push('--cwd', process.cwd(), '--', line);
    const nodeArgs = (env.BULKHEAD_NODE_ARGS || '').split(' ').filter(Boolean);
    const r = spawnSync(process.execPath, nodeArgs.concat([cli], args), { stdio: ['ignore', 'ignore', 'ignore'], env: Object.assign({}, env, { ELECTRON_RUN_AS_NODE: '1' }), timeout: 15000 });
    if (r.status === 0) process.exit(0);
  }
  refuse('Bulkhead could not reach VS Code (' + reason + '), and this command needs a human to confirm it, so it was not run.' + agentHint);
}

const address = env.BULKHEAD_IPC;
const token = env.BULKHEAD_TOKEN;
if (!address || !token) offline('no connection details in this shell');

const sentEnv = {};
let envBytes = 0;
for (const k of Object.keys(env)) {
  if (k === 'BULKHEAD_TOKEN' || k === 'ELECTRON_RUN_AS_NODE' || k === 'BULKHEAD_SHIM_PPID' || k === 'BULKHEAD_SOURCE') continue;
  const v = env[k];
  if (typeof v !== 'string' || v.length > 4096) continue;
  envBytes += k.length + v.length + 6;
  if (envBytes > 48 * 1024) break;
  sentEnv[k] = v;
}
const ppid = Number(env.BULKHEAD_SHIM_PPID);
const request = {
  v: 1, token: token, type: 'check', line: line, cwd: process.cwd(), env: sentEnv,
  source: Object.assign({ kind: source === 'bash' ? 'bash' : 'shim' }, program ? { program: program } : {}, Number.isInteger(ppid) ? { ppid: ppid } : {}),
};
let payload = JSON.stringify(request) + '\\n';
if (Buffer.byteLength(payload) > MAX) {
  delete request.env;
  payload = JSON.stringify(request) + '\\n';
  if (Buffer.byteLength(payload) > MAX) refuse('The command is too long for Bulkhead to check, so it was not run.' + agentHint);
}

const socket = net.createConnection(address);
let text = '';
let answered = false;
const timer = setTimeout(() => { socket.destroy(); refuse('Bulkhead did not answer in time, so the command was not run.' + agentHint); }, 15 * 60 * 1000);
socket.setEncoding('utf8');
socket.on('connect', () => socket.write(payload));
socket.on('data', (d) => {
  text += d;
  if (text.length > 64 * 1024) { answered = true; clearTimeout(timer); socket.destroy(); return offline('an oversized answer'); }
  const nl = text.indexOf('\\n');
  if (nl < 0 || answered) return;
  let answer;
  try { answer = JSON.parse(text.slice(0, nl)); } catch (e) { answered = true; clearTimeout(timer); socket.destroy(); return offline('an unreadable answer'); }
  // The acknowledgement only says the extension is deciding; the answer follows.
  if (answer && answer.ack === true) { text = text.slice(nl + 1); if (text) socket.emit('data', ''); return; }
  answered = true;
  clearTimeout(timer);
  socket.destroy();
  if (!answer.ok) {
    if (answer.error === 'unauthorized') return offline('this shell has the token of an earlier session; open a new terminal');
    return refuse('Bulkhead could not check this command (' + (answer.message || answer.error) + '), so it was not run.' + agentHint);
  }
  if (answer.run === true) process.exit(0);
  refuse(answer.message || ('Bulkhead did not allow this command.' + agentHint));
});
socket.on('error', (e) => { if (!answered) { answered = true; clearTimeout(timer); offline(e.code === 'ENOENT' || e.code === 'ECONNREFUSED' ? 'VS Code is closed or the Bulkhead extension is not running' : e.message); } });
socket.on('close', () => { if (!answered) { answered = true; clearTimeout(timer); offline('the connection closed without an answer'); } });
`;
}
