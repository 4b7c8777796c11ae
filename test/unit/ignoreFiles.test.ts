import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadPolicy } from '../../src/core/policy/load';
import {
  applyBlock, claudeAbsolute, hiddenEnvironments, ignoreFileNames, inspectBlock, markerOf, readBlock, readTextFile, removeBlock, scanMarkedFiles,
  secretSet, writeIgnoreFile,
} from '../../src/node/ignoreFiles';

const base = mkdtempSync(join(tmpdir(), 'bulkhead-ignore-'));
after(() => rmSync(base, { recursive: true, force: true }));

const policyText = `version: 1
default: staging
environments:
  local: { protection: open, secrets: [.env.local] }
  staging: { protection: guarded, secrets: [.env.staging, "config/{stg,staging}.env"] }
  production: { protection: critical, secrets: [.env.production, config/prod.env, "**/prod-*.pem", "!odd#name"] }
`;

function policyAt(root: string, text = policyText) {
  const result = loadPolicy(text, join(root, '.bulkhead.yaml'), root);
  assert.ok(result.policy, JSON.stringify(result.diagnostics));
  return result.policy;
}

describe('which files are hidden', () => {
  test('other environments and every critical one, never the active non-critical one', () => {
    const policy = policyAt('/ws');
    assert.deepEqual(hiddenEnvironments(policy, 'staging').map((e) => e.name), ['local', 'production']);
    assert.deepEqual(hiddenEnvironments(policy, 'production').map((e) => e.name), ['local', 'staging', 'production']);
    assert.deepEqual(hiddenEnvironments(policy, 'read-only').map((e) => e.name), ['local', 'staging', 'production']);
  });

  test('ignore lines and Claude Code rules from globs and marked files', () => {
    const policy = policyAt('/ws');
    const set = secretSet(policy, 'local', '/ws', [{ path: 'deploy/secrets.env', environment: 'production' }, { path: 'dev/.env', environment: 'local' }], 'linux');
    assert.deepEqual(set.environments, ['staging', 'production']);
    assert.deepEqual(set.ignorePatterns, ['.env.staging', '/config/stg.env', '/config/staging.env', '.env.production', '/config/prod.env', '**/prod-*.pem', '\\!odd#name', '/deploy/secrets.env']);
    assert.deepEqual(set.claudeDeny, [
      'Read(//ws/**/.env.staging)', 'Read(//ws/config/stg.env)', 'Read(//ws/config/staging.env)', 'Read(//ws/**/.env.production)', 'Read(//ws/config/prod.env)',
      'Read(//ws/**/prod-*.pem)', 'Read(//ws/**/!odd#name)', 'Read(//ws/deploy/secrets.env)',
    ]);
  });

  test('a policy above the workspace folder: globs are rebased, the ones outside are reported', () => {
    const policy = policyAt('/repo', 'version: 1\nenvironments:\n  production: { protection: critical, secrets: [apps/web/.env.prod, infra/prod.tfvars, "**/x.key", .env.production] }\n');
    const set = secretSet(policy, 'production', '/repo/apps/web', [], 'linux');
    assert.deepEqual(set.ignorePatterns, ['/.env.prod', '**/x.key', '.env.production']);
    assert.deepEqual(set.skipped, ['production: infra/prod.tfvars']);
    assert.ok(set.claudeDeny.includes('Read(//repo/infra/prod.tfvars)'));
  });

  test('Windows paths in Claude Code rules', () => {
    assert.equal(claudeAbsolute('C:\\Users\\dev\\acme\\.env.production', 'win32'), '//c/Users/dev/acme/.env.production');
  });

  test('marker comments in the first lines', () => {
    assert.equal(markerOf('# bulkhead: production\nDB=x\n'), 'production');
    assert.equal(markerOf('#!/bin/sh\n# managed by ops\n#   bulkhead:   staging  \n'), 'staging');
    assert.equal(markerOf('// bulkhead: production'), 'production');
    assert.equal(markerOf('a\nb\nc\nd\ne\n# bulkhead: production\n'), undefined);
    assert.equal(markerOf('# bulkhead: production please'), undefined);
  });

  test('scanning a tree: marked files found, dependencies skipped, the walk bounded', () => {
    const root = join(base, 'scan');
    mkdirSync(join(root, 'deploy'), { recursive: true });
    mkdirSync(join(root, 'node_modules/pkg'), { recursive: true });
    writeFileSync(join(root, 'deploy/prod.env'), '# bulkhead: production\nTOKEN=1\n');
    writeFileSync(join(root, 'node_modules/pkg/.env'), '# bulkhead: production\n');
    writeFileSync(join(root, 'README.md'), '# Readme\n');
    writeFileSync(join(root, 'binary.bin'), Buffer.from([0, 35, 32, 98]));
    assert.deepEqual(scanMarkedFiles(root).files, [{ path: 'deploy/prod.env', environment: 'production' }]);
    assert.equal(scanMarkedFiles(root, { maxFiles: 1 }).truncated, true);
  });
});

describe('the managed block', () => {
  const patterns = ['.env.production', '/config/prod.env'];

  test("appended after the user's lines, which stay as they were; removal restores the bytes", () => {
    const original = '# mine\nnode_modules/\n!keep.env\n';
    const withBlock = applyBlock(original, patterns, ['production'])!;
    assert.ok(withBlock.startsWith(original));
    assert.equal(withBlock.slice(original.length), '# >>> bulkhead (managed) secret files of production; Bulkhead rewrites this block, edit .bulkhead.yaml instead\n.env.production\n/config/prod.env\n# <<< bulkhead\n');
    assert.equal(applyBlock(withBlock, patterns, ['production']), withBlock, 'idempotent');
    assert.equal(removeBlock(withBlock), original);
  });

  test('a file without a final newline gets it back without one', () => {
    const original = 'dist/\n*.log';
    const withBlock = applyBlock(original, patterns, ['production'])!;
    assert.match(withBlock, /^dist\/\n\*\.log\n# >>> bulkhead \(managed, newline added\)/);
    assert.equal(removeBlock(withBlock), original);
  });

  test('a file Bulkhead created is deleted again; an existing empty one stays empty', () => {
    const created = applyBlock(undefined, patterns, ['production'])!;
    assert.match(created, /^# >>> bulkhead \(managed, new file\)/);
    assert.equal(removeBlock(created), undefined);
    assert.equal(removeBlock(applyBlock('', patterns, ['production'])), '');
  });

  test('updated in place when the environment changes; lines the user added after it are kept', () => {
    const original = 'a\n';
    let text = applyBlock(original, patterns, ['production'])! + 'added-later\n';
    text = applyBlock(text, ['.env.staging'], ['staging'])!;
    assert.equal(text, 'a\n# >>> bulkhead (managed) secret files of staging; Bulkhead rewrites this block, edit .bulkhead.yaml instead\n.env.staging\n# <<< bulkhead\nadded-later\n');
    assert.equal(removeBlock(text), 'a\nadded-later\n');
    assert.equal(applyBlock(text, [], []), 'a\nadded-later\n', 'no secrets left: the block goes');
  });

  test('CRLF files', () => {
    const original = 'a\r\nb\r\n';
    const text = applyBlock(original, patterns, ['production'])!;
    assert.ok(!/[^\r]\n/.test(text));
    assert.equal(removeBlock(text), original);
  });

  test('an edited block is weakened; a deleted one is absent', () => {
    const text = applyBlock('x\n', patterns, ['production'])!;
    assert.equal(inspectBlock(text, patterns).state, 'ok');
    const edited = text.replace('/config/prod.env\n', '');
    assert.deepEqual(inspectBlock(edited, patterns), { state: 'weakened', missing: ['/config/prod.env'] });
    assert.equal(inspectBlock(text.replace('# <<< bulkhead\n', ''), patterns).state, 'weakened');
    assert.equal(inspectBlock('x\n', patterns).state, 'absent');
    assert.equal(readBlock(edited)?.patterns.length, 1);
  });

  test('every ignore file, on disk: install, update, remove', () => {
    const root = join(base, 'disk');
    mkdirSync(root);
    writeFileSync(join(root, '.cursorignore'), 'build/\n');
    writeFileSync(join(root, '.aiderignore'), '*.lock');
    const policy = policyAt(root);
    const originals = new Map(ignoreFileNames.map((n) => [n, readTextFile(join(root, n))]));
    const write = (active: string) => {
      const set = secretSet(policy, active, root, []);
      for (const name of ignoreFileNames) {
        const path = join(root, name);
        const before = readTextFile(path);
        writeIgnoreFile(path, before, applyBlock(before, set.ignorePatterns, set.environments));
      }
    };
    write('staging');
    for (const name of ignoreFileNames) assert.equal(inspectBlock(readTextFile(join(root, name)), secretSet(policy, 'staging', root, []).ignorePatterns).state, 'ok', name);
    assert.ok(readFileSync(join(root, '.cursorignore'), 'utf8').startsWith('build/\n# >>> bulkhead'));
    write('local');
    assert.match(readFileSync(join(root, '.geminiignore'), 'utf8'), /\.env\.staging/);
    for (const name of ignoreFileNames) {
      const path = join(root, name);
      const before = readTextFile(path);
      writeIgnoreFile(path, before, removeBlock(before));
      assert.equal(readTextFile(path), originals.get(name), name);
      assert.equal(existsSync(path), originals.get(name) !== undefined, name);
    }
  });
});
