import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDotenv } from '../../src/core/credentials/dotenv';
import { pastedCredentials } from '../../src/core/credentials/known';
import { loadPolicy, type Policy } from '../../src/core/policy/load';
import { credentialLookup, fingerprintKey, fingerprinter, newIndex } from '../../src/node/credentials/fingerprints';
import { fixturePolicy, repoRoot } from '../helpers';

// Values shaped like the real ones, assembled so that this file itself holds no token a scanner flags.
const join2 = (...parts: string[]) => parts.join('');
const github = join2('ghp_', 'R7uT2kQ9wXa4LmZ8cV1bN6yH3sD5fG0jK2pE');
const railway = '8f2b6c1e-4d0a-4c4e-9a57-2b1d9e0c7f31';
const dbPassword = 'Zq8vLx3mPw9rTk2n';

const policy = fixturePolicy();

describe('dotenv values', () => {
  it('reads export prefixes, quotes, multi-line double quotes and trailing comments', () => {
    const entries = parseDotenv('# c\nexport A=1 # note\nB="two\nlines"\nC=\'x y\'\n\nD = spaced\n');
    assert.deepEqual(entries.map((e) => [e.name, e.value, e.line]), [['A', '1', 2], ['B', 'two\nlines', 3], ['C', 'x y', 5], ['D', 'spaced', 7]]);
  });
});

describe('credential fingerprints', () => {
  const home = () => mkdtempSync(join(tmpdir(), 'bulkhead-fp-'));

  it('keys them per user: a 0600 key made once, the same value gives the same fingerprint, another key another', () => {
    const h = home();
    const key = fingerprintKey(h);
    assert.equal(statSync(join(h, '.bulkhead', 'fingerprint.key')).mode & 0o777, 0o600);
    assert.deepEqual(fingerprintKey(h), key);
    const a = fingerprinter(key)(railway);
    assert.equal(a, fingerprinter(key)(railway));
    assert.notEqual(a, fingerprinter(fingerprintKey(home()))(railway));
    assert.notEqual(a, fingerprinter(key)(railway.toUpperCase()));
  });

  it('knows the values of the policy\'s secret files and listed variables, and nothing shorter or plainer', () => {
    const root = mkdtempSync(join(tmpdir(), 'bulkhead-ws-'));
    writeFileSync(join(root, '.env.production'), `RAILWAY_TOKEN=${railway}\nNODE_ENV=production\nPORT=5432\nPROD_DATABASE_URL=postgres://app:${dbPassword}@db.acme.com/acme_prod\n`);
    const rooted = policyAt(root);
    const lookup = credentialLookup(rooted, { RAILWAY_STAGING_TOKEN: github }, home())!;
    assert.deepEqual(lookup(railway), { environment: 'production', source: '.env.production' });
    assert.deepEqual(lookup(dbPassword), { environment: 'production', source: '.env.production' });
    assert.deepEqual(lookup(github), { environment: 'staging', source: '$RAILWAY_STAGING_TOKEN' });
    assert.equal(lookup('production'), undefined);
    assert.equal(lookup('5432'), undefined);
    assert.equal(lookup(railway.replace('8f2b', '8f2c')), undefined);
  });

  it('finds a credential pasted into a line, inside a header, a flag\'s value or a URL', () => {
    const known = new Set([railway, dbPassword]);
    const lookup = (v: string) => (known.has(v) ? { environment: 'production', source: '.env.production' } : undefined);
    const found = (line: string) => pastedCredentials(line, lookup).found.map((p) => p.value);
    assert.deepEqual(found(`curl -H "Authorization: Bearer ${railway}" x`), [railway]);
    assert.deepEqual(found(`tool --token=${railway}`), [railway]);
    assert.deepEqual(found(`psql postgres://app:${dbPassword}@db.acme.com/acme_prod`), [dbPassword]);
    assert.deepEqual(found('curl -H "Authorization: Bearer 11111111-2222-4333-8444-555555555555" x'), []);
    const long = Array.from({ length: 6000 }, (_, i) => `word${i}xyz`).join(' ');
    assert.equal(pastedCredentials(long, lookup).exhausted, true);
  });

  it('the index hashes only pieces as long as a value it holds', () => {
    const index = newIndex(policy, Buffer.alloc(32, 7));
    index.add(railway, 'production', '.env.production');
    let hashed = 0;
    const counting = newIndex(policy, Buffer.alloc(32, 7));
    Object.defineProperty(counting, 'fingerprint', { value: (v: string) => (hashed++, v) });
    counting.add(railway, 'production', '.env.production');
    hashed = 0;
    counting.lookup('short-piece');
    assert.equal(hashed, 0);
    assert.deepEqual(index.lookup(railway), { environment: 'production', source: '.env.production' });
  });
});

function policyAt(root: string): Policy {
  const file = join(repoRoot, 'test', 'fixtures', 'policy.yaml');
  const result = loadPolicy(readFileSync(file, 'utf8'), file, root);
  if (!result.policy) throw new Error('fixture policy is broken');
  return result.policy;
}
