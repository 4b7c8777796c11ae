import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { hmacSha256, sameBytes, sha256, toHex } from '../../src/core/sha256';

const lengths = [...Array.from({ length: 200 }, (_, n) => n), 447, 448, 511, 512, 1000, 4096, 100_000];

test('SHA-256 is node:crypto\'s for every length around the block and padding edges', () => {
  for (const length of lengths) {
    const message = randomBytes(length);
    assert.equal(toHex(sha256(message)), createHash('sha256').update(message).digest('hex'), `length ${length}`);
  }
  assert.equal(toHex(sha256(Buffer.from('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('HMAC-SHA-256 is node:crypto\'s for keys shorter than, as long as and longer than a block, and one key used many times', () => {
  for (const keyLength of [0, 1, 16, 32, 63, 64, 65, 100, 200]) {
    const key = randomBytes(keyLength);
    const hmac = hmacSha256(key);
    for (const length of [0, 1, 31, 55, 56, 63, 64, 65, 119, 120, 500, 5000]) {
      const message = randomBytes(length);
      assert.equal(toHex(hmac(message)), createHmac('sha256', key).update(message).digest('hex'), `key ${keyLength}, message ${length}`);
    }
  }
  const text = 'naïve — 密码 🔑';
  assert.equal(toHex(hmacSha256(Buffer.from('k'))(Buffer.from(text, 'utf8'))), createHmac('sha256', 'k').update(text, 'utf8').digest('hex'));
});

test('byte strings compare equal only when they are the same', () => {
  const bytes = (text: string) => Buffer.from(text);
  assert.equal(sameBytes(bytes('abc'), bytes('abc')), true);
  assert.equal(sameBytes(bytes('abc'), bytes('abd')), false);
  assert.equal(sameBytes(bytes('abc'), bytes('xbc')), false);
  assert.equal(sameBytes(bytes('abc'), bytes('ab')), false);
  assert.equal(sameBytes(bytes(''), bytes('')), true);
});
