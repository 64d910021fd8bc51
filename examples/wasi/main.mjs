// Runs a WASI program (wc.wasm, built from wc.c with clang + wasi-libc) on weft: the directory ./data is
// preopened read-only as /data, stdio is the process's own, and the exit code comes back as ExitError or a return.
// The same with the command line: node packages/cli/dist/bin.js run --dir examples/wasi/data::/data examples/wasi/wc.wasm /data
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Engine, ExitError, Linker, Module, Store } from '@weft/engine';
import { addToLinker, WasiCtxBuilder } from '@weft/wasi';

const engine = new Engine();
const module = new Module(engine, readFileSync(new URL('./wc.wasm', import.meta.url)));

const linker = new Linker(engine);
addToLinker(linker, (data) => data.wasi); // the WASI context lives in the store's data

const wasi = new WasiCtxBuilder()
  .args(['wc', '/data'])
  .inheritStdio()
  .preopenDir(fileURLToPath(new URL('./data', import.meta.url)), '/data', { write: false })
  .build();
const store = new Store(engine, { wasi });

const instance = linker.instantiate(store, module);
let code = 0;
try {
  instance.getFunc(store, '_start').call(store, []);
} catch (err) {
  if (!(err instanceof ExitError)) throw err; // a Trap would carry a wasm backtrace
  code = err.code;
}
console.log(`wc exited with code ${code}`);
process.exitCode = code;
