import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { createRequire } from 'node:module';
import * as nodeModule from 'node:module';
import { beforeWasmCompile } from '../node/wasmCompile';

/**
 * `dist/cli.js`: starts the CLI bundle (`dist/cli-main.js`), or for `bulkhead hook` the smaller hook
 * bundle (`dist/hook-main.js`), with its compiled code cached, because compiling a megabyte of
 * JavaScript is most of what a hook costs before it reads its payload. Node's
 * own compile cache where it has one (22.1 and later), else V8 cached data. The cache lives under
 * `~/.bulkhead`, whose files agents may not write (cached code runs as the hook). A cache that does
 * not fit this bundle, Node or flags is rejected by V8 and rewritten; any failure here only costs
 * the compile.
 */

/** Writes this run's code cache when it has to be, under the flags the run started with. */
let writeCodeCache: () => void = () => undefined;

// A short-lived process: V8 would otherwise tier the 1.3 MB bash grammar up to optimised code in
// background threads and make exit wait for a compile no request will use. Only a line that needs
// the grammar pays for node:v8, and the cache is written first, so that it is made under the flags
// the next run starts with.
process.once(beforeWasmCompile, () => {
  writeCodeCache();
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--liftoff-only');
});

const hook = process.argv[2] === 'hook';
const bundle = join(__dirname, hook ? 'hook-main.js' : 'cli-main.js');
const cacheDir = join(homedir(), '.bulkhead', 'code-cache');
const bundleStat = statSync(bundle);
/** This bundle as built, under this Node: what its code cache, and the hook's policy cache, belong to. */
const build = `${hook ? 'hook' : 'cli'}-${bundleStat.size}-${Math.floor(bundleStat.mtimeMs)}-${process.version}`;

interface Cli {
  /** The CLI reads process.argv; the hook bundle is given the words after `hook` and the build. */
  start(args: readonly string[], build: string): void;
}

function cacheDirReady(): boolean {
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    return true;
  } catch {
    return false;
  }
}

function loadWithNodeCache(): Cli | undefined {
  const enable = (nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof enable !== 'function' || !cacheDirReady()) return undefined;
  enable(cacheDir);
  writeCodeCache = () => (nodeModule as { flushCompileCache?: () => void }).flushCompileCache?.();
  return require(bundle) as Cli;
}

function loadWithCachedData(): Cli {
  // The build makes the bundles pure ASCII (scripts/build.mjs checks): read as Latin-1, the same text
  // as UTF-8 without the decoding, which took longer than the rest of the read.
  const source = readFileSync(bundle, 'latin1').replace(/^#!.*/, '');
  const cacheFile = join(cacheDir, `${build}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  const wrapper = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
  if (cachedData === undefined || script.cachedDataRejected) {
    // Made at exit (or before the flags change), when the functions this run needed are compiled too.
    let written = false;
    writeCodeCache = () => {
      if (written || !cacheDirReady()) return;
      written = true;
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, cacheFile);
      } catch { /* the next run compiles again */ }
    };
    process.once('exit', writeCodeCache);
  }
  const bundleModule = { exports: {} as Cli };
  wrapper.call(bundleModule.exports, bundleModule.exports, createRequire(bundle), bundleModule, bundle, __dirname);
  return bundleModule.exports;
}

(loadWithNodeCache() ?? loadWithCachedData()).start(process.argv.slice(3), build);
