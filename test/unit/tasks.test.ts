import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { Evaluator, maxTaskFileBytes } from '../../src/node/evaluator';
import { maxTaskDepth } from '../../src/core/tasks/run';
import { fixturePolicy } from '../helpers';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-tasks-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function evaluate(line: string, cwd: string) {
  const evaluator = await Evaluator.create();
  return evaluator.evaluate(line, { policy: fixturePolicy(), active: 'staging', cwd, env: { HOME: '/home/dev', PATH: '/usr/bin:/bin' } });
}

describe('task runners read from the workspace on disk', () => {
  it('reads the Makefile, package.json and a script with its arguments', async () => {
    const root = workspace({
      Makefile: 'deploy:\n\t@./scripts/go.sh prod-eu-1\n',
      'scripts/go.sh': '#!/bin/sh\nkubectl --context "$1" delete ns api\n',
      'package.json': JSON.stringify({ scripts: { build: 'tsc', release: 'make deploy' } }),
    });
    for (const line of ['make deploy', 'npm run release', './scripts/go.sh prod-eu-1']) {
      const r = await evaluate(line, root);
      assert.equal(r.decision, 'block', `${line}: ${r.reason}`);
      assert.equal(r.target, 'production', line);
    }
    const made = await evaluate('make deploy', root);
    assert.deepEqual(made.commands.find((c) => c.program === 'kubectl')?.via, ['make deploy', './scripts/go.sh']);
    assert.equal((await evaluate('npm run build', root)).decision, 'allow');
  });

  it('a file past the size bound, or a FIFO where the Makefile belongs, is unknown and says which bound', async () => {
    const root = workspace({ 'scripts/big.sh': `# ${'x'.repeat(maxTaskFileBytes)}\n` });
    const big = await evaluate('./scripts/big.sh', root);
    assert.equal(big.decision, 'confirm');
    assert.match(big.reason, new RegExp(`${maxTaskFileBytes} bytes`));
    const fifo = workspace({});
    execFileSync('mkfifo', [join(fifo, 'Makefile')]);
    const piped = await evaluate('make test', fifo);
    assert.equal(piped.decision, 'confirm');
    assert.match(piped.reason, /FIFO/);
  });

  it('runners nested past the depth bound are unknown, and say so', async () => {
    const scripts: Record<string, string> = {};
    for (let i = 0; i <= maxTaskDepth + 1; i++) scripts[`s${i}`] = `npm run s${i + 1}`;
    const root = workspace({ 'package.json': JSON.stringify({ scripts }) });
    const r = await evaluate('npm run s0', root);
    assert.equal(r.decision, 'confirm');
    assert.ok(r.rules.includes('tasks.too-deep'), r.rules.join());
  });

  it('judges by name when the workspace holds no body, and the reason says so', async () => {
    const r = await evaluate('make destroy-production', workspace({}));
    assert.equal(r.decision, 'block');
    assert.match(r.reason, /no Makefile here; judged by its name/);
  });
});
