import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { check, type CheckOptions } from '../helpers';

/**
 * The table-driven corpus: every file in test/corpus is a list of cases with the expected
 * effect, target and decision. `CORPUS=name` runs only test/corpus/name.yaml.
 */
export interface CorpusCase extends CheckOptions {
  cmd: string;
  effect: string;
  decision: string;
  /** Environment names joined by commas (most protected first), `unknown`, or `none`. */
  target?: string;
  kind: 'true-positive' | 'trap' | 'bypass' | 'edge' | 'regression';
  why?: string;
}

export const corpusKinds = new Set(['true-positive', 'trap', 'bypass', 'edge', 'regression']);
const corpusDir = join(__dirname, '..', 'corpus');

export function loadCorpus(only = process.env.CORPUS): { file: string; cases: CorpusCase[] }[] {
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith('.yaml') && (!only || only.split(',').includes(f.replace(/\.yaml$/, ''))))
    .sort()
    .map((file) => ({ file, cases: parse(readFileSync(join(corpusDir, file), 'utf8')) as CorpusCase[] }));
}

for (const { file, cases } of loadCorpus()) {
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
