import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, type Relation } from '../../src/core/decide';
import type { Decision, Effect, Protection, Scope } from '../../src/core/model';

const same: Relation = { kind: 'same' };
const other = (protection: Protection): Relation => ({ kind: 'other', protection });
const unknown: Relation = { kind: 'unknown' };
const none: Relation = { kind: 'none' };

function cell(effect: Effect, relation: Relation, active: Protection | undefined, scope: Scope = relation.kind === 'none' ? 'local' : 'infra'): Decision {
  return decide({ effect, scope, relation, active, readOnly: active === undefined });
}

// Each row is one cell of the decision table in DESIGN.md, for each protection of the active environment.
describe('decision table', () => {
  it('read: always allow, wherever it lands', () => {
    for (const active of ['open', 'guarded', 'critical'] as const) {
      const everywhere: Relation[] = [same, other('critical'), unknown, none];
      for (const where of everywhere) assert.equal(cell('read', where, active), 'allow');
    }
  });
  it('secret read: own allow, another environment block, unknown confirm', () => {
    assert.equal(cell('read', same, 'guarded', 'secret'), 'allow');
    assert.equal(cell('read', other('critical'), 'guarded', 'secret'), 'block');
    assert.equal(cell('read', other('open'), 'critical', 'secret'), 'block');
    assert.equal(cell('read', unknown, 'guarded', 'secret'), 'confirm');
  });
  it('write to the active environment: open/guarded allow, critical confirm', () => {
    assert.equal(cell('write', same, 'open'), 'allow');
    assert.equal(cell('write', same, 'guarded'), 'allow');
    assert.equal(cell('write', same, 'critical'), 'confirm');
  });
  it('write to another environment: block, unless that one is open', () => {
    assert.equal(cell('write', other('critical'), 'guarded'), 'block');
    assert.equal(cell('write', other('guarded'), 'critical'), 'block');
    assert.equal(cell('write', other('open'), 'guarded'), 'allow');
  });
  it('write to an unknown environment: open allow, else confirm', () => {
    assert.equal(cell('write', unknown, 'open'), 'allow');
    assert.equal(cell('write', unknown, 'guarded'), 'confirm');
    assert.equal(cell('write', unknown, 'critical'), 'confirm');
  });
  it('local write: allow', () => {
    for (const active of ['open', 'guarded', 'critical'] as const) assert.equal(cell('write', none, active), 'allow');
  });
  it('destroy in the active environment: open/guarded confirm, critical block', () => {
    assert.equal(cell('destroy', same, 'open'), 'confirm');
    assert.equal(cell('destroy', same, 'guarded'), 'confirm');
    assert.equal(cell('destroy', same, 'critical'), 'block');
  });
  it('destroy in another environment: block, confirm when that one is open', () => {
    assert.equal(cell('destroy', other('critical'), 'guarded'), 'block');
    assert.equal(cell('destroy', other('guarded'), 'open'), 'block');
    assert.equal(cell('destroy', other('open'), 'critical'), 'confirm');
  });
  it('destroy of an unknown environment: confirm, block when the active one is critical', () => {
    assert.equal(cell('destroy', unknown, 'open'), 'confirm');
    assert.equal(cell('destroy', unknown, 'guarded'), 'confirm');
    assert.equal(cell('destroy', unknown, 'critical'), 'block');
  });
  it('local destroy: confirm', () => {
    for (const active of ['open', 'guarded', 'critical'] as const) assert.equal(cell('destroy', none, active), 'confirm');
  });
  it('unknown effect: confirm everywhere', () => {
    for (const active of ['open', 'guarded', 'critical'] as const) {
      const everywhere: Relation[] = [same, other('open'), unknown, none];
      for (const where of everywhere) assert.equal(cell('unknown', where, active), 'confirm');
    }
  });
  it('read-only mode: infra writes, destroys and anything opaque block; local work keeps the none column', () => {
    for (const relation of [other('open'), other('critical'), unknown]) {
      assert.equal(cell('write', relation, undefined), 'block');
      assert.equal(cell('destroy', relation, undefined), 'block');
    }
    assert.equal(cell('unknown', none, undefined), 'block');
    assert.equal(cell('read', other('critical'), undefined), 'allow');
    assert.equal(cell('write', none, undefined), 'allow');
    assert.equal(cell('destroy', none, undefined), 'confirm');
  });
});
