// Precompile once, load fast: (1) `engine.precompileModule` writes an artifact that `deserializeFile` loads
// without compiling; (2) the module cache (`Config.cache`) does the same behind `new Module`, and several
// processes can share one cache folder; (3) artifacts that do not fit are refused with a `DeserializeError`
// naming the reason. Run from the repository root: `pnpm build && node examples/precompile-cache/main.mjs`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeserializeError, Engine, Instance, Module, Store } from '@weft/engine';
import { deserializeFile } from '@weft/engine/node'; // also installs the file-system backend of Config.cache

const wasm = readFileSync(new URL('./guest.wasm', import.meta.url));
const run = (engine, module) => {
  const store = new Store(engine);
  return new Instance(store, module, []).getTypedFunc(store, 'primes', ['i32'], ['i32']).call(store, 100_000);
};
const ms = (t0) => `${(performance.now() - t0).toFixed(2)} ms`;

// A child process started by part 2: compile through the shared cache and print the result.
if (process.argv[2] === '--child') {
  const engine = new Engine({ cache: { directory: process.argv[3] } });
  console.log(run(engine, new Module(engine, wasm)));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'weft-precompile-'));
try {
  // 1. Precompile to a file, load it back.
  const engine = new Engine();
  let t0 = performance.now();
  const artifact = engine.precompileModule(wasm);
  console.log(`precompiled ${wasm.length} bytes of wasm to a ${artifact.length}-byte artifact in ${ms(t0)}`);
  const file = join(dir, 'guest.cwasm');
  writeFileSync(file, artifact);
  console.log(`detectPrecompiled: wasm → ${Engine.detectPrecompiled(wasm)}, artifact → ${Engine.detectPrecompiled(artifact)}`);
  t0 = performance.now();
  const loaded = deserializeFile(engine, file);
  console.log(`deserialized in ${ms(t0)}; primes below 100000: ${run(engine, loaded)}`);
  console.log(`compatibility hash: ${engine.precompileCompatibilityHash().slice(0, 16)}…`);

  // 2. The module cache: the first `new Module` compiles and stores, the next one loads.
  const cache = join(dir, 'cache');
  const cached = new Engine({ cache: { directory: cache } });
  t0 = performance.now();
  new Module(cached, wasm);
  console.log(`cache miss (compile + store): ${ms(t0)}`);
  t0 = performance.now();
  const hit = new Module(cached, wasm);
  console.log(`cache hit (load): ${ms(t0)}; primes: ${run(cached, hit)}; entries: ${readdirSync(cache).length}`);
  // Several processes at once on a fresh folder: each writes to a temp file and renames it into place.
  const shared = join(dir, 'shared');
  const child = () =>
    new Promise((resolve) => {
      const p = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', shared]);
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (out += d));
      p.on('close', (code) => resolve(code === 0 ? out.trim() : `failed (${code}): ${out}`));
    });
  const answers = await Promise.all(Array.from({ length: 4 }, child));
  console.log(`4 processes sharing a cache folder answered ${answers.join(', ')}; entries: ${readdirSync(shared).join(', ')}`);

  // 3. What does not fit is refused, with the reason.
  const refuse = (what, f) => {
    try {
      f();
      console.log(`${what}: accepted?!`);
    } catch (err) {
      if (!(err instanceof DeserializeError)) throw err;
      console.log(`${what}: ${err.message}`);
    }
  };
  refuse('another engine', () => Module.deserialize(new Engine({ consumeFuel: true }), artifact));
  const corrupt = artifact.slice();
  corrupt[corrupt.length >> 1] ^= 0xff;
  refuse('a corrupted artifact', () => Module.deserialize(engine, corrupt));
  refuse('a truncated artifact', () => Module.deserialize(engine, artifact.subarray(0, 100)));
  refuse('a wasm binary', () => Module.deserialize(engine, wasm));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
