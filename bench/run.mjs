// Benchmarks: every WASI program in programs/ (C sources in src/, built by build.sh) runs on native V8
// (`node:wasi`) and on weft with fuel and epochs off, with fuel metering on and with epoch interruption on, several
// runs each, interleaved so machine noise spreads over all columns. Every run's output must equal native's. Prints
// a markdown table of medians and ratios to native, the geometric means, and lowering speed (`new Module`) in ns per
// code byte. A weft configuration this build does not accept yet shows as "n/a".
//
//   pnpm bench                          all programs, full size (about 0.5–2 s each natively)
//   node bench/run.mjs fib interp       only programs whose name contains one of the words (-v: every run)
//   BENCH_RUNS=5 BENCH_SCALE=10 ...     runs per configuration (default 3); work in percent of full size (100)
//   BENCH_CONFIGS=fuel                  only these of fuel,epochs besides plain weft (the others show n/a)
import { readFileSync, readdirSync } from 'node:fs';
import { CONFIGS, codeSectionSize, geomean, lowerMs, median, runNative, runWeft, tryEngine, wasiLinker } from './harness.mjs';
import { Module } from '@weft/engine';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCALE = String(process.env.BENCH_SCALE ?? 100);
const VERBOSE = process.argv.includes('-v');
const filters = process.argv.slice(2).filter((a) => a !== '-v');
const dir = new URL('./programs/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.wasm') && (filters.length === 0 || filters.some((w) => f.includes(w))))
  .sort();

const only = process.env.BENCH_CONFIGS?.split(',');
const configs = CONFIGS.map((c) => {
  if (only && c.name !== 'weft' && !only.includes(c.name)) return { ...c, engine: undefined, linker: undefined };
  const { engine, error } = tryEngine(c);
  if (error) console.log(`${c.name}: n/a (${error})`);
  return { ...c, engine, linker: engine && wasiLinker(engine) };
});
const [plain] = configs;
if (!plain.engine) throw new Error('weft cannot run at all: the default engine failed');

// Warm the compiler up on every program first, so lowering times are not dominated by V8 compiling weft itself.
for (const file of files) for (let i = 0; i < 10; i++) new Module(plain.engine, readFileSync(new URL(file, dir)));

const fmt = (x, digits) => (x === undefined ? 'n/a' : x.toFixed(digits));
const rows = [];
const ratios = Object.fromEntries(configs.map((c) => [c.name, []]));
const overheads = { fuel: [], epochs: [] };
const lowering = [];
for (const file of files) {
  const name = file.replace(/\.wasm$/, '');
  const bytes = readFileSync(new URL(file, dir));
  const args = [name, SCALE];
  const codeBytes = codeSectionSize(bytes);
  const lowMs = lowerMs(plain.engine, bytes, 5);
  lowering.push((lowMs * 1e6) / codeBytes);
  const native = new WebAssembly.Module(bytes);
  const modules = configs.map((c) => c.engine && new Module(c.engine, bytes));
  const times = { native: [], ...Object.fromEntries(configs.map((c) => [c.name, []])) };
  let expected;
  const check = (who, r) => {
    if (r.out !== expected.out || r.code !== expected.code) {
      throw new Error(`${name} on ${who}: exit ${r.code}, output ${JSON.stringify(r.out)}; ` +
        `native: exit ${expected.code}, output ${JSON.stringify(expected.out)}`);
    }
  };
  // Native runs at least 3 times: its first run includes V8's tier-up from Liftoff to TurboFan.
  for (let i = 0; i < Math.max(RUNS, 3); i++) {
    const n = runNative(native, args);
    expected ??= n;
    check('native', n);
    times.native.push(n.ms);
    configs.forEach((c, k) => {
      if (!c.engine || i >= RUNS) return;
      const r = runWeft(c.linker, modules[k], args, c.prepare);
      check(c.name, r);
      times[c.name].push(r.ms);
    });
    if (VERBOSE) process.stderr.write(`${name} run ${i + 1}: ${Object.entries(times).filter(([, v]) => v[i] !== undefined).map(([k, v]) => `${k} ${v[i].toFixed(0)}`).join(', ')} ms\n`);
  }
  if (expected.code !== 0) throw new Error(`${name} exited with ${expected.code}: ${expected.out}`);
  const nm = median(times.native);
  const m = Object.fromEntries(configs.map((c) => [c.name, c.engine ? median(times[c.name]) : undefined]));
  for (const c of configs) if (c.engine) ratios[c.name].push(m[c.name] / nm);
  if (m.fuel !== undefined) overheads.fuel.push(m.fuel / m.weft);
  if (m.epochs !== undefined) overheads.epochs.push(m.epochs / m.weft);
  rows.push([name, fmt(nm, 0), fmt(m.weft, 0), fmt(m.weft / nm, 1), fmt(m.fuel, 0),
    m.fuel === undefined ? 'n/a' : `${fmt(m.fuel / nm, 1)} (${pct(m.fuel / m.weft)})`, fmt(m.epochs, 0),
    m.epochs === undefined ? 'n/a' : `${fmt(m.epochs / nm, 1)} (${pct(m.epochs / m.weft)})`,
    String(codeBytes), fmt(lowMs, 1), fmt((lowMs * 1e6) / codeBytes, 0)]);
  process.stderr.write(`${name} done: ${expected.out.trim().split('\n').pop()}\n`);
}

function pct(r) {
  const p = (r - 1) * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)}%`;
}
const header = ['program', 'native ms', 'weft ms', '×native', 'fuel ms', '×native (vs off)', 'epochs ms',
  '×native (vs off)', 'code bytes', 'new Module ms', 'ns/code byte'];
const line = (cells) => `| ${cells.join(' | ')} |`;
console.log(line(header));
console.log(line(header.map((h, i) => (i === 0 ? '---' : '---:'))));
for (const r of rows) console.log(line(r));
const geo = (xs) => (xs.length ? geomean(xs) : undefined);
console.log(line(['**geomean**', '', '', fmt(geo(ratios.weft), 1), '', geo(ratios.fuel) === undefined ? 'n/a' :
  `${fmt(geo(ratios.fuel), 1)} (${pct(geo(overheads.fuel))})`, '', geo(ratios.epochs) === undefined ? 'n/a' :
  `${fmt(geo(ratios.epochs), 1)} (${pct(geo(overheads.epochs))})`, '', '', fmt(geo(lowering), 0)]));
console.log();
const worst = Math.max(...ratios.weft);
console.log(`median of ${RUNS} runs, scale ${SCALE}%, Node ${process.version}. Targets (issue 8): geomean ≤ 12× ` +
  `(${fmt(geo(ratios.weft), 1)}×), none above 25× (worst ${fmt(worst, 1)}×), fuel ≤ +10% ` +
  `(${overheads.fuel.length ? pct(geomean(overheads.fuel)) : 'n/a'}), epochs ≤ +5% ` +
  `(${overheads.epochs.length ? pct(geomean(overheads.epochs)) : 'n/a'}), lowering ≤ 50 ns/code byte ` +
  `(${fmt(geo(lowering), 0)}).`);
