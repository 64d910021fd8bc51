/**
 * Raw values: how the runtime carries one wasm value outside the executor — i32 as a number, i64 as a signed
 * bigint, f32 as its bits (a uint32 number), f64 as its bits (a uint64 bigint), references as themselves
 * (`FuncInstance | null` or any host value). Reads and writes of raw values to value-stack slots and global cells
 * go through the integer views, so float bits stay exact.
 */
import { ValType } from '@weft/serialize';
import type { ValueStack } from '../exec/stack.js';
import type { GlobalInstance } from './instances.js';

/** A raw value (see the file comment); its type is always known from context. */
export type RawValue = unknown;

/** The raw value of `slot` in `stack`, read as type `type` (a `ValType` code). */
export function readSlot(stack: ValueStack, slot: number, type: number): RawValue {
  switch (type) {
    case ValType.I32:
      return stack.i32[2 * slot]!;
    case ValType.I64:
      return stack.i64[slot]!;
    case ValType.F32:
      return stack.u32[2 * slot]!;
    case ValType.F64:
      return BigInt.asUintN(64, stack.i64[slot]!);
    default:
      return stack.refs[slot];
  }
}

/** Write raw value `v` of type `type` to `slot`. */
export function writeSlot(stack: ValueStack, slot: number, type: number, v: RawValue): void {
  switch (type) {
    case ValType.I32:
    case ValType.F32:
      stack.i32[2 * slot] = v as number;
      break;
    case ValType.I64:
    case ValType.F64:
      stack.i64[slot] = BigInt.asIntN(64, v as bigint);
      break;
    default:
      stack.refs[slot] = v;
  }
}

/** The raw value of a global. */
export function readGlobal(g: GlobalInstance): RawValue {
  switch (g.type.type) {
    case ValType.I32:
      return g.i32[0]!;
    case ValType.I64:
      return g.i64[0]!;
    case ValType.F32:
      return g.i32[0]! >>> 0;
    case ValType.F64:
      return BigInt.asUintN(64, g.i64[0]!);
    default:
      return g.ref;
  }
}

/** Set a global to raw value `v` (no mutability check: that is the caller's business). */
export function writeGlobal(g: GlobalInstance, v: RawValue): void {
  switch (g.type.type) {
    case ValType.I32:
    case ValType.F32:
      g.i32[0] = v as number;
      break;
    case ValType.I64:
    case ValType.F64:
      g.i64[0] = BigInt.asIntN(64, v as bigint);
      break;
    default:
      g.ref = v;
  }
}
