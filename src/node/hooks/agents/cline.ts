import { clineAnswerWithinSeconds, clineChainedFile, clineHookFile, clineHookScript, clineScriptCommand, isClineScriptOurs } from '../../clineHookScript';
import { HookFileError } from '../../configError';
import { isBulkheadCommand, renderCommand } from '../../hookCommand';
import { commandProblems } from './checks';
import type { AgentPlan, ConfigStatus, FileWrite, HookReading, InstallOptions, ScriptAgent, WorkspaceFiles } from './types';

const executable = 0o755;
const onWindows = 'Cline runs hook scripts through a shell Bulkhead\'s script is not written for on Windows; the Cline hook is installed on macOS and Linux only';
/** Cline gives a hook 30 s, fixed. */
const clineTimeoutSeconds = 30;
/** Cline runs the file itself; the probe does the same from the workspace folder. */
const probeCommand = `./${clineHookFile}`;

function isOurs(text: string, cli: string): boolean {
  return isClineScriptOurs(text, (line) => isBulkheadCommand(line, cli));
}

function inspect(files: WorkspaceFiles, options: InstallOptions): ConfigStatus {
  const absent = (problem: string): ConfigStatus => ({ agent: 'cline', state: 'absent', problems: [problem], commands: [] });
  if (options.platform === 'win32') return absent(onWindows);
  const text = files.read(clineHookFile);
  if (text === undefined) return absent(`${clineHookFile} does not exist`);
  if (!isOurs(text, options.command.cli)) return absent(`${clineHookFile} is another hook, not Bulkhead's`);
  const problems: string[] = [];
  const command = clineScriptCommand(text);
  if (command === undefined) {
    problems.push('the script no longer runs Bulkhead\'s hook');
  } else {
    problems.push(...commandProblems(command, options, 'cline', 'the script'));
    if (text !== clineHookScript(command)) problems.push('the script was edited: Bulkhead cannot tell that it still refuses what it should');
  }
  if (!isExecutable(files)) problems.push('the script is not executable: Cline skips it and runs every tool');
  return { agent: 'cline', state: problems.length > 0 ? 'weakened' : 'ok', problems, commands: [{ label: '', command: probeCommand, dialect: 'cline' }] };
}

function isExecutable(files: WorkspaceFiles): boolean {
  return ((files.mode(clineHookFile) ?? 0) & 0o111) !== 0;
}

function planInstall(files: WorkspaceFiles, options: InstallOptions): AgentPlan {
  const none = { writes: [], actions: [], ownedDeny: [] };
  if (options.platform === 'win32') return { ...none, unavailable: onWindows };
  const desired = clineHookScript(renderCommand(options.command, 'cline').posix);
  const text = files.read(clineHookFile);
  if (text === undefined) return { ...none, writes: [{ file: clineHookFile, text: desired, mode: executable }], actions: ['added Bulkhead\'s PreToolUse script'] };
  if (!isOurs(text, options.command.cli)) {
    if (files.read(clineChainedFile) !== undefined) throw new HookFileError(clineHookFile, `${clineChainedFile} already holds another script; move one of the two aside`);
    return {
      ...none,
      writes: [{ file: clineChainedFile, text, mode: files.mode(clineHookFile) }, { file: clineHookFile, text: desired, mode: executable }],
      actions: [`moved the PreToolUse script that was there to ${clineChainedFile}; Bulkhead's runs it for every call it lets through, and its answer stands`, 'added Bulkhead\'s PreToolUse script'],
    };
  }
  if (inspect(files, options).state === 'ok') return none;
  return { ...none, writes: [{ file: clineHookFile, text: desired, mode: executable }], actions: ['repaired Bulkhead\'s PreToolUse script'] };
}

function planRemoval(files: WorkspaceFiles, cli: string): { writes: FileWrite[]; actions: string[] } {
  const text = files.read(clineHookFile);
  if (text === undefined || !isOurs(text, cli)) return { writes: [], actions: [] };
  const chained = files.read(clineChainedFile);
  if (chained !== undefined) {
    return {
      writes: [{ file: clineHookFile, text: chained, mode: files.mode(clineChainedFile) }, { file: clineChainedFile }],
      actions: [`put back the PreToolUse script from ${clineChainedFile}`],
    };
  }
  return { writes: [{ file: clineHookFile }], actions: [`deleted ${clineHookFile}`] };
}

/** Whatever script is there, Bulkhead's or the user's: only Bulkhead's cancels a call whose check failed. */
function read(files: WorkspaceFiles, options: InstallOptions): HookReading {
  const text = files.read(clineHookFile);
  if (text === undefined || options.platform === 'win32') return { hooks: [], notes: [] };
  const ours = isOurs(text, options.command.cli);
  const problems = ours ? inspect(files, options).problems : isExecutable(files) ? [] : ['the script is not executable: Cline skips it and runs every tool'];
  const closed = ours && isExecutable(files);
  return {
    hooks: [{
      file: clineHookFile, event: 'PreToolUse', label: '', command: probeCommand, dialect: 'cline', cwd: 'workspace', timeoutSeconds: clineTimeoutSeconds,
      closedOnCrash: closed, closedOnTimeout: closed, ours, problems,
    }],
    notes: [],
  };
}

/** Cline `.clinerules/hooks/PreToolUse`: an executable script, not JSON (clineHookScript.ts). */
export const cline: ScriptAgent = {
  kind: 'script',
  spec: {
    id: 'cline', name: 'Cline', file: clineHookFile, watch: `${clineHookFile}*`,
    caveat: `Cline runs hooks only with "Enable Hooks" on in its settings, and gives a hook ${clineTimeoutSeconds} s; Bulkhead's script refuses a call its check cannot answer within ${clineAnswerWithinSeconds} s.`,
  },
  failure: { meaning: 'Bulkhead\'s script cancels the tool (Cline alone would run it)', closedOnCrash: true, closedOnTimeout: true },
  hookSeconds: () => clineAnswerWithinSeconds,
  inspect,
  planInstall,
  planRemoval,
  read,
};
