import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { loadPolicy } from '../../src/core/policy/load';
import { Evaluator } from '../../src/node/evaluator';

const policyFile = join(__dirname, '..', 'fixtures', 'policy.yaml');
const policy = loadPolicy(readFileSync(policyFile, 'utf8'), policyFile, '/home/dev/acme').policy!;
const options = { policy, cwd: '/home/dev/acme', env: { HOME: '/home/dev', PATH: '/usr/bin:/bin' } };

describe('the grammar on demand: loaded only for a line the plain-word reading cannot take', () => {
  let loaded: Evaluator;
  before(async () => {
    loaded = await Evaluator.create();
  });

  test('plain lines, quoted ones included, are judged without the grammar', async () => {
    const evaluator = Evaluator.withGrammarOnDemand();
    for (const line of ['kubectl get pods', 'git commit -m "fix the build"', 'kubectl --context prod-eu-1 delete ns api', "bash -c 'kubectl --context prod-eu-1 delete ns api'"]) {
      const lazy = await evaluator.evaluateLoading(line, options);
      assert.deepEqual([lazy.decision, lazy.effect, lazy.targets], [loaded.evaluate(line, options).decision, loaded.evaluate(line, options).effect, loaded.evaluate(line, options).targets], line);
      assert.equal(evaluator.parser, undefined, `${line} loaded the grammar`);
    }
  });

  test('a line with operators, expansions or substitutions loads it and is judged as the loaded engine judges it', async () => {
    for (const line of [
      'kubectl get pods | grep api',
      'kubectl get pods; kubectl --context prod-eu-1 delete ns api',
      'kubectl --context "$(echo prod-eu-1)" delete ns api',
      'for ns in api web; do kubectl --context prod-eu-1 delete ns $ns; done',
      "bash -c 'ls && kubectl --context prod-eu-1 delete ns api'",
    ]) {
      const evaluator = Evaluator.withGrammarOnDemand();
      const lazy = await evaluator.evaluateLoading(line, options);
      const eager = loaded.evaluate(line, options);
      assert.deepEqual([lazy.decision, lazy.effect, lazy.targets, lazy.rules], [eager.decision, eager.effect, eager.targets, eager.rules], line);
      assert.notEqual(evaluator.parser, undefined, `${line} was judged without the grammar`);
      assert.ok(!lazy.rules.includes('shell.evaluation-failed'), line);
    }
  });

  test('without evaluateLoading, a line that needs the grammar is never allowed', () => {
    const evaluation = Evaluator.withGrammarOnDemand().evaluate('ls | wc -l', options);
    assert.notEqual(evaluation.decision, 'allow');
  });
});
