import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { layerResult } from '../../src/cli/doctor';
import { agentModules } from '../../src/node/hooks/agents/registry';

// `bulkhead doctor` runs each configured hook command exactly as written, so the workspace below
// configures the real built CLI for some agents and a guard that does nothing for another.
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
let workspace = '';

function doctor(args: string[] = []) {
  const r = spawnSync(process.execPath, [cli, 'doctor', '--cwd', workspace, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: workspace } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bulkhead doctor', () => {
  before(() => {
    assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
    workspace = mkdtempSync(join(tmpdir(), 'bulkhead-doctor-'));
    copyFileSync(join(__dirname, '..', 'fixtures', 'policy.yaml'), join(workspace, '.bulkhead.yaml'));
    const hookCommand = `"${process.execPath}" "${cli}" hook`;
    mkdirSync(join(workspace, '.claude'));
    writeFileSync(join(workspace, '.claude', 'settings.json'), JSON.stringify({
      hooks: { PreToolUse: [{ matcher: 'Bash|Read|Grep|Glob|Edit|MultiEdit|Write|NotebookEdit', hooks: [{ type: 'command', command: hookCommand, timeout: 120, onFailure: 'block' }] }] },
    }));
    mkdirSync(join(workspace, '.cursor'));
    writeFileSync(join(workspace, '.cursor', 'hooks.json'), JSON.stringify({
      version: 1, hooks: { beforeShellExecution: [{ command: hookCommand, timeout: 120, failClosed: true }], beforeReadFile: [{ command: hookCommand, failClosed: true }] },
    }));
    mkdirSync(join(workspace, '.github', 'hooks'), { recursive: true });
    // Installed but not enforcing: answers nothing and exits 0.
    writeFileSync(join(workspace, '.github', 'hooks', 'noop.json'), JSON.stringify({ version: 1, hooks: { preToolUse: [{ type: 'command', bash: 'cat > /dev/null', timeoutSec: 5 }] } }));
  });

  it('reports which layers really stop a production canary, and fails when one agent has none', () => {
    const r = doctor(['--json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.canary, 'kubectl --context prod-eu-1 delete namespace bulkhead-canary');
    const byAgent = Object.fromEntries(out.layers.map((l: { agent: string; result: string }) => [l.agent, l.result]));
    assert.equal(byAgent['Claude Code'], 'stops');
    assert.equal(byAgent.Cursor, 'stops');
    assert.equal(byAgent['Copilot (VS Code) via Claude settings'], 'stops');
    assert.equal(byAgent['Copilot CLI'], 'lets-through');
    assert.deepEqual(out.unguarded, ['Copilot CLI']);
  });

  it('passes when every agent present has a layer that stops the canary', () => {
    writeFileSync(join(workspace, '.github', 'hooks', 'noop.json'), JSON.stringify({ version: 1, hooks: { preToolUse: [{ type: 'command', bash: `"${process.execPath}" "${cli}" hook`, timeoutSec: 120 }] } }));
    const r = doctor();
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^Canary \(never executed\): kubectl --context prod-eu-1 delete namespace bulkhead-canary/);
    assert.doesNotMatch(r.stdout, /LETS THROUGH/);
  });

  it('an explicit canary is used as given', () => {
    const out = JSON.parse(doctor(['--json', '--canary', 'cat .env.production']).stdout);
    assert.equal(out.canary, 'cat .env.production');
    assert.ok(out.layers.every((l: { result: string }) => l.result === 'stops'));
  });

  it('a Codex hook that answers a confirmation with "ask" lets it through (Codex runs it); pinned to codex it stops', () => {
    mkdirSync(join(workspace, '.codex'), { recursive: true });
    const codexHooks = (dialect: string) => JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash|apply_patch|mcp__.*', hooks: [{ type: 'command', command: `"${process.execPath}" "${cli}" hook --dialect ${dialect}`, timeout: 90 }] }] } });
    writeFileSync(join(workspace, '.codex', 'hooks.json'), codexHooks('claude'));
    const before = JSON.parse(doctor(['--json']).stdout);
    assert.equal(typeof before.confirmCanary, 'string');
    const codex = before.layers.find((l: { agent: string }) => l.agent === 'Codex');
    assert.equal(codex.result, 'lets-through');
    assert.match(codex.detail, /the confirm canary \(.*bulkhead-self-test\): answered "ask", which Codex runs without asking anyone/);
    assert.deepEqual(before.unguarded, ['Codex']);
    writeFileSync(join(workspace, '.codex', 'hooks.json'), codexHooks('codex'));
    const after = JSON.parse(doctor(['--json']).stdout);
    assert.equal(after.layers.find((l: { agent: string }) => l.agent === 'Codex').result, 'stops');
    assert.deepEqual(after.unguarded, []);
  });

  it('a Cursor project hook is run from the project root, as Cursor runs it, so a path relative to the root resolves', () => {
    const root = mkdtempSync(join(tmpdir(), 'bulkhead-doctor-cursor-'));
    copyFileSync(join(__dirname, '..', 'fixtures', 'policy.yaml'), join(root, '.bulkhead.yaml'));
    mkdirSync(join(root, '.cursor', 'hooks'), { recursive: true });
    // The team's own guard, not fail-closed: found, it refuses with exit 2; not found, Cursor would run the command.
    writeFileSync(join(root, '.cursor', 'hooks', 'guard.sh'), '#!/bin/sh\ncat > /dev/null\necho refused >&2\nexit 2\n', { mode: 0o755 });
    writeFileSync(join(root, '.cursor', 'hooks.json'), JSON.stringify({ version: 1, hooks: { beforeShellExecution: [{ command: '.cursor/hooks/guard.sh', timeout: 120 }] } }));
    const r = spawnSync(process.execPath, [cli, 'doctor', '--cwd', root, '--json'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: root } });
    const layer = JSON.parse(r.stdout).layers.find((l: { agent: string }) => l.agent === 'Cursor');
    assert.equal(layer.result, 'stops', layer.detail);
  });

  it('Gemini CLI, Windsurf, Cline and Kiro hooks are probed in their own payloads and read as each reads its answer', () => {
    const hookCommand = (dialect: string) => `"${process.execPath}" "${cli}" hook --dialect ${dialect}`;
    mkdirSync(join(workspace, '.gemini'), { recursive: true });
    writeFileSync(join(workspace, '.gemini', 'settings.json'), JSON.stringify({ hooks: { BeforeTool: [{ matcher: '.*', hooks: [{ type: 'command', command: hookCommand('gemini'), timeout: 90_000 }] }] } }));
    mkdirSync(join(workspace, '.windsurf'), { recursive: true });
    writeFileSync(join(workspace, '.windsurf', 'hooks.json'), JSON.stringify({ hooks: { pre_run_command: [{ command: hookCommand('windsurf') }] } }));
    mkdirSync(join(workspace, '.kiro', 'agents'), { recursive: true });
    writeFileSync(join(workspace, '.kiro', 'agents', 'default.json'), JSON.stringify({ name: 'default', hooks: { preToolUse: [{ matcher: 'execute_bash', command: hookCommand('kiro') }] } }));
    mkdirSync(join(workspace, '.clinerules', 'hooks'), { recursive: true });
    // Exits 2 without the JSON Cline needs: Cline runs the tool.
    writeFileSync(join(workspace, '.clinerules', 'hooks', 'PreToolUse'), `#!/bin/sh\ncat > /dev/null\necho blocked >&2\nexit 2\n`, { mode: 0o755 });
    const out = JSON.parse(doctor(['--json']).stdout);
    const byAgent = Object.fromEntries(out.layers.map((l: { agent: string; result: string }) => [l.agent, l.result]));
    assert.equal(byAgent['Gemini CLI'], 'stops');
    assert.equal(byAgent.Windsurf, 'stops');
    assert.equal(byAgent.Kiro, 'stops');
    assert.equal(byAgent.Cline, 'lets-through');
    writeFileSync(join(workspace, '.clinerules', 'hooks', 'PreToolUse'), `#!/bin/sh\nexec ${hookCommand('cline')}\n`, { mode: 0o755 });
    const fixed = JSON.parse(doctor(['--json']).stdout);
    assert.equal(fixed.layers.find((l: { agent: string }) => l.agent === 'Cline').result, 'stops');
  });

  it('a hook that fails stops the call only where its agent, as its module says, blocks that failure', () => {
    const timedOut = { verdict: 'error' as const, detail: 'timed out' };
    const crashed = { verdict: 'error' as const, detail: 'exit 1' };
    assert.equal(layerResult(timedOut, true, agentModules.cursor.failure).result, 'stops');
    assert.equal(layerResult(timedOut, true, agentModules.claude.failure).result, 'stops');
    for (const agent of ['codex', 'gemini', 'windsurf', 'kiro', 'copilot'] as const) {
      assert.equal(layerResult(timedOut, true, agentModules[agent].failure).result, 'lets-through', agent);
      assert.equal(layerResult(crashed, false, agentModules[agent].failure).result, 'lets-through', agent);
    }
    // The Copilot CLI blocks a crashed hook but not a timed-out one.
    assert.equal(layerResult(crashed, false, { closedOnCrash: true, closedOnTimeout: false }).result, 'stops');
    assert.equal(layerResult(timedOut, true, { closedOnCrash: true, closedOnTimeout: false }).result, 'lets-through');
  });
});
