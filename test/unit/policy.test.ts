import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { packs } from '../../src/core/packs/registry';
import { loadPolicy } from '../../src/core/policy/load';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const load = (text: string) => loadPolicy(text, '/ws/.bulkhead.yaml', '/ws');

function onlyError(text: string) {
  const result = load(text);
  assert.equal(result.policy, undefined, 'a policy with errors must not load');
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.ok(errors.length > 0, 'expected at least one error');
  return errors[0];
}

describe('policy loading', () => {
  it('loads the example of DESIGN.md', () => {
    const { policy, diagnostics } = load(fixture('design-example.yaml'));
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
    assert.ok(policy);
    assert.equal(policy.default, 'staging');
    assert.equal(policy.elevationMinutes, 15);
    assert.deepEqual(policy.environments.map((e) => [e.name, e.protection]), [['local', 'open'], ['staging', 'guarded'], ['production', 'critical']]);
    assert.deepEqual(policy.byName.get('production')?.credentials.map((c) => c.name), ['RAILWAY_TOKEN']);
    assert.equal(policy.rules.length, 2);
    assert.equal(policy.rules[1].target, 'production');
  });

  it('loads the test fixture without warnings', () => {
    const { policy, diagnostics } = load(fixture('policy.yaml'));
    assert.ok(policy);
    assert.deepEqual(diagnostics, []);
  });

  it('points at line and column of a YAML syntax error', () => {
    const error = onlyError('version: 1\nenvironments:\n  staging: { protection: guarded\n');
    assert.equal(error.file, '/ws/.bulkhead.yaml');
    assert.ok(error.line >= 3, `line ${error.line}`);
    assert.ok(error.column >= 1);
  });

  it('names an unknown key and where it is', () => {
    const error = onlyError('version: 1\nenvironments:\n  prod:\n    protektion: critical\n');
    assert.match(error.message, /unknown key "protektion" in environments\.prod/);
    assert.deepEqual([error.line, error.column], [4, 5]);
  });

  it('rejects a protection level that does not exist, with its position', () => {
    const error = onlyError('version: 1\nenvironments:\n  prod:\n    protection: high\n');
    assert.match(error.message, /environments\.prod\.protection must be "open" or "guarded" or "critical", not "high"/);
    assert.deepEqual([error.line, error.column], [4, 17]);
  });

  it('requires version and environments', () => {
    assert.match(onlyError('default: staging\n').message, /missing the required key "version"/);
    assert.match(onlyError('version: 2\nenvironments: {}\n').message, /version must be 1/);
  });

  it('rejects a default that names no environment', () => {
    const error = onlyError('version: 1\ndefault: prod\nenvironments:\n  production: { protection: critical }\n');
    assert.match(error.message, /default "prod" is not one of the environments \(production\)/);
    assert.equal(error.line, 2);
  });

  it('accepts read-only as the default', () => {
    assert.ok(load('version: 1\ndefault: read-only\nenvironments:\n  production: { protection: critical }\n').policy);
  });

  it('rejects a rule whose target names no environment', () => {
    const error = onlyError('version: 1\nenvironments:\n  production: {}\nrules:\n  - { match: "x*", effect: write, target: prod }\n');
    assert.match(error.message, /rule target "prod"/);
    assert.equal(error.line, 5);
  });

  it('rejects a list where text is expected, and text where a list is expected', () => {
    assert.match(onlyError('version: 1\nenvironments:\n  p:\n    secrets: .env.production\n').message, /secrets must be a list/);
    assert.match(onlyError('version: 1\nenvironments:\n  p:\n    targets:\n      host: [[a]]\n').message, /must be a string|must be text/);
  });

  it('warns about a target kind no pack produces, and still loads', () => {
    const result = load('version: 1\nenvironments:\n  p:\n    targets:\n      kube_context: [prod]\n');
    assert.ok(result.policy);
    assert.equal(result.diagnostics.length, 1);
    assert.equal(result.diagnostics[0].severity, 'warning');
    assert.match(result.diagnostics[0].message, /"kube_context" is not a target kind/);
  });

  it('accepts every target kind a pack declares, and warns about kinds that nothing names', () => {
    const declared = [...new Set(packs.flatMap((p) => p.targetKinds))];
    assert.ok(declared.includes('repository') && declared.includes('kube-context'));
    const targets = declared.map((kind) => `      ${kind}: [prod]`).join('\n');
    const accepted = load(`version: 1\nenvironments:\n  p:\n    targets:\n${targets}\n`);
    assert.ok(accepted.policy);
    assert.deepEqual(accepted.diagnostics, []);
    const unnamed = load('version: 1\nenvironments:\n  p:\n    targets:\n      vercel-scope: [acme]\n');
    assert.ok(unnamed.policy);
    assert.match(unnamed.diagnostics[0]?.message ?? '', /"vercel-scope" is not a target kind/);
  });

  it('rejects duplicate keys', () => {
    assert.match(onlyError('version: 1\nenvironments:\n  p: {}\n  p: {}\n').message, /[Uu]nique|duplicate/);
  });

  it('never throws on empty, binary or huge input', () => {
    for (const text of ['', '\0\x01\x02\xff\xfe', '{'.repeat(10_000), `x: ${'a'.repeat(1_000_000)}`, '- - - -', 'version: 1\nenvironments: ~\n']) {
      const result = load(text);
      assert.equal(result.policy, undefined);
      assert.ok(result.diagnostics.length > 0);
      for (const d of result.diagnostics) assert.ok(d.line >= 1 && d.column >= 1, JSON.stringify(d));
    }
  });
});
