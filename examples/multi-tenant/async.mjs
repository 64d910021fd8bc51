// The async variant of main.mjs: the same tenants, but all of them run at once on this one thread through
// `callAsync`, and the event loop stays free while they do. A plain same-thread `setInterval` ticks the epoch (no
// worker needed: async guests yield); at each deadline a tenant's store yields to the event loop and goes on, until
// its time is up. The runaway tenant is stopped by an AbortSignal instead; fuel still stops carol at the exact same
// operator as in main.mjs. `report` is an async host function here (think: a write to a log service) — the guest
// waits for it without blocking anyone. A heartbeat timer counts how often the event loop turned meanwhile.
// Run from the repository root: `pnpm build && node examples/multi-tenant/async.mjs`.
import { readFileSync } from 'node:fs';
import { Engine, Linker, Module, Store, Trap, TrapCode } from '@weft/engine';

const TICK_MS = 2;
const engine = new Engine({ consumeFuel: true, epochInterruption: true });
const module = new Module(engine, readFileSync(new URL('./tenant.wasm', import.meta.url)));

const linker = new Linker(engine);
linker.funcWrapAsync('host', 'report', { params: ['i32'], results: [] }, async (caller, prime) => {
  caller.setFuel(Math.max(0, caller.getFuel() - 100));
  await new Promise((resolve) => setTimeout(resolve, 1)); // an asynchronous sink
  caller.data.reports.push(prime);
});

const tenants = [
  { name: 'alice', run: 'primes', arg: 50_000, fuel: 30_000_000, budgetMs: 10_000 },
  { name: 'bob', run: 'primes', arg: 20_000, fuel: 30_000_000, budgetMs: 10_000 },
  // Runs forever: aborted after 200 ms through its AbortSignal.
  { name: 'mallory', run: 'forever', arg: undefined, fuel: Number.MAX_SAFE_INTEGER, budgetMs: 10_000, abortMs: 200 },
  { name: 'carol', run: 'primes', arg: 50_000, fuel: 1_000_000, budgetMs: 10_000 },
];

const ticker = setInterval(() => engine.incrementEpoch(), TICK_MS);
let heartbeats = 0;
const heartbeat = setInterval(() => heartbeats++, 5);
const started = performance.now();

const rows = await Promise.all(
  tenants.map(async (t) => {
    const store = new Store(engine, { tenant: t.name, reports: [] });
    store.setFuel(t.fuel);
    store.setEpochDeadline(1);
    // At each deadline: yield and go on for one more epoch, until the tenant's time budget is spent.
    store.epochDeadlineCallback(() =>
      performance.now() - started < t.budgetMs ? { yield: 1 } : new Trap(TrapCode.Interrupt),
    );
    store.limiter({ memorySize: 1 << 20, instances: 1 });
    const instance = await linker.instantiateAsync(store, module);
    const fn = instance.getFunc(store, t.run);
    const signal = t.abortMs === undefined ? undefined : AbortSignal.timeout(t.abortMs);
    const t0 = performance.now();
    let outcome;
    try {
      const results = await fn.callAsync(store, t.arg === undefined ? [] : [t.arg], { signal });
      outcome = `finished: ${results.join(', ')}`;
    } catch (err) {
      if (!(err instanceof Trap)) throw err;
      outcome = `stopped: ${err.code}${signal?.aborted ? ' (aborted)' : ''}`;
    }
    return {
      tenant: t.name,
      outcome,
      'fuel used': t.fuel - store.getFuel(),
      'fuel left': store.getFuel(),
      'host reports': store.data.reports.length,
      'wall ms': Math.round(performance.now() - t0),
    };
  }),
);
clearInterval(ticker);
clearInterval(heartbeat);
console.table(rows);
const total = rows.reduce((sum, r) => sum + r['fuel used'], 0);
const wall = performance.now() - started;
console.log(`${rows.length} tenants ran concurrently on one thread and consumed ${total} fuel in all`);
console.log(`the event loop stayed free: ${heartbeats} heartbeats of 5 ms in ${Math.round(wall)} ms`);
