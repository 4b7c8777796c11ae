import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRemaining, renderStatus, type StatusState } from '../../src/core/statusRender';

const base: StatusState = {
  active: 'staging', protection: 'guarded', isDefault: true, now: 1_000_000, bypasses: 0,
  layers: [{ name: 'Terminal guard', on: true, detail: 'PATH shims' }, { name: 'Agent hooks', on: false, detail: 'not installed' }],
  policyFile: '/w/.bulkhead.yaml',
};

test('guarded: shield, warning background, default noted', () => {
  const v = renderStatus(base);
  assert.equal(v.text, '$(shield) staging');
  assert.equal(v.background, 'warning');
  assert.match(v.tooltip, /active environment: \*\*staging\*\* \(default\)/);
  assert.match(v.tooltip, /Protection: guarded/);
  assert.match(v.tooltip, /\$\(pass\) Terminal guard: PATH shims/);
  assert.match(v.tooltip, /\$\(circle-slash\) Agent hooks: not installed/);
  assert.equal(v.accessibilityLabel, 'Bulkhead active environment staging, guarded');
});

test('open: no background', () => {
  assert.equal(renderStatus({ ...base, active: 'local', protection: 'open' }).background, undefined);
});

test('critical elevation: error background and a countdown in text and tooltip', () => {
  const v = renderStatus({ ...base, active: 'production', protection: 'critical', isDefault: false, elevatedUntil: base.now + 14 * 60_000 + 59_500 });
  assert.equal(v.text, '$(shield) production $(watch) 15:00');
  assert.equal(v.background, 'error');
  assert.match(v.tooltip, /Elevation: 15:00 left/);
  assert.equal(renderStatus({ ...base, protection: 'critical', elevatedUntil: base.now - 5 }).text, '$(shield) staging $(watch) 0:00');
});

test('read-only: a lock', () => {
  const v = renderStatus({ ...base, active: 'read-only', protection: undefined, isDefault: false });
  assert.equal(v.text, '$(lock) Read-only');
  assert.match(v.tooltip, /read-only \(diagnose\)/);
});

test('bypasses and policy problems are visible in the text', () => {
  const v = renderStatus({ ...base, bypasses: 2, policyProblem: '.bulkhead.yaml has errors (line 3: bad)' });
  assert.equal(v.text, '$(shield) staging $(alert) 2 $(warning)');
  assert.equal(v.background, 'error');
  assert.match(v.tooltip, /2 mutations ran without passing a guard/);
});

test('the last stopped command is shown as code and cannot inject markdown', () => {
  const v = renderStatus({ ...base, lastStopped: { command: 'kubectl delete ns `x` [a](command:evil)', decision: 'block', at: base.now - 90_000 } });
  assert.match(v.tooltip, /Last stopped \(block, 2 min ago\): `kubectl delete ns 'x' \[a\]\(command:evil\)`/);
  const named = renderStatus({ ...base, active: '[x](command:evil)' });
  assert.ok(!named.tooltip.includes('](command:'), named.tooltip);
});

test('formatRemaining', () => {
  assert.equal(formatRemaining(0), '0:00');
  assert.equal(formatRemaining(61_000), '1:01');
  assert.equal(formatRemaining(3_723_000), '1:02:03');
  assert.equal(formatRemaining(-1), '0:00');
});

test('no policy file: says so instead of naming an environment', () => {
  const v = renderStatus({ ...base, active: 'none', protection: undefined, policyFile: undefined, isDefault: true });
  assert.equal(v.text, '$(shield) no policy');
  assert.equal(v.background, undefined);
  assert.match(v.tooltip, /No `.bulkhead.yaml` in this workspace/);
});

test('a click creates the policy while there is none, and picks the environment once there is one', () => {
  const none = renderStatus({ ...base, active: 'none', protection: undefined, policyFile: undefined });
  assert.equal(none.command, 'bulkhead.initializePolicy');
  assert.match(none.tooltip, /Click to create a policy/);
  assert.equal(renderStatus(base).command, 'bulkhead.selectEnvironment');
  assert.equal(renderStatus({ ...base, active: 'read-only', protection: undefined, policyFile: undefined }).command, 'bulkhead.selectEnvironment');
});
