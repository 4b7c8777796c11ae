import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyWrites, inspectAgent, onlyMovedInstall, planInstall, planRemoval, workspaceFiles } from '../../src/node/agentConfig';
import { HookFileError } from '../../src/node/configError';
import { hookTimeoutSeconds } from '../../src/node/hookCommand';
import { failureSummary } from '../../src/node/hooks/agents/registry';
import type { AgentId, InstallOptions } from '../../src/node/hooks/agents/types';
import { clineAnswerWithinSeconds, clineChainedFile, clineHookFile, clineHookScript } from '../../src/node/clineHookScript';
import { IpcServer, writeConnection } from '../../src/node/ipc';

// The installers write the real built CLI's command line, and the tests run what they wrote the way
// each agent does (Cline: the script itself; Kiro: the entry's command through sh), with payloads
// from test/fixtures/hooks.
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const fixtures = join(__dirname, '..', 'fixtures', 'hooks');
const base = mkdtempSync(join(tmpdir(), 'bulkhead-installers-'));
after(() => rmSync(base, { recursive: true, force: true }));

const options: InstallOptions = {
  command: { runtime: { path: process.execPath, args: [], electron: false }, cli, args: ['hook'] },
  confirmationTimeoutSeconds: 60,
  platform: 'linux',
};

let counter = 0;
function workspace(): string {
  const dir = join(base, `ws-${counter++}`);
  mkdirSync(dir);
  copyFileSync(join(__dirname, '..', 'fixtures', 'policy.yaml'), join(dir, '.bulkhead.yaml'));
  return dir;
}

function install(root: string, agent: AgentId, opts: InstallOptions = options) {
  const plan = planInstall(agent, workspaceFiles(root), opts);
  const created = applyWrites(root, plan.writes);
  return { ...plan, created };
}

function remove(root: string, agent: AgentId, created: readonly string[]) {
  const plan = planRemoval(agent, workspaceFiles(root), { cli, created });
  applyWrites(root, plan.writes, created);
  return plan;
}

function payload(dialect: string, name: string, root: string): string {
  return readFileSync(join(fixtures, dialect, `${name}.json`), 'utf8').replaceAll('__WORKSPACE__', root);
}

/** Runs what Cline runs: the executable itself, with the payload on stdin and no extension to ask. */
function runCline(root: string, name: string) {
  const r = spawnSync(join(root, clineHookFile), [], { input: payload('cline', name, root), encoding: 'utf8', cwd: root, env: { PATH: process.env.PATH ?? '', HOME: root, BULKHEAD_HOOK_OFFLINE: '1' } });
  return { code: r.status, stdout: r.stdout, cancelled: /"cancel"\s*:\s*true/.test(r.stdout) };
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

before(() => assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first'));

describe('Cline installer', () => {
  test('a new script, executable, that Cline reads as a cancel for a production delete and as silence for a read', () => {
    const root = workspace();
    const r = install(root, 'cline');
    assert.deepEqual(r.created, ['.clinerules', '.clinerules/hooks', clineHookFile]);
    assert.equal(modeOf(join(root, clineHookFile)) & 0o111, 0o111);
    assert.match(readFileSync(join(root, clineHookFile), 'utf8'), new RegExp(`^#!/bin/sh\n[^]*"${process.execPath}" "${cli}" hook --dialect cline <`));
    assert.equal(inspectAgent('cline', workspaceFiles(root), options).state, 'ok');
    const denied = runCline(root, 'execute_command-production-delete');
    assert.equal(denied.code, 0);
    assert.ok(denied.cancelled, denied.stdout);
    assert.match(denied.stdout, /acts on production/);
    assert.ok(runCline(root, 'execute_command-confirm').cancelled, 'a confirmation with no human reachable must be refused');
    assert.deepEqual(runCline(root, 'execute_command-read'), { code: 0, stdout: '', cancelled: false });
    assert.ok(runCline(root, 'read_file-production-secret').cancelled);
    // Installing again changes nothing.
    assert.deepEqual(planInstall('cline', workspaceFiles(root), options).writes, []);
    remove(root, 'cline', r.created);
    assert.equal(existsSync(join(root, '.clinerules')), false, 'the folders Bulkhead created were left behind');
  });

  test("the user's script is kept and chained: its deny still denies, Bulkhead's denies whatever it says; removal gives it back byte for byte", () => {
    const root = workspace();
    mkdirSync(join(root, '.clinerules', 'hooks'), { recursive: true });
    // The user's own hook: cancels `kubectl get`, adds context to everything else, allows.
    const theirs = '#!/bin/sh\ninput=$(cat)\ncase "$input" in\n  *"kubectl get"*) echo \'{"cancel": true, "errorMessage": "no kubectl get here"}\' ;;\n  *) echo \'{"cancel": false, "contextModification": "checked by the team hook"}\' ;;\nesac\n';
    writeFileSync(join(root, clineHookFile), theirs, { mode: 0o750 });
    const r = install(root, 'cline');
    assert.match(r.actions.join('\n'), /moved the PreToolUse script that was there to \.clinerules\/hooks\/PreToolUse\.before-bulkhead/);
    assert.equal(readFileSync(join(root, clineChainedFile), 'utf8'), theirs);
    assert.equal(modeOf(join(root, clineChainedFile)), 0o750);
    assert.equal(inspectAgent('cline', workspaceFiles(root), options).state, 'ok');

    const theirDeny = runCline(root, 'execute_command-read');
    assert.ok(theirDeny.cancelled, `the user's deny was lost: ${theirDeny.stdout}`);
    assert.match(theirDeny.stdout, /no kubectl get here/);
    const ourDeny = runCline(root, 'execute_command-production-delete');
    assert.ok(ourDeny.cancelled && /Bulkhead blocked/.test(ourDeny.stdout), ourDeny.stdout);
    assert.doesNotMatch(ourDeny.stdout, /checked by the team hook/);
    const bothAllow = runCline(root, 'read_file-source');
    assert.equal(bothAllow.cancelled, false);
    assert.match(bothAllow.stdout, /checked by the team hook/, "the user's answer must stand for a call Bulkhead lets through");

    assert.deepEqual(planInstall('cline', workspaceFiles(root), options).writes, [], 'a second install rewrote something');
    remove(root, 'cline', r.created);
    assert.equal(readFileSync(join(root, clineHookFile), 'utf8'), theirs);
    assert.equal(modeOf(join(root, clineHookFile)), 0o750);
    assert.equal(existsSync(join(root, clineChainedFile)), false);
  });

  test('a script the user cannot run stays unrun: Bulkhead does not make it executable', () => {
    const root = workspace();
    mkdirSync(join(root, '.clinerules', 'hooks'), { recursive: true });
    writeFileSync(join(root, clineHookFile), '#!/bin/sh\necho \'{"cancel": true}\'\n', { mode: 0o644 });
    install(root, 'cline');
    assert.equal(modeOf(join(root, clineChainedFile)), 0o644);
    assert.equal(runCline(root, 'execute_command-read').cancelled, false);
  });

  test('weakened: not executable, edited, its line removed, pointing at a Bulkhead that is gone; each is repaired', () => {
    const root = workspace();
    install(root, 'cline');
    const path = join(root, clineHookFile);
    const installed = readFileSync(path, 'utf8');
    const problems = () => inspectAgent('cline', workspaceFiles(root), options).problems.join('\n');

    chmodSync(path, 0o644);
    assert.match(problems(), /not executable: Cline skips it and runs every tool/);
    install(root, 'cline');
    assert.equal(modeOf(path) & 0o111, 0o111);
    assert.equal(problems(), '');

    writeFileSync(path, installed.replace('if [ -s "$out" ]; then', 'if false; then'), { mode: 0o755 });
    assert.match(problems(), /the script was edited/);
    assert.equal(runCline(root, 'execute_command-production-delete').cancelled, false, 'the edit should have weakened it, or this test proves nothing');
    install(root, 'cline');
    assert.equal(readFileSync(path, 'utf8'), installed);

    writeFileSync(path, installed.split('\n').filter((l) => !l.includes(' hook --dialect cline')).join('\n'), { mode: 0o755 });
    assert.match(problems(), /no longer runs Bulkhead's hook/);
    install(root, 'cline');
    assert.equal(readFileSync(path, 'utf8'), installed);

    const moved = { ...options, command: { ...options.command, cli: '/gone/bulkhead-0.0.1/dist/cli.js' } };
    install(root, 'cline', moved);
    const status = inspectAgent('cline', workspaceFiles(root), options);
    assert.match(status.problems.join('\n'), /runs a Bulkhead that is no longer installed/);
    assert.doesNotMatch(status.problems.join('\n'), /edited/, 'a moved install is not an edit');
    assert.equal(onlyMovedInstall([status]), true);
    install(root, 'cline');
    assert.equal(readFileSync(path, 'utf8'), installed);
  });

  test('a check that cannot run, or does not answer in time, cancels the tool (Cline alone would run it)', () => {
    const root = workspace();
    const noNode = { ...options, command: { ...options.command, runtime: { path: '/nonexistent/node', args: [], electron: false } } };
    install(root, 'cline', noNode);
    const crashed = runCline(root, 'execute_command-read');
    assert.ok(crashed.cancelled, crashed.stdout);
    assert.match(crashed.stdout, /could not run, so this was not run/);

    const slow = join(root, 'slow');
    writeFileSync(slow, clineHookScript('sleep 5', 1), { mode: 0o755 });
    const started = Date.now();
    const r = spawnSync(slow, [], { input: payload('cline', 'execute_command-read', root), encoding: 'utf8' });
    assert.ok(Date.now() - started < 4000, `the bound did not hold (${Date.now() - started} ms)`);
    assert.match(r.stdout, /"cancel": true.*did not answer within 1 s/);
  });

  test('two scripts in the way, and Windows, are said plainly; nothing is written', () => {
    const root = workspace();
    mkdirSync(join(root, '.clinerules', 'hooks'), { recursive: true });
    writeFileSync(join(root, clineHookFile), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    writeFileSync(join(root, clineChainedFile), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    assert.throws(() => planInstall('cline', workspaceFiles(root), options), (e: unknown) => e instanceof HookFileError && /PreToolUse\.before-bulkhead already holds another script/.test(e.message));
    const windows = planInstall('cline', workspaceFiles(workspace()), { ...options, platform: 'win32' });
    assert.deepEqual(windows.writes, []);
    assert.match(windows.unavailable ?? '', /macOS and Linux only/);
  });
});

describe('Kiro CLI installer', () => {
  const agentFile = (name: string) => `.kiro/agents/${name}.json`;
  const userAgent = '{\n    "name": "reviewer",\n    "tools": ["*"],\n    "hooks": {\n        "preToolUse": [\n            { "matcher": "fs_write", "command": "./lint.sh" }\n        ],\n        "agentSpawn": [ { "command": "git status" } ]\n    }\n}\n';

  test('no agent configuration: said plainly, nothing written', () => {
    const root = workspace();
    const plan = planInstall('kiro', workspaceFiles(root), options);
    assert.deepEqual(plan.writes, []);
    assert.match(plan.unavailable ?? '', /no agent configuration in \.kiro\/agents: Kiro CLI runs hooks only from an agent's own file/);
    assert.equal(inspectAgent('kiro', workspaceFiles(root), options).state, 'absent');
  });

  test("every agent file gets one entry for every tool, beside the user's hooks; idempotent; removal gives the bytes back", () => {
    const root = workspace();
    mkdirSync(join(root, '.kiro', 'agents'), { recursive: true });
    writeFileSync(join(root, agentFile('reviewer')), userAgent);
    writeFileSync(join(root, agentFile('ops')), '{"name":"ops","tools":["*"]}');
    const r = install(root, 'kiro');
    for (const name of ['ops', 'reviewer']) {
      const doc = JSON.parse(readFileSync(join(root, agentFile(name)), 'utf8'));
      const ours = doc.hooks.preToolUse.filter((e: { command: string }) => e.command.includes(cli));
      assert.deepEqual(ours, [{ matcher: '*', command: `"${process.execPath}" "${cli}" hook --dialect kiro`, timeout_ms: hookTimeoutSeconds(60) * 1000 }], name);
    }
    const reviewer = JSON.parse(readFileSync(join(root, agentFile('reviewer')), 'utf8'));
    assert.deepEqual(reviewer.hooks.preToolUse[0], { matcher: 'fs_write', command: './lint.sh' });
    assert.deepEqual(reviewer.hooks.agentSpawn, [{ command: 'git status' }]);
    assert.equal(inspectAgent('kiro', workspaceFiles(root), options).state, 'ok');
    assert.deepEqual(planInstall('kiro', workspaceFiles(root), options).writes, []);

    // The entry, run as Kiro runs it: exit 2 with the reason on stderr blocks; 0 goes ahead.
    const command = reviewer.hooks.preToolUse[1].command as string;
    const run = (name: string) => spawnSync('/bin/sh', ['-c', command], { input: payload('kiro', name, root), encoding: 'utf8', cwd: root, env: { PATH: process.env.PATH ?? '', HOME: root, BULKHEAD_HOOK_OFFLINE: '1' } });
    const denied = run('execute_bash-production-delete');
    assert.equal(denied.status, 2);
    assert.match(denied.stderr, /acts on production/);
    assert.equal(run('execute_bash-confirm').status, 2);
    assert.equal(run('fs_read-production-secret').status, 2);
    assert.equal(run('execute_bash-read').status, 0);

    remove(root, 'kiro', r.created);
    assert.equal(readFileSync(join(root, agentFile('reviewer')), 'utf8'), userAgent);
    assert.equal(readFileSync(join(root, agentFile('ops')), 'utf8'), '{"name":"ops","tools":["*"]}');
  });

  test('weakened: a narrowed matcher, a short timeout, a cached answer, a new agent without the entry; repaired', () => {
    const root = workspace();
    mkdirSync(join(root, '.kiro', 'agents'), { recursive: true });
    writeFileSync(join(root, agentFile('dev')), '{"name":"dev"}\n');
    install(root, 'kiro');
    const doc = JSON.parse(readFileSync(join(root, agentFile('dev')), 'utf8'));
    Object.assign(doc.hooks.preToolUse[0], { matcher: 'execute_bash', timeout_ms: 1000, cache_ttl_seconds: 60 });
    writeFileSync(join(root, agentFile('dev')), JSON.stringify(doc));
    writeFileSync(join(root, agentFile('later')), '{"name":"later"}\n');
    const status = inspectAgent('kiro', workspaceFiles(root), options);
    assert.equal(status.state, 'weakened');
    const problems = status.problems.join('\n');
    assert.match(problems, /dev\.json: preToolUse \(\*\): the matcher "execute_bash" limits which tools Bulkhead sees/);
    assert.match(problems, /`timeout_ms` is 1000 ms, shorter than the 60 s confirmation/);
    assert.match(problems, /`cache_ttl_seconds` reuses an answer for 60 s/);
    assert.match(problems, /later\.json: no Bulkhead hook for preToolUse/);
    install(root, 'kiro');
    assert.equal(inspectAgent('kiro', workspaceFiles(root), options).state, 'ok');
  });
});

describe('how installed hooks fail, for the status bar', () => {
  test('each agent as its module says: Cursor, Claude Code and Cline fail closed, the others let the action through', () => {
    assert.equal(failureSummary(['cursor', 'claude'], 60), 'Cursor, Claude Code: fail-closed, 90 s timeout');
    assert.equal(
      failureSummary(['cursor', 'codex', 'copilot', 'cline', 'windsurf', 'kiro'], 60),
      'Cursor: fail-closed, 90 s timeout; Codex, GitHub Copilot, Kiro CLI: fail open on a crash or timeout, 90 s timeout; Cline: fail-closed, 25 s timeout; Windsurf: fails open on a crash or timeout',
    );
    assert.equal(failureSummary(['gemini'], 120), 'Gemini CLI: fails open on a crash or timeout, 150 s timeout');
  });
});

describe('Cline: the wait for a confirmation ends inside the script\'s limit', () => {
  test('a confirmation nobody answers is refused by Bulkhead\'s hook with its reason, before the script cuts the check off', async () => {
    const root = workspace();
    install(root, 'cline');
    // The extension announces its 60 s confirmation and never answers, as a modal nobody clicks.
    let release = () => undefined as void;
    const server = new IpcServer({
      handler: () => new Promise((resolve) => { release = () => resolve({ run: false, decision: 'block', message: 'the test is over' }); }),
      answerWithinMs: () => 60_000,
    });
    await server.listen();
    try {
      writeConnection({ address: server.address, token: server.token, root, pid: process.pid }, root);
      const started = Date.now();
      const r = await new Promise<{ stdout: string }>((resolve) => {
        const child = spawn(join(root, clineHookFile), [], { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: root } });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
        child.on('close', () => resolve({ stdout }));
        child.stdin.end(payload('cline', 'execute_command-confirm', root));
      });
      const answer = JSON.parse(r.stdout);
      assert.equal(answer.cancel, true);
      assert.match(answer.errorMessage, /nobody answered the confirmation within \d+ s, as long as it could wait: Bulkhead's script for Cline stops the check after 25 s/);
      assert.ok(Date.now() - started < clineAnswerWithinSeconds * 1000, `answered after ${Date.now() - started} ms`);
    } finally {
      release();
      await server.dispose();
    }
  });
});
