import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { ShellParser } from '../core/shell/syntax';
import { announceWasmCompile } from './wasmCompile';

/**
 * Loads tree-sitter's bash grammar. Bundles ship both WASM files next to the script
 * (`dist/`); from source they come from node_modules.
 */
export async function loadBashParser(): Promise<ShellParser> {
  const runtime = locate('web-tree-sitter.wasm', () => require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
  const grammar = locate('tree-sitter-bash.wasm', () => require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-bash.wasm'));
  announceWasmCompile();
  await Parser.init({ locateFile: () => runtime });
  // Bytes rather than a path: web-tree-sitter would read the path with a dynamic import(), which
  // the CLI's cached-code loader (src/cli/start.ts) does not provide.
  const language = await Language.load(readFileSync(grammar));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser as unknown as ShellParser;
}

function locate(file: string, fallback: () => string): string {
  const bundled = join(__dirname, file);
  return existsSync(bundled) ? bundled : fallback();
}
