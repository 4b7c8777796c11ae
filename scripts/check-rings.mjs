// Enforces the rings of DESIGN.md on every import, so a stray one fails the build:
//   src/core   imports only src/core and the pure libraries below (no vscode, no node:*, no Node built-ins)
//   src/node   never imports vscode or src/vscode
//   src/cli    never imports vscode or src/vscode
//   only src/vscode and src/extension.ts import vscode
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const root = process.env.BULKHEAD_RINGS_ROOT ?? resolve(dirname(new URL(import.meta.url).pathname), '..');
// Libraries that touch neither disk nor network: the core may parse with them.
const pureLibraries = new Set(['yaml', 'minimatch', 'jsonc-parser']);
const builtins = new Set(builtinModules);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(name)) yield path;
  }
}

const importPattern = /(?:^|[;\s])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w.])(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
const problems = [];
for (const file of files(join(root, 'src'))) {
  const rel = relative(root, file);
  const ring = rel.startsWith('src/core/') ? 'core' : rel.startsWith('src/node/') ? 'node' : rel.startsWith('src/cli/') ? 'cli'
    : rel.startsWith('src/vscode/') || rel === 'src/extension.ts' ? 'vscode' : 'other';
  // Comments are blanked (newlines kept, so line numbers hold): an example in a comment is no import.
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:\\'"`])\/\/[^\n]*/g, (m, lead = '') => lead + m.slice(lead.length).replace(/[^\n]/g, ' '));
  for (const m of text.matchAll(importPattern)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const line = text.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0);
    const target = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)) : undefined;
    const where = `${rel}:${line}`;
    if (spec === 'vscode' && ring !== 'vscode') problems.push(`${where}: only src/vscode may import vscode`);
    if (target?.startsWith('src/vscode') && ring !== 'vscode') problems.push(`${where}: ${ring} may not import ${target}`);
    if (target === 'src/extension' && ring !== 'vscode') problems.push(`${where}: ${ring} may not import the extension entry`);
    if (ring !== 'core') continue;
    if (spec.startsWith('node:') || builtins.has(spec)) problems.push(`${where}: src/core may not import the Node built-in ${spec}`);
    else if (target !== undefined && !target.startsWith('src/core') && !target.startsWith('schemas/')) problems.push(`${where}: src/core may not import ${target}`);
    else if (target === undefined && !pureLibraries.has(spec.split('/')[0]) && spec !== 'vscode') problems.push(`${where}: src/core may not import the package ${spec}`);
    if (/\b(process|require|__dirname|Buffer)\s*[.(]/.test(text.replace(/(['"`])(?:\\.|(?!\1).)*\1/g, ''))) {
      problems.push(`${rel}: src/core may not touch process, require, __dirname or Buffer (inputs are passed in)`);
      break;
    }
  }
}
const unique = [...new Set(problems)];
if (unique.length > 0) {
  console.error(`Ring violations (see DESIGN.md, Architecture):\n  ${unique.join('\n  ')}`);
  process.exit(1);
}
