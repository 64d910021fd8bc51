/**
 * Fuel metering through the public API (fixture `../fixtures/fuel.wat`): consumption equals the hand-computed
 * cost of every function (Wasmtime's default costs, overrides, bulk operators per 64 bytes), `OutOfFuel` fires at
 * exactly the operator that cannot be paid (its side effects before it happen, none after), fuel after a trap is
 * exact, repeated runs are identical, host functions charge through the caller, and fuel is an error when off.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine, Func, Instance, Memory, Module, Store, Trap, TrapCode, WeftError, type Config } from '@weft/engine';

const bytes = readFileSync(new URL('../fixtures/fuel.wasm', import.meta.url));

function setup(config: Config = {}) {
  const engine = new Engine({ consumeFuel: true, ...config });
  const store = new Store(engine);
  const charge = new Func(store, { params: ['i32'], results: [] }, (caller, n: number) => {
    if (caller.getFuel() < n) throw new Trap(TrapCode.OutOfFuel);
    caller.setFuel(caller.getFuel() - n);
  });
  const instance = new Instance(store, new Module(engine, bytes), [charge]);
  const fn = (name: string) => instance.getFunc(store, name)!;
  /** Fuel `fn(args)` consumes from a budget of `budget`. */
  const cost = (name: string, args: unknown[], budget = 1_000_000) => {
    store.setFuel(budget);
    fn(name).call(store, args);
    return budget - store.getFuel();
  };
  /** The trap of `fn(args)` with `budget` fuel. */
  const trap = (name: string, args: unknown[], budget: number): Trap => {
    store.setFuel(budget);
    try {
      fn(name).call(store, args);
    } catch (err) {
      expect(err).toBeInstanceOf(Trap);
      return err as Trap;
    }
    throw new Error(`${name} did not trap with ${budget} fuel`);
  };
  const memory = instance.getExport(store, 'memory') as Memory;
  const global = () => instance.getGlobal(store, 'g')!.get(store);
  return { engine, store, fn, cost, trap, memory, global };
}

const fibCost = (n: number): number => (n < 2 ? 5 : 13 + fibCost(n - 1) + fibCost(n - 2));

describe('fuel consumed', () => {
  it('equals the hand-computed cost of each function', () => {
    const { cost } = setup();
    expect(cost('add', [1, 2])).toBe(3);
    for (const n of [0, 1, 2, 10, 100]) expect(cost('count', [n])).toBe(14 * n + 4);
    expect(cost('div', [2])).toBe(5);
    expect(cost('stores', [])).toBe(6);
    expect(cost('branch', [1])).toBe(3);
    expect(cost('branch', [0])).toBe(5);
    for (const k of [0, 1, 2, 99]) expect(cost('table', [k])).toBe(3);
    expect(cost('calls', [1, 2])).toBe(6);
    expect(cost('indirect', [])).toBe(7);
    for (const n of [0, 1, 2, 5, 15]) expect(cost('fib', [n])).toBe(fibCost(n));
  });

  it('charges bulk memory operators 1 per 64 bytes on top of the operator', () => {
    const { cost } = setup();
    expect(cost('fill', [0])).toBe(4);
    expect(cost('fill', [63])).toBe(4);
    expect(cost('fill', [640])).toBe(14);
    const custom = setup({ fuelCosts: { bytesPerFuel: 1 } });
    expect(custom.cost('fill', [640])).toBe(644);
  });

  it('applies configured operator costs', () => {
    const { cost } = setup({ fuelCosts: { operators: { 'i32.add': 10, call: 5, nop: 2 } } });
    expect(cost('add', [1, 2])).toBe(12);
    expect(cost('calls', [1, 2])).toBe(2 + 5 + 12);
    expect(cost('stores', [])).toBe(8);
  });

  it('gives a new store 0 fuel', () => {
    const { store, fn } = setup();
    expect(store.getFuel()).toBe(0);
    expect(() => fn('add').call(store, [1, 2])).toThrow(/all fuel consumed/);
  });
});

describe('OutOfFuel', () => {
  it('fires at exactly the operator that cannot be paid', () => {
    const { trap, store } = setup();
    const offsets = [0, 1, 2].map((budget) => {
      const t = trap('add', [1, 2], budget);
      expect(t.code).toBe(TrapCode.OutOfFuel);
      expect(store.getFuel()).toBe(0);
      return t.backtrace[0]!.offset!;
    });
    // local.get 0 (2 bytes), local.get 1 (2 bytes), i32.add.
    expect(offsets).toEqual([offsets[0], offsets[0]! + 2, offsets[0]! + 4]);
  });

  it('runs every side effect before the unpaid operator and none after it', () => {
    const { trap, memory, store, global } = setup();
    const words = () => [memory.read(store, 0, 4)[0], memory.read(store, 4, 4)[0]];
    const expected: Record<number, number[]> = { 2: [0, 0], 3: [1, 0], 5: [1, 0] };
    for (const [budget, mem] of Object.entries(expected)) {
      memory.write(store, 0, new Uint8Array(8));
      trap('stores', [], Number(budget));
      expect(words()).toEqual(mem);
    }
    // count: the global is set at the 9th operator of each 14-operator iteration.
    for (let budget = 0; budget < 120; budget++) {
      trap('count', [100], budget);
      expect(global()).toBe(budget < 9 ? 0 : Math.floor((budget - 9) / 14) + 1);
      expect(store.getFuel()).toBe(0);
    }
  });

  it('leaves the unpaid part of the fuel when an operator costs more than is left', () => {
    const { trap, store } = setup({ fuelCosts: { operators: { 'i32.add': 5 } } });
    expect(trap('add', [1, 2], 6).code).toBe(TrapCode.OutOfFuel);
    expect(store.getFuel()).toBe(4);
    // memory.fill of 640 bytes costs 1 + 10 after three operators: with 12 fuel it cannot be paid.
    trap('fill', [640], 12);
    expect(store.getFuel()).toBe(9);
  });

  it('stops an infinite loop after exactly its budget', () => {
    const { trap, store } = setup();
    expect(trap('spin', [], 10_000).code).toBe(TrapCode.OutOfFuel);
    expect(store.getFuel()).toBe(0);
  });
});

describe('fuel after a trap', () => {
  it('counts the operators up to and including the trapping one', () => {
    const { trap, store } = setup();
    expect(trap('div', [0], 100).code).toBe(TrapCode.IntegerDivisionByZero);
    expect(store.getFuel()).toBe(97);
  });

  it('is identical over 100 runs, with the same backtrace', () => {
    const { trap, store } = setup({ fuelCosts: { operators: { call: 7, 'i32.sub': 3 } } });
    const runs = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const t = trap('fib', [15], 12_347);
      runs.add(JSON.stringify([t.code, store.getFuel(), t.backtrace]));
    }
    expect(runs.size).toBe(1);
    const [code, left, frames] = JSON.parse([...runs][0]!) as [string, number, unknown[]];
    expect(code).toBe(TrapCode.OutOfFuel);
    expect(left).toBeGreaterThanOrEqual(0);
    expect(frames.length).toBeGreaterThan(1);
  });
});

describe('host functions', () => {
  it('charge fuel through the caller', () => {
    const { cost, trap, store } = setup();
    expect(cost('host', [10])).toBe(2 + 10);
    expect(trap('host', [1000], 500).code).toBe(TrapCode.OutOfFuel);
    expect(store.getFuel()).toBe(498);
  });
});

describe('without consumeFuel', () => {
  it('setFuel and getFuel throw a clear error', () => {
    const store = new Store(new Engine());
    expect(() => store.setFuel(1)).toThrow(WeftError);
    expect(() => store.getFuel()).toThrow(/consumeFuel/);
  });

  it('rejects bad budgets and unknown operators', () => {
    const store = new Store(new Engine({ consumeFuel: true }));
    expect(() => store.setFuel(-1)).toThrow(RangeError);
    expect(() => store.setFuel(1.5)).toThrow(RangeError);
    store.setFuel(5n);
    expect(store.getFuel()).toBe(5);
    expect(() => new Engine({ fuelCosts: { operators: { 'i32.frobnicate': 1 } } })).toThrow(/unknown operator "i32.frobnicate"/);
  });
});
