/**
 * Fuel in async calls: with `fuelAsyncYieldInterval` the guest yields to the event loop (timers run during the
 * call), and the accounting is identical to a synchronous run of the same call — the fuel left after a call
 * that returns, and the operator at which `OutOfFuel` fires (same backtrace offset, same fuel left).
 */
import { describe, expect, it } from 'vitest';
import { Engine, Instance, Module, Store, Trap, TrapCode } from '@weft/engine';
import { COUNT, countResult } from './guests.js';

function setup() {
  const engine = new Engine({ consumeFuel: true });
  const store = new Store(engine);
  const instance = new Instance(store, new Module(engine, COUNT), []);
  return { store, count: instance.getFunc(store, 'count')! };
}

async function settle(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (v) => v,
    (e: unknown) => e,
  );
}

describe('fuelAsyncYieldInterval', () => {
  it('yields to the event loop and consumes exactly the fuel of a synchronous call', async () => {
    const sync = setup();
    sync.store.setFuel(1_000_000);
    expect(sync.count.call(sync.store, [3000])).toEqual([countResult(3000)]);
    const left = sync.store.getFuel();

    const a = setup();
    a.store.setFuel(1_000_000);
    a.store.fuelAsyncYieldInterval(500);
    let ticks = 0;
    const iv = setInterval(() => ticks++, 0);
    try {
      expect(await a.count.callAsync(a.store, [3000])).toEqual([countResult(3000)]);
    } finally {
      clearInterval(iv);
    }
    expect(ticks).toBeGreaterThan(0);
    expect(a.store.getFuel()).toBe(left);
    // And again: the reserve went back into the store's fuel between calls.
    a.store.fuelAsyncYieldInterval(7);
    await a.count.callAsync(a.store, [100]);
    sync.count.call(sync.store, [100]);
    expect(a.store.getFuel()).toBe(sync.store.getFuel());
  });

  for (const interval of [1, 13, 1000]) {
    it(`runs out of fuel at the same operator as a synchronous call (interval ${interval})`, async () => {
      for (const fuel of [0, 5, 97, 1234]) {
        const sync = setup();
        sync.store.setFuel(fuel);
        let syncTrap: Trap | undefined;
        try {
          sync.count.call(sync.store, [1_000_000]);
        } catch (e) {
          syncTrap = e as Trap;
        }
        expect(syncTrap?.code).toBe(TrapCode.OutOfFuel);

        const a = setup();
        a.store.setFuel(fuel);
        a.store.fuelAsyncYieldInterval(interval);
        const trap = (await settle(a.count.callAsync(a.store, [1_000_000]))) as Trap;
        expect(trap).toBeInstanceOf(Trap);
        expect(trap.code).toBe(TrapCode.OutOfFuel);
        expect(trap.backtrace).toEqual(syncTrap!.backtrace);
        expect(a.store.getFuel()).toBe(sync.store.getFuel());
      }
    });
  }

  it('lets a host function see and set the total fuel mid-call', async () => {
    const engine = new Engine({ consumeFuel: true });
    const store = new Store(engine);
    store.setFuel(10_000);
    store.fuelAsyncYieldInterval(10);
    const { Linker } = await import('@weft/engine');
    const linker = new Linker(engine);
    let seen = -1;
    linker.funcWrapAsync('host', 'get', { params: ['i32'], results: ['i32'] }, async (caller, x: number) => {
      seen = caller.getFuel();
      caller.setFuel(seen - 100);
      return x;
    });
    const { CALLS_HOST } = await import('./guests.js');
    const instance = linker.instantiate(store, new Module(engine, CALLS_HOST));
    await instance.getFunc(store, 'twice')!.callAsync(store, [1]);
    expect(seen).toBeGreaterThan(9_990);
    expect(seen).toBeLessThan(10_000);
    expect(store.getFuel()).toBeLessThan(seen - 100);
    expect(store.getFuel()).toBeGreaterThan(seen - 110);
  });
});
