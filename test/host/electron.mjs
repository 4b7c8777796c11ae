// The same mocha suite through @vscode/test-electron, on machines that can download VS Code
// (it needs update.code.visualstudio.com; not reachable on the CI machines, which use code-server
// through scripts/test-host.mjs instead). Build the extension with `npm run build` first, and the
// suite with --build-suite.
//   node test/host/electron.mjs [--version 1.99.0]
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const args = process.argv.slice(2);
const version = args.includes('--version') ? args[args.indexOf('--version') + 1] : '1.99.0';
if (args.includes('--build-suite')) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: ['test/host/suite/*.test.ts', 'test/host/suite/index.ts'], outdir: 'out/host', bundle: true,
    platform: 'node', target: 'node20', format: 'cjs', external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'warning',
  });
}
const ws = join(mkdtempSync(join(tmpdir(), 'bulkhead-electron-')), 'ws');
cpSync('test/fixtures/workspace', ws, { recursive: true });
try {
  await runTests({
    version,
    extensionDevelopmentPath: resolve('.'),
    extensionTestsPath: resolve('out/host/index.js'),
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (err) {
  console.error(`test-electron: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
