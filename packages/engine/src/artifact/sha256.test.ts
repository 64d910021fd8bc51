import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex } from './sha256.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex(utf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it("equals Node's crypto for every length and any split of the input", () => {
    const data = new Uint8Array(300).map((_, i) => (i * 131 + 7) & 0xff);
    for (let n = 0; n <= 300; n += 7) {
      const want = createHash('sha256').update(data.subarray(0, n)).digest('hex');
      expect(sha256Hex(data.subarray(0, n))).toBe(want);
      const cut = n >> 1;
      expect(sha256Hex(data.subarray(0, cut), data.subarray(cut, n))).toBe(want);
    }
    const h = new Sha256();
    for (let i = 0; i < 300; i++) h.update(data.subarray(i, i + 1));
    expect(Buffer.from(h.digest()).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });
});
