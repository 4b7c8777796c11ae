import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusKinds, loadCorpus } from '../corpus';
import { check } from '../helpers';

// The table-driven corpus: every file in test/corpus is a list of cases with the expected effect,
// target and decision. `CORPUS=name[,name]` runs only those files.
for (const { file, cases } of loadCorpus(process.env.CORPUS)) {
  describe(`corpus ${file}`, () => {
    for (const [index, c] of cases.entries()) {
      it(`${c.kind} #${index}: ${c.cmd.length > 90 ? `${c.cmd.slice(0, 90)}…` : c.cmd}`, async () => {
        assert.ok(corpusKinds.has(c.kind), `case kind must be one of ${[...corpusKinds].join(', ')}`);
        const result = await check(c.cmd, c);
        const got = { effect: result.effect, decision: result.decision, target: result.target };
        const want = { effect: c.effect, decision: c.decision, target: c.target ?? result.target };
        assert.deepEqual(got, want, `${result.reason}\nrules: ${result.rules.join(', ')}\ncommands: ${
          result.commands.map((v) => `${v.program} ${v.ruleId} ${v.effect}/${v.scope} → ${v.target} ${v.decision}`).join('; ')}`);
      });
    }
  });
}
