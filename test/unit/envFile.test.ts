import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envKeyNames, envValues, isSealedStub, sealedStub } from '../../src/core/envFile';

const text = '# production\r\nexport RAILWAY_TOKEN="rw-prod-1234"\r\nDATABASE_URL=postgres://app:s3cret@db/acme # main\r\n#COMMENTED=x\r\nKEY=\'single # not a comment\'\r\nMULTI="a\\nb"\r\nLONG="first\nsecond"\nEMPTY=\n';

test('the keys a .env file sets, in order, commented ones left out', () => {
  assert.deepEqual(envKeyNames(text), ['RAILWAY_TOKEN', 'DATABASE_URL', 'KEY', 'MULTI', 'LONG', 'EMPTY']);
});

test('values as dotenv reads them: quotes, escapes, trailing comments, multi-line quoted values', () => {
  const values = envValues(text);
  assert.equal(values.get('RAILWAY_TOKEN'), 'rw-prod-1234');
  assert.equal(values.get('DATABASE_URL'), 'postgres://app:s3cret@db/acme');
  assert.equal(values.get('KEY'), 'single # not a comment');
  assert.equal(values.get('MULTI'), 'a\nb');
  assert.equal(values.get('LONG'), 'first\nsecond');
  assert.equal(values.get('EMPTY'), '');
  assert.equal(values.has('COMMENTED'), false);
});

test('the stub names the keys, keeps the line endings, and holds no value', () => {
  const stub = sealedStub('production', envKeyNames(text), '\r\n');
  assert.ok(isSealedStub(stub));
  assert.match(stub, /\r\n# RAILWAY_TOKEN\r\n/);
  assert.ok(!stub.includes('rw-prod-1234') && !stub.includes('s3cret'));
  assert.equal(isSealedStub(text), false);
});
