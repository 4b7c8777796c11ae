import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPolicy } from '../../src/core/policy/load';
import { engine, fixtureHome, fixtureRoot } from '../helpers';

// The fixture policy lists only Railway and database credentials; this one gives each environment
// a Render, Upstash and Fastly credential, as a team using them would.
const policyText = `version: 1
default: staging
environments:
  staging:
    protection: guarded
    credentials: [RENDER_STAGING_API_KEY]
  production:
    protection: critical
    credentials: [RENDER_API_KEY, UPSTASH_API_KEY, FASTLY_API_TOKEN]
`;
const policy = (() => {
  const loaded = loadPolicy(policyText, '/home/dev/acme/.bulkhead.yaml', fixtureRoot);
  assert.ok(loaded.policy, JSON.stringify(loaded.diagnostics));
  return loaded.policy;
})();

async function decide(line: string, env: Record<string, string>) {
  return (await engine()).evaluate(line, { policy, active: 'staging', env: { HOME: fixtureHome, ...env }, cwd: fixtureRoot, ambient: {} });
}

describe('Render, Upstash and Fastly credentials', () => {
  it('a production credential the CLI reads makes the command production\'s', async () => {
    for (const [line, env] of [
      ['render services delete srv-abc --confirm', { RENDER_API_KEY: 'rnd_prod' }],
      ['upstash redis delete --db-id 3f2a', { UPSTASH_EMAIL: 'ops@acme.com', UPSTASH_API_KEY: 'a1b2' }],
      ['fastly service delete --service-id 7i6HN3TK9wS159v2gPAZ8A', { FASTLY_API_TOKEN: 'f1' }],
    ] as const) {
      const result = await decide(line, env);
      assert.equal(result.target, 'production', `${line}: ${result.reason}`);
      assert.equal(result.decision, 'block', line);
    }
  });

  it('another tool\'s credential does not, and a staging one is staging\'s', async () => {
    const other = await decide('fastly service list', { RENDER_API_KEY: 'rnd_prod' });
    assert.notEqual(other.target, 'production', other.reason);
    const staging = await decide('render deploys create srv-abc', { RENDER_STAGING_API_KEY: 'rnd_stg' });
    assert.equal(staging.target, 'staging', staging.reason);
    assert.equal(staging.decision, 'allow');
  });
});
