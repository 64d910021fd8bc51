// Lowering speed: `new Module` (decode + validate + compile) in ns per code-section byte, per program, split into
// its three phases, for the nine bench programs and the largest spec-suite modules. The engine is bundled from a
// worktree's TypeScript sources (esbuild, as tsup does), so no build is needed and two trees can be compared in
// one process: `--vs <other worktree>` interleaves both and prints the ratio, `--check` also compares every
// function's compiled code (plain, and with fuel + epochs) between the two trees.
//
//   node bench/lowering.mjs                          this tree; LOWER_RUNS (default 9) timed passes, medians
//   node bench/lowering.mjs --vs /work/wt-baseline   A/B against another tree (interleaved)
//   node bench/lowering.mjs --vs <tree> --check      and check the compiled code is identical
//   node --cpu-prof bench/lowering.mjs --only-total   profile repeated `new Module`
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

async function loadTree(root, tag) {
  const src = join(root, 'packages/engine/src');
  const result = await esbuild.build({
    stdin: {
      contents: `export * from './index.js';
        export { decodeModule } from './binary/decode.js';
        export { validateModule } from './validate/module.js';
        export { compileFunction } from './compile/compiler.js';`,
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

function codeSectionSize(bytes) {
  let at = 8;
  const uleb = () => {
    let result = 0;
    let shift = 0;
    let b;
    do {
      b = bytes[at++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return result;
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = uleb();
    if (id === 10) return size;
    at += size;
  }
  return 0;
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

/** One pass over `x` on tree `t`: ns for decode, validate, compile, and for `new Module` as a whole. */
function measure(t, x) {
  const { m, plain } = t;
  const u8 = new Uint8Array(x.bytes);
  const t0 = performance.now();
  const info = m.decodeModule(u8, plain.features);
  const t1 = performance.now();
  m.validateModule(info, u8, plain.features);
  const t2 = performance.now();
  for (let i = 0; i < info.bodies.length; i++) {
    m.compileFunction(info, u8, info.importedFuncs + i, plain.features, plain.metering);
  }
  const t3 = performance.now();
  new m.Module(plain, x.bytes);
  const t4 = performance.now();
  return [t1 - t0, t2 - t1, t3 - t2, t4 - t3].map((ms) => ms * 1e6);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

const trees = [await loadTree(here, 'this')];
if (other) trees.push(await loadTree(resolve(other), 'other'));

if (flag('--check')) {
  if (trees.length < 2) throw new Error('--check needs --vs <tree>');
  let functions = 0;
  for (const x of selected) {
    for (const which of ['plain', 'metered']) {
      const [a, b] = trees.map((t) => {
        const engine = t[which];
        const u8 = new Uint8Array(x.bytes);
        const info = t.m.decodeModule(u8, engine.features);
        t.m.validateModule(info, u8, engine.features);
        return info.bodies.map((_, i) => t.m.compileFunction(info, u8, info.importedFuncs + i, engine.features, engine.metering));
      });
      a.forEach((fa, i) => {
        const fb = b[i];
        const show = (f) => JSON.stringify(f, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
        if (show(fa) !== show(fb)) throw new Error(`${x.name} (${which}): function ${fa.funcIndex} compiles differently`);
      });
      functions += a.length;
    }
  }
  console.log(`--check: ${functions} compiled functions identical between ${here} and ${resolve(other)}`);
}

// Warm up: V8 compiles weft itself first.
const onlyTotal = flag('--only-total');
for (let k = 0; k < (onlyTotal ? 3 : 10); k++) for (const t of trees) for (const x of selected) measure(t, x);
if (onlyTotal) {
  const t0 = performance.now();
  let bytes = 0;
  for (let k = 0; k < RUNS * 5; k++) for (const x of selected) new trees[0].m.Module(trees[0].plain, x.bytes), (bytes += x.codeBytes);
  console.log(`new Module: ${(((performance.now() - t0) * 1e6) / bytes).toFixed(1)} ns/code byte over ${bytes} bytes`);
  process.exit(0);
}

const samples = trees.map(() => selected.map(() => [[], [], [], []]));
for (let k = 0; k < RUNS; k++) {
  for (const [ti, t] of trees.entries()) {
    selected.forEach((x, xi) => measure(t, x).forEach((ns, phase) => samples[ti][xi][phase].push(ns / x.codeBytes)));
  }
}

const f1 = (v) => v.toFixed(1);
const header = ['program', 'code bytes', 'decode', 'validate', 'compile', 'sum', 'new Module'];
if (trees.length === 2) header.push('other: new Module', 'this / other');
const rows = [header, header.map(() => '---')];
const totals = trees.map(() => []);
selected.forEach((x, xi) => {
  const med = samples.map((s) => s[xi].map(median));
  const [d, v, c, total] = med[0];
  const row = [x.name, String(x.codeBytes), f1(d), f1(v), f1(c), f1(d + v + c), f1(total)];
  if (trees.length === 2) row.push(f1(med[1][3]), (total / med[1][3]).toFixed(2));
  med.forEach((mm, ti) => totals[ti].push(mm[3]));
  rows.push(row);
});
console.log(`ns per code byte, median of ${RUNS} interleaved passes (this tree: ${here})\n`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
const progs = (ti) => totals[ti].filter((_, xi) => !selected[xi].name.startsWith('spec:'));
console.log(`\nmedian over the bench programs, new Module: this ${f1(median(progs(0)))} ns/byte` +
  (trees.length === 2 ? `, other ${f1(median(progs(1)))} ns/byte` : ''));
