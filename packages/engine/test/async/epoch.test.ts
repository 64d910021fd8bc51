/**
 * Async yields at epoch deadlines with a same-thread ticker: an infinite guest loop leaves the event loop free
 * (a 10 ms timer fires within 50 ms), aborting stops it with an `Interrupt` trap, `{ yield }` from a deadline
 * callback yields, slices end on their own so timers run even without a ticker, a synchronous call that would
 * have to yield traps with a message that says so, and one made while an async call is suspended is refused.
 */
import { describe, expect, it } from 'vitest';
import { Engine, Module, Store, Trap, TrapCode, WeftError } from '@weft/engine';
import { Instance } from '@weft/engine';
import { COUNT, countResult, sleep, SPIN } from './guests.js';

function spinner(engine: Engine) {
  const store = new Store(engine);
  const instance = new Instance(store, new Module(engine, SPIN), []);
  return { store, spin: instance.getFunc(store, 'spin')! };
}

describe('epochDeadlineAsyncYieldAndUpdate', () => {
  it('keeps the event loop responsive under an infinite guest loop, with a same-thread 2 ms ticker', async () => {
    const engine = new Engine({ epochInterruption: true });
    const { store, spin } = spinner(engine);
    store.epochDeadlineAsyncYieldAndUpdate(1);
    const ticker = setInterval(() => engine.incrementEpoch(), 2);
    const ac = new AbortController();
    try {
      const started = performance.now();
      const running = spin.callAsync(store, [], { signal: ac.signal });
      const fired = await new Promise<number>((resolve) => setTimeout(() => resolve(performance.now() - started), 10));
      expect(fired).toBeLessThan(50);
      const epochBefore = engine.currentEpoch();
      await sleep(20);
      expect(engine.currentEpoch()).toBeGreaterThan(epochBefore); // the ticker runs too
      ac.abort(new Error('enough'));
      const trap = await running.then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(trap).toBeInstanceOf(Trap);
      expect((trap as Trap).code).toBe(TrapCode.Interrupt);
      expect((trap as Trap).message).toMatch(/aborted/);
      expect(((trap as Trap).cause as Error).message).toBe('enough');
      expect((trap as Trap).backtrace.length).toBe(1);
    } finally {
      clearInterval(ticker);
    }
    // The store is usable again afterwards.
    const ac2 = new AbortController();
    ac2.abort();
    await expect(spin.callAsync(store, [], { signal: ac2.signal })).rejects.toThrow(/aborted/);
  });

  it('gives the same results as a synchronous call', async () => {
    const engine = new Engine({ epochInterruption: true });
    const store = new Store(engine);
    store.epochDeadlineAsyncYieldAndUpdate(1);
    const instance = new Instance(store, new Module(engine, COUNT), []);
    const ticker = setInterval(() => engine.incrementEpoch(), 1);
    try {
      const [r] = await instance.getFunc(store, 'count')!.callAsync(store, [5_000]);
      expect(r).toBe(countResult(5_000));
    } finally {
      clearInterval(ticker);
    }
  });

  it('traps a synchronous call at the deadline, since it cannot yield', () => {
    const engine = new Engine({ epochInterruption: true });
    const { store, spin } = spinner(engine);
    store.epochDeadlineAsyncYieldAndUpdate(1);
    expect(() => spin.call(store, [])).toThrow(/needs callAsync/);
  });
});

describe('other yield points', () => {
  it('an epoch deadline callback returning { yield } yields to the event loop, then the guest goes on until the callback traps it', async () => {
    const engine = new Engine({ epochInterruption: true });
    const { store, spin } = spinner(engine);
    let yields = 0;
    store.epochDeadlineCallback(() => (++yields < 5 ? { yield: 0 } : new Trap(TrapCode.Interrupt)));
    await expect(spin.callAsync(store, [])).rejects.toMatchObject({ code: TrapCode.Interrupt });
    expect(yields).toBe(5);
  });

  it('without any ticker, a slice ends after about a millisecond so timers run', async () => {
    const engine = new Engine({ epochInterruption: true });
    const { store, spin } = spinner(engine);
    store.setEpochDeadline(1_000_000); // never reached
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 15);
    const t0 = performance.now();
    await expect(spin.callAsync(store, [], { signal: ac.signal })).rejects.toMatchObject({ code: TrapCode.Interrupt });
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('refuses a synchronous call on the store while the async one is suspended', async () => {
    const engine = new Engine({ epochInterruption: true });
    const { store, spin } = spinner(engine);
    store.epochDeadlineAsyncYieldAndUpdate(1);
    const ac = new AbortController();
    const running = spin.callAsync(store, [], { signal: ac.signal });
    await sleep(5);
    expect(() => spin.call(store, [])).toThrow(WeftError);
    expect(() => spin.call(store, [])).toThrow(/busy/);
    ac.abort();
    await expect(running).rejects.toBeInstanceOf(Trap);
  });
});
