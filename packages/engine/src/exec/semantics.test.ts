/**
 * Unit tests of the pure operator semantics: traps with the spec's wording at the exact boundaries, saturation,
 * ties-to-even rounding, and the single rounding of i64→f32.
 */
import { describe, expect, it } from 'vitest';
import { Trap } from '../errors.js';
import * as S from './semantics.js';

const reason = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Trap).reason;
  }
  return 'no trap';
};

describe('integer division', () => {
  it('traps on zero and on the one overflowing quotient', () => {
    expect(reason(() => S.i32_div_s(1, 0))).toBe('integer divide by zero');
    expect(reason(() => S.i32_div_s(-0x80000000, -1))).toBe('integer overflow');
    expect(S.i32_rem_s(-0x80000000, -1)).toBe(0);
    expect(Object.is(S.i32_rem_s(-0x80000000, -1), 0)).toBe(true);
    expect(S.i32_div_u(-1, 2)).toBe(0x7fffffff);
    expect(S.i32_rem_u(-1, 10)).toBe(5);
    expect(reason(() => S.i64_div_s(-(2n ** 63n), -1n))).toBe('integer overflow');
    expect(S.i64_rem_s(-(2n ** 63n), -1n)).toBe(0n);
    expect(S.i64_div_u(-1n, 2n)).toBe(2n ** 63n - 1n);
    expect(reason(() => S.i64_rem_u(1n, 0n))).toBe('integer divide by zero');
  });
});

describe('bit counts', () => {
  it('counts bits of 32- and 64-bit values', () => {
    expect([S.i32_ctz(0), S.i32_ctz(8), S.i32_ctz(-0x80000000)]).toEqual([32, 3, 31]);
    expect([S.i32_popcnt(0), S.i32_popcnt(-1), S.i32_popcnt(0x55)]).toEqual([0, 32, 4]);
    expect([S.i64_clz(0, 0), S.i64_clz(1, 0), S.i64_clz(0, 1)]).toEqual([64, 63, 31]);
    expect([S.i64_ctz(0, 0), S.i64_ctz(0, 1)]).toEqual([64, 32]);
  });
});

describe('float → integer', () => {
  it('traps on NaN and out-of-range values, at the exact boundaries', () => {
    expect(reason(() => S.i32_trunc_s(NaN))).toBe('invalid conversion to integer');
    expect(S.i32_trunc_s(-2147483648.9)).toBe(-2147483648);
    expect(reason(() => S.i32_trunc_s(2147483648))).toBe('integer overflow');
    expect(S.i32_trunc_u(-0.9)).toBe(0);
    expect(S.i32_trunc_u(4294967295.5)).toBe(-1);
    expect(reason(() => S.i32_trunc_u(-1))).toBe('integer overflow');
    expect(S.i64_trunc_s(-9223372036854775808)).toBe(-(2n ** 63n));
    expect(reason(() => S.i64_trunc_s(9223372036854775808))).toBe('integer overflow');
    expect(S.i64_trunc_u(18446744073709549568)).toBe(-2048n);
    expect(reason(() => S.i64_trunc_u(18446744073709551616))).toBe('integer overflow');
  });

  it('saturates', () => {
    expect([S.i32_trunc_sat_s(NaN), S.i32_trunc_sat_s(-1e10), S.i32_trunc_sat_s(1e10)]).toEqual([0, -2147483648, 2147483647]);
    expect([S.i32_trunc_sat_u(-5), S.i32_trunc_sat_u(1e10), S.i32_trunc_sat_u(3.7)]).toEqual([0, -1, 3]);
    expect([S.i64_trunc_sat_s(-Infinity), S.i64_trunc_sat_s(Infinity)]).toEqual([-(2n ** 63n), 2n ** 63n - 1n]);
    expect([S.i64_trunc_sat_u(NaN), S.i64_trunc_sat_u(1e30)]).toEqual([0n, -1n]);
  });
});

describe('integer → float and nearest', () => {
  it('rounds i64 → f32 once', () => {
    const f = (v: bigint) => Math.fround(S.f32_convert_i64_s(v));
    expect(f(2n ** 60n + 2n ** 36n + 1n)).toBe(Math.fround(2 ** 60 + 2 ** 37));
    expect(f(2n ** 60n + 2n ** 36n)).toBe(2 ** 60);
    expect(f(-(2n ** 63n))).toBe(-(2 ** 63));
    expect(f(16777217n)).toBe(16777216);
    expect(Math.fround(S.f32_convert_i64_u(-1n))).toBe(2 ** 64);
  });

  it('rounds half to even and keeps the sign of zero', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 4503599627370497].map(S.nearest)).toEqual([
      0, 2, 2, -0, -2, -2, 0, 4503599627370497,
    ]);
    expect(Object.is(S.nearest(-0.4), -0)).toBe(true);
    expect(Object.is(S.nearest(0.5), 0)).toBe(true);
    expect(S.nearest(NaN)).toBeNaN();
  });
});
