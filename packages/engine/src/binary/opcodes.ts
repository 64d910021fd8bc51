/**
 * The one opcode table: every instruction's mnemonic, encoding, immediates, stack signature (for plain numeric
 * operators), feature flag and fuel category. The decoder's immediate reading, the validator's type rules for
 * simple operators, names in messages and fuel costs all derive from it. Adding an opcode = one row here, plus its
 * validator rule (if not a plain signature), its compiler lowering and its executor handler.
 *
 * Op ids are indices into `OPS`; use the `Op` map (`Op['i32.add']`) to name them in code.
 */

/** Immediate operand kinds. */
export const Imm = {
  None: 0,
  BlockType: 1,
  Label: 2,
  BrTable: 3,
  Func: 4,
  CallIndirect: 5,
  Local: 6,
  Global: 7,
  Table: 8,
  MemArg: 9,
  /** A memory index byte (memory.size, memory.grow, memory.fill). */
  Memory: 10,
  I32: 11,
  I64: 12,
  F32: 13,
  F64: 14,
  RefType: 15,
  SelectT: 16,
  /** memory.init: data index, memory index. */
  MemoryInit: 17,
  /** data.drop: data index. */
  Data: 18,
  /** memory.copy: two memory indices. */
  MemoryCopy: 19,
  /** table.init: element index, table index. */
  TableInit: 20,
  /** elem.drop: element index. */
  Elem: 21,
  /** table.copy: destination and source table indices. */
  TableCopy: 22,
} as const;
export type Imm = (typeof Imm)[keyof typeof Imm];

/** Config feature that gates an operator (`undefined` = MVP). Names match Wasmtime's Config flags. */
export type Feature = 'signExtension' | 'saturatingFloatToInt' | 'bulkMemory' | 'referenceTypes' | 'simd';

export interface OpInfo {
  /** Op id: index in `OPS`. */
  id: number;
  /** Text-format mnemonic. */
  name: string;
  /** 0 for single-byte opcodes, else the prefix byte (0xfc, 0xfd). */
  prefix: number;
  /** The opcode byte, or the LEB128 sub-opcode after a prefix. */
  code: number;
  imm: Imm;
  /** Stack signature for plain operators, e.g. "i32 i32 -> i32"; undefined where the validator has a rule. */
  sig: string | undefined;
  feature: Feature | undefined;
  /** log2 of the natural alignment, for memory access operators. */
  natAlign: number;
  /** Default fuel cost (Wasmtime's: 0 for nop, drop, block, loop, unreachable, return, else, end; else 1). */
  fuel: number;
}

type Row = [name: string, code: number, imm?: Imm, sig?: string, natAlign?: number];

const I = Imm;
const MVP: Row[] = [
  ['unreachable', 0x00], ['nop', 0x01], ['block', 0x02, I.BlockType], ['loop', 0x03, I.BlockType],
  ['if', 0x04, I.BlockType], ['else', 0x05], ['end', 0x0b], ['br', 0x0c, I.Label], ['br_if', 0x0d, I.Label],
  ['br_table', 0x0e, I.BrTable], ['return', 0x0f], ['call', 0x10, I.Func], ['call_indirect', 0x11, I.CallIndirect],
  ['drop', 0x1a], ['select', 0x1b],
  ['local.get', 0x20, I.Local], ['local.set', 0x21, I.Local], ['local.tee', 0x22, I.Local],
  ['global.get', 0x23, I.Global], ['global.set', 0x24, I.Global],
  ['i32.load', 0x28, I.MemArg, 'i32 -> i32', 2], ['i64.load', 0x29, I.MemArg, 'i32 -> i64', 3],
  ['f32.load', 0x2a, I.MemArg, 'i32 -> f32', 2], ['f64.load', 0x2b, I.MemArg, 'i32 -> f64', 3],
  ['i32.load8_s', 0x2c, I.MemArg, 'i32 -> i32', 0], ['i32.load8_u', 0x2d, I.MemArg, 'i32 -> i32', 0],
  ['i32.load16_s', 0x2e, I.MemArg, 'i32 -> i32', 1], ['i32.load16_u', 0x2f, I.MemArg, 'i32 -> i32', 1],
  ['i64.load8_s', 0x30, I.MemArg, 'i32 -> i64', 0], ['i64.load8_u', 0x31, I.MemArg, 'i32 -> i64', 0],
  ['i64.load16_s', 0x32, I.MemArg, 'i32 -> i64', 1], ['i64.load16_u', 0x33, I.MemArg, 'i32 -> i64', 1],
  ['i64.load32_s', 0x34, I.MemArg, 'i32 -> i64', 2], ['i64.load32_u', 0x35, I.MemArg, 'i32 -> i64', 2],
  ['i32.store', 0x36, I.MemArg, 'i32 i32 ->', 2], ['i64.store', 0x37, I.MemArg, 'i32 i64 ->', 3],
  ['f32.store', 0x38, I.MemArg, 'i32 f32 ->', 2], ['f64.store', 0x39, I.MemArg, 'i32 f64 ->', 3],
  ['i32.store8', 0x3a, I.MemArg, 'i32 i32 ->', 0], ['i32.store16', 0x3b, I.MemArg, 'i32 i32 ->', 1],
  ['i64.store8', 0x3c, I.MemArg, 'i32 i64 ->', 0], ['i64.store16', 0x3d, I.MemArg, 'i32 i64 ->', 1],
  ['i64.store32', 0x3e, I.MemArg, 'i32 i64 ->', 2],
  ['memory.size', 0x3f, I.Memory, '-> i32'], ['memory.grow', 0x40, I.Memory, 'i32 -> i32'],
  ['i32.const', 0x41, I.I32, '-> i32'], ['i64.const', 0x42, I.I64, '-> i64'],
  ['f32.const', 0x43, I.F32, '-> f32'], ['f64.const', 0x44, I.F64, '-> f64'],
];

/** Rows for families of numeric operators sharing a signature, from a start opcode. */
function family(prefix: string, names: string, start: number, sig: string): Row[] {
  return names.split(' ').map((n, i) => [`${prefix}.${n}`, start + i, I.None, sig]);
}

const NUMERIC: Row[] = [
  ['i32.eqz', 0x45, I.None, 'i32 -> i32'],
  ...family('i32', 'eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u', 0x46, 'i32 i32 -> i32'),
  ['i64.eqz', 0x50, I.None, 'i64 -> i32'],
  ...family('i64', 'eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u', 0x51, 'i64 i64 -> i32'),
  ...family('f32', 'eq ne lt gt le ge', 0x5b, 'f32 f32 -> i32'),
  ...family('f64', 'eq ne lt gt le ge', 0x61, 'f64 f64 -> i32'),
  ...family('i32', 'clz ctz popcnt', 0x67, 'i32 -> i32'),
  ...family('i32', 'add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr', 0x6a, 'i32 i32 -> i32'),
  ...family('i64', 'clz ctz popcnt', 0x79, 'i64 -> i64'),
  ...family('i64', 'add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr', 0x7c, 'i64 i64 -> i64'),
  ...family('f32', 'abs neg ceil floor trunc nearest sqrt', 0x8b, 'f32 -> f32'),
  ...family('f32', 'add sub mul div min max copysign', 0x92, 'f32 f32 -> f32'),
  ...family('f64', 'abs neg ceil floor trunc nearest sqrt', 0x99, 'f64 -> f64'),
  ...family('f64', 'add sub mul div min max copysign', 0xa0, 'f64 f64 -> f64'),
  ['i32.wrap_i64', 0xa7, I.None, 'i64 -> i32'],
  ['i32.trunc_f32_s', 0xa8, I.None, 'f32 -> i32'], ['i32.trunc_f32_u', 0xa9, I.None, 'f32 -> i32'],
  ['i32.trunc_f64_s', 0xaa, I.None, 'f64 -> i32'], ['i32.trunc_f64_u', 0xab, I.None, 'f64 -> i32'],
  ['i64.extend_i32_s', 0xac, I.None, 'i32 -> i64'], ['i64.extend_i32_u', 0xad, I.None, 'i32 -> i64'],
  ['i64.trunc_f32_s', 0xae, I.None, 'f32 -> i64'], ['i64.trunc_f32_u', 0xaf, I.None, 'f32 -> i64'],
  ['i64.trunc_f64_s', 0xb0, I.None, 'f64 -> i64'], ['i64.trunc_f64_u', 0xb1, I.None, 'f64 -> i64'],
  ['f32.convert_i32_s', 0xb2, I.None, 'i32 -> f32'], ['f32.convert_i32_u', 0xb3, I.None, 'i32 -> f32'],
  ['f32.convert_i64_s', 0xb4, I.None, 'i64 -> f32'], ['f32.convert_i64_u', 0xb5, I.None, 'i64 -> f32'],
  ['f32.demote_f64', 0xb6, I.None, 'f64 -> f32'],
  ['f64.convert_i32_s', 0xb7, I.None, 'i32 -> f64'], ['f64.convert_i32_u', 0xb8, I.None, 'i32 -> f64'],
  ['f64.convert_i64_s', 0xb9, I.None, 'i64 -> f64'], ['f64.convert_i64_u', 0xba, I.None, 'i64 -> f64'],
  ['f64.promote_f32', 0xbb, I.None, 'f32 -> f64'],
  ['i32.reinterpret_f32', 0xbc, I.None, 'f32 -> i32'], ['i64.reinterpret_f64', 0xbd, I.None, 'f64 -> i64'],
  ['f32.reinterpret_i32', 0xbe, I.None, 'i32 -> f32'], ['f64.reinterpret_i64', 0xbf, I.None, 'i64 -> f64'],
];

const SIGN_EXTENSION: Row[] = [
  ['i32.extend8_s', 0xc0, I.None, 'i32 -> i32'], ['i32.extend16_s', 0xc1, I.None, 'i32 -> i32'],
  ['i64.extend8_s', 0xc2, I.None, 'i64 -> i64'], ['i64.extend16_s', 0xc3, I.None, 'i64 -> i64'],
  ['i64.extend32_s', 0xc4, I.None, 'i64 -> i64'],
];

const REFERENCE_TYPES: Row[] = [
  ['select_t', 0x1c, I.SelectT], ['table.get', 0x25, I.Table], ['table.set', 0x26, I.Table],
  ['ref.null', 0xd0, I.RefType], ['ref.is_null', 0xd1], ['ref.func', 0xd2, I.Func],
];

/** 0xFC-prefixed operators. */
const SATURATING: Row[] = [
  ['i32.trunc_sat_f32_s', 0, I.None, 'f32 -> i32'], ['i32.trunc_sat_f32_u', 1, I.None, 'f32 -> i32'],
  ['i32.trunc_sat_f64_s', 2, I.None, 'f64 -> i32'], ['i32.trunc_sat_f64_u', 3, I.None, 'f64 -> i32'],
  ['i64.trunc_sat_f32_s', 4, I.None, 'f32 -> i64'], ['i64.trunc_sat_f32_u', 5, I.None, 'f32 -> i64'],
  ['i64.trunc_sat_f64_s', 6, I.None, 'f64 -> i64'], ['i64.trunc_sat_f64_u', 7, I.None, 'f64 -> i64'],
];
const BULK_MEMORY: Row[] = [
  ['memory.init', 8, I.MemoryInit, 'i32 i32 i32 ->'], ['data.drop', 9, I.Data, '->'],
  ['memory.copy', 10, I.MemoryCopy, 'i32 i32 i32 ->'], ['memory.fill', 11, I.Memory, 'i32 i32 i32 ->'],
  ['table.init', 12, I.TableInit], ['elem.drop', 13, I.Elem, '->'], ['table.copy', 14, I.TableCopy],
];
const TABLE_FC: Row[] = [['table.grow', 15, I.Table], ['table.size', 16, I.Table], ['table.fill', 17, I.Table]];

const FREE = new Set(['nop', 'drop', 'block', 'loop', 'unreachable', 'return', 'else', 'end']);

export const OPS: OpInfo[] = [];
function add(rows: Row[], prefix: number, feature: Feature | undefined): void {
  for (const [name, code, imm = I.None, sig, natAlign = 0] of rows) {
    OPS.push({ id: OPS.length, name, prefix, code, imm, sig, feature, natAlign, fuel: FREE.has(name) ? 0 : 1 });
  }
}
add(MVP, 0, undefined);
add(NUMERIC, 0, undefined);
add(SIGN_EXTENSION, 0, 'signExtension');
add(REFERENCE_TYPES, 0, 'referenceTypes');
add(SATURATING, 0xfc, 'saturatingFloatToInt');
add(BULK_MEMORY, 0xfc, 'bulkMemory');
add(TABLE_FC, 0xfc, 'referenceTypes');

/** Op ids by mnemonic (`select` with types is `select_t`). */
export const Op: Readonly<Record<string, number>> = Object.fromEntries(OPS.map((o) => [o.name, o.id]));

/** Op id by single-byte opcode, -1 where none. */
export const OP_BY_BYTE = new Int16Array(256).fill(-1);
/** Op id by 0xFC sub-opcode, -1 where none. */
export const OP_BY_FC = new Int16Array(32).fill(-1);
for (const o of OPS) {
  if (o.prefix === 0) OP_BY_BYTE[o.code] = o.id;
  else if (o.prefix === 0xfc) OP_BY_FC[o.code] = o.id;
}

/** Parsed stack signature of a plain operator. */
export interface Signature {
  params: number[];
  results: number[];
}
const TYPE_CODES: Record<string, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };
/** Signatures by op id (undefined for operators with a validator rule of their own). */
export const SIGNATURES: (Signature | undefined)[] = OPS.map((o) => {
  if (o.sig === undefined) return undefined;
  const [lhs, rhs] = o.sig.split('->');
  const parse = (s: string | undefined) => (s ?? '').trim().split(/\s+/).filter(Boolean).map((t) => TYPE_CODES[t]!);
  return { params: parse(lhs), results: parse(rhs) };
});
