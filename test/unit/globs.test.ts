import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Minimatch } from 'minimatch';
import { globMatcher, globOptions, pathGlobOptions } from '../../src/core/policy/load';
import { loadCorpus } from '../corpus';
import { fixturePolicy } from '../helpers';

const patterns = [
  'prod-eu-1', 'PROD', 'acme-prod-*', '*.prod.acme.internal', '*prod*', 'prod*', '*-prod', 'a*b*c', '.*', '*.', '.env.prod*',
  '*.local', 'x?y', '[abc]*', '{a,b}-prod', '**', '*', 'a/*', 'infra/envs/production/**', '**/.env.production', 'a.b', 'ä-prod-*', 'a/b', 'config/prod.env', './a/b',
];
const synthetic = [
  '', '.', '..', '...', '.x', 'x.', 'prod', 'PROD', 'prod-eu-1', 'Prod-EU-1', 'acme-prod-', 'acme-prod-db', 'ACME-PROD-DB',
  'acme-prod-db/x', 'db.prod.acme.internal', 'DB.PROD.ACME.INTERNAL', '.prod.acme.internal', 'x/db.prod.acme.internal', 'abc',
  'abbc', 'ac', 'a-b-c', 'xay', 'x/y', 'a-prod', 'prod-', '-prod', 'a/b', 'ä-prod-x', 'Ä-PROD-X', '.env.production', 'a b', ' prod', 'a//b', './a/b', 'a/./b', 'a/b/', 'config/prod.env', 'config//prod.env', '/a/b',
];

describe('policy patterns compiled for speed', () => {
  it('match exactly what minimatch matches, case folded or not, on every corpus word and the edge cases', () => {
    const words = new Set(synthetic);
    for (const { cases } of loadCorpus()) for (const c of cases) for (const w of c.cmd.split(/[\s'"=]+/)) words.add(w);
    const policy = fixturePolicy();
    const fromPolicy = policy.environments.flatMap((e) => [...e.targets.values()].flat().map((m) => m.pattern));
    let compared = 0;
    for (const options of [globOptions, pathGlobOptions]) {
      for (const pattern of [...patterns, ...fromPolicy]) {
        const ours = globMatcher(pattern, options);
        const reference = new Minimatch(pattern, options);
        for (const word of words) {
          assert.equal(ours.test(word), reference.match(word), `${pattern} on ${JSON.stringify(word)} (${options === globOptions ? 'case folded' : 'exact'})`);
          compared++;
        }
      }
    }
    assert.ok(compared > 100_000, `${compared} comparisons`);
  });
});
