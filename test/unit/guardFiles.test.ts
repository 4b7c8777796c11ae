import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guardFileKind, guardFolderKind, managedIgnoreFiles, mayNameGuard } from '../../src/core/fileAccess';
import { engine, fixturePolicy } from '../helpers';

// guardWrite resolves a path only when mayNameGuard says it could be a guard: every guard must pass it.
test('every path guardFileKind knows passes the cheap pre-check, and ordinary paths do not', () => {
  const home = '/home/dev';
  const guards = [
    '/home/dev/acme/.bulkhead.yaml', '/home/dev/acme/sub/.bulkhead.yml', '/home/dev/acme/.cursor/hooks.json',
    '/home/dev/acme/.claude/settings.json', '/home/dev/acme/.claude/settings.local.json', '/home/dev/acme/.github/hooks/bulkhead.json',
    '/home/dev/acme/.github/copilot/settings.json', '/home/dev/.codex/hooks.json', '/home/dev/.codex/config.toml',
    '/home/dev/acme/.clinerules/hooks/PreToolUse', '/home/dev/.copilot/settings.json', '/home/dev/.copilot/hooks/x.json',
    '/home/dev/acme/.gemini/settings.json', '/home/dev/.gemini/settings.json', '/home/dev/acme/.windsurf/hooks.json',
    '/home/dev/acme/.kiro/agents/default.json', '/home/dev/acme/.kiro/hooks/guard.kiro.hook',
    '/home/dev/acme/.kiroignore', '/home/dev/.bulkhead/connections/abc.json', ...[...managedIgnoreFiles].map((name) => `/home/dev/acme/${name}`),
  ];
  for (const path of guards) {
    assert.ok(guardFileKind(fixturePolicy(), path, home), `${path} is a guard`);
    assert.ok(mayNameGuard(path), `${path} passes the pre-check`);
  }
  for (const path of ['/home/dev/acme/src/app.ts', '/home/dev/acme/README.md', '/tmp/build/out.js']) {
    assert.equal(guardFileKind(fixturePolicy(), path, home), undefined);
    assert.equal(mayNameGuard(path), false, path);
  }
});

test('a folder that holds a guard file is a guard to move or remove: hook folders, the policy\'s folders, ~/.bulkhead', async () => {
  const home = '/home/dev';
  const policy = { ...fixturePolicy(), file: '/home/dev/acme/.bulkhead.yaml' };
  for (const path of ['/home/dev/acme/.cursor', '/home/dev/acme/.claude', '/home/dev/acme/.github', '/home/dev/acme/.github/hooks',
    '/home/dev/acme/.clinerules/hooks', '/home/dev/.codex', '/home/dev/acme', '/home/dev', '/home/dev/.bulkhead']) {
    assert.ok(guardFolderKind(policy, path, home), `${path} holds a guard`);
  }
  for (const path of ['/home/dev/acme/src', '/home/dev/acme/.github/workflows', '/home/dev/other', '/tmp/.cursor-cache']) {
    assert.equal(guardFolderKind(policy, path, home), undefined, path);
  }
  const checker = await engine();
  const decide = (line: string) => checker.evaluate(line, { policy, cwd: '/home/dev', env: { HOME: home } }).decision;
  assert.equal(decide('mv acme acme-old'), 'confirm');
  assert.equal(decide('mv acme/notes.txt /tmp/'), 'allow');
});
