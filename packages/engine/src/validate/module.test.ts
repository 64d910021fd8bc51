import type { ModuleInfo } from '@weft/serialize';
import { describe, expect, it } from 'vitest';
import { emptyModuleInfo } from '../binary/decode.js';
import { OPS } from '../binary/opcodes.js';
import { CompileError } from '../errors.js';
import { DEFAULT_FEATURES, type Features } from '../features.js';
import { validateModule } from './module.js';
import { EXTERNREF, FUNCREF, I32, I64, build, exp, expr, fn, func, invalid, limits, str, valid } from './testing.js';

/** Validate a hand-built module info (no function bodies). */
function checkInfo(patch: Partial<ModuleInfo>, features: Partial<Features> = {}): unknown {
  const info = { ...emptyModuleInfo(), ...patch };
  try {
    validateModule(info, new Uint8Array(0), { ...DEFAULT_FEATURES, ...features });
    return undefined;
  } catch (err) {
    return err;
  }
}

const nothing = fn([], []);

describe('memories and tables', () => {
  it('limits memory sizes to 65536 pages', () => {
    valid(build({ memories: [limits(65536, 65536)] }));
    invalid(build({ memories: [limits(65537)] }), 'memory size must be at most 65536 pages (4GiB)');
    invalid(build({ memories: [limits(0, 65537)] }), 'memory size must be at most 65536 pages (4GiB)');
  });

  it('requires min <= max', () => {
    invalid(build({ memories: [limits(2, 1)] }), 'size minimum must not be greater than maximum');
    invalid(build({ tables: [[FUNCREF, ...limits(2, 1)]] }), 'size minimum must not be greater than maximum');
    valid(build({ tables: [[FUNCREF, ...limits(0, 0xffff_ffff)]] }));
  });

  it('allows one memory', () => {
    invalid(build({ memories: [limits(1), limits(1)] }), 'multiple memories');
    const imported = [...str('m'), ...str('mem'), 0x02, ...limits(1)];
    invalid(build({ imports: [imported], memories: [limits(1)] }), 'multiple memories');
  });

  it('allows several tables only with reference types', () => {
    const tables = [[FUNCREF, ...limits(1)], [FUNCREF, ...limits(1)]];
    valid(build({ tables }));
    const err = checkInfo(
      { tables: [{ elem: FUNCREF, limits: { min: 0, max: undefined } }, { elem: FUNCREF, limits: { min: 0, max: undefined } }] },
      { referenceTypes: false },
    );
    expect(String(err)).toContain('reference types support is not enabled');
  });
});

describe('constant expressions', () => {
  const importGlobal = (mutable: boolean) => [...str('m'), ...str('g'), 0x03, I32, mutable ? 1 : 0];

  it('types global initialisers', () => {
    valid(build({ globals: [[I32, 0, ...expr(0x41, 7)]] }));
    invalid(build({ globals: [[I32, 0, ...expr(0x42, 7)]] }), 'type mismatch');
    invalid(build({ globals: [[I32, 0, ...expr()]] }), 'type mismatch');
    invalid(build({ globals: [[I32, 0, ...expr(0x41, 0, 0x41, 0)]] }), 'type mismatch');
  });

  it('allows global.get of imported immutable globals only', () => {
    valid(build({ imports: [importGlobal(false)], globals: [[I32, 0, ...expr(0x23, 0)]] }));
    invalid(build({ imports: [importGlobal(true)], globals: [[I32, 0, ...expr(0x23, 0)]] }), 'constant expression required');
    invalid(build({ globals: [[I32, 0, ...expr(0x41, 0)], [I32, 0, ...expr(0x23, 0)]] }), 'unknown global 0');
    invalid(build({ globals: [[I32, 0, ...expr(0x23, 1)], [I32, 0, ...expr(0x41, 0)]] }), 'unknown global 1');
  });

  it('rejects non-constant instructions with their offset', () => {
    const bytes = build({ globals: [[I32, 0, ...expr(0x41, 0, 0x68)]] }); // i32.ctz
    const e = invalid(bytes, 'constant expression required');
    expect(bytes[e.offset]).toBe(0x68);
    invalid(build({ globals: [[I32, 0, ...expr(0x41, 0, 0x41, 1, 0x6a)]] }), 'constant expression required'); // i32.add
    invalid(build({ globals: [[I32, 0, ...expr(0x01)]] }), 'constant expression required');
  });

  it('checks ref.func and ref.null in initialisers', () => {
    valid(build({ types: [nothing], funcs: [{ type: 0, code: [] }], globals: [[FUNCREF, 0, ...expr(0xd2, 0)]] }));
    invalid(build({ globals: [[FUNCREF, 0, ...expr(0xd2, 3)]] }), 'unknown function 3');
    invalid(build({ globals: [[FUNCREF, 0, ...expr(0xd0, EXTERNREF)]] }), 'type mismatch');
  });
});

describe('segments', () => {
  const table = [[FUNCREF, ...limits(1)]];
  const f = { types: [nothing], funcs: [{ type: 0, code: [] }] };

  it('checks element segments', () => {
    valid(build({ ...f, tables: table, elems: [[0x00, ...expr(0x41, 0), 0x01, 0x00]] }));
    invalid(build({ ...f, elems: [[0x00, ...expr(0x41, 0), 0x01, 0x00]] }), 'unknown table 0');
    invalid(build({ ...f, tables: table, elems: [[0x00, ...expr(0x42, 0), 0x01, 0x00]] }), 'type mismatch');
    invalid(build({ ...f, tables: table, elems: [[0x00, ...expr(0x41, 0), 0x01, 0x05]] }), 'unknown function 5');
    // An externref segment (flags 6: table index, offset, reftype, expressions) for a funcref table.
    const externSeg = [0x06, 0x00, ...expr(0x41, 0), EXTERNREF, 0x01, ...expr(0xd0, EXTERNREF)];
    invalid(build({ tables: table, elems: [externSeg] }), 'type mismatch');
    const funcrefItemInExternSeg = [0x05, EXTERNREF, 0x01, ...expr(0xd0, FUNCREF)];
    invalid(build({ elems: [funcrefItemInExternSeg] }), 'type mismatch');
  });

  it('checks data segments', () => {
    valid(build({ memories: [limits(1)], datas: [[0x00, ...expr(0x41, 0), 0x01, 0x61]] }));
    invalid(build({ datas: [[0x00, ...expr(0x41, 0), 0x01, 0x61]] }), 'unknown memory 0');
    invalid(build({ memories: [limits(1)], datas: [[0x00, ...expr(0x42, 0), 0x01, 0x61]] }), 'type mismatch');
    valid(build({ datas: [[0x01, 0x01, 0x61]] }));
  });
});

describe('start and exports', () => {
  it('requires a start function of type [] -> []', () => {
    valid(build({ types: [nothing], funcs: [{ type: 0, code: [] }], start: 0 }));
    invalid(build({ types: [fn([I32], [])], funcs: [{ type: 0, code: [] }], start: 0 }), 'start function');
    invalid(build({ types: [fn([], [I32])], funcs: [{ type: 0, code: [0x41, 0] }], start: 0 }), 'start function');
    invalid(build({ types: [nothing], funcs: [{ type: 0, code: [] }], start: 1 }), 'unknown function 1');
  });

  it('requires unique export names and existing items', () => {
    const f = { types: [nothing], funcs: [{ type: 0, code: [] }] };
    valid(build({ ...f, exports: [exp('a', 0, 0), exp('b', 0, 0)] }));
    invalid(build({ ...f, exports: [exp('a', 0, 0), exp('a', 0, 0)] }), 'duplicate export name');
    invalid(build({ ...f, exports: [exp('a', 0, 1)] }), 'unknown function 1');
    invalid(build({ exports: [exp('t', 1, 0)] }), 'unknown table 0');
    invalid(build({ exports: [exp('m', 2, 0)] }), 'unknown memory 0');
    invalid(build({ exports: [exp('g', 3, 0)] }), 'unknown global 0');
  });
});

describe('features', () => {
  it('rejects mutable global imports and exports without mutable-global', () => {
    const imports = [[...str('m'), ...str('g'), 0x03, I32, 1]];
    valid(build({ imports }));
    invalid(build({ imports }), 'mutable global support is not enabled', { mutableGlobal: false });
    const globals = [[I64, 1, ...expr(0x42, 0)]];
    valid(build({ globals }), { mutableGlobal: false });
    valid(build({ globals, exports: [exp('g', 3, 0)] }));
    invalid(build({ globals, exports: [exp('g', 3, 0)] }), 'mutable global support is not enabled', { mutableGlobal: false });
  });

  it('rejects several results without multi-value', () => {
    const bytes = func([], [I32, I32], [0x41, 0, 0x41, 0]);
    valid(bytes);
    invalid(bytes, 'multi-value support is not enabled', { multiValue: false });
  });
});

describe('error offsets', () => {
  /** The error points at the last occurrence of `item` in the module bytes. */
  function expectAt(bytes: Uint8Array, e: CompileError, item: number[]): void {
    let last = -1;
    for (let i = 0; i + item.length <= bytes.length; i++) {
      if (item.every((b, j) => bytes[i + j] === b)) last = i;
    }
    expect(last).toBeGreaterThan(0);
    expect(e.offset).toBe(last);
  }

  it('points at the offending memory, table or import', () => {
    let bytes = build({ memories: [limits(1), limits(3, 2)] });
    expectAt(bytes, invalid(bytes, 'size minimum'), limits(3, 2));
    bytes = build({ memories: [limits(1), limits(2)] });
    expectAt(bytes, invalid(bytes, 'multiple memories'), limits(2));
    bytes = build({ tables: [[FUNCREF, ...limits(0)], [FUNCREF, ...limits(5, 4)]] });
    expectAt(bytes, invalid(bytes, 'size minimum'), [FUNCREF, ...limits(5, 4)]);
    const imported = [...str('m'), ...str('mem'), 0x02, ...limits(70000)];
    bytes = build({ imports: [imported] });
    expectAt(bytes, invalid(bytes, 'memory size must be at most'), limits(70000));
    const mutable = [...str('m'), ...str('g'), 0x03, I64, 1];
    bytes = build({ imports: [[...str('m'), ...str('f'), 0x00, 0x00], mutable], types: [nothing] });
    expectAt(bytes, invalid(bytes, 'mutable global', { mutableGlobal: false }), mutable);
  });

  it('points at the offending function type index, type, global and start', () => {
    let bytes = build({ types: [nothing], funcs: [{ type: 0, code: [] }, { type: 7, code: [] }] });
    const e = invalid(bytes, 'unknown type 7');
    expect(bytes[e.offset]).toBe(7);
    expect(bytes[e.offset - 1]).toBe(0); // the first function's type index
    bytes = build({ types: [nothing, fn([], [I32, I64])] });
    expectAt(bytes, invalid(bytes, 'multi-value', { multiValue: false }), fn([], [I32, I64]));
    bytes = build({ types: [nothing, fn([I32], [])], funcs: [{ type: 0, code: [] }, { type: 1, code: [] }], start: 1 });
    const at = invalid(bytes, 'start function').offset;
    expect([...bytes.subarray(at - 2, at + 1)]).toEqual([0x08, 0x01, 0x01]); // start section, size 1, function 1
  });

  it('points at the offending export, the second of a duplicate pair', () => {
    const f = { types: [nothing], funcs: [{ type: 0, code: [] }] };
    let bytes = build({ ...f, exports: [exp('a', 0, 0), exp('b', 0, 0), exp('a', 0, 0)] });
    expectAt(bytes, invalid(bytes, 'duplicate export name'), exp('a', 0, 0));
    bytes = build({ ...f, exports: [exp('a', 0, 0), exp('g', 3, 0)] });
    expectAt(bytes, invalid(bytes, 'unknown global 0'), exp('g', 3, 0));
  });

  it('points at the offending element or data segment', () => {
    const table = [[FUNCREF, ...limits(1)]];
    const good = [0x00, ...expr(0x41, 0), 0x00];
    const bad = [0x02, 0x03, ...expr(0x41, 0), 0x00, 0x00]; // table 3
    let bytes = build({ tables: table, elems: [good, bad] });
    expectAt(bytes, invalid(bytes, 'unknown table 3'), bad);
    const seg = [0x02, 0x01, ...expr(0x41, 0), 0x00]; // memory 1
    bytes = build({ memories: [limits(1)], datas: [[0x01, 0x00], seg] });
    expectAt(bytes, invalid(bytes, 'unknown memory 1'), seg);
  });

  it('reports offset 0 for a hand-built info without offsets', () => {
    const err = checkInfo({ memories: [{ limits: { min: 2, max: 1 }, shared: false }] });
    expect(err).toBeInstanceOf(CompileError);
    expect((err as CompileError).offset).toBe(0);
  });
});

describe('the rule table', () => {
  it('has a validation rule for every operator in the opcode table', async () => {
    // function.ts throws at load time when an operator has neither a rule nor a plain signature.
    await expect(import('./function.js')).resolves.toBeDefined();
    expect(OPS.length).toBeGreaterThan(190);
  });
});
