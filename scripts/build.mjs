// Bundles the two entry points separately: dist/cli.js (the `bulkhead` command and agent hook, which
// must start fast with no editor) and dist/extension.js. The tree-sitter WASM files are copied next
// to them because the bundles load them from their own folder at run time.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
// A ring violation (src/core importing vscode or Node, …) fails the build before anything is bundled.
execFileSync(process.execPath, ['scripts/check-rings.mjs'], { stdio: 'inherit' });
mkdirSync('dist', { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  // src/node/parser.ts resolves the WASM files at run time on purpose: they are copied, not bundled.
  logOverride: { 'require-resolve-not-external': 'silent' },
  metafile: true,
  // Non-ASCII characters are written as escapes: dist/cli.js reads the bundles as Latin-1 (checked below).
  charset: 'ascii',
  // `bulkhead --version` and the hooks' reports name the version that was built.
  define: { BULKHEAD_VERSION: JSON.stringify(version) },
  // jsonc-parser's UMD build loads its parts with a require esbuild cannot follow; its ESM build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  plugins: [{
    // The ESM build of web-tree-sitter needs import.meta.url, which a CommonJS bundle does not have.
    name: 'web-tree-sitter-cjs',
    setup(b) {
      b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
    },
  }],
};

const results = {};
results.cli = await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli-main.js',
});
// `bulkhead hook` alone: what agents start before every tool call.
results.hook = await build({
  ...common,
  entryPoints: ['src/cli/hookMain.ts'],
  outfile: 'dist/hook-main.js',
});
// The credential scan's worker thread, loaded by the CLI and the extension from their own folder: the
// rule set stays out of the CLI bundle that every hook call starts.
results.scanWorker = await build({
  ...common,
  entryPoints: ['src/node/credentials/scanWorker.ts'],
  outfile: 'dist/scanWorker.js',
});
// dist/cli.js, what hooks and shims run: a small starter that loads cli-main.js or hook-main.js with its code cached.
await build({ ...common, entryPoints: ['src/cli/start.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, sourcemap: false });
if (existsSync('src/extension.ts')) {
  results.extension = await build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
  });
}
if (process.argv.includes('--bench')) {
  // The benchmark measures the engine as it ships: bundled and minified, not through a TS loader.
  await build({ ...common, minify: !process.argv.includes('--readable'), sourcemap: false, entryPoints: ['bench/engine.ts'], outfile: 'dist/bench/engine.js' });
  await build({ ...common, minify: !process.argv.includes('--readable'), sourcemap: false, entryPoints: ['bench/scan.ts'], outfile: 'dist/bench/scan.js' });
  await build({ ...common, sourcemap: false, entryPoints: ['bench/extensionStandIn.ts'], outfile: 'dist/bench/extension-stand-in.js' });
  for (const dir of ['dist/bench']) {
    copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), `${dir}/web-tree-sitter.wasm`);
    copyFileSync(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-bash.wasm'), `${dir}/tree-sitter-bash.wasm`);
  }
}
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
copyFileSync(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-bash.wasm'), 'dist/tree-sitter-bash.wasm');
// A development build keeps comments, which may hold any character: read as Latin-1 they stay
// comments (no byte of UTF-8 decodes to a JavaScript line break), so only shipped bundles must be ASCII.
for (const bundle of production ? ['dist/cli-main.js', 'dist/hook-main.js'] : []) {
  if (readFileSync(bundle).some((byte) => byte > 0x7f)) throw new Error(`${bundle} is not ASCII: dist/cli.js reads it as Latin-1`);
}
// Node looks for the package.json nearest each script it starts, to learn its module type: this one
// answers for dist/ without parsing the extension's whole manifest on every hook call.
writeFileSync('dist/package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);
writeFileSync('dist/meta.json', JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.metafile]))));
