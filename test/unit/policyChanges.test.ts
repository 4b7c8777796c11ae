import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loosens, type PolicyChange, policyChanges } from '../../src/core/policy/changes';
import { builtinPolicy, loadPolicy, type Policy } from '../../src/core/policy/load';

const base = `version: 1
default: staging
elevation: { minutes: 15 }
environments:
  local:
    protection: open
    targets: { kube-context: [kind-*] }
  staging:
    protection: guarded
    targets: { kube-context: [staging], host: ["*.staging.acme.internal"] }
    secrets: [.env.staging]
    credentials: [STAGING_TOKEN]
  production:
    protection: critical
    targets: { kube-context: [prod-eu-1], host: ["*.prod.acme.internal"] }
    secrets: [.env.production]
    credentials: [RAILWAY_TOKEN]
rules:
  - { match: "make nuke*", effect: destroy }
  - { match: "./scripts/check.sh*", effect: read }
`;

function policy(text: string): Policy {
  const result = loadPolicy(text, '/w/.bulkhead.yaml', '/w');
  assert.ok(result.policy, JSON.stringify(result.diagnostics));
  return result.policy;
}

function diff(edit: (text: string) => string): PolicyChange[] {
  const after = edit(base);
  assert.notEqual(after, base, 'the edit must change the text');
  return policyChanges(policy(base), policy(after));
}

const only = (changes: readonly PolicyChange[]) => changes.map((c) => `${c.direction}: ${c.text}`);

test('the same policy has no changes', () => {
  assert.deepEqual(policyChanges(policy(base), policy(base)), []);
});

test('each way of loosening is a loosening change that says what it was', () => {
  const cases: [string, (t: string) => string, RegExp][] = [
    ['environment removed', (t) => t.replace(/  production:[^]*?RAILWAY_TOKEN\]\n/, ''), /environment production \(critical\) removed/],
    ['target removed', (t) => t.replace('host: ["*.prod.acme.internal"]', 'host: []'), /production: host target "\*\.prod\.acme\.internal" removed/],
    ['secret removed', (t) => t.replace('secrets: [.env.production]', 'secrets: []'), /production: secret file "\.env\.production" removed/],
    ['credential removed', (t) => t.replace('credentials: [RAILWAY_TOKEN]', 'credentials: []'), /production: credential RAILWAY_TOKEN removed/],
    ['protection lowered', (t) => t.replace('protection: critical', 'protection: guarded'), /production: protection lowered from critical to guarded/],
    ['default more open', (t) => t.replace('default: staging', 'default: local'), /default environment changed from staging to local/],
    ['default removed', (t) => t.replace('default: staging\n', ''), /default environment changed from staging to none/],
    ['rule lowers an effect', (t) => t.replace('{ match: "make nuke*", effect: destroy }', '{ match: "make nuke*", effect: write }'), /rule "make nuke\*" effect changed from destroy to write/],
    ['rule added that may lower an effect', (t) => t.replace('rules:\n', 'rules:\n  - { match: "terraform destroy*", effect: read }\n'), /rule "terraform destroy\*" \(read\) added/],
    ['rule that raised an effect removed', (t) => t.replace('  - { match: "make nuke*", effect: destroy }\n', ''), /rule "make nuke\*" \(destroy\) removed/],
    ['elevation raised', (t) => t.replace('minutes: 15', 'minutes: 240'), /elevation raised from 15 to 240 minutes/],
    ['open environment added', (t) => t.replace('environments:\n', 'environments:\n  sandbox:\n    protection: open\n    targets: { host: ["*.acme.com"] }\n'), /environment sandbox \(open\) added/],
    ['open environment gains a target', (t) => t.replace('kube-context: [kind-*]', 'kube-context: [kind-*, prod-eu-1]'), /local: kube-context target "prod-eu-1" added/],
  ];
  for (const [name, edit, text] of cases) {
    const changes = diff(edit);
    assert.ok(loosens(changes), `${name}: ${JSON.stringify(only(changes))}`);
    const change = changes.find((c) => text.test(c.text));
    assert.ok(change, `${name}: ${JSON.stringify(only(changes))}`);
    assert.equal(change.direction, 'loosen', name);
  }
});

test('changes that only tighten apply without asking', () => {
  const cases: [string, (t: string) => string][] = [
    ['target added', (t) => t.replace('host: ["*.prod.acme.internal"]', 'host: ["*.prod.acme.internal", "acme.com"]')],
    ['secret added', (t) => t.replace('secrets: [.env.production]', 'secrets: [.env.production, config/prod.env]')],
    ['credential added', (t) => t.replace('credentials: [RAILWAY_TOKEN]', 'credentials: [RAILWAY_TOKEN, PROD_DATABASE_URL]')],
    ['protection raised', (t) => t.replace('protection: guarded', 'protection: critical')],
    ['default read-only', (t) => t.replace('default: staging', 'default: read-only')],
    ['default more protected', (t) => t.replace('default: staging', 'default: production')],
    ['elevation shortened', (t) => t.replace('minutes: 15', 'minutes: 5')],
    ['destroy rule added', (t) => t.replace('rules:\n', 'rules:\n  - { match: "make reset-db*", effect: destroy }\n')],
    ['rule raises an effect', (t) => t.replace('{ match: "make nuke*", effect: destroy }', '{ match: "make nuke*", effect: unknown }')],
    ['read rule removed', (t) => t.replace('  - { match: "./scripts/check.sh*", effect: read }\n', '')],
    ['guarded environment added', (t) => t.replace('environments:\n', 'environments:\n  qa:\n    protection: guarded\n    targets: { host: ["*.qa.acme.internal"] }\n')],
    ['open environment loses a target', (t) => t.replace('kube-context: [kind-*]', 'kube-context: []')],
  ];
  for (const [name, edit] of cases) {
    const changes = diff(edit);
    assert.ok(changes.length > 0, `${name}: no change found`);
    assert.equal(loosens(changes), false, `${name}: ${JSON.stringify(only(changes))}`);
  }
});

test('one loosening among tightenings is still a loosening, and every change is listed', () => {
  const changes = diff((t) => t.replace('protection: critical', 'protection: guarded').replace('secrets: [.env.staging]', 'secrets: [.env.staging, .env.qa]'));
  assert.deepEqual(only(changes).sort(), ['loosen: production: protection lowered from critical to guarded', 'tighten: staging: secret file ".env.qa" added']);
  assert.equal(loosens(changes), true);
});

test('against the built-in defaults, a policy with only protected environments and no default tightens; an open one or a default loosens', () => {
  const builtin = builtinPolicy('/w');
  const strict = policy('version: 1\nenvironments:\n  production:\n    protection: critical\n    targets: { host: ["*.prod.acme.internal"] }\n    secrets: [.env.production]\n');
  assert.equal(loosens(policyChanges(builtin, strict)), false);
  assert.equal(loosens(policyChanges(builtin, policy(base))), true);
  assert.equal(loosens(policyChanges(builtin, policy('version: 1\nenvironments:\n  anything:\n    protection: open\n    targets: { host: ["*"] }\n'))), true);
});
