// Artifact loading step by step: in-process timers around each step of `Module.deserialize` (as in
// `packages/engine/src/artifact/load.ts`), and what lazy loading defers to first calls, on the module of
// `bench/artifact.mjs` (written to WASM, default /tmp/artifact-bench.wasm, by `BENCH_WRITE_WASM=... node
// bench/artifact.mjs`). Imports the engine's internals, so it runs from the sources through esbuild:
//   node_modules/.pnpm/esbuild@*/node_modules/esbuild/bin/esbuild bench/artifact-steps.ts --bundle \
//     --platform=node --format=esm --outfile=/tmp/steps.mjs && node --expose-gc /tmp/steps.mjs
// Prints median and best ms of each step over N (default 15) rounds.
import { readFileSync } from 'node:fs';
import { readContainer } from '../packages/serialize/src/index.js';
import { Engine, Module, Store, Instance } from '../packages/engine/src/index.js';
import { decodeCode } from '../packages/serialize/src/code-section.js';
import { decodeInfo } from '../packages/serialize/src/info-section.js';
import { decodeTypes } from '../packages/serialize/src/types-section.js';
import { validateModuleInfo } from '../packages/engine/src/validate/module.js';
import { moduleFacts, verifyCode } from '../packages/engine/src/artifact/verify.js';

const wasm = readFileSync(process.env.WASM ?? '/tmp/artifact-bench.wasm');
const engine = new Engine();
const artifact = engine.precompileModule(wasm);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const steps: Record<string, number[]> = {};
const time = <T>(name: string, f: () => T): T => {
  const t0 = performance.now();
  const r = f();
  (steps[name] ??= []).push(performance.now() - t0);
  return r;
};
const N = Number(process.env.N ?? 15);
for (let i = 0; i < N; i++) {
  gc();
  const c = time('readContainer (checksum without weft.funcs)', () => readContainer(artifact));
  const s = c.sections;
  const types = time('decodeTypes', () => decodeTypes(s.get('weft.types')!));
  const info = time('decodeInfo', () => decodeInfo(s.get('weft.info')!, types));
  const code = time('decodeCode (copy + headers)', () => decodeCode(s.get('weft.code')!, s.get('weft.funcs')!));
  time('validateModuleInfo (no bodies)', () => validateModuleInfo(info, engine.features));
  const words = time('[first calls] checksums of all functions', () => code.funcs.map((_, k) => code.open(k)));
  time('[first calls] verify all code', () => {
    const facts = moduleFacts(info);
    for (let k = 0; k < words.length; k++) verifyCode(info, k, { ...code.funcs[k]!, ...words[k]! }, { fuel: false, fuelPerLoop: true, epoch: false }, facts);
  });
  gc();
  const m = time('Module.deserialize (lazy)', () => Module.deserialize(engine, artifact));
  time('instantiate + call first', () => {
    const store = new Store(engine);
    return new Instance(store, m, []).getFunc(store, 'first')!.call(store, [3, 4]);
  });
  gc();
  time("Module.deserialize (verify: 'eager')", () => Module.deserialize(engine, artifact, { verify: 'eager' }));
}
for (const [k, v] of Object.entries(steps)) {
  const s = [...v].sort((a, b) => a - b);
  console.log(k.padEnd(42), 'median', s[s.length >> 1]!.toFixed(2).padStart(7), 'best', s[0]!.toFixed(2).padStart(7));
}
