import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { acceptedPolicyFile, policyInForce, writeAcceptedPolicy } from '../../src/node/policyFile';

const original = readFileSync('test/fixtures/policy.yaml', 'utf8');

function workspace(): { home: string; dir: string; file: string } {
  const home = mkdtempSync(join(tmpdir(), 'bulkhead-accepted-'));
  const dir = join(home, 'acme');
  mkdirSync(dir);
  const file = join(dir, '.bulkhead.yaml');
  writeFileSync(file, original);
  return { home, dir, file };
}

const protectionOf = (file: string, home: string, name: string) => policyInForce(file, home).policy?.byName.get(name)?.protection;

test('with no accepted policy the file is in force; a loosening edit leaves the accepted one in force, a tightening one applies', () => {
  const { home, file } = workspace();
  assert.equal(protectionOf(file, home, 'production'), 'critical');
  writeAcceptedPolicy(file, original, home);
  writeFileSync(file, original.replace('protection: critical', 'protection: open'));
  const loosened = policyInForce(file, home);
  assert.equal(loosened.policy?.byName.get('production')?.protection, 'critical');
  assert.match(loosened.pending?.changes.map((c) => c.text).join('\n') ?? '', /production: protection lowered from critical to open/);
  writeFileSync(file, original.replace('elevation: { minutes: 15 }', 'elevation: { minutes: 5 }'));
  const tightened = policyInForce(file, home);
  assert.equal(tightened.pending, undefined);
  assert.equal(tightened.policy?.elevationMinutes, 5);
});

test('a file that does not load falls back to the accepted policy, with its diagnostics', () => {
  const { home, file } = workspace();
  writeAcceptedPolicy(file, original, home);
  writeFileSync(file, 'environments: [');
  const result = policyInForce(file, home);
  assert.equal(result.policy?.byName.get('production')?.protection, 'critical');
  assert.ok(result.diagnostics.some((d) => d.severity === 'error'));
});

test('the record is kept per policy file under ~/.bulkhead, which the guard protects', () => {
  const { home, file } = workspace();
  assert.ok(acceptedPolicyFile(file, home).startsWith(join(home, '.bulkhead', 'accepted')));
  assert.notEqual(acceptedPolicyFile(file, home), acceptedPolicyFile(join(home, 'other', '.bulkhead.yaml'), home));
});

test('the hook and the CLI apply the accepted policy, not a loosened file', () => {
  const { home, dir, file } = workspace();
  writeAcceptedPolicy(file, original, home);
  writeFileSync(file, original.replace('protection: critical', 'protection: open'));
  const env = { PATH: process.env.PATH ?? '', HOME: home };
  const cli = resolve('dist/cli.js');
  const line = 'kubectl --context prod-eu-1 delete namespace shop';
  assert.equal(spawnSync(process.execPath, [cli, 'check', '--cwd', dir, '--', line], { env, encoding: 'utf8' }).status, 2, 'the CLI applied the loosened file');
  const payload = { session_id: 's', hook_event_name: 'PreToolUse', cwd: dir, permission_mode: 'default', tool_name: 'Bash', tool_input: { command: line } };
  const hook = spawnSync(process.execPath, [cli, 'hook', '--dialect', 'claude'], { cwd: dir, env, input: JSON.stringify(payload), encoding: 'utf8' });
  assert.match(hook.stdout, /"permissionDecision":"deny"/);
  assert.match(hook.stdout, /production/);
  writeAcceptedPolicy(file, readFileSync(file, 'utf8'), home);
  assert.equal(spawnSync(process.execPath, [cli, 'check', '--cwd', dir, '--', line], { env, encoding: 'utf8' }).status, 1, 'once accepted, the open production asks');
});
