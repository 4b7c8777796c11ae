import { parse as parseJsonc } from 'jsonc-parser';
import { dirOf, findFile, isRecord, shellQuote, tooMany, unknownArgument, unreadableFile } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

/**
 * `deno task NAME args…`: the task's command from deno.json or deno.jsonc (a string, or
 * `{ command, dependencies }`), after its dependencies, with the line's arguments appended;
 * `deno task --eval 'cmd'` runs the text it is given as a task would.
 */

const valued: ReadonlySet<string> = new Set(['-c', '--config', '--cwd', '-f', '--filter']);
const maxTasks = 200;

export function denoTasks(call: TaskCall): TaskOutcome | undefined {
  const args = call.args.map((w) => (w.dynamic ? unknownArgument : w.value));
  if (args[0] !== 'task') return undefined;
  let name: string | undefined;
  let rest: string[] = [];
  let evaluate = false;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '--eval') evaluate = true;
    else if (valued.has(a)) i++;
    else if (!a.startsWith('-')) {
      name = a;
      rest = args.slice(i + 1);
      break;
    }
  }
  // `deno task` alone lists the tasks.
  if (name === undefined) return undefined;
  if (evaluate) return { kind: 'bodies', file: 'the --eval text', bodies: [{ code: [name, ...rest.map(shellQuote)].join(' '), label: 'deno task --eval', key: `eval:${name}`, cwd: call.cwd }] };
  const found = findFile(call.read, call.cwd, ['deno.json', 'deno.jsonc'], true);
  if (!found) return { kind: 'unread', note: `deno task ${name}: no deno.json here; judged by its name` };
  if ('error' in found.file) return unreadableFile(`deno task ${name}`, 'deno.json', found.file);
  const root = parseJsonc(found.file.text, [], { allowTrailingComma: true }) as unknown;
  const tasks = isRecord(root) && isRecord(root.tasks) ? root.tasks : {};
  if (Object.keys(tasks).length > maxTasks) return tooMany(`deno task ${name}`, 'tasks in deno.json', maxTasks);
  const bodies: TaskBody[] = [];
  const done = new Set<string>();
  const run = (task: string, extra: readonly string[]): boolean => {
    if (done.has(task)) return true;
    done.add(task);
    const definition = tasks[task];
    const command = typeof definition === 'string' ? definition : isRecord(definition) && typeof definition.command === 'string' ? definition.command : undefined;
    if (definition === undefined) return false;
    for (const dependency of isRecord(definition) && Array.isArray(definition.dependencies) ? definition.dependencies : []) {
      if (typeof dependency === 'string') run(dependency, []);
    }
    if (command !== undefined) bodies.push({ code: [command, ...extra.map(shellQuote)].join(' '), label: `deno task ${task}`, key: `${found.path}:${task}`, cwd: dirOf(found.path) });
    return true;
  };
  if (!run(name, rest)) return { kind: 'unread', note: `deno task ${name}: deno.json has no task ${name}; judged by its name` };
  return { kind: 'bodies', file: 'deno.json', bodies };
}
