/**
 * Lazy verification (the default of `Module.deserialize`): a function's code is checked at its first call, by
 * whatever path it is entered — a call from the host (sync and async), `call` and `call_indirect` from wasm, a
 * function reference called by the host, the start function — and a function that fails throws a
 * `DeserializeError` naming it, every time, while the rest of the module and the store keep working. Code is
 * checked once per module (instances share it), `serialize` writes the real code, and the caller's artifact
 * buffer may be reused after loading.
 */
import { describe, expect, it } from 'vitest';
import { ISA } from '../../src/compile/isa.js';
import { DeserializeError, Engine, Instance, Module, Store, type Func } from '../../src/index.js';
import { parts, rebuild } from './helpers.js';

const WAT = `(module
  (type $t (func (param i32) (result i32)))
  (table (export "table") 2 funcref)
  (elem (i32.const 0) $good $bad)
  (func $good (export "good") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $bad (export "bad") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func (export "callsBad") (param i32) (result i32) (call $bad (local.get 0)))
  (func (export "indirect") (param i32 i32) (result i32) (call_indirect (type $t) (local.get 0) (local.get 1))))`;

const engine = new Engine();
const artifact = new Module(engine, WAT).serialize();
const UNKNOWN_OPCODE = ISA.length;

/** The artifact with function `funcIndex`'s first instruction replaced by an unknown opcode (valid checksums). */
function broken(funcIndex: number): Uint8Array {
  const a = parts(artifact);
  a.code.find((f) => f.funcIndex === funcIndex)!.code[0] = UNKNOWN_OPCODE;
  return rebuild(a);
}

function call(store: Store<unknown>, instance: Instance, name: string, args: number[]): unknown {
  try {
    return instance.getFunc(store, name)!.call(store, args);
  } catch (err) {
    return err;
  }
}

const BAD = /^invalid artifact: function 1: unknown opcode \d+ at 0$/;

describe('lazy verification', () => {
  it('loads a tampered artifact and fails only the tampered function, at each call, by every path', async () => {
    const bytes = broken(1);
    expect(() => Module.deserialize(engine, bytes, { verify: 'eager' })).toThrow(BAD);
    const module = Module.deserialize(engine, bytes);
    const store = new Store<unknown>(engine, undefined);
    const instance = new Instance(store, module, []);
    expect(call(store, instance, 'good', [1])).toEqual([2]);
    for (let k = 0; k < 2; k++) {
      const direct = call(store, instance, 'bad', [2]);
      expect(direct).toBeInstanceOf(DeserializeError);
      expect((direct as Error).message).toMatch(BAD);
      expect(call(store, instance, 'callsBad', [2])).toBeInstanceOf(DeserializeError); // CALL
      expect(call(store, instance, 'indirect', [2, 1])).toBeInstanceOf(DeserializeError); // CALL_INDIRECT
    }
    expect(call(store, instance, 'indirect', [2, 0])).toEqual([3]);
    // A function reference from the table, called by the host.
    const table = instance.getTable(store, 'table')!;
    expect(() => (table.get(store, 1) as Func).call(store, [2])).toThrow(DeserializeError);
    // An async call.
    await expect(instance.getFunc(store, 'bad')!.callAsync(store, [2])).rejects.toThrow(BAD);
    // The store is still usable, and a second instance shares the outcome.
    expect(call(store, instance, 'good', [41])).toEqual([42]);
    const again = new Instance(store, module, []);
    expect(call(store, again, 'bad', [2])).toBeInstanceOf(DeserializeError);
    expect(call(store, again, 'good', [0])).toEqual([1]);
  });

  it('checks a start function when instantiating', () => {
    const source = new Module(engine, `(module (global $g (mut i32) (i32.const 0))
      (func $init (global.set $g (i32.const 7))) (start $init)
      (func (export "g") (result i32) (global.get $g)))`);
    const good = Module.deserialize(engine, source.serialize());
    const store = new Store(engine);
    expect(new Instance(store, good, []).getFunc(store, 'g')!.call(store, [])).toEqual([7]);
    const a = parts(source.serialize());
    a.code[0]!.code[0] = UNKNOWN_OPCODE;
    const bad = Module.deserialize(engine, rebuild(a));
    expect(() => new Instance(store, bad, [])).toThrow(/function 0: unknown opcode/);
  });

  it('fails at the first call when a function does not match its checksum', () => {
    const bytes = artifact;
    // Flip a bit of the last code word in weft.funcs without fixing the function's checksum.
    const tampered = bytes.slice();
    const at = findLastFuncWord(tampered);
    tampered[at] ^= 1;
    expect(() => Module.deserialize(engine, tampered, { verify: 'eager' })).toThrow(/checksum mismatch in section weft.funcs/);
    const module = Module.deserialize(engine, tampered);
    const store = new Store<unknown>(engine, undefined);
    const instance = new Instance(store, module, []);
    // The last function (index 3, `indirect`) owns that word; the others run.
    expect(call(store, instance, 'good', [1])).toEqual([2]);
    const err = call(store, instance, 'indirect', [1, 0]);
    expect(err).toBeInstanceOf(DeserializeError);
    expect((err as Error).message).toMatch(/^invalid artifact: function 3: checksum mismatch in section weft.funcs/);
  });

  it('serializes the real code without running it, and keeps a private copy of the bytes', () => {
    const input = artifact.slice();
    const module = Module.deserialize(engine, input);
    input.fill(0xff); // the caller reuses its buffer
    expect(module.serialize()).toEqual(artifact);
    const store = new Store<unknown>(engine, undefined);
    expect(call(store, new Instance(store, module, []), 'bad', [5])).toEqual([15]);
  });
});

/** Byte position of the last word of section weft.funcs in an artifact (the sections are in table order). */
function findLastFuncWord(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(16, true);
  for (let i = 0; i < count; i++) {
    const at = 24 + i * 24;
    const name = new TextDecoder().decode(bytes.subarray(at, at + 16)).replace(/\0+$/, '');
    if (name === 'weft.funcs') return view.getUint32(at + 16, true) + view.getUint32(at + 20, true) - 4;
  }
  throw new Error('no weft.funcs section');
}
