/** Tests of script values: argument conversion, exact-bit and NaN-pattern matching, reference identity, printing. */
import { describe, expect, it } from 'vitest';
import { formatExpected, formatVal, HostRefs, matches, toVal, Unsupported } from './values.js';

describe('toVal', () => {
  const refs = new HostRefs();
  it('reads unsigned decimal bit patterns', () => {
    expect(toVal({ type: 'i32', value: '4294967295' }, refs)).toEqual({ type: 'i32', value: -1 });
    expect(toVal({ type: 'i64', value: '18446744073709551615' }, refs)).toEqual({ type: 'i64', value: -1n });
    expect(toVal({ type: 'f32', value: '2141192192' }, refs)).toEqual({ type: 'f32', bits: 0x7fa00000 });
    expect(toVal({ type: 'f64', value: '9218868437227405316' }, refs)).toEqual({ type: 'f64', bits: 0x7ff0000000000004n });
  });
  it('makes one host value per ref.extern number', () => {
    const a = toVal({ type: 'externref', value: '1' }, refs);
    const b = toVal({ type: 'externref', value: '1' }, refs);
    const c = toVal({ type: 'externref', value: '2' }, refs);
    expect(a.type === 'externref' && b.type === 'externref' && a.value === b.value).toBe(true);
    expect(c.type === 'externref' && a.type === 'externref' && c.value !== a.value).toBe(true);
    expect(toVal({ type: 'externref', value: 'null' }, refs)).toEqual({ type: 'externref', value: null });
    expect(toVal({ type: 'funcref', value: 'null' }, refs)).toEqual({ type: 'funcref', value: null });
  });
  it('refuses v128 as unsupported (the command is skipped)', () => {
    expect(() => toVal({ type: 'v128', lane_type: 'i32', value: ['1', '2', '3', '4'] }, refs)).toThrow(Unsupported);
  });
});

describe('matches', () => {
  const refs = new HostRefs();
  it('compares integers as bit patterns', () => {
    expect(matches({ type: 'i32', value: '4294967295' }, { type: 'i32', value: -1 }, refs)).toBe(true);
    expect(matches({ type: 'i32', value: '1' }, { type: 'i32', value: 2 }, refs)).toBe(false);
    expect(matches({ type: 'i64', value: '18446744073709551615' }, { type: 'i64', value: -1n }, refs)).toBe(true);
    expect(matches({ type: 'i32', value: '1' }, { type: 'i64', value: 1n }, refs)).toBe(false);
  });
  it('compares floats by exact bits', () => {
    expect(matches({ type: 'f32', value: '2141192192' }, { type: 'f32', bits: 0x7fa00000 }, refs)).toBe(true);
    expect(matches({ type: 'f32', value: '2141192192' }, { type: 'f32', bits: 0x7fc00000 }, refs)).toBe(false);
    expect(matches({ type: 'f64', value: '0' }, { type: 'f64', bits: 0x8000000000000000n }, refs)).toBe(false);
  });
  it('checks canonical and arithmetic NaN patterns of either sign', () => {
    const f32c = { type: 'f32', value: 'nan:canonical' };
    const f32a = { type: 'f32', value: 'nan:arithmetic' };
    expect(matches(f32c, { type: 'f32', bits: 0xffc00000 }, refs)).toBe(true);
    expect(matches(f32c, { type: 'f32', bits: 0x7fc00001 }, refs)).toBe(false);
    expect(matches(f32a, { type: 'f32', bits: 0x7fc00001 }, refs)).toBe(true);
    expect(matches(f32a, { type: 'f32', bits: 0x7fa00000 }, refs)).toBe(false);
    const f64c = { type: 'f64', value: 'nan:canonical' };
    const f64a = { type: 'f64', value: 'nan:arithmetic' };
    expect(matches(f64c, { type: 'f64', bits: 0xfff8000000000000n }, refs)).toBe(true);
    expect(matches(f64c, { type: 'f64', bits: 0x7ff8000000000001n }, refs)).toBe(false);
    expect(matches(f64a, { type: 'f64', bits: 0x7ff8000000000001n }, refs)).toBe(true);
    expect(matches(f64a, { type: 'f64', bits: 0x7ff4000000000000n }, refs)).toBe(false);
  });
  it('compares references by identity, null, or non-null', () => {
    const one = refs.get(1);
    expect(matches({ type: 'externref', value: '1' }, { type: 'externref', value: one }, refs)).toBe(true);
    expect(matches({ type: 'externref', value: '1' }, { type: 'externref', value: refs.get(2) }, refs)).toBe(false);
    expect(matches({ type: 'externref', value: 'null' }, { type: 'externref', value: null }, refs)).toBe(true);
    expect(matches({ type: 'externref' }, { type: 'externref', value: null }, refs)).toBe(false);
    expect(matches({ type: 'funcref', value: 'null' }, { type: 'funcref', value: null }, refs)).toBe(true);
    expect(matches({ type: 'funcref' }, { type: 'funcref', value: {} as never }, refs)).toBe(true);
    expect(matches({ type: 'funcref' }, { type: 'funcref', value: null }, refs)).toBe(false);
  });
});

describe('formatting', () => {
  it('shows floats with their bits', () => {
    expect(formatVal({ type: 'f32', bits: 0x3fc00000 })).toBe('f32:1.5 (0x3fc00000)');
    expect(formatVal({ type: 'f64', bits: 0xfff8000000000000n })).toBe('f64:NaN (0xfff8000000000000)');
    expect(formatExpected({ type: 'i32', value: '4294967295' })).toBe('i32:-1');
    expect(formatExpected({ type: 'f64', value: 'nan:canonical' })).toBe('f64:nan:canonical');
    expect(formatExpected({ type: 'externref', value: '3' })).toBe('externref:ref.extern 3');
    expect(formatVal({ type: 'externref', value: new HostRefs().get(3) })).toBe('externref:ref.extern 3');
  });
});
