import { describe, expect, it } from 'vitest';
import { CompileError } from '../errors.js';
import { DEFAULT_FEATURES, type Features } from '../features.js';
import { MAX_LOCALS } from './code.js';
import { decodeModule } from './decode.js';
import { Op } from './opcodes.js';
import { body, fn, mod, s32, sec, str, u32, vec } from './testing.js';

const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, FUNCREF = 0x70, EXTERNREF = 0x6f;
const END = 0x0b;
const i32Const = (n: number) => [0x41, ...s32(n)];

function decode(bytes: Uint8Array, features: Features = DEFAULT_FEATURES) {
  return decodeModule(bytes, features);
}

/** The malformed error decoding `bytes` throws. */
function fail(bytes: Uint8Array, features: Features = DEFAULT_FEATURES): CompileError {
  try {
    decodeModule(bytes, features);
  } catch (err) {
    expect(err).toBeInstanceOf(CompileError);
    expect((err as CompileError).malformed).toBe(true);
    return err as CompileError;
  }
  throw new Error('expected a CompileError');
}

const oneFunc = [sec(1, vec([fn([], [])])), sec(3, vec([[0]]))];

describe('decodeModule: header and sections', () => {
  it('decodes the empty module', () => {
    const info = decode(mod());
    expect(info.types).toEqual([]);
    expect(info.bodies).toEqual([]);
    expect(info.start).toBeUndefined();
    expect(info.dataCount).toBeUndefined();
    expect(info.names.functions.size).toBe(0);
  });

  it('checks magic and version', () => {
    expect(fail(new Uint8Array([0, 0x61, 0x73])).reason).toContain('unexpected end');
    expect(fail(new Uint8Array([0, 0x61, 0x73, 0x6e, 1, 0, 0, 0])).reason).toBe('magic header not detected');
    const v2 = fail(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]));
    expect(v2.reason).toBe('unknown binary version');
    expect(v2.offset).toBe(4);
  });

  it('rejects unknown section ids and sections out of order or repeated', () => {
    expect(fail(mod([0x0d, 0x00])).reason).toBe('malformed section id');
    const dup = fail(mod(sec(1, vec([])), sec(1, vec([]))));
    expect(dup.reason).toBe('unexpected content after last section');
    expect(dup.offset).toBe(11);
    expect(fail(mod(sec(3, vec([])), sec(1, vec([])))).reason).toBe('unexpected content after last section');
    // The data count section goes between element and code sections.
    expect(() => decode(mod(sec(9, vec([])), sec(12, u32(0)), sec(10, vec([]))))).not.toThrow();
    expect(fail(mod(sec(10, vec([])), sec(12, u32(0)))).reason).toBe('unexpected content after last section');
  });

  it('checks section sizes', () => {
    // Declared size larger than the rest of the module.
    expect(fail(mod([1, 7, 1, 0x60, 0, 0])).reason).toBe('length out of bounds');
    // Contents shorter than declared: the next byte is read as part of the section.
    expect(fail(mod([1, 5, 1, 0x60, 0, 0, 0])).reason).toBe('section size mismatch');
    // Contents longer than declared.
    expect(fail(mod([1, 3, 1, 0x60, 0, 0])).reason).toBe('section size mismatch');
  });

  it('accepts custom sections anywhere and keeps them', () => {
    const custom = sec(0, str('hello'), [1, 2, 3]);
    const info = decode(mod(custom, ...oneFunc, custom, sec(10, vec([body([], [])])), custom));
    expect(info.customSections.map((c) => c.name)).toEqual(['hello', 'hello', 'hello']);
    expect([...info.customSections[0]!.bytes]).toEqual([1, 2, 3]);
  });

  it('rejects custom sections whose name overruns them', () => {
    expect(fail(mod([0, 0])).reason).toContain('unexpected end');
    expect(fail(mod([0, 1, 5, ...'hello'.split('').map((c) => c.charCodeAt(0))])).reason).toContain('unexpected end');
    expect(fail(mod(sec(0, [2, 0xc0, 0x80]))).reason).toBe('malformed UTF-8 encoding');
  });
});

describe('decodeModule: module sections', () => {
  it('decodes types, imports, functions, tables, memories, globals, exports and start', () => {
    const info = decode(
      mod(
        sec(1, vec([fn([I32, I64], [F32]), fn([], [])])),
        sec(
          2,
          vec([
            [...str('env'), ...str('f'), 0x00, 1],
            [...str('env'), ...str('t'), 0x01, EXTERNREF, 0x01, 1, 9],
            [...str('env'), ...str('m'), 0x02, 0x00, 2],
            [...str('env'), ...str('g'), 0x03, F64, 0x01],
          ]),
        ),
        sec(3, vec([[0], [1]])),
        sec(4, vec([[FUNCREF, 0x00, 3]])),
        sec(6, vec([[I32, 0x00, ...i32Const(-7), END], [I64, 0x01, 0x42, 0x7f, END]])),
        sec(7, vec([[...str('run'), 0x00, 2], [...str('mem'), 0x02, 0]])),
        sec(8, u32(2)),
        sec(10, vec([body([], []), body([[2, I32], [1, F64]], [0x01])])),
      ),
    );
    expect(info.types).toEqual([
      { params: [I32, I64], results: [F32] },
      { params: [], results: [] },
    ]);
    expect(info.imports.map((i) => `${i.module}.${i.name}:${i.desc.kind}`)).toEqual([
      'env.f:func', 'env.t:table', 'env.m:memory', 'env.g:global',
    ]);
    expect(info.funcTypes).toEqual([1, 0, 1]);
    expect(info.importedFuncs).toBe(1);
    expect(info.tables).toEqual([
      { elem: EXTERNREF, limits: { min: 1, max: 9 } },
      { elem: FUNCREF, limits: { min: 3, max: undefined } },
    ]);
    expect(info.importedTables).toBe(1);
    expect(info.memories).toEqual([{ limits: { min: 2, max: undefined }, shared: false }]);
    expect(info.importedMemories).toBe(1);
    expect(info.globals).toEqual([
      { type: F64, mutable: true },
      { type: I32, mutable: false },
      { type: I64, mutable: true },
    ]);
    expect(info.importedGlobals).toBe(1);
    expect(info.globalInits.map((g) => g.ops)).toEqual([
      [{ op: 'i32.const', value: -7 }],
      [{ op: 'i64.const', value: -1n }],
    ]);
    expect(info.exports).toEqual([
      { name: 'run', kind: 'func', index: 2 },
      { name: 'mem', kind: 'memory', index: 0 },
    ]);
    expect(info.start).toBe(2);
    const b = info.bodies[1]!;
    expect(b.locals).toEqual([{ count: 2, type: I32 }, { count: 1, type: F64 }]);
    expect(b.localCount).toBe(3);
  });

  it('records where each item is', () => {
    const bytes = mod(
      sec(1, vec([fn([], [])])),
      sec(2, vec([[...str('m'), ...str('g'), 0x03, I32, 0x00]])),
      sec(3, vec([[0]])),
      sec(5, vec([[0x00, 1]])),
      sec(7, vec([[...str('f'), 0x00, 0]])),
      sec(8, u32(0)),
      sec(10, vec([body([], [])])),
      sec(11, vec([[0x01, 0x00]])),
    );
    const at = decode(bytes).offsets!;
    expect(bytes[at.types[0]!]).toBe(0x60);
    expect([...bytes.subarray(at.imports[0]!, at.imports[0]! + 2)]).toEqual([1, 0x6d]); // "m"
    expect(bytes[at.globals[0]!]).toBe(I32);
    expect(at.funcs).toHaveLength(1);
    expect(bytes[at.memories[0]!]).toBe(0x00);
    expect(bytes[at.exports[0]! + 1]).toBe(0x66); // "f"
    expect(bytes[at.start! - 2]).toBe(8);
    expect(bytes[at.datas[0]!]).toBe(0x01);
  });

  it('locates function bodies', () => {
    const bytes = mod(...oneFunc, sec(10, vec([body([[1, I32]], [0x01, 0x01])])));
    const [b] = decode(bytes).bodies;
    expect(bytes[b!.bodyOffset]).toBe(6); // size: locals (3 bytes), two nops, end
    expect([...bytes.subarray(b!.codeStart, b!.codeEnd)]).toEqual([0x01, 0x01, END]);
    expect(b!.codeEnd).toBe(bytes.length);
  });

  it('rejects malformed import kinds, mutabilities, types and limits', () => {
    const imp = (desc: number[]) => mod(sec(2, vec([[...str('a'), ...str('b'), ...desc]])));
    expect(fail(imp([0x04])).reason).toBe('malformed import kind');
    expect(fail(imp([0x03, I32, 0x02])).reason).toBe('malformed mutability');
    expect(fail(imp([0x03, 0x40, 0x00])).reason).toBe('malformed value type');
    expect(fail(imp([0x01, I32, 0x00, 0x00])).reason).toBe('malformed reference type');
    expect(fail(imp([0x02, 0x02, 0x00])).reason).toBe('integer too large');
    expect(fail(imp([0x02, 0x81, 0x00, 0x00])).reason).toBe('integer representation too long');
    expect(fail(mod(sec(1, vec([[0x61, 0, 0]])))).reason).toBe('malformed function type');
    expect(fail(mod(sec(7, vec([[...str('x'), 0x04, 0]])))).reason).toBe('malformed export kind');
  });

  it('rejects names that are not UTF-8 and keeps a leading byte-order mark', () => {
    expect(fail(mod(sec(7, vec([[2, 0xed, 0xa0, 0x00, 0]])))).reason).toBe('malformed UTF-8 encoding');
    const info = decode(mod(sec(7, vec([[...str('\ufeffé'), 0x00, 0]]))));
    expect(info.exports[0]!.name).toBe('\ufeffé');
  });

  it('gates types on features', () => {
    const noRefs = { ...DEFAULT_FEATURES, referenceTypes: false };
    const g = (t: number) => mod(sec(2, vec([[...str('a'), ...str('b'), 0x03, t, 0x00]])));
    expect(fail(g(0x7b)).reason).toBe('SIMD support is not enabled');
    expect(decode(g(0x7b), { ...DEFAULT_FEATURES, simd: true }).globals[0]!.type).toBe(0x7b);
    expect(decode(g(EXTERNREF)).globals[0]!.type).toBe(EXTERNREF);
    expect(fail(g(EXTERNREF), noRefs).reason).toBe('reference types support is not enabled');
    expect(fail(mod(sec(12, u32(0))), { ...DEFAULT_FEATURES, bulkMemory: false }).reason).toBe(
      'bulk memory support is not enabled',
    );
  });
});

describe('decodeModule: constant expressions', () => {
  const global = (...expr: number[]) => mod(sec(6, vec([[I32, 0x00, ...expr]])));

  it('decodes every constant instruction with exact float bits', () => {
    const info = decode(
      mod(
        sec(
          6,
          vec([
            [F32, 0x00, 0x43, 0x01, 0x00, 0xa0, 0x7f, END],
            [F64, 0x00, 0x44, 0x01, 0, 0, 0, 0, 0, 0xf4, 0x7f, END],
            [EXTERNREF, 0x00, 0xd0, EXTERNREF, END],
            [FUNCREF, 0x00, 0xd2, 0x03, END],
            [I32, 0x00, 0x23, 0x00, END],
          ]),
        ),
      ),
    );
    expect(info.globalInits.map((g) => g.ops[0])).toEqual([
      { op: 'f32.const', bits: 0x7fa00001 },
      { op: 'f64.const', bits: 0x7ff4000000000001n },
      { op: 'ref.null', type: EXTERNREF },
      { op: 'ref.func', index: 3 },
      { op: 'global.get', index: 0 },
    ]);
    expect(info.globalInits[0]!.offset).toBe(13);
  });

  it("keeps other instructions as 'other' for the validator", () => {
    const info = decode(global(...i32Const(1), ...i32Const(2), 0x6a, END));
    expect(info.globalInits[0]!.ops).toEqual([
      { op: 'i32.const', value: 1 },
      { op: 'i32.const', value: 2 },
      { op: 'other', id: Op['i32.add'], offset: 17 },
    ]);
  });

  it('lets blocks nest inside, and wants the final end', () => {
    const info = decode(global(0x02, I32, ...i32Const(0), END, END));
    expect(info.globalInits[0]!.ops.map((o) => o.op)).toEqual(['other', 'i32.const']);
    expect(fail(global(...i32Const(0), 0x05, END)).reason).toBe('END opcode expected');
    expect(fail(global(...i32Const(0))).reason).toContain('unexpected end');
    expect(fail(global(0x06, END)).reason).toBe('illegal opcode');
  });

  it('runs into the next section when the end is missing, as the spec decoder does', () => {
    const bytes = mod(sec(1, vec([fn([], [])])), sec(3, vec([[0]])), [6, 5, 1, I32, 0, 0x41, 0], sec(10, vec([body([], [])])));
    expect(fail(bytes).reason).toBe('illegal opcode');
  });

  it('gates constant instructions on features', () => {
    expect(fail(global(0xd0, FUNCREF, END), { ...DEFAULT_FEATURES, referenceTypes: false }).reason).toBe(
      'reference types support is not enabled',
    );
  });
});

describe('decodeModule: element and data segments', () => {
  const offset = [...i32Const(4), END];
  const funcs = vec([[0], [1]]);
  const exprs = vec([[0xd2, 0, END], [0xd0, FUNCREF, END]]);

  it('decodes all eight element segment encodings', () => {
    const info = decode(
      mod(
        sec(
          9,
          vec([
            [0x00, ...offset, ...funcs],
            [0x01, 0x00, ...funcs],
            [0x02, 0x01, ...offset, 0x00, ...funcs],
            [0x03, 0x00, ...funcs],
            [0x04, ...offset, ...exprs],
            [0x05, EXTERNREF, ...vec([[0xd0, EXTERNREF, END]])],
            [0x06, 0x02, ...offset, FUNCREF, ...exprs],
            [0x07, FUNCREF, ...exprs],
          ]),
        ),
      ),
    );
    const modes = info.elems.map((e) => `${e.mode}:${e.table}:${e.type}:${e.offset ? 'off' : '-'}:${e.items.length}`);
    expect(modes).toEqual([
      'active:0:112:off:2', 'passive:0:112:-:2', 'active:1:112:off:2', 'declarative:0:112:-:2',
      'active:0:112:off:2', 'passive:0:111:-:1', 'active:2:112:off:2', 'declarative:0:112:-:2',
    ]);
    expect(info.elems[0]!.offset!.ops).toEqual([{ op: 'i32.const', value: 4 }]);
    expect(info.elems[0]!.items.map((e) => e.ops)).toEqual([[{ op: 'ref.func', index: 0 }], [{ op: 'ref.func', index: 1 }]]);
    expect(info.elems[6]!.items.map((e) => e.ops[0]!.op)).toEqual(['ref.func', 'ref.null']);
  });

  it('rejects bad element segment kinds and types', () => {
    expect(fail(mod(sec(9, vec([[0x08]])))).reason).toBe('malformed elements segment kind');
    expect(fail(mod(sec(9, vec([[0x01, 0x01, 0x00]])))).reason).toBe('malformed element kind');
    expect(fail(mod(sec(9, vec([[0x05, I32, 0x00]])))).reason).toBe('malformed reference type');
    expect(fail(mod(sec(9, vec([[0x01, 0x00, 0x00]]))), { ...DEFAULT_FEATURES, bulkMemory: false }).reason).toBe(
      'bulk memory support is not enabled',
    );
  });

  it('decodes the three data segment encodings', () => {
    const info = decode(
      mod(
        sec(11, vec([[0x00, ...offset, ...vec([[1], [2]])], [0x01, ...vec([[3]])], [0x02, 0x01, ...offset, 0x00]])),
      ),
    );
    expect(info.datas.map((d) => `${d.mode}:${d.memory}:${d.offset ? 'off' : '-'}:${[...d.bytes].join(',')}`)).toEqual([
      'active:0:off:1,2', 'passive:0:-:3', 'active:1:off:',
    ]);
    expect(fail(mod(sec(11, vec([[0x03]])))).reason).toBe('malformed data segment kind');
    // A length beyond the module is "length out of bounds" (counted from the length's own byte, as the spec
    // decoder does); a smaller one that still overruns is "unexpected end".
    expect(fail(mod([11, 5, 1, 0x01, 0x04, 1, 2])).reason).toBe('length out of bounds');
    expect(fail(mod([11, 5, 1, 0x01, 0x03, 1, 2])).reason).toBe('unexpected end of section or function');
  });
});

describe('decodeModule: module-wide rules', () => {
  it('wants as many bodies as functions', () => {
    expect(fail(mod(...oneFunc)).reason).toBe('function and code section have inconsistent lengths');
    expect(fail(mod(sec(10, vec([body([], [])])))).reason).toBe('function and code section have inconsistent lengths');
  });

  it('checks the data count against the data section', () => {
    const data = sec(11, vec([[0x01, 0x00]]));
    expect(decode(mod(sec(12, u32(1)), data)).dataCount).toBe(1);
    expect(fail(mod(sec(12, u32(2)), data)).reason).toBe('data count and data section have inconsistent lengths');
    expect(fail(mod(sec(12, u32(1)))).reason).toBe('data count and data section have inconsistent lengths');
  });

  it('requires a data count section for memory.init and data.drop', () => {
    const mem = sec(5, vec([[0x00, 1]]));
    const data = sec(11, vec([[0x01, 0x00]]));
    const init = [...i32Const(0), ...i32Const(0), ...i32Const(0), 0xfc, 0x08, 0x00, 0x00];
    const withBody = (code: number[], ...more: number[][]) =>
      mod(...oneFunc, mem, ...more, sec(10, vec([body([], code)])), data);
    expect(fail(withBody(init)).reason).toBe('data count section required');
    expect(fail(withBody([0xfc, 0x09, 0x00])).reason).toBe('data count section required');
    expect(() => decode(withBody(init, sec(12, u32(1))))).not.toThrow();
    // Other 0xFC operators need no data count section.
    expect(() => decode(withBody([...i32Const(0), ...i32Const(0), ...i32Const(0), 0xfc, 0x0b, 0x00]))).not.toThrow();
    // A segment that cannot exist is the validator's "unknown data segment".
    expect(() => decode(withBody([0xfc, 0x09, 0x05]))).not.toThrow();
  });

  it('reports a malformed instruction in an earlier body before a later structural error', () => {
    // The memarg offset runs past the body and the code section; the spec reports the instruction.
    const code = [10, 8, 1, 6, 0x00, ...i32Const(0), 0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00];
    expect(fail(mod(...oneFunc, code)).reason).toBe('integer representation too long');
  });
});

describe('decodeModule: function bodies', () => {
  const withBody = (b: number[]) => mod(...oneFunc, sec(10, vec([b])));

  it('counts locals and limits them', () => {
    expect(decode(withBody(body([[MAX_LOCALS, I32]], []))).bodies[0]!.localCount).toBe(MAX_LOCALS);
    const err = fail(withBody(body([[MAX_LOCALS, I32], [1, I64]], [])));
    expect(err.reason).toBe('too many locals');
    expect(fail(withBody(body([[0xffffffff, I32], [2, I64]], []))).reason).toBe('too many locals');
    expect(fail(withBody([...u32(10), 2, 0x80, 0x80, 0x80, 0x80, 0x10, I32, 2, I64, END])).reason).toBe(
      'integer too large',
    );
  });

  it('keeps local declarations inside the body', () => {
    // Body of 2 bytes declaring one run whose type lies outside it.
    expect(fail(withBody([2, 1, 1, I32])).reason).toContain('unexpected end');
  });

  it('rejects bodies larger than the module', () => {
    expect(fail(mod(...oneFunc, [10, 3, 1, 2, 0])).reason).toContain('unexpected end');
  });
});

describe('decodeModule: name section', () => {
  const names = (...subsections: number[][]) => sec(0, str('name'), ...subsections);
  const code = sec(10, vec([body([], []), body([], [])]));
  const twoFuncs = [sec(1, vec([fn([], [])])), sec(3, vec([[0], [0]])), code];

  it('decodes module, function and local names', () => {
    const info = decode(
      mod(
        ...twoFuncs,
        names(
          sec(0, str('m')),
          sec(1, vec([[0, ...str('first')], [1, ...str('second')]])),
          sec(2, vec([[1, ...vec([[0, ...str('x')], [3, ...str('y')]])]])),
          sec(7, [1, 2, 3]),
        ),
      ),
    );
    expect(info.names.module).toBe('m');
    expect([...info.names.functions]).toEqual([[0, 'first'], [1, 'second']]);
    expect([...info.names.locals.get(1)!]).toEqual([[0, 'x'], [3, 'y']]);
  });

  it('ignores a malformed name section', () => {
    for (const bad of [
      names(sec(1, vec([[0, 2, 0xff, 0xff]]))),
      names([1, 9, 1, 0]),
      names(sec(0, [...str('m'), 0])),
      names([0x01]),
    ]) {
      const info = decode(mod(...twoFuncs, bad));
      expect(info.names.module).toBeUndefined();
      expect(info.names.functions.size).toBe(0);
      expect(info.customSections[0]!.name).toBe('name');
    }
  });
});
