import { describe, expect, it } from 'vitest';
import { Val } from './index.js';

describe('Val', () => {
  it('wraps integers', () => {
    expect(Val.i32(0xffffffff)).toEqual({ type: 'i32', value: -1 });
    expect(Val.i64(2n ** 64n + 5n)).toEqual({ type: 'i64', value: 5n });
    expect(Val.i64(2n ** 63n)).toEqual({ type: 'i64', value: -(2n ** 63n) });
  });

  it('keeps float bits', () => {
    expect(Val.f32(1)).toEqual({ type: 'f32', bits: 0x3f800000 });
    expect(Val.f32Bits(0xffa00001)).toEqual({ type: 'f32', bits: 0xffa00001 });
    expect(Val.f32Bits(-1)).toEqual({ type: 'f32', bits: 0xffffffff });
    expect(Val.f64(-2)).toEqual({ type: 'f64', bits: 0xc000000000000000n });
    expect(Val.f64Bits(-1n)).toEqual({ type: 'f64', bits: 0xffffffffffffffffn });
  });

  it('converts back to JS values', () => {
    expect(Val.toJs(Val.f32(1.5))).toBe(1.5);
    expect(Val.toJs(Val.f64Bits(0x3ff8000000000000n))).toBe(1.5);
    expect(Val.toJs(Val.f32Bits(0x7fc00000))).toBeNaN();
    expect(Val.toJs(Val.i64(-3n))).toBe(-3n);
    const obj = {};
    expect(Val.toJs(Val.externref(obj))).toBe(obj);
  });
});
