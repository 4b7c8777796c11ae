import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type CheckOptions, repoRoot } from './helpers';

/** One line of the table-driven corpus (test/corpus/*.yaml). */
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
const corpusDir = join(repoRoot, 'test', 'corpus');

/** `only` is a comma-separated list of file stems; by default every file. */
export function loadCorpus(only?: string): { file: string; cases: CorpusCase[] }[] {
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith('.yaml') && (!only || only.split(',').includes(f.replace(/\.yaml$/, ''))))
    .sort()
    .map((file) => ({ file, cases: parse(readFileSync(join(corpusDir, file), 'utf8')) as CorpusCase[] }));
}
