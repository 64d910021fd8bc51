/**
 * The artifact fuzz test: random mutations of a valid artifact must never escape as anything but a weft error,
 * and never hang: each is rejected at load time or at the first call of a function that does not check out (a
 * `DeserializeError`), or runs and at worst traps like wasm. Most mutations are made the way an attacker would —
 * a function's words or header re-encoded with valid checksums, or one section's bytes re-framed with a valid
 * container checksum — so they reach the decoders and the structural checks; some hit the raw bytes (a checksum
 * must catch them) or truncate. Every fourth mutant is loaded with `verify: 'eager'`, the rest lazily (the
 * default). Every mutant that loads is instantiated and all its exports are called; an error other than a
 * `WeftError` fails the test, and so does a `DeserializeError` from a call into eagerly verified code.
 *
 * The engine meters fuel (20,000 per store), and loading enforces that every loop iteration and every call is
 * charged, so every mutant that loads runs bounded. (Without fuel support, the test would run only mutants whose
 * changed functions have no backward branch and at most one call; the fixture's loops cap their trip counts.)
 *
 * `WEFT_FUZZ_ITERATIONS` (default 10000) and `WEFT_FUZZ_SEED` (default 1) control the run; the time per
 * iteration is bounded, so the default stays well within CI limits.
 */
import { describe, expect, it } from 'vitest';
import { readContainer, writeContainer, type CompiledFunction } from '@weft/serialize';
import { ISA, instrSize } from '../../src/compile/isa.js';
import { DeserializeError, Engine, Module, WeftError, type Config } from '../../src/index.js';
import { FIXTURE, parts, rebuild, runAll } from './helpers.js';

const ITERATIONS = Number(process.env['WEFT_FUZZ_ITERATIONS'] ?? 10_000);
const SEED = Number(process.env['WEFT_FUZZ_SEED'] ?? 1);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fuel = (() => {
  try {
    new Engine({ consumeFuel: true } as Config);
    return true;
  } catch {
    return false;
  }
})();

/** Whether running `m` is bounded (see the file comment). */
function bounded(original: readonly CompiledFunction[], m: Module): boolean {
  if (fuel) return true;
  return m.code.every((f, i) => {
    const o = original[i];
    if (o !== undefined && same(o, f)) return true;
    let calls = 0;
    for (let pc = 0; pc < f.code.length; pc += instrSize(f.code, pc)) {
      const [name, layout] = ISA[f.code[pc]!]!;
      if (/CALL/.test(name)) calls++;
      if (layout === 'sn') {
        for (let k = 0; k <= f.code[pc + 2]!; k++) if (f.code[pc + 3 + k]! <= pc) return false;
      }
      for (let k = 0; k < layout.length; k++) if (layout[k] === 't' && f.code[pc + 1 + k]! <= pc) return false;
    }
    return calls <= 1;
  });
}

function same(a: CompiledFunction, b: CompiledFunction): boolean {
  return (
    a.frameSize === b.frameSize &&
    a.numLocals === b.numLocals &&
    a.code.length === b.code.length &&
    a.code.every((w, i) => w === b.code[i])
  );
}

describe('artifact fuzzing', () => {
  it(`survives ${ITERATIONS} random mutations (seed ${SEED})`, () => {
    const engine = new Engine(fuel ? ({ consumeFuel: true, maxWasmStack: 16384 } as Config) : { maxWasmStack: 16384 });
    const prepare = fuel ? (s: unknown) => (s as { setFuel(n: number): void }).setFuel(20_000) : undefined;
    const artifact = engine.precompileModule(FIXTURE);
    const original = Module.deserialize(engine, artifact, { verify: 'eager' }).code;
    const sections = [...readContainer(artifact).sections];
    const index = (name: string) => sections.findIndex(([n]) => n === name);
    const [ENGINE, TYPES, INFO, CODE] = ['weft.engine', 'weft.types', 'weft.info', 'weft.code'].map(index);
    const random = mulberry32(SEED);
    const int = (n: number) => Math.floor(random() * n);
    const counts = { loaded: 0, ran: 0, rejected: 0, checksum: 0, rejectedAtCall: 0, eager: 0 };
    const reasons = new Map<string, number>();
    const reject = (err: DeserializeError) => {
      counts.rejected++;
      if (/checksum/.test(err.message)) counts.checksum++;
      const reason = err.message.replace(/\d+/g, 'N').slice(0, 70);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    };
    /** A code word as an attacker would change it. */
    const word = (old: number) => {
      const r = random();
      return r < 0.3 ? int(ISA.length)
        : r < 0.55 ? old + (random() < 0.5 ? 1 : -1)
        : r < 0.8 ? int(64)
        : r < 0.9 ? -1 - int(4)
        : (random() * 2 ** 32) | 0;
    };

    for (let iter = 0; iter < ITERATIONS; iter++) {
      let mutant: Uint8Array;
      const mode = random();
      if (mode < 0.08) {
        // Raw bytes, checksums not fixed (most land in weft.funcs: caught by a function's checksum at its call).
        mutant = artifact.slice();
        mutant[int(mutant.length)] ^= 1 + int(255);
      } else if (mode < 0.12) {
        mutant = artifact.subarray(0, int(artifact.length));
      } else if (mode < 0.55) {
        // A function's words or header, re-encoded with valid checksums: reaches the code verifier.
        const a = parts(artifact);
        const f = a.code[int(a.code.length)]!;
        const n = 1 + int(4);
        for (let k = 0; k < n; k++) {
          const r = random();
          const words = r < 0.85 || f.fuel === undefined ? (r < 0.75 ? f.code : f.offsets) : f.fuel;
          if (words.length > 0) {
            const at = int(words.length);
            words[at] = word(words[at]!);
          }
        }
        if (random() < 0.15) {
          const field = (['frameSize', 'numLocals', 'numParams', 'numResults', 'typeIndex', 'funcIndex'] as const)[int(6)]!;
          f[field] = word(f[field]);
        }
        if (random() < 0.03) f.code = f.code.subarray(0, int(f.code.length + 1));
        mutant = rebuild(a);
      } else {
        // One section's bytes, re-framed with a valid container checksum.
        const pick = random();
        const s = pick < 0.3 ? CODE! : pick < 0.8 ? INFO! : pick < 0.95 ? TYPES! : ENGINE!;
        const copy = sections.map(([name, bytes]) => ({ name, bytes: bytes.slice() }));
        const target = copy[s]!;
        const b = target.bytes;
        const words = new DataView(b.buffer, b.byteOffset, b.byteLength);
        const n = 1 + int(4);
        for (let k = 0; k < n; k++) {
          if (s === CODE && b.length >= 4) {
            const at = int(b.length >> 2) * 4;
            words.setInt32(at, word(words.getInt32(at, true)), true);
          } else if (b.length > 0) {
            b[int(b.length)] = random() < 0.5 ? int(256) : b[int(b.length)]! ^ (1 << int(8));
          }
        }
        if (random() < 0.03) target.bytes = b.subarray(0, int(b.length + 1));
        mutant = writeContainer(copy);
      }

      // Every fourth mutant (every one without fuel, see \`bounded\`) is checked at load time, the rest lazily.
      const verify = !fuel || iter % 4 === 0 ? 'eager' : 'lazy';
      if (verify === 'eager') counts.eager++;
      let module: Module;
      try {
        module = Module.deserialize(engine, mutant, { verify });
      } catch (err) {
        if (!(err instanceof DeserializeError)) throw new Error(`iteration ${iter}: escaped ${String(err)}`, { cause: err });
        reject(err);
        continue;
      }
      counts.loaded++;
      if (!bounded(original, module)) continue;
      counts.ran++;
      try {
        const results = runAll(engine, module, prepare as never);
        let atCall = false;
        for (const r of results) {
          if (r instanceof Error && !(r instanceof WeftError)) {
            throw new Error(`iteration ${iter}: a call escaped with ${String(r)}`, { cause: r });
          }
          if (r instanceof DeserializeError) {
            if (verify === 'eager') throw new Error(`iteration ${iter}: verified code failed at a call: ${r.message}`);
            if (!atCall) reject(r);
            atCall = true;
          }
        }
        if (atCall) counts.rejectedAtCall++;
      } catch (err) {
        if (!(err instanceof WeftError)) throw new Error(`iteration ${iter}: escaped ${String(err)}`, { cause: err });
        if (err instanceof DeserializeError && verify === 'lazy') {
          // Instantiation ran a start function whose code does not check out.
          reject(err);
          counts.rejectedAtCall++;
        }
      }
    }
    const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`artifact fuzz: ${JSON.stringify(counts)}; top rejections:\n  ${top.map(([r, c]) => `${c} ${r}`).join('\n  ')}`);
    expect(counts.loaded - counts.rejectedAtCall + counts.rejected).toBe(ITERATIONS);
    // The mix must exercise both sides: rejections by every layer, at load time and at first calls, and
    // mutants that load and run.
    expect(counts.rejected).toBeGreaterThan(ITERATIONS / 4);
    if (fuel) expect(counts.rejectedAtCall).toBeGreaterThan(ITERATIONS / 20);
    expect(counts.ran).toBeGreaterThan(ITERATIONS / 50);
  });
});
