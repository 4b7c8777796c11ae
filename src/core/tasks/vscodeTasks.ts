import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { resolvePath } from '../paths';
import { findFile, isRecord, shellQuote, tooMany, unknownArgument, unreadableFile } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

/**
 * `vstask LABEL` and `vtr LABEL` run the tasks of `.vscode/tasks.json` from a terminal: the task's
 * command with its arguments (a `shell` task's command line as written, a `process` task's words,
 * an `npm` task's script), in its `options.cwd` with its `options.env`, after the tasks it
 * `dependsOn`, with VS Code's variables put in.
 */

const reporting: ReadonlySet<string> = new Set(['-l', '--list', 'ls', 'list', '-h', '--help', 'help', '--version', '-V', '--completion', '--json']);
const maxTasks = 100;

export function vscodeTasks(call: TaskCall): TaskOutcome | undefined {
  const args = call.args.map((w) => (w.dynamic ? unknownArgument : w.value));
  if (args.length === 0 || args.some((a) => reporting.has(a))) return undefined;
  // The Go vstask takes `run NAME`; the others take the labels themselves.
  const labels = (args[0] === 'run' ? args.slice(1) : args).filter((a) => !a.startsWith('-'));
  if (labels.length === 0) return undefined;
  const asTyped = [call.argv0, ...labels.map(shellQuote)].join(' ');
  const found = findFile(call.read, call.cwd, ['.vscode/tasks.json'], true);
  if (!found) return { kind: 'unread', note: `${asTyped}: no .vscode/tasks.json here; judged by its name` };
  if ('error' in found.file) return unreadableFile(asTyped, '.vscode/tasks.json', found.file);
  const errors: ParseError[] = [];
  const root = parseJsonc(found.file.text, errors, { allowTrailingComma: true }) as unknown;
  const folder = found.path.slice(0, found.path.lastIndexOf('/.vscode/')) || '/';
  const tasks = new Map<string, Record<string, unknown>>();
  const listed = isRecord(root) && Array.isArray(root.tasks) ? root.tasks : [];
  if (listed.length > maxTasks) return tooMany(asTyped, 'tasks in .vscode/tasks.json', maxTasks);
  for (const task of listed) {
    if (!isRecord(task)) continue;
    const label = typeof task.label === 'string' ? task.label : typeof task.script === 'string' ? `npm: ${task.script}` : undefined;
    if (label) tasks.set(label, { ...task, ...(isRecord(task.linux) ? task.linux : {}) });
  }
  const bodies: TaskBody[] = [];
  const done = new Set<string>();
  const fill = (text: string): string => text.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    if (name === 'workspaceFolder' || name === 'workspaceRoot' || name === 'cwd') return folder;
    if (name === 'workspaceFolderBasename') return folder.slice(folder.lastIndexOf('/') + 1);
    if (name === 'userHome') return call.env.HOME ?? unknownArgument;
    if (name === 'pathSeparator') return '/';
    if (name.startsWith('env:')) return call.env[name.slice(4)] ?? '';
    return unknownArgument;
  });
  const run = (label: string): boolean => {
    if (done.has(label)) return true;
    done.add(label);
    const task = tasks.get(label);
    if (!task) return false;
    for (const dependency of typeof task.dependsOn === 'string' ? [task.dependsOn] : Array.isArray(task.dependsOn) ? task.dependsOn : []) {
      if (typeof dependency === 'string') run(dependency);
    }
    const code = commandLine(task, fill);
    if (code === undefined) return true;
    const options = isRecord(task.options) ? task.options : {};
    const env: Record<string, string> = {};
    if (isRecord(options.env)) for (const [key, value] of Object.entries(options.env)) if (typeof value === 'string') env[key] = fill(value);
    const cwd = typeof options.cwd === 'string' ? resolvePath(folder, fill(options.cwd), call.env.HOME) : folder;
    bodies.push({ code, label: `task ${label}`, key: `${found.path}:${label}`, cwd, env });
    return true;
  };
  for (const label of labels) {
    if (!run(label)) return { kind: 'unread', note: `${asTyped}: .vscode/tasks.json has no task ${label}; judged by its name` };
  }
  return { kind: 'bodies', file: '.vscode/tasks.json', bodies };
}

/** The command line a task runs: `shell` as written, `process` word by word, `npm` as `npm run`. */
function commandLine(task: Record<string, unknown>, fill: (text: string) => string): string | undefined {
  const words = (Array.isArray(task.args) ? task.args : []).map((a) => (typeof a === 'string' ? a : isRecord(a) && typeof a.value === 'string' ? a.value : unknownArgument)).map(fill);
  if (task.type === 'npm' && typeof task.script === 'string') return ['npm', 'run', task.script, ...words.map(shellQuote)].join(' ');
  if (typeof task.command !== 'string') return undefined;
  const command = fill(task.command);
  if (task.type === 'process') return [command, ...words].map(shellQuote).join(' ');
  return [command, ...words.map(shellQuote)].join(' ');
}
