import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, Invocation } from '../../src/core/model';
import type { Pack } from '../../src/core/packs/pack';
import { packs } from '../../src/core/packs/registry';
import { knownTargetKinds } from '../../src/core/policy/load';
import { genericTargetKinds } from '../../src/core/targets/resolve';
import { loadCorpus } from '../corpus';
import { check } from '../helpers';

// A pack's targetKinds are what the policy loader accepts under `targets:`. A kind a pack names
// but does not declare draws a warning from the loader and reads as a typo to whoever wrote it.

/** Hints the resolver reads through the policy's paths and secret files, not its `targets:`. */
const resolvedThroughFiles = new Set(['cwd', 'secret-file', 'env-file']);

/** Every target kind a finding names: its hints, the ambient kinds it reads, the state it leaves. */
function kindsOf(finding: Finding): string[] {
  return [...(finding.targets ?? []).map((h) => h.kind), ...(finding.ambient ?? []), ...Object.keys(finding.setsAmbient ?? {})]
    .filter((kind) => !resolvedThroughFiles.has(kind));
}

describe('pack contract', () => {
  it('every target kind a pack names in the corpus is one it declares', async () => {
    const undeclared = new Map<string, string>();
    const originals = new Map<Pack, Pack['classify']>();
    for (const pack of packs) {
      const classify = pack.classify.bind(pack);
      originals.set(pack, pack.classify);
      (pack as { classify: Pack['classify'] }).classify = (inv: Invocation) => {
        const result = classify(inv);
        const findings = result === undefined ? [] : Array.isArray(result) ? result : [result as Finding];
        for (const kind of findings.flatMap(kindsOf)) {
          const key = `${pack.id}: ${kind}`;
          if (!pack.targetKinds.includes(kind) && !undeclared.has(key)) undeclared.set(key, `${inv.program} ${inv.args.join(' ')}`);
        }
        return result;
      };
    }
    let cases = 0;
    try {
      for (const { cases: list } of loadCorpus()) {
        for (const c of list) {
          await check(c.cmd, c);
          cases++;
        }
      }
    } finally {
      for (const [pack, classify] of originals) (pack as { classify: Pack['classify'] }).classify = classify;
    }
    assert.ok(cases > 1000, `the corpus was read (${cases} cases)`);
    assert.deepEqual([...undeclared].map(([key, example]) => `${key} (${example})`), []);
  });

  it('the kinds a pack\'s carried commands run in are declared too', () => {
    const undeclared: string[] = [];
    for (const pack of packs) {
      for (const spec of pack.carries ?? []) {
        const kinds = [...Object.values(spec.targetFlags ?? {}), ...Object.values(spec.envTargets ?? {}), ...(spec.ambient ? [spec.ambient] : [])];
        for (const kind of kinds) if (!pack.targetKinds.includes(kind)) undeclared.push(`${pack.id} ${spec.sub.join('|')}: ${kind}`);
      }
    }
    assert.deepEqual(undeclared, []);
  });

  it('the policy loader accepts exactly the kinds the packs declare and the generic readers name', () => {
    const expected = new Set([...packs.flatMap((p) => p.targetKinds), ...genericTargetKinds]);
    assert.deepEqual([...knownTargetKinds].sort(), [...expected].sort());
  });
});
