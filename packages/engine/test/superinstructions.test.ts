/**
 * Superinstructions (`compile/compiler.ts` peepholes, `isa.ts` "fuse" block) through the public API: each wasm
 * pattern below compiles to its fused instruction (checked on the disassembly) and computes what the plain wasm
 * operators compute — references are computed here with bigints and typed arrays — including 32-bit address
 * wrap-around, out-of-bounds traps inside fused loads and stores (right code, right wasm offset in the
 * backtrace), and exact fuel when one instruction carries several operators.
 */
import { describe, expect, it } from 'vitest';
import { Engine, Instance, Memory, Module, Store, Trap, TrapCode, wat2wasm } from '@weft/engine';
import { decodeModule } from '../src/binary/decode.js';
import { compileFunction } from '../src/compile/compiler.js';
import { disassemble } from '../src/compile/disasm.js';
import { DEFAULT_FEATURES } from '../src/features.js';
import { trapOf } from './trap-of.js';

const WAT = `(module
  (memory (export "memory") 1)
  ;; i64 operators with a constant operand
  (func (export "i64imm") (param $x i64) (result i64)
    (local $a i64)
    (local.set $a (i64.add (local.get $x) (i64.const 0x00000001_ffffffff)))
    (local.set $a (i64.xor (local.get $a) (i64.sub (local.get $a) (i64.const 0x7fffffff_80000001))))
    (local.set $a (i64.mul (local.get $a) (i64.const 0xbf58476d1ce4e5b9)))
    (local.set $a (i64.xor (local.get $a) (i64.shr_u (local.get $a) (i64.const 31))))
    (local.set $a (i64.add (local.get $a) (i64.shr_s (local.get $a) (i64.const 7))))
    (local.set $a (i64.add (local.get $a) (i64.shl (local.get $a) (i64.const 45))))
    (local.set $a (i64.sub (local.get $a) (i64.shr_u (local.get $a) (i64.const 35))))
    (local.set $a (i64.xor (i64.rotl (local.get $a) (i64.const 13)) (i64.rotr (local.get $a) (i64.const 50))))
    (local.set $a (i64.or (i64.and (local.get $a) (i64.const 0xff00ff00_00ff00ff)) (i64.const 0x00000100_10000000)))
    (i64.add (i64.mul (i64.const -7) (local.get $a)) (i64.xor (i64.const 0x8000000000000000) (local.get $x))))
  ;; xor with a shifted operand
  (func (export "xs32") (param $x i32) (result i32)
    (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
    (local.set $x (i32.xor (i32.shr_u (local.get $x) (i32.const 17)) (local.get $x)))
    (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
  (func (export "xs64") (param $x i64) (param $k i64) (result i64)
    (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 30))))
    (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 37))))
    (local.set $x (i64.xor (i64.shr_u (local.get $x) (i64.const 0)) (local.get $x)))
    (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 32))))
    (local.set $x (i64.xor (local.get $k) (i64.shr_u (local.get $x) (i64.const 63))))
    (i64.xor (local.get $x) (i64.shr_u (local.get $k) (i64.const 5))))
  ;; two operators with constants in a row, and a table load at (i << 2) + c
  (func (export "chain") (param $x i32) (result i32)
    (local $a i32)
    (local.set $a (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))
    (local.set $a (i32.xor (local.get $a) (i32.and (i32.shr_u (local.get $a) (i32.const 11)) (i32.const 0x7ff))))
    (local.set $a (i32.add (local.get $a) (i32.shl (i32.add (local.get $x) (i32.const -3)) (i32.const 3))))
    (i32.add (local.get $a) (i32.sub (i32.shl (local.get $x) (i32.const 4)) (i32.const 100))))
  (func (export "table") (param $i i32) (result i32)
    (i32.load offset=3 (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 1000))))
  ;; select on a bit test
  (func (export "collatz") (param $n i32) (result i32)
    (local $steps i32)
    (loop $l
      (local.set $n (select (i32.add (i32.mul (local.get $n) (i32.const 3)) (i32.const 1))
                            (i32.shr_u (local.get $n) (i32.const 1))
                            (i32.and (local.get $n) (i32.const 1))))
      (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
      (br_if $l (i32.ne (local.get $n) (i32.const 1))))
    (i32.add (local.get $steps)
      (select (i32.const 1000) (i32.const 2000) (i32.and (local.get $steps) (i32.const 6)))))
  (func (export "adler") (param $a i32) (param $n i32) (result i32)
    (loop $l
      (local.set $a (i32.add (local.get $a) (i32.const 40000)))
      (local.set $a (select (i32.sub (local.get $a) (i32.const 65521)) (local.get $a)
                            (i32.gt_u (local.get $a) (i32.const 65520))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $a))
  ;; loads at base + index, base + constant and base + (index << 2)
  (func (export "ld32") (param $b i32) (param $i i32) (result i32)
    (i32.load offset=1000 (i32.add (local.get $b) (local.get $i))))
  (func (export "ld32k") (param $b i32) (result i32)
    (i32.load offset=1000 (i32.add (local.get $b) (i32.const 8))))
  (func (export "ldf32k") (param $b i32) (result f32)
    (f32.load offset=1000 (i32.add (local.get $b) (i32.const 8))))
  (func (export "ld8") (param $b i32) (param $i i32) (result i32)
    (i32.load8_u offset=1000 (i32.add (local.get $b) (local.get $i))))
  (func (export "ld8k") (param $b i32) (result i32)
    (i32.load8_u offset=1000 (i32.sub (local.get $b) (i32.const -3))))
  (func (export "ld64") (param $b i32) (param $i i32) (result i64)
    (i64.load offset=1000 (i32.add (local.get $b) (local.get $i))))
  (func (export "ld64k") (param $b i32) (result i64)
    (i64.load offset=1000 (i32.add (local.get $b) (i32.const 16))))
  (func (export "ldf64k") (param $b i32) (result f64)
    (f64.load offset=1000 (i32.add (local.get $b) (i32.const 16))))
  (func (export "idx32") (param $b i32) (param $i i32) (result i32)
    (i32.load offset=1000 (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "idx64") (param $b i32) (param $i i32) (result f64)
    (f64.load offset=1000 (i32.add (i32.shl (local.get $i) (i32.const 3)) (local.get $b))))
  (func (export "scaled") (param $b i32) (param $i i32) (result i32)
    (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 5))))
  ;; f64 arithmetic with a memory operand, and stores of a sum, difference or product
  (func (export "axpy") (param $x i32) (param $y i32) (param $n i32) (param $s f64)
    (local $i i32) (local $p i32)
    (loop $l
      (local.set $p (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3))))
      (f64.store offset=0 (local.get $p)
        (f64.add (f64.mul (local.get $s) (f64.load (local.get $p)))
                 (f64.load offset=0 (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3))))))
      (f64.store offset=8000 (local.get $p)
        (f64.sub (f64.load offset=8000 (local.get $p)) (f64.load (local.get $p))))
      (f64.store offset=24000 (local.get $p)
        (f64.sub (local.get $s) (f64.convert_i32_s (local.get $i))))
      (f64.store offset=16000 (i32.const 0)
        (f64.mul (f64.load offset=16000 (i32.const 0)) (f64.const 1.5)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  (func (export "faddld") (param $a f64) (param $p i32) (result f64)
    (f64.add (local.get $a) (f64.load offset=7 (local.get $p))))
  (func (export "fstadd") (param $p i32) (param $a f64) (param $b f64)
    (f64.store offset=9 (local.get $p) (f64.add (local.get $a) (local.get $b))))
  ;; loop counters: up to a constant, up to a local, down to zero
  (func (export "count") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $s i32)
    (loop $a
      (i32.store offset=2000 (i32.shl (local.get $i) (i32.const 2)) (local.get $i))
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (br_if $a (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 10))))
    (loop $b
      (local.set $s (i32.xor (local.get $s) (local.get $j)))
      (br_if $b (i32.ne (local.get $n) (local.tee $j (i32.add (local.get $j) (i32.const 3))))))
    (loop $c
      (local.set $s (i32.add (local.get $s) (i32.const 7)))
      (br_if $c (local.tee $n (i32.add (local.get $n) (i32.const -3)))))
    (local.get $s))
)`;

const bytes = wat2wasm(WAT);
const engine = new Engine();
const module = new Module(engine, bytes);
const info = decodeModule(bytes, DEFAULT_FEATURES);
/** Function indices by export name (the module has no imports). */
const exportIndex = new Map<string, number>();
for (const e of info.exports) if (e.kind === 'func') exportIndex.set(e.name, e.index);
const disasm = (name: string): string =>
  disassemble(compileFunction(info, bytes, exportIndex.get(name)!, DEFAULT_FEATURES).code).join('\n');

function setup() {
  const store = new Store(engine);
  const instance = new Instance(store, module, []);
  const memory = instance.getExport(store, 'memory') as Memory;
  const call = (name: string, ...args: unknown[]): unknown => (instance.getFunc(store, name)!.call(store, args) as unknown[])[0];
  const view = () => new DataView(memory.buffer(store));
  return { store, call, view };
}

/** Byte offset in the module binary of the first occurrence of `seq` in the body of function `name`. */
function offsetIn(name: string, seq: number[]): number {
  const body = info.bodies[exportIndex.get(name)!]!;
  outer: for (let i = body.codeStart; i + seq.length <= body.codeEnd; i++) {
    for (let k = 0; k < seq.length; k++) if (bytes[i + k] !== seq[k]) continue outer;
    return i;
  }
  throw new Error('sequence not in the module');
}

const u64 = (v: bigint) => BigInt.asUintN(64, v);
const s64 = (v: bigint) => BigInt.asIntN(64, v);
const rotl = (v: bigint, k: bigint) => u64((u64(v) << k) | (u64(v) >> (64n - k)));

function i64imm(x: bigint): bigint {
  let a = s64(x + 0x00000001_ffffffffn);
  a = s64(a ^ s64(a - 0x7fffffff_80000001n));
  a = s64(a * s64(0xbf58476d1ce4e5b9n));
  a = s64(a ^ s64(u64(a) >> 31n));
  a = s64(a + (a >> 7n));
  a = s64(a + s64(a << 45n));
  a = s64(a - (u64(a) >> 35n));
  a = s64(rotl(a, 13n) ^ rotl(a, 14n));
  a = s64((a & s64(0xff00ff00_00ff00ffn)) | 0x00000100_10000000n);
  return s64(s64(-7n * a) + s64(-0x8000000000000000n ^ x));
}

describe('i64 operators with a constant operand', () => {
  it('compile to I64_*_IMM and compute what the plain operators compute', () => {
    const code = disasm('i64imm');
    for (const name of ['ADD', 'SUB', 'MUL', 'XOR', 'AND', 'OR', 'SHL', 'SHR_S', 'SHR_U', 'ROTL', 'XOR_SHR_U']) {
      expect(code).toContain(`I64_${name}_IMM`);
    }
    expect(code).not.toContain('CONST64');
    const { call } = setup();
    for (const x of [0n, 1n, -1n, 0xffffffffn, 0x1_0000_0000n, -0x8000000000000000n, 0x0123456789abcdefn, -0x12345678n]) {
      expect(call('i64imm', x)).toBe(i64imm(x));
    }
  });
});

describe('xor with a shifted operand', () => {
  it('compiles to *_XOR_SHL_IMM / *_XOR_SHR_U_IMM and computes what the plain operators compute', () => {
    expect(disasm('xs32')).toMatch(/I32_XOR_SHL_IMM s0 s0 s0 13[^]*I32_XOR_SHR_U_IMM s0 s0 s0 17[^]*I32_XOR_SHL_IMM s1 s0 s0 5/);
    const code64 = disasm('xs64');
    expect(code64).toContain('I64_XOR_SHR_U_IMM s0 s0 s0 30');
    expect(code64).toContain('I64_XOR_SHL_IMM s0 s0 s0 37');
    expect(code64).toContain('I64_XOR_SHR_U_IMM s0 s1 s0 63');
    const { call } = setup();
    for (const x0 of [1, -1, 0x12345678, -0x7fffffff, 0x80000000 | 0]) {
      let x = x0;
      x ^= x << 13;
      x ^= x >>> 17;
      expect(call('xs32', x0)).toBe(x ^ (x << 5));
    }
    for (const [x0, k] of [[1n, 2n], [-1n, 0x0123456789abcdefn], [0x0123456789abcdefn, -5n], [0x8000000080000000n, 77n]] as const) {
      let x = u64(x0);
      x ^= x >> 30n;
      x = u64(x ^ (x << 37n));
      x ^= x >> 0n;
      x = u64(x ^ (x << 32n));
      x = u64(k) ^ (x >> 63n);
      expect(call('xs64', x0, k)).toBe(s64(x ^ (u64(k) >> 5n)));
    }
  });
});

describe('two operators with constants in a row', () => {
  it('compile to one instruction and compute what the plain operators compute', () => {
    const code = disasm('chain');
    for (const name of ['I32_MUL_ADD_IMM', 'I32_SHR_U_AND_IMM', 'I32_ADD_SHL_IMM_IMM', 'I32_SHL_ADD_IMM']) expect(code).toContain(name);
    expect(disasm('table')).toContain('I32_LOAD_SCALED s1 s0 2 1000 3');
    const { call, view } = setup();
    for (const x of [0, 1, -1, 12345, 0x7fffffff, -0x80000000]) {
      let a = (Math.imul(x, 1103515245) + 12345) | 0;
      a ^= (a >>> 11) & 0x7ff;
      a = (a + ((x - 3) << 3)) | 0;
      expect(call('chain', x)).toBe((a + ((x << 4) - 100)) | 0);
    }
    const v = view();
    for (let k = 0; k < 16; k++) v.setInt32(1003 + 4 * k, k * 1000 + 7, true);
    expect(call('table', 5)).toBe(5007);
    expect(call('table', 0x4000_0003)).toBe(3007); // (i << 2) wraps
    const t = trapOf(() => call('table', (65536 - 1003 - 1) >> 2));
    expect(t.code).toBe(TrapCode.MemoryOutOfBounds);
    expect(t.backtrace[0]!.offset).toBe(offsetIn('table', [0x28, 0x02, 0x03]));
  });
});

describe('select on a bit test or an unsigned bound', () => {
  it('compiles to SELECT32_AND_IMM / SELECT32_GT_U_IMM and selects like the plain operators', () => {
    const code = disasm('collatz');
    expect(code).toMatch(/SELECT32_AND_IMM s\d+ s\d+ s\d+ s0 1/);
    expect(code).toMatch(/SELECT32_AND_IMM s\d+ s\d+ s\d+ s1 6/);
    const { call } = setup();
    for (const n0 of [2, 3, 7, 27, 97, 871]) {
      let n = n0;
      let steps = 0;
      do {
        n = n & 1 ? n * 3 + 1 : n >>> 1;
        steps++;
      } while (n !== 1);
      expect(call('collatz', n0)).toBe(steps + (steps & 6 ? 1000 : 2000));
    }
    expect(disasm('adler')).toMatch(/SELECT32_GT_U_IMM s0 s\d+ s0 s0 65520/);
    for (const [a0, n] of [[0, 1], [65000, 3], [-5, 2], [123, 50]]) {
      let a = a0!;
      for (let k = 0; k < n!; k++) {
        a = (a + 40000) | 0;
        a = a >>> 0 > 65520 ? (a - 65521) | 0 : a;
      }
      expect(call('adler', a0, n)).toBe(a);
    }
  });
});

describe('loads with a fused address computation', () => {
  it('compile to *_LOAD_ADD, *_LOAD_ADD_IMM and *_LOAD_IDX', () => {
    expect(disasm('ld32')).toContain('I32_LOAD_ADD s2 s0 s1 1000');
    expect(disasm('ld32k')).toContain('I32_LOAD_ADD_IMM s1 s0 8 1000');
    expect(disasm('ld8k')).toContain('I32_LOAD8_U_ADD_IMM s1 s0 3 1000');
    expect(disasm('ld64')).toContain('I64_LOAD_ADD s2 s0 s1 1000');
    expect(disasm('ldf64k')).toContain('I64_LOAD_ADD_IMM s1 s0 16 1000');
    expect(disasm('idx32')).toContain('I32_LOAD_IDX s2 s0 s1 2 1000');
    expect(disasm('idx64')).toContain('I64_LOAD_IDX s2 s0 s1 3 1000');
    expect(disasm('scaled')).toContain('I32_ADD_SHL_IMM s2 s0 s1 5');
  });

  it('read what the plain operators read, wrapping the address sum to 32 bits before adding the offset', () => {
    const { call, view } = setup();
    const v = view();
    for (let k = 0; k < 64; k++) v.setUint8(1000 + k, (k * 37 + 11) & 0xff);
    const i32 = (at: number) => v.getInt32(1000 + at, true);
    expect(call('ld32', 4, 8)).toBe(i32(12));
    expect(call('ld32', -4, 8)).toBe(i32(4)); // (-4 + 8) wraps to 4
    expect(call('ld32k', 3)).toBe(i32(11));
    expect(call('ld32k', -8)).toBe(i32(0));
    expect(call('ldf32k', 4)).toBe(v.getFloat32(1012, true));
    expect(call('ld8', 7, 5)).toBe(v.getUint8(1012));
    expect(call('ld8', -1, 2)).toBe(v.getUint8(1001)); // 0xffffffff + 2 wraps to 1
    expect(call('ld8k', 2)).toBe(v.getUint8(1005));
    expect(call('ld64', 1, 2)).toBe(v.getBigInt64(1003, true));
    expect(call('ld64k', -16)).toBe(v.getBigInt64(1000, true));
    expect(call('ldf64k', 8)).toBe(v.getFloat64(1024, true));
    expect(call('idx32', 4, 3)).toBe(i32(16));
    expect(call('idx32', 4, -1)).toBe(i32(0)); // 4 + (-1 << 2) = 0
    expect(call('idx64', 8, 2)).toBe(v.getFloat64(1024, true));
    expect(call('scaled', 3, 0x0800_0001)).toBe((3 + (0x0800_0001 << 5)) | 0);
  });

  it('trap out of bounds with the load in the backtrace', () => {
    const { call } = setup();
    const size = 65536;
    // The load's opcode, alignment and offset 1000 (LEB 0xe8 0x07).
    const cases: [string, unknown[], number[]][] = [
      ['ld32', [size - 1000 - 3, 0], [0x28, 0x02, 0xe8, 0x07]],
      ['ld32k', [size - 1000 - 8 - 3], [0x28, 0x02, 0xe8, 0x07]],
      ['ld8', [size - 1000, 0], [0x2d, 0x00, 0xe8, 0x07]],
      ['ld64k', [size - 1000 - 16 - 7], [0x29, 0x03, 0xe8, 0x07]],
      ['idx32', [size - 1000 - 4, 1], [0x28, 0x02, 0xe8, 0x07]],
      ['idx64', [0, (size - 1000) >> 3], [0x2b, 0x03, 0xe8, 0x07]],
    ];
    for (const [name, args, seq] of cases) {
      const t = trapOf(() => call(name, ...args));
      expect(t.code).toBe(TrapCode.MemoryOutOfBounds);
      expect(t.backtrace[0]!.offset).toBe(offsetIn(name, seq));
      expect(t.backtrace[0]!.funcIndex).toBe(exportIndex.get(name));
    }
    // The wrapped sum is in bounds; unwrapped it would not be.
    expect(() => call('ld32k', -8)).not.toThrow();
  });
});

describe('f64 arithmetic on memory operands', () => {
  it('compiles to F64_*_LOAD and F64_STORE_* and computes what the plain operators compute', () => {
    const code = disasm('axpy');
    for (const name of ['F64_MUL_LOAD', 'F64_SUB_LOAD', 'I64_LOAD_IDX', 'F64_STORE_ADD', 'F64_STORE_SUB', 'F64_STORE_MUL']) {
      expect(code).toContain(name);
    }
    expect(disasm('faddld')).toContain('F64_ADD_LOAD s2 s0 s1 7');
    expect(disasm('fstadd')).toContain('F64_STORE_ADD s0 s1 s2 9');
    const { call, view } = setup();
    const v = view();
    const n = 37;
    const x = 100;
    const y = 400;
    const ref = new Float64Array(3 * n + 1);
    for (let i = 0; i < n; i++) {
      v.setFloat64(x + 8 * i, i * 0.75 - 3, true);
      v.setFloat64(y + 8 * i, 1 / (i + 1), true);
      v.setFloat64(x + 8000 + 8 * i, i * i, true);
    }
    v.setFloat64(16000, 2, true);
    let scale = 2;
    for (let i = 0; i < n; i++) {
      const xi = 2.5 * (i * 0.75 - 3) + 1 / (i + 1);
      ref[i] = xi;
      ref[n + i] = i * i - xi;
      scale *= 1.5;
    }
    call('axpy', x, y, n, 2.5);
    for (let i = 0; i < n; i++) {
      expect(v.getFloat64(x + 8 * i, true)).toBe(ref[i]);
      expect(v.getFloat64(x + 8000 + 8 * i, true)).toBe(ref[n + i]);
      expect(v.getFloat64(x + 24000 + 8 * i, true)).toBe(2.5 - i);
    }
    expect(v.getFloat64(16000, true)).toBe(scale);
    v.setFloat64(107, -0.5, true);
    expect(call('faddld', 3, 100)).toBe(2.5);
    call('fstadd', 200, 0.25, 4);
    expect(v.getFloat64(209, true)).toBe(4.25);
  });

  it('trap out of bounds with the load or store in the backtrace', () => {
    const { call } = setup();
    const load = trapOf(() => call('faddld', 1, 65536 - 7 - 7));
    expect(load.code).toBe(TrapCode.MemoryOutOfBounds);
    expect(load.backtrace[0]!.offset).toBe(offsetIn('faddld', [0x2b, 0x03, 0x07]));
    const store = trapOf(() => call('fstadd', -9, 1, 2)); // 0xfffffff7 + 9 is past 2^32: no wrap for the offset
    expect(store.code).toBe(TrapCode.MemoryOutOfBounds);
    expect(store.backtrace[0]!.offset).toBe(offsetIn('fstadd', [0x39, 0x03, 0x09]));
  });
});

function countRef(n: number): number {
  let s = 0;
  for (let i = 0; i < 10; i++) s += i;
  let j = 0;
  do {
    s ^= j;
    j = (j + 3) | 0;
  } while (j !== n);
  do {
    s = (s + 7) | 0;
    n = (n - 3) | 0;
  } while (n !== 0);
  return s;
}

describe('loop counters', () => {
  it('compile to I32_ADD_IMM_BR_IF_NE[_IMM] and branch like the plain operators', () => {
    const code = disasm('count');
    expect(code).toMatch(/I32_ADD_IMM_BR_IF_NE_IMM s1 s1 1 10 @\d+/);
    expect(code).toMatch(/I32_ADD_IMM_BR_IF_NE s2 s2 3 s0 @\d+/);
    expect(code).toMatch(/I32_ADD_IMM_BR_IF_NE_IMM s0 s0 -3 0 @\d+/);
    const { call, view } = setup();
    for (const n of [3, 30, 300]) expect(call('count', n)).toBe(countRef(n));
    for (let i = 0; i < 10; i++) expect(view().getInt32(2000 + 4 * i, true)).toBe(i);
  });

  it('charge every operator they carry, and run out of fuel at the exact one', () => {
    const fuelEngine = new Engine({ consumeFuel: true });
    const store = new Store(fuelEngine);
    const instance = new Instance(store, new Module(fuelEngine, bytes), []);
    const memory = instance.getExport(store, 'memory') as Memory;
    const count = instance.getFunc(store, 'count')!;
    // Per iteration of $a: local.get, i32.const, i32.shl, local.get, i32.store, local.get, local.get, i32.add,
    // local.set, local.get, i32.const, i32.add, local.tee, i32.const, i32.ne, br_if = 16; loop and end are free.
    // $b: 11 per iteration; $c: 9. Then local.get.
    const cost = (n: number) => 16 * 10 + 11 * (n / 3) + 9 * (n / 3) + 1;
    store.setFuel(1_000_000);
    count.call(store, [30]);
    expect(1_000_000 - store.getFuel()).toBe(cost(30));
    // With fuel for 3 iterations of $a and its 5th operator (the store) unpaid, 3 stores happened.
    for (let k = 0; k < 10; k++) new DataView(memory.buffer(store)).setInt32(2000 + 4 * k, -1, true);
    store.setFuel(16 * 3 + 4);
    const t = trapOf(() => count.call(store, [30]));
    expect(t.code).toBe(TrapCode.OutOfFuel);
    expect(store.getFuel()).toBe(0);
    const stored = [...Array(10).keys()].map((k) => new DataView(memory.buffer(store)).getInt32(2000 + 4 * k, true));
    expect(stored).toEqual([0, 1, 2, -1, -1, -1, -1, -1, -1, -1]);
    expect(t.backtrace[0]!.offset).toBe(offsetIn('count', [0x36, 0x02, 0xd0, 0x0f]));
  });
});

describe('fuel after a trap inside a fused instruction', () => {
  it('counts the operators up to the trapping one, and a paid load still traps before an unpaid operator', () => {
    const fuelEngine = new Engine({ consumeFuel: true });
    const store = new Store(fuelEngine);
    const instance = new Instance(store, new Module(fuelEngine, bytes), []);
    const used = (name: string, args: unknown[]): number => {
      store.setFuel(1000);
      expect(trapOf(() => instance.getFunc(store, name)!.call(store, args)).code).toBe(TrapCode.MemoryOutOfBounds);
      return 1000 - store.getFuel();
    };
    // local.get, local.get, f64.load (traps; the f64.add after it never runs).
    expect(used('faddld', [1, 65536 - 14])).toBe(3);
    // The f64.load is paid, the f64.add after it is not: the load runs and traps out of bounds.
    store.setFuel(3);
    expect(trapOf(() => instance.getFunc(store, 'faddld')!.call(store, [1, 65536 - 14])).code).toBe(TrapCode.MemoryOutOfBounds);
    store.setFuel(3);
    const t = trapOf(() => instance.getFunc(store, 'faddld')!.call(store, [1, 0]));
    expect(t.code).toBe(TrapCode.OutOfFuel);
    expect(t.backtrace[0]!.offset).toBe(offsetIn('faddld', [0x2b, 0x03, 0x07]) + 3);
    // local.get, local.get, i32.add, i32.load (traps).
    expect(used('ld32', [65536 - 1003, 0])).toBe(4);
    // local.get, local.get, local.get, f64.add, f64.store (traps).
    expect(used('fstadd', [-9, 1, 2])).toBe(5);
  });
});
