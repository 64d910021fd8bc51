// Benchmarks: each program in programs/ runs on native V8 WebAssembly and on weft in this one process; the table
// shows medians and the ratio weft/native, plus the geometric mean. Run with `pnpm bench` (builds first).
import { readFileSync, readdirSync } from 'node:fs';
import { Engine, Module, Store, Instance } from '@weft/engine';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const dir = new URL('./programs/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.wasm')).sort();

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}
function time(fn) {
  const times = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), result };
}

const rows = [];
for (const file of files) {
  const bytes = readFileSync(new URL(file, dir));
  const native = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports.run;
  const engine = new Engine();
  const t0 = performance.now();
  const module = new Module(engine, bytes);
  const compileMs = performance.now() - t0;
  const store = new Store(engine);
  const run = new Instance(store, module, []).getFunc(store, 'run');
  const n = time(() => native());
  const w = time(() => run.call(store, [])[0]);
  if (BigInt(n.result) !== BigInt(w.result)) throw new Error(`${file}: weft returned ${w.result}, native ${n.result}`);
  rows.push({ program: file.replace('.wasm', ''), 'native ms': n.ms.toFixed(2), 'weft ms': w.ms.toFixed(2),
    ratio: (w.ms / n.ms).toFixed(1), 'compile ms': compileMs.toFixed(2) });
}
console.table(rows);
const geo = Math.exp(rows.reduce((s, r) => s + Math.log(Number(r['weft ms']) / Number(r['native ms'])), 0) / rows.length);
console.log(`geometric mean weft/native: ${geo.toFixed(1)}x (${RUNS} runs each, median; Node ${process.version})`);
