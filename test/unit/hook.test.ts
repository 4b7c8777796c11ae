import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Evaluation } from '../../src/core/engine';
import type { Policy } from '../../src/core/policy/load';
import { Evaluator } from '../../src/node/evaluator';
import { type CheckRequest, connectionFile, IpcServer, writeConnection } from '../../src/node/ipc';
import { readPolicyFile } from '../../src/node/policyFile';

// Contract tests: the bundled CLI (`npm run build` first) gets each captured payload on stdin,
// exactly as an agent would send it, and its stdout and exit code are pinned.
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const fixtures = join(__dirname, '..', 'fixtures', 'hooks');
let workspace = '';
let policy: Policy;
let evaluator: Evaluator;

function payload(dialect: string, name: string): string {
  return readFileSync(join(fixtures, dialect, `${name}.json`), 'utf8').replaceAll('__WORKSPACE__', workspace);
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  // HOME is the workspace: no connection file there unless a test writes one.
  return { PATH: process.env.PATH ?? '', HOME: workspace, ...extra };
}

function hook(input: string | Buffer, args: string[] = [], extraEnv: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, 'hook', ...args], { cwd: tmpdir(), input, encoding: 'utf8', env: env(extraEnv), maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function hookAsync(input: string, extraEnv: Record<string, string> = {}, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'hook', ...args], { cwd: tmpdir(), env: env(extraEnv) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

function evaluate(command: string): Evaluation {
  return evaluator.evaluate(command, { policy, cwd: workspace, env: env() });
}

const line = (value: unknown) => `${JSON.stringify(value)}\n`;
const preToolUse = (decision: string, reason: string) => line({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: reason } });
const stopAndAsk = 'Do not retry this another way: no other command, tool, script, copy, credential or API call. Stop and ask the user how to proceed.';
const offlineNote = 'The Bulkhead extension is not running, so nobody can confirm it in the editor.';

function criticalSecretMessage(verb: string, file: string): string {
  return `Bulkhead blocked this ${verb}: ${join(workspace, file)} holds secrets of production, a critical environment, and agents never see those. ${stopAndAsk}`;
}

before(async () => {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  workspace = mkdtempSync(join(tmpdir(), 'bulkhead-hook-'));
  copyFileSync(join(__dirname, '..', 'fixtures', 'policy.yaml'), join(workspace, '.bulkhead.yaml'));
  writeFileSync(join(workspace, '.env.production'), 'DATABASE_URL=postgres://prod\n');
  writeFileSync(join(workspace, '.env.staging'), 'DATABASE_URL=postgres://staging\n');
  mkdirSync(join(workspace, 'src'));
  writeFileSync(join(workspace, 'src', 'app.ts'), 'export {};\n');
  mkdirSync(join(workspace, '.vscode'));
  writeFileSync(join(workspace, '.vscode', 'tasks.json'), '{\n  // a comment\n  "version": "2.0.0",\n  "tasks": [{ "label": "nuke", "type": "shell", "command": "kubectl", "args": ["--context", "prod-eu-1", "delete", "ns", "api"], },],\n}\n');
  const loaded = readPolicyFile(join(workspace, '.bulkhead.yaml'));
  assert.ok(loaded.policy);
  policy = loaded.policy;
  evaluator = await Evaluator.create();
});

describe('bulkhead hook: Cursor (hooks.json version 1)', () => {
  // Installed Cursor hooks pin their dialect (src/node/agentConfig.ts).
  const cursorHook = (input: string) => hook(input, ['--dialect', 'cursor']);
  it('beforeShellExecution: a production delete is denied with user and agent messages', () => {
    const e = evaluate('kubectl --context prod-eu-1 delete ns api');
    const r = cursorHook(payload('cursor', 'shell-production-delete'));
    assert.equal(r.code, 0);
    assert.equal(r.stdout, line({ permission: 'deny', user_message: e.humanMessage, agent_message: e.agentMessage }));
  });

  it('beforeShellExecution: a read is allowed (Cursor needs an answer when failClosed is set)', () => {
    const r = cursorHook(payload('cursor', 'shell-read'));
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, line({ permission: 'allow' }), '']);
  });

  it('beforeShellExecution: confirm is denied, not asked, because Cursor ignores ask in Auto-review mode', () => {
    const e = evaluate('kubectl delete ns api');
    assert.equal(e.decision, 'confirm');
    const r = cursorHook(payload('cursor', 'shell-confirm'));
    assert.equal(r.code, 0);
    assert.equal(r.stdout, line({
      permission: 'deny', user_message: `${e.humanMessage} ${offlineNote}`,
      agent_message: `${e.agentMessage} ${offlineNote} Cursor cannot be trusted to show a prompt here.`,
    }));
  });

  it('beforeShellExecution: a shell reader of a production secret is denied', () => {
    const r = cursorHook(payload('cursor', 'shell-cat-secret'));
    const out = JSON.parse(r.stdout);
    assert.equal(r.code, 0);
    assert.equal(out.permission, 'deny');
    assert.match(out.agent_message, /agents never see secrets of production/);
  });

  it('beforeReadFile: a production secret is denied with permission only; a source file is allowed', () => {
    const denied = cursorHook(payload('cursor', 'read-production-secret'));
    assert.deepEqual([denied.code, denied.stdout, denied.stderr], [0, line({ permission: 'deny' }), `${criticalSecretMessage('read', '.env.production')}\n`]);
    const allowed = cursorHook(payload('cursor', 'read-source'));
    assert.deepEqual([allowed.code, allowed.stdout], [0, line({ permission: 'allow' })]);
  });

  it('beforeReadFile: a file marked `# bulkhead: production` in its first lines is a production secret too', () => {
    mkdirSync(join(workspace, 'ops'), { recursive: true });
    writeFileSync(join(workspace, 'ops', 'legacy.env'), '# bulkhead: production\nDB_PASSWORD=hunter2\n');
    writeFileSync(join(workspace, 'ops', 'notes.env'), '# ordinary settings\nDEBUG=1\n');
    const read = (file: string) => hook(JSON.stringify({
      hook_event_name: 'beforeReadFile', conversation_id: 'c', generation_id: 'g', workspace_roots: [workspace],
      file_path: join(workspace, 'ops', file), content: '', attachments: [],
    }));
    assert.deepEqual([read('legacy.env').stdout, read('notes.env').stdout], [line({ permission: 'deny' }), line({ permission: 'allow' })]);
  });

  it('beforeMCPExecution: a tool that names production and does not only read is denied; a listing is allowed', () => {
    const denied = cursorHook(payload('cursor', 'mcp-production'));
    const out = JSON.parse(denied.stdout);
    assert.equal(denied.code, 0);
    assert.equal(out.permission, 'deny');
    // A tool named for a destroy is judged by its words, its arguments as options.
    assert.match(out.user_message, /`delete` in `volume_delete` destroys something \(production\)/);
    assert.match(out.agent_message, /Stop and ask the user/);
    assert.deepEqual([cursorHook(payload('cursor', 'mcp-read')).stdout], [line({ permission: 'allow' })]);
  });

  it('an event Bulkhead does not answer is refused in Cursor\'s own format', () => {
    const r = cursorHook(payload('cursor', 'unsupported-event'));
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.stdout).permission, 'deny');
    assert.match(r.stderr, /afterFileEdit.*is not an event Bulkhead answers/);
  });
});

describe('bulkhead hook: Cursor preToolUse for its edit tools', () => {
  const cursorHook = (name: string) => hook(payload('cursor', name), ['--dialect', 'cursor']);
  it('Write of the policy and StrReplace of the hook configuration are denied (permission deny with both messages, exit 2, reason on stderr)', () => {
    const policyEdit = cursorHook('preToolUse-write-policy');
    const reason = `Bulkhead blocked this edit: ${join(workspace, '.bulkhead.yaml')} is the Bulkhead policy, which keeps agents inside the environment the user chose. Agents may not change it. ${stopAndAsk}`;
    assert.deepEqual([policyEdit.code, policyEdit.stderr], [2, `${reason}\n`]);
    const answer = JSON.parse(policyEdit.stdout);
    assert.deepEqual(Object.keys(answer), ['permission', 'user_message', 'agent_message']);
    assert.equal(answer.permission, 'deny');
    assert.equal(answer.agent_message, reason);
    assert.match(answer.user_message, /\.bulkhead\.yaml/);
    const hooksEdit = cursorHook('preToolUse-strreplace-hooks');
    assert.equal(hooksEdit.code, 2);
    assert.match(JSON.parse(hooksEdit.stdout).agent_message, /the Cursor hook configuration/);
  });

  it('an edit of an ordinary file is allowed', () => {
    assert.deepEqual(Object.values(cursorHook('preToolUse-strreplace-source')), [0, line({ permission: 'allow' }), '']);
  });
});

describe('bulkhead hook: Claude Code PreToolUse', () => {
  it('Bash: a production delete is denied (JSON deny, exit 2, reason on stderr)', () => {
    const e = evaluate('kubectl --context prod-eu-1 delete ns api');
    const r = hook(payload('claude', 'bash-production-delete'));
    assert.deepEqual([r.code, r.stdout, r.stderr], [2, preToolUse('deny', e.agentMessage), `${e.agentMessage}\n`]);
  });

  it('Bash: an allowed command prints nothing and exits 0, so Claude Code keeps its own permission rules', () => {
    assert.deepEqual(Object.values(hook(payload('claude', 'bash-read'))), [0, '', '']);
  });

  it('Bash: confirm becomes the native ask in default mode, and deny under bypassPermissions', () => {
    const e = evaluate('kubectl delete ns api');
    const asked = hook(payload('claude', 'bash-confirm'));
    assert.deepEqual([asked.code, asked.stdout], [0, preToolUse('ask', `Bulkhead: ${e.humanMessage}`)]);
    const bypass = hook(payload('claude', 'bash-confirm-bypass-permissions'));
    const reason = `${e.agentMessage} ${offlineNote} Claude Code cannot be trusted to show a prompt here.`;
    assert.deepEqual([bypass.code, bypass.stdout], [2, preToolUse('deny', reason)]);
  });

  it('Bash: python -c open() of a production secret is denied', () => {
    const r = hook(payload('claude', 'bash-python-open-secret'));
    assert.equal(r.code, 2);
    assert.match(JSON.parse(r.stdout).hookSpecificOutput.permissionDecisionReason, /agents never see secrets of production/);
  });

  it('Read: a production secret is denied; the active environment\'s own secret is not', () => {
    const reason = criticalSecretMessage('read', '.env.production');
    const r = hook(payload('claude', 'read-production-secret'));
    assert.deepEqual([r.code, r.stdout, r.stderr], [2, preToolUse('deny', reason), `${reason}\n`]);
    assert.deepEqual(Object.values(hook(payload('claude', 'read-active-secret'))), [0, '', '']);
  });

  it('Grep: a search that would read a production secret is denied; one filtered to *.ts is not', () => {
    const reason = `${criticalSecretMessage('search', '.env.production')} Search a narrower folder, or exclude ${join(workspace, '.env.production')} with the tool's file filter.`;
    const r = hook(payload('claude', 'grep-workspace'));
    assert.deepEqual([r.code, r.stdout], [2, preToolUse('deny', reason)]);
    assert.deepEqual(Object.values(hook(payload('claude', 'grep-filtered'))), [0, '', '']);
  });

  it('Glob lists names only and is not stopped; TodoWrite is not Bulkhead\'s business', () => {
    assert.deepEqual(Object.values(hook(payload('claude', 'glob'))), [0, '', '']);
    assert.deepEqual(Object.values(hook(payload('claude', 'todowrite'))), [0, '', '']);
  });

  it('Edit, Write, MultiEdit of guard files are denied; NotebookEdit of a notebook is not', () => {
    const policyEdit = hook(payload('claude', 'edit-policy'));
    assert.deepEqual([policyEdit.code, policyEdit.stdout], [2, preToolUse('deny',
      `Bulkhead blocked this edit: ${join(workspace, '.bulkhead.yaml')} is the Bulkhead policy, which keeps agents inside the environment the user chose. Agents may not change it. ${stopAndAsk}`)]);
    const settings = hook(payload('claude', 'write-hook-settings'));
    assert.equal(settings.code, 2);
    assert.match(settings.stdout, /the Claude Code settings that hold its hooks/);
    const vscode = hook(payload('claude', 'multiedit-vscode-settings'));
    assert.equal(vscode.code, 2);
    assert.match(vscode.stdout, /settings in .*\.vscode\/settings\.json that Bulkhead manages/);
    assert.deepEqual(Object.values(hook(payload('claude', 'notebookedit'))), [0, '', '']);
  });
});

describe('bulkhead hook: Copilot in VS Code (PreToolUse, hookEventName)', () => {
  it('run_in_terminal: a production delete is denied', () => {
    const e = evaluate('kubectl --context prod-eu-1 delete ns api');
    const r = hook(payload('vscode', 'run_in_terminal-production-delete'));
    assert.deepEqual([r.code, r.stdout, r.stderr], [2, preToolUse('deny', e.agentMessage), `${e.agentMessage}\n`]);
  });

  it('run_in_terminal: confirm becomes ask', () => {
    const e = evaluate('kubectl delete ns api');
    assert.deepEqual(Object.values(hook(payload('vscode', 'run_in_terminal-confirm'))), [0, preToolUse('ask', `Bulkhead: ${e.humanMessage}`), '']);
  });

  it('read_file of a production secret is denied; grep_search limited to src/** is not, includeIgnoredFiles or not', () => {
    const reason = criticalSecretMessage('read', '.env.production');
    assert.deepEqual(Object.values(hook(payload('vscode', 'read_file-production-secret'))), [2, preToolUse('deny', reason), `${reason}\n`]);
    assert.deepEqual(Object.values(hook(payload('vscode', 'grep_search-filtered'))), [0, '', '']);
  });

  it('tasks: create_and_run_task and run_task are checked by the command they run', () => {
    const e = evaluate('kubectl --context prod-eu-1 delete ns api');
    assert.deepEqual(Object.values(hook(payload('vscode', 'create_and_run_task-production'))).slice(0, 2), [2, preToolUse('deny', e.agentMessage)]);
    assert.deepEqual(Object.values(hook(payload('vscode', 'run_task'))).slice(0, 2), [2, preToolUse('deny', e.agentMessage)]);
  });

  it('create_file of a hook configuration is denied', () => {
    const r = hook(payload('vscode', 'create_file-hook-config'));
    assert.equal(r.code, 2);
    assert.match(r.stdout, /a Copilot hook configuration/);
  });
});

describe('bulkhead hook: Copilot CLI (preToolUse and PreToolUse)', () => {
  it('camelCase preToolUse: toolArgs as JSON text; deny at the top level with exit 2', () => {
    const e = evaluate('kubectl --context prod-eu-1 delete ns api');
    const r = hook(payload('copilot-cli', 'preToolUse-bash-production-delete'));
    assert.deepEqual([r.code, r.stdout], [2, line({ permissionDecision: 'deny', permissionDecisionReason: e.agentMessage })]);
    const view = hook(payload('copilot-cli', 'preToolUse-view-production-secret'));
    assert.deepEqual([view.code, view.stdout], [2, line({ permissionDecision: 'deny', permissionDecisionReason: criticalSecretMessage('read', '.env.production') })]);
  });

  it('the VS Code-compatible PreToolUse form asks for confirm', () => {
    const e = evaluate('kubectl delete ns api');
    const r = hook(payload('copilot-cli', 'PreToolUse-bash-confirm'));
    assert.deepEqual([r.code, r.stdout], [0, line({ permissionDecision: 'ask', permissionDecisionReason: `Bulkhead: ${e.humanMessage}` })]);
  });
});

describe('bulkhead hook: Codex PreToolUse (never an ask, which Codex runs)', () => {
  const codexHook = (input: string) => hook(input, ['--dialect', 'codex']);
  const codexRefusal = (r: { code: number | null; stdout: string; stderr: string }, reason: string) => {
    // Exit 2 with the reason on stderr and nothing on stdout: any JSON field Codex does not support fails the hook open.
    assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', `${reason}\n`]);
  };

  it('Bash: a production delete is denied with exit 2 and the reason on stderr', () => {
    codexRefusal(codexHook(payload('codex', 'bash-production-delete')), evaluate('kubectl --context prod-eu-1 delete ns api').agentMessage);
  });

  it('Bash: a confirmation with nobody to ask is denied, in every permission mode, never answered "ask"', () => {
    const e = evaluate('kubectl delete ns api');
    const reason = `${e.agentMessage} ${offlineNote} Codex cannot be trusted to show a prompt here.`;
    codexRefusal(codexHook(payload('codex', 'bash-confirm')), reason);
    for (const mode of ['acceptEdits', 'plan', 'dontAsk', 'bypassPermissions']) {
      codexRefusal(codexHook(payload('codex', 'bash-confirm').replace('"permission_mode":"default"', `"permission_mode":"${mode}"`)), reason);
    }
  });

  it('a Codex payload is recognised by its turn_id without --dialect (an entry installed before the Codex dialect)', () => {
    const r = hook(payload('codex', 'bash-confirm'));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.doesNotMatch(r.stdout, /ask/);
  });

  it('Bash: an allowed command is silence and exit 0, the only answer Codex reads as a clean allow', () => {
    assert.deepEqual(Object.values(codexHook(payload('codex', 'bash-read'))), [0, '', '']);
  });

  it('apply_patch: a patch that edits the policy is denied; one that adds a source file is not', () => {
    codexRefusal(codexHook(payload('codex', 'apply_patch-policy')),
      `Bulkhead blocked this edit: ${join(workspace, '.bulkhead.yaml')} is the Bulkhead policy, which keeps agents inside the environment the user chose. Agents may not change it. ${stopAndAsk}`);
    assert.deepEqual(Object.values(codexHook(payload('codex', 'apply_patch-source'))), [0, '', '']);
  });

  it('apply_patch: a patch that moves a file onto a hook configuration is denied', () => {
    const patch = '*** Begin Patch\n*** Update File: notes.json\n*** Move to: .codex/hooks.json\n@@\n-{}\n+{"hooks":{}}\n*** End Patch\n';
    const r = codexHook(payload('codex', 'apply_patch-source').replace(/"command":"[^]*?\*\*\* End Patch\\n"/, `"command":${JSON.stringify(patch)}`));
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
  });

  it('an MCP tool naming production is denied, not asked', () => {
    const r = codexHook(payload('codex', 'mcp-production'));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /MCP tool mcp__railway__deploy: its arguments name production/);
  });

  it('a malformed Codex payload is refused with exit 2 and stderr only', () => {
    const r = codexHook(payload('codex', 'bash-read').replace('"command":"kubectl get pods -n api"', '"command":7'));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /malformed Codex payload: "tool_input\.command" must be a string, not number 7/);
  });
});

describe('bulkhead hook: agents that block by exit code (Gemini CLI, Windsurf, Kiro)', () => {
  const cases = [
    { dialect: 'gemini', shell: 'run_shell_command', read: 'read_file-production-secret', allowedFile: 'read_file-source' },
    { dialect: 'windsurf', shell: 'pre_run_command', read: 'pre_read_code-production-secret', allowedFile: 'pre_write_code-source' },
    { dialect: 'kiro', shell: 'execute_bash', read: 'fs_read-production-secret', allowedFile: 'read-source' },
  ];
  for (const c of cases) {
    // Installed hooks pin the dialect; recognised from the payload alone the answers are the same.
    for (const args of [['--dialect', c.dialect], []]) {
      const run = (name: string) => hook(payload(c.dialect, name), args);
      it(`${c.dialect}${args.length ? '' : ' (recognised)'}: a production delete and a confirmation are exit 2 with the reason on stderr and nothing on stdout`, () => {
        const blocked = evaluate('kubectl --context prod-eu-1 delete ns api').agentMessage;
        assert.deepEqual(Object.values(run(`${c.shell}-production-delete`)), [2, '', `${blocked}\n`]);
        const confirm = run(`${c.shell}-confirm`);
        assert.deepEqual([confirm.code, confirm.stdout], [2, '']);
        assert.match(confirm.stderr, new RegExp(`^${evaluate('kubectl delete ns api').agentMessage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${offlineNote}`));
      });
      it(`${c.dialect}${args.length ? '' : ' (recognised)'}: a read is silence and exit 0; a production secret is refused; an ordinary file is not`, () => {
        assert.deepEqual(Object.values(run(`${c.shell}-read`)), [0, '', '']);
        assert.deepEqual(Object.values(run(c.read)), [2, '', `${criticalSecretMessage('read', '.env.production')}\n`]);
        assert.deepEqual(Object.values(run(c.allowedFile)), [0, '', '']);
      });
    }
  }

  it('gemini: writing its own hook settings is refused; windsurf: an edit of the policy is refused', () => {
    const gemini = hook(payload('gemini', 'write_file-hook-settings'), ['--dialect', 'gemini']);
    assert.equal(gemini.code, 2);
    assert.match(gemini.stderr, /the Gemini CLI settings that hold its hooks/);
    const windsurf = hook(payload('windsurf', 'pre_write_code-policy'), ['--dialect', 'windsurf']);
    assert.equal(windsurf.code, 2);
    assert.match(windsurf.stderr, /is the Bulkhead policy/);
  });

  it('a malformed payload names the field, in the agent\'s own refusal', () => {
    const r = hook(payload('windsurf', 'pre_run_command-read').replace('"command_line"', '"command"'), ['--dialect', 'windsurf']);
    assert.deepEqual([r.code, r.stdout], [2, '']);
    assert.match(r.stderr, /malformed Windsurf payload: "tool_info\.command_line" is missing/);
  });
});

describe('bulkhead hook: Cline PreToolUse (only {"cancel": true} stops a tool)', () => {
  const run = (name: string, args = ['--dialect', 'cline']) => hook(payload('cline', name), args);
  const cancel = (message: string) => line({ cancel: true, errorMessage: message });

  it('a production delete and a confirmation are cancelled with the reason; a read is silence', () => {
    // Recognised rather than pinned, a refusal also exits 2; Cline reads the JSON whatever the exit code.
    for (const args of [['--dialect', 'cline'], []]) {
      const code = args.length ? 0 : 2;
      const blocked = run('execute_command-production-delete', args);
      assert.deepEqual([blocked.code, blocked.stdout], [code, cancel(evaluate('kubectl --context prod-eu-1 delete ns api').agentMessage)]);
      const confirm = run('execute_command-confirm', args);
      assert.equal(confirm.code, code);
      assert.equal(JSON.parse(confirm.stdout).cancel, true);
      assert.deepEqual(Object.values(run('execute_command-read', args)), [0, '', '']);
    }
  });

  it('read_file of a production secret (a path relative to the workspace) is cancelled, and so is writing a Cline hook', () => {
    assert.deepEqual(Object.values(run('read_file-production-secret')), [0, cancel(criticalSecretMessage('read', '.env.production')), '']);
    assert.match(JSON.parse(run('write_to_file-hook-script').stdout).errorMessage, /a Cline hook/);
  });

  it('a refusal of a malformed payload is a cancel too: a bare exit 2 would let Cline run the tool', () => {
    const broken = hook(payload('cline', 'execute_command-read').replace('"command":"kubectl get pods -n api"', '"command":3'), ['--dialect', 'cline']);
    assert.equal(JSON.parse(broken.stdout).cancel, true);
    assert.match(JSON.parse(broken.stdout).errorMessage, /malformed Cline payload: "preToolUse\.parameters\.command" must be a string/);
  });
});

describe('bulkhead hook: Claude Code subagents and MCP tools go through the same checks', () => {
  it('a subagent\'s Bash call (agent_id, agent_type) is denied as the main agent\'s is', () => {
    const e = evaluate('kubectl --context prod-eu-1 delete ns api');
    const r = hook(payload('claude', 'subagent-bash-production-delete'));
    assert.deepEqual([r.code, r.stdout, r.stderr], [2, preToolUse('deny', e.agentMessage), `${e.agentMessage}\n`]);
  });

  it('an mcp__ tool naming production is denied', () => {
    const r = hook(payload('claude', 'mcp-production'));
    assert.equal(r.code, 2);
    assert.match(JSON.parse(r.stdout).hookSpecificOutput.permissionDecisionReason, /MCP tool mcp__railway__deploy: its arguments name production/);
  });

  it('an mcp__ tool whose name destroys asks even when its arguments name no environment, and is denied when they name production', () => {
    const untargeted = hook(payload('claude', 'mcp-destroy-untargeted'));
    assert.equal(untargeted.code, 0);
    const asked = JSON.parse(untargeted.stdout).hookSpecificOutput;
    assert.equal(asked.permissionDecision, 'ask');
    assert.match(asked.permissionDecisionReason, /`delete` in `mcp__railway__volume_delete` destroys something/);
    const production = hook(payload('claude', 'mcp-destroy-untargeted').replace('"volumeId":"4b1c0d9e"', '"volumeId":"4b1c0d9e","environment":"production"'));
    assert.equal(JSON.parse(production.stdout).hookSpecificOutput.permissionDecision, 'deny');
  });
});

describe('bulkhead hook: the compiled-code cache', () => {
  it('is written under ~/.bulkhead on the first run and used after; a corrupt cache is rejected, never trusted', () => {
    const home = mkdtempSync(join(tmpdir(), 'bulkhead-code-cache-'));
    const run = () => spawnSync(process.execPath, [cli, 'hook'], { cwd: tmpdir(), input: payload('claude', 'bash-production-delete'), encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home } });
    const first = run();
    assert.equal(first.status, 2, first.stderr);
    const dir = join(home, '.bulkhead', 'code-cache');
    assert.ok(readdirSync(dir).length > 0, 'no cache written');
    // Node 22.1 and later keep their own compile cache there; the V8 cached data below is Node 20's.
    if ('enableCompileCache' in require('node:module')) return;
    const [file] = readdirSync(dir);
    // `bulkhead hook` runs its own, smaller bundle.
    assert.match(file, /^hook-\d+-\d+-v[\d.]+\.bin$/);
    const second = run();
    assert.deepEqual([second.status, second.stdout], [first.status, first.stdout]);
    writeFileSync(join(dir, file), Buffer.alloc(4096, 0xab));
    const corrupt = run();
    assert.deepEqual([corrupt.status, corrupt.stdout], [first.status, first.stdout]);
    assert.notDeepEqual(readFileSync(join(dir, file)), Buffer.alloc(4096, 0xab), 'the rejected cache is rewritten');
  });
});

describe('bulkhead hook: bad input is refused, never allowed, never a crash', () => {
  const refusal = (r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) => {
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^bulkhead hook: /);
    assert.match(r.stderr, pattern);
    assert.match(r.stderr, /Bulkhead refused the call/);
  };

  it('empty input, malformed JSON, a non-object, an unknown dialect', () => {
    refusal(hook(''), /no payload on stdin/);
    refusal(hook('{"tool_name": "Bash", '), /not valid JSON/);
    refusal(hook('[1,2]'), /must be a JSON object, not a list/);
    refusal(hook('{"event":"something","data":{}}'), /unknown hook dialect.*fields: event, data/);
  });

  it('wrong types are refused in the dialect that was recognised', () => {
    const claude = hook(JSON.stringify({ session_id: 's', cwd: workspace, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 42 } }));
    assert.equal(claude.code, 2);
    assert.match(JSON.parse(claude.stdout).hookSpecificOutput.permissionDecisionReason, /"tool_input\.command" must be a string, not number 42/);
    const cursor = hook(JSON.stringify({ hook_event_name: 'beforeShellExecution', conversation_id: 'c', generation_id: 'g', workspace_roots: workspace, command: 'ls' }));
    // A recognised, not pinned, dialect: the refusal also exits 2, which every agent reads as a block.
    assert.deepEqual([cursor.code, JSON.parse(cursor.stdout).permission], [2, 'deny']);
    assert.match(cursor.stderr, /"workspace_roots" must be a list of strings/);
    const vscode = hook(JSON.stringify({ hookEventName: 'PreToolUse', tool_name: 'read_file', tool_input: 'x' }));
    assert.equal(vscode.code, 2);
    assert.match(vscode.stderr, /"tool_input" must be an object, not string/);
  });

  it('stdin from /dev/null, or any device, is no payload: refused without waiting for one', () => {
    const r = spawnSync(process.execPath, [cli, 'hook', '--dialect', 'claude'], { cwd: tmpdir(), stdio: [openSync('/dev/null', 'r'), 'pipe', 'pipe'], encoding: 'utf8', env: env(), timeout: 20_000 });
    assert.equal(r.status, 2);
    assert.match(JSON.parse(r.stdout).hookSpecificOutput.permissionDecisionReason, /no payload: `bulkhead hook` reads one JSON object on stdin/);
  });

  it('a payload longer than one read of stdin is read whole', () => {
    // Padding before the command: a hook that judged the first block alone would not see it.
    const padded = payload('claude', 'bash-production-delete').replace('{', `{"padding": "${'x'.repeat(300_000)}",`);
    const r = hook(padded, ['--dialect', 'claude']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision, 'deny');
  });

  it('a huge payload is refused', () => {
    refusal(hook(Buffer.alloc(17 * 1024 * 1024, 0x20)), /larger than the 16777216 Bulkhead reads/);
  });

  it('a broken policy refuses every call', () => {
    const broken = mkdtempSync(join(tmpdir(), 'bulkhead-hook-broken-'));
    writeFileSync(join(broken, '.bulkhead.yaml'), 'version: 1\nenvironments:\n  prod:\n    protection: hihg\n');
    const r = hook(payload('claude', 'bash-read').replaceAll(workspace, broken));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /the policy has errors/);
  });

  it('bad options are refused too (a usage error must not read as "go ahead")', () => {
    refusal(hook(payload('claude', 'bash-read'), ['--bogus']), /unknown option --bogus/);
    refusal(hook(payload('claude', 'bash-read'), ['--dialect', 'emacs']), /--dialect emacs is not one of/);
  });

  it('--policy overrides discovery', () => {
    const open = mkdtempSync(join(tmpdir(), 'bulkhead-hook-open-'));
    writeFileSync(join(open, 'open.yaml'), 'version: 1\ndefault: production\nenvironments:\n  production:\n    protection: open\n    targets:\n      kube-context: [prod-eu-1]\n');
    // With that policy production is open and active: the delete asks instead of being blocked.
    const r = hook(payload('claude', 'bash-production-delete'), ['--policy', join(open, 'open.yaml')]);
    assert.deepEqual([r.code, JSON.parse(r.stdout).hookSpecificOutput.permissionDecision], [0, 'ask']);
  });
});

describe('bulkhead hook: the extension reachable over IPC', () => {
  // A real IpcServer from src/node/ipc.ts, not a mock of the extension's decision logic: its handler
  // evaluates with the real engine and answers as a human at the modal would (approve what needs a
  // confirmation, decline what the policy blocks), as the extension's Gate does after its modal.
  let server: IpcServer;
  const seen: CheckRequest[] = [];

  before(async () => {
    server = new IpcServer({
      handler: async (request) => {
        seen.push(request);
        const e = evaluator.evaluate(request.line, { policy, active: 'staging', cwd: request.cwd, env: request.env ?? {} });
        if (e.decision === 'allow') return { run: true, decision: 'allow', message: '' };
        if (e.decision === 'confirm') return { run: true, decision: 'confirm', message: '' };
        return { run: false, decision: 'block', message: `The user declined it. ${e.agentMessage}` };
      },
    });
    await server.listen();
    writeConnection({ address: server.address, token: server.token, root: workspace, pid: process.pid }, workspace);
  });

  after(async () => {
    await server.dispose();
    for (const f of readdirSync(join(workspace, '.bulkhead', 'run'))) writeFileSync(join(workspace, '.bulkhead', 'run', f), '{}');
  });

  it('a confirmation the human approves is relayed as allow', async () => {
    const r = await hookAsync(payload('claude', 'bash-confirm'));
    assert.deepEqual([r.code, r.stdout], [0, preToolUse('allow', 'Approved by the user in Bulkhead.')]);
    const request = seen.at(-1)!;
    assert.equal(request.line, 'kubectl delete ns api');
    assert.equal(request.cwd, workspace);
    assert.deepEqual(request.source, { kind: 'hook', label: 'Claude Code Bash' });
  });

  it('a command the human declines is denied with the extension\'s message', async () => {
    const e = evaluate('kubectl --context prod-eu-1 delete ns api');
    const r = await hookAsync(payload('cursor', 'shell-production-delete'), {}, ['--dialect', 'cursor']);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), { permission: 'deny', user_message: `The user declined it. ${e.agentMessage}`, agent_message: `The user declined it. ${e.agentMessage}` });
  });

  it('Codex: a confirmation goes to the modal; approved it is silence (allow), declined it is exit 2', async () => {
    const approved = await hookAsync(payload('codex', 'bash-confirm'), {}, ['--dialect', 'codex']);
    assert.deepEqual(Object.values(approved), [0, '', '']);
    assert.deepEqual(seen.at(-1)!.source, { kind: 'hook', label: 'Codex Bash' });
    const e = evaluate('kubectl --context prod-eu-1 delete ns api');
    const declined = await hookAsync(payload('codex', 'bash-production-delete'), {}, ['--dialect', 'codex']);
    assert.deepEqual(Object.values(declined), [2, '', `The user declined it. ${e.agentMessage}\n`]);
  });

  it('a policy allow stays a deferral: Bulkhead grants nothing', async () => {
    assert.deepEqual(Object.values(await hookAsync(payload('claude', 'bash-read'))), [0, '', '']);
  });

  it('a critical secret is denied without asking the extension', async () => {
    const before = seen.length;
    const r = await hookAsync(payload('claude', 'read-production-secret'));
    assert.equal(r.code, 2);
    assert.equal(seen.length, before);
  });

  it('a secret of another non-critical environment is decided by the extension', async () => {
    const r = await hookAsync(payload('claude', 'read-active-secret'));
    assert.deepEqual([r.code, r.stdout], [0, '']);
    assert.equal(seen.at(-1)!.line, `cat -- '${join(workspace, '.env.staging')}'`);
  });

  it('BULKHEAD_HOOK_OFFLINE=1 (bulkhead doctor) never reaches the extension', async () => {
    const before = seen.length;
    const r = await hookAsync(payload('claude', 'bash-confirm'), { BULKHEAD_HOOK_OFFLINE: '1' });
    assert.equal(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision, 'ask');
    assert.equal(seen.length, before);
  });
});

describe('bulkhead hook: every wait and every read is bounded', () => {
  // Each case gets its own home and workspace: the connection files and policies here are hostile.
  const fixturePolicy = join(__dirname, '..', 'fixtures', 'policy.yaml');
  const closers: (() => void)[] = [];
  after(() => { for (const close of closers.splice(0)) close(); });

  function freshWorkspace(): string {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-bounds-'));
    copyFileSync(fixturePolicy, join(dir, '.bulkhead.yaml'));
    writeFileSync(join(dir, '.env.production'), 'DATABASE_URL=postgres://prod\n');
    return dir;
  }

  const productionDelete = (dir: string) => payload('claude', 'bash-production-delete').replaceAll(workspace, dir);

  /** Runs the real hook with `dir` as HOME; a hang fails the test after `limitMs` instead of stalling the suite. */
  function boundedHook(input: string, dir: string, limitMs: number, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [cli, 'hook', ...args], { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '', HOME: dir } });
      let stdout = '';
      let stderr = '';
      let killed = false;
      const timer = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, limitMs);
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, killed }); });
      child.stdin.end(input);
    });
  }

  async function listen(onConnection: (socket: Socket) => void): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-sock-'));
    const address = join(dir, 's.sock');
    const server = createServer(onConnection);
    const sockets = new Set<Socket>();
    server.on('connection', (s) => { sockets.add(s); s.on('error', () => undefined); });
    await new Promise<void>((r) => server.listen(address, r));
    closers.push(() => { for (const s of sockets) s.destroy(); server.close(); });
    return address;
  }

  /** The offline fallback: production is refused by the policy alone, a confirmation becomes the agent's own prompt. */
  async function assertOffline(dir: string) {
    const production = await boundedHook(productionDelete(dir), dir, 20_000);
    assert.equal(production.killed, false, 'the hook did not answer in time');
    assert.equal(production.code, 2, production.stderr);
    assert.match(production.stderr, /^Bulkhead blocked this command/);
    const confirm = await boundedHook(payload('claude', 'bash-confirm').replaceAll(workspace, dir), dir, 20_000);
    assert.equal(confirm.killed, false, 'the hook did not answer in time');
    assert.equal(JSON.parse(confirm.stdout).hookSpecificOutput.permissionDecision, 'ask');
  }

  it('a socket that accepts and never answers counts as no extension: production fails closed within seconds', async () => {
    const dir = freshWorkspace();
    const address = await listen(() => undefined);
    writeConnection({ address, token: 't', root: dir, pid: process.pid }, dir);
    await assertOffline(dir);
  });

  it('a socket that reads the request and then streams an endless answer is cut off and denied, not a crash', async () => {
    const dir = freshWorkspace();
    const address = await listen((socket) => {
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (!socket.destroyed && sent < 200 && socket.write(chunk)) sent++;
        if (!socket.destroyed && sent < 200) socket.once('drain', () => { sent++; pump(); });
      };
      socket.once('data', pump);
    });
    writeConnection({ address, token: 't', root: dir, pid: process.pid }, dir);
    const r = await boundedHook(productionDelete(dir), dir, 30_000);
    assert.equal(r.killed, false, 'the hook did not answer in time');
    assert.equal(r.code, 2, r.stderr);
    assert.doesNotMatch(r.stderr, /RangeError|at .*\.js:\d+/);
    assert.match(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision, /^deny$/);
  });

  for (const where of ['the workspace', 'a parent folder'] as const) {
    it(`a FIFO as the connection file of ${where} is not opened as one`, async () => {
      const dir = freshWorkspace();
      const root = where === 'the workspace' ? dir : join(dir, '..');
      const file = connectionFile(root, dir);
      mkdirSync(join(file, '..'), { recursive: true });
      assert.equal(spawnSync('mkfifo', [file]).status, 0);
      await assertOffline(dir);
    });
  }

  for (const [label, forged] of [
    ['"run": "false"', { run: 'false', decision: 'block', message: '' }],
    ['"run": 1', { run: 1, decision: 'confirm', message: '' }],
    ['no decision', { run: true, message: '' }],
    ['an unknown decision', { run: true, decision: 'yes', message: '' }],
    ['an extra field', { run: true, decision: 'confirm', message: '', approved: true }],
  ] as const) {
    it(`an answer with ${label} is malformed, so a denial in every dialect`, async () => {
      const dir = freshWorkspace();
      const server = new IpcServer({ handler: async () => forged as never });
      await server.listen();
      closers.push(() => void server.dispose());
      writeConnection({ address: server.address, token: server.token, root: dir, pid: process.pid }, dir);
      const claude = await boundedHook(productionDelete(dir), dir, 20_000);
      assert.equal(claude.code, 2, claude.stderr);
      assert.equal(JSON.parse(claude.stdout).hookSpecificOutput.permissionDecision, 'deny');
      assert.match(claude.stderr, /answer is malformed/);
      const cursor = await boundedHook(payload('cursor', 'shell-production-delete').replaceAll(workspace, dir), dir, 20_000, ['--dialect', 'cursor']);
      assert.equal(JSON.parse(cursor.stdout).permission, 'deny');
    });
  }

  it('a well-formed approval from the extension still runs the command', async () => {
    const dir = freshWorkspace();
    const server = new IpcServer({ handler: async () => ({ run: true, decision: 'block', message: '' }) });
    await server.listen();
    closers.push(() => void server.dispose());
    writeConnection({ address: server.address, token: server.token, root: dir, pid: process.pid }, dir);
    const r = await boundedHook(productionDelete(dir), dir, 20_000);
    assert.deepEqual([r.code, r.stdout], [0, preToolUse('allow', 'Approved by the user in Bulkhead.')]);
  });

  const hostilePolicies: [string, (file: string) => void, RegExp][] = [
    ['a symlink to /dev/zero', (f) => symlinkSync('/dev/zero', f), /not a regular file/],
    ['a symlink to /dev/urandom', (f) => symlinkSync('/dev/urandom', f), /not a regular file/],
    ['a FIFO', (f) => assert.equal(spawnSync('mkfifo', [f]).status, 0), /FIFO/],
    ['larger than the bound', (f) => writeFileSync(f, `${readFileSync(fixturePolicy, 'utf8')}\n${'# padding\n'.repeat(200_000)}`), /larger than the 1048576 bytes/],
    ['a dangling symlink', (f) => symlinkSync(join(f, '..', 'gone.yaml'), f), /does not exist/],
  ];
  for (const [label, make, reason] of hostilePolicies) {
    it(`a policy that is ${label} is a broken policy: refused with a reason, within seconds`, async () => {
      const dir = freshWorkspace();
      rmSync(join(dir, '.bulkhead.yaml'));
      make(join(dir, '.bulkhead.yaml'));
      const r = await boundedHook(productionDelete(dir), dir, 20_000);
      assert.equal(r.killed, false, 'the hook did not answer in time');
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /the policy has errors/);
      assert.match(r.stderr, reason);
    });
  }

  it('a file tool is judged by the policy nearest the file, whatever the cwd says', async () => {
    const dir = freshWorkspace();
    const read = JSON.parse(payload('claude', 'read-production-secret').replaceAll(workspace, dir));
    read.cwd = tmpdir();
    const r = await boundedHook(JSON.stringify(read), dir, 20_000);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /holds secrets of production/);
    // A source file next to it stays readable.
    writeFileSync(join(dir, 'app.ts'), 'export {};\n');
    read.tool_input.file_path = join(dir, 'app.ts');
    assert.deepEqual(Object.values(await boundedHook(JSON.stringify(read), dir, 20_000)).slice(0, 2), [0, '']);
  });

  it('a refusal under a dialect guessed from the payload exits 2, which every agent reads as a block', async () => {
    const dir = freshWorkspace();
    // A Claude Code payload carrying a Cursor field is recognised as Cursor and refused: exit 0 would read as "go ahead" to Claude Code.
    const mixed = { ...JSON.parse(productionDelete(dir)), cursor_version: '1.7' };
    const guessed = await boundedHook(JSON.stringify(mixed), dir, 20_000);
    assert.equal(guessed.code, 2);
    assert.match(guessed.stderr, /Bulkhead refused the call/);
    // Pinned, the Claude Code answer is what it always was.
    const pinned = await boundedHook(JSON.stringify(mixed), dir, 20_000, ['--dialect', 'claude']);
    assert.equal(pinned.code, 2);
    assert.equal(JSON.parse(pinned.stdout).hookSpecificOutput.permissionDecision, 'deny');
    // An allow under a guess is not touched.
    const cursorRead = await boundedHook(payload('cursor', 'shell-read').replaceAll(workspace, dir), dir, 20_000);
    assert.deepEqual([cursorRead.code, cursorRead.stdout], [0, line({ permission: 'allow' })]);
  });
});

describe('bulkhead hook: file tools match secrets under every name the file goes by', () => {
  // Claude Code is denied by exit code 2; the others by their JSON answer.
  const isDenied = (r: { code: number | null; stdout: string }): boolean => r.code === 2 || /"(?:permission|permissionDecision)":"deny"/.test(r.stdout);
  before(() => {
    mkdirSync(join(workspace, 'config'), { recursive: true });
    writeFileSync(join(workspace, 'config', 'prod.env'), 'RAILWAY_TOKEN=prod\n');
    symlinkSync('.env.production', join(workspace, 'settings.link'));
    mkdirSync(join(workspace, 'fixtures'));
    linkSync(join(workspace, '.env.production'), join(workspace, 'fixtures', 'sample.txt'));
    symlinkSync('config', join(workspace, 'cfglink'));
    symlinkSync('src/app.ts', join(workspace, 'app.link'));
  });

  const reads: readonly [string, string][] = [
    ['claude', 'read-production-secret'], ['cursor', 'read-production-secret'], ['vscode', 'read_file-production-secret'],
    ['copilot-cli', 'preToolUse-view-production-secret'],
  ];
  const aliases = (): string[] => [
    `${workspace}/settings.link`, `${workspace}/fixtures/sample.txt`, `${workspace}/cfglink/prod.env`, `/proc/self/root${workspace}/config/prod.env`,
  ];
  for (const [dialect, name] of reads) {
    it(`${dialect}: a symlink, a hard link, a symlinked folder and /proc/self/root reach the secret and are denied`, () => {
      for (const alias of aliases()) {
        const r = hook(payload(dialect, name).replaceAll(`${workspace}/.env.production`, alias));
        assert.ok(isDenied(r), `${dialect} ${alias}: ${r.stdout}`);
      }
    });
    it(`${dialect}: a symlink to an ordinary file is still allowed`, () => {
      const r = hook(payload(dialect, name).replaceAll(`${workspace}/.env.production`, `${workspace}/app.link`));
      assert.ok(!isDenied(r), r.stdout + r.stderr);
    });
  }

  it('Cursor: an attachment that is a link to the secret is denied', () => {
    const text = payload('cursor', 'read-source').replace(`${workspace}/.cursor/rules/style.mdc`, `${workspace}/settings.link`);
    assert.ok(text.includes('settings.link'), 'the fixture has an attachment');
    assert.ok(isDenied(hook(text)));
  });

  it('Claude Code: Grep through a symlinked folder holding a secret is denied', () => {
    const text = payload('claude', 'grep-workspace').replace('"output_mode":"content"', `"output_mode":"content","path":${JSON.stringify(`${workspace}/cfglink`)}`);
    assert.ok(isDenied(hook(text)));
  });
});

describe('bulkhead hook: MCP tools get the same checks as other tools', () => {
  const claudeMcp = (tool: string, input: unknown): string => {
    const base = JSON.parse(payload('claude', 'read-production-secret')) as Record<string, unknown>;
    return JSON.stringify({ ...base, tool_name: tool, tool_input: input });
  };
  const cursorMcp = (tool: string, input: unknown): string => {
    const base = JSON.parse(payload('cursor', 'mcp-production')) as Record<string, unknown>;
    return JSON.stringify({ ...base, tool_name: tool, tool_input: JSON.stringify(input) });
  };
  const isDenied = (r: { code: number | null; stdout: string }): boolean => r.code === 2 || /"(?:permission|permissionDecision)":"deny"/.test(r.stdout);

  it('a path argument naming a secret file is denied (Claude Code, Cursor)', () => {
    assert.ok(isDenied(hook(claudeMcp('mcp__filesystem__read_file', { path: `${workspace}/.env.production` }))));
    assert.ok(isDenied(hook(claudeMcp('mcp__filesystem__read_multiple_files', { paths: ['src/app.ts', '.env.production'] }))));
    assert.ok(isDenied(hook(cursorMcp('read_file', { path: `${workspace}/.env.production` }))));
    assert.ok(!isDenied(hook(claudeMcp('mcp__filesystem__read_file', { path: `${workspace}/src/app.ts` }))));
  });

  it('past the argument walk\'s caps the answer is not allow', () => {
    const padded = { strings: Array.from({ length: 500 }, (_, i) => `note ${i}`), environment: 'production', volumeId: 'v1' };
    let nested: unknown = { environment: 'production', volumeId: 'v1' };
    for (let i = 0; i < 9; i++) nested = { inner: nested };
    for (const input of [padded, nested]) {
      const r = hook(claudeMcp('mcp__railway__volume_delete', input));
      assert.ok(isDenied(r) || /"permissionDecision":"ask"/.test(r.stdout), r.stdout);
    }
    assert.ok(isDenied(hook(cursorMcp('volume_delete', padded))), 'Cursor has no human to ask here');
  });

  it('SQL that destroys is judged by its SQL, not by a tool name that sounds like reading', () => {
    assert.ok(isDenied(hook(claudeMcp('mcp__postgres__query', { host: 'db.acme.com', sql: 'DROP DATABASE acme;' }))));
    assert.ok(!isDenied(hook(claudeMcp('mcp__postgres__query', { host: 'db.acme.com', sql: 'SELECT count(*) FROM users' }))));
  });
});

describe('bulkhead hook: a command hidden in the shell is denied in every dialect', () => {
  const fixturesByDialect: Record<string, string> = {
    cursor: 'cursor/shell-production-delete', claude: 'claude/bash-production-delete',
    vscode: 'vscode/run_in_terminal-production-delete', 'copilot-cli': 'copilot-cli/preToolUse-bash-production-delete',
  };
  const plain = 'kubectl --context prod-eu-1 delete ns api';
  const hidden = [
    'echo `echo \\`kubectl --context prod-eu-1 delete ns api\\``',
    'kubectl 2>/dev/null --context prod-eu-1 delete ns api',
    'parallel kubectl --context prod-eu-1 delete ns {} ::: api',
    "busybox sh -c 'kubectl --context prod-eu-1 delete ns api'",
    'find . -maxdepth 0 -exec env kubectl --context prod-eu-1 delete ns api \\;',
  ];
  const escaped = (text: string, times: number): string => (times === 0 ? text : escaped(JSON.stringify(text).slice(1, -1), times - 1));
  for (const [dialect, fixture] of Object.entries(fixturesByDialect)) {
    it(`${dialect}: every hidden form is refused like the plain one`, () => {
      const [name, file] = fixture.split('/');
      const text = payload(name, file);
      // The Copilot CLI sends its tool arguments as a JSON string inside the JSON payload.
      const depth = dialect === 'copilot-cli' ? 2 : 1;
      assert.ok(text.includes(escaped(plain, depth)), `${fixture} carries the plain command`);
      for (const cmd of hidden) {
        const r = hook(text.replace(escaped(plain, depth), escaped(cmd, depth)), ['--dialect', dialect]);
        const denied = r.code === 2 || /"(?:permission|permissionDecision)":"deny"/.test(r.stdout);
        assert.ok(denied, `${dialect} allowed ${cmd}: ${r.code} ${r.stdout} ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      }
    });
  }
});
