import { parseDocument } from 'yaml';
import { resolvePath } from '../paths';
import { dirOf, findFile, isRecord, unreadableFile } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

const reporting: ReadonlySet<string> = new Set(['-l', '--list', '-a', '--list-all', '--summary', '-n', '--dry', '--help', '-h', '--version', '--init', '-i', '--status']);
const valued: ReadonlySet<string> = new Set(['-t', '--taskfile', '-d', '--dir', '-o', '--output', '-C', '--concurrency', '--interval', '--sort']);
const names = ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml', 'taskfile.dist.yml', 'Taskfile.dist.yaml', 'taskfile.dist.yaml'];
const computed = '${TASK_COMPUTED_VALUE}';
const maxTasks = 200;

type Tasks = Map<string, unknown>;

/** `task name VAR=…`: the task's `cmds`, its `deps` and the tasks it calls, with `{{.VAR}}` put in. */
export function taskfileTasks(call: TaskCall): TaskOutcome | undefined {
  const { args } = call;
  let file: string | undefined;
  let dir: string | undefined;
  const goals: string[] = [];
  const lineVars = new Map<string, string>();
  let cliArgs = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (a === '--') {
      cliArgs = args.slice(i + 1).map((w) => w.raw).join(' ');
      break;
    }
    if (reporting.has(a)) return undefined;
    if (valued.has(a)) {
      const value = args[++i]?.value;
      if (value === undefined) return undefined;
      if (a === '-t' || a === '--taskfile') file = value;
      if (a === '-d' || a === '--dir') dir = value;
      continue;
    }
    if (a.startsWith('-')) continue;
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a);
    if (assignment) lineVars.set(assignment[1], assignment[2]);
    else goals.push(a);
  }
  const asTyped = ['task', ...goals].join(' ');
  const base = dir !== undefined ? resolvePath(call.cwd, dir, call.env.HOME) : call.cwd;
  const found = file !== undefined
    ? findFile(call.read, base, [resolvePath(base, file, call.env.HOME)], false)
    : findFile(call.read, base, names, dir === undefined);
  if (!found) return { kind: 'unread', note: `${asTyped}: no Taskfile here; judged by its name` };
  if ('error' in found.file) return unreadableFile(asTyped, 'the Taskfile', found.file);
  const document = parseDocument(found.file.text, { uniqueKeys: false }).toJS({ maxAliasCount: 100 }) as unknown;
  const root = isRecord(document) ? document : {};
  const tasks: Tasks = new Map(isRecord(root.tasks) ? Object.entries(root.tasks) : []);
  const globals = new Map([...varsOf(root.vars), ...lineVars]);
  const cwd = dirOf(found.path);
  const bodies: TaskBody[] = [];
  const done = new Set<string>();
  const run = (name: string, vars: ReadonlyMap<string, string>): string | undefined => {
    if (done.has(name)) return undefined;
    done.add(name);
    if (done.size > maxTasks) return `more than ${maxTasks} tasks`;
    const task = tasks.get(name);
    const definition = isRecord(task) ? task : { cmds: task };
    const scope = new Map([...globals, ...varsOf(definition.vars), ...vars, ['CLI_ARGS', cliArgs]]);
    const env: Record<string, string> = {};
    for (const [key, value] of varsOf(definition.env)) env[key] = fill(value, scope);
    const taskDir = typeof definition.dir === 'string' ? resolvePath(cwd, fill(definition.dir, scope)) : cwd;
    for (const dep of listOf(definition.deps)) {
      const depName = typeof dep === 'string' ? dep : isRecord(dep) && typeof dep.task === 'string' ? dep.task : undefined;
      if (!depName) continue;
      const stop = run(depName, isRecord(dep) ? varsOf(dep.vars) : new Map());
      if (stop) return stop;
    }
    for (const step of listOf(definition.cmds ?? definition.cmd)) {
      const code = typeof step === 'string' ? step : isRecord(step) && typeof step.cmd === 'string' ? step.cmd : undefined;
      if (code !== undefined) {
        bodies.push({ code: fill(code, scope), label: `task ${name}`, key: `${found.path}:${name}`, cwd: taskDir, env });
      } else if (isRecord(step) && typeof step.task === 'string') {
        const stop = run(step.task, new Map([...scope, ...varsOf(step.vars)]));
        if (stop) return stop;
      }
    }
    return undefined;
  };
  const wanted = goals.length > 0 ? goals : ['default'];
  for (const goal of wanted) {
    if (!tasks.has(goal)) {
      const also = root.includes !== undefined ? ' (it includes Taskfiles Bulkhead does not read)' : '';
      return { kind: 'unread', note: `task ${goal}: the Taskfile has no task ${goal}${also}; judged by its name` };
    }
    const stop = run(goal, new Map());
    if (stop) return { kind: 'opaque', ruleId: 'tasks.taskfile-too-large', reason: `${asTyped}: the Taskfile runs ${stop}, so Bulkhead stops reading it` };
  }
  return { kind: 'bodies', file: 'Taskfile', bodies };
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** `vars:` values: plain ones as written, `sh:` and templated ones only known when the task runs. */
function varsOf(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(value)) return out;
  for (const [key, v] of Object.entries(value)) out.set(key, typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : computed);
  return out;
}

/** `{{.ENV}}` and `{{.CLI_ARGS}}`; a template doing more (functions, pipes) is known only at run time. */
function fill(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\{\{(.*?)\}\}/g, (_m, expr: string) => {
    const name = /^\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(expr)?.[1];
    return name !== undefined ? vars.get(name) ?? '' : computed;
  });
}

