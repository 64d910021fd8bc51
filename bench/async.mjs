// Async execution costs (issue 5), not a test. Two parts:
//  1. `call` vs `callAsync` on every benchmark program (WASI, `_start`): plain weft (no yield points: callAsync
//     runs straight through), fuel with `fuelAsyncYieldInterval(100_000)`, and epochs with
//     `epochDeadlineAsyncYieldAndUpdate(1)` and a same-thread 2 ms `engine.incrementEpoch()` ticker (plus the
//     executor's own ~1 ms slices). Medians of BENCH_RUNS runs, interleaved; outputs must match.
//  2. Event-loop delay (`perf_hooks.monitorEventLoopDelay`, 1 ms resolution) while 100 stores run a CPU-bound
//     program concurrently through `callAsync` (epochs, same-thread ticker), against the same work run with `call`
//     one store after the other; and how evenly the 100 guests finished.
//
//   node bench/async.mjs [words...]      programs whose name contains a word (default: all)
//   BENCH_RUNS=5 BENCH_SCALE=10 GUESTS=100 LOAD=i32-loops LOAD_SCALE=2 node bench/async.mjs
//   PART=1 or PART=2                    only that part
// Needs the built engine (`pnpm -r build`), like run.mjs.
import { readFileSync, readdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Engine, ExitError, Module, Store } from '@weft/engine';
import { captureStream, testClocks, testRandom, WasiCtxBuilder } from '@weft/wasi';
import { median, wasiLinker } from './harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCALE = String(process.env.BENCH_SCALE ?? 20);
const GUESTS = Number(process.env.GUESTS ?? 100);
const LOAD = process.env.LOAD ?? 'i32-loops';
const LOAD_SCALE = String(process.env.LOAD_SCALE ?? 2);
const filters = process.argv.slice(2);
const dir = new URL('./programs/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.wasm') && (filters.length === 0 || filters.some((w) => f.includes(w))))
  .sort();

const MODES = [
  { name: 'weft', config: {}, prepare: () => {} },
  {
    name: 'fuel',
    config: { consumeFuel: true },
    prepare: (store) => {
      store.setFuel(Number.MAX_SAFE_INTEGER);
      store.fuelAsyncYieldInterval(100_000);
    },
  },
  {
    name: 'epochs',
    config: { epochInterruption: true },
    prepare: (store, async) => {
      if (async) store.epochDeadlineAsyncYieldAndUpdate(1);
      store.setEpochDeadline(async ? 1 : 2 ** 52);
    },
    ticker: true,
  },
];

function newRun(linker, module, args, prepare, async) {
  const stdout = captureStream();
  const wasi = new WasiCtxBuilder().args(args).stdout(stdout).stderr(stdout).clocks(testClocks()).random(testRandom()).build();
  const store = new Store(linker.engine, { wasi });
  prepare(store, async);
  const start = linker.instantiate(store, module).getFunc(store, '_start');
  return { store, start, stdout };
}

/** One timed `_start`, with `call` or `callAsync`: `{ ms, out }`. */
async function runOnce(linker, module, args, prepare, async) {
  const { store, start, stdout } = newRun(linker, module, args, prepare, async);
  const t0 = performance.now();
  try {
    if (async) await start.callAsync(store, []);
    else start.call(store, []);
  } catch (err) {
    if (!(err instanceof ExitError)) throw err;
  }
  return { ms: performance.now() - t0, out: stdout.text() };
}

// ---- part 1: call vs callAsync ----
const engines = MODES.map((m) => {
  const engine = new Engine(m.config);
  return { ...m, engine, linker: wasiLinker(engine) };
});
if (process.env.PART !== '2') {
  console.log(`call vs callAsync, median of ${RUNS} runs, scale ${SCALE}%, Node ${process.version}\n`);
  console.log('| program | ' + engines.map((e) => `${e.name} call ms | ${e.name} async ms | ratio`).join(' | ') + ' |');
  console.log('|---|' + engines.map(() => '---:|---:|---:').join('|') + '|');
}
const ratios = Object.fromEntries(engines.map((e) => [e.name, []]));
for (const file of process.env.PART === '2' ? [] : files) {
  const bytes = readFileSync(new URL(file, dir));
  const args = [file.replace(/\.wasm$/, ''), SCALE];
  const cells = [];
  for (const e of engines) {
    const module = new Module(e.engine, bytes);
    const ticker = e.ticker ? setInterval(() => e.engine.incrementEpoch(), 2) : undefined;
    const sync = [];
    const async = [];
    let expected;
    for (let i = 0; i < RUNS + 1; i++) {
      const a = await runOnce(e.linker, module, args, e.prepare, false);
      const b = await runOnce(e.linker, module, args, e.prepare, true);
      expected ??= a.out;
      if (a.out !== expected || b.out !== expected) throw new Error(`${file} ${e.name}: outputs differ`);
      if (i > 0) {
        sync.push(a.ms);
        async.push(b.ms);
      }
    }
    if (ticker) clearInterval(ticker);
    const r = median(async) / median(sync);
    ratios[e.name].push(r);
    cells.push(`${median(sync).toFixed(1)} | ${median(async).toFixed(1)} | ${r.toFixed(3)}`);
  }
  console.log(`| ${file.replace(/\.wasm$/, '')} | ${cells.join(' | ')} |`);
}
const geo = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
if (process.env.PART !== '2') console.log(`| **geomean** | ${engines.map((e) => ` | | **${geo(ratios[e.name]).toFixed(3)}**`).join(' | ')} |\n`);

// ---- part 2: event-loop delay with many guests ----
if (process.env.PART === '1') process.exit(0);
const loadFile = files.find((f) => f.includes(LOAD)) ?? readdirSync(dir).find((f) => f.includes(LOAD));
const e = engines.find((x) => x.name === 'epochs');
const loadModule = new Module(e.engine, readFileSync(new URL(loadFile, dir)));
const loadArgs = [loadFile.replace(/\.wasm$/, ''), LOAD_SCALE];

const t0 = performance.now();
for (let i = 0; i < Math.min(GUESTS, 10); i++) await runOnce(e.linker, loadModule, loadArgs, e.prepare, false);
const syncMs = performance.now() - t0;

async function delayed(label, work) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const started = performance.now();
  const extra = await work();
  const ms = performance.now() - started;
  h.disable();
  const q = (p) => (h.percentile(p) / 1e6).toFixed(2);
  console.log(`| ${label} | ${ms.toFixed(0)} | ${q(50)} | ${q(99)} | ${(h.max / 1e6).toFixed(1)} | ${h.count} | ${extra ?? ''} |`);
}

console.log(`event-loop delay while ${GUESTS} guests run ${loadArgs.join(' ')} (epochs engine; same-thread 2 ms ticker)\n`);
console.log('| how | wall ms | delay p50 ms | delay p99 ms | max ms | samples | finish spread |');
console.log('|---|---:|---:|---:|---:|---:|---|');
await delayed(`${GUESTS} × call, one after the other (event loop turns between guests)`, async () => {
  for (let i = 0; i < GUESTS; i++) {
    await runOnce(e.linker, loadModule, loadArgs, e.prepare, false);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return `(warm-up run: ${syncMs.toFixed(0)} ms)`;
});
await delayed(`${GUESTS} × callAsync, concurrently`, async () => {
  const ticker = setInterval(() => e.engine.incrementEpoch(), 2);
  const begin = performance.now();
  const ends = await Promise.all(
    Array.from({ length: GUESTS }, async () => {
      await runOnce(e.linker, loadModule, loadArgs, e.prepare, true);
      return performance.now() - begin;
    }),
  );
  clearInterval(ticker);
  ends.sort((a, b) => a - b);
  return `first ${ends[0].toFixed(0)} ms, median ${median(ends).toFixed(0)} ms, last ${ends.at(-1).toFixed(0)} ms`;
});
