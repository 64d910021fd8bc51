/**
 * Many stores on one thread: 100 stores run a CPU-bound guest each through `callAsync`, yielding at epoch
 * deadlines ticked by a same-thread timer. All finish with the right result, and when the first one finishes
 * every other one has made progress within 2× of the mean (the round-robin yield queue starves nobody).
 */
import { expect, it } from 'vitest';
import { Engine, Instance, Module, Store } from '@weft/engine';
import { COUNT, countResult } from './guests.js';

it('100 stores interleave fairly and all finish', async () => {
  const engine = new Engine({ epochInterruption: true });
  const module = new Module(engine, COUNT);
  // Enough work that every guest needs many time slices (about 1 ms each) on the built executor.
  const N = 300_000;
  const guests = Array.from({ length: 100 }, () => {
    const store = new Store(engine);
    store.epochDeadlineAsyncYieldAndUpdate(1);
    const instance = new Instance(store, module, []);
    return { store, done: instance.getGlobal(store, 'done')!, count: instance.getFunc(store, 'count')! };
  });
  const ticker = setInterval(() => engine.incrementEpoch(), 2);
  let shares: number[] | undefined;
  try {
    const results = await Promise.all(
      guests.map(async (g) => {
        const [r] = await g.count.callAsync(g.store, [N]);
        shares ??= guests.map((h) => h.done.get(h.store) as number);
        return r;
      }),
    );
    expect(results.every((r) => r === countResult(N))).toBe(true);
  } finally {
    clearInterval(ticker);
  }
  const mean = shares!.reduce((a, b) => a + b, 0) / shares!.length;
  expect(mean).toBeLessThan(N); // the first finished while the others were still running
  for (const s of shares!) {
    expect(s).toBeGreaterThanOrEqual(mean / 2);
    expect(s).toBeLessThanOrEqual(mean * 2);
  }
});
