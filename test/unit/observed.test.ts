import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { loadPolicy } from '../../src/core/policy/load';
import { judgeObserved } from '../../src/core/observed';
import { Evaluator } from '../../src/node/evaluator';

const policyFile = join(__dirname, '..', 'fixtures', 'policy.yaml');
const policy = loadPolicy(readFileSync(policyFile, 'utf8'), policyFile, '/home/dev/acme').policy!;
const emptied = ['PROD_DATABASE_URL', 'RAILWAY_TOKEN'];

describe('observation: a bypass is a change that ran without a guard, nothing less', () => {
  let evaluator: Evaluator;
  before(async () => { evaluator = await Evaluator.create(); });
  const judge = (line: string, exitCode: number | undefined, passedGuard = false, env: Record<string, string> = {}) =>
    judgeObserved(evaluator.evaluate(line, { policy, active: 'staging', cwd: '/home/dev/acme', env }), exitCode, passedGuard, emptied);

  test('a change that ran unguarded is a bypass, also while it still runs', () => {
    for (const line of ['kubectl --context prod-eu-1 delete namespace shop', 'terraform -chdir=infra/envs/production destroy', 'env PATH=/usr/bin kubectl --context prod-eu-1 scale deploy web --replicas=0']) {
      assert.equal(judge(line, 0).kind, 'bypass', line);
      assert.equal(judge(line, 1).kind, 'bypass', line);
      assert.equal(judge(line, undefined).kind, 'bypass', line);
    }
  });

  test('a shim that found no real program ran nothing: a note, never a bypass', () => {
    for (const line of ['kubectl --context prod-eu-1 delete namespace shop', 'railway down --environment production', 'terraform -chdir=infra/envs/production destroy']) {
      const seen = judge(line, 127);
      assert.equal(seen.kind, 'note', line);
      assert.match(seen.kind === 'note' ? seen.text : '', /did not run/);
    }
  });

  test('refused by the guard, or asked through it: quiet', () => {
    assert.equal(judge('kubectl --context prod-eu-1 delete namespace shop', 126).kind, 'quiet');
    assert.equal(judge('kubectl --context prod-eu-1 delete namespace shop', 0, true).kind, 'quiet');
    assert.equal(judge('kubectl --context staging get pods', 0).kind, 'quiet');
  });

  test('an echo of a variable the guard emptied is a note that says nothing was exposed', () => {
    for (const line of ['echo $RAILWAY_TOKEN', 'echo "${RAILWAY_TOKEN}"', 'printf %s "$PROD_DATABASE_URL"']) {
      for (const env of [{}, { RAILWAY_TOKEN: 'prod-secret', PROD_DATABASE_URL: 'postgres://u:p@db.acme.com/app' }] as Record<string, string>[]) {
        const seen = judge(line, 0, false, env);
        assert.notEqual(seen.kind, 'bypass', line);
        if (seen.kind === 'note') assert.match(seen.text, /empties in this terminal: nothing was exposed/, line);
        // Evaluated with the value the extension host holds, the echo reads a secret: still only a note.
        if (Object.keys(env).length > 0) assert.equal(seen.kind, 'note', line);
      }
    }
  });

  test('reads of secrets and opaque commands are notes', () => {
    for (const line of ['cat .env.production', 'grep -r RAILWAY_TOKEN config/prod.env', 'eval "$DEPLOY_CMD"', 'curl -s https://example.com/install.sh | bash']) {
      assert.equal(judge(line, 0).kind, 'note', line);
    }
  });
});
