/**
 * Executor tests through the public API, on `fixtures/exec.wat`: deep recursion and stack exhaustion, calls and
 * multi-value, host calls with re-entry and the host-error contract, memory growth, NaN bit patterns, exact
 * i64→f32 rounding, br_table value transfer, and traps with their backtraces.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine, Func, Instance, Module, Store, Trap, TrapCode, Val, WeftError, type Config } from '../index.js';
import { trapOf } from '../../test/trap-of.js';

const bytes = readFileSync(new URL('./fixtures/exec.wasm', import.meta.url));

function setup(config?: Config, fail: (caller: unknown) => void = () => {}) {
  const engine = new Engine(config);
  const module = new Module(engine, bytes);
  const store = new Store(engine);
  const callback = new Func(store, { params: ['i32'], results: ['i32'] }, (caller, x: number) => {
    const double = caller.getExport('double') as Func;
    return (double.call(caller, [x])[0] as number) + 100;
  });
  const failing = new Func(store, { params: [], results: [] }, (caller) => fail(caller));
  const instance = new Instance(store, module, [callback, failing]);
  const call = (name: string, ...args: unknown[]) => instance.getFunc(store, name)!.call(store, args);
  return { engine, module, store, instance, call };
}

describe('calls and the stack', () => {
  it('recurses 10,000 deep without JS recursion', () => {
    const { call } = setup();
    expect(call('depth', 10_000)).toEqual([10_000]);
  });

  it('traps with StackOverflow on 100,000-deep recursion, and the store stays usable', () => {
    const { call } = setup();
    const trap = trapOf(() => call('depth', 100_000));
    expect(trap.code).toBe(TrapCode.StackOverflow);
    expect(trap.reason).toBe('call stack exhausted');
    // The backtrace keeps the innermost frames only, and the message lists fewer still.
    expect(trap.backtrace.length).toBe(1000);
    expect(trap.message).toMatch(/\.\.\. 950 more frames$/);
    expect(trap.backtrace[0]!.funcName).toBe('depth');
    expect(call('depth', 5)).toEqual([5]);
  });

  it('honours a smaller maxWasmStack', () => {
    const { call } = setup({ maxWasmStack: 64 * 1024 });
    expect(trapOf(() => call('depth', 10_000)).code).toBe(TrapCode.StackOverflow);
    expect(call('depth', 100)).toEqual([100]);
  });

  it('computes with i64 through recursion', () => {
    const { call } = setup();
    expect(call('fac', 20n)).toEqual([2432902008176640000n]);
    expect(call('fac', 25n)).toEqual([7034535277573963776n]); // wraps mod 2^64
  });

  it('returns multiple values through calls and blocks', () => {
    const { call } = setup();
    expect(call('pair', 1, 2)).toEqual([2, 1]);
    expect(call('swap_pair', 5, 6)).toEqual([6, 5]);
  });

  it('loops with fused compare-and-branch', () => {
    const { call } = setup();
    expect(call('sum', 0)).toEqual([0]);
    expect(call('sum', 1000)).toEqual([499500]);
  });

  it('reads a pending local.get before a local.set overwrites the local', () => {
    const { call } = setup();
    expect(call('swap_sub', 10, 3)).toEqual([7]);
  });

  it('carries values to br_table targets', () => {
    const { call } = setup();
    expect(call('table', 0)).toEqual([101]);
    expect(call('table', 1)).toEqual([102]);
    expect(call('table', 2)).toEqual([103]);
    expect(call('table', 99)).toEqual([103]);
    expect(call('table', -1)).toEqual([103]);
  });
});

describe('host functions', () => {
  it('lets a host function call back into wasm', () => {
    const { call } = setup();
    expect(call('via_host', 20)).toEqual([1 + 40 + 100]);
  });

  it('turns unbounded wasm → host → wasm recursion into StackOverflow, not a JS RangeError', () => {
    const { store, module } = setup();
    const callback = new Func(store, { params: ['i32'], results: ['i32'] }, (caller, x: number) => {
      const again = caller.getExport('via_host') as Func;
      return again.call(caller, [x + 1])[0] as number;
    });
    const instance = new Instance(store, module, [callback, new Func(store, { params: [], results: [] }, () => {})]);
    const trap = trapOf(() => instance.getFunc(store, 'via_host')!.call(store, [0]));
    expect(trap.code).toBe(TrapCode.StackOverflow);
    expect(store.ctx.depth).toBe(0);
    expect(instance.getFunc(store, 'double')!.call(store, [2])).toEqual([4]);
  });

  it('turns a plain host error into a HostError trap with the error as cause', () => {
    const boom = new Error('boom');
    const { call } = setup(undefined, () => {
      throw boom;
    });
    const trap = trapOf(() => call('host_fails'));
    expect(trap.code).toBe(TrapCode.HostError);
    expect(trap.reason).toBe('boom');
    expect(trap.cause).toBe(boom);
    expect(trap.backtrace.map((f) => f.funcIndex)).toEqual([7]); // after 2 imports and 5 functions
  });

  it('passes a Trap from the host through, giving it a backtrace', () => {
    const mine = new Trap(TrapCode.Interrupt);
    const { call } = setup(undefined, () => {
      throw mine;
    });
    const trap = trapOf(() => call('host_fails'));
    expect(trap).toBe(mine);
    expect(trap.backtrace.length).toBe(1);
  });

  it('passes other WeftErrors through unchanged', () => {
    const mine = new WeftError('custom');
    const { call } = setup(undefined, () => {
      throw mine;
    });
    expect(() => call('host_fails')).toThrow(mine);
  });

  it('gives a trap inside a callback a backtrace across the host call', () => {
    const { store, module, engine } = setup();
    void engine;
    const s2 = store;
    let inner: Func | undefined;
    const callback = new Func(s2, { params: ['i32'], results: ['i32'] }, (caller, x: number) => {
      inner = caller.getExport('divide') as Func;
      return inner.call(caller, [x, 0])[0] as number;
    });
    const failing = new Func(s2, { params: [], results: [] }, () => {});
    const instance = new Instance(s2, module, [callback, failing]);
    const trap = trapOf(() => instance.getFunc(s2, 'via_host')!.call(s2, [1]));
    expect(trap.code).toBe(TrapCode.IntegerDivisionByZero);
    expect(trap.backtrace.map((f) => f.funcName)).toEqual(['inner', 'outer', undefined]);
    // The store is usable afterwards.
    expect(instance.getFunc(s2, 'double')!.call(s2, [4])).toEqual([8]);
  });
});

describe('memory and values', () => {
  it('sees memory grown during the function', () => {
    const { call, instance, store } = setup();
    expect(call('grow_and_store', 1)).toEqual([1 + 7]);
    expect(instance.getMemory(store, 'mem')!.size(store)).toBe(2);
  });

  it('keeps NaN payloads through locals, calls, globals and memory', () => {
    const { instance, store } = setup();
    for (const bits of [0x7fa00001, 0xffc00000, 0x7f800001, 0x7fffffff]) {
      const [r] = instance.getFunc(store, 'nan32')!.callVals(store, [Val.f32Bits(bits)]);
      expect(r).toEqual(Val.f32Bits(bits));
    }
    for (const bits of [0x7ff0000000000001n, 0xfff4000000000abcn]) {
      const [r] = instance.getFunc(store, 'nan64')!.callVals(store, [Val.f64Bits(bits)]);
      expect(r).toEqual(Val.f64Bits(bits));
    }
    const [neg] = instance.getFunc(store, 'neg32')!.callVals(store, [Val.f32Bits(0x7fa00001)]);
    expect(neg).toEqual(Val.f32Bits(0xffa00001));
  });

  it('rounds i64 → f32 once (not through f64)', () => {
    const { call } = setup();
    // 2^60 + 2^36 + 1 is just above the midpoint between two f32s; via f64 it would become the midpoint and round
    // to even (down).
    const v = 2n ** 60n + 2n ** 36n + 1n;
    expect(call('i64_to_f32', v)).toEqual([Math.fround(2 ** 60 + 2 ** 37)]);
    expect(call('i64_to_f32', -v)).toEqual([-Math.fround(2 ** 60 + 2 ** 37)]);
    expect(call('i64_to_f32', 2n ** 60n + 2n ** 36n)).toEqual([2 ** 60]); // an exact tie: to even
    expect(call('u64_to_f32', -1n)).toEqual([2 ** 64]);
    expect(call('u64_to_f32', 2n ** 63n + 2n ** 39n + 1n - 2n ** 64n)).toEqual([Math.fround(2 ** 63 + 2 ** 40)]);
  });
});

describe('traps', () => {
  it('reports the spec message and a backtrace with names and offsets', () => {
    const { call } = setup();
    const trap = trapOf(() => call('divide', 1, 0));
    expect(trap.code).toBe(TrapCode.IntegerDivisionByZero);
    expect(trap.reason).toBe('integer divide by zero');
    expect(trap.backtrace.map((f) => f.funcName)).toEqual(['inner', 'outer']);
    expect(trap.backtrace.every((f) => f.moduleName === 'exec' && typeof f.offset === 'number')).toBe(true);
    expect(trap.message).toMatch(/wasm backtrace:\n {2}0: exec!inner @ 0x[0-9a-f]+\n {2}1: exec!outer @ 0x/);
    expect(trapOf(() => call('divide', -0x80000000, -1)).reason).toBe('integer overflow');
  });

  it('checks call_indirect: bounds, null and signature', () => {
    const { call } = setup();
    expect(call('call_indirect', 21, 0)).toEqual([42]);
    const oob = trapOf(() => call('call_indirect', 1, 4));
    expect([oob.code, oob.reason]).toEqual([TrapCode.TableOutOfBounds, 'undefined element']);
    const nul = trapOf(() => call('call_indirect', 1, 3));
    expect([nul.code, nul.reason]).toEqual([TrapCode.IndirectCallToNull, 'uninitialized element']);
    const sig = trapOf(() => call('call_indirect', 1, 1));
    expect([sig.code, sig.reason]).toEqual([TrapCode.BadSignature, 'indirect call type mismatch']);
  });
});
