#!/usr/bin/env node
// Host and UI tests in a real VS Code: code-server 4.139.1 (from scripts/vshost-setup.sh) running
// the extension on a copy of test/fixtures/workspace, then
//   1. the mocha suite (test/host/suite) inside its extension host, through the payload URL parameter;
//   2. the playwright-core UI tests (test/ui) in Debian's Chromium; the demo's and the incident's on
//      the demo workspace npm start opens.
// Packages the .vsix as `npm run package` does and installs it: both suites run the installed
// extension (the mocha run names the installed folder as the development extension, so the
// testing API is there but every file comes from the package). The server runs in its own process
// group and is stopped with it. Exit status is non-zero on any failure.
//   node scripts/test-host.mjs [--no-build] [--only host|ui]
//   env: BULKHEAD_VSHOST, VERBOSE=1, KEEP=1, BULKHEAD_EXT_HOST_ENV (JSON, extra extension-host variables)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installExtension, makeDemoWorld, makeWorld, requireHost, startServer } from './vshost-lib.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repo);
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const t0 = Date.now();
const lap = (m) => console.log(`[test-host ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
requireHost();

// 1. Build the mocha suite (the extension is built by packaging, below).
const esbuild = await import('esbuild');
rmSync('out/host', { recursive: true, force: true });
await esbuild.build({
  entryPoints: ['test/host/suite/*.test.ts', 'test/host/suite/index.ts'],
  outdir: 'out/host', bundle: true, platform: 'node', target: 'node20', format: 'cjs',
  external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'warning',
});
lap('mocha suite built');

// 2. A scratch world, the packaged extension installed into it, and the server.
const world = makeWorld();
const outDir = join(repo, 'test-output');
mkdirSync(join(outDir, 'ui'), { recursive: true });
const installed = installExtension(world, { build: !args.includes('--no-build') });
lap(`packaged and installed ${installed.vsix} into ${installed.dir}`);
// The suite runs from inside the installed folder: the host hands the test bundle the same vscode
// API object as the extension only for files of that extension, and the consent tests rely on it.
// mocha comes from the repository's node_modules.
const suiteDir = join(installed.dir, 'out', 'host');
cpSync('out/host', suiteDir, { recursive: true });
symlinkSync(join(repo, 'node_modules'), join(installed.dir, 'node_modules'), 'dir');
const server = await startServer(world);
lap(`code-server at ${server.url} (pid ${server.pid}, work ${world.work})`);

// 3. The suites (run by this Node; the browser is Debian's Chromium).
const failures = [];
const childEnv = { ...process.env, HOME: world.home, XDG_CACHE_HOME: join(world.home, '.cache'), XDG_CONFIG_HOME: join(world.home, '.config'), SHOT_DIR: join(outDir, 'ui') };
if (!only || only === 'host') {
  const result = join(world.work, 'host-result.json');
  const r = spawnSync(process.execPath, ['test/host/run-ext-tests.mjs', server.url, world.ws], {
    stdio: 'inherit', timeout: 8 * 60_000,
    env: { ...childEnv, EXT_DEV_PATH: installed.dir, EXT_TESTS_PATH: join(suiteDir, 'index.js'), EXT_HOST_ENV: JSON.stringify({ ...JSON.parse(process.env.BULKHEAD_EXT_HOST_ENV || '{}'), BULKHEAD_TEST_RESULT: result }) },
  });
  if (r.status !== 0) failures.push('host (mocha in the extension host)');
  if (existsSync(result)) cpSync(result, join(outDir, 'host-result.json'));
  lap(`host suite ${r.status === 0 ? 'passed' : 'FAILED'}`);
}
if (!only || only === 'ui') {
  const r = spawnSync(process.execPath, ['test/ui/ui.test.mjs', server.url, world.ws], { stdio: 'inherit', env: childEnv, timeout: 6 * 60_000 });
  if (r.status !== 0) failures.push('ui (playwright-core)');
  lap(`UI suite ${r.status === 0 ? 'passed' : 'FAILED'}`);
  if (spawnSync(process.execPath, ['test/ui/hooks.test.mjs', server.url, world.ws], { stdio: 'inherit', env: childEnv, timeout: 3 * 60_000 }).status !== 0) failures.push('ui hooks (a hook answered in the modal)');
}

server.stop();
cpSync(server.logFile, join(outDir, 'code-server.log'));

// 4. The demo npm start opens, in a world of its own with the package already built.
if (!only || only === 'ui') {
  const demo = makeDemoWorld('bulkhead-demo-');
  installExtension(demo, { build: false });
  const demoServer = await startServer(demo);
  const r = spawnSync(process.execPath, ['test/ui/demo.test.mjs', demoServer.url, demo.ws], { stdio: 'inherit', env: { ...childEnv, HOME: demo.home }, timeout: 3 * 60_000 });
  if (r.status !== 0) failures.push('ui demo (npm start\'s workspace)');
  lap(`demo UI ${r.status === 0 ? 'passed' : 'FAILED'}`);
  const incident = spawnSync(process.execPath, ['test/ui/incident.test.mjs', demoServer.url, demo.ws], { stdio: 'inherit', env: { ...childEnv, HOME: demo.home }, timeout: 3 * 60_000 });
  if (incident.status !== 0) failures.push('ui incident (the founding incident through an agent\'s hook)');
  lap(`incident UI ${incident.status === 0 ? 'passed' : 'FAILED'}`);
  demoServer.stop();
  if (r.status === 0 && incident.status === 0 && !process.env.KEEP) rmSync(demo.work, { recursive: true, force: true });
}
if (failures.length === 0 && !process.env.KEEP) rmSync(world.work, { recursive: true, force: true });
else console.log(`test-host: artifacts kept in ${world.work}`);
lap(failures.length === 0 ? 'all host and UI tests passed' : `FAILED: ${failures.join(', ')}`);
process.exit(failures.length === 0 ? 0 : 1);
