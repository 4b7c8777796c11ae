import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../helpers';

describe('an evaluation as data', () => {
  it('serialises with its messages and each verdict\'s why, though they are written only when read', async () => {
    const result = await check('kubectl --context prod-eu-1 delete ns api && ls');
    const data = JSON.parse(JSON.stringify(result));
    assert.equal(data.decision, 'block');
    assert.equal(data.humanMessage, result.humanMessage);
    assert.equal(data.agentMessage, result.agentMessage);
    assert.match(data.agentMessage, /Do not retry/);
    assert.equal(data.reason, result.reason);
    assert.equal(data.commands.length, 2);
    assert.equal(data.commands[0].why, result.commands[0].why);
    assert.match(data.commands[0].why, /acts on production, but the active environment is staging/);
  });
});

describe('the reason of a secret read', () => {
  it('says a credential is printed when one is, not that a secret file is read', async () => {
    for (const line of ['echo "$RAILWAY_TOKEN"', 'printenv | grep -i token']) {
      const result = await check(line, { env: { RAILWAY_TOKEN: 'rw-value' } });
      assert.equal(result.decision, 'block', line);
      assert.match(result.reason, /prints (?:a credential|the process environment)/, line);
      assert.doesNotMatch(result.reason, /secret file/, line);
    }
    assert.match((await check('cat .env.production')).reason, /reads a secret file of production/);
  });
});

describe('the human message', () => {
  it('names the program once, whether or not the reason opens with it', async () => {
    const opensWithIt = await check('npx prisma migrate reset --force');
    assert.match(opensWithIt.humanMessage, /^Needs confirmation: prisma migrate reset drops the database/);
    const doesNot = await check('kubectl --context prod-eu-1 delete ns api');
    assert.match(doesNot.humanMessage, /^Blocked: kubectl deletes a whole Kubernetes namespace/);
  });
});
