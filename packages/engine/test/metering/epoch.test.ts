/**
 * Epoch interruption through the public API (fixture `../fixtures/epoch.wat`): a worker-thread ticker
 * (`startEpochTicker`) interrupts a synchronous infinite loop and a loop-free recursive guest on the main thread;
 * deadlines are relative to the current epoch; the deadline callback continues N times, then traps; the default
 * deadline 0 interrupts at once.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine, Func, Instance, Module, Store, Trap, TrapCode, WeftError } from '@weft/engine';
import { startEpochTicker } from '@weft/engine/node';
import { trapOf } from '../trap-of.js';

const bytes = readFileSync(new URL('../fixtures/epoch.wasm', import.meta.url));

function setup() {
  const engine = new Engine({ epochInterruption: true });
  const store = new Store(engine);
  const tick = new Func(store, { params: [], results: [] }, () => engine.incrementEpoch());
  const instance = new Instance(store, new Module(engine, bytes), [tick]);
  return { engine, store, fn: (name: string) => instance.getFunc(store, name)! };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a worker ticker', () => {
  for (const [name, args] of [['spin', []], ['fib', [60]]] as const) {
    it(`interrupts ${name === 'spin' ? 'an infinite loop' : 'a loop-free recursive guest'} within 200 ms`, async () => {
      const { engine, store, fn } = setup();
      const ticker = startEpochTicker(engine, 10);
      try {
        // Wait until the worker is up (its start-up is not what is measured).
        while (engine.currentEpoch() === 0) await sleep(5);
        store.setEpochDeadline(1);
        const t0 = performance.now();
        const trap = trapOf(() => fn(name).call(store, [...args]));
        const elapsed = performance.now() - t0;
        expect(trap.code).toBe(TrapCode.Interrupt);
        expect(trap.message).toMatch(/^interrupt\n/);
        expect(elapsed).toBeLessThan(200);
      } finally {
        ticker.stop();
      }
    });
  }

  it('stops ticking when stopped', async () => {
    const { engine } = setup();
    const ticker = startEpochTicker(engine, 5);
    while (engine.currentEpoch() === 0) await sleep(5);
    ticker.stop();
    ticker.stop();
    await sleep(30);
    const after = engine.currentEpoch();
    await sleep(40);
    expect(engine.currentEpoch()).toBe(after);
    expect(() => startEpochTicker(engine, 0)).toThrow(RangeError);
  });
});

describe('epoch deadlines', () => {
  it('interrupt at once with the default deadline 0', () => {
    const { store, fn } = setup();
    expect(trapOf(() => fn('ticks').call(store, [1])).code).toBe(TrapCode.Interrupt);
  });

  it('are relative to the current epoch', () => {
    const { engine, store, fn } = setup();
    for (let i = 0; i < 5; i++) engine.incrementEpoch();
    store.setEpochDeadline(3);
    // Each host call ticks once; the loop head after the third tick sees the deadline.
    expect(trapOf(() => fn('ticks').call(store, [100])).code).toBe(TrapCode.Interrupt);
    expect(engine.currentEpoch()).toBe(8);
    store.setEpochDeadline(1000);
    expect(fn('ticks').call(store, [10])).toEqual([10]);
    expect(() => store.setEpochDeadline(-1)).toThrow(RangeError);
  });

  it('call the callback, which continues N times and then traps', () => {
    const { store, fn } = setup();
    let calls = 0;
    store.epochDeadlineCallback((s) => {
      expect(s).toBe(store);
      calls++;
      return calls <= 4 ? { continue: 2 } : new Trap(TrapCode.Interrupt, 'tenant out of time');
    });
    store.setEpochDeadline(2);
    // Ticks at calls 1..n; deadlines at epochs 2, 4, 6, 8, 10: the fifth callback traps.
    const trap = trapOf(() => fn('ticks').call(store, [100]));
    expect(calls).toBe(5);
    expect(trap.code).toBe(TrapCode.Interrupt);
    expect(trap.reason).toBe('tenant out of time');
    store.epochDeadlineTrap();
    store.setEpochDeadline(1);
    expect(trapOf(() => fn('ticks').call(store, [100])).reason).toBe('interrupt');
    expect(calls).toBe(5);
  });

  it('trap with what a callback throws or returns wrongly', () => {
    const { store, fn } = setup();
    store.epochDeadlineCallback(() => {
      throw new Error('no more');
    });
    const trap = trapOf(() => fn('spin').call(store, []));
    expect(trap.code).toBe(TrapCode.HostError);
    expect(trap.reason).toBe('no more');
    store.epochDeadlineCallback(() => ({}) as never);
    expect(() => fn('spin').call(store, [])).toThrow(WeftError);
    expect(() => fn('spin').call(store, [])).toThrow(/must return \{ continue: delta \}/);
  });

  it('cost nothing when epochInterruption is off', () => {
    const engine = new Engine();
    const store = new Store(engine);
    const tick = new Func(store, { params: [], results: [] }, () => engine.incrementEpoch());
    const instance = new Instance(store, new Module(engine, bytes), [tick]);
    expect(instance.getFunc(store, 'ticks')!.call(store, [50])).toEqual([50]);
  });
});
