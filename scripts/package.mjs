// npm run package: production bundles (minified, no source maps) and the .vsix, offline. vsce packs
// only what .vscodeignore lets through; the bundles already carry the dependencies, so it is told not
// to look for any. A package over the size bound fails here rather than on the Marketplace.
//   node scripts/package.mjs [--out FILE] [--no-build]   (--no-build packs the bundles dist/ already holds)
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repo);
const maxBytes = 5 * 1024 * 1024;
const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const args = process.argv.slice(2);
const out = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : `${name}-${version}.vsix`);

if (!args.includes('--no-build')) execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
execFileSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
const bytes = statSync(out).size;
if (bytes > maxBytes) {
  console.error(`package: ${out} is ${(bytes / 1024 / 1024).toFixed(2)} MB, over the ${maxBytes / 1024 / 1024} MB bound`);
  process.exit(1);
}
console.log(`package: ${out} (${(bytes / 1024 / 1024).toFixed(2)} MB)`);
