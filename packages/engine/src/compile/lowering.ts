/**
 * Tables that drive the compiler's lowering, derived once from the opcode table (`binary/opcodes.ts`) and the
 * instruction set (`isa.ts`): for every wasm operator, how it is lowered (`LK`, a small const enum so the compiler
 * switches over dense integers), which internal instruction implements a plain operator, its result type, its
 * immediate-operand and swapped-operand variants, and which internal instructions can trap (their code positions
 * are recorded for backtraces).
 */
import { OPS, SIGNATURES } from '../binary/opcodes.js';
import { I, ISA } from './isa.js';

/** How an operator is lowered. */
export const enum LK {
  Unsupported,
  Unreachable, Nop, Block, Loop, If, Else, End, Br, BrIf, BrTable, Return, Call, CallIndirect,
  Drop, Select, LocalGet, LocalSet, LocalTee, GlobalGet, GlobalSet,
  Load, Store, MemorySize, MemoryGrow, I32Const, I64Const, F32Const, F64Const,
  /** One operand, one result: `OP d s`. */
  Unary,
  /** Two operands, one result: `OP d a b`. */
  Binary,
  /** A no-op that only changes the operand's type (`f32.reinterpret_i32`, ...). */
  Reinterpret,
  RefNull, RefIsNull, RefFunc, TableGet, TableSet, TableSize, TableGrow, TableFill, TableCopy, TableInit, ElemDrop,
  MemoryInit, DataDrop, MemoryCopy, MemoryFill,
}

const SPECIAL: Record<string, LK> = {
  unreachable: LK.Unreachable, nop: LK.Nop, block: LK.Block, loop: LK.Loop, if: LK.If, else: LK.Else,
  end: LK.End, br: LK.Br, br_if: LK.BrIf, br_table: LK.BrTable, return: LK.Return, call: LK.Call,
  call_indirect: LK.CallIndirect, drop: LK.Drop, select: LK.Select, select_t: LK.Select,
  'local.get': LK.LocalGet, 'local.set': LK.LocalSet, 'local.tee': LK.LocalTee,
  'global.get': LK.GlobalGet, 'global.set': LK.GlobalSet, 'memory.size': LK.MemorySize,
  'memory.grow': LK.MemoryGrow, 'i32.const': LK.I32Const, 'i64.const': LK.I64Const, 'f32.const': LK.F32Const,
  'f64.const': LK.F64Const, 'i32.reinterpret_f32': LK.Reinterpret, 'i64.reinterpret_f64': LK.Reinterpret,
  'f32.reinterpret_i32': LK.Reinterpret, 'f64.reinterpret_i64': LK.Reinterpret, 'ref.null': LK.RefNull,
  'ref.is_null': LK.RefIsNull, 'ref.func': LK.RefFunc, 'table.get': LK.TableGet, 'table.set': LK.TableSet,
  'table.size': LK.TableSize, 'table.grow': LK.TableGrow, 'table.fill': LK.TableFill, 'table.copy': LK.TableCopy,
  'table.init': LK.TableInit, 'elem.drop': LK.ElemDrop, 'memory.init': LK.MemoryInit, 'data.drop': LK.DataDrop,
  'memory.copy': LK.MemoryCopy, 'memory.fill': LK.MemoryFill,
};

const ISA_BY_NAME = new Map<string, number>(ISA.map(([name], i) => [name, i]));
/** Internal instruction by name (throws on a typo, at module load). */
export function isaOp(name: string): number {
  const op = ISA_BY_NAME.get(name);
  if (op === undefined) throw new Error(`no internal instruction ${name}`);
  return op;
}

/** Lowering kind by wasm op id. */
export const LOWER_KIND = new Uint8Array(OPS.length);
/** Internal instruction by wasm op id (plain operators, loads and stores), -1 where none. */
export const LOWER_OP = new Int16Array(OPS.length).fill(-1);
/** Result type of a plain operator or load, by wasm op id (0 when none). */
export const RESULT_TYPE = new Uint8Array(OPS.length);
/** For i32 binary operators: the `_IMM` variant used when the right operand is a constant, -1 where none. */
export const IMM_OP = new Int16Array(OPS.length).fill(-1);
/**
 * For i32 binary operators whose operands may be swapped: the wasm op to use with swapped operands
 * (`lt_s a b` = `gt_s b a`; commutative operators map to themselves), -1 where none.
 */
export const SWAP_OP = new Int16Array(OPS.length).fill(-1);

/**
 * For i64 binary operators: the `I64_*_IMM` superinstruction used when the right operand is a constant (`i64.rotr`
 * by `k` is `I64_ROTL_IMM` by `64 - k`), -1 where none.
 */
export const IMM64_OP = new Int16Array(OPS.length).fill(-1);
/** i64 binary operators whose operands may be swapped (a constant left operand becomes the immediate): 1. */
export const COMMUTES_64 = new Uint8Array(OPS.length);

const SWAPPED: Record<string, string> = {
  eq: 'eq', ne: 'ne', lt_s: 'gt_s', lt_u: 'gt_u', gt_s: 'lt_s', gt_u: 'lt_u', le_s: 'ge_s', le_u: 'ge_u',
  ge_s: 'le_s', ge_u: 'le_u', add: 'add', mul: 'mul', and: 'and', or: 'or', xor: 'xor',
};
/** Index of the negated comparison (wasm order eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u): eq↔ne, lt_s↔ge_s, lt_u↔ge_u, gt_s↔le_s, gt_u↔le_u. */
const NEGATE = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3];

const byName = new Map(OPS.map((o) => [o.name, o.id]));
for (const o of OPS) {
  const special = SPECIAL[o.name];
  const sig = SIGNATURES[o.id];
  const upper = o.name.toUpperCase().replace('.', '_');
  if (special !== undefined) {
    LOWER_KIND[o.id] = special;
  } else if (sig !== undefined && ISA_BY_NAME.has(upper)) {
    LOWER_OP[o.id] = ISA_BY_NAME.get(upper)!;
    if (o.name.includes('.load')) LOWER_KIND[o.id] = LK.Load;
    else if (o.name.includes('.store')) LOWER_KIND[o.id] = LK.Store;
    else if (sig.params.length === 1) LOWER_KIND[o.id] = LK.Unary;
    else if (sig.params.length === 2) LOWER_KIND[o.id] = LK.Binary;
  }
  if (sig !== undefined && sig.results.length === 1) RESULT_TYPE[o.id] = sig.results[0]!;
  if (o.name.startsWith('i32.')) {
    const base = o.name.slice(4);
    const imm = ISA_BY_NAME.get(`I32_${base.toUpperCase()}_IMM`);
    if (imm !== undefined) IMM_OP[o.id] = imm;
    if (base === 'sub') IMM_OP[o.id] = I.I32_ADD_IMM; // x - c = x + (-c)
    const swapped = SWAPPED[base];
    if (swapped !== undefined) SWAP_OP[o.id] = byName.get(`i32.${swapped}`)!;
  }
  if (o.name.startsWith('i64.')) {
    const base = o.name.slice(4);
    const imm = ISA_BY_NAME.get(`I64_${(base === 'rotr' ? 'rotl' : base).toUpperCase()}_IMM`);
    if (imm !== undefined) IMM64_OP[o.id] = imm;
    if (base === 'add' || base === 'mul' || base === 'and' || base === 'or' || base === 'xor') COMMUTES_64[o.id] = 1;
  }
}

/** `BR_IF_I32_<cmp>` for an `I32_<cmp>` (register or `_IMM`) instruction, -1 if it is not an i32 comparison. */
export function fusedBranch(isa: number, negate: boolean): number {
  let k = isa - I.I32_EQ;
  let base: number = I.BR_IF_I32_EQ;
  if (k < 0 || k >= 10) {
    k = isa - I.I32_EQ_IMM;
    base = I.BR_IF_I32_EQ_IMM;
    if (k < 0 || k >= 10) return -1;
  }
  return base + (negate ? NEGATE[k]! : k);
}

/** Internal instructions that can trap or call: their positions go into `offsets` for backtraces. */
export const MAY_TRAP = new Uint8Array(ISA.length);
for (const [name] of ISA) {
  const trapping =
    /^(I32|I64)_(DIV|REM)_/.test(name) ||
    /^I(32|64)_TRUNC_F/.test(name) && !name.includes('_SAT_') ||
    /_(LOAD|STORE)/.test(name) ||
    /^(MEMORY|TABLE|DATA|ELEM)_/.test(name) ||
    name === 'CALL' || name === 'CALL_INDIRECT' || name === 'CALL_LOCAL' || name === 'CALL_FUEL' || name === 'UNREACHABLE' || name === 'FUEL_BULK' || name === 'EPOCH';
  if (trapping) MAY_TRAP[isaOp(name)] = 1;
}
