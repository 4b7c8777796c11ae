import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { deleteConfigFile, inspectConfig, installConfig, onlyMovedInstall, readConfigFile, removeConfig, writeConfigFile } from '../../src/node/agentConfig';
import { ConfigError } from '../../src/node/configError';
import { chooseNode, findOnPath, hookTimeoutSeconds, isBulkheadCommand, parseOurCommand, renderCommand } from '../../src/node/hookCommand';
import { agentSpecs, type JsonAgentId } from '../../src/node/hooks/agents/registry';
import type { InstallOptions } from '../../src/node/hooks/agents/types';
import { readReply, runConfiguredHook } from '../../src/node/hooks/probe';

const base = mkdtempSync(join(tmpdir(), 'bulkhead-agentconfig-'));
after(() => rmSync(base, { recursive: true, force: true }));

const cli = '/home/dev/.vscode/extensions/bulkhead.bulkhead-0.1.0/dist/cli.js';
const node = '/usr/local/bin/node';
const existing = new Set([cli, node]);
const options: InstallOptions = {
  command: { runtime: { path: node, args: [], electron: false }, cli, args: ['hook'] },
  confirmationTimeoutSeconds: 60,
  platform: 'linux',
  exists: (p) => existing.has(p),
};

let counter = 0;
function workspace(): string {
  const dir = join(base, `ws-${counter++}`);
  mkdirSync(dir);
  return dir;
}

/** install → write → read back, as the extension does. */
function installInto(root: string, agent: JsonAgentId, opts: InstallOptions = options, deny?: { desired: string[]; owned: string[] }) {
  const file = agentSpecs[agent].file;
  const before = readConfigFile(join(root, file));
  const result = installConfig(agent, file, before, opts, deny);
  const created = result.changed ? writeConfigFile(root, file, result.text) : [];
  return { ...result, created, before };
}

function parse(root: string, agent: JsonAgentId): any {
  return JSON.parse(readFileSync(join(root, agentSpecs[agent].file), 'utf8'));
}

describe('the Node that runs the hook', () => {
  test('a node on PATH wins over the editor', () => {
    const runtime = chooseNode({
      platform: 'linux', pathEnv: 'relative/bin:/opt/none:/usr/local/bin', execPath: '/opt/Code/code', isElectron: true, msBuild: true,
      isExecutable: (p) => p === '/usr/local/bin/node' || p === 'relative/bin/node',
    });
    assert.deepEqual(runtime, { path: '/usr/local/bin/node', args: [], electron: false });
  });

  test('without one, the editor runs as Node (with the Microsoft flag on Microsoft builds)', () => {
    const probe = { platform: 'linux' as const, pathEnv: '/usr/bin', execPath: '/opt/Code/code', isElectron: true, isExecutable: () => false };
    assert.deepEqual(chooseNode({ ...probe, msBuild: true }), { path: '/opt/Code/code', args: ['--ms-enable-electron-run-as-node'], electron: true });
    assert.deepEqual(chooseNode({ ...probe, msBuild: false }), { path: '/opt/Code/code', args: [], electron: true });
  });

  test('a node too old for the CLI is passed over', () => {
    const runtime = chooseNode({
      platform: 'linux', pathEnv: '/home/u/.nvm/versions/node/v16.20.0/bin', execPath: '/Applications/Cursor', isElectron: true, msBuild: false,
      isExecutable: () => true, majorVersion: () => 16,
    });
    assert.equal(runtime.electron, true);
  });

  test('Windows PATH entries and node.exe', () => {
    assert.equal(findOnPath(['node.exe'], 'C:\\nodejs;C:\\other', 'win32', (p) => p === 'C:\\nodejs\\node.exe'), 'C:\\nodejs\\node.exe');
  });

  test('the command line: quoted paths, ELECTRON_RUN_AS_NODE for the editor, a pinned dialect', () => {
    const r = renderCommand({ runtime: { path: '/opt/My "Code"/code', args: ['--ms-enable-electron-run-as-node'], electron: true }, cli: '/x/$HOME/cli.js', args: ['hook'] }, 'cursor');
    assert.equal(r.posix, 'ELECTRON_RUN_AS_NODE=1 "/opt/My \\"Code\\"/code" --ms-enable-electron-run-as-node "/x/\\$HOME/cli.js" hook --dialect cursor');
    assert.deepEqual(parseOurCommand(r.posix), { node: '/opt/My "Code"/code', cli: '/x/$HOME/cli.js' });
    assert.equal(r.powershell, "$env:ELECTRON_RUN_AS_NODE='1'; & '/opt/My \"Code\"/code' --ms-enable-electron-run-as-node '/x/$HOME/cli.js' hook --dialect cursor");
    assert.equal(parseOurCommand(r.powershell)?.cli, '/x/$HOME/cli.js');
  });

  test('ownership: a Bulkhead CLI running `hook`, nothing else', () => {
    assert.equal(isBulkheadCommand(`"${node}" "${cli}" hook`), true);
    assert.equal(isBulkheadCommand('"/usr/bin/node" "/work/main/dist/cli.js" hook', '/work/main/dist/cli.js'), true);
    assert.equal(isBulkheadCommand('"/usr/bin/node" "/work/main/dist/cli.js" hook'), false);
    assert.equal(isBulkheadCommand(`"${node}" "${cli}" check -- ls`), false);
    assert.equal(isBulkheadCommand('./scripts/my-bulkhead-hook.sh'), false);
  });
});

describe('Cursor', () => {
  test('a new file: version 1, the three events, fail-closed, timeout above the confirmation', () => {
    const root = workspace();
    const r = installInto(root, 'cursor');
    assert.deepEqual(r.created, ['.cursor', '.cursor/hooks.json']);
    const doc = parse(root, 'cursor');
    assert.equal(doc.version, 1);
    for (const event of ['beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile']) {
      assert.deepEqual(doc.hooks[event], [{ command: `"${node}" "${cli}" hook --dialect cursor`, timeout: hookTimeoutSeconds(60), failClosed: true }]);
    }
    assert.equal(inspectConfig('cursor', '.cursor/hooks.json', readConfigFile(join(root, '.cursor/hooks.json')), options).state, 'ok');
  });

  test("merging keeps the user's hooks, keys and formatting; installing twice changes nothing; removal restores the bytes", () => {
    const root = workspace();
    const original = '{\n    "version": 1,\n    "hooks": {\n        "afterFileEdit": [ { "command": "./format.sh" } ],\n        "beforeShellExecution": [\n            { "command": "./audit.sh", "timeout": 5 }\n        ]\n    },\n    "x-team": "keep me"\n}\n';
    mkdirSync(join(root, '.cursor'));
    writeFileSync(join(root, '.cursor/hooks.json'), original);
    const first = installInto(root, 'cursor');
    assert.equal(first.changed, true);
    const after1 = readFileSync(join(root, '.cursor/hooks.json'), 'utf8');
    assert.ok(after1.startsWith('{\n    "version": 1,\n    "hooks": {\n        "afterFileEdit": [ { "command": "./format.sh" } ],\n        "beforeShellExecution": [\n            { "command": "./audit.sh", "timeout": 5 },\n            {\n                "command":'), after1);
    const doc = parse(root, 'cursor');
    assert.equal(doc.hooks.afterFileEdit[0].command, './format.sh');
    assert.equal(doc.hooks.beforeShellExecution.length, 2);
    assert.equal(doc['x-team'], 'keep me');

    const second = installInto(root, 'cursor');
    assert.equal(second.changed, false);
    assert.equal(readFileSync(join(root, '.cursor/hooks.json'), 'utf8'), after1);

    const removed = removeConfig('cursor', '.cursor/hooks.json', after1, { cli, createdFile: false });
    assert.equal(removed.text, original);
  });

  test('a file Bulkhead created is deleted on removal, with the folder it created', () => {
    const root = workspace();
    const r = installInto(root, 'cursor');
    const removed = removeConfig('cursor', '.cursor/hooks.json', readConfigFile(join(root, '.cursor/hooks.json')), { cli, createdFile: true });
    assert.equal(removed.text, undefined);
    deleteConfigFile(root, '.cursor/hooks.json', r.created);
    assert.equal(existsSync(join(root, '.cursor')), false);
  });

  test('weakened entries are detected and repaired in place', () => {
    const root = workspace();
    installInto(root, 'cursor');
    const path = join(root, '.cursor/hooks.json');
    const doc = parse(root, 'cursor');
    doc.hooks.beforeReadFile[0].failClosed = false;
    doc.hooks.beforeShellExecution[0].timeout = 10;
    delete doc.hooks.beforeMCPExecution;
    doc.hooks.afterFileEdit = [{ command: './format.sh' }];
    writeFileSync(path, JSON.stringify(doc, null, 2));
    const status = inspectConfig('cursor', '.cursor/hooks.json', readFileSync(path, 'utf8'), options);
    assert.equal(status.state, 'weakened');
    assert.ok(status.problems.some((p) => p.includes('beforeReadFile') && p.includes('failClosed')), status.problems.join('\n'));
    assert.ok(status.problems.some((p) => p.includes('beforeShellExecution') && p.includes('10 s')), status.problems.join('\n'));
    assert.ok(status.problems.some((p) => p.includes('no Bulkhead hook for beforeMCPExecution')), status.problems.join('\n'));
    const repaired = installInto(root, 'cursor');
    assert.deepEqual(repaired.actions, ['repaired the hook for beforeShellExecution', 'added the hook for beforeMCPExecution', 'repaired the hook for beforeReadFile']);
    assert.equal(inspectConfig('cursor', '.cursor/hooks.json', readFileSync(path, 'utf8'), options).state, 'ok');
    assert.deepEqual(parse(root, 'cursor').hooks.afterFileEdit, [{ command: './format.sh' }]);
  });

  test('an entry pointing at an uninstalled Bulkhead or a vanished Node is weakened', () => {
    const text = JSON.stringify({ version: 1, hooks: { beforeShellExecution: [{ command: '"/old/node" "/home/dev/.vscode/extensions/bulkhead.bulkhead-0.0.9/dist/cli.js" hook --dialect cursor', timeout: 90, failClosed: true }] } });
    const status = inspectConfig('cursor', '.cursor/hooks.json', text, options);
    assert.ok(status.problems.some((p) => p.includes('no longer installed')), status.problems.join('\n'));
    assert.ok(status.problems.some((p) => p.includes('/old/node')), status.problems.join('\n'));
  });

  test('hooks left pointing at a previous version are repaired without asking; other drift is not', () => {
    const root = workspace();
    installInto(root, 'cursor');
    const path = join(root, '.cursor/hooks.json');
    const current = readFileSync(path, 'utf8');
    const ok = inspectConfig('cursor', '.cursor/hooks.json', current, options);
    assert.equal(onlyMovedInstall([ok]), false, 'nothing to repair');
    const moved = current.replaceAll(cli, '/home/dev/.vscode/extensions/bulkhead.bulkhead-0.0.9/dist/cli.js');
    assert.equal(onlyMovedInstall([inspectConfig('cursor', '.cursor/hooks.json', moved, options)]), true);
    const movedAndWeakened = moved.replace('"failClosed": true', '"failClosed": false');
    assert.equal(onlyMovedInstall([inspectConfig('cursor', '.cursor/hooks.json', movedAndWeakened, options)]), false, 'a weakened entry is a change someone made');
    assert.equal(onlyMovedInstall([inspectConfig('cursor', '.cursor/hooks.json', moved, options), { agent: 'claude', state: 'absent', problems: ['gone'], commands: [] }]), false);
    const anotherCopy = current.replaceAll(cli, __filename);
    assert.equal(onlyMovedInstall([inspectConfig('cursor', '.cursor/hooks.json', anotherCopy, options)]), false, 'another live copy is not an update');
  });

  test('a longer confirmation timeout makes the installed timeout too short', () => {
    const root = workspace();
    installInto(root, 'cursor');
    const text = readConfigFile(join(root, '.cursor/hooks.json'));
    const status = inspectConfig('cursor', '.cursor/hooks.json', text, { ...options, confirmationTimeoutSeconds: 300 });
    assert.equal(status.state, 'weakened');
    assert.ok(status.problems.every((p) => p.includes('300 s')));
  });
});

describe('Claude Code', () => {
  const deny = ['Read(//ws/.env.production)', 'Read(//ws/**/prod.env)'];

  test('the hook group and the deny rules, merged into existing settings', () => {
    const root = workspace();
    const original = '{\n  "permissions": {\n    "allow": ["Bash(npm test)"],\n    "deny": ["Read(./secrets/**)"]\n  },\n  "hooks": {\n    "PostToolUse": [{ "matcher": "Edit", "hooks": [{ "type": "command", "command": "npx prettier" }] }]\n  }\n}\n';
    mkdirSync(join(root, '.claude'));
    writeFileSync(join(root, '.claude/settings.local.json'), original);
    const r = installInto(root, 'claude', options, { desired: deny, owned: [] });
    assert.deepEqual(r.ownedDeny, deny);
    const doc = parse(root, 'claude');
    assert.deepEqual(doc.permissions.deny, ['Read(./secrets/**)', ...deny]);
    assert.deepEqual(doc.permissions.allow, ['Bash(npm test)']);
    assert.deepEqual(doc.hooks.PostToolUse[0].matcher, 'Edit');
    assert.deepEqual(doc.hooks.PreToolUse, [{
      matcher: 'Bash|Read|Grep|Glob|Edit|MultiEdit|Write|NotebookEdit',
      hooks: [{ type: 'command', command: `"${node}" "${cli}" hook`, timeout: 90, onFailure: 'block' }],
    }]);
    const text = readFileSync(join(root, '.claude/settings.local.json'), 'utf8');
    assert.equal(inspectConfig('claude', '.claude/settings.local.json', text, options, deny).state, 'ok');
    assert.equal(installConfig('claude', '.claude/settings.local.json', text, options, { desired: deny, owned: r.ownedDeny }).changed, false);
    const removed = removeConfig('claude', '.claude/settings.local.json', text, { cli, createdFile: false, ownedDeny: r.ownedDeny });
    assert.equal(removed.text, original);
  });

  test("a rule the user already had is not Bulkhead's and survives removal", () => {
    const original = JSON.stringify({ permissions: { deny: ['Read(//ws/.env.production)'] } }, null, 2);
    const r = installConfig('claude', 's.json', original, options, { desired: deny, owned: [] });
    assert.deepEqual(r.ownedDeny, ['Read(//ws/**/prod.env)']);
    const removed = removeConfig('claude', 's.json', r.text, { cli, createdFile: false, ownedDeny: r.ownedDeny });
    assert.equal(removed.text, original);
  });

  test('switching environments swaps only the rules Bulkhead owns', () => {
    const first = installConfig('claude', 's.json', undefined, options, { desired: ['Read(//ws/.env.staging)'], owned: [] });
    const second = installConfig('claude', 's.json', first.text, options, { desired: ['Read(//ws/.env.production)'], owned: first.ownedDeny });
    assert.deepEqual(JSON.parse(second.text).permissions.deny, ['Read(//ws/.env.production)']);
    assert.deepEqual(second.ownedDeny, ['Read(//ws/.env.production)']);
  });

  test('a narrowed matcher, a dropped onFailure and a removed deny rule are reported', () => {
    const installed = JSON.parse(installConfig('claude', 's.json', undefined, options, { desired: deny, owned: [] }).text);
    installed.hooks.PreToolUse[0].matcher = 'Bash';
    delete installed.hooks.PreToolUse[0].hooks[0].onFailure;
    installed.permissions.deny = [deny[1]];
    installed.disableAllHooks = true;
    const status = inspectConfig('claude', 's.json', JSON.stringify(installed), options, deny);
    assert.equal(status.state, 'weakened');
    const text = status.problems.join('\n');
    assert.match(text, /no longer covers Read, Grep, Glob, Edit, MultiEdit, Write, NotebookEdit/);
    assert.match(text, /onFailure/);
    assert.match(text, /permissions\.deny no longer lists Read\(\/\/ws\/\.env\.production\)/);
    assert.match(text, /disableAllHooks/);
    const repaired = installConfig('claude', 's.json', JSON.stringify(installed), options, { desired: deny, owned: deny });
    assert.equal(inspectConfig('claude', 's.json', repaired.text, options, deny).state, 'ok');
  });

  test('a group that mixes our hook with the user\'s is left alone; ours is added beside it', () => {
    const mixed = { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: './mine.sh' }, { type: 'command', command: `"${node}" "${cli}" hook` }] }] } };
    const r = installConfig('claude', 's.json', JSON.stringify(mixed, null, 2), options);
    const doc = JSON.parse(r.text);
    assert.equal(doc.hooks.PreToolUse.length, 2);
    assert.deepEqual(doc.hooks.PreToolUse[0], mixed.hooks.PreToolUse[0]);
  });
});

describe('Copilot and Codex', () => {
  test('one Copilot entry for VS Code and the Copilot CLI, each key pinned to its reader', () => {
    const root = workspace();
    installInto(root, 'copilot');
    const doc = parse(root, 'copilot');
    assert.equal(doc.version, 1);
    const [entry] = doc.hooks.PreToolUse;
    assert.equal(entry.type, 'command');
    assert.equal(entry.linux, `"${node}" "${cli}" hook --dialect vscode`);
    assert.equal(entry.osx, entry.linux);
    assert.equal(entry.bash, `"${node}" "${cli}" hook --dialect copilot-cli`);
    assert.equal(entry.command, `"${node}" "${cli}" hook`);
    assert.equal(entry.timeout, 90);
    assert.equal(entry.timeoutSec, 90);
    const status = inspectConfig('copilot', '.github/hooks/bulkhead.json', readConfigFile(join(root, '.github/hooks/bulkhead.json')), options);
    assert.equal(status.state, 'ok', status.problems.join('\n'));
    assert.deepEqual(status.commands.map((c) => [c.label, c.dialect]), [['PreToolUse in VS Code', 'vscode'], ['PreToolUse in the Copilot CLI', 'copilot-cli']]);
  });

  test('a VS Code key running the Copilot CLI dialect would misread every payload', () => {
    const text = installConfig('copilot', 'c.json', undefined, options).text;
    const doc = JSON.parse(text);
    doc.hooks.PreToolUse[0].linux = doc.hooks.PreToolUse[0].bash;
    const status = inspectConfig('copilot', 'c.json', JSON.stringify(doc), options);
    assert.ok(status.problems.some((p) => p.includes('`linux`') && p.includes('copilot-cli')), status.problems.join('\n'));
  });

  test('Codex: its own dialect pinned, Bash, apply_patch and MCP tools matched, no onFailure', () => {
    const doc = JSON.parse(installConfig('codex', '.codex/hooks.json', undefined, options).text);
    assert.deepEqual(doc, { hooks: { PreToolUse: [{ matcher: 'Bash|apply_patch|mcp__.*', hooks: [{ type: 'command', command: `"${node}" "${cli}" hook --dialect codex`, timeout: 90 }] }] } });
    const status = inspectConfig('codex', '.codex/hooks.json', JSON.stringify(doc), options);
    assert.equal(status.state, 'ok', status.problems.join('\n'));
    assert.deepEqual(status.commands.map((c) => c.dialect), ['codex']);
  });

  test('Codex: an entry read as Claude Code\'s (which answers "ask", and Codex runs it) is weakened and repaired', () => {
    const earlier = JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: `"${node}" "${cli}" hook --dialect claude`, timeout: 90 }] }] } });
    const status = inspectConfig('codex', '.codex/hooks.json', earlier, options);
    assert.equal(status.state, 'weakened');
    assert.ok(status.problems.some((p) => /reads payloads as `claude`.*a confirmation would run unasked/.test(p)), status.problems.join('\n'));
    assert.ok(status.problems.some((p) => /no longer covers apply_patch/.test(p)), status.problems.join('\n'));
    const repaired = installConfig('codex', '.codex/hooks.json', earlier, options);
    assert.equal(inspectConfig('codex', '.codex/hooks.json', repaired.text, options).state, 'ok');
    const wrong = earlier.replace('--dialect claude', '--dialect cursor');
    assert.ok(inspectConfig('codex', '.codex/hooks.json', wrong, options).problems.some((p) => /reads payloads as `cursor`/.test(p)));
  });
});

describe('Gemini CLI and Windsurf', () => {
  test('Gemini CLI: one BeforeTool group for every tool, its own dialect, the timeout in milliseconds', () => {
    const doc = JSON.parse(installConfig('gemini', '.gemini/settings.json', undefined, options).text);
    assert.deepEqual(doc, { hooks: { BeforeTool: [{ matcher: '.*', hooks: [{ type: 'command', name: 'bulkhead', command: `"${node}" "${cli}" hook --dialect gemini`, timeout: 90_000 }] }] } });
    const status = inspectConfig('gemini', '.gemini/settings.json', JSON.stringify(doc), options);
    assert.equal(status.state, 'ok', status.problems.join('\n'));
    assert.deepEqual(status.commands.map((c) => c.dialect), ['gemini']);
    doc.hooks.BeforeTool[0].hooks[0].timeout = 30;
    assert.ok(inspectConfig('gemini', '.gemini/settings.json', JSON.stringify(doc), options).problems.some((p) => /`timeout` is 30 ms, shorter than the 60 s confirmation/.test(p)));
  });

  test('Gemini CLI: the user\'s settings and hooks stay, and removal gives their bytes back', () => {
    const user = '{\n  "theme": "GitHub",\n  "hooks": {\n    "BeforeTool": [\n      { "matcher": "write_file", "hooks": [{ "type": "command", "command": "./lint.sh" }] }\n    ]\n  }\n}\n';
    const installed = installConfig('gemini', '.gemini/settings.json', user, options);
    const doc = JSON.parse(installed.text);
    assert.equal(doc.theme, 'GitHub');
    assert.equal(doc.hooks.BeforeTool.length, 2);
    assert.equal(installConfig('gemini', '.gemini/settings.json', installed.text, options).changed, false);
    assert.equal(removeConfig('gemini', '.gemini/settings.json', installed.text, { cli, createdFile: false }).text, user);
  });

  test('Gemini CLI: hooks switched off in hooksConfig, or Bulkhead\'s hook listed as disabled, are weakened and repaired; the user\'s own disabled hooks stay', () => {
    const installed = JSON.parse(installConfig('gemini', '.gemini/settings.json', undefined, options).text);
    const command = installed.hooks.BeforeTool[0].hooks[0].command;
    for (const [hooksConfig, problem] of [
      [{ enabled: false }, /`hooksConfig\.enabled` is false: Gemini CLI runs no hook at all/],
      [{ disabled: ['lint', 'bulkhead'] }, /`hooksConfig\.disabled` lists Bulkhead's hook: Gemini CLI skips it/],
      [{ disabled: [command] }, /`hooksConfig\.disabled` lists Bulkhead's hook/],
      [{ enabled: false, disabled: ['bulkhead', 'lint'] }, /hooksConfig\.enabled[\s\S]*hooksConfig\.disabled/],
    ] as const) {
      const text = JSON.stringify({ ...installed, hooksConfig }, null, 2);
      const status = inspectConfig('gemini', '.gemini/settings.json', text, options);
      assert.equal(status.state, 'weakened', JSON.stringify(hooksConfig));
      assert.match(status.problems.join('\n'), problem);
      const repaired = installConfig('gemini', '.gemini/settings.json', text, options);
      assert.equal(inspectConfig('gemini', '.gemini/settings.json', repaired.text, options).state, 'ok', JSON.stringify(hooksConfig));
      const kept = JSON.parse(repaired.text).hooksConfig;
      if ('disabled' in hooksConfig) assert.deepEqual(kept.disabled, hooksConfig.disabled.filter((d: string) => d === 'lint'));
      assert.equal(installConfig('gemini', '.gemini/settings.json', repaired.text, options).changed, false);
    }
    // Other hooks disabled, hooks enabled: nothing to say.
    const fine = JSON.stringify({ ...installed, hooksConfig: { enabled: true, disabled: ['lint'] } });
    assert.equal(inspectConfig('gemini', '.gemini/settings.json', fine, options).state, 'ok');
  });

  test('Windsurf: one entry per pre-hook event, pinned to windsurf; a removed event is weakened and repaired', () => {
    const root = workspace();
    installInto(root, 'windsurf');
    const doc = parse(root, 'windsurf');
    assert.deepEqual(Object.keys(doc.hooks), ['pre_run_command', 'pre_read_code', 'pre_write_code', 'pre_mcp_tool_use']);
    assert.deepEqual(doc.hooks.pre_run_command, [{ command: `"${node}" "${cli}" hook --dialect windsurf`, show_output: true }]);
    delete doc.hooks.pre_read_code;
    const weakened = inspectConfig('windsurf', '.windsurf/hooks.json', JSON.stringify(doc, null, 2), options);
    assert.equal(weakened.state, 'weakened');
    assert.deepEqual(weakened.problems, ['no Bulkhead hook for pre_read_code']);
    const repaired = installConfig('windsurf', '.windsurf/hooks.json', JSON.stringify(doc, null, 2), options);
    assert.equal(inspectConfig('windsurf', '.windsurf/hooks.json', repaired.text, options).state, 'ok');
    const removed = removeConfig('windsurf', '.windsurf/hooks.json', readConfigFile(join(root, '.windsurf/hooks.json')), { cli, createdFile: true });
    assert.equal(removed.text, undefined);
  });
});

describe('malformed files', () => {
  for (const agent of ['cursor', 'claude', 'copilot', 'codex', 'gemini', 'windsurf'] as const) {
    test(`${agent}: a clear error with a position, and the file left untouched`, () => {
      const root = workspace();
      const file = agentSpecs[agent].file;
      const broken = '{\n  "hooks": {\n    "PreToolUse": [\n  }\n';
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), broken);
      assert.throws(() => installInto(root, agent), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.line, 4);
        assert.match(error.message, new RegExp(`${file.replace(/\./g, '\\.')} is not valid JSON \\(line 4, column 3`));
        assert.match(error.message, /left it unchanged/);
        return true;
      });
      assert.equal(readFileSync(join(root, file), 'utf8'), broken);
      assert.throws(() => removeConfig(agent, file, broken, { cli, createdFile: false }), ConfigError);
      assert.equal(inspectConfig(agent, file, broken, options).state, 'malformed');
    });
  }

  test('wrong shapes are errors too, not silent rewrites', () => {
    assert.throws(() => installConfig('cursor', 'h.json', '[]', options), /top level must be an object/);
    assert.throws(() => installConfig('cursor', 'h.json', '{"hooks": {"beforeShellExecution": {}}}', options), /is not a list/);
    assert.throws(() => installConfig('claude', 's.json', '{"hooks": []}', options), /hooks is not an object/);
    assert.throws(() => installConfig('claude', 's.json', '{"a": 1,}', options), ConfigError);
  });

  test('CRLF files keep CRLF, and come back byte for byte', () => {
    const original = '{\r\n  "version": 1,\r\n  "hooks": {\r\n    "stop": [{ "command": "./notify.sh" }]\r\n  }\r\n}\r\n';
    const r = installConfig('cursor', 'h.json', original, options);
    assert.ok(!/[^\r]\n/.test(r.text), JSON.stringify(r.text));
    assert.equal(removeConfig('cursor', 'h.json', r.text, { cli, createdFile: false }).text, original);
  });
});

describe('canary probes', () => {
  test('the exact configured command runs through sh with the payload on stdin', async () => {
    const dir = workspace();
    const script = join(dir, 'fake-hook.sh');
    writeFileSync(script, '#!/bin/sh\nread -r line\ncase "$line" in *kubectl*) echo \'{"permission":"deny","user_message":"stopped"}\' ;; *) echo \'{"permission":"allow"}\' ;; esac\n');
    chmodSync(script, 0o755);
    const run = await runConfiguredHook(`"${script}"`, { command: 'kubectl --context prod delete ns x' }, { cwd: dir, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 5000 });
    assert.deepEqual(readReply('cursor', run), { verdict: 'deny', detail: 'answered "deny"' });
  });

  test('exit codes and silence', () => {
    const r = (exitCode: number | null, stdout = '', stderr = '', timedOut = false) => ({ exitCode, stdout, stderr, timedOut });
    assert.equal(readReply('claude', r(2, '', 'Blocked: deletes a namespace')).verdict, 'deny');
    assert.equal(readReply('claude', r(0, JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'ask' } }))).verdict, 'ask');
    assert.deepEqual(readReply('vscode', r(0)), { verdict: 'allow', detail: 'exit 0 with no output' });
    assert.equal(readReply('cursor', r(127, '', 'sh: 1: node: not found')).verdict, 'error');
    assert.equal(readReply('cursor', r(null, '', '', true)).detail, 'timed out');
  });

  test('Codex replies are read as Codex reads them: only exit 2 with a reason, or a deny with one, stops', () => {
    const r = (exitCode: number | null, stdout = '', stderr = '') => ({ exitCode, stdout, stderr, timedOut: false });
    const specific = (decision: string, reason?: string) => JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, ...(reason ? { permissionDecisionReason: reason } : {}) } });
    assert.equal(readReply('codex', r(2, '', 'Blocked: deletes a namespace\n')).verdict, 'deny');
    assert.equal(readReply('codex', r(2)).verdict, 'allow');
    assert.equal(readReply('codex', r(0, specific('deny', 'no'))).verdict, 'deny');
    assert.equal(readReply('codex', r(0, specific('deny'))).verdict, 'allow');
    assert.deepEqual(readReply('codex', r(0, specific('ask', 'confirm'))), { verdict: 'allow', detail: 'answered "ask", which Codex runs without asking anyone' });
    assert.equal(readReply('codex', r(0, JSON.stringify({ decision: 'block', reason: 'no' }))).verdict, 'deny');
    assert.equal(readReply('codex', r(0, JSON.stringify({ decision: 'block', reason: 'no', extra: 1 }))).verdict, 'allow');
    assert.equal(readReply('codex', r(0, '{"decision":')).verdict, 'allow');
    assert.equal(readReply('codex', r(0, 'checked\n')).verdict, 'allow');
    assert.equal(readReply('codex', r(1, '', 'crash')).verdict, 'error');
  });
});
