/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104), byte for byte what node:crypto computes. The
 * agent hook is a new process for every tool call and hashes a few short texts (state file names,
 * the audit chain, credential fingerprints); loading node:crypto cost it more than all of them.
 */

const roundConstants = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const initialState = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const blockBytes = 64;

/**
 * Folds the 64-byte block at `offset` into `state`; `w` is scratch space for the message schedule.
 * The rotations are written out: a hook process runs this in V8's interpreter, where a call per
 * rotation was most of the cost.
 */
function compress(state: Uint32Array, block: Uint8Array, offset: number, w: Uint32Array): void {
  for (let i = 0; i < 16; i++) {
    const at = offset + i * 4;
    w[i] = (block[at] << 24) | (block[at + 1] << 16) | (block[at + 2] << 8) | block[at + 3];
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15];
    const y = w[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  let a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + roundConstants[i] + w[i]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

/** The digest of `message`, hashed on from `start`, a state that has taken `before` bytes already. */
function finish(start: Uint32Array, before: number, message: Uint8Array): Uint8Array {
  const state = start.slice();
  const w = new Uint32Array(64);
  const whole = message.length - (message.length % blockBytes);
  for (let offset = 0; offset < whole; offset += blockBytes) compress(state, message, offset, w);
  const rest = message.length - whole;
  const tail = new Uint8Array(rest < blockBytes - 8 ? blockBytes : 2 * blockBytes);
  tail.set(message.subarray(whole));
  tail[rest] = 0x80;
  const bits = (before + message.length) * 8;
  const view = new DataView(tail.buffer);
  view.setUint32(tail.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(tail.length - 4, bits >>> 0);
  for (let offset = 0; offset < tail.length; offset += blockBytes) compress(state, tail, offset, w);
  const digest = new Uint8Array(32);
  const out = new DataView(digest.buffer);
  for (let i = 0; i < 8; i++) out.setUint32(i * 4, state[i]);
  return digest;
}

export function sha256(message: Uint8Array): Uint8Array {
  return finish(initialState, 0, message);
}

/** HMAC-SHA-256 with `key`: the key's padded blocks are hashed once, for every message after. */
export function hmacSha256(key: Uint8Array): (message: Uint8Array) => Uint8Array {
  const padded = new Uint8Array(blockBytes);
  padded.set(key.length > blockBytes ? sha256(key) : key);
  const prefixState = (xor: number): Uint32Array => {
    const state = initialState.slice();
    compress(state, padded.map((byte) => byte ^ xor), 0, new Uint32Array(64));
    return state;
  };
  const inner = prefixState(0x36);
  const outer = prefixState(0x5c);
  return (message) => finish(outer, blockBytes, finish(inner, blockBytes, message));
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Whether two byte strings are equal, in a time that does not depend on where they differ (only on their length). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}
