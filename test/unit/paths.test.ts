import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basename, normalizePath, relativeTo, resolvePath } from '../../src/core/paths';
import { loadPolicy } from '../../src/core/policy/load';

describe('paths', () => {
  it('resolves relative, absolute, home and dot paths', () => {
    assert.equal(resolvePath('/a/b', 'c'), '/a/b/c');
    assert.equal(resolvePath('/', 'c'), '/c');
    assert.equal(resolvePath('/a/b', '../c/./d'), '/a/c/d');
    assert.equal(resolvePath('/a/b', '/x//y/'), '/x/y');
    assert.equal(resolvePath('/a/b', '~/x', '/home/dev'), '/home/dev/x');
    assert.equal(resolvePath('/a/b', '~', '/home/dev'), '/home/dev');
    assert.equal(resolvePath('/a/b', '..'), '/a');
    assert.equal(resolvePath('/a/b', '.'), '/a/b');
    assert.equal(normalizePath('/../..'), '/');
  });
  it('relates paths to a root', () => {
    assert.equal(relativeTo('/ws', '/ws/infra/x'), 'infra/x');
    assert.equal(relativeTo('/ws', '/ws'), '.');
    assert.equal(relativeTo('/ws', '/wsx/a'), undefined);
    assert.equal(basename('/a/b/'), 'b');
  });
});

describe('compiled glob matchers agree with their patterns', () => {
  const policy = loadPolicy(
    'version: 1\nenvironments:\n  e:\n    targets:\n      host: ["*.prod.acme.internal", "db.ACME.com", "api-{eu,us}-*.acme.io"]\n      resource: ["acme-prod-*", "*-backup", "x?z", "[ab]-log"]\n      path: ["infra/envs/prod/**"]\n',
    '/ws/.bulkhead.yaml', '/ws',
  ).policy;
  const matches = (kind: string, value: string) => policy!.environments[0].targets.get(kind)!.some((m) => m.test(value));
  it('matches hosts case-insensitively, with prefix, suffix and brace patterns', () => {
    assert.ok(matches('host', 'db.prod.acme.internal'));
    assert.ok(matches('host', 'DB.Prod.Acme.Internal'));
    assert.ok(matches('host', 'db.acme.com'));
    assert.ok(matches('host', 'api-eu-1.acme.io'));
    assert.ok(!matches('host', 'api-ap-1.acme.io'));
    assert.ok(!matches('host', 'prod.acme.internal.evil.com'));
  });
  it('matches resource globs with ?, [] and suffixes', () => {
    assert.ok(matches('resource', 'acme-prod-db'));
    assert.ok(matches('resource', 'nightly-backup'));
    assert.ok(matches('resource', 'xyz'));
    assert.ok(matches('resource', 'a-log'));
    assert.ok(!matches('resource', 'c-log'));
    assert.ok(!matches('resource', 'acme-staging-db'));
  });
  it('matches path globs below a folder, and the folder given with a trailing slash', () => {
    assert.ok(matches('path', 'infra/envs/prod/main.tf'));
    assert.ok(matches('path', 'infra/envs/prod/'));
    assert.ok(!matches('path', 'infra/envs/production/main.tf'));
  });
});
