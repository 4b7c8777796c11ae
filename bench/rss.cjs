// Preloaded into the CLI by the benchmark: records the process's peak resident memory (KiB) at exit.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.BULKHEAD_BENCH_RSS) writeFileSync(process.env.BULKHEAD_BENCH_RSS, String(process.resourceUsage().maxRSS));
});
