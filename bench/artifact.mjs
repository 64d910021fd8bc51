// Artifact benchmark: deserialize + instantiate against compile + instantiate, on a generated module with at
// least 5 MB of function code (BENCH_CODE_MB to change). Run with `pnpm build && node bench/artifact.mjs`.
// Each path ends with a call of the export `first`, so a lazily loaded module verifies the code it runs.
// Prints wasm size, artifact size, the median and best times and their ratios (the target is ≥ 10×), and checks
// that all modules compute the same result. Three paths alternate, so a busy machine slows them alike: compile,
// deserialize (default: each function's code checked at its first call) and deserialize with `verify: 'eager'`
// (all code checked while loading). Run with `node --expose-gc bench/artifact.mjs` to collect garbage (untimed)
// before each call. Prints the load average, and the process CPU time (user + system, all threads: V8's
// background compiler threads count too) of each call, which a busy machine inflates less than wall time.
import { availableParallelism, loadavg } from 'node:os';
import { Engine, Instance, Module, Store } from '@weft/engine';

const CODE_MB = Number(process.env.BENCH_CODE_MB ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

// ---- a tiny wasm encoder ----
const uleb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const sleb = (n) => {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};
const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
const vec = (items) => [...uleb(items.length), ...items.flat()];
const str = (s) => vec([...Buffer.from(s)].map((b) => [b]));

/** A function body of about `size` bytes: (i32, i32) -> i32 with 4 locals, arithmetic, ifs, a loop, calls. */
function body(index, size, seed) {
  let x = seed;
  const rnd = (n) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const code = [];
  while (code.length < size) {
    switch (rnd(6)) {
      case 0: // l[a] = l[b] + c
        code.push(0x20, rnd(6), 0x41, ...sleb(rnd(1000) - 500), 0x6a, 0x21, 2 + rnd(4));
        break;
      case 1: // l[a] = l[b] * l[c] ^ l[d]
        code.push(0x20, rnd(6), 0x20, rnd(6), 0x6c, 0x20, rnd(6), 0x73, 0x21, 2 + rnd(4));
        break;
      case 2: // if (l[a] < c) l[b] = l[b] - 1 else l[b] = l[b] << 1
        code.push(0x20, rnd(6), 0x41, ...sleb(rnd(100)), 0x48, 0x04, 0x40);
        code.push(0x20, 2, 0x41, 1, 0x6b, 0x21, 2, 0x05, 0x20, 3, 0x41, 1, 0x74, 0x21, 3, 0x0b);
        break;
      case 3: // a short loop: l[5] = 3; loop { l[4] += l[5]; l[5] -= 1; br_if l[5] }
        code.push(0x41, 3, 0x21, 5, 0x03, 0x40, 0x20, 4, 0x20, 5, 0x6a, 0x21, 4);
        code.push(0x20, 5, 0x41, 1, 0x6b, 0x22, 5, 0x0d, 0x00, 0x0b);
        break;
      case 4: // l[a] = call earlier(l[b], l[c])
        if (index > 0) code.push(0x20, rnd(6), 0x20, rnd(6), 0x10, ...uleb(rnd(index)), 0x21, 2 + rnd(4));
        break;
      default: // memory: store and load
        code.push(0x41, ...sleb(rnd(1000) * 4), 0x20, rnd(6), 0x36, 2, 0, 0x20, 2, 0x41, ...sleb(rnd(1000) * 4));
        code.push(0x28, 2, 0, 0x6a, 0x21, 2);
    }
  }
  code.push(0x20, 2, 0x20, 3, 0x6a, 0x20, 4, 0x6a, 0x0b);
  // Calls only go to earlier functions (smaller indices), so nothing recurses.
  const locals = vec([[4, 0x7f]]);
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

function generate(codeBytes) {
  const bodySize = 2500;
  const count = Math.ceil(codeBytes / bodySize);
  const type = section(1, vec([[0x60, 2, 0x7f, 0x7f, 1, 0x7f]]));
  const funcs = section(3, vec(Array.from({ length: count }, () => [0])));
  const memory = section(5, vec([[0x00, 1]]));
  const exports = section(7, vec([[...str('first'), 0, 0]]));
  const bodies = [];
  for (let i = 0; i < count; i++) bodies.push(body(i, bodySize, i + 1));
  const code = section(10, vec(bodies));
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...funcs, ...memory, ...exports, ...code]);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}
/**
 * Time `paths` in turn, round after round, so that a busy machine slows all alike. With `node --expose-gc`,
 * collect garbage (untimed) before each call, so no path pays for collecting another's garbage (compiling leaves
 * about 150 MB of it, which otherwise lands on whichever call happens to trigger the collection).
 */
function timeRounds(paths) {
  const times = paths.map(() => []);
  const cpus = paths.map(() => []);
  const results = paths.map(() => undefined);
  const collect = globalThis.gc ?? (() => {});
  for (let i = 0; i < RUNS; i++) {
    paths.forEach((run, k) => {
      collect();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      results[k] = run();
      times[k].push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpus[k].push((c.user + c.system) / 1000);
    });
  }
  return times.map((ts, k) => ({
    ms: median(ts),
    best: Math.min(...ts),
    cpu: median(cpus[k]),
    cpuBest: Math.min(...cpus[k]),
    result: results[k],
  }));
}

const wasm = generate(CODE_MB * 1024 * 1024);
if (process.env.BENCH_WRITE_WASM) (await import('node:fs')).writeFileSync(process.env.BENCH_WRITE_WASM, wasm);
const engine = new Engine();
const instantiate = (module) => {
  const store = new Store(engine);
  const instance = new Instance(store, module, []);
  return instance.getFunc(store, 'first').call(store, [3, 4])[0];
};
const artifact = engine.precompileModule(wasm);
const loadBefore = loadavg()[0];
const [compiled, loaded, eager] = timeRounds([
  () => instantiate(new Module(engine, wasm)),
  () => instantiate(Module.deserialize(engine, artifact)),
  () => instantiate(Module.deserialize(engine, artifact, { verify: 'eager' })),
]);
for (const other of [loaded, eager]) {
  if (compiled.result !== other.result) throw new Error(`results differ: ${compiled.result} vs ${other.result}`);
}
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const ratio = (p) => `${(compiled.ms / p.ms).toFixed(1)}× / ${(compiled.best / p.best).toFixed(1)}×`;
const cpuRatio = (p) => `${(compiled.cpu / p.cpu).toFixed(1)}× / ${(compiled.cpuBest / p.cpuBest).toFixed(1)}×`;
const row = (path, p, first) => ({
  path,
  'median ms': p.ms.toFixed(1),
  'best ms': p.best.toFixed(1),
  'faster (median / best)': first ? '' : ratio(p),
  'CPU ms median / best': `${p.cpu.toFixed(1)} / ${p.cpuBest.toFixed(1)}`,
  'CPU: faster': first ? '' : cpuRatio(p),
});
console.table([
  row('compile + instantiate', compiled, true),
  row('deserialize + instantiate', loaded),
  row("deserialize (verify: 'eager') + instantiate", eager),
]);
console.log(
  `wasm ${mb(wasm.length)} (code section ≈ ${CODE_MB} MB), artifact ${mb(artifact.length)}; ` +
    `deserialize is ${(compiled.ms / loaded.ms).toFixed(1)}× faster by median, ` +
    `${(compiled.best / loaded.best).toFixed(1)}× by best (${RUNS} runs; Node ${process.version}; ` +
    `${globalThis.gc ? 'garbage collected before each call' : 'no --expose-gc'}; ` +
    `load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, ` +
    `on ${availableParallelism()} cores)`,
);
