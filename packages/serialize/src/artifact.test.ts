import { describe, expect, it } from 'vitest';
import { mx32, xxhash32 } from './checksum.js';
import { FORMAT_VERSION, MAGIC, SELF_CHECKED_SECTION, hasArtifactMagic, readContainer, writeContainer } from './container.js';
import { encodeArtifact, openArtifact, type ModuleArtifact } from './artifact.js';
import { FormatError } from './errors.js';
import { ValType, type ModuleInfo } from './model.js';

function sampleInfo(): ModuleInfo {
  return {
    types: [
      { params: [ValType.I32, ValType.I64], results: [ValType.F32] },
      { params: [], results: [] },
    ],
    imports: [
      { module: 'env', name: 'f', desc: { kind: 'func', typeIndex: 1 } },
      { module: 'env', name: 't', desc: { kind: 'table', type: { elem: ValType.ExternRef, limits: { min: 1, max: undefined } } } },
      { module: 'env', name: 'm', desc: { kind: 'memory', type: { limits: { min: 1, max: 2 }, shared: false } } },
      { module: 'env', name: 'g', desc: { kind: 'global', type: { type: ValType.F64, mutable: true } } },
    ],
    funcTypes: [1, 0],
    importedFuncs: 1,
    tables: [
      { elem: ValType.ExternRef, limits: { min: 1, max: undefined } },
      { elem: ValType.FuncRef, limits: { min: 3, max: 4294967295 } },
    ],
    importedTables: 1,
    memories: [{ limits: { min: 1, max: 2 }, shared: false }],
    importedMemories: 1,
    globals: [
      { type: ValType.F64, mutable: true },
      { type: ValType.I64, mutable: false },
      { type: ValType.F32, mutable: false },
    ],
    importedGlobals: 1,
    globalInits: [
      { ops: [{ op: 'i64.const', value: -(2n ** 63n) }, { op: 'i64.const', value: 1n }, { op: 'i64.add' }], offset: 9 },
      { ops: [{ op: 'f32.const', bits: 0x7fa00001 }], offset: 20 },
    ],
    exports: [{ name: 'é🙂', kind: 'func', index: 1 }],
    start: undefined,
    elems: [
      { mode: 'active', table: 1, offset: { ops: [{ op: 'i32.const', value: -1 }], offset: 3 }, type: ValType.FuncRef, items: [{ ops: [{ op: 'ref.func', index: 1 }], offset: 4 }] },
      { mode: 'declarative', table: 0, offset: undefined, type: ValType.FuncRef, items: [{ ops: [{ op: 'ref.null', type: ValType.FuncRef }], offset: 5 }] },
    ],
    datas: [{ mode: 'passive', memory: 0, offset: undefined, bytes: new Uint8Array([1, 2, 3]) }],
    dataCount: 1,
    bodies: [{ locals: [{ count: 2, type: ValType.F64 }], localCount: 2, codeStart: 100, codeEnd: 120, bodyOffset: 98 }],
    names: { module: 'm', functions: new Map([[1, 'add']]), locals: new Map([[1, new Map([[0, 'x']])]]) },
    customSections: [{ name: 'producers', bytes: new Uint8Array([9]) }],
  };
}

function sample(): ModuleArtifact {
  return {
    fields: [['weftVersion', '0.1.0'], ['consumeFuel', 'false']],
    info: sampleInfo(),
    code: [
      {
        funcIndex: 1, typeIndex: 0, numParams: 2, numResults: 1, numLocals: 4, frameSize: 7,
        code: new Int32Array([1, 2, -3, 4]), offsets: new Int32Array([0, 100, 2, 110]),
        fuel: new Int32Array([0, 100, 1, 2, 110, 3]),
      },
      {
        funcIndex: 2, typeIndex: 1, numParams: 0, numResults: 0, numLocals: 0, frameSize: 1,
        code: new Int32Array([7]), offsets: new Int32Array(0),
      },
    ],
  };
}

describe('artifact format', () => {
  it('round-trips module info and code exactly', () => {
    const a = sample();
    const bytes = encodeArtifact(a);
    expect(hasArtifactMagic(bytes)).toBe(true);
    const opened = openArtifact(bytes);
    expect(opened.fields).toEqual(a.fields);
    const { info, code } = opened.module();
    expect(info).toEqual(a.info);
    expect(code).toEqual(a.code);
    // Encoding again gives the same bytes.
    expect(encodeArtifact({ fields: opened.fields, info, code })).toEqual(bytes);
  });

  it('starts with the magic and version and ends with an mx32 of the rest but weft.funcs', () => {
    const bytes = encodeArtifact(sample());
    expect([...bytes.subarray(0, 8)]).toEqual([...MAGIC]);
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(8, true)).toBe(FORMAT_VERSION);
    expect(view.getUint32(12, true)).toBe(bytes.length);
    const funcs = readContainer(bytes).sections.get(SELF_CHECKED_SECTION)!;
    expect(funcs.length).toBeGreaterThan(0);
    const at = funcs.byteOffset - bytes.byteOffset;
    const rest = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + funcs.length, bytes.length - 4)]);
    expect(view.getUint32(bytes.length - 4, true)).toBe(mx32(rest));
  });

  it('checks each function against its own checksum when it is opened', () => {
    const bytes = encodeArtifact(sample());
    const funcs = readContainer(bytes).sections.get(SELF_CHECKED_SECTION)!;
    // The last word of weft.funcs is the second function's only code word.
    const tampered = bytes.slice();
    tampered[funcs.byteOffset - bytes.byteOffset + funcs.length - 4] ^= 1;
    const { code } = openArtifact(tampered).moduleParts();
    expect(code.funcs[1]!.code.length).toBe(0); // headers only until opened
    expect([...code.open(0).code]).toEqual([1, 2, -3, 4]);
    expect(() => code.open(1)).toThrow(/checksum mismatch in section weft.funcs/);
    expect(() => openArtifact(tampered).module()).toThrow(FormatError);
    // The copy is private: changing the input afterwards changes nothing opened later.
    const input = bytes.slice();
    const parts = openArtifact(input).moduleParts();
    input.fill(0);
    expect([...parts.code.open(1).code]).toEqual([7]);
  });

  it('mx32 agrees on aligned and unaligned inputs and catches every one-word change', () => {
    const data = new Uint8Array(300).map((_, i) => (i * 7919 + 13) & 0xff);
    const copy = (u: Uint8Array, off: number) => {
      const out = new Uint8Array(u.length + off).subarray(off);
      out.set(u);
      return out;
    };
    const seen = new Set<number>();
    for (let len = 0; len < 120; len += 1) {
      const part = data.subarray(0, len);
      const h = mx32(part);
      seen.add(h);
      for (let off = 1; off < 4; off++) expect(mx32(copy(part, off))).toBe(h);
    }
    expect(seen.size).toBe(120); // every length hashes differently (length is mixed in)
    const base = data.slice(0, 256);
    const h = mx32(base);
    const words = new DataView(base.buffer);
    for (let w = 0; w < 64; w++) {
      for (const flip of [1, 0x80000000, 0x80000001, 0xffffffff, 0x00010000]) {
        const v = words.getUint32(w * 4, true);
        words.setUint32(w * 4, (v ^ flip) >>> 0, true);
        expect(mx32(base)).not.toBe(h);
        words.setUint32(w * 4, v, true);
      }
    }
    // Swapped words and a zeroed run are caught too.
    const swapped = base.slice();
    swapped.set(base.subarray(0, 4), 16);
    swapped.set(base.subarray(16, 20), 0);
    expect(mx32(swapped)).not.toBe(h);
    const zeroed = base.slice();
    zeroed.fill(0, 100, 140);
    expect(mx32(zeroed)).not.toBe(h);
  });

  it('computes the reference xxHash32', () => {
    const utf8 = (t: string) => new TextEncoder().encode(t);
    expect(xxhash32(new Uint8Array(0))).toBe(0x02cc5d05);
    expect(xxhash32(utf8('a'))).toBe(0x550d7456);
    expect(xxhash32(utf8('abc'))).toBe(0x32d153ff);
    expect(xxhash32(utf8('Nobody inspects the spammish repetition'))).toBe(0xe2293b2f);
    // Aligned and unaligned inputs of every length class agree with a plain byte-by-byte version.
    const data = new Uint8Array(300).map((_, i) => (i * 7919 + 13) & 0xff);
    for (let off = 0; off < 9; off++) {
      for (let len = 0; len < 120; len += 5) {
        const part = data.subarray(off, off + len);
        expect(xxhash32(part)).toBe(reference(part));
      }
    }
  });

  it('rejects wasm, bad magic, other versions, truncation, trailing bytes and corruption', () => {
    const bytes = encodeArtifact(sample());
    const err = (b: Uint8Array) => {
      try {
        openArtifact(b).module();
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(err(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toMatch(/WebAssembly module, not a weft artifact/);
    expect(err(new Uint8Array([1, 2, 3]))).toMatch(/bad magic/);
    const v1 = bytes.slice();
    v1[8] = 1;
    expect(err(v1)).toMatch(/format version 1 is not supported \(this build reads version 3\)/);
    expect(err(bytes.subarray(0, bytes.length - 1))).toMatch(/truncated \(\d+ of \d+ bytes\)/);
    expect(err(bytes.subarray(0, 10))).toMatch(/truncated/);
    expect(err(new Uint8Array([...bytes, 0]))).toMatch(/1 trailing bytes/);
    const flipped = bytes.slice();
    flipped[40] ^= 1;
    expect(err(flipped)).toMatch(/checksum mismatch/);
  });

  it('rejects bad section tables even with a valid checksum', () => {
    const c = writeContainer([{ name: 'a', bytes: new Uint8Array(8) }, { name: 'b', bytes: new Uint8Array(4) }]);
    expect(readContainer(c).sections.get('b')!.length).toBe(4);
    const resum = (b: Uint8Array) => {
      new DataView(b.buffer).setUint32(b.length - 4, mx32(b.subarray(0, b.length - 4)), true);
      return b;
    };
    const dup = c.slice();
    dup[24 + 24] = 'a'.charCodeAt(0);
    expect(() => readContainer(resum(dup))).toThrow(/appears twice/);
    const out = c.slice();
    new DataView(out.buffer).setUint32(24 + 20, 1000, true);
    expect(() => readContainer(resum(out))).toThrow(/outside the artifact/);
    const missing = writeContainer([{ name: 'weft.engine', bytes: new Uint8Array(4) }]);
    expect(() => openArtifact(missing).module()).toThrow(/section weft.types is missing/);
  });
});

/** xxHash32 straight from the reference description, one step at a time. */
function reference(b: Uint8Array): number {
  const P = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f, 0x165667b1].map((p) => p | 0) as [number, number, number, number, number];
  const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
  const u32 = (i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
  let i = 0;
  let h: number;
  if (b.length >= 16) {
    const v = [(P[0] + P[1]) | 0, P[1], 0, -P[0] | 0];
    for (; i + 16 <= b.length; i += 16) {
      for (let k = 0; k < 4; k++) v[k] = Math.imul(rotl((v[k]! + Math.imul(u32(i + 4 * k), P[1])) | 0, 13), P[0]);
    }
    h = (rotl(v[0]!, 1) + rotl(v[1]!, 7) + rotl(v[2]!, 12) + rotl(v[3]!, 18)) | 0;
  } else h = P[4];
  h = (h + b.length) | 0;
  for (; i + 4 <= b.length; i += 4) h = Math.imul(rotl((h + Math.imul(u32(i), P[2])) | 0, 17), P[3]);
  for (; i < b.length; i++) h = Math.imul(rotl((h + Math.imul(b[i]!, P[4])) | 0, 11), P[0]);
  h = Math.imul(h ^ (h >>> 15), P[1]);
  h = Math.imul(h ^ (h >>> 13), P[2]);
  return (h ^ (h >>> 16)) >>> 0;
}
