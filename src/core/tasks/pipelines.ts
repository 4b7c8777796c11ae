import { parseDocument } from 'yaml';
import { parseDotenv } from '../credentials/dotenv';
import type { TargetHint } from '../model';
import { resolvePath } from '../paths';
import { type FileText, isRecord, shellQuote, tooMany, unknownArgument, unreadableFile } from './files';
import type { TaskBody, TaskCall, TaskOutcome } from './run';

/**
 * CI pipelines run on this machine or handed to a CI service: `act` (GitHub Actions workflows),
 * `gitlab-ci-local` (.gitlab-ci.yml), `circleci local execute` and `buildkite-agent pipeline
 * upload`. Each selected job's scripts are judged as if typed, with the job's variables, and in the
 * environment a job names (`environment: production`).
 */

/** Jobs read from one pipeline, in all. */
const maxJobs = 64;
/** Workflow files read from a folder. */
const maxWorkflows = 32;

interface Job {
  readonly name: string;
  readonly steps: readonly { readonly code: string; readonly env: Readonly<Record<string, string>> }[];
  readonly env: Readonly<Record<string, string>>;
  readonly targets: readonly TargetHint[];
}

function parseYaml(text: string): unknown {
  return parseDocument(text, { uniqueKeys: false }).toJS({ maxAliasCount: 100 }) as unknown;
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function variablesOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
    // GitLab's `VAR: { value: …, description: … }`.
    else if (isRecord(v) && typeof v.value === 'string') out[key] = v.value;
  }
  return out;
}

/** `environment: production` or `environment: { name: production }`: where the job deploys. */
function environmentOf(value: unknown, source: string): TargetHint[] {
  const name = typeof value === 'string' ? value : isRecord(value) && typeof value.name === 'string' ? value.name : undefined;
  return name ? [{ kind: 'stage', value: name, source }] : [];
}

function bodiesOf(runner: string, file: string, jobs: readonly Job[], cwd: string, lineEnv: Readonly<Record<string, string>>): TaskBody[] {
  return jobs.flatMap((job) => job.steps.map((step, k) => ({
    code: step.code, label: `${runner} ${job.name}`, key: `${file}:${job.name}:${k}`, cwd,
    env: { ...job.env, ...step.env, ...lineEnv }, targets: job.targets,
  })));
}

function readOrOpaque(call: TaskCall, path: string, runner: string, what: string): { text: string } | TaskOutcome {
  const file: FileText = call.read(path);
  if ('text' in file) return file;
  if (file.error === 'missing') return { kind: 'unread', note: `${runner}: no ${what} here; judged by its name` };
  return unreadableFile(runner, what, file);
}

// ---------------------------------------------------------------------------------------------
// act: GitHub Actions workflows

const actReporting: ReadonlySet<string> = new Set(['-l', '--list', '-g', '--graph', '-n', '--dryrun', '-h', '--help', '--version', '--bug-report', '--list-options', '--validate']);
const actValued: ReadonlySet<string> = new Set(['-j', '--job', '-W', '--workflows', '-C', '--directory', '--env-file', '--secret-file', '-s', '--secret',
  '--var', '--var-file', '--input', '--input-file', '--env', '-e', '--eventpath', '-P', '--platform', '-a', '--actor', '--container-architecture',
  '--artifact-server-path', '--cache-server-path', '--matrix', '--defaultbranch', '--remote-name', '--container-daemon-socket', '--network',
  '--replace-ghe-action-with-github-com', '--action-cache-path', '--concurrent-jobs', '--container-options', '--github-instance', '--userns',
  '--local-repository', '--cache-server-addr', '--cache-server-port', '--artifact-server-addr', '--artifact-server-port']);

/** Actions that only prepare the runner: checking out, installing a toolchain, caching, passing artifacts. */
const preparingAction = /^(?:actions\/(?:checkout|cache|upload-artifact|download-artifact|setup-[\w-]+)|[\w.-]+\/setup-[\w-]+(?:\/[\w./-]+)?|[\w.-]+\/[\w.-]+\/setup-[\w-]+)@/;

export function actWorkflows(call: TaskCall): TaskOutcome | undefined {
  const args = call.args.map((w) => (w.dynamic ? unknownArgument : w.value));
  const jobsWanted: string[] = [];
  const inputs: Record<string, string> = {};
  const lineEnv: Record<string, string> = {};
  let event: string | undefined;
  let workflows: string | undefined;
  let dir = call.cwd;
  let envFile = '.env';
  for (let i = 0; i < args.length; i++) {
    const eq = args[i].startsWith('--') ? args[i].indexOf('=') : -1;
    const flag = eq > 0 ? args[i].slice(0, eq) : args[i];
    if (actReporting.has(flag)) return undefined;
    if (actValued.has(flag)) {
      const value = eq > 0 ? args[i].slice(eq + 1) : args[++i] ?? '';
      if (flag === '-j' || flag === '--job') jobsWanted.push(value);
      else if (flag === '-W' || flag === '--workflows') workflows = value;
      else if (flag === '-C' || flag === '--directory') dir = resolvePath(call.cwd, value, call.env.HOME);
      else if (flag === '--env-file') envFile = value;
      else if (flag === '--input' || flag === '--env') {
        const [key, ...rest] = value.split('=');
        (flag === '--input' ? inputs : lineEnv)[key] = rest.join('=');
      }
      continue;
    }
    if (flag.startsWith('-')) continue;
    event ??= args[i];
  }
  const runner = ['act', event, ...jobsWanted.map((j) => `-j ${j}`)].filter(Boolean).join(' ');
  // act loads the env file (`.env` unless told) into every step, as the workflow's variables.
  const loaded = call.read(resolvePath(dir, envFile, call.env.HOME));
  const fileEnv: Record<string, string> = {};
  if ('text' in loaded) for (const { name, value } of parseDotenv(loaded.text)) fileEnv[name] = value;
  const location = resolvePath(dir, workflows ?? '.github/workflows', call.env.HOME);
  const paths = /\.ya?ml$/.test(location)
    ? [location]
    : (call.list?.(location) ?? []).filter((e) => !e.directory && /\.ya?ml$/.test(e.name)).map((e) => `${location}/${e.name}`).sort();
  if (paths.length > maxWorkflows) return tooMany(runner, 'workflow files', maxWorkflows);
  if (paths.length === 0) return { kind: 'unread', note: `${runner}: no workflow files here; judged by its name` };
  const jobs: Job[] = [];
  for (const path of paths) {
    const file = readOrOpaque(call, path, runner, `the workflow ${path}`);
    if (!('text' in file)) return file;
    const root = parseYaml(file.text);
    if (!isRecord(root) || !isRecord(root.jobs)) continue;
    if (jobsWanted.length === 0 && !triggeredBy(root.on ?? root.true, event ?? 'push')) continue;
    const workflowEnv = { ...fileEnv, ...variablesOf(root.env) };
    for (const [name, job] of Object.entries(root.jobs)) {
      if (jobsWanted.length > 0 && !jobsWanted.includes(name)) continue;
      if (!isRecord(job)) continue;
      if (jobs.length >= maxJobs) return tooMany(runner, 'jobs', maxJobs);
      jobs.push(githubJob(name, job, workflowEnv, inputs, path));
    }
  }
  if (jobs.length === 0) return { kind: 'unread', note: `${runner}: no workflow here runs ${jobsWanted.length ? jobsWanted.join(', ') : `on ${event ?? 'push'}`}; judged by its name` };
  return { kind: 'bodies', file: 'the workflows', bodies: bodiesOf(runner, location, jobs, dir, lineEnv) };
}

/** `on: push`, `on: [push, pull_request]`, `on: { workflow_dispatch: … }`. */
function triggeredBy(on: unknown, event: string): boolean {
  if (typeof on === 'string') return on === event;
  if (Array.isArray(on)) return on.includes(event);
  return isRecord(on) && Object.hasOwn(on, event);
}

function githubJob(name: string, job: Record<string, unknown>, workflowEnv: Readonly<Record<string, string>>, inputs: Readonly<Record<string, string>>, file: string): Job {
  const env = { ...workflowEnv, ...variablesOf(job.env) };
  const targets: TargetHint[] = environmentOf(job.environment, `the job ${name}'s environment in ${file}`);
  const steps: { code: string; env: Record<string, string> }[] = [];
  const fill = (text: string, scope: Readonly<Record<string, string>>): string => text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_m, expr: string) => {
    const ref = /^(env|inputs|github\.event\.inputs)\.([A-Za-z_][\w-]*)$/.exec(expr);
    if (ref?.[1] === 'env' && scope[ref[2]] !== undefined) return scope[ref[2]];
    if (ref && ref[1] !== 'env' && inputs[ref[2]] !== undefined) return inputs[ref[2]];
    return unknownArgument;
  });
  for (const step of Array.isArray(job.steps) ? job.steps : []) {
    if (!isRecord(step)) continue;
    const stepEnv = Object.fromEntries(Object.entries(variablesOf(step.env)).map(([k, v]) => [k, fill(v, env)]));
    const scope = { ...env, ...stepEnv };
    if (typeof step.run === 'string') {
      steps.push({ code: fill(step.run, scope), env: stepEnv });
      continue;
    }
    if (typeof step.uses !== 'string') continue;
    const inputsGiven = variablesOf(step.with);
    // An action's inputs configure the job from there on (a role to assume, a project, a cluster).
    for (const [key, value] of Object.entries(inputsGiven)) targets.push({ kind: 'resource', value: fill(value, scope), source: `${step.uses} ${key}` });
    if (preparingAction.test(step.uses)) continue;
    // Any other action is judged by its words: its name and its inputs, as flags.
    const action = step.uses.split('@')[0].split('/').filter(Boolean).pop() ?? step.uses;
    const flags = Object.entries(inputsGiven).map(([key, value]) => `--${key}=${shellQuote(fill(value, scope))}`);
    steps.push({ code: [action, ...flags].join(' '), env: stepEnv });
  }
  return { name, steps, env, targets };
}

// ---------------------------------------------------------------------------------------------
// gitlab-ci-local

const gitlabReporting: ReadonlySet<string> = new Set(['--list', '--list-all', '--list-json', '--list-csv', '--list-csv-all', '--preview', '-h', '--help', '--version', '--completion']);
const gitlabValued: ReadonlySet<string> = new Set(['--file', '--cwd', '--variable', '--state-dir', '--home-dir', '--remote-variables', '--volume',
  '--network', '--extra-host', '--container-executable', '--pull-policy', '--concurrency', '--artifacts-to-source', '--cleanup', '--timestamps',
  '--max-job-name-padding', '--container-mac-address', '--container-emulate', '--job', '--stage', '--needs']);
const gitlabReserved: ReadonlySet<string> = new Set(['stages', 'variables', 'include', 'default', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache']);

export function gitlabCiLocal(call: TaskCall): TaskOutcome | undefined {
  const args = call.args.map((w) => (w.dynamic ? unknownArgument : w.value));
  const wanted: string[] = [];
  const lineEnv: Record<string, string> = {};
  let file = '.gitlab-ci.yml';
  let dir = call.cwd;
  let manual = false;
  for (let i = 0; i < args.length; i++) {
    const eq = args[i].startsWith('--') ? args[i].indexOf('=') : -1;
    const flag = eq > 0 ? args[i].slice(0, eq) : args[i];
    if (gitlabReporting.has(flag)) return undefined;
    if (flag === '--manual') manual = true;
    if (gitlabValued.has(flag)) {
      const value = eq > 0 ? args[i].slice(eq + 1) : args[++i] ?? '';
      if (flag === '--file') file = value;
      else if (flag === '--cwd') dir = resolvePath(call.cwd, value, call.env.HOME);
      else if (flag === '--variable') {
        const [key, ...rest] = value.split('=');
        lineEnv[key] = rest.join('=');
      } else if (flag === '--job') wanted.push(value);
      continue;
    }
    if (!flag.startsWith('-')) wanted.push(args[i]);
  }
  const runner = ['gitlab-ci-local', ...wanted].join(' ');
  const path = resolvePath(dir, file, call.env.HOME);
  const found = readOrOpaque(call, path, runner, file);
  if (!('text' in found)) return found;
  const root = parseYaml(found.text);
  if (!isRecord(root)) return { kind: 'unread', note: `${runner}: ${file} holds no jobs; judged by its name` };
  const defaults = isRecord(root.default) ? root.default : {};
  const globalEnv = variablesOf(root.variables);
  const definitions = new Map(Object.entries(root).filter(([k, v]) => !gitlabReserved.has(k) && isRecord(v)) as [string, Record<string, unknown>][]);
  const jobs: Job[] = [];
  for (const [name] of definitions) {
    if (name.startsWith('.')) continue;
    const job = extended(definitions, name, 0);
    if (wanted.length > 0 ? !wanted.includes(name) : job.when === 'manual' && !manual) continue;
    if (jobs.length >= maxJobs) return tooMany(runner, 'jobs', maxJobs);
    const script = [
      ...stringsOf(job.before_script ?? defaults.before_script ?? root.before_script),
      ...stringsOf(job.script),
      ...stringsOf(job.after_script ?? defaults.after_script ?? root.after_script),
    ];
    jobs.push({
      name, steps: script.map((code) => ({ code, env: {} })), env: { ...globalEnv, ...variablesOf(job.variables) },
      targets: environmentOf(job.environment, `the job ${name}'s environment in ${file}`),
    });
  }
  if (jobs.length === 0) return { kind: 'unread', note: `${runner}: ${file} has no such job; judged by its name` };
  return { kind: 'bodies', file, bodies: bodiesOf(runner, path, jobs, dir, lineEnv) };
}

/** A job with what it `extends:` merged under it, a few levels deep. */
function extended(definitions: ReadonlyMap<string, Record<string, unknown>>, name: string, depth: number): Record<string, unknown> {
  const job = definitions.get(name) ?? {};
  if (depth > 8) return job;
  const bases = stringsOf(job.extends).map((base) => extended(definitions, base, depth + 1));
  return Object.assign({}, ...bases, job, { variables: Object.assign({}, ...bases.map((b) => (isRecord(b.variables) ? b.variables : {})), isRecord(job.variables) ? job.variables : {}) });
}

// ---------------------------------------------------------------------------------------------
// circleci local execute

const circleciValued: ReadonlySet<string> = new Set(['-v', '--volume', '--branch', '--repo-url', '--checkout-key', '--docker-socket-path', '--org-id', '--org-slug', '--build-url', '--token', '--host']);

export function circleciLocal(call: TaskCall): TaskOutcome | undefined {
  const args = call.args.map((w) => (w.dynamic ? unknownArgument : w.value));
  if (args[0] !== 'local' || args[1] !== 'execute') return undefined;
  let config = '.circleci/config.yml';
  const lineEnv: Record<string, string> = {};
  let job: string | undefined;
  for (let i = 2; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help') return undefined;
    if (a === '-c' || a === '--config') config = args[++i] ?? config;
    else if (a === '-e' || a === '--env') {
      const [key, ...rest] = (args[++i] ?? '').split('=');
      lineEnv[key] = rest.join('=');
    } else if (a === '--job') job = args[++i];
    else if (circleciValued.has(a)) i++;
    else if (!a.startsWith('-')) job ??= a;
  }
  const name = job ?? 'build';
  const runner = `circleci local execute ${name}`;
  const path = resolvePath(call.cwd, config, call.env.HOME);
  const found = readOrOpaque(call, path, runner, config);
  if (!('text' in found)) return found;
  const root = parseYaml(found.text);
  const definition = isRecord(root) && isRecord(root.jobs) ? root.jobs[name] : undefined;
  if (!isRecord(definition)) return { kind: 'unread', note: `${runner}: ${config} has no job ${name}; judged by its name` };
  const steps: { code: string; env: Record<string, string> }[] = [];
  for (const step of Array.isArray(definition.steps) ? definition.steps : []) {
    const run = isRecord(step) ? step.run : undefined;
    if (typeof run === 'string') steps.push({ code: run, env: {} });
    else if (isRecord(run) && typeof run.command === 'string') steps.push({ code: run.command, env: variablesOf(run.environment) });
  }
  const jobs: Job[] = [{ name, steps, env: variablesOf(definition.environment), targets: [] }];
  return { kind: 'bodies', file: config, bodies: bodiesOf('circleci local execute', path, jobs, call.cwd, lineEnv) };
}

// ---------------------------------------------------------------------------------------------
// buildkite-agent pipeline upload

const buildkiteFiles = ['buildkite.yml', 'buildkite.yaml', 'buildkite.json', '.buildkite/pipeline.yml', '.buildkite/pipeline.yaml', '.buildkite/pipeline.json', 'buildkite/pipeline.yml', 'buildkite/pipeline.yaml'];

/** The steps a pipeline upload adds run on the build agents as soon as it is accepted. */
export function buildkiteUpload(call: TaskCall): TaskOutcome | undefined {
  const args = call.args.map((w) => (w.dynamic ? unknownArgument : w.value));
  if (args[0] !== 'pipeline' || args[1] !== 'upload') return undefined;
  if (args.some((a) => a === '--dry-run' || a === '--help' || a === '-h')) return undefined;
  const operand = args.slice(2).find((a, k, rest) => !a.startsWith('-') && !['--job', '--agent-access-token', '--endpoint', '--redacted-vars', '--format'].includes(rest[k - 1] ?? ''));
  const runner = `buildkite-agent pipeline upload${operand ? ` ${operand}` : ''}`;
  let text: string | undefined;
  let path = operand ? resolvePath(call.cwd, operand, call.env.HOME) : undefined;
  if (path) {
    const found = readOrOpaque(call, path, runner, operand ?? 'the pipeline');
    if (!('text' in found)) return found;
    text = found.text;
  } else if (call.stdin !== undefined) {
    text = call.stdin;
    path = '<stdin>';
  } else {
    for (const name of buildkiteFiles) {
      const file = call.read(resolvePath(call.cwd, name));
      if ('text' in file) {
        text = file.text;
        path = resolvePath(call.cwd, name);
        break;
      }
    }
  }
  if (text === undefined || path === undefined) return { kind: 'unread', note: `${runner}: the pipeline cannot be read; judged by its name` };
  const root = parseYaml(text);
  const list = isRecord(root) ? root.steps : root;
  const globalEnv = isRecord(root) ? variablesOf(root.env) : {};
  const jobs: Job[] = [];
  for (const [k, step] of (Array.isArray(list) ? list : []).entries()) {
    if (!isRecord(step)) continue;
    if (jobs.length >= maxJobs) return tooMany(runner, 'steps', maxJobs);
    const code = stringsOf(step.command ?? step.commands);
    if (code.length === 0) continue;
    jobs.push({ name: typeof step.label === 'string' ? step.label : `step ${k + 1}`, steps: code.map((c) => ({ code: c, env: {} })), env: { ...globalEnv, ...variablesOf(step.env) }, targets: [] });
  }
  return { kind: 'bodies', file: 'the pipeline', bodies: bodiesOf('buildkite-agent', path, jobs, call.cwd, {}) };
}
