// A host that embeds a plugin: it gives the plugin host functions that read its memory and update the store's
// data, calls the plugin's exports, and catches the plugin's trap. Run from the repository root: `pnpm example`.
import { readFileSync } from 'node:fs';
import { Engine, Linker, Module, Store, Trap } from '@weft/engine';

const engine = new Engine();
const module = new Module(engine, readFileSync(new URL('./plugin.wasm', import.meta.url)));

// The store's data is the host state the plugin's host calls can see.
const store = new Store(engine, { greetings: 0, log: [] });

const linker = new Linker(engine);
linker.funcWrap('host', 'log', { params: ['i32', 'i32'], results: [] }, (caller, ptr, len) => {
  const memory = caller.getExport('memory');
  const text = new TextDecoder().decode(memory.read(caller, ptr, len));
  caller.data.log.push(text);
  console.log(`plugin says: ${text}`);
});
linker.funcWrap('host', 'bump', { params: ['i32'], results: ['i32'] }, (caller, by) => {
  caller.data.greetings += by;
  return caller.data.greetings;
});

const instance = linker.instantiate(store, module);
const memory = instance.getMemory(store, 'memory');
const greet = instance.getTypedFunc(store, 'greet', ['i32'], ['i32']);

for (const name of ['weft', 'Wasmtime fans']) {
  const bytes = new TextEncoder().encode(name);
  memory.write(store, 64, bytes); // the host writes into the plugin's memory
  const count = greet.call(store, bytes.length);
  console.log(`greetings so far: ${count}`);
}

const sum = instance.getTypedFunc(store, 'sum', ['i32'], ['i64']);
console.log(`sum(1..1000000) = ${sum.call(store, 1_000_000)}`);

const divide = instance.getTypedFunc(store, 'divide', ['i32', 'i32'], ['i32']);
console.log(`divide(84, 2) = ${divide.call(store, 84, 2)}`);
try {
  divide.call(store, 1, 0);
} catch (err) {
  if (!(err instanceof Trap)) throw err;
  console.log(`caught trap ${err.code}: ${err.reason}`);
  for (const frame of err.backtrace) console.log(`  at ${frame.funcName ?? frame.funcIndex} @ 0x${frame.offset?.toString(16)}`);
}
console.log(`host state: ${JSON.stringify(store.data)}`);
