import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPolicy } from '../../src/core/policy/load';
import { engine } from '../helpers';

const policyText = (rules: string) =>
  `version: 1\ndefault: staging\nenvironments:\n  staging: { protection: guarded }\n  production: { protection: critical }\nrules:\n${rules}`;

async function decide(rules: string, line: string) {
  const { policy, diagnostics } = loadPolicy(policyText(rules), '/ws/.bulkhead.yaml', '/ws');
  assert.ok(policy, JSON.stringify(diagnostics));
  return (await engine()).evaluate(line, { policy, env: { HOME: '/home/dev' }, cwd: '/ws' });
}

describe('project rules', () => {
  it('match by program name, as written, and through the shell that runs a script', async () => {
    const rules = '  - { match: "./scripts/deploy.sh --prod*", effect: write, target: production }\n  - { match: "make nuke*", effect: destroy }\n';
    for (const line of ['./scripts/deploy.sh --prod', 'bash ./scripts/deploy.sh --prod --fast', 'sh scripts/deploy.sh --prod']) {
      assert.equal((await decide(rules, line)).decision, 'block', line);
    }
    assert.equal((await decide(rules, 'make nuke-all')).rules[0], 'policy.rules[1]');
    assert.equal((await decide(rules, 'make build')).decision, 'allow');
  });

  it('a rule that starts with a glob is tried against every command', async () => {
    const rules = '  - { match: "*deploy* --prod*", effect: write, target: production }\n';
    assert.equal((await decide(rules, 'bin/deploy-api --prod')).decision, 'block');
    assert.equal((await decide(rules, 'tools/deployer --prod=1')).decision, 'block');
    assert.equal((await decide(rules, 'bin/deploy-api --staging')).decision, 'allow');
  });
});
