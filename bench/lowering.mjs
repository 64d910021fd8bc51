// Lowering speed: `new Module` (decode + validate + compile) in ns per code-section byte, per program, split into
// its three phases, for the nine bench programs and the largest spec-suite modules. The engine is bundled from a
// worktree's TypeScript sources (esbuild, as tsup does), so no build is needed and two trees can be compared in
// one process: `--vs <other worktree>` interleaves both and prints the ratio, `--check` also compares every
// function's compiled code (plain, and with fuel + epochs) between the two trees. Times are process CPU time.
//
//   node bench/lowering.mjs --only-total --vs ../weft-before
//                                 the headline number: per program the best of 3 x LOWER_RUNS `new Module`
//                                 passes, median over the nine programs, both trees interleaved
//   node bench/lowering.mjs       the split, medians of LOWER_RUNS (default 9) passes of 4 repetitions each
//                                 (rougher: garbage of one phase is collected during the next)
//   node bench/lowering.mjs --vs <tree> --check      also check the compiled code is identical
//   LOWER_KEEP=1 node --cpu-prof bench/lowering.mjs --only-total   profile repeated `new Module`
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { codeSectionSize } from './code-size.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Number(process.env.LOWER_RUNS ?? 9);
const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
const other = option('--vs');
const filters = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--vs');

// esbuild comes with tsup (pnpm keeps it out of the root's node_modules).
const esbuild = createRequire(realpathSync(join(here, 'node_modules/tsup/package.json')))('esbuild');
const scratch = mkdtempSync(join(tmpdir(), 'weft-lowering-'));
// LOWER_KEEP=1 keeps the bundles, e.g. to map a --cpu-prof profile's line ticks back to code.
if (!process.env.LOWER_KEEP) process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

async function loadTree(root, tag) {
  const src = join(root, 'packages/engine/src');
  const result = await esbuild.build({
    stdin: {
      contents: `export * from './index.js';
        export { decodeModule } from './binary/decode.js';
        export { validateModule } from './validate/module.js';
        export * from './compile/compiler.js';`,
      resolveDir: src,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'error',
  });
  const file = join(scratch, `${tag}.mjs`);
  writeFileSync(file, result.outputFiles[0].text);
  const m = await import(pathToFileURL(file).href);
  const plain = new m.Engine();
  const metered = new m.Engine({ consumeFuel: true, epochInterruption: true });
  return { tag, m, plain, metered };
}

const inputs = [];
const programs = new URL('./programs/', import.meta.url);
for (const f of readdirSync(programs).filter((f) => f.endsWith('.wasm')).sort()) {
  inputs.push({ name: f.replace(/\.wasm$/, ''), bytes: readFileSync(new URL(f, programs)) });
}
const suite = resolve(here, process.env.WEFT_TESTSUITE ?? '../shared/wasm-testsuite', 'json/core');
for (const m of ['br_table/br_table.0', 'skip-stack-guard-page/skip-stack-guard-page.0', 'names/names.2',
  'left-to-right/left-to-right.0', 'call/call.0', 'if/if.0']) {
  const path = join(suite, `${m}.wasm`);
  if (existsSync(path)) inputs.push({ name: `spec:${m.split('/')[1]}`, bytes: new Uint8Array(readFileSync(path)) });
}
const selected = inputs.filter((x) => filters.length === 0 || filters.some((w) => x.name.includes(w)));
for (const x of selected) x.codeBytes = codeSectionSize(x.bytes);

/**
 * Process CPU time in ms. The machine is shared (load often far above its two cores), and CPU time is what
 * lowering costs; wall time under load mostly measures the other processes. V8's helper threads count too, which
 * is fair (GC work is part of the cost).
 */
function clock() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
const REPS = 4;

/** `REPS` passes over `x` on tree `t`: ns per pass for decode, validate, compile, and `new Module` as a whole. */
function measure(t, x) {
  const { m, plain } = t;
  const u8 = new Uint8Array(x.bytes);
  // Trees where the compiler lowers each operator as the validator hands it over: compile = (validate with the
  // compiler as the sink) - validate.
  const hook = m.ModuleCompiler !== undefined;
  let info;
  const t0 = clock();
  for (let k = 0; k < REPS; k++) info = m.decodeModule(u8, plain.features);
  const t1 = clock();
  for (let k = 0; k < REPS; k++) m.validateModule(info, u8, plain.features);
  const t2 = clock();
  for (let k = 0; k < REPS; k++) {
    if (hook) {
      const sink = new m.ModuleCompiler(info, plain.metering);
      m.validateModule(info, u8, plain.features, sink);
      sink.release();
    } else {
      for (let i = 0; i < info.bodies.length; i++) {
        m.compileFunction(info, u8, info.importedFuncs + i, plain.features, plain.metering);
      }
    }
  }
  const t3 = clock() - (hook ? t2 - t1 : 0);
  for (let k = 0; k < REPS; k++) new m.Module(plain, x.bytes);
  const t4 = clock();
  return [t1 - t0, t2 - t1, t3 - t2, t4 - t3].map((ms) => (ms * 1e6) / REPS);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

const trees = [await loadTree(here, 'this')];
if (other) trees.push(await loadTree(resolve(other), 'other'));

const show = (f) => JSON.stringify(f, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
if (flag('--check')) {
  if (trees.length < 2) throw new Error('--check needs --vs <tree>');
  let functions = 0;
  for (const x of selected) {
    for (const which of ['plain', 'metered']) {
      const [a, b] = trees.map((t) => {
        const engine = t[which];
        const u8 = new Uint8Array(x.bytes);
        const info = t.m.decodeModule(u8, engine.features);
        if (t.m.ModuleCompiler !== undefined) {
          const sink = new t.m.ModuleCompiler(info, engine.metering);
          t.m.validateModule(info, u8, engine.features, sink);
          sink.release();
          const code = sink.code;
          // Also compiled alone (the compiler decodes the body itself).
          info.bodies.forEach((_, i) => {
            const alone = t.m.compileFunction(info, u8, info.importedFuncs + i, engine.features, engine.metering);
            if (show(alone) !== show(code[i])) throw new Error(`${x.name}: function ${alone.funcIndex} compiles differently alone than fed by the validator`);
          });
          return code;
        }
        t.m.validateModule(info, u8, engine.features);
        return info.bodies.map((_, i) => t.m.compileFunction(info, u8, info.importedFuncs + i, engine.features, engine.metering));
      });
      a.forEach((fa, i) => {
        const fb = b[i];
        if (show(fa) !== show(fb)) throw new Error(`${x.name} (${which}): function ${fa.funcIndex} compiles differently`);
      });
      functions += a.length;
    }
  }
  console.log(`--check: ${functions} compiled functions identical between ${here} and ${resolve(other)}`);
}

// Warm up: V8 compiles weft itself first.
const onlyTotal = flag('--only-total');
for (let k = 0; k < 10; k++) for (const t of trees) for (const x of selected) measure(t, x);
if (onlyTotal) {
  // Only `new Module`: per program and tree the best of RUNS * 3 passes (interleaved), the estimate a loaded
  // machine disturbs least; then the median over the bench programs.
  const bestNs = trees.map(() => selected.map(() => Infinity));
  for (let k = 0; k < RUNS * 3; k++) {
    selected.forEach((x, xi) => {
      trees.forEach((t, ti) => {
        const t0 = clock();
        new t.m.Module(t.plain, x.bytes);
        bestNs[ti][xi] = Math.min(bestNs[ti][xi], ((clock() - t0) * 1e6) / x.codeBytes);
      });
    });
  }
  const progs = (ti) => bestNs[ti].filter((_, xi) => !selected[xi].name.startsWith('spec:'));
  trees.forEach((t, ti) => {
    console.log(`${t.tag}: new Module best-of-${RUNS * 3} ${progs(ti).map((v) => v.toFixed(0)).join(' ')}; median ` +
      `${median(progs(ti)).toFixed(1)} ns/code byte (CPU time)`);
  });
  process.exit(0);
}

const samples = trees.map(() => selected.map(() => [[], [], [], []]));
for (let k = 0; k < RUNS; k++) {
  for (const [ti, t] of trees.entries()) {
    selected.forEach((x, xi) => measure(t, x).forEach((ns, phase) => samples[ti][xi][phase].push(ns / x.codeBytes)));
  }
}

const f1 = (v) => v.toFixed(1);
const best = (xs) => Math.min(...xs);
// Medians for the split; for `new Module` also the best pass, which a loaded machine disturbs least.
const header = ['program', 'code bytes', 'decode', 'validate', 'compile', 'sum', 'new Module', 'best'];
if (trees.length === 2) header.push('other: new Module', 'best', 'this / other (best)');
const rows = [header, header.map(() => '---')];
const totals = trees.map(() => []);
const bests = trees.map(() => []);
selected.forEach((x, xi) => {
  const med = samples.map((s) => s[xi].map(median));
  const top = samples.map((s) => best(s[xi][3]));
  const [d, v, c, total] = med[0];
  const row = [x.name, String(x.codeBytes), f1(d), f1(v), f1(c), f1(d + v + c), f1(total), f1(top[0])];
  if (trees.length === 2) row.push(f1(med[1][3]), f1(top[1]), (top[0] / top[1]).toFixed(2));
  med.forEach((mm, ti) => totals[ti].push(mm[3]));
  top.forEach((b, ti) => bests[ti].push(b));
  rows.push(row);
});
console.log(`ns per code byte, CPU time, median (and best) of ${RUNS} interleaved passes (this tree: ${here})\n`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
const progs = (v, ti) => v[ti].filter((_, xi) => !selected[xi].name.startsWith('spec:'));
const summary = (ti) => `median ${f1(median(progs(totals, ti)))}, best ${f1(median(progs(bests, ti)))} ns/byte`;
console.log(`\nnew Module over the bench programs (median of the per-program values): this ${summary(0)}` +
  (trees.length === 2 ? `; other ${summary(1)}` : ''));
