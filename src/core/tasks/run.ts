import type { TargetHint, Word } from '../model';
import { packFor } from '../packs/registry';
import { type RawCommand, type Scope, type Walk, extractText } from '../shell/extract';
import { composeRun } from './compose';
import { composerScripts } from './composer';
import { denoTasks } from './denoTasks';
import type { ListFolder, ReadFile } from './files';
import { gitHooks, lefthookRun, preCommitRun } from './hooks';
import { invokeTasks } from './invoke';
import { justRecipes } from './just';
import { mageTargets } from './mage';
import { noxSessions } from './nox';
import { makeRecipes } from './make';
import { packageScripts, projectScript } from './packageScripts';
import { actWorkflows, buildkiteUpload, circleciLocal, gitlabCiLocal } from './pipelines';
import { rakeTasks } from './rake';
import { scriptFile } from './scriptFile';
import { taskfileTasks } from './taskfile';
import { toxEnvironments } from './tox';
import { vscodeTasks } from './vscodeTasks';
import { monorepoRun } from './workspaces';

/** A runner invocation as the walk sees it. */
export interface TaskCall {
  readonly program: string;
  readonly argv0: string;
  readonly args: readonly Word[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly read: ReadFile;
  readonly list?: ListFolder;
  /** Input written on the line (a here-doc or here-string), when the runner reads its file from stdin. */
  readonly stdin?: string;
}

/** Shell code a runner will run, read from the workspace. */
export interface TaskBody {
  readonly code: string;
  /** What `via` shows: `make deploy`, `npm run predeploy`. */
  readonly label: string;
  /** Identifies the script or recipe, so one that runs itself is not read again. */
  readonly key: string;
  readonly cwd?: string;
  /** Variables the runner hands the body (make's command-line variables, task's vars). */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the body runs, as its runner says (a CI job's `environment: production`). */
  readonly targets?: readonly TargetHint[];
}

export type TaskOutcome =
  /** `file` is what was read, for the explanation. */
  | { readonly kind: 'bodies'; readonly file: string; readonly bodies: readonly TaskBody[] }
  /** Code that runs beside the command (the git hooks a push runs): the command is still judged on its own. */
  | { readonly kind: 'triggers'; readonly file: string; readonly bodies: readonly TaskBody[]; readonly unread?: { readonly ruleId: string; readonly reason: string } }
  /** The body could not be read: the runner is judged by its name, and the note says why. */
  | { readonly kind: 'unread'; readonly note: string }
  | { readonly kind: 'opaque'; readonly ruleId: string; readonly reason: string };

export type Runner = (call: TaskCall) => TaskOutcome | undefined;

const runners: Readonly<Record<string, Runner>> = {
  npm: packageScripts, pnpm: packageScripts, yarn: packageScripts, bun: packageScripts, rushx: projectScript,
  make: makeRecipes, gmake: makeRecipes,
  just: justRecipes,
  task: taskfileTasks, 'go-task': taskfileTasks,
  composer: composerScripts,
  rake: rakeTasks,
  invoke: invokeTasks, inv: invokeTasks,
  mage: mageTargets,
  nox: noxSessions,
  docker: composeRun, podman: composeRun, 'docker-compose': composeRun, 'podman-compose': composeRun,
  tox: toxEnvironments,
  git: gitHooks, 'pre-commit': preCommitRun, lefthook: lefthookRun,
  lerna: monorepoRun, turbo: monorepoRun, nx: monorepoRun,
  act: actWorkflows, 'gitlab-ci-local': gitlabCiLocal, circleci: circleciLocal, 'buildkite-agent': buildkiteUpload,
  deno: denoTasks,
  vstask: vscodeTasks, vtr: vscodeTasks, 'vscode-task-runner': vscodeTasks,
};

/** Whether the program is a task runner whose bodies the workspace may hold (npm, make, just, …). */
export function isTaskRunner(program: string): boolean {
  return Object.hasOwn(runners, program);
}

/** Runners inside runners (`npm run a` in a script, `$(MAKE) -C sub`): past this, what runs is unknown. */
export const maxTaskDepth = 6;
/** Lines of scripts and recipes read for one command line, in all. */
export const maxTaskLines = 2000;

const linesRead = new WeakMap<Walk, number>();

/**
 * Where the walk meets a task runner or a script: the bodies the workspace holds are walked as if
 * typed, each under the runner in `via`, and the runner itself is kept with a note saying whether
 * its body was read (so project rules still see it, and a name is judged only when nothing was
 * read). Returns the command to continue with, or undefined when the body replaced it.
 */
export function runTask(walk: Walk, command: RawCommand, text: string, scope: Scope, program: string): RawCommand | undefined {
  const disk = walk.options.readFile;
  if (!disk) return command;
  // A file the line wrote earlier (`printf … > .git/hooks/pre-push && git push`) is read as written.
  const read: ReadFile = (path) => {
    if (!walk.files.has(path)) return disk(path);
    const text = walk.files.get(path);
    return text === undefined ? { error: 'unreadable', message: 'it was written earlier on the line with content Bulkhead cannot see' } : { text };
  };
  const runner = runners[program] ?? (packFor(program) ? undefined : scriptFile);
  if (!runner) return command;
  const outcome = runner({
    program, argv0: command.name.value, args: command.args, cwd: command.cwd, env: command.env, read, list: walk.options.listFolder, stdin: command.stdin?.text,
  });
  if (!outcome) return command;
  if (outcome.kind === 'unread') return { ...command, task: { read: false, note: outcome.note } };
  if (outcome.kind === 'opaque') {
    walk.items.push({ kind: 'opaque', ruleId: outcome.ruleId, reason: outcome.reason, span: command.span, text, via: command.via, inherited: command.inherited });
    return undefined;
  }
  const depth = [...scope.expanding].filter((k) => k.startsWith('task:')).length;
  if (depth >= maxTaskDepth) {
    walk.items.push({
      kind: 'opaque', ruleId: 'tasks.too-deep', span: command.span, text, via: command.via, inherited: command.inherited,
      reason: `runs scripts and task runners inside each other more than ${maxTaskDepth} levels deep, so Bulkhead stops reading what they run`,
    });
    return undefined;
  }
  if (outcome.kind === 'triggers') {
    if (outcome.unread) walk.items.push({ kind: 'opaque', ...outcome.unread, span: command.span, text, via: command.via, inherited: command.inherited });
    walkBodies(walk, command, text, scope, outcome.bodies);
    return command;
  }
  walk.items.push({ kind: 'command', command: { ...command, task: { read: true, note: outcome.file } }, text });
  walkBodies(walk, command, text, scope, outcome.bodies);
  return undefined;
}

/** Walks each body as if typed, under the runner in `via`, within the task depth and line bounds. */
function walkBodies(walk: Walk, command: RawCommand, text: string, scope: Scope, bodies: readonly TaskBody[]): void {
  for (const body of bodies) {
    const key = `task:${body.key}`;
    // A script that runs itself was read once already, further up.
    if (scope.expanding.has(key)) continue;
    const lines = (linesRead.get(walk) ?? 0) + body.code.split('\n').length;
    linesRead.set(walk, lines);
    if (lines > maxTaskLines) {
      walk.items.push({
        kind: 'opaque', ruleId: 'tasks.too-long', span: command.span, text, via: [...command.via, body.label], inherited: command.inherited,
        reason: `runs more than ${maxTaskLines} lines of scripts and recipes, so Bulkhead stops reading them`,
      });
      return;
    }
    extractText(walk, body.code, {
      env: { ...command.env, ...body.env },
      assigned: { ...command.assigned, ...body.env },
      cwd: body.cwd ?? command.cwd,
      aliases: new Map(),
      depth: scope.depth + 1,
      via: [...command.via, body.label],
      inherited: body.targets ? [...command.inherited, ...body.targets] : command.inherited,
      outerSpan: scope.outerSpan ?? command.span,
      expanding: new Set([...scope.expanding, key]),
    });
  }
}
