/**
 * The 64-bit halves operators against a bigint reference, on edge values and pseudo-random ones, for every shift
 * amount 0..64 and more (amounts are taken mod 64), with the destination equal to the operand too.
 */
import { describe, expect, it } from 'vitest';
import * as H from './i64-ops.js';

const mem = new Int32Array(8);
const big = new BigInt64Array(mem.buffer);
const EDGE = [0n, 1n, -1n, 2n ** 31n, 2n ** 32n, -(2n ** 63n), 2n ** 63n - 1n, 0x0123456789abcdefn, -0x5555n];
let seed = 12345;
const rand = () => {
  let v = 0n;
  for (let k = 0; k < 4; k++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    v = (v << 16n) | BigInt(seed >>> 16);
  }
  return BigInt.asIntN(64, v);
};
const VALUES = [...EDGE, ...Array.from({ length: 20 }, rand)];

function op(f: (m: Int32Array, d: number, a: number, s: number) => void, v: bigint, s: number, inPlace: boolean): bigint {
  big[0] = v;
  f(mem, inPlace ? 0 : 2, 0, s);
  return big[inPlace ? 0 : 1]!;
}

describe('i64 on halves', () => {
  it('compares like bigints, signed and unsigned', () => {
    const sign = (x: number) => Math.sign(x);
    for (const a of VALUES) {
      for (const b of VALUES) {
        big[0] = a;
        big[1] = b;
        expect(sign(H.i64_cmp_s(mem, 0, 2))).toBe(a < b ? -1 : a > b ? 1 : 0);
        const ua = BigInt.asUintN(64, a);
        const ub = BigInt.asUintN(64, b);
        expect(sign(H.i64_cmp_u(mem, 0, 2))).toBe(ua < ub ? -1 : ua > ub ? 1 : 0);
      }
    }
  });

  it('shifts and rotates like bigints for every amount', () => {
    for (const v of VALUES) {
      const u = BigInt.asUintN(64, v);
      for (let s = 0; s <= 70; s++) {
        const k = BigInt(s & 63);
        const rotl = BigInt.asIntN(64, (u << k) | (u >> ((64n - k) & 63n)));
        for (const inPlace of [false, true]) {
          expect(op(H.i64_shl, v, s, inPlace)).toBe(BigInt.asIntN(64, v << k));
          expect(op(H.i64_shr_s, v, s, inPlace)).toBe(v >> k);
          expect(op(H.i64_shr_u, v, s, inPlace)).toBe(BigInt.asIntN(64, u >> k));
          expect(op(H.i64_rotl, v, s, inPlace)).toBe(rotl);
        }
      }
    }
  });
});
