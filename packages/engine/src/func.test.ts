import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine, Func, Instance, LinkError, Module, Store, Trap, TrapCode, Val, WeftError } from './index.js';
import { trapOf } from '../test/trap-of.js';

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}.wasm`, import.meta.url));
const engine = new Engine();
const traps = new Module(engine, fixture('traps'));
const floats = new Module(engine, fixture('floats'));
const reenter = new Module(engine, fixture('reenter'));

describe('traps', () => {
  it('carry the spec message, a code and a named backtrace', () => {
    const store = new Store(engine);
    const i = new Instance(store, traps, []);
    const t = trapOf(() => i.getFunc(store, 'div')!.call(store, [1, 0]));
    expect(t.code).toBe(TrapCode.IntegerDivisionByZero);
    expect(t.reason).toBe('integer divide by zero');
    const u = trapOf(() => i.getFunc(store, 'outer')!.call(store, []));
    expect(u.code).toBe(TrapCode.UnreachableCodeReached);
    expect(u.backtrace.map((f) => f.funcName)).toEqual(['inner', 'middle', 'outer']);
    expect(u.backtrace[0]!.moduleName).toBe('traps');
    expect(u.message).toMatch(/^unreachable\nwasm backtrace:\n {2}0: traps!inner/);
    expect(trapOf(() => i.getFunc(store, 'oob')!.call(store, [])).code).toBe(TrapCode.MemoryOutOfBounds);
  });

  it('leave the store usable', () => {
    const store = new Store(engine);
    const i = new Instance(store, traps, []);
    const div = i.getTypedFunc(store, 'div', ['i32', 'i32'], ['i32']);
    for (let k = 0; k < 3; k++) trapOf(() => div.call(store, 1, 0));
    expect(div.call(store, 9, 3)).toBe(3);
  });

  it('100,000-deep recursion exhausts the stack with StackOverflow, and the store recovers', () => {
    const store = new Store(engine);
    const depth = new Instance(store, traps, []).getTypedFunc(store, 'depth', ['i32'], ['i32']);
    expect(depth.call(store, 1000)).toBe(1000);
    const t = trapOf(() => depth.call(store, 100_000));
    expect(t.code).toBe(TrapCode.StackOverflow);
    expect(t.reason).toBe('call stack exhausted');
    expect(depth.call(store, 1000)).toBe(1000);
  });

  it('infinite recursion traps deterministically; a larger maxWasmStack allows deeper calls', () => {
    const store = new Store(engine);
    const forever = new Instance(store, traps, []).getFunc(store, 'forever')!;
    expect(trapOf(() => forever.call(store, [])).code).toBe(TrapCode.StackOverflow);
    const big = new Engine({ maxWasmStack: 16 << 20 });
    const s2 = new Store(big);
    const depth = new Instance(s2, new Module(big, fixture('traps')), []).getTypedFunc(s2, 'depth', ['i32'], ['i32']);
    expect(depth.call(s2, 100_000)).toBe(100_000);
  });
});

describe('host functions', () => {
  it('see the store data through the caller', () => {
    const store = new Store(engine, { calls: 0 });
    const f = new Func(store, { params: [], results: ['i32'] }, (caller) => {
      (caller.data as { calls: number }).calls++;
      expect(caller.store).toBe(store);
      expect(caller.engine).toBe(engine);
      expect(caller.getExport('anything')).toBeUndefined(); // called from the host: no instance
      return 7;
    });
    expect(f.call(store, [])).toEqual([7]);
    expect(store.data.calls).toBe(1);
  });

  it('turn thrown errors into HostError traps, and pass traps and WeftErrors through', () => {
    const store = new Store(engine);
    const host = (err: unknown) =>
      new Instance(store, reenter, [
        new Func(store, { params: ['i32'], results: ['i32'] }, () => {
          throw err;
        }),
      ]).getFunc(store, 'outer')!;
    const boom = new Error('boom');
    const t = trapOf(() => host(boom).call(store, [1]));
    expect(t.code).toBe(TrapCode.HostError);
    expect(t.reason).toBe('boom');
    expect(t.cause).toBe(boom);
    const mine = new Trap(TrapCode.Interrupt);
    expect(trapOf(() => host(mine).call(store, [1]))).toBe(mine);
    const link = new LinkError('no');
    expect(() => host(link).call(store, [1])).toThrow(link);
  });

  it('report bad results as traps', () => {
    const store = new Store(engine);
    const f = new Func(store, { params: ['i32'], results: ['i32'] }, () => 'x');
    const outer = new Instance(store, reenter, [f]).getFunc(store, 'outer')!;
    const t = trapOf(() => outer.call(store, [1]));
    expect(t.code).toBe(TrapCode.HostError);
    expect(t.reason).toBe('result: expected a number for i32, got string');
  });

  it('may re-enter wasm: host -> wasm -> host -> wasm', () => {
    const store = new Store(engine);
    let inner: Func | undefined;
    let depth = 0;
    const host = new Func(store, { params: ['i32'], results: ['i32'] }, (caller, x: number) => {
      depth++;
      const r = inner!.call(caller, [x])[0] as number;
      expect(caller.getExport('inner')).toBe(inner);
      return r;
    });
    const i = new Instance(store, reenter, [host]);
    inner = i.getFunc(store, 'inner');
    expect(i.getTypedFunc(store, 'outer', ['i32'], ['i32']).call(store, 4)).toBe(50);
    expect(depth).toBe(1);
  });

  it('nest deeply through the host without overflowing', () => {
    const store = new Store(engine);
    let outer: Func | undefined;
    const host = new Func(store, { params: ['i32'], results: ['i32'] }, (caller, x: number) =>
      x === 0 ? 0 : (outer!.call(caller, [x - 1])[0] as number) / 10 + 1,
    );
    outer = new Instance(store, reenter, [host]).getFunc(store, 'outer');
    expect(outer!.call(store, [50])).toEqual([500]);
  });

  it('refuse to be used with another store', () => {
    const a = new Store(engine);
    const b = new Store(engine);
    const f = new Func(a, { params: [], results: [] }, () => {});
    expect(() => f.call(b, [])).toThrow(WeftError);
    expect(() => new Instance(b, reenter, [f])).toThrow("import `env::host` used with the wrong store");
  });

  it('convert every value type', () => {
    const store = new Store(engine);
    const obj = { hello: 1 };
    const f = new Func(
      store,
      { params: ['i32', 'i64', 'f32', 'f64', 'externref', 'funcref'], results: ['funcref', 'externref', 'f64', 'f32', 'i64', 'i32'] },
      (_c, a, b, c, d, e, g) => [g, e, d, c, b, a],
    );
    expect(f.call(store, [-1, -2n, 1.5, 2.25, obj, f])).toEqual([f, obj, 2.25, 1.5, -2n, -1]);
    expect(f.call(store, [0, 0n, 0, 0, null, null])).toEqual([null, null, 0, 0, 0n, 0]);
  });
});

describe('exact float bits', () => {
  const nan32 = 0x7fa00001; // signalling NaN with payload
  const nan64 = 0xfff4000000000001n;

  it('survive callVals through wasm', () => {
    const store = new Store(engine);
    const i = new Instance(store, floats, []);
    expect(i.getFunc(store, 'id32')!.callVals(store, [Val.f32Bits(nan32)])).toEqual([Val.f32Bits(nan32)]);
    expect(i.getFunc(store, 'id64')!.callVals(store, [Val.f64Bits(nan64)])).toEqual([Val.f64Bits(nan64)]);
    const out = i.getFunc(store, 'pass')!.callVals(store, [Val.i64(-5n), Val.f32Bits(nan32), Val.f64Bits(nan64), Val.i32(9)]);
    expect(out).toEqual([Val.i32(9), Val.f64Bits(nan64), Val.f32Bits(nan32), Val.i64(-5n)]);
    expect(() => i.getFunc(store, 'id32')!.callVals(store, [Val.f64(1)])).toThrow(/expected a Val of type f32, got f64/);
  });

  it('survive global initialisers and getVal/setVal', () => {
    const store = new Store(engine);
    const i = new Instance(store, floats, []);
    expect(i.getGlobal(store, 'f32nan')!.getVal(store)).toEqual(Val.f32Bits(0x7fa00001));
    expect(i.getGlobal(store, 'f64nan')!.getVal(store)).toEqual(Val.f64Bits(0xfff4000000000001n));
    i.getGlobal(store, 'f32nan')!.setVal(store, Val.f32Bits(0xff800002));
    expect(i.getGlobal(store, 'f32nan')!.getVal(store)).toEqual({ type: 'f32', bits: 0xff800002 });
  });

  it('survive Val host functions called from wasm', () => {
    const store = new Store(engine);
    const seen: Val[] = [];
    const host = Func.newVals(store, { params: ['i32'], results: ['i32'] }, (_c, args) => {
      seen.push(...args);
      return [Val.i32(args[0]!.type === 'i32' ? args[0]!.value + 1 : 0)];
    });
    const i = new Instance(store, reenter, [host]);
    expect(i.getFunc(store, 'outer')!.callVals(store, [Val.i32(4)])).toEqual([Val.i32(50)]);
    expect(seen).toEqual([Val.i32(4)]);
    const id = Func.newVals(store, { params: ['f64'], results: ['f64'] }, (_c, [x]) => [x!]);
    expect(id.callVals(store, [Val.f64Bits(nan64)])).toEqual([Val.f64Bits(nan64)]);
  });
});
