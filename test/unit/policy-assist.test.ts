import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { environmentNames, policyCompletions, policyHover } from '../../src/core/policy/assist';

/** `|` marks the cursor. */
function complete(doc: string): string[] {
  const lines = doc.split('\n');
  const line = lines.findIndex((l) => l.includes('|'));
  return policyCompletions(doc.replace('|', ''), line, lines[line].indexOf('|')).map((i) => i.label);
}
function hover(doc: string): string | undefined {
  const lines = doc.split('\n');
  const line = lines.findIndex((l) => l.includes('|'));
  return policyHover(doc.replace('|', ''), line, lines[line].indexOf('|'));
}

const policy = `version: 1
default: staging
environments:
  staging:
    protection: guarded
    targets:
      kube-context: [staging]
  production:
    protection: critical
`;

describe('.bulkhead.yaml completion and hover from the schema', () => {
  test('top-level keys, minus the ones present', () => {
    assert.deepEqual(complete('version: 1\n|').sort(), ['default', 'elevation', 'environments', 'rules']);
  });

  test('environment keys, protection levels, target kinds', () => {
    assert.deepEqual(complete(`${policy}    |`).sort(), ['credentials', 'secrets', 'targets']);
    assert.deepEqual(complete('version: 1\nenvironments:\n  staging:\n    protection: |'), ['open', 'guarded', 'critical']);
    const kinds = complete(`${policy.replace('      kube-context: [staging]\n', '      kube-context: [staging]\n      |\n')}`);
    assert.ok(kinds.includes('aws-profile') && kinds.includes('host') && kinds.includes('railway-environment'), kinds.join(' '));
    assert.ok(!kinds.includes('kube-context'), 'a kind already present is offered again');
  });

  test('environment names for default and for a rule target; effects for a rule', () => {
    assert.deepEqual(complete(policy.replace('default: staging', 'default: |')), ['staging', 'production', 'read-only']);
    const rules = `${policy}rules:\n  - match: "make nuke*"\n    effect: |\n`;
    assert.deepEqual(complete(rules), ['read', 'write', 'destroy', 'unknown']);
    assert.deepEqual(complete(`${policy}rules:\n  - match: "x"\n    target: |\n`), ['staging', 'production']);
    assert.deepEqual(complete(`${policy}rules:\n  - |`).sort(), ['effect', 'match', 'reason', 'scope', 'target']);
    assert.deepEqual(environmentNames(policy), ['staging', 'production']);
  });

  test('hover explains keys, protection levels and target kinds', () => {
    assert.match(hover(policy.replace('    protection: guarded', '    prot|ection: guarded')) ?? '', /critical.*even its own mutations ask/);
    assert.match(hover(policy.replace('    protection: guarded', '    protection: guar|ded')) ?? '', /\*\*guarded\*\* \(open · guarded · critical\)/);
    assert.match(hover(policy.replace('      kube-context: [staging]', '      kube-con|text: [staging]')) ?? '', /Target kind \*\*kube-context\*\*/);
    assert.match(hover(policy.replace('      kube-context: [staging]', '      kube-contxt|: [staging]')) ?? '', /not a target kind/);
    assert.equal(hover('# just a com|ment'), undefined);
  });
});
