import { describe, expect, it } from 'vitest';
import { parseF32, parseF64, parseI32, parseI64, parseU32 } from './numbers.js';

const f32 = (x: number) => new Uint32Array(Float32Array.of(x).buffer)[0]!;
const f64 = (x: number) => new BigUint64Array(Float64Array.of(x).buffer)[0]!;

describe('integer literals', () => {
  it('reads decimal, hex, signs and underscores', () => {
    expect(parseI32('0')).toBe(0);
    expect(parseI32('-1')).toBe(-1);
    expect(parseI32('+42')).toBe(42);
    expect(parseI32('0xffff_ffff')).toBe(-1);
    expect(parseI32('4294967295')).toBe(-1);
    expect(parseI32('-0x8000_0000')).toBe(-0x8000_0000);
    expect(parseI32('1_000_000')).toBe(1_000_000);
    expect(parseI64('0xffffffffffffffff')).toBe(-1n);
    expect(parseI64('-9223372036854775808')).toBe(-(2n ** 63n));
    expect(parseU32('0x10')).toBe(16);
  });

  it('rejects what is not an integer, and what does not fit', () => {
    for (const bad of ['', '0x', '1_', '_1', '1__0', '0x_1', '1x', '--1', 'one', '1.0']) {
      expect(parseI32(bad), bad).toBeUndefined();
    }
    expect(() => parseI32('4294967296')).toThrow('constant out of range');
    expect(() => parseI32('-2147483649')).toThrow('constant out of range');
    expect(() => parseI64('18446744073709551616')).toThrow('constant out of range');
    expect(() => parseU32('0x1_0000_0000')).toThrow('constant out of range');
    expect(parseU32('-1')).toBeUndefined();
  });
});

describe('float literals', () => {
  it('reads decimal and hex floats exactly', () => {
    expect(parseF32('1.5')).toBe(f32(1.5));
    expect(parseF32('-0')).toBe(0x8000_0000);
    expect(parseF32('0x1p-1')).toBe(f32(0.5));
    expect(parseF32('0x1.8p3')).toBe(f32(12));
    expect(parseF32('1e10')).toBe(f32(1e10));
    expect(parseF32('1_000.000_1')).toBe(f32(1000.0001));
    expect(parseF64('0x1.fffffffffffffp1023')).toBe(f64(Number.MAX_VALUE));
    expect(parseF64('4.9e-324')).toBe(1n);
    expect(parseF64('0x1p-1074')).toBe(1n);
    expect(parseF64('0.1')).toBe(f64(0.1));
    expect(parseF32('0x1p-149')).toBe(1);
    expect(parseF32('0x1p-150')).toBe(0); // halfway to the smallest subnormal: ties to even (zero)
    expect(parseF32('0x1.000002p-150')).toBe(1);
  });

  it('rounds decimal binary32 literals once (no double rounding through binary64)', () => {
    // 1 + 2^-24 + 2^-60: just above the midpoint between 1 and the next float; binary64 rounds it onto the midpoint.
    expect(parseF32('1.00000005960464477539929117751')).toBe(0x3f80_0001);
    // Exactly the midpoint: ties to even.
    expect(parseF32('1.000000059604644775390625')).toBe(0x3f80_0000);
    // Just below the midpoint.
    expect(parseF32('1.0000000596046447753906249')).toBe(0x3f80_0000);
    expect(parseF32('0x1.000001p0')).toBe(0x3f80_0000);
    expect(parseF32('0x1.0000010000000001p0')).toBe(0x3f80_0001);
  });

  it('reads inf and NaNs with payloads', () => {
    expect(parseF32('inf')).toBe(0x7f80_0000);
    expect(parseF32('-inf')).toBe(0xff80_0000);
    expect(parseF32('nan')).toBe(0x7fc0_0000);
    expect(parseF32('-nan:0x1')).toBe(0xff80_0001);
    expect(parseF64('nan:0x4000000000000')).toBe(0x7ff4_0000_0000_0000n);
    expect(() => parseF32('nan:0x0')).toThrow('constant out of range');
    expect(() => parseF32('nan:0x800000')).toThrow('constant out of range');
  });

  it('rejects values that round to infinity, and malformed literals', () => {
    expect(parseF32('0x1.fffffep127')).toBe(0x7f7f_ffff);
    expect(parseF32('0x1.fffffefffp127')).toBe(0x7f7f_ffff);
    expect(() => parseF32('0x1.ffffffp127')).toThrow('constant out of range');
    expect(() => parseF32('1e39')).toThrow('constant out of range');
    expect(() => parseF64('1e309')).toThrow('constant out of range');
    expect(parseF32('3.4028235e38')).toBe(0x7f7f_ffff);
    for (const bad of ['', '.5', '1.e', '0x', '1e', '1._5', 'infinity', 'nan:1', '0x1p', '1__0.0']) {
      expect(parseF32(bad), bad).toBeUndefined();
    }
  });
});
