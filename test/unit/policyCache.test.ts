import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadPolicy, type Policy } from '../../src/core/policy/load';
import { cachedPolicyLoader, policyCacheDir } from '../../src/node/policyCache';
import { policyInForce, writeAcceptedPolicy } from '../../src/node/policyFile';

const original = readFileSync('test/fixtures/policy.yaml', 'utf8');

function workspace(text = original): { home: string; dir: string; file: string; cache: string } {
  const home = mkdtempSync(join(tmpdir(), 'bulkhead-policy-cache-'));
  const dir = join(home, 'acme');
  mkdirSync(dir);
  const file = join(dir, '.bulkhead.yaml');
  writeFileSync(file, text);
  return { home, dir, file, cache: policyCacheDir(home) };
}

/** What a policy decides, in a form two loads can be compared by: every matcher tried on values it should and should not match. */
function behaviour(policy: Policy | undefined): unknown {
  assert.ok(policy, 'no policy');
  const probes = ['prod-eu-1', 'PROD-EU-1', 'x-prod', 'staging', 'kind-dev', 'acme-prod-db', 'infra/envs/prod/main.tf', '.env.production', 'make nuke-all', 'other'];
  return {
    file: policy.file, root: policy.root, default: policy.default, elevation: policy.elevationMinutes,
    environments: policy.environments.map((e) => ({
      name: e.name, protection: e.protection, credentials: e.credentials.map((c) => [c.name, c.reference.source]),
      targets: [...e.targets].map(([kind, ms]) => [kind, ms.map((m) => [m.pattern, probes.filter((p) => m.test(p))])]),
      secrets: e.secrets.map((m) => [m.pattern, probes.filter((p) => m.test(p))]),
    })),
    rules: policy.rules.map((r) => [r.id, r.effect, r.target, r.reason, probes.filter((p) => r.pattern.test(p))]),
  };
}

const entries = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.json'));

describe('the policy cache', () => {
  it('keeps a load under ~/.bulkhead/policy-cache and gives the same policy back for the same text', () => {
    const { dir, file, cache } = workspace();
    const load = cachedPolicyLoader(cache, 'build-1');
    const fresh = loadPolicy(original, file, dir);
    assert.deepEqual(behaviour(load(original, file, dir).policy), behaviour(fresh.policy));
    assert.equal(entries(cache).length, 1);
    const [name] = entries(cache);
    // Marked, so that the second load shows it came from the entry.
    const entry = JSON.parse(readFileSync(join(cache, name), 'utf8'));
    writeFileSync(join(cache, name), JSON.stringify({ ...entry, diagnostics: [{ severity: 'warning', message: 'from the cache', file, line: 1, column: 1, endLine: 1, endColumn: 1 }] }));
    const hit = load(original, file, dir);
    assert.deepEqual(hit.diagnostics.map((d) => d.message), ['from the cache']);
    assert.deepEqual(behaviour(hit.policy), behaviour(fresh.policy));
  });

  it('is missed by any other text, file, folder or build, and each gets its own load', () => {
    const { home, dir, file, cache } = workspace();
    cachedPolicyLoader(cache, 'build-1')(original, file, dir);
    const changes: [string, string, string, string][] = [
      // One byte: production no longer critical (a loosening), and staging critical (a tightening).
      [original.replace('protection: critical', 'protection: guarded'), file, dir, 'build-1'],
      [original.replace('protection: guarded', 'protection: critical'), file, dir, 'build-1'],
      [`${original} `, file, dir, 'build-1'],
      [original, join(home, 'other.yaml'), dir, 'build-1'],
      [original, file, home, 'build-1'],
      [original, file, dir, 'build-2'],
    ];
    for (const [text, f, root, build] of changes) {
      assert.deepEqual(behaviour(cachedPolicyLoader(cache, build)(text, f, root).policy), behaviour(loadPolicy(text, f, root).policy));
    }
  });

  it('treats an entry that does not read, parse or compile as a miss, and rewrites it', () => {
    const { dir, file, cache } = workspace();
    const load = cachedPolicyLoader(cache, 'build-1');
    const fresh = behaviour(loadPolicy(original, file, dir).policy);
    load(original, file, dir);
    const [name] = entries(cache);
    const good = JSON.parse(readFileSync(join(cache, name), 'utf8'));
    const broken = [
      '',
      '{"build":',
      'null',
      JSON.stringify({ ...good, document: 'environments' }),
      JSON.stringify({ ...good, document: { ...good.document, environments: 5 } }),
      JSON.stringify({ ...good, document: { ...good.document, default: 'nowhere' } }),
      JSON.stringify({ ...good, document: { ...good.document, rules: [{ match: '', effect: 'destroy' }] } }),
      JSON.stringify({ ...good, diagnostics: 'none' }),
    ];
    for (const text of broken) {
      writeFileSync(join(cache, name), text);
      assert.deepEqual(behaviour(load(original, file, dir).policy), fresh, text);
      assert.deepEqual(JSON.parse(readFileSync(join(cache, name), 'utf8')).document, good.document, `not rewritten after ${text}`);
    }
    mkdirSync(join(cache, 'unrelated'));
    writeFileSync(join(cache, name), '');
    assert.deepEqual(behaviour(load(original, file, dir).policy), fresh);
  });

  it('does not cache a policy with errors, nor a document JSON cannot hold', () => {
    const { dir, file, cache } = workspace();
    const load = cachedPolicyLoader(cache, 'build-1');
    assert.equal(load('environments: [', file, dir).policy, undefined);
    assert.equal(load(original.replace('default: staging', 'default: nowhere'), file, dir).policy, undefined);
    // `.nan` passes the schema's bounds and would come back from JSON as null.
    const nan = original.replace('elevation: { minutes: 15 }', 'elevation: { minutes: .nan }');
    assert.ok(Number.isNaN(load(nan, file, dir).policy?.elevationMinutes));
    assert.equal(existsSync(cache), false);
  });

  it('keeps the newest four entries of each policy file', () => {
    const { home, dir, file, cache } = workspace();
    const load = cachedPolicyLoader(cache, 'build-1');
    load(original, join(home, 'other.yaml'), dir);
    for (let minutes = 1; minutes <= 7; minutes++) load(original.replace('minutes: 15', `minutes: ${minutes}`), file, dir);
    assert.equal(entries(cache).length, 5);
  });

  it('serves both texts when the accepted policy and the file differ, and the accepted one stays in force over a loosening', () => {
    const { home, file, cache } = workspace();
    writeAcceptedPolicy(file, original, home);
    writeFileSync(file, original.replace('protection: critical', 'protection: open'));
    const load = cachedPolicyLoader(cache, 'build-1');
    for (let run = 0; run < 2; run++) {
      const result = policyInForce(file, home, load);
      assert.equal(result.policy?.byName.get('production')?.protection, 'critical');
      assert.match(result.pending?.changes.map((c) => c.text).join('\n') ?? '', /production: protection lowered from critical to open/);
    }
    assert.equal(entries(cache).length, 2);
  });

  it('the hook uses it: a first run writes the entry, an edit of the file is in force on the next run', () => {
    const { home, dir, file, cache } = workspace();
    const cli = resolve('dist/cli.js');
    const hook = (command: string) => spawnSync(process.execPath, [cli, 'hook', '--dialect', 'claude'], {
      cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: home }, encoding: 'utf8',
      input: JSON.stringify({ session_id: 's', hook_event_name: 'PreToolUse', cwd: dir, permission_mode: 'default', tool_name: 'Bash', tool_input: { command } }),
    });
    assert.equal(hook('make nuke-cache').status, 0, 'a local destroy asks in the agent');
    assert.equal(entries(cache).length, 1, 'no cache entry written');
    assert.equal(hook('make nuke-cache').status, 0);
    writeFileSync(file, original.replace('  - match: "make nuke*"\n    effect: destroy', '  - match: "make nuke*"\n    effect: destroy\n    target: production'));
    const denied = hook('make nuke-cache');
    assert.equal(denied.status, 2, denied.stdout);
    assert.match(denied.stdout, /production/);
  });
});
