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
  /** v128.const: 16 bytes. */
  V128: 23,
  /** extract_lane / replace_lane: one lane index byte. */
  Lane: 24,
  /** i8x16.shuffle: 16 lane index bytes. */
  Shuffle: 25,
  /** v128.loadN_lane / storeN_lane: a memarg, then a lane index byte. */
  MemArgLane: 26,
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

/**
 * 0xFD-prefixed operators (fixed-width SIMD), in sub-opcode order. Not in `OPS` yet: the decoder, validator and
 * compiler get them when SIMD is implemented (`add(SIMD, 0xfd, 'simd')` and OP_BY_FD); the text format already
 * reads and writes them from `SIMD_OPS`.
 */
const V = 'v128';
const SIMD: Row[] = [
  ['v128.load', 0x00, I.MemArg, 'i32 -> v128', 4],
  ['v128.load8x8_s', 0x01, I.MemArg, 'i32 -> v128', 3], ['v128.load8x8_u', 0x02, I.MemArg, 'i32 -> v128', 3],
  ['v128.load16x4_s', 0x03, I.MemArg, 'i32 -> v128', 3], ['v128.load16x4_u', 0x04, I.MemArg, 'i32 -> v128', 3],
  ['v128.load32x2_s', 0x05, I.MemArg, 'i32 -> v128', 3], ['v128.load32x2_u', 0x06, I.MemArg, 'i32 -> v128', 3],
  ['v128.load8_splat', 0x07, I.MemArg, 'i32 -> v128', 0], ['v128.load16_splat', 0x08, I.MemArg, 'i32 -> v128', 1],
  ['v128.load32_splat', 0x09, I.MemArg, 'i32 -> v128', 2], ['v128.load64_splat', 0x0a, I.MemArg, 'i32 -> v128', 3],
  ['v128.store', 0x0b, I.MemArg, 'i32 v128 ->', 4],
  ['v128.const', 0x0c, I.V128, '-> v128'], ['i8x16.shuffle', 0x0d, I.Shuffle, 'v128 v128 -> v128'],
  ['i8x16.swizzle', 0x0e, I.None, 'v128 v128 -> v128'],
  ['i8x16.splat', 0x0f, I.None, 'i32 -> v128'], ['i16x8.splat', 0x10, I.None, 'i32 -> v128'],
  ['i32x4.splat', 0x11, I.None, 'i32 -> v128'], ['i64x2.splat', 0x12, I.None, 'i64 -> v128'],
  ['f32x4.splat', 0x13, I.None, 'f32 -> v128'], ['f64x2.splat', 0x14, I.None, 'f64 -> v128'],
  ['i8x16.extract_lane_s', 0x15, I.Lane, 'v128 -> i32'], ['i8x16.extract_lane_u', 0x16, I.Lane, 'v128 -> i32'],
  ['i8x16.replace_lane', 0x17, I.Lane, 'v128 i32 -> v128'],
  ['i16x8.extract_lane_s', 0x18, I.Lane, 'v128 -> i32'], ['i16x8.extract_lane_u', 0x19, I.Lane, 'v128 -> i32'],
  ['i16x8.replace_lane', 0x1a, I.Lane, 'v128 i32 -> v128'],
  ['i32x4.extract_lane', 0x1b, I.Lane, 'v128 -> i32'], ['i32x4.replace_lane', 0x1c, I.Lane, 'v128 i32 -> v128'],
  ['i64x2.extract_lane', 0x1d, I.Lane, 'v128 -> i64'], ['i64x2.replace_lane', 0x1e, I.Lane, 'v128 i64 -> v128'],
  ['f32x4.extract_lane', 0x1f, I.Lane, 'v128 -> f32'], ['f32x4.replace_lane', 0x20, I.Lane, 'v128 f32 -> v128'],
  ['f64x2.extract_lane', 0x21, I.Lane, 'v128 -> f64'], ['f64x2.replace_lane', 0x22, I.Lane, 'v128 f64 -> v128'],
  ...family('i8x16', 'eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u', 0x23, `${V} ${V} -> ${V}`),
  ...family('i16x8', 'eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u', 0x2d, `${V} ${V} -> ${V}`),
  ...family('i32x4', 'eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u', 0x37, `${V} ${V} -> ${V}`),
  ...family('f32x4', 'eq ne lt gt le ge', 0x41, `${V} ${V} -> ${V}`),
  ...family('f64x2', 'eq ne lt gt le ge', 0x47, `${V} ${V} -> ${V}`),
  ['v128.not', 0x4d, I.None, `${V} -> ${V}`],
  ...family('v128', 'and andnot or xor', 0x4e, `${V} ${V} -> ${V}`),
  ['v128.bitselect', 0x52, I.None, `${V} ${V} ${V} -> ${V}`], ['v128.any_true', 0x53, I.None, `${V} -> i32`],
  ['v128.load8_lane', 0x54, I.MemArgLane, 'i32 v128 -> v128', 0], ['v128.load16_lane', 0x55, I.MemArgLane, 'i32 v128 -> v128', 1],
  ['v128.load32_lane', 0x56, I.MemArgLane, 'i32 v128 -> v128', 2], ['v128.load64_lane', 0x57, I.MemArgLane, 'i32 v128 -> v128', 3],
  ['v128.store8_lane', 0x58, I.MemArgLane, 'i32 v128 ->', 0], ['v128.store16_lane', 0x59, I.MemArgLane, 'i32 v128 ->', 1],
  ['v128.store32_lane', 0x5a, I.MemArgLane, 'i32 v128 ->', 2], ['v128.store64_lane', 0x5b, I.MemArgLane, 'i32 v128 ->', 3],
  ['v128.load32_zero', 0x5c, I.MemArg, 'i32 -> v128', 2], ['v128.load64_zero', 0x5d, I.MemArg, 'i32 -> v128', 3],
  ['f32x4.demote_f64x2_zero', 0x5e, I.None, `${V} -> ${V}`], ['f64x2.promote_low_f32x4', 0x5f, I.None, `${V} -> ${V}`],
  ...family('i8x16', 'abs neg popcnt', 0x60, `${V} -> ${V}`),
  ['i8x16.all_true', 0x63, I.None, `${V} -> i32`], ['i8x16.bitmask', 0x64, I.None, `${V} -> i32`],
  ...family('i8x16', 'narrow_i16x8_s narrow_i16x8_u', 0x65, `${V} ${V} -> ${V}`),
  ...family('f32x4', 'ceil floor trunc nearest', 0x67, `${V} -> ${V}`),
  ...family('i8x16', 'shl shr_s shr_u', 0x6b, `${V} i32 -> ${V}`),
  ...family('i8x16', 'add add_sat_s add_sat_u sub sub_sat_s sub_sat_u', 0x6e, `${V} ${V} -> ${V}`),
  ...family('f64x2', 'ceil floor', 0x74, `${V} -> ${V}`),
  ...family('i8x16', 'min_s min_u max_s max_u', 0x76, `${V} ${V} -> ${V}`),
  ['f64x2.trunc', 0x7a, I.None, `${V} -> ${V}`], ['i8x16.avgr_u', 0x7b, I.None, `${V} ${V} -> ${V}`],
  ...family('i16x8', 'extadd_pairwise_i8x16_s extadd_pairwise_i8x16_u', 0x7c, `${V} -> ${V}`),
  ...family('i32x4', 'extadd_pairwise_i16x8_s extadd_pairwise_i16x8_u', 0x7e, `${V} -> ${V}`),
  ...family('i16x8', 'abs neg', 0x80, `${V} -> ${V}`), ['i16x8.q15mulr_sat_s', 0x82, I.None, `${V} ${V} -> ${V}`],
  ['i16x8.all_true', 0x83, I.None, `${V} -> i32`], ['i16x8.bitmask', 0x84, I.None, `${V} -> i32`],
  ...family('i16x8', 'narrow_i32x4_s narrow_i32x4_u', 0x85, `${V} ${V} -> ${V}`),
  ...family('i16x8', 'extend_low_i8x16_s extend_high_i8x16_s extend_low_i8x16_u extend_high_i8x16_u', 0x87, `${V} -> ${V}`),
  ...family('i16x8', 'shl shr_s shr_u', 0x8b, `${V} i32 -> ${V}`),
  ...family('i16x8', 'add add_sat_s add_sat_u sub sub_sat_s sub_sat_u', 0x8e, `${V} ${V} -> ${V}`),
  ['f64x2.nearest', 0x94, I.None, `${V} -> ${V}`],
  ...family('i16x8', 'mul min_s min_u max_s max_u', 0x95, `${V} ${V} -> ${V}`),
  ['i16x8.avgr_u', 0x9b, I.None, `${V} ${V} -> ${V}`],
  ...family('i16x8', 'extmul_low_i8x16_s extmul_high_i8x16_s extmul_low_i8x16_u extmul_high_i8x16_u', 0x9c, `${V} ${V} -> ${V}`),
  ...family('i32x4', 'abs neg', 0xa0, `${V} -> ${V}`),
  ['i32x4.all_true', 0xa3, I.None, `${V} -> i32`], ['i32x4.bitmask', 0xa4, I.None, `${V} -> i32`],
  ...family('i32x4', 'extend_low_i16x8_s extend_high_i16x8_s extend_low_i16x8_u extend_high_i16x8_u', 0xa7, `${V} -> ${V}`),
  ...family('i32x4', 'shl shr_s shr_u', 0xab, `${V} i32 -> ${V}`),
  ['i32x4.add', 0xae, I.None, `${V} ${V} -> ${V}`], ['i32x4.sub', 0xb1, I.None, `${V} ${V} -> ${V}`],
  ...family('i32x4', 'mul min_s min_u max_s max_u dot_i16x8_s', 0xb5, `${V} ${V} -> ${V}`),
  ...family('i32x4', 'extmul_low_i16x8_s extmul_high_i16x8_s extmul_low_i16x8_u extmul_high_i16x8_u', 0xbc, `${V} ${V} -> ${V}`),
  ...family('i64x2', 'abs neg', 0xc0, `${V} -> ${V}`),
  ['i64x2.all_true', 0xc3, I.None, `${V} -> i32`], ['i64x2.bitmask', 0xc4, I.None, `${V} -> i32`],
  ...family('i64x2', 'extend_low_i32x4_s extend_high_i32x4_s extend_low_i32x4_u extend_high_i32x4_u', 0xc7, `${V} -> ${V}`),
  ...family('i64x2', 'shl shr_s shr_u', 0xcb, `${V} i32 -> ${V}`),
  ['i64x2.add', 0xce, I.None, `${V} ${V} -> ${V}`], ['i64x2.sub', 0xd1, I.None, `${V} ${V} -> ${V}`],
  ['i64x2.mul', 0xd5, I.None, `${V} ${V} -> ${V}`],
  ...family('i64x2', 'eq ne lt_s gt_s le_s ge_s', 0xd6, `${V} ${V} -> ${V}`),
  ...family('i64x2', 'extmul_low_i32x4_s extmul_high_i32x4_s extmul_low_i32x4_u extmul_high_i32x4_u', 0xdc, `${V} ${V} -> ${V}`),
  ...family('f32x4', 'abs neg', 0xe0, `${V} -> ${V}`), ['f32x4.sqrt', 0xe3, I.None, `${V} -> ${V}`],
  ...family('f32x4', 'add sub mul div min max pmin pmax', 0xe4, `${V} ${V} -> ${V}`),
  ...family('f64x2', 'abs neg', 0xec, `${V} -> ${V}`), ['f64x2.sqrt', 0xef, I.None, `${V} -> ${V}`],
  ...family('f64x2', 'add sub mul div min max pmin pmax', 0xf0, `${V} ${V} -> ${V}`),
  ...family('i32x4', 'trunc_sat_f32x4_s trunc_sat_f32x4_u', 0xf8, `${V} -> ${V}`),
  ...family('f32x4', 'convert_i32x4_s convert_i32x4_u', 0xfa, `${V} -> ${V}`),
  ...family('i32x4', 'trunc_sat_f64x2_s_zero trunc_sat_f64x2_u_zero', 0xfc, `${V} -> ${V}`),
  ...family('f64x2', 'convert_low_i32x4_s convert_low_i32x4_u', 0xfe, `${V} -> ${V}`),
];

/** The SIMD operators (prefix 0xFD), with ids after `OPS`; see `SIMD` above. */
export const SIMD_OPS: OpInfo[] = SIMD.map(([name, code, imm = I.None, sig, natAlign = 0], i) => ({
  id: OPS.length + i,
  name,
  prefix: 0xfd,
  code,
  imm,
  sig,
  feature: 'simd' as const,
  natAlign,
  fuel: 1,
}));

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
