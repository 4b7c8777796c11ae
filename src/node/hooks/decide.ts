import { readdirSync } from 'node:fs';
import { readBoundedText } from '../boundedRead';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { minimatch } from 'minimatch';
import type { Evaluation } from '../../core/engine';
import { decideFileAccess, decideSearch, type FileAccessKind, type FileAccessVerdict, secretEnvironmentOf } from '../../core/fileAccess';
import { createFileSystemView } from '../fileSystemView';
import type { Environment, Policy } from '../../core/policy/load';
import { classifySql } from '../../core/sql/classify';
import { owner, stageOwner } from '../../core/targets/resolve';
import type { Evaluator } from '../evaluator';
import { answerGraceMs, type CheckResponse, type Connection, defaultAckTimeoutMs, findConnection, IpcAnswerTimeoutError, IpcUnreachableError, ipcRequestRaw, parseCheckAnswer } from '../ipc';
import { dialectNames, type HookAction, type HookRequest } from './payload';
import { type HookOutcome, nativeAskReachesHuman } from './respond';
import { askTheUser, stopAndAsk } from '../../core/messages';
import { verbInName } from '../../core/words/verbs';

export interface HookContext {
  readonly policy: Policy;
  /** Made on first use: file tools never need the engine, and plain lines never need the grammar. */
  readonly evaluator: () => Promise<Evaluator>;
  /** Absolute folder the call acts in: the payload's cwd, else its first workspace root. */
  readonly cwd: string;
  /** The environment the agent's commands inherit (the hook's own). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
  /** Skip the extension (`bulkhead doctor` sends canaries without popping a modal). */
  readonly offline?: boolean;
  /** The longest wait for the extension's answer, whatever it announces (it announces its confirmation timeout). */
  readonly ipcMaxWaitMs?: number;
  /** Why the wait is that short, said in the refusal when it runs out. */
  readonly ipcMaxWaitWhy?: string;
}

/** What the hook keeps for itself after the wait: starting and writing its answer. */
const replyMarginMs = 1000;

/**
 * The longest the hook may wait for the extension's answer when it must have answered within
 * `limitMs` of starting, `elapsedMs` ago: the acknowledgement and the grace the IPC client adds
 * after the announced wait come off too.
 */
export function answerWaitWithin(limitMs: number, elapsedMs: number): number {
  return Math.max(0, limitMs - elapsedMs - defaultAckTimeoutMs - answerGraceMs - replyMarginMs);
}

/** The extension's answer, or why there was none. */
type Relay =
  | { readonly kind: 'unreachable' }
  | { readonly kind: 'answered'; readonly response: Omit<CheckResponse, 'ok'> }
  | { readonly kind: 'failed'; readonly message: string };

const offlineNote = 'The Bulkhead extension is not running, so nobody can confirm it in the editor.';

export async function decideHook(request: HookRequest, context: HookContext): Promise<HookOutcome> {
  const action = request.action;
  switch (action.kind) {
    case 'unchecked':
      return { kind: 'defer' };
    case 'shell':
      return decideShell(request, action.command, action.cwd ? resolve(context.cwd, action.cwd) : context.cwd, context);
    case 'file':
      return decideFiles(request, action.access, action.paths.map((p) => absolutePath(p, context)), action.texts, context);
    case 'search':
      return decideSearchAction(request, action, context);
    case 'task':
      return decideTask(request, action, context);
    case 'mcp':
      return decideMcp(request, action.tool, action.input, context);
  }
}

/**
 * How file tools' paths are matched with the policy's secrets: under every name the file goes by
 * (its real path through symlinks and /proc/self/root, the secret it is a hard link of), with case
 * folded where the file system folds it, and by its marker.
 */
function diskLookup(policy: Policy): { markerOf: (p: string) => string | undefined; aliasesOf: (p: string) => readonly string[]; foldCase: boolean } {
  const view = createFileSystemView(policy);
  return { markerOf: view.markerOf!, aliasesOf: view.aliasesOf!, foldCase: view.foldCase ?? false };
}

function absolutePath(path: string, context: HookContext): string {
  const home = context.home ?? homedir();
  const expanded = path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
  return isAbsolute(expanded) ? resolve(expanded) : resolve(context.cwd, expanded);
}

function criticalNames(policy: Policy): Set<string> {
  return new Set(policy.environments.filter((e) => e.protection === 'critical').map((e) => e.name));
}

async function relay(line: string, cwd: string, request: HookRequest, context: HookContext): Promise<Relay> {
  if (context.offline) return { kind: 'unreachable' };
  let connection: Connection | undefined;
  try {
    connection = findConnection(cwd, context.home);
  } catch {
    connection = undefined;
  }
  if (!connection) return { kind: 'unreachable' };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(context.env)) if (typeof v === 'string') env[k] = v;
  const base = { v: 1, token: connection.token, type: 'check', line, cwd, source: { kind: 'hook', label: `${dialectNames[request.dialect]} ${request.tool}`.slice(0, 200) } };
  // The caller's variables decide which credentials a command carries; a request has a size limit.
  const withEnv = JSON.stringify({ ...base, env }).length < 100_000 ? { ...base, env } : base;
  let answerLine: string;
  try {
    answerLine = await ipcRequestRaw(connection.address, `${JSON.stringify(withEnv)}\n`, { maxWaitMs: context.ipcMaxWaitMs });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A connection file whose socket is gone (a crashed window), or one that never acknowledges, is no extension at all.
    if (error instanceof IpcUnreachableError || code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'ENOTSOCK') return { kind: 'unreachable' };
    if (error instanceof IpcAnswerTimeoutError && context.ipcMaxWaitMs !== undefined && context.ipcMaxWaitWhy) {
      return { kind: 'failed', message: `nobody answered the confirmation within ${Math.round(context.ipcMaxWaitMs / 1000)} s, as long as it could wait: ${context.ipcMaxWaitWhy}` };
    }
    return { kind: 'failed', message: (error as Error).message };
  }
  let value: unknown;
  try {
    value = JSON.parse(answerLine);
  } catch {
    return { kind: 'failed', message: 'the extension\'s answer is not JSON' };
  }
  const parsed = parseCheckAnswer(value);
  if ('error' in parsed) return { kind: 'failed', message: parsed.error };
  return { kind: 'answered', response: parsed.answer };
}

/** The extension's answer; `relayed` tells the hook that the extension wrote it to the audit log. */
function fromRelay(result: Exclude<Relay, { kind: 'unreachable' }>, fallbackMessage: string): HookOutcome {
  return { ...relayOutcome(result, fallbackMessage), relayed: result.kind === 'answered' };
}

function relayOutcome(result: Exclude<Relay, { kind: 'unreachable' }>, fallbackMessage: string): HookOutcome {
  if (result.kind === 'failed') {
    const text = `Bulkhead could not get an answer from the editor (${result.message}), so this was not run. ${askTheUser}`;
    return { kind: 'deny', reason: text, agentMessage: text };
  }
  const { run, decision, message } = result.response;
  if (run === true) return decision === 'allow' ? { kind: 'defer' } : { kind: 'approve', reason: 'Approved by the user in Bulkhead.' };
  const text = message || fallbackMessage;
  return { kind: 'deny', reason: text, agentMessage: text };
}

/** Without the extension: the policy's default is active, `confirm` asks where a human will see it. */
function offlineOutcome(request: HookRequest, evaluation: Evaluation, policy: Policy): HookOutcome {
  if (evaluation.decision === 'allow') return { kind: 'defer' };
  if (evaluation.decision === 'block') return { kind: 'deny', reason: evaluation.humanMessage, agentMessage: evaluation.agentMessage };
  const critical = criticalNames(policy);
  const hitsCritical = evaluation.targets.some((t) => critical.has(t));
  if (hitsCritical || !nativeAskReachesHuman(request)) {
    const why = hitsCritical ? `It targets ${evaluation.targets.filter((t) => critical.has(t)).join(', ')}, a critical environment.` : `${dialectNames[request.dialect]} cannot be trusted to show a prompt here.`;
    return { kind: 'deny', reason: `${evaluation.humanMessage} ${offlineNote}`, agentMessage: `${evaluation.agentMessage} ${offlineNote} ${why}` };
  }
  return { kind: 'ask', reason: `Bulkhead: ${evaluation.humanMessage}`, agentMessage: evaluation.agentMessage };
}

async function decideShell(request: HookRequest, command: string, cwd: string, context: HookContext): Promise<HookOutcome> {
  const evaluation = await (await context.evaluator()).evaluateLoading(command, { policy: context.policy, cwd, env: context.env });
  // Agents never read a critical environment's secrets, active or not (a human may, in a terminal).
  const critical = criticalNames(context.policy);
  const secretRead = evaluation.commands.find((c) => c.scope === 'secret' && c.targets.some((t) => critical.has(t)));
  if (secretRead) {
    const env = secretRead.targets.find((t) => critical.has(t));
    const text = `Bulkhead blocked this command: ${secretRead.program ? `${secretRead.program} ` : ''}${secretRead.reason}, and agents never see secrets of ${env}, a critical environment. ${stopAndAsk}`;
    const judged = { effect: secretRead.effect, targets: secretRead.targets, rules: [secretRead.ruleId] };
    return { kind: 'deny', reason: `An agent tried to read secrets of ${env}: ${command.slice(0, 200)}`, agentMessage: text, judged };
  }
  const judged = { effect: evaluation.effect, targets: evaluation.targets, rules: evaluation.rules };
  const answer = await relay(command, cwd, request, context);
  if (answer.kind !== 'unreachable') return { ...fromRelay(answer, evaluation.agentMessage || askTheUser), judged };
  return { ...offlineOutcome(request, evaluation, context.policy), judged };
}

function denyFile(verdict: FileAccessVerdict, access: FileAccessKind): HookOutcome {
  const judged = { effect: fileEffect(access), targets: verdict.environment ? [verdict.environment] : [], rules: [verdict.rule] };
  return { kind: 'deny', reason: `Bulkhead: an agent ${verdict.reason}.`, agentMessage: verdict.agentMessage, judged };
}

/** A search reads what it matches. */
function fileEffect(access: FileAccessKind): string {
  return access === 'write' ? 'write' : 'read';
}

/**
 * File tools. Guard files and critical secrets are decided here; a secret of another,
 * non-critical environment depends on the environment the human has active, which only the
 * extension knows: it is asked about the equivalent shell read.
 */
async function decideFiles(request: HookRequest, access: FileAccessKind, paths: readonly string[], texts: readonly string[], context: HookContext): Promise<HookOutcome> {
  const askable: string[] = [];
  const owners: string[] = [];
  const disk = diskLookup(context.policy);
  for (const path of paths) {
    const fileTexts = access === 'write' && path.endsWith('/.vscode/settings.json') ? [...texts, currentText(path)] : texts;
    const verdict = decideFileAccess({ policy: context.policy, home: context.home ?? homedir(), ...disk }, path, access, fileTexts);
    if (!verdict.allowed && verdict.rule !== 'files.secret-other') return denyFile(verdict, access);
    // Under the default environment it may be allowed or not; the active one may differ.
    const owner = secretEnvironmentOf({ policy: context.policy, ...disk }, path);
    if (owner) {
      askable.push(path);
      if (!owners.includes(owner.name)) owners.push(owner.name);
    }
  }
  const judged = { effect: fileEffect(access), targets: owners, rules: owners.length > 0 ? ['files.secret-other'] : [] };
  if (askable.length === 0) return { kind: 'defer', judged };
  return { ...(await askAboutSecrets(request, askable, access, context, disk)), judged };
}

/** Secrets of non-critical environments: the extension knows the active one; without it, the default is active. */
async function askAboutSecrets(
  request: HookRequest, paths: readonly string[], access: FileAccessKind, context: HookContext, disk: ReturnType<typeof diskLookup>,
): Promise<HookOutcome> {
  const offline = paths.map((p) => decideFileAccess({ policy: context.policy, home: context.home ?? homedir(), ...disk }, p, access)).find((v) => !v.allowed);
  const answer = await relay(`cat -- ${paths.map(quote).join(' ')}`, context.cwd, request, context);
  if (answer.kind !== 'unreachable') return fromRelay(answer, offline?.agentMessage ?? askTheUser);
  return offline ? denyFile(offline, access) : { kind: 'defer' };
}

function currentText(path: string): string {
  return readBoundedText(path) ?? '';
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const skippedFolders: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);
const walkLimit = 50_000;

/** Secret files of any environment under `root`, or undefined when the folder is too large to walk. */
export function findSecretFiles(policy: Policy, root: string, limit = walkLimit): string[] | undefined {
  const disk = diskLookup(policy);
  const found: string[] = [];
  const stack = [root];
  let seen = 0;
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++seen > limit) return undefined;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) stack.push(path);
      } else if (secretEnvironmentOf({ policy, ...disk }, path)) {
        found.push(path);
      }
    }
  }
  return found;
}

async function decideSearchAction(request: HookRequest, action: Extract<HookAction, { kind: 'search' }>, context: HookContext): Promise<HookOutcome> {
  const root = action.root ? absolutePath(action.root, context) : context.cwd;
  const candidates = findSecretFiles(context.policy, root);
  if (candidates === undefined) {
    const text = `Bulkhead blocked this search: ${root} is too large to check for secret files. Search a narrower folder.`;
    return { kind: 'deny', reason: text, agentMessage: text };
  }
  const include = action.include;
  const included = (file: string): boolean => {
    if (!include) return true;
    const rel = relative(root, file) || file;
    return minimatch(rel, include, { dot: true, matchBase: !include.includes('/') }) || minimatch(file, include, { dot: true });
  };
  const verdict = decideSearch({ policy: context.policy, home: context.home ?? homedir(), ...diskLookup(context.policy) }, root, candidates, included);
  if (!verdict.allowed && verdict.rule !== 'files.secret-other') return denyFile(verdict, 'search');
  const secrets = candidates.filter(included);
  if (secrets.length === 0) return { kind: 'defer' };
  const answer = await relay(`cat -- ${secrets.map(quote).join(' ')}`, context.cwd, request, context);
  if (answer.kind !== 'unreachable') return fromRelay(answer, verdict.agentMessage || askTheUser);
  return verdict.allowed ? { kind: 'defer' } : denyFile(verdict, 'search');
}

/** A VS Code task run by id: its command is read from tasks.json and checked like any command. */
async function decideTask(request: HookRequest, action: Extract<HookAction, { kind: 'task' }>, context: HookContext): Promise<HookOutcome> {
  const folder = action.workspaceFolder ? absolutePath(action.workspaceFolder, context) : context.cwd;
  const command = taskCommand(join(folder, '.vscode', 'tasks.json'), action.id);
  if (command) return decideShell(request, command, folder, context);
  const text = `Bulkhead cannot see what the task "${action.id}" runs, so a human must confirm it.`;
  if (nativeAskReachesHuman(request)) return { kind: 'ask', reason: text, agentMessage: `${text} ${askTheUser}` };
  return { kind: 'deny', reason: text, agentMessage: `${text} ${askTheUser}` };
}

export function taskCommand(file: string, id: string): string | undefined {
  const text = readBoundedText(file);
  if (text === undefined) return undefined;
  let data: unknown;
  try {
    // tasks.json is JSON with comments and trailing commas.
    data = JSON.parse(text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_match, str) => str ?? '').replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return undefined;
  }
  const tasks = (data as { tasks?: unknown }).tasks;
  if (!Array.isArray(tasks)) return undefined;
  for (const task of tasks as Record<string, unknown>[]) {
    const label = typeof task.label === 'string' ? task.label : undefined;
    if (!label || (id !== label && !id.endsWith(`: ${label}`))) continue;
    if (typeof task.command !== 'string') return undefined;
    const args = Array.isArray(task.args) ? task.args.filter((a): a is string => typeof a === 'string') : [];
    return [task.command, ...args.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : quote(a)))].join(' ');
  }
  return undefined;
}

const readVerbs = ['get', 'list', 'describe', 'read', 'search', 'show', 'query', 'fetch', 'view', 'find', 'status', 'logs', 'log', 'explain', 'inspect'];

/** `list_services`, `getProject`, `mcp__railway__list-volumes`: the tool's own name starts with a reading verb. */
function readOnlyTool(tool: string): boolean {
  const name = tool.split('__').pop() ?? tool;
  return readVerbs.some((verb) => name.toLowerCase().startsWith(verb) && (name.length === verb.length || /[_\-.A-Z]/.test(name[verb.length])));
}

/**
 * MCP tools have no command line for the engine to read. Their arguments are matched against the
 * policy's targets: a tool that does not only read, with an argument that names an environment
 * other than the active one (or a critical one), needs a human.
 */
async function decideMcp(request: HookRequest, tool: string, input: unknown, context: HookContext): Promise<HookOutcome> {
  const { policy } = context;
  const active = policy.default;
  const pairs: [string, string][] = [];
  const walk = { truncated: false };
  collectStrings(input, '', pairs, 0, walk);
  const leaves = pairs.map(([, value]) => value);
  // Every path-like argument of any tool is a file it may read: the same check as the file tools'.
  const disk = diskLookup(policy);
  for (const value of leaves) {
    if (!/^[~./]|\//.test(value) || value.includes('://') || value.includes('\n')) continue;
    const verdict = decideFileAccess({ policy, home: context.home ?? homedir(), ...disk }, absolutePath(value, context), 'read');
    if (!verdict.allowed) return denyFile(verdict, 'read');
  }
  if (walk.truncated) {
    const text = `Bulkhead stopped the MCP tool ${tool}: its arguments are larger than Bulkhead reads (${maxLeaves} strings, ${maxDepth} levels deep), so it cannot tell what the tool acts on. ${stopAndAsk}`;
    if (nativeAskReachesHuman(request)) return { kind: 'ask', reason: `Bulkhead: the MCP tool ${tool} has arguments too large to check.`, agentMessage: text };
    return { kind: 'deny', reason: `Bulkhead: the MCP tool ${tool} has arguments too large to check.`, agentMessage: text };
  }
  // A tool whose name destroys (`volume_delete`, `drop_database`) is judged as a command of that name
  // with its arguments as options, by the words that judge any program Bulkhead has no pack for:
  // with no target it asks, where a changing tool with none is left to the agent's own permission.
  if (verbInName(tool)?.effect === 'destroy') {
    const line = [tool, ...pairs.map(([key, value]) => `--${key || 'value'}=${value}`)].map(quote).join(' ');
    return decideShell(request, line, context.cwd, context);
  }
  const named = new Map<string, Environment>();
  let destroys: string | undefined;
  for (const value of leaves) {
    for (const env of policy.environments) {
      for (const kind of env.targets.keys()) {
        const hit = owner(policy, kind, value);
        if (hit) named.set(hit.name, hit);
      }
    }
    const stage = stageOwner(policy, value);
    if (stage) named.set(stage.name, stage);
    // A query tool runs what its SQL says, whatever its name.
    const sql = classifySql(value);
    if (sql.effect !== 'read' && sql.statements > 0 && /\b(?:drop|truncate|delete|alter|update|insert|create|grant|revoke)\b/i.test(value)) destroys ??= sql.reason;
  }
  const concerning = [...named.values()].filter((e) => e.protection === 'critical' || (e.name !== active && e.protection !== 'open'));
  if (concerning.length === 0 || (readOnlyTool(tool) && !destroys)) return { kind: 'defer' };
  const names = concerning.map((e) => e.name).join(', ');
  const what = destroys ? `it runs SQL that ${destroys}` : 'Bulkhead cannot tell what it changes there';
  const text = `Bulkhead stopped the MCP tool ${tool}: its arguments name ${names}, and ${what}. ${stopAndAsk}`;
  if (!concerning.some((e) => e.protection === 'critical') && nativeAskReachesHuman(request)) {
    return { kind: 'ask', reason: `Bulkhead: the MCP tool ${tool} names ${names}.`, agentMessage: text };
  }
  return { kind: 'deny', reason: `Bulkhead: the MCP tool ${tool} names ${names}.`, agentMessage: text };
}

const maxLeaves = 500;
const maxDepth = 8;

/** The string values of a tool's arguments with the key each sits under (an array's items under the array's). */
function collectStrings(value: unknown, key: string, out: [string, string][], depth: number, walk: { truncated: boolean }): void {
  if (walk.truncated) return;
  if (out.length >= maxLeaves || depth > maxDepth) {
    walk.truncated = true;
    return;
  }
  if (typeof value === 'string') {
    out.push([key, value.length <= 100_000 ? value : value.slice(0, 100_000)]);
  } else if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, key, out, depth + 1, walk);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectStrings(v, k, out, depth + 1, walk);
  }
}
