// Measures the engine and the CLI on this machine and writes bench/results.json.
// In-process figures run every corpus line through the engine after a warm-up, several rounds,
// and compare with a bare tree-sitter parse of the same lines: the ratio is what the engine adds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from '../test/corpus';
import { check, engine, fixturePolicy, fixtureRoot, repoRoot } from '../test/helpers';
import { loadBashParser } from '../src/node/parser';

const rounds = Number(process.env.BENCH_ROUNDS ?? 25);
const warmupMs = Number(process.env.BENCH_WARMUP_MS ?? 3000);
const resultsFile = join(repoRoot, 'bench', 'results.json');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarise(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

async function main(): Promise<void> {
  const cases = loadCorpus(undefined).flatMap((f) => f.cases);
  const eng = await engine();
  const policy = fixturePolicy();
  const parser = await loadBashParser();
  const env = { HOME: '/home/dev', PATH: '/usr/bin:/bin' };

  // Warm-up by time, not by count: V8 tiers the grammar's wasm and our code up in the background,
  // and a long-lived extension host runs in that steady state.
  for (const c of cases) await check(c.cmd, c);
  const options = (c: (typeof cases)[number]) => ({
    policy, active: c.active, env: { ...env, ...c.env }, cwd: fixtureRoot, ambient: c.ambient ?? {}, scripts: c.scripts,
  });
  for (const warm = performance.now(); performance.now() - warm < warmupMs; ) {
    for (const c of cases) {
      eng.evaluate(c.cmd, options(c));
      parser.parse(c.cmd)?.delete();
    }
  }

  const classify: number[] = [];
  const parse: number[] = [];
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    // Interleaved per line, so both measurements see the same machine state.
    for (const c of cases) {
      const t0 = performance.now();
      eng.evaluate(c.cmd, options(c));
      const t1 = performance.now();
      parser.parse(c.cmd)?.delete();
      const t2 = performance.now();
      classify.push((t1 - t0) * 1000);
      parse.push((t2 - t1) * 1000);
    }
  }
  const elapsed = performance.now() - started;
  const classifyStats = summarise(classify);
  const parseStats = summarise(parse);
  const totalClassifyMs = classify.reduce((a, b) => a + b, 0) / 1000;

  const cli = join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const workspace = mkdtempSync(join(tmpdir(), 'bulkhead-bench-'));
  writeFileSync(join(workspace, '.bulkhead.yaml'), readFileSync(join(repoRoot, 'test', 'fixtures', 'policy.yaml')));
  const rssFile = join(workspace, 'rss');
  const cold: number[] = [];
  let peakRss = 0;
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--require', join(repoRoot, 'bench', 'rss.cjs'), cli, 'check', '--', 'kubectl --context prod-eu-1 delete ns api'], {
      cwd: workspace, env: { PATH: process.env.PATH ?? '', HOME: workspace, BULKHEAD_BENCH_RSS: rssFile },
    });
    cold.push(performance.now() - t0);
    if (r.status !== 2) throw new Error(`the CLI answered ${r.status}, expected 2 (block): ${r.stderr}`);
    peakRss = Math.max(peakRss, Number(readFileSync(rssFile, 'utf8')));
  }
  const coldStats = summarise(cold);
  const inProcessRss = process.resourceUsage().maxRSS / 1024;

  const figures = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    corpus_lines: cases.length,
    rounds,
    classify_p50_us: round(classifyStats.p50),
    classify_p99_us: round(classifyStats.p99),
    classify_max_us: round(classifyStats.max),
    parse_p50_us: round(parseStats.p50),
    parse_p99_us: round(parseStats.p99),
    classify_to_parse_p50: round(classifyStats.p50 / parseStats.p50),
    throughput_per_s: Math.round(classify.length / (totalClassifyMs / 1000)),
    cli_cold_ms: round(coldStats.p50),
    cli_cold_p99_ms: round(coldStats.p99),
    peak_rss_mb: round(peakRss / 1024),
    bench_process_rss_mb: round(inProcessRss),
    wall_s: round(elapsed / 1000),
  };
  const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  writeFileSync(resultsFile, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`);
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(24)} ${v}`);
  const verdicts = [
    [`classify p99 ${figures.classify_p99_us} µs ≤ 1000 µs`, figures.classify_p99_us <= 1000],
    [`classify p50 ${figures.classify_p50_us} µs ≤ 2 × parse p50 ${figures.parse_p50_us} µs`, figures.classify_to_parse_p50 <= 2],
  ] as const;
  for (const [text, ok] of verdicts) console.log(`${ok ? 'meets' : 'MISSES'}  ${text}`);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
