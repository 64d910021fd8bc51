/**
 * Async host functions and re-entrancy: a host function resolving after a timer delivers its result to the
 * guest; a rejection traps with the error as `cause`; a synchronous call that reaches an async host function is
 * a clear error; an async host function may call back into its store (nested async and sync calls run inside the
 * suspended call); async calls on one store take turns; `instantiateAsync` runs a start function that awaits.
 */
import { describe, expect, it } from 'vitest';
import { CallHook, Engine, Func, Instance, Linker, Module, Store, Trap, TrapCode, WeftError, type Caller } from '@weft/engine';
import { CALLS_HOST, COUNT, sleep } from './guests.js';

function setup(get: (caller: Caller<unknown>, x: number) => Promise<number> | number) {
  const engine = new Engine();
  const linker = new Linker(engine);
  linker.funcWrapAsync('host', 'get', { params: ['i32'], results: ['i32'] }, get);
  const store = new Store(engine);
  return { engine, linker, store, module: new Module(engine, CALLS_HOST) };
}

describe('async host functions', () => {
  it('deliver a result that arrives after a timer', async () => {
    const { linker, store, module } = setup(async (_c, x) => {
      await sleep(5);
      return x + 100;
    });
    const instance = await linker.instantiateAsync(store, module);
    const twice = instance.getTypedFunc(store, 'twice', ['i32'], ['i32']);
    expect(await twice.callAsync(store, 1)).toBe(202);
    expect(await instance.getFunc(store, 'twice')!.callAsync(store, [2])).toEqual([204]);
  });

  it('trap with the rejection as cause, with a wasm backtrace', async () => {
    const boom = new Error('boom');
    const { linker, store, module } = setup(async () => {
      await sleep(1);
      throw boom;
    });
    const instance = linker.instantiate(store, module);
    const err = await instance.getFunc(store, 'twice')!.callAsync(store, [1]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).code).toBe(TrapCode.HostError);
    expect((err as Trap).cause).toBe(boom);
    expect((err as Trap).backtrace[0]?.funcIndex).toBe(1);
    // The store is fine afterwards.
    expect(instance.getFunc(store, 'inc')!.call(store, [1])).toEqual([2]);
  });

  it('cannot be reached from a synchronous call', () => {
    const { linker, store, module } = setup(async (_c, x) => x);
    const instance = linker.instantiate(store, module);
    expect(() => instance.getFunc(store, 'twice')!.call(store, [1])).toThrow(WeftError);
    expect(() => instance.getFunc(store, 'twice')!.call(store, [1])).toThrow(/host::get.*synchronous call.*callAsync/);
    expect(() => instance.getFunc(store, 'inc')!.call(store, [1])).not.toThrow();
  });

  it('can be called directly with callAsync, and through Func.wrapAsync', async () => {
    const store = new Store(new Engine());
    const f = Func.wrapAsync(store, { params: ['i64'], results: ['i64'] }, async (_c, x: bigint) => x * 2n);
    expect(await f.callAsync(store, [21n])).toEqual([42n]);
    expect(() => f.call(store, [1n])).toThrow(/synchronous call/);
  });

  it('see CallingHost / ReturningFromHost hooks around the await', async () => {
    const { linker, store, module } = setup(async (_c, x) => {
      await sleep(1);
      return x;
    });
    const kinds: string[] = [];
    store.callHook((_s, kind) => void kinds.push(kind));
    const instance = linker.instantiate(store, module);
    await instance.getFunc(store, 'twice')!.callAsync(store, [1]);
    expect(kinds).toEqual([CallHook.CallingWasm, CallHook.CallingHost, CallHook.ReturningFromHost, CallHook.ReturningFromWasm]);
  });
});

describe('re-entrancy', () => {
  it('an async host function calls back into its store, async and sync; the calls nest', async () => {
    const order: string[] = [];
    const { linker, store, module } = setup(async (caller, x) => {
      const inc = caller.getExport('inc') as Func;
      order.push('host');
      const [a] = (await inc.callAsync(caller, [x])) as [number];
      await sleep(1);
      const [b] = inc.call(caller, [a]) as [number];
      // Nested deeper: twice -> get -> twice -> get(...) stops at 3.
      if (x < 3) {
        const twice = caller.getExport('twice') as Func;
        const [c] = (await twice.callAsync(caller, [x + 10])) as [number];
        order.push(`nested ${c}`);
      }
      return b;
    });
    const instance = linker.instantiate(store, module);
    const [r] = await instance.getFunc(store, 'twice')!.callAsync(store, [1]);
    expect(r).toBe((1 + 2) * 2);
    expect(order).toEqual(['host', 'host', `nested ${(11 + 2) * 2}`]);
  });

  it('calls started while another awaits its async host function nest inside it', async () => {
    const log: string[] = [];
    const { linker, store, module } = setup(async (_c, x) => {
      log.push(`start ${x}`);
      await sleep(3);
      log.push(`end ${x}`);
      return x;
    });
    const instance = linker.instantiate(store, module);
    const twice = instance.getFunc(store, 'twice')!;
    // A JS host cannot tell a host function's own calls from other code's: while call 1 awaits, 2 and 3 nest
    // inside it, and 1 resumes only once they are done.
    const results = await Promise.all([1, 2, 3].map((x) => twice.callAsync(store, [x])));
    expect(results).toEqual([[2], [4], [6]]);
    expect(log.slice(0, 3)).toEqual(['start 1', 'start 2', 'start 3']);
  });

  it('async calls on one store take turns while one is suspended at a yield point', async () => {
    const engine = new Engine({ epochInterruption: true });
    const store = new Store(engine);
    store.epochDeadlineAsyncYieldAndUpdate(1);
    store.setEpochDeadline(1_000_000);
    const instance = new Instance(store, new Module(engine, COUNT), []);
    const count = instance.getFunc(store, 'count')!;
    const finished: number[] = [];
    const long = count.callAsync(store, [2000]).then(() => finished.push(2000));
    await sleep(1); // the long call is suspended now (slices end every 256 loop iterations)
    expect(instance.getGlobal(store, 'done')!.get(store)).toBeLessThan(2000);
    const short = count.callAsync(store, [10]).then(() => finished.push(10));
    await Promise.all([long, short]);
    expect(finished).toEqual([2000, 10]);
  });

  it('callAsync from a synchronous host function of the same store is refused', async () => {
    const engine = new Engine();
    const store = new Store(engine);
    let inner: Promise<unknown> | undefined;
    const linker = new Linker(engine);
    linker.funcWrap('host', 'get', { params: ['i32'], results: ['i32'] }, (caller, x: number) => {
      inner = (caller.getExport('inc') as Func).callAsync(caller, [x]);
      return x;
    });
    const instance = linker.instantiate(store, new Module(engine, CALLS_HOST));
    expect(instance.getFunc(store, 'twice')!.call(store, [4])).toEqual([8]);
    await expect(inner).rejects.toThrow(/synchronous host code/);
  });
});

describe('instantiateAsync', () => {
  it('runs a start function that calls an async host function', async () => {
    const engine = new Engine();
    const linker = new Linker<{ got: number }>(engine);
    linker.funcWrapAsync('host', 'get', { params: ['i32'], results: ['i32'] }, async (caller, x: number) => {
      await sleep(2);
      caller.data.got = x;
      return x;
    });
    const module = new Module(
      engine,
      `(module (import "host" "get" (func $get (param i32) (result i32)))
         (func $start (drop (call $get (i32.const 42)))) (start $start))`,
    );
    const store = new Store(engine, { got: 0 });
    expect(() => linker.instantiate(store, module)).toThrow(/synchronous call/);
    await linker.instantiateAsync(store, module);
    expect(store.data.got).toBe(42);
    const store2 = new Store(engine, { got: 0 });
    await linker.instantiatePre(module).instantiateAsync(store2);
    expect(store2.data.got).toBe(42);
  });
});
