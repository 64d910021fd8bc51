import { describe, expect, it } from 'vitest';
import { decodeModule } from '../binary/decode.js';
import { CompileError } from '../errors.js';
import { DEFAULT_FEATURES } from '../features.js';
import { validateModule } from './module.js';
import {
  EMPTY,
  EXTERNREF,
  F32,
  F64,
  FUNCREF,
  I32,
  I64,
  build,
  check,
  exp,
  expr,
  fn,
  func,
  invalid,
  limits,
  malformed,
  u32,
  valid,
} from './testing.js';

/** Offset of instruction byte `k` of the code of the module's last function (when the code section is last). */
function offsetIn(bytes: Uint8Array, code: number[], k: number): number {
  return bytes.length - 1 - code.length + k;
}

const i32c = (n: number) => [0x41, ...u32(n)];
const MEM = { memories: [limits(1)] };

describe('operand stack', () => {
  it('accepts well-typed code', () => {
    valid(func([I32, I32], [I32], [0x20, 0, 0x20, 1, 0x6a]));
    valid(func([], [I64, F32], [0x42, 1, 0x43, 0, 0, 0x80, 0x3f]));
  });

  it('reports a type mismatch at the offending instruction', () => {
    const code = [0x41, 1, 0x42, 2, 0x6a];
    const bytes = func([], [I32], code);
    const e = invalid(bytes, 'type mismatch');
    expect(e.offset).toBe(offsetIn(bytes, code, 4));
    expect(bytes[e.offset]).toBe(0x6a);
    expect(e.reason).toContain('expected i32, found i64');
  });

  it('rejects missing and extra values at the end of the function', () => {
    invalid(func([], [I32], [0x01]), 'type mismatch');
    invalid(func([], [], [0x41, 0]), 'type mismatch');
    invalid(func([], [I32], [0x42, 0]), 'type mismatch');
  });

  it('makes the stack polymorphic after unreachable, br and return', () => {
    valid(func([], [I32], [0x00, 0x6a]));
    valid(func([], [I32], [0x41, 0, 0x0c, 0, 0x6a]));
    valid(func([], [I64], [0x42, 0, 0x0f, 0x1a, 0x1a, 0x42, 0]));
    invalid(func([], [I64], [0x0f]), 'type mismatch');
    invalid(func([], [I32], [0x00, 0x42, 0, 0x6a]), 'type mismatch');
    // Unknown values still count at the end of a block.
    invalid(func([], [], [0x00, 0x1b]), 'type mismatch');
    // Only the innermost frame becomes polymorphic.
    invalid(func([], [], [0x02, EMPTY, 0x00, 0x0b, 0x6a, 0x1a]), 'type mismatch');
  });

  it('types select: numeric operands only without a type annotation', () => {
    valid(func([], [I32], [0x00, 0x1b]));
    valid(func([], [F64], [0x44, ...new Array(8).fill(0), 0x00, 0x1b]));
    invalid(func([], [], [0xd0, FUNCREF, 0xd0, FUNCREF, 0x41, 1, 0x1b, 0x1a]), 'type mismatch');
    invalid(func([], [], [0x41, 1, 0x42, 1, 0x41, 1, 0x1b, 0x1a]), 'type mismatch');
    valid(func([], [FUNCREF], [0xd0, FUNCREF, 0xd0, FUNCREF, 0x41, 1, 0x1c, 1, FUNCREF]));
    invalid(func([], [], [0x41, 1, 0x41, 1, 0x41, 1, 0x1c, 2, I32, I32]), 'invalid result arity');
    invalid(func([], [], [0x41, 1, 0x41, 1, 0x41, 1, 0x1c, 0]), 'invalid result arity');
    // With an unknown operand and a reference operand, select without a type is still invalid.
    invalid(func([], [], [0x00, 0xd0, FUNCREF, 0x41, 1, 0x1b, 0x1a]), 'type mismatch');
  });

  it('checks ref.is_null operands', () => {
    valid(func([], [I32], [0xd0, EXTERNREF, 0xd1]));
    invalid(func([], [I32], [0x41, 0, 0xd1]), 'type mismatch');
  });
});

describe('control', () => {
  const blockType = fn([I32], [I32]);

  it('handles blocks with parameters (multi-value)', () => {
    const code = [0x41, 1, 0x02, 1, 0x41, 2, 0x6a, 0x0b];
    const bytes = build({ types: [fn([], [I32]), blockType], funcs: [{ type: 0, code }] });
    valid(bytes);
    const e = invalid(bytes, 'multi-value support is not enabled', { multiValue: false });
    expect(bytes[e.offset]).toBe(0x02);
    invalid(build({ types: [fn([], [I32])], funcs: [{ type: 0, code: [0x02, 7, 0x0b] }] }), 'unknown type 7');
  });

  it('uses the parameters as the label types of a loop', () => {
    // br 0 in a loop [i32] -> [] carries an i32 back to the loop's start.
    valid(build({ types: [fn([], []), fn([I32], [])], funcs: [{ type: 0, code: [0x41, 0, 0x03, 1, 0x0c, 0, 0x0b] }] }));
    // br 0 in a block [i32] -> [] carries nothing; the i32 is left over at the branch (fine: the stack is dropped).
    valid(build({ types: [fn([], []), fn([I32], [])], funcs: [{ type: 0, code: [0x41, 0, 0x02, 1, 0x0c, 0, 0x0b] }] }));
    // ...but falling off the end of that block leaves the i32.
    invalid(build({ types: [fn([], []), fn([I32], [])], funcs: [{ type: 0, code: [0x41, 0, 0x02, 1, 0x0b] }] }), 'type mismatch');
  });

  it('requires an else when an if has results', () => {
    valid(func([], [I32], [0x41, 1, 0x04, I32, 0x41, 2, 0x05, 0x41, 3, 0x0b]));
    invalid(func([], [I32], [0x41, 1, 0x04, I32, 0x41, 2, 0x0b]), 'type mismatch');
    invalid(func([], [I32], [0x04, I32, 0x41, 2, 0x05, 0x41, 3, 0x0b]), 'type mismatch');
    // if [i32] -> [i32] without else passes its parameter through: valid.
    valid(build({ types: [fn([], [I32]), fn([I32], [I32])], funcs: [{ type: 0, code: [0x41, 5, 0x41, 1, 0x04, 1, 0x0b] }] }));
  });

  it('checks branch labels and their types', () => {
    invalid(func([], [], [0x0c, 1]), 'unknown label 1');
    invalid(func([], [], [0x02, EMPTY, 0x41, 0, 0x0d, 2, 0x0b]), 'unknown label 2');
    valid(func([], [I32], [0x02, I32, 0x41, 1, 0x41, 0, 0x0d, 0, 0x0b]));
    invalid(func([], [I32], [0x02, I32, 0x42, 1, 0x41, 0, 0x0d, 0, 0x1a, 0x41, 0, 0x0b]), 'type mismatch');
  });

  it('checks br_table arity and types', () => {
    // block (result i32) block ... br_table 0 1: labels of arity 0 and 1.
    const bad = [0x02, I32, 0x02, EMPTY, 0x41, 0, 0x41, 0, 0x0e, 1, 0, 1, 0x0b, 0x41, 0, 0x0b];
    invalid(func([], [I32], bad), 'type mismatch');
    const good = [0x02, I32, 0x02, I32, 0x41, 0, 0x41, 0, 0x0e, 1, 0, 1, 0x0b, 0x0b];
    valid(func([], [I32], good));
    invalid(func([], [], [0x41, 0, 0x0e, 0, 3]), 'unknown label 3');
    // In unreachable code each label pops what is there (unknown when nothing is) and pushes it back.
    const mixed = (values: number[]) => [0x02, I32, 0x02, I64, 0x00, ...values, 0x41, 0, 0x0e, 1, 0, 1, 0x0b, 0x1a, 0x41, 0, 0x0b, 0x1a];
    valid(func([], [], mixed([])));
    invalid(func([], [], mixed([0x42, 0])), 'type mismatch');
  });

  it('rejects a misplaced else as malformed', () => {
    malformed(func([], [], [0x02, EMPTY, 0x05, 0x0b]), 'END opcode expected');
    malformed(func([], [], [0x41, 0, 0x04, EMPTY, 0x05, 0x05, 0x0b]), 'END opcode expected');
  });
});

describe('the end of a body', () => {
  const type = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00];
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

  it('reports a missing end before the next body', () => {
    const bytes = new Uint8Array([...header, ...type, 0x03, 0x03, 0x02, 0x00, 0x00,
      0x0a, 0x0a, 0x02, 0x03, 0x00, 0x41, 0x01, 0x04, 0x00, 0x41, 0x01, 0x0b]);
    const e = malformed(bytes, 'END opcode expected');
    expect(e.reason).toBe('END opcode expected');
  });

  it('reports a missing end at the end of the module', () => {
    const bytes = new Uint8Array([...header, ...type, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x41, 0x01]);
    malformed(bytes, 'unexpected end of section or function');
  });

  it('reports a missing end in the last body as the section size mismatch the spec decoder sees', () => {
    const bytes = new Uint8Array([...header, ...type, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x00,
      0x0a, 0x05, 0x01, 0x03, 0x00, 0x41, 0x01, 0x0b, 0x03, 0x01, 0x01, 0x00]);
    malformed(bytes, 'section size mismatch');
  });

  it('rejects operators after the final end', () => {
    malformed(func([], [], [0x0b, 0x01]), 'section size mismatch');
  });

  it('lets a malformed body anywhere outrank an earlier invalid one', () => {
    const bytes = build({
      types: [fn([], [])],
      funcs: [{ type: 0, code: [0x41, 0] }, { type: 0, code: [0xff] }],
    });
    malformed(bytes, 'illegal opcode');
  });
});

describe('locals and globals', () => {
  it('types locals and rejects unknown ones', () => {
    valid(build({ types: [fn([I32], [F64])], funcs: [{ type: 0, locals: [[2, I64], [1, F64]], code: [0x20, 3] }] }));
    const e = invalid(build({ types: [fn([I32], [])], funcs: [{ type: 0, locals: [[2, I64]], code: [0x20, 3, 0x1a] }] }), 'unknown local 3');
    expect(e.offset).toBeGreaterThan(0);
    invalid(func([I32], [], [0x42, 0, 0x21, 0]), 'type mismatch');
    valid(func([I32], [I32], [0x41, 0, 0x22, 0]));
  });

  it('finds the types of very many locals by their runs', () => {
    const code = [0x20, ...u32(100_003), 0x50, 0x1a, 0x20, ...u32(70_000), 0x9a, 0x1a, 0x20, 0, 0x1a];
    const bytes = func([I32], [], code, { funcs: [{ type: 0, locals: [[1, I32]], code }] });
    const info = decodeModule(bytes, DEFAULT_FEATURES);
    // More locals than the decoder allows, to reach the validator's run search (f64 × 100000, then i64 × 5).
    info.bodies[0]!.locals = [{ count: 100_000, type: F64 }, { count: 5, type: I64 }];
    info.bodies[0]!.localCount = 100_005;
    expect(() => validateModule(info, bytes, DEFAULT_FEATURES)).not.toThrow();
    info.bodies[0]!.locals = [{ count: 100_000, type: F64 }, { count: 2, type: I64 }];
    expect(() => validateModule(info, bytes, DEFAULT_FEATURES)).toThrow('unknown local 100003');
  });

  it('checks global indices and mutability', () => {
    const globals = [[I32, 0, ...expr(0x41, 0)], [I64, 1, ...expr(0x42, 0)]];
    valid(func([], [I32], [0x23, 0], { globals }));
    valid(func([], [], [0x42, 1, 0x24, 1], { globals }));
    invalid(func([], [], [0x41, 1, 0x24, 0], { globals }), 'global is immutable');
    invalid(func([], [I32], [0x23, 2], { globals }), 'unknown global 2');
    invalid(func([], [], [0x41, 1, 0x24, 1], { globals }), 'type mismatch');
  });
});

describe('memory', () => {
  it('needs a memory', () => {
    invalid(func([], [I32], [0x41, 0, 0x28, 2, 0]), 'unknown memory 0');
    invalid(func([], [I32], [0x3f, 0]), 'unknown memory 0');
    valid(func([], [I32], [0x41, 0, 0x28, 2, 0], MEM));
  });

  it('limits the alignment to the natural one', () => {
    invalid(func([], [I32], [0x41, 0, 0x28, 3, 0], MEM), 'alignment must not be larger than natural');
    invalid(func([], [I32], [0x41, 0, 0x2d, 1, 0], MEM), 'alignment must not be larger than natural');
    valid(func([], [I64], [0x41, 0, 0x29, 3, 0], MEM));
  });

  it('checks memory.init and data.drop against the data count', () => {
    const datas = [[0x01, 0x01, 0x37]];
    const init = [0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x08, 0, 0];
    valid(func([], [], init, { ...MEM, dataCount: 1, datas }));
    invalid(func([], [], [0xfc, 0x09, 1], { ...MEM, dataCount: 1, datas }), 'unknown data segment 1');
    // No data count section: malformed when the segment exists...
    const e = check(func([], [], [0xfc, 0x09, 0], { ...MEM, datas }));
    expect(e).toBeInstanceOf(CompileError);
    expect((e as CompileError).reason).toContain('data count section required');
    // ...and an unknown segment otherwise, as the spec tests (from text) expect.
    invalid(func([], [], [0xfc, 0x09, 0]), 'unknown data segment 0');
    invalid(func([], [], init), 'unknown memory 0');
  });
});

describe('calls and references', () => {
  it('checks call targets and arguments', () => {
    valid(build({ types: [fn([I32], [I64])], funcs: [{ type: 0, code: [0x20, 0, 0x10, 0] }] }));
    invalid(build({ types: [fn([I32], [I64])], funcs: [{ type: 0, code: [0x42, 0, 0x10, 0] }] }), 'type mismatch');
    invalid(func([], [], [0x10, 1]), 'unknown function 1');
  });

  it('checks call_indirect tables and types', () => {
    const code = [0x41, 0, 0x11, 0, 0];
    invalid(func([], [], code), 'unknown table 0');
    valid(func([], [], code, { tables: [[FUNCREF, ...limits(1)]] }));
    invalid(func([], [], code, { tables: [[EXTERNREF, ...limits(1)]] }), 'type mismatch');
    invalid(func([], [], [0x41, 0, 0x11, 5, 0], { tables: [[FUNCREF, ...limits(1)]] }), 'unknown type 5');
  });

  it('requires ref.func targets to be declared outside function bodies', () => {
    const code = [0xd2, 0, 0x1a];
    invalid(func([], [], code), 'undeclared function reference');
    valid(func([], [], code, { exports: [exp('f', 0, 0)] }));
    valid(func([], [], code, { elems: [[0x03, 0x00, 0x01, 0x00]] })); // declarative segment
    valid(func([], [], code, { globals: [[FUNCREF, 0, ...expr(0xd2, 0)]] }));
    invalid(func([], [], [0xd2, 4, 0x1a]), 'unknown function 4');
  });
});

describe('tables', () => {
  const tables = [[FUNCREF, ...limits(1)], [EXTERNREF, ...limits(1)]];

  it('types table.get, table.set, table.size, table.grow and table.fill', () => {
    valid(func([], [EXTERNREF], [0x41, 0, 0x25, 1], { tables }));
    invalid(func([], [FUNCREF], [0x41, 0, 0x25, 1], { tables }), 'type mismatch');
    valid(func([], [], [0x41, 0, 0xd0, FUNCREF, 0x26, 0], { tables }));
    valid(func([], [I32], [0xd0, EXTERNREF, 0x41, 1, 0xfc, 0x0f, 1], { tables }));
    valid(func([], [], [0x41, 0, 0xd0, EXTERNREF, 0x41, 1, 0xfc, 0x11, 1], { tables }));
    invalid(func([], [I32], [0xfc, 0x10, 2], { tables }), 'unknown table 2');
  });

  it('requires matching element types for table.copy and table.init', () => {
    const args = [0x41, 0, 0x41, 0, 0x41, 0];
    invalid(func([], [], [...args, 0xfc, 0x0e, 0, 1], { tables }), 'type mismatch');
    valid(func([], [], [...args, 0xfc, 0x0e, 1, 1], { tables }));
    const elems = [[0x05, EXTERNREF, 0x01, ...expr(0xd0, EXTERNREF)]]; // passive externref segment
    invalid(func([], [], [...args, 0xfc, 0x0c, 0, 0], { tables, elems }), 'type mismatch');
    valid(func([], [], [...args, 0xfc, 0x0c, 0, 1], { tables, elems }));
    invalid(func([], [], [0xfc, 0x0d, 3], { tables, elems }), 'unknown elem segment 3');
  });
});

describe('features', () => {
  it('rejects operators whose feature is off', () => {
    const e = invalid(func([], [I32], [0x41, 0, 0xc0]), 'sign extension operations support is not enabled', { signExtension: false });
    expect(e.reason).toContain('i32.extend8_s');
    invalid(func([], [I32], [0x43, 0, 0, 0, 0, 0xfc, 0x00]), 'saturating float to int conversions', { saturatingFloatToInt: false });
    invalid(func([], [], [0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x0b, 0], MEM), 'bulk memory support is not enabled', { bulkMemory: false });
    valid(func([], [I32], [0x41, 0, 0xc0]));
  });
});

describe('reuse', () => {
  it('handles deep nesting and tall stacks, then small modules again', () => {
    const depth = 3000;
    const nested = [...new Array(depth).fill([0x02, EMPTY]).flat(), ...new Array(depth).fill(0x0b)];
    valid(func([], [], nested));
    const tall = [...new Array(2000).fill([0x41, 1]).flat(), ...new Array(1999).fill(0x6a)];
    valid(func([], [I32], tall));
    invalid(func([], [I32], [...tall, 0x41, 0]), 'type mismatch');
    valid(func([I32, I32], [I32], [0x20, 0, 0x20, 1, 0x6a]));
    invalid(func([], [], [0x6a]), 'type mismatch');
  });
});
