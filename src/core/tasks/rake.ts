import { resolvePath } from '../paths';
import { scanScript } from '../shell/interpreters';
import { dirOf, findFile, shellQuote, unreadableFile } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

interface RakeTask {
  readonly name: string;
  readonly prerequisites: string[];
  /** Ruby code of its block. */
  readonly body: string[];
}

const reporting: ReadonlySet<string> = new Set(['-T', '--tasks', '-D', '--describe', '-P', '--prereqs', '-W', '--where', '-n', '--dry-run',
  '-h', '--help', '-H', '-V', '--version', '-A', '--all']);
const valued: ReadonlySet<string> = new Set(['-f', '--rakefile', '-C', '--directory', '-I', '--libdir', '-r', '--require', '-R', '--rakelibdir', '-j', '--jobs', '-e', '--execute', '-p', '--execute-print', '-E', '--execute-continue']);
const maxTasks = 200;
/** A command the task computes at run time: eval of a variable nobody can see, which the walk calls unknown. */
const computed = 'eval "$RAKE_COMPUTED_COMMAND"';

/**
 * `rake task[args] VAR=value`: the task's block from the Rakefile, prerequisites first, read by the
 * Ruby scanner (`sh "…"` is Rake's `system`). Tasks the Rakefile does not define (Rails' `db:drop`)
 * are left to the packs; a missing Rakefile leaves the command as it is.
 */
export function rakeTasks(call: TaskCall): TaskOutcome | undefined {
  const { args } = call;
  let file: string | undefined;
  let dir = call.cwd;
  const names: string[] = [];
  const env: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (reporting.has(a)) return undefined;
    if (valued.has(a)) {
      if (a === '-e' || a === '--execute' || a === '-p' || a === '--execute-print' || a === '-E' || a === '--execute-continue') return undefined;
      const value = args[++i]?.value;
      if (value === undefined) return undefined;
      if (a === '-f' || a === '--rakefile') file = value;
      if (a === '-C' || a === '--directory') dir = resolvePath(dir, value, call.env.HOME);
      continue;
    }
    if (a.startsWith('-')) continue;
    const eq = a.indexOf('=');
    if (eq > 0 && /^[A-Za-z_]\w*$/.test(a.slice(0, eq))) env[a.slice(0, eq)] = a.slice(eq + 1);
    else names.push(a.replace(/\[.*$/s, ''));
  }
  const found = file ? findFile(call.read, dir, [resolvePath(dir, file, call.env.HOME)], false) : findFile(call.read, dir, ['Rakefile', 'rakefile', 'Rakefile.rb'], true);
  if (!found) return undefined;
  if ('error' in found.file) return unreadableFile(`rake ${names.join(' ')}`.trim(), 'the Rakefile', found.file);
  const tasks = parseRakefile(found.file.text);
  const wanted = names.length > 0 ? names : ['default'];
  if (!wanted.every((name) => tasks.has(name))) return undefined;
  const bodies: TaskBody[] = [];
  const cwd = dirOf(found.path);
  const seen = new Set<string>();
  const add = (name: string, depth: number): void => {
    const task = tasks.get(name);
    if (!task || seen.has(name) || depth > 16 || seen.size >= maxTasks) return;
    seen.add(name);
    for (const prerequisite of task.prerequisites) add(prerequisite, depth + 1);
    const code = shellOf(task.body.join('\n'));
    if (code) bodies.push({ code, label: `rake ${name}`, key: `${found.path}:${name}`, cwd, env });
  };
  for (const name of wanted) add(name, 0);
  return { kind: 'bodies', file: 'Rakefile', bodies };
}

/** What a task's Ruby block runs, as shell lines. */
function shellOf(ruby: string): string {
  const scan = scanScript('ruby', ruby.replace(/(^|[\s;({])sh(\s*\(|\s+(?=[^\s=]))/g, '$1system$2'));
  const lines = [...scan.commands, ...scan.argvs.filter((argv) => argv.length > 0).map((argv) => argv.map(shellQuote).join(' '))];
  for (const file of scan.files) lines.push(`cat ${shellQuote(file)}`);
  if (scan.opaque) lines.push(computed);
  return lines.join('\n');
}

const blockOpeners = /^\s*(?:if|unless|while|until|case|begin|def|class|module)\b/;

/**
 * Tasks by their full name (`db:reset` inside `namespace :db`), with prerequisites and block. Blocks
 * are matched by `do`/`end` and the keywords that open a line; `{ … }` blocks on one line are kept whole.
 */
function parseRakefile(text: string): Map<string, RakeTask> {
  const tasks = new Map<string, RakeTask>();
  const stack: { kind: 'namespace' | 'task' | 'other'; name?: string; task?: RakeTask }[] = [];
  const prefix = () => stack.filter((s) => s.kind === 'namespace').map((s) => `${s.name}:`).join('');
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s#.*$/, '').replace(/^\s*#.*$/, '');
    const open = stack.find((s) => s.kind === 'task');
    const namespace = /^\s*namespace\s+(?::|["'])([\w-]+)["']?\s*do\b/.exec(line);
    const task = /^\s*(?:task|multitask|file)\s+(?::([\w-]+)|["']([\w:-]+)["']|([\w-]+):)(.*)$/.exec(line);
    if (namespace && !open) {
      stack.push({ kind: 'namespace', name: namespace[1] });
      continue;
    }
    if (task && !open && tasks.size < maxTasks) {
      const rest = task[4];
      const entry: RakeTask = { name: `${prefix()}${task[1] ?? task[2] ?? task[3]}`, prerequisites: prerequisitesIn(rest).map((p) => (tasks.has(p) ? p : `${prefix()}${p}`)), body: [] };
      tasks.set(entry.name, entry);
      const inline = /\{(.*)\}\s*$/.exec(rest) ?? /\bdo\b(.*)\bend\s*$/.exec(rest);
      if (inline) entry.body.push(inline[1]);
      else if (/\bdo\b/.test(rest)) stack.push({ kind: 'task', task: entry });
      continue;
    }
    const opens = (line.match(/\bdo\b/g)?.length ?? 0) + (blockOpeners.test(line) ? 1 : 0);
    const closes = line.match(/(?<![\w.])end\b/g)?.length ?? 0;
    for (let i = 0; i < opens; i++) stack.push({ kind: 'other' });
    let closed = 0;
    for (; closed < closes && stack.length > 0; closed++) {
      const top = stack.pop();
      if (top?.kind === 'task') break;
    }
    if (open && stack.includes(open)) open.task?.body.push(line);
  }
  return tasks;
}

/** `=> [:a, :b]`, `: :a`, `, [:arg] => :dep`: the names after the arrow or the keyword colon. */
function prerequisitesIn(rest: string): string[] {
  const m = /(?:=>|^\s*)\s*(\[[^\]]*\]|:[\w-]+|["'][\w:-]+["'])/.exec(rest.replace(/^\s*,\s*\[[^\]]*\]\s*/, ' '));
  if (!m) return [];
  return [...m[1].matchAll(/:([\w-]+)|["']([\w:-]+)["']/g)].map((p) => p[1] ?? p[2]);
}
