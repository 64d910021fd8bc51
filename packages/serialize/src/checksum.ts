/**
 * Artifact checksums. `mx32` is what artifacts use (format version 2): four lanes of xor, 32-bit multiply and
 * xorshift over the little-endian 32-bit words, about twice as fast in JavaScript as xxHash32 because loading
 * must beat compiling by an order of magnitude and hashes every byte of the artifact. Every step is a bijection
 * of the lane for a fixed word and of the word for a fixed lane, so changing any one 32-bit word (every burst of
 * up to 32 bits that does not straddle a word boundary) is always detected; other accidental corruption goes
 * unnoticed with probability about 2^-32. It is not a signature and not collision-resistant (anyone can make
 * two artifacts with one checksum), which is fine because the checksum only detects truncation and accidental
 * corruption: deserialization verifies the artifact's structure anyway and treats it as untrusted.
 * `xxhash32` (the reference algorithm of github.com/Cyan4973/xxHash, seed 0) was the format version 1 checksum;
 * it stays for tools and tests.
 */

const P1 = 0x9e3779b1 | 0;
const P2 = 0x85ebca77 | 0;
const P3 = 0xc2b2ae3d | 0;
const P4 = 0x27d4eb2f | 0;
const P5 = 0x165667b1 | 0;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** `bytes`' 32-bit little-endian words (its first `length >>> 2 << 2` bytes) as an Int32Array. */
function wordsOf(bytes: Uint8Array): Int32Array {
  const n = bytes.length >>> 2;
  if (LITTLE_ENDIAN && (bytes.byteOffset & 3) === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, n);
  const words = new Int32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) words[i] = view.getInt32(i * 4, true);
  return words;
}

/**
 * The mx32 checksum of `bytes`, as an unsigned 32-bit number: lanes `a b c d` start at 1, 2, 3, 4; word `i`
 * goes to lane `i mod 4` as `x = imul(x ^ word, 0x9e3779b1); x ^= x >>> 15`; the last 1 to 3 bytes, if any,
 * form one more word (zero-padded, little-endian) for lane `a`; then
 * `h = a ^ rotl(b, 8) ^ rotl(c, 16) ^ rotl(d, 24) ^ length` and the murmur3 finaliser (`h ^= h >>> 16;
 * h = imul(h, 0x85ebca6b); h ^= h >>> 13; h = imul(h, 0xc2b2ae35); h ^= h >>> 16`).
 */
export function mx32(bytes: Uint8Array): number {
  const words = wordsOf(bytes);
  const n = words.length;
  let a = 1;
  let b = 2;
  let c = 3;
  let d = 4;
  let i = 0;
  for (const end = n - 3; i < end; i += 4) {
    a = Math.imul(a ^ words[i]!, P1);
    b = Math.imul(b ^ words[i + 1]!, P1);
    c = Math.imul(c ^ words[i + 2]!, P1);
    d = Math.imul(d ^ words[i + 3]!, P1);
    a ^= a >>> 15;
    b ^= b >>> 15;
    c ^= c >>> 15;
    d ^= d >>> 15;
  }
  if (i < n) {
    a = Math.imul(a ^ words[i]!, P1);
    a ^= a >>> 15;
  }
  if (i + 1 < n) {
    b = Math.imul(b ^ words[i + 1]!, P1);
    b ^= b >>> 15;
  }
  if (i + 2 < n) {
    c = Math.imul(c ^ words[i + 2]!, P1);
    c ^= c >>> 15;
  }
  const tail = bytes.length & 3;
  if (tail !== 0) {
    let t = 0;
    for (let k = bytes.length - 1; k >= bytes.length - tail; k--) t = (t << 8) | bytes[k]!;
    a = Math.imul(a ^ t, P1);
    a ^= a >>> 15;
  }
  let h = a ^ rotl(b, 8) ^ rotl(c, 16) ^ rotl(d, 24) ^ bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** xxHash32 of `bytes` with seed 0, as an unsigned 32-bit number (the format version 1 checksum). */
export function xxhash32(bytes: Uint8Array): number {
  const n = bytes.length;
  const words = wordsOf(bytes);
  let h: number;
  let w = 0;
  const stripes = n >>> 4;
  if (stripes > 0) {
    let v1 = (P1 + P2) | 0;
    let v2 = P2;
    let v3 = 0;
    let v4 = -P1 | 0;
    for (let s = 0; s < stripes; s++, w += 4) {
      v1 = Math.imul(rotl((v1 + Math.imul(words[w]!, P2)) | 0, 13), P1);
      v2 = Math.imul(rotl((v2 + Math.imul(words[w + 1]!, P2)) | 0, 13), P1);
      v3 = Math.imul(rotl((v3 + Math.imul(words[w + 2]!, P2)) | 0, 13), P1);
      v4 = Math.imul(rotl((v4 + Math.imul(words[w + 3]!, P2)) | 0, 13), P1);
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = P5;
  }
  h = (h + n) | 0;
  for (; w < n >>> 2; w++) h = Math.imul(rotl((h + Math.imul(words[w]!, P3)) | 0, 17), P4);
  for (let i = w * 4; i < n; i++) h = Math.imul(rotl((h + Math.imul(bytes[i]!, P5)) | 0, 11), P1);
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}
