import { describe, expect, it } from 'vitest';
import { CompileError } from '../errors.js';
import { Reader } from './reader.js';

const reader = (...bytes: number[]) => new Reader(new Uint8Array(bytes));

function reason(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(CompileError);
    return (err as CompileError).reason;
  }
  throw new Error('expected a CompileError');
}

describe('Reader', () => {
  it('reads LEB128 integers at their limits', () => {
    expect(reader(0xff, 0xff, 0xff, 0xff, 0x0f).u32()).toBe(0xffffffff);
    expect(reader(0x80, 0x80, 0x80, 0x80, 0x78).s32()).toBe(-0x80000000);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0x07).s32()).toBe(0x7fffffff);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0x7f).s33()).toBe(-1);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0x0f).s33()).toBe(2 ** 32 - 1);
    expect(reader(0x80, 0x80, 0x80, 0x80, 0x70).s33()).toBe(-(2 ** 32));
    expect(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f).s64()).toBe(-(2n ** 63n));
  });

  it('says "integer too large" before "too long", as the spec decoder does', () => {
    // Unused value bits set and a continuation bit in the last byte: the value bits are checked first.
    expect(reason(() => reader(0x80, 0x80, 0x80, 0x80, 0x90, 0x00).u32())).toBe('integer too large');
    expect(reason(() => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32())).toBe('integer representation too long');
    expect(reason(() => reader(0x80, 0x80, 0x80, 0x80, 0xc0, 0x00).s32())).toBe('integer too large');
    expect(reason(() => reader(0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).s32())).toBe('integer representation too long');
    expect(reason(() => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81).s64())).toBe(
      'integer too large',
    );
    expect(reason(() => reader(0x80, 0x80, 0x80, 0x80, 0xa0, 0x00).s33())).toBe('integer too large');
  });

  it('reports running out of bytes in the spec wording', () => {
    expect(reason(() => reader(0x80).u32())).toBe('unexpected end of section or function');
    expect(reason(() => reader(1, 2).bytesN(3))).toBe('unexpected end of section or function');
  });

  it('checks lengths against what is left of the module', () => {
    expect(reader(3, 0, 0).len32()).toBe(3); // counted from the length byte itself
    expect(reason(() => reader(4, 0, 0).len32())).toBe('length out of bounds');
  });

  it('decodes names: ASCII, UTF-8, a kept byte-order mark, and malformed UTF-8', () => {
    expect(reader(2, 0x68, 0x69).name()).toBe('hi');
    expect(reader(4, 0xf0, 0x9f, 0x98, 0x80).name()).toBe('😀');
    expect(reader(3, 0xef, 0xbb, 0xbf).name()).toBe('\ufeff');
    expect(reason(() => reader(2, 0xc0, 0x80).name())).toBe('malformed UTF-8 encoding');
    expect(reason(() => reader(3, 0xed, 0xa0, 0x80).name())).toBe('malformed UTF-8 encoding');
    const long = 'x'.repeat(100) + 'é';
    const bytes = new TextEncoder().encode(long);
    expect(new Reader(new Uint8Array([bytes.length, ...bytes])).name()).toBe(long);
  });
});
