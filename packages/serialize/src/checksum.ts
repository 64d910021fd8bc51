/**
 * The artifact checksum: xxHash32 (seed 0, the reference algorithm of github.com/Cyan4973/xxHash) over the whole
 * artifact before the checksum field. Four independent lanes of 32-bit multiply-rotate run at memory speed in
 * JavaScript, several times faster than a table CRC-32, which matters because loading must beat compiling by
 * an order of magnitude. It detects truncation and accidental corruption; it is not a signature (anyone can
 * recompute it), which is why deserialization also verifies the artifact's structure.
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

/** xxHash32 of `bytes` with seed 0, as an unsigned 32-bit number. */
export function xxhash32(bytes: Uint8Array): number {
  const n = bytes.length;
  // Read 32-bit little-endian words through an aligned Int32Array view (copy once when unaligned or big-endian).
  let src = bytes;
  if (!LITTLE_ENDIAN || (bytes.byteOffset & 3) !== 0) src = Uint8Array.prototype.slice.call(bytes);
  const words = new Int32Array(src.buffer, src.byteOffset, n >>> 2);
  const word = LITTLE_ENDIAN
    ? (i: number) => words[i]!
    : (i: number) => src[i * 4]! | (src[i * 4 + 1]! << 8) | (src[i * 4 + 2]! << 16) | (src[i * 4 + 3]! << 24);
  let h: number;
  let w = 0;
  const stripes = n >>> 4;
  if (stripes > 0) {
    let v1 = (P1 + P2) | 0;
    let v2 = P2;
    let v3 = 0;
    let v4 = -P1 | 0;
    if (LITTLE_ENDIAN) {
      for (let s = 0; s < stripes; s++, w += 4) {
        v1 = Math.imul(rotl((v1 + Math.imul(words[w]!, P2)) | 0, 13), P1);
        v2 = Math.imul(rotl((v2 + Math.imul(words[w + 1]!, P2)) | 0, 13), P1);
        v3 = Math.imul(rotl((v3 + Math.imul(words[w + 2]!, P2)) | 0, 13), P1);
        v4 = Math.imul(rotl((v4 + Math.imul(words[w + 3]!, P2)) | 0, 13), P1);
      }
    } else {
      for (let s = 0; s < stripes; s++, w += 4) {
        v1 = Math.imul(rotl((v1 + Math.imul(word(w), P2)) | 0, 13), P1);
        v2 = Math.imul(rotl((v2 + Math.imul(word(w + 1), P2)) | 0, 13), P1);
        v3 = Math.imul(rotl((v3 + Math.imul(word(w + 2), P2)) | 0, 13), P1);
        v4 = Math.imul(rotl((v4 + Math.imul(word(w + 3), P2)) | 0, 13), P1);
      }
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = P5;
  }
  h = (h + n) | 0;
  for (; w < n >>> 2; w++) h = Math.imul(rotl((h + Math.imul(word(w), P3)) | 0, 17), P4);
  for (let i = w * 4; i < n; i++) h = Math.imul(rotl((h + Math.imul(bytes[i]!, P5)) | 0, 11), P1);
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}
