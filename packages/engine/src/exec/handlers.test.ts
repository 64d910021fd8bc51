/**
 * The executor's specialised handlers against reference semantics, through the public API: i64 bit operations,
 * counts and extensions; i64 division and remainder on both sides of the int32 fast path (operands in
 * [0, 2^31)) with their traps; 64-bit loads and stores keeping NaN payloads; and calls — local, imported,
 * indirect and across instances — with stack overflow, signature traps and the caller's memory after a return.
 */
import { describe, expect, it } from 'vitest';
import { Engine, Func, Instance, Module, Store, Trap, TrapCode, wat2wasm } from '../index.js';
import { trapOf } from '../../test/trap-of.js';

const I64_MIN = -(2n ** 63n);
const u64 = (x: bigint) => BigInt.asUintN(64, x);
const s64 = (x: bigint) => BigInt.asIntN(64, x);

const EDGES = [
  0n, 1n, 2n, 3n, 7n, 10n, 1000n, 2n ** 30n + 5n, 2n ** 31n - 2n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 31n + 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 32n + 1n,
  2n ** 52n + 3n, 2n ** 53n - 2n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 62n, 2n ** 63n - 1n,
  -1n, -2n, -3n, -1000n, -(2n ** 32n), -(2n ** 53n), I64_MIN, I64_MIN + 1n, 0x0123456789abcdefn,
];

function instantiate(wat: string, imports: unknown[] = [], engine = new Engine(), store = new Store(engine)) {
  const module = new Module(engine, wat2wasm(wat));
  const instance = new Instance(store, module, imports as never[]);
  const call = (name: string, ...args: unknown[]) => instance.getFunc(store, name)!.call(store, args);
  return { engine, store, instance, call };
}

const binary = (names: string[], type: string) =>
  names.map((n) => `(func (export "${n}") (param ${type} ${type}) (result ${type}) (${type}.${n} (local.get 0) (local.get 1)))`).join('\n');
const unary = (names: string[], type: string) =>
  names.map((n) => `(func (export "${n}") (param ${type}) (result ${type}) (${type}.${n} (local.get 0)))`).join('\n');

describe('i64 handlers', () => {
  const { call } = instantiate(`(module
    ${binary(['and', 'or', 'xor', 'div_s', 'div_u', 'rem_s', 'rem_u'], 'i64')}
    ${unary(['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'], 'i64')}
    (func (export "extend_i32_s") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))
    (func (export "extend_i32_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))
    ;; The destination slot is an operand too: x = x / y and x = x % y in place.
    (func (export "div_u_in_place") (param i64 i64) (result i64)
      (local.set 0 (i64.div_u (local.get 0) (local.get 1))) (local.get 0))
    (func (export "rem_s_in_place") (param i64 i64) (result i64)
      (local.set 1 (i64.rem_s (local.get 0) (local.get 1))) (local.get 1)))`);
  const one = (name: string, ...args: unknown[]) => call(name, ...args)[0];

  it('and, or, xor on every pair of edge values', () => {
    for (const a of EDGES) {
      for (const b of EDGES) {
        expect(one('and', a, b)).toBe(s64(a & b));
        expect(one('or', a, b)).toBe(s64(a | b));
        expect(one('xor', a, b)).toBe(s64(a ^ b));
      }
    }
  });

  it('clz, ctz, popcnt and the sign extensions', () => {
    for (const a of EDGES) {
      const bits = u64(a).toString(2).padStart(64, '0');
      expect(one('clz', a)).toBe(BigInt(bits.indexOf('1') < 0 ? 64 : bits.indexOf('1')));
      expect(one('ctz', a)).toBe(BigInt(bits.lastIndexOf('1') < 0 ? 64 : 63 - bits.lastIndexOf('1')));
      expect(one('popcnt', a)).toBe(BigInt(bits.replaceAll('0', '').length));
      expect(one('extend8_s', a)).toBe(BigInt.asIntN(8, a));
      expect(one('extend16_s', a)).toBe(BigInt.asIntN(16, a));
      expect(one('extend32_s', a)).toBe(BigInt.asIntN(32, a));
    }
    for (const x of [0, 1, -1, 0x7fffffff, -0x80000000, 12345]) {
      expect(one('extend_i32_s', x)).toBe(BigInt(x));
      expect(one('extend_i32_u', x)).toBe(BigInt(x >>> 0));
    }
  });

  it('divides and takes remainders like bigints, inside and outside [0, 2^31)', () => {
    for (const a of EDGES) {
      for (const b of EDGES) {
        if (b === 0n) continue;
        expect(one('div_u', a, b)).toBe(s64(u64(a) / u64(b)));
        expect(one('rem_u', a, b)).toBe(s64(u64(a) % u64(b)));
        expect(one('rem_s', a, b)).toBe(a % b);
        if (!(a === I64_MIN && b === -1n)) expect(one('div_s', a, b)).toBe(a / b);
      }
    }
    // Large dividends and divisors next to 2^53 and quotients next to an integer.
    const big = 2n ** 53n - 1n;
    for (const b of [2n ** 52n, 2n ** 52n + 1n, 3n, 2n ** 26n + 1n, 94906267n, big - 1n, big]) {
      for (const a of [big, big - 1n, big - b + 1n, (big / b) * b - 1n]) {
        if (a < 0n) continue;
        expect(one('div_u', a, b)).toBe(a / b);
        expect(one('rem_u', a, b)).toBe(a % b);
        expect(one('div_s', a, b)).toBe(a / b);
        expect(one('rem_s', a, b)).toBe(a % b);
      }
    }
  });

  it('writes results over an operand slot', () => {
    expect(one('div_u_in_place', 1000n, 7n)).toBe(142n);
    expect(one('div_u_in_place', -1n, 2n)).toBe(2n ** 63n - 1n);
    expect(one('rem_s_in_place', 1000n, 7n)).toBe(6n);
    expect(one('rem_s_in_place', -1000n, 7n)).toBe(-6n);
  });

  it('traps on division by zero (small and large dividends) and on signed overflow', () => {
    for (const a of [0n, 5n, 2n ** 53n + 1n, -7n]) {
      for (const name of ['div_s', 'div_u', 'rem_s', 'rem_u']) {
        expect(trapOf(() => call(name, a, 0n)).code).toBe(TrapCode.IntegerDivisionByZero);
      }
    }
    expect(trapOf(() => call('div_s', I64_MIN, -1n)).code).toBe(TrapCode.IntegerOverflow);
    expect(one('rem_s', I64_MIN, -1n)).toBe(0n);
  });
});

describe('64-bit memory handlers', () => {
  const { call } = instantiate(`(module
    (memory 1)
    ;; bits -> f64 -> memory (f64.store) -> f64.load -> bits
    (func (export "f64_roundtrip") (param i64 i32) (result i64)
      (f64.store offset=3 (local.get 1) (f64.reinterpret_i64 (local.get 0)))
      (i64.reinterpret_f64 (f64.load offset=3 (local.get 1))))
    ;; f64.store, read back as i64; i64.store, read back through f64.load
    (func (export "f64_store_i64_load") (param i64) (result i64)
      (f64.store (i32.const 8) (f64.reinterpret_i64 (local.get 0)))
      (i64.load (i32.const 8)))
    (func (export "i64_store_f64_load") (param i64) (result i64)
      (i64.store (i32.const 16) (local.get 0))
      (i64.reinterpret_f64 (f64.load (i32.const 16))))
    (func (export "store64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "load8_s") (param i32) (result i64) (i64.load8_s (local.get 0)))
    (func (export "load8_u") (param i32) (result i64) (i64.load8_u (local.get 0)))
    (func (export "load16_s") (param i32) (result i64) (i64.load16_s (local.get 0)))
    (func (export "load16_u") (param i32) (result i64) (i64.load16_u (local.get 0)))
    (func (export "load32_s") (param i32) (result i64) (i64.load32_s (local.get 0)))
    (func (export "load32_u") (param i32) (result i64) (i64.load32_u (local.get 0)))
    (func (export "f64_load") (param i32) (result f64) (f64.load (local.get 0)))
    (func (export "f64_store") (param i32 f64) (f64.store (local.get 0) (local.get 1))))`);
  const one = (name: string, ...args: unknown[]) => call(name, ...args)[0];
  const NANS = [
    0x7ff0000000000001n, // signalling, smallest payload
    0x7ff4000000000000n, // signalling
    0x7ff8000000000000n, // canonical quiet
    0x7ff8000000000001n,
    0xfff0000000000001n - 2n ** 64n, // negative signalling
    0x7fffffffffffffffn,
  ];

  it('keeps NaN payloads through f64.store and f64.load, at unaligned addresses too', () => {
    for (const bits of NANS) {
      for (const at of [0, 1, 5]) expect(one('f64_roundtrip', bits, at)).toBe(bits);
      expect(one('f64_store_i64_load', bits)).toBe(bits);
      expect(one('i64_store_f64_load', bits)).toBe(bits);
    }
    expect(one('f64_roundtrip', 0x3ff0000000000000n, 0)).toBe(0x3ff0000000000000n);
    expect(one('f64_roundtrip', -(2n ** 63n), 0)).toBe(-(2n ** 63n)); // -0
  });

  it('stores and loads f64 little-endian', () => {
    call('f64_store', 32, 1.5);
    expect(one('load32_u', 32)).toBe(0n);
    expect(one('load32_u', 36)).toBe(0x3ff80000n);
    call('store64', 40, 0x400921fb54442d18n);
    expect(one('f64_load', 40)).toBe(Math.PI);
  });

  it('extends 8, 16 and 32-bit loads to i64', () => {
    call('store64', 0, 0x0123456789abcdefn);
    call('store64', 8, -2n);
    expect(one('load8_s', 0)).toBe(-0x11n);
    expect(one('load8_u', 0)).toBe(0xefn);
    expect(one('load16_s', 0)).toBe(-0x3211n);
    expect(one('load16_u', 0)).toBe(0xcdefn);
    expect(one('load32_s', 0)).toBe(-0x76543211n);
    expect(one('load32_u', 0)).toBe(0x89abcdefn);
    expect(one('load32_s', 4)).toBe(0x01234567n);
    expect(one('load8_s', 9)).toBe(-1n);
    expect(one('load32_u', 8)).toBe(0xfffffffen);
  });

  it('traps past the end of memory', () => {
    for (const name of ['load8_s', 'load16_u', 'load32_s', 'f64_load']) {
      expect(trapOf(() => call(name, 65536)).code).toBe(TrapCode.MemoryOutOfBounds);
    }
    expect(trapOf(() => call('f64_load', 65529)).code).toBe(TrapCode.MemoryOutOfBounds);
    expect(one('f64_load', 65528)).toBe(0);
    expect(trapOf(() => call('f64_store', 65529, 1)).code).toBe(TrapCode.MemoryOutOfBounds);
    expect(trapOf(() => call('store64', -1, 1n)).code).toBe(TrapCode.MemoryOutOfBounds);
  });
});

describe('call handlers', () => {
  const wat = `(module
    (import "env" "host" (func $host (param i32) (result i32)))
    (type $un (func (param i32) (result i32)))
    (type $bin (func (param i32 i32) (result i32)))
    (table 4 funcref)
    (elem (i32.const 0) $inc $host $add)
    (func $inc (type $un) (i32.add (local.get 0) (i32.const 1)))
    (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
    ;; recursion through a local call, with a local that must start at zero in every frame
    (func $down (export "down") (param i32) (result i32) (local i32)
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (if (result i32) (i32.eqz (local.get 0))
        (then (local.get 1))
        (else (i32.add (local.get 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))
    (func (export "via_host") (param i32) (result i32) (call $host (call $inc (local.get 0))))
    (func (export "indirect") (param i32 i32) (result i32) (call_indirect (type $un) (local.get 1) (local.get 0)))
    (func (export "void_chain") (result i32) (local i32)
      (call $nothing) (call $nothing) (i32.const 7))
    (func $nothing))`;

  it('calls local, imported and indirect functions', () => {
    const store = new Store(new Engine());
    const host = new Func(store, { params: ['i32'], results: ['i32'] }, (_caller, x: number) => x * 10);
    const { call } = instantiate(wat, [host], store.engine, store);
    expect(call('down', 100)).toEqual([101]);
    // Again, over frames the first call left dirty: every frame's local must start at zero.
    expect(call('down', 100)).toEqual([101]);
    expect(call('via_host', 4)).toEqual([50]);
    expect(call('indirect', 0, 41)).toEqual([42]);
    expect(call('indirect', 1, 3)).toEqual([30]);
    expect(call('void_chain')).toEqual([7]);
  });

  it('traps on bad indirect calls: wrong signature, null entry, index out of range', () => {
    const store = new Store(new Engine());
    const host = new Func(store, { params: ['i32'], results: ['i32'] }, (_caller, x: number) => x);
    const { call } = instantiate(wat, [host], store.engine, store);
    expect(trapOf(() => call('indirect', 2, 1)).code).toBe(TrapCode.BadSignature);
    expect(trapOf(() => call('indirect', 3, 1)).code).toBe(TrapCode.IndirectCallToNull);
    expect(trapOf(() => call('indirect', 4, 1)).code).toBe(TrapCode.TableOutOfBounds);
    expect(call('indirect', 0, 1)).toEqual([2]);
  });

  it('overflows the stack on deep local recursion with a backtrace of the recursing function', () => {
    const engine = new Engine({ maxWasmStack: 64 * 1024 });
    const store = new Store(engine);
    const host = new Func(store, { params: ['i32'], results: ['i32'] }, (_caller, x: number) => x);
    const { call } = instantiate(wat, [host], engine, store);
    const trap = trapOf(() => call('down', 1_000_000));
    expect(trap.code).toBe(TrapCode.StackOverflow);
    expect(trap.backtrace.length).toBeGreaterThan(10);
    expect(trap.backtrace.slice(0, 10).every((f) => f.funcIndex === 3)).toBe(true);
    expect(call('down', 10)).toEqual([11]);
  });

  it("returns into a caller of another instance with the caller's memory", () => {
    const engine = new Engine();
    const store = new Store(engine);
    // B writes and grows its own memory; A reads its own after each call into B.
    const b = instantiate(`(module (memory 1)
      (func (export "poke") (param i32) (result i32)
        (i32.store (i32.const 0) (local.get 0))
        (drop (memory.grow (i32.const 1)))
        (i32.load (i32.const 0))))`, [], engine, store);
    const a = instantiate(`(module (import "b" "poke" (func $poke (param i32) (result i32))) (memory 1)
      (data (i32.const 0) "\\2a")
      (func (export "run") (result i32)
        (i32.add (call $poke (i32.const 1000)) (i32.load (i32.const 0)))))`,
      [b.instance.getExport(store, 'poke')], engine, store);
    expect(a.call('run')).toEqual([1042]);
    expect(a.call('run')).toEqual([1042]);
  });
});
