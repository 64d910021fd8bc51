// Count the wasm operators each benchmark program executes, with fuel metering: every operator costs 1 fuel except
// `nop drop block loop else end return unreachable` (Wasmtime's costs), so the fuel used is the dynamic operator
// count. Divide a run's time by it for ns per wasm operator.   node bench/ops.mjs [scale%=10] [program words...]
import { readFileSync, readdirSync } from 'node:fs';
import { Engine, ExitError, Module, Store } from '@weft/engine';
import { captureStream, testClocks, testRandom, WasiCtxBuilder } from '@weft/wasi';
import { wasiLinker } from './harness.mjs';

const [scale = '10', ...filters] = process.argv.slice(2);
const dir = new URL('./programs/', import.meta.url);
const engine = new Engine({ consumeFuel: true });
const linker = wasiLinker(engine);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.wasm')).sort()) {
  if (filters.length > 0 && !filters.some((w) => file.includes(w))) continue;
  const module = new Module(engine, readFileSync(new URL(file, dir)));
  const wasi = new WasiCtxBuilder().args([file, scale]).stdout(captureStream()).clocks(testClocks()).random(testRandom()).build();
  const store = new Store(engine, { wasi });
  store.setFuel(Number.MAX_SAFE_INTEGER);
  try {
    linker.instantiate(store, module).getFunc(store, '_start').call(store, []);
  } catch (err) {
    if (!(err instanceof ExitError)) throw err;
  }
  console.log(`${file.replace(/\.wasm$/, '')}: ${Number.MAX_SAFE_INTEGER - Number(store.getFuel())} wasm operators at ${scale}%`);
}
