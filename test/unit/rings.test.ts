import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers';

const script = join(repoRoot, 'scripts', 'check-rings.mjs');

function checkTree(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-rings-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return spawnSync(process.execPath, [script], { env: { ...process.env, BULKHEAD_RINGS_ROOT: root }, encoding: 'utf8' });
}

describe('ring boundaries', () => {
  it('the repository keeps its rings', () => {
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
  it('fails on vscode or Node in the core, and on vscode outside src/vscode', () => {
    const r = checkTree({
      'src/core/a.ts': "import { readFileSync } from 'node:fs';\nimport * as vscode from 'vscode';\nimport { x } from '../node/b';\n",
      'src/core/c.ts': "import { join } from 'path';\nexport const home = process.env.HOME;\n",
      'src/node/b.ts': "import * as vscode from 'vscode';\nexport const x = 1;\n",
      'src/cli/d.ts': "import { y } from '../vscode/e';\n",
      'src/vscode/e.ts': "import * as vscode from 'vscode';\nexport const y = 1;\n",
    });
    assert.equal(r.status, 1);
    for (const expected of [
      'src/core/a.ts:1: src/core may not import the Node built-in node:fs',
      'src/core/a.ts:2: only src/vscode may import vscode',
      'src/core/a.ts:3: src/core may not import src/node/b',
      'src/core/c.ts:1: src/core may not import the Node built-in path',
      'src/core/c.ts: src/core may not touch process',
      'src/node/b.ts:1: only src/vscode may import vscode',
      'src/cli/d.ts:1: cli may not import src/vscode/e',
    ]) assert.ok(r.stderr.includes(expected), `missing: ${expected}\n${r.stderr}`);
    assert.ok(!r.stderr.includes('src/vscode/e.ts'));
  });
});
