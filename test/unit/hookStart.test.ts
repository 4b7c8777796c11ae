import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

// What `bulkhead hook` loads before it answers: every agent tool call starts it anew.
const cli = resolve('dist/cli.js');

function setUp() {
  const home = mkdtempSync(join(tmpdir(), 'bulkhead-hook-start-'));
  copyFileSync('test/fixtures/policy.yaml', join(home, '.bulkhead.yaml'));
  const loaded = join(home, 'loaded-modules');
  const preload = join(home, 'record-modules.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.join('\\n')));\n`);
  const hook = (command: string) => {
    const r = spawnSync(process.execPath, ['-r', preload, cli, 'hook', '--dialect', 'claude'], {
      cwd: home, env: { PATH: process.env.PATH ?? '', HOME: home }, encoding: 'utf8',
      input: JSON.stringify({ session_id: 's', hook_event_name: 'PreToolUse', cwd: home, permission_mode: 'default', tool_name: 'Bash', tool_input: { command } }),
    });
    return { code: r.status, stdout: r.stdout, modules: readFileSync(loaded, 'utf8').split('\n') };
  };
  const codeCache = () => {
    const dir = join(home, '.bulkhead', 'code-cache');
    return readdirSync(dir).map((name) => `${name}@${statSync(join(dir, name)).ino}`);
  };
  return { hook, codeCache };
}

const plain = 'kubectl get pods';
const blocked = 'kubectl --context prod-eu-1 delete ns api';
// A loop and a pipe: read with the bash grammar.
const needsGrammar = 'for c in a b; do kubectl get pods | grep "$c"; done';
const blockedWithGrammar = 'for c in a b; do kubectl --context prod-eu-1 delete ns "$c"; done';

describe('bulkhead hook: what a call loads', () => {
  it('an allowed plain line and a blocked one load neither node:crypto nor node:v8 (nor the streams it brings)', () => {
    const { hook } = setUp();
    // The first call makes the per-user keys, which takes random bytes.
    assert.equal(hook(plain).code, 0);
    for (const [line, code] of [[plain, 0], [blocked, 2]] as const) {
      const r = hook(line);
      assert.equal(r.code, code, r.stdout);
      const unneeded = r.modules.filter((m) => /^NativeModule (crypto|v8|stream|net|child_process)$/.test(m));
      assert.deepEqual(unneeded, [], line);
    }
  });

  it('a line that needs the grammar first writes a code cache the next calls use, and is still decided', () => {
    const { hook, codeCache } = setUp();
    assert.equal(hook(needsGrammar).code, 0);
    const first = codeCache();
    assert.equal(first.length, 1);
    // V8 rejects cached code made under other flags; a rejected cache would be written again.
    for (const [line, code] of [[plain, 0], [needsGrammar, 0], [blockedWithGrammar, 2], [blocked, 2]] as const) {
      const r = hook(line);
      assert.equal(r.code, code, `${line}: ${r.stdout}`);
      assert.deepEqual(codeCache(), first, `${line} rewrote the code cache`);
    }
  });
});
