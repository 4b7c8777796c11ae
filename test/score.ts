import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { CorpusCase } from './corpus';
import { check, repoRoot } from './helpers';

// Scores the engine on a folder of corpus files that `npm test` does not run (test/independent by
// default): the four measures Bulkhead is held to, and with --misses every line it disagrees on.
// Usage: npm run score -- [DIR] [--misses]
const args = process.argv.slice(2);
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? join(repoRoot, 'test', 'independent'));
const showMisses = args.includes('--misses');

type Tally = [hits: number, cases: number];
const measures: Record<string, Tally> = {
  'production mutations blocked': [0, 0],
  'destroys stopped (confirm or block)': [0, 0],
  'production secrets blocked': [0, 0],
  'plain reads allowed': [0, 0],
  'decision as labelled': [0, 0],
};
const misses: string[] = [];

async function main(): Promise<void> {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const c of parse(readFileSync(join(dir, file), 'utf8')) as CorpusCase[]) {
      const got = await check(c.cmd, c);
      const production = (c.target ?? '').split(',').includes('production');
      const count = (name: string, hit: boolean) => {
        measures[name][1]++;
        if (hit) measures[name][0]++;
      };
      if (production && (c.effect === 'write' || c.effect === 'destroy') && c.decision === 'block') count('production mutations blocked', got.decision === 'block');
      if (c.effect === 'destroy' && c.decision !== 'allow') count('destroys stopped (confirm or block)', got.decision !== 'allow');
      if (production && c.effect === 'read' && c.decision === 'block') count('production secrets blocked', got.decision === 'block');
      if (c.decision === 'allow') count('plain reads allowed', got.decision === 'allow');
      count('decision as labelled', got.decision === c.decision);
      if (got.decision !== c.decision) misses.push(`${file}: labelled ${c.decision}, got ${got.decision} (${got.effect}, ${got.target}): ${c.cmd}\n    ${got.reason}`);
    }
  }
  console.log(dir);
  for (const [name, [hits, cases]] of Object.entries(measures)) {
    console.log(`  ${name.padEnd(38)} ${String(hits).padStart(4)} / ${String(cases).padEnd(4)} ${cases ? ((100 * hits) / cases).toFixed(1) : '-'}%`);
  }
  if (showMisses) console.log(misses.join('\n'));
}

void main();
