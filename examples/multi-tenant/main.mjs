// Many tenants, one engine: each tenant gets its own store with a fuel budget, an epoch deadline and memory
// limits, and runs the same compiled module. A worker thread ticks the engine's epoch every 10 ms, so the tenant
// that loops forever is interrupted at its deadline although every guest runs synchronously on this thread; a
// tenant whose budget is too small stops with OutOfFuel at an exact, reproducible point. Host calls charge fuel
// through the caller. At the end the host prints who consumed what. Run from the repository root:
// `pnpm build && node examples/multi-tenant/main.mjs`. `async.mjs` beside it runs the same tenants concurrently on
// this thread through `callAsync`, with the same fuel figures.
import { readFileSync } from 'node:fs';
import { Engine, Linker, Module, Store, Trap } from '@weft/engine';
import { startEpochTicker } from '@weft/engine/node';

const TICK_MS = 10;
const engine = new Engine({ consumeFuel: true, epochInterruption: true });
const module = new Module(engine, readFileSync(new URL('./tenant.wasm', import.meta.url)));

// One linker for all tenants; host functions see their tenant through `caller.data`.
const linker = new Linker(engine);
linker.funcWrap('host', 'report', { params: ['i32'], results: [] }, (caller, prime) => {
  caller.setFuel(Math.max(0, caller.getFuel() - 100)); // reporting is host work: charge the tenant for it
  caller.data.reports.push(prime);
});

const tenants = [
  { name: 'alice', run: 'primes', arg: 50_000, fuel: 30_000_000, deadlineMs: 10_000 },
  { name: 'bob', run: 'primes', arg: 20_000, fuel: 30_000_000, deadlineMs: 10_000 },
  // Runs forever: the fuel would last for years, the 200 ms deadline stops it.
  { name: 'mallory', run: 'forever', arg: undefined, fuel: Number.MAX_SAFE_INTEGER, deadlineMs: 200 },
  // Asks for more work than it paid for: stops at the exact operator its fuel cannot pay.
  { name: 'carol', run: 'primes', arg: 50_000, fuel: 1_000_000, deadlineMs: 10_000 },
];

const ticker = startEpochTicker(engine, TICK_MS);
const rows = [];
try {
  for (const t of tenants) {
    const store = new Store(engine, { tenant: t.name, reports: [] });
    store.setFuel(t.fuel);
    store.setEpochDeadline(Math.ceil(t.deadlineMs / TICK_MS));
    store.limiter({ memorySize: 1 << 20, instances: 1 });
    const instance = linker.instantiate(store, module);
    const fn = instance.getFunc(store, t.run);
    const t0 = performance.now();
    let outcome;
    try {
      const results = fn.call(store, t.arg === undefined ? [] : [t.arg]);
      outcome = `finished: ${results.join(', ')}`;
    } catch (err) {
      if (!(err instanceof Trap)) throw err;
      outcome = `stopped: ${err.code}`;
    }
    rows.push({
      tenant: t.name,
      outcome,
      'fuel used': t.fuel - store.getFuel(),
      'fuel left': store.getFuel(),
      'host reports': store.data.reports.length,
      'wall ms': Math.round(performance.now() - t0),
    });
  }
} finally {
  ticker.stop();
}
console.table(rows);
const total = rows.reduce((sum, r) => sum + r['fuel used'], 0);
console.log(`${rows.length} tenants on one engine consumed ${total} fuel in all`);
