/**
 * A deterministic mutation fuzz test of the whole compile pipeline through the public API: every `.wasm` of the
 * spec suite's json/core (without `simd_*`) and json/core-2022-tables, mutated with seeded random edits (bit
 * flips, byte writes, insertions, deletions, truncations, duplicated chunks, LEB128 rewrites aimed at section
 * sizes, vector counts and immediates; in function bodies also operator swaps and index changes that often keep
 * the module valid), goes through `new Module(engine, bytes)` (decode, validate, compile). Edits hit the raw
 * bytes, or one section or function body with the sizes around it kept right, so that most mutants get past
 * the section framing; valid seed modules are preferred, so that many mutants reach the compiler. A mutant may compile or fail with a `CompileError` whose offset lies
 * inside the module; any other throw is a bug and fails the test with the module, the mutant's number and the
 * stack. Mutant `k` depends only on the seed and `k`, so every failure reproduces alone.
 *
 * Environment: `WEFT_FUZZ_ITERATIONS` (mutants, default 5000), `WEFT_FUZZ_SEED` (default 1),
 * `WEFT_FUZZ_ONLY=k` (run mutant k only), `WEFT_TESTSUITE` (the suite; default ../shared/wasm-testsuite from the
 * repository root). Skips, saying so, when the suite is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompileError, Engine, Module } from '@weft/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUITE, SUITE_GROUPS, SUITE_PRESENT } from './spec-suite.js';

const present = SUITE_PRESENT;

const ITERATIONS = Number(process.env['WEFT_FUZZ_ITERATIONS'] ?? 5000);
const SEED = Number(process.env['WEFT_FUZZ_SEED'] ?? 1);
const ONLY = process.env['WEFT_FUZZ_ONLY'] === undefined ? undefined : Number(process.env['WEFT_FUZZ_ONLY']);

interface Section {
  id: number;
  content: Uint8Array;
  /** The function bodies (without their size fields) when this is a code section that parses. */
  bodies: Uint8Array[] | undefined;
}

interface Seed {
  file: string;
  bytes: Uint8Array;
  /** The sections, when the whole module splits into sections cleanly (some seeds are malformed on purpose). */
  sections: Section[] | undefined;
  /** Where the section size fields and each section's first LEB128 (its vector count, usually) are. */
  lebs: number[];
  /** Whether the unmutated module compiles (filled in by the test). */
  valid: boolean;
}

/** Every distinct `.wasm` of the groups, in a fixed order. */
function collect(): Seed[] {
  const seen = new Set<string>();
  const out: Seed[] = [];
  for (const group of SUITE_GROUPS) {
    const root = join(SUITE, 'json', group);
    if (!existsSync(root)) continue;
    for (const dir of readdirSync(root).sort()) {
      if (dir.startsWith('simd_') || !existsSync(join(root, dir, `${dir}.json`))) continue;
      for (const name of readdirSync(join(root, dir)).sort()) {
        if (!name.endsWith('.wasm')) continue;
        const bytes = new Uint8Array(readFileSync(join(root, dir, name)));
        const key = Buffer.from(bytes).toString('latin1');
        if (seen.has(key)) continue;
        seen.add(key);
        const lebs: number[] = [];
        out.push({ file: `${group}/${dir}/${name}`, bytes, sections: sectionsOf(bytes, lebs), lebs, valid: false });
      }
    }
  }
  return out;
}

/**
 * The module split into sections (and the code section into bodies), or undefined if it does not split. Adds
 * the positions of section sizes and contents to `lebs` as it goes.
 */
function sectionsOf(bytes: Uint8Array, lebs: number[]): Section[] | undefined {
  const out: Section[] = [];
  let p = 8;
  while (p < bytes.length) {
    const id = bytes[p]!;
    const [size, len] = readLeb(bytes, p + 1);
    const start = p + 1 + len;
    if (len === 0 || start + size > bytes.length) return undefined;
    const content = bytes.subarray(start, start + size);
    lebs.push(p + 1, start);
    out.push({ id, content, bodies: id === 10 ? bodiesOf(content) : undefined });
    p = start + size;
  }
  return out;
}

function bodiesOf(content: Uint8Array): Uint8Array[] | undefined {
  const [count, len] = readLeb(content, 0);
  const bodies: Uint8Array[] = [];
  let p = len;
  for (let i = 0; i < count; i++) {
    const [size, l] = readLeb(content, p);
    if (l === 0 || p + l + size > content.length) return undefined;
    bodies.push(content.subarray(p + l, p + l + size));
    p += l + size;
  }
  return len > 0 && p === content.length ? bodies : undefined;
}

/** The length of a body's local declarations (0 if they do not parse). */
function localsLength(body: Uint8Array): number {
  const [runs, len] = readLeb(body, 0);
  let p = len;
  for (let i = 0; i < runs && len > 0; i++) {
    const [, l] = readLeb(body, p);
    if (l === 0) return 0;
    p += l + 1;
  }
  return len > 0 && p < body.length ? p : 0;
}

/** Sections back into a module binary, with sizes (and the code section's body sizes) recomputed. */
function assemble(header: Uint8Array, sections: readonly Section[]): Uint8Array {
  const parts: number[] = [...header];
  for (const sec of sections) {
    let content: readonly number[] | Uint8Array = sec.content;
    if (sec.bodies !== undefined) content = [...leb(sec.bodies.length), ...sec.bodies.flatMap((b) => [...leb(b.length), ...b])];
    parts.push(sec.id, ...leb(content.length), ...content);
  }
  return Uint8Array.from(parts);
}

/** An unsigned LEB128 at `p`: [value, byte length] (length 0 when none ends within 5 bytes). */
function readLeb(bytes: Uint8Array, p: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 5 && p + i < bytes.length; i++) {
    const b = bytes[p + i]!;
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return [value, i + 1];
  }
  return [0, 0];
}

function leb(value: number, padTo = 0): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v !== 0 || out.length + 1 < padTo) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  while (out.length < padTo) out.push(out.length + 1 < padTo ? 0x80 : 0x00);
  return out;
}

/** mulberry32: a small seeded PRNG with floats in [0, 1). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;

function splice(bytes: Uint8Array, at: number, remove: number, insert: readonly number[]): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

/** Runs of one-byte operators with one type each (inclusive): test, compare, unary and binary ops per type. */
const SAME_TYPE: [number, number][] = [
  [0x46, 0x4f], [0x51, 0x5a], [0x5b, 0x60], [0x61, 0x66],
  [0x67, 0x69], [0x6a, 0x78], [0x79, 0x7b], [0x7c, 0x8a],
  [0x8b, 0x91], [0x92, 0x98], [0x99, 0x9f], [0xa0, 0xa6],
];
const GROUP_OF: (number | undefined)[] = [];
SAME_TYPE.forEach(([lo, hi], g) => {
  for (let b = lo; b <= hi; b++) GROUP_OF[b] = g;
});
/** br, br_if, call, local.get/set/tee, global.get/set: an index follows. */
const INDEXED = [0x0c, 0x0d, 0x10, 0x20, 0x21, 0x22, 0x23, 0x24];

/** A position of a byte that `ok` accepts, searching from a random start around the array; -1 if none. */
function find(r: Rand, bytes: Uint8Array, ok: (b: number) => boolean): number {
  const start = int(r, bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const p = (start + i) % bytes.length;
    if (ok(bytes[p]!)) return p;
  }
  return -1;
}

const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x0b, 0x40, 0x60, 0x6f, 0x70, 0x7b, 0x7f, 0x80, 0xfc, 0xfd, 0xff];

/** Rewrite the LEB128 at `at` (if one ends there within 5 bytes) to another value, sometimes overlong. */
function editLeb(r: Rand, bytes: Uint8Array, at: number): [Uint8Array, string] {
  const [old, len] = readLeb(bytes, at);
  if (len === 0) return [splice(bytes, at, 1, [int(r, 128)]), `leb@${at}: none, byte`];
  const value = pick(r, [0, 1, old + 1, Math.max(0, old - 1), old * 2, 0x7f, 0x80, 0x3fff, 0x4000, 2 ** 31, 2 ** 32 - 1, int(r, 2 ** 32)]);
  const enc = leb(value, r() < 0.2 ? len + 1 + int(r, 4) : 0);
  return [splice(bytes, at, len, enc), `leb@${at}: ${old} -> ${value} (${enc.length} bytes)`];
}

/**
 * One random mutation of `bytes`, with a description for reports. `leb` lists places where LEB128 numbers start
 * (section sizes, vector counts); `code` says whether `bytes` is a function body (then opcode swaps apply).
 */
function mutate(r: Rand, bytes: Uint8Array, lebs: readonly number[], code: boolean): [Uint8Array, string] {
  const n = bytes.length;
  const pos = () => int(r, n);
  const kind = n === 0 ? 2 : int(r, code ? 13 : 8); // only an insertion changes nothing into something
  switch (kind) {
    case 10:
    case 11: {
      // An operator for another of the same type (i32.add -> i32.rotl): the body likely stays valid.
      const p = find(r, bytes, (b) => GROUP_OF[b] !== undefined);
      if (p < 0) break;
      const [lo, hi] = SAME_TYPE[GROUP_OF[bytes[p]!]!]!;
      const v = lo + int(r, hi - lo + 1);
      return [splice(bytes, p, 1, [v]), `swap@${p}=0x${v.toString(16)}`];
    }
    case 12: {
      // Another small index after br, br_if, call, local.get/set/tee or global.get/set.
      const p = find(r, bytes, (b) => INDEXED.includes(b));
      if (p < 0 || p + 1 >= n) break;
      const [, len] = readLeb(bytes, p + 1);
      if (len === 0) break;
      const v = int(r, 5);
      return [splice(bytes, p + 1, len, [v]), `index@${p}=${v}`];
    }
    case 0: {
      const p = pos();
      const bit = int(r, 8);
      const out = bytes.slice();
      out[p]! ^= 1 << bit;
      return [out, `flip@${p}.${bit}`];
    }
    case 1: {
      const p = pos();
      const v = r() < 0.5 ? pick(r, INTERESTING_BYTES) : int(r, 256);
      return [splice(bytes, p, 1, [v]), `set@${p}=0x${v.toString(16)}`];
    }
    case 2: {
      const p = int(r, n + 1);
      const ins = Array.from({ length: 1 + int(r, 4) }, () => (r() < 0.5 ? pick(r, INTERESTING_BYTES) : int(r, 256)));
      return [splice(bytes, p, 0, ins), `insert@${p}=[${ins.map((b) => b.toString(16)).join(' ')}]`];
    }
    case 3: {
      const p = pos();
      const k = Math.min(1 + int(r, 4), n - p);
      return [splice(bytes, p, k, []), `delete@${p}+${k}`];
    }
    case 4: {
      const p = int(r, n);
      return [bytes.slice(0, p), `truncate@${p}`];
    }
    case 5: {
      const a = pos();
      const k = Math.min(1 + int(r, 16), n - a);
      const b = int(r, n + 1);
      return [splice(bytes, b, 0, [...bytes.subarray(a, a + k)]), `dup@${a}+${k}->${b}`];
    }
    case 6: {
      const at = lebs.length > 0 && r() < 0.7 ? pick(r, lebs) : pos();
      return editLeb(r, bytes, Math.min(at, n - 1));
    }
    case 7:
      return editLeb(r, bytes, pos());
  }
  switch (kind) {
    default: {
      // Another operator (or a small index) in a body: often still valid, which exercises the compiler.
      const p = pos();
      const v = r() < 0.7 ? 0x45 + int(r, 0xc4 - 0x45 + 1) : int(r, 0x24);
      return [splice(bytes, p, 1, [v]), `op@${p}=0x${v.toString(16)}`];
    }
  }
}

/**
 * Mutant `k`, from (SEED, k) alone: a seed module and one to three mutations, either of the raw bytes or, with
 * sizes kept right, of one section's contents or one function body (so more mutants get past the decoder).
 */
function mutant(seeds: Seed[], valid: Seed[], k: number): { seed: Seed; bytes: Uint8Array; edits: string[] } {
  const r = rng(Math.imul(SEED, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b));
  const seed = valid.length > 0 && r() < 0.8 ? pick(r, valid) : pick(r, seeds);
  const edits: string[] = [];
  const count = r() < 0.6 ? 1 : 2 + int(r, 2);
  const sections = seed.sections;
  if (sections === undefined || sections.length === 0 || r() < 0.25) {
    // Past the 8-byte header: mutating the header only finds "magic header not detected".
    let bytes = seed.bytes.subarray(8);
    const lebs = seed.lebs.map((p) => p - 8);
    for (let i = 0; i < count; i++) {
      const [next, what] = mutate(r, bytes, lebs, false);
      bytes = next;
      edits.push(`after the header: ${what}`);
    }
    return { seed, bytes: Uint8Array.from([...seed.bytes.subarray(0, 8), ...bytes]), edits };
  }
  // Function bodies get most of the structured mutations: they are what the validator and compiler walk.
  const code = sections.findIndex((x) => x.bodies !== undefined && x.bodies.length > 0);
  const s = code >= 0 && r() < 0.7 ? code : int(r, sections.length);
  const sec = sections[s]!;
  const copy = sections.slice();
  if (sec.bodies !== undefined && sec.bodies.length > 0 && r() < 0.9) {
    const b = int(r, sec.bodies.length);
    const whole = sec.bodies[b]!;
    // Mostly the instructions, keeping the local declarations (and the final `end`) intact.
    const keep = r() < 0.8 ? localsLength(whole) : 0;
    const tail = keep > 0 && whole.length - keep > 1 ? 1 : 0;
    let instrs = whole.subarray(keep, whole.length - tail);
    for (let i = 0; i < count; i++) {
      const [next, what] = mutate(r, instrs, [0], true);
      instrs = next;
      edits.push(`body ${b}${keep > 0 ? ` after its locals (byte ${keep})` : ''}: ${what}`);
    }
    const bodies = sec.bodies.slice();
    bodies[b] = Uint8Array.from([...whole.subarray(0, keep), ...instrs, ...whole.subarray(whole.length - tail)]);
    copy[s] = { ...sec, bodies };
  } else {
    let content = sec.content;
    for (let i = 0; i < count; i++) {
      const [next, what] = mutate(r, content, [0], false);
      content = next;
      edits.push(`section ${s} (id ${sec.id}): ${what}`);
    }
    copy[s] = { id: sec.id, content, bodies: undefined };
  }
  return { seed, bytes: assemble(seed.bytes.subarray(0, 8), copy), edits };
}

/**
 * Mutants per test: a long local run is split into several tests because vitest's worker stops answering its
 * runner (an "onTaskUpdate" timeout) when one synchronous test blocks it for a minute.
 */
const CHUNK = 20_000;

/** Compile mutants `ks`; returns counts and one report per distinct failure (error class, message, first frame). */
function run(engine: Engine, seeds: Seed[], valid: Seed[], ks: number[]): { counts: string; failures: string[] } {
  const failures: string[] = [];
  const seen = new Set<string>();
  let compiled = 0;
  let malformed = 0;
  let invalid = 0;
  const t0 = performance.now();
  for (const k of ks) {
    const { seed, bytes, edits } = mutant(seeds, valid, k);
    try {
      new Module(engine, bytes);
      compiled++;
    } catch (err) {
      if (err instanceof CompileError && Number.isInteger(err.offset) && err.offset >= 0 && err.offset <= bytes.length) {
        if (err.malformed) malformed++;
        else invalid++;
        continue;
      }
      const e = err instanceof Error ? err : new Error(String(err));
      const where = e.stack?.split('\n').find((l) => l.includes(' at ')) ?? '';
      const key = `${e.name}: ${err instanceof CompileError ? 'offset out of range' : e.message} ${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const detail = err instanceof CompileError ? `${e.message}: offset ${err.offset} of ${bytes.length}` : e.stack;
      failures.push(`mutant ${k} (WEFT_FUZZ_SEED=${SEED} WEFT_FUZZ_ONLY=${k}) of ${seed.file} [${edits.join(', ')}]:\n${detail}`);
    }
  }
  const ms = performance.now() - t0;
  const counts =
    `${ks.length} mutants in ${ms.toFixed(0)} ms: ${compiled} compiled, ${malformed} malformed, ${invalid} invalid, ` +
    `${failures.length} distinct other errors`;
  return { counts, failures };
}

describe.skipIf(!present)('fuzz: mutated spec modules through new Module', () => {
  const engine = present ? new Engine() : undefined!;
  const seeds = present ? collect() : [];
  let valid: Seed[] = [];

  beforeAll(() => {
    for (const seed of seeds) {
      try {
        new Module(engine, seed.bytes);
        seed.valid = true;
      } catch {
        // Invalid and malformed seeds are mutated too, less often.
      }
    }
    valid = seeds.filter((seed) => seed.valid);
  });

  it('has the seed modules', () => {
    expect(seeds.length).toBeGreaterThan(1000);
    expect(valid.length).toBeGreaterThan(500);
  });

  const ranges: [number, number][] = [];
  if (ONLY !== undefined) ranges.push([ONLY, ONLY + 1]);
  else for (let lo = 0; lo < ITERATIONS; lo += CHUNK) ranges.push([lo, Math.min(ITERATIONS, lo + CHUNK)]);
  for (const [lo, hi] of ranges) {
    it(`lets only CompileError escape: mutants ${lo}..${hi - 1} of seed ${SEED}`, () => {
      const ks = Array.from({ length: hi - lo }, (_, i) => lo + i);
      const { counts, failures } = run(engine, seeds, valid, ks);
      console.log(`fuzz (seed ${SEED}, ${seeds.length} modules, ${valid.length} valid): ${counts}`);
      expect(failures).toEqual([]);
    });
  }
});

describe.skipIf(present)('fuzz: mutated spec modules (suite absent)', () => {
  it.skip(`needs the spec suite at ${SUITE} (set WEFT_TESTSUITE)`, () => {});
});
