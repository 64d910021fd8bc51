// The pieces of the benchmark runner: run one WASI program once on native V8 (`node:wasi`) or on weft
// (`@weft/wasi` over a Linker), timing only the `_start` call; find which weft configurations this build accepts;
// measure lowering (`new Module`) per code byte; and small statistics helpers. `run.mjs` drives them.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';
import { Engine, ExitError, Linker, Module, Store } from '@weft/engine';
export { codeSectionSize } from './code-size.mjs';
import { addToLinker, captureStream, testClocks, testRandom, WasiCtxBuilder } from '@weft/wasi';

/** The weft configurations the table has columns for; `prepare` gives a store a budget that never runs out. */
export const CONFIGS = [
  { name: 'weft', config: {}, prepare: () => {} },
  { name: 'fuel', config: { consumeFuel: true }, prepare: (store) => store.setFuel(Number.MAX_SAFE_INTEGER) },
  { name: 'epochs', config: { epochInterruption: true }, prepare: (store) => store.setEpochDeadline(2 ** 52) },
];

/**
 * An engine for `config`, or the reason this build cannot make one. A configuration counts as supported when the
 * engine, a store and its budget can all be set up (an option that is still "not supported yet" throws here).
 */
export function tryEngine({ config, prepare }) {
  try {
    const engine = new Engine(config);
    prepare(new Store(engine, {}));
    return { engine };
  } catch (err) {
    return { error: String(err?.message ?? err) };
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'weft-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** One run on native V8: `{ ms, out, code }` — the `_start` time, stdout+stderr text and exit code. */
export function runNative(wasmModule, args) {
  const path = join(scratch, 'out.txt');
  const fd = openSync(path, 'w+');
  try {
    const wasi = new WASI({ version: 'preview1', args, env: {}, stdout: fd, stderr: fd, returnOnExit: true });
    const instance = new WebAssembly.Instance(wasmModule, wasi.getImportObject());
    const t0 = performance.now();
    const code = wasi.start(instance);
    const ms = performance.now() - t0;
    return { ms, out: readFileSync(path, 'utf8'), code };
  } finally {
    closeSync(fd);
  }
}

/** A linker with WASI preview1 for `engine` (one per engine; stores carry their own WasiCtx). */
export function wasiLinker(engine) {
  const linker = new Linker(engine);
  addToLinker(linker, (data) => data.wasi);
  return linker;
}

/**
 * One run on weft: a fresh store and instance (not timed), then `_start` (timed). Deterministic clocks and random,
 * no files, no environment. Returns `{ ms, out, code }` like `runNative`.
 */
export function runWeft(linker, module, args, prepare) {
  const stdout = captureStream();
  const wasi = new WasiCtxBuilder().args(args).stdout(stdout).stderr(stdout).clocks(testClocks()).random(testRandom()).build();
  const store = new Store(linker.engine, { wasi });
  prepare(store);
  const start = linker.instantiate(store, module).getFunc(store, '_start');
  let code = 0;
  const t0 = performance.now();
  try {
    start.call(store, []);
  } catch (err) {
    if (!(err instanceof ExitError)) throw err;
    code = err.code;
  }
  const ms = performance.now() - t0;
  return { ms, out: stdout.text(), code };
}


/** Median of `new Module(engine, bytes)` over `runs` compilations, in ms. */
export function lowerMs(engine, bytes, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    new Module(engine, bytes);
    times.push(performance.now() - t0);
  }
  return median(times);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function geomean(xs) {
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}
