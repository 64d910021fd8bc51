/**
 * The cold handlers of the dispatch loop (`run.ts`): instructions the hot loops of typical programs rarely or
 * never execute — reference and table operations, bulk memory, `memory.size`/`memory.grow`, float rounding,
 * min/max/copysign, truncations and the rarer conversions, bit counts, sign extensions. `run` reaches them through
 * its `default:` case. V8 optimises `run` only by on-stack replacement, and every TurboFan compile of it costs
 * time that grows with the handlers that have type feedback; a handler reached for the first time without
 * feedback deopts the whole loop. Out here they cost one call, and the loop stays small and stable.
 * A trap thrown here leaves `run`'s `pc` on the instruction, so fuel and backtraces come out as before; `run`
 * stores its fuel in the context before the call (a resource limiter may look at it during `memory.grow`) and
 * re-reads the memory view after it.
 */
import type { InstanceState, MemoryInstance } from '../runtime/instances.js';
import { I } from '../compile/isa.js';
import * as I64 from './i64-ops.js';
import { dataDrop, memoryCopy, memoryFill, memoryInit } from './memory-ops.js';
import * as S from './semantics.js';
import type { ValueStack } from './stack.js';
import { elemDrop, tableCopy, tableFill, tableGet, tableGrow, tableInit, tableSet } from './table-ops.js';

/**
 * Execute the cold instruction at `pc` in `code` for the frame at slot `fp` of `stack` (`u64`: the unsigned view
 * of the same buffer) in instance `inst` with memory `mem`; returns the next `pc`.
 */
export function runCold(
  code: Int32Array,
  pc: number,
  fp: number,
  stack: ValueStack,
  u64: BigUint64Array,
  inst: InstanceState,
  mem: MemoryInstance | undefined,
): number {
  const i32 = stack.i32;
  const f32 = stack.f32;
  const f64 = stack.f64;
  const i64 = stack.i64;
  const refs = stack.refs;
  switch (code[pc]) {
    // ---- references ----
    case I.SELECT_REF:
      refs[fp + code[pc + 1]] = i32[(fp + code[pc + 4]) << 1] !== 0 ? refs[fp + code[pc + 2]] : refs[fp + code[pc + 3]];
      return pc + 5;
    case I.GLOBAL_GET_REF:
      refs[fp + code[pc + 1]] = inst.globals[code[pc + 2]]!.ref;
      return pc + 3;
    case I.GLOBAL_SET_REF:
      inst.globals[code[pc + 1]]!.ref = refs[fp + code[pc + 2]];
      return pc + 3;
    case I.REF_NULL:
      refs[fp + code[pc + 1]] = null;
      return pc + 2;
    case I.REF_IS_NULL:
      i32[(fp + code[pc + 1]) << 1] = refs[fp + code[pc + 2]] === null ? 1 : 0;
      return pc + 3;
    case I.REF_FUNC:
      refs[fp + code[pc + 1]] = inst.funcs[code[pc + 2]];
      return pc + 3;
    // ---- bit counts, rotates right, sign extensions ----
    case I.I32_CLZ:
      i32[(fp + code[pc + 1]) << 1] = Math.clz32(i32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.I32_CTZ:
      i32[(fp + code[pc + 1]) << 1] = S.i32_ctz(i32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.I32_POPCNT:
      i32[(fp + code[pc + 1]) << 1] = S.i32_popcnt(i32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.I32_ROTR: {
      const x = i32[(fp + code[pc + 2]) << 1];
      const k = i32[(fp + code[pc + 3]) << 1];
      i32[(fp + code[pc + 1]) << 1] = (x >>> k) | (x << (32 - k));
      return pc + 4;
    }
    case I.I32_EXTEND8_S:
      i32[(fp + code[pc + 1]) << 1] = (i32[(fp + code[pc + 2]) << 1] << 24) >> 24;
      return pc + 3;
    case I.I32_EXTEND16_S:
      i32[(fp + code[pc + 1]) << 1] = (i32[(fp + code[pc + 2]) << 1] << 16) >> 16;
      return pc + 3;
    case I.I64_CLZ: {
      const a = (fp + code[pc + 2]) << 1;
      const d = (fp + code[pc + 1]) << 1;
      i32[d] = S.i64_clz(i32[a], i32[a + 1]);
      i32[d + 1] = 0;
      return pc + 3;
    }
    case I.I64_CTZ: {
      const a = (fp + code[pc + 2]) << 1;
      const d = (fp + code[pc + 1]) << 1;
      i32[d] = S.i64_ctz(i32[a], i32[a + 1]);
      i32[d + 1] = 0;
      return pc + 3;
    }
    case I.I64_POPCNT: {
      const a = (fp + code[pc + 2]) << 1;
      const d = (fp + code[pc + 1]) << 1;
      i32[d] = S.i32_popcnt(i32[a]) + S.i32_popcnt(i32[a + 1]);
      i32[d + 1] = 0;
      return pc + 3;
    }
    case I.I64_ROTR:
      I64.i64_rotl(i32, (fp + code[pc + 1]) << 1, (fp + code[pc + 2]) << 1, 64 - (i32[(fp + code[pc + 3]) << 1] & 63));
      return pc + 4;
    case I.I64_EXTEND8_S: {
      const x = i32[(fp + code[pc + 2]) << 1];
      const v = (x << 24) >> 24;
      const d = (fp + code[pc + 1]) << 1;
      i32[d] = v;
      i32[d + 1] = v >> 31;
      return pc + 3;
    }
    case I.I64_EXTEND16_S: {
      const x = i32[(fp + code[pc + 2]) << 1];
      const v = (x << 16) >> 16;
      const d = (fp + code[pc + 1]) << 1;
      i32[d] = v;
      i32[d + 1] = v >> 31;
      return pc + 3;
    }
    case I.I64_EXTEND32_S: {
      const x = i32[(fp + code[pc + 2]) << 1];
      const v = x;
      const d = (fp + code[pc + 1]) << 1;
      i32[d] = v;
      i32[d + 1] = v >> 31;
      return pc + 3;
    }
    // ---- float rounding, min/max, copysign ----
    case I.F32_CEIL:
      f32[(fp + code[pc + 1]) << 1] = Math.ceil(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.F32_FLOOR:
      f32[(fp + code[pc + 1]) << 1] = Math.floor(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.F32_TRUNC:
      f32[(fp + code[pc + 1]) << 1] = Math.trunc(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.F32_NEAREST:
      f32[(fp + code[pc + 1]) << 1] = S.nearest(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.F32_SQRT:
      f32[(fp + code[pc + 1]) << 1] = Math.sqrt(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.F32_MIN:
      f32[(fp + code[pc + 1]) << 1] = Math.min(f32[(fp + code[pc + 2]) << 1], f32[(fp + code[pc + 3]) << 1]);
      return pc + 4;
    case I.F32_MAX:
      f32[(fp + code[pc + 1]) << 1] = Math.max(f32[(fp + code[pc + 2]) << 1], f32[(fp + code[pc + 3]) << 1]);
      return pc + 4;
    case I.F32_COPYSIGN:
      i32[(fp + code[pc + 1]) << 1] =
        (i32[(fp + code[pc + 2]) << 1] & 0x7fffffff) | (i32[(fp + code[pc + 3]) << 1] & -0x80000000);
      return pc + 4;
    case I.F64_CEIL: {
      const r = Math.ceil(f64[fp + code[pc + 2]]);
      f64[fp + code[pc + 1]] = r === r ? r : NaN; // a signalling NaN comes back unquieted: wasm wants it quiet
      return pc + 3;
    }
    case I.F64_FLOOR: {
      const r = Math.floor(f64[fp + code[pc + 2]]);
      f64[fp + code[pc + 1]] = r === r ? r : NaN; // a signalling NaN comes back unquieted: wasm wants it quiet
      return pc + 3;
    }
    case I.F64_TRUNC: {
      const r = Math.trunc(f64[fp + code[pc + 2]]);
      f64[fp + code[pc + 1]] = r === r ? r : NaN; // a signalling NaN comes back unquieted: wasm wants it quiet
      return pc + 3;
    }
    case I.F64_NEAREST:
      f64[fp + code[pc + 1]] = S.nearest(f64[fp + code[pc + 2]]);
      return pc + 3;
    case I.F64_MIN:
      f64[fp + code[pc + 1]] = Math.min(f64[fp + code[pc + 2]], f64[fp + code[pc + 3]]);
      return pc + 4;
    case I.F64_MAX:
      f64[fp + code[pc + 1]] = Math.max(f64[fp + code[pc + 2]], f64[fp + code[pc + 3]]);
      return pc + 4;
    case I.F64_COPYSIGN: {
      const a = (fp + code[pc + 2]) << 1;
      const b = (fp + code[pc + 3]) << 1;
      const d = (fp + code[pc + 1]) << 1;
      const lo = i32[a];
      const hi = (i32[a + 1] & 0x7fffffff) | (i32[b + 1] & -0x80000000);
      i32[d] = lo;
      i32[d + 1] = hi;
      return pc + 4;
    }
    // ---- truncations and the rarer conversions ----
    case I.I32_TRUNC_F32_S:
      i32[(fp + code[pc + 1]) << 1] = S.i32_trunc_s(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.I32_TRUNC_F32_U:
      i32[(fp + code[pc + 1]) << 1] = S.i32_trunc_u(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.I32_TRUNC_F64_S:
      i32[(fp + code[pc + 1]) << 1] = S.i32_trunc_s(f64[fp + code[pc + 2]]);
      return pc + 3;
    case I.I32_TRUNC_F64_U:
      i32[(fp + code[pc + 1]) << 1] = S.i32_trunc_u(f64[fp + code[pc + 2]]);
      return pc + 3;
    case I.I64_TRUNC_F32_S:
      i64[fp + code[pc + 1]] = S.i64_trunc_s(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.I64_TRUNC_F32_U:
      i64[fp + code[pc + 1]] = S.i64_trunc_u(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.I64_TRUNC_F64_S:
      i64[fp + code[pc + 1]] = S.i64_trunc_s(f64[fp + code[pc + 2]]);
      return pc + 3;
    case I.I64_TRUNC_F64_U:
      i64[fp + code[pc + 1]] = S.i64_trunc_u(f64[fp + code[pc + 2]]);
      return pc + 3;
    case I.F32_CONVERT_I32_S:
      f32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1];
      return pc + 3;
    case I.F32_CONVERT_I32_U:
      f32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >>> 0;
      return pc + 3;
    case I.F32_CONVERT_I64_S:
      f32[(fp + code[pc + 1]) << 1] = S.f32_convert_i64_s(i64[fp + code[pc + 2]]);
      return pc + 3;
    case I.F32_CONVERT_I64_U:
      f32[(fp + code[pc + 1]) << 1] = S.f32_convert_i64_u(i64[fp + code[pc + 2]]);
      return pc + 3;
    case I.F32_DEMOTE_F64:
      f32[(fp + code[pc + 1]) << 1] = f64[fp + code[pc + 2]];
      return pc + 3;
    case I.F64_CONVERT_I64_S:
      f64[fp + code[pc + 1]] = Number(i64[fp + code[pc + 2]]);
      return pc + 3;
    case I.F64_CONVERT_I64_U:
      f64[fp + code[pc + 1]] = Number(u64[fp + code[pc + 2]]);
      return pc + 3;
    case I.F64_PROMOTE_F32:
      f64[fp + code[pc + 1]] = f32[(fp + code[pc + 2]) << 1];
      return pc + 3;
    case I.I32_TRUNC_SAT_F32_S:
      i32[(fp + code[pc + 1]) << 1] = S.i32_trunc_sat_s(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.I32_TRUNC_SAT_F32_U:
      i32[(fp + code[pc + 1]) << 1] = S.i32_trunc_sat_u(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.I32_TRUNC_SAT_F64_S:
      i32[(fp + code[pc + 1]) << 1] = S.i32_trunc_sat_s(f64[fp + code[pc + 2]]);
      return pc + 3;
    case I.I32_TRUNC_SAT_F64_U:
      i32[(fp + code[pc + 1]) << 1] = S.i32_trunc_sat_u(f64[fp + code[pc + 2]]);
      return pc + 3;
    case I.I64_TRUNC_SAT_F32_S:
      i64[fp + code[pc + 1]] = S.i64_trunc_sat_s(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.I64_TRUNC_SAT_F32_U:
      i64[fp + code[pc + 1]] = S.i64_trunc_sat_u(f32[(fp + code[pc + 2]) << 1]);
      return pc + 3;
    case I.I64_TRUNC_SAT_F64_S:
      i64[fp + code[pc + 1]] = S.i64_trunc_sat_s(f64[fp + code[pc + 2]]);
      return pc + 3;
    case I.I64_TRUNC_SAT_F64_U:
      i64[fp + code[pc + 1]] = S.i64_trunc_sat_u(f64[fp + code[pc + 2]]);
      return pc + 3;
    // ---- memory size and growth, bulk memory ----
    case I.MEMORY_SIZE:
      i32[(fp + code[pc + 1]) << 1] = mem!.byteLength / 65536;
      return pc + 2;
    case I.MEMORY_GROW: {
      const m = mem!;
      i32[(fp + code[pc + 1]) << 1] = m.grow(i32[(fp + code[pc + 2]) << 1] >>> 0);
      return pc + 3;
    }
    case I.MEMORY_INIT:
      memoryInit(inst, mem!, code[pc + 1], i32[(fp + code[pc + 2]) << 1], i32[(fp + code[pc + 3]) << 1], i32[(fp + code[pc + 4]) << 1]);
      return pc + 5;
    case I.DATA_DROP:
      dataDrop(inst, code[pc + 1]);
      return pc + 2;
    case I.MEMORY_COPY:
      memoryCopy(mem!, i32[(fp + code[pc + 1]) << 1], i32[(fp + code[pc + 2]) << 1], i32[(fp + code[pc + 3]) << 1]);
      return pc + 4;
    case I.MEMORY_FILL:
      memoryFill(mem!, i32[(fp + code[pc + 1]) << 1], i32[(fp + code[pc + 2]) << 1], i32[(fp + code[pc + 3]) << 1]);
      return pc + 4;
    // ---- tables ----
    case I.TABLE_GET:
      refs[fp + code[pc + 1]] = tableGet(inst.tables[code[pc + 2]]!, i32[(fp + code[pc + 3]) << 1]);
      return pc + 4;
    case I.TABLE_SET:
      tableSet(inst.tables[code[pc + 1]]!, i32[(fp + code[pc + 2]) << 1], refs[fp + code[pc + 3]]);
      return pc + 4;
    case I.TABLE_SIZE:
      i32[(fp + code[pc + 1]) << 1] = inst.tables[code[pc + 2]]!.elements.length;
      return pc + 3;
    case I.TABLE_GROW:
      i32[(fp + code[pc + 1]) << 1] = tableGrow(inst.tables[code[pc + 2]]!, refs[fp + code[pc + 3]], i32[(fp + code[pc + 4]) << 1]);
      return pc + 5;
    case I.TABLE_FILL:
      tableFill(inst.tables[code[pc + 1]]!, i32[(fp + code[pc + 2]) << 1], refs[fp + code[pc + 3]], i32[(fp + code[pc + 4]) << 1]);
      return pc + 5;
    case I.TABLE_COPY:
      tableCopy(
        inst.tables[code[pc + 1]]!,
        inst.tables[code[pc + 2]]!,
        i32[(fp + code[pc + 3]) << 1],
        i32[(fp + code[pc + 4]) << 1],
        i32[(fp + code[pc + 5]) << 1],
      );
      return pc + 6;
    case I.TABLE_INIT:
      tableInit(
        inst,
        inst.tables[code[pc + 2]]!,
        code[pc + 1],
        i32[(fp + code[pc + 3]) << 1],
        i32[(fp + code[pc + 4]) << 1],
        i32[(fp + code[pc + 5]) << 1],
      );
      return pc + 6;
    case I.ELEM_DROP:
      elemDrop(inst, code[pc + 1]);
      return pc + 2;
    default:
      throw new Error(`weft: bad instruction ${code[pc]} at ${pc}`);
  }
}
