import { describe, expect, it } from 'vitest';
import { CompileError } from '../errors.js';
import { Op } from './opcodes.js';
import { bigOf, bitsOf, newOperator, readOperator } from './operator.js';
import { Reader } from './reader.js';

/** Deterministic pseudo-random numbers (xorshift32), so a failure reproduces. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** The result of `f` or the error it throws, in a form `toEqual` compares (reason and offset of errors). */
function outcome<T>(f: () => T): T | string {
  try {
    return f();
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    return `${err.reason} @${err.offset}`;
  }
}

/** LEB128-like byte strings: mostly well-formed, some overlong, over the limits, or cut off by `end`. */
function lebBytes(next: () => number): number[] {
  const n = 1 + (next() % 11);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((next() & 0xff) | (i < n - 1 ? 0x80 : 0));
  // Often a last byte that fits the 32-bit limits when it is the fifth (padded encodings, negative numbers).
  if (next() % 2 === 0) out[n - 1] = (next() & 0x0f) | (next() % 2 === 0 ? 0x70 : 0);
  if (next() % 4 === 0) out[out.length - 1]! |= 0x80;
  return out;
}

describe('readOperator', () => {
  it('reads immediates as the Reader does, fast path or not, with the same errors at the same offsets', () => {
    const next = rng(0x9e3779b9);
    const cases: [string, (r: Reader) => unknown, (op: ReturnType<typeof newOperator>) => unknown][] = [
      ['local.get', (r) => r.u32(), (op) => op.a],
      ['i32.const', (r) => r.s32(), (op) => op.a],
      ['i64.const', (r) => r.s64(), (op) => bigOf(op)],
      ['block', (r) => r.s33(), (op) => op.a],
      ['i32.load', (r) => [r.u32(), r.u32()], (op) => [op.a, op.b]],
      ['call_indirect', (r) => [r.u32(), r.u32()], (op) => [op.a, op.b]],
      ['f32.const', (r) => r.f32Bits(), (op) => op.a],
      ['f64.const', (r) => r.f64Bits(), (op) => bitsOf(op)],
    ];
    for (let k = 0; k < 12000; k++) {
      const [name, viaReader, fromOp] = cases[k % cases.length]!;
      const imm = name === 'i32.load' || name === 'call_indirect' ? [...lebBytes(next), ...lebBytes(next)] : lebBytes(next);
      const bytes = new Uint8Array([0x01, opcodeByte(name), ...imm, 0x0b]);
      const end = 2 + (next() % (imm.length + 2));
      const expected = outcome(() => {
        const r = new Reader(bytes, 2, Math.min(end, bytes.length));
        const v = viaReader(r);
        return [v, r.pos];
      });
      const actual = outcome(() => {
        const r = new Reader(bytes, 1, Math.min(end, bytes.length));
        const op = newOperator();
        readOperator(r, op);
        expect(op.op).toBe(Op[name]);
        expect(op.offset).toBe(1);
        return [fromOp(op), r.pos];
      });
      // A block type that is neither a type index nor a value type is malformed whatever its encoding.
      if (name === 'block' && typeof actual === 'string' && actual.startsWith('malformed value type')) continue;
      expect(actual, `${name} ${Array.from(bytes.subarray(2, end), (b) => b.toString(16)).join(' ')}`).toEqual(expected);
    }
  });

  it('reads f64 bit patterns exactly', () => {
    const bytes = new Uint8Array([0x44, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0xff]);
    const op = newOperator();
    readOperator(new Reader(bytes), op);
    expect(bitsOf(op)).toBe(0xff07060504030201n);
  });
});

function opcodeByte(name: string): number {
  const codes: Record<string, number> = {
    'local.get': 0x20,
    'i32.const': 0x41,
    'i64.const': 0x42,
    block: 0x02,
    'i32.load': 0x28,
    call_indirect: 0x11,
    'f32.const': 0x43,
    'f64.const': 0x44,
  };
  return codes[name]!;
}
