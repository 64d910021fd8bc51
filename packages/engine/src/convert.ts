/**
 * Conversions between API values and the runtime's: plain JS values (i32/f32/f64 → number, i64 → bigint,
 * funcref → `Func | null`, externref → any value) and `Val`s on one side; value-stack slots and raw values (see
 * runtime/values.ts) on the other. Float bits stay exact on the `Val` path because slots are read through the
 * integer views. Bad values throw a `TypeError` that says which argument or result was wrong.
 */
import { ValType, valTypeName } from '@weft/serialize';
import type { ValueStack } from './exec/stack.js';
import { Func } from './func.js';
import type { FuncInstance } from './runtime/instances.js';
import { readSlot, writeSlot, type RawValue } from './runtime/values.js';
import { checkStore, type Store } from './store.js';
import { Val } from './types.js';

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

function mismatch(what: string, expected: string, v: unknown): TypeError {
  return new TypeError(`${what}: expected ${expected}, got ${describe(v)}`);
}

function funcToRaw(store: Store<any>, v: unknown, what: string): FuncInstance | null {
  if (v === null) return null;
  if (!(v instanceof Func)) throw mismatch(what, 'a Func or null for funcref', v);
  checkStore(v._store, store, 'Func');
  return v._inst;
}

function rawToFunc(store: Store<any>, raw: unknown): Func | null {
  return raw === null || raw === undefined ? null : Func._wrap(store, raw as FuncInstance);
}

/** Write JS value `v` of type `type` (a `ValType` code) to `slot`. */
export function writeJs(store: Store<any>, stack: ValueStack, slot: number, type: number, v: unknown, what: string) {
  switch (type) {
    case ValType.I32:
      if (typeof v !== 'number') throw mismatch(what, 'a number for i32', v);
      stack.i32[2 * slot] = v;
      return;
    case ValType.I64:
      if (typeof v !== 'bigint') throw mismatch(what, 'a bigint for i64', v);
      stack.i64[slot] = BigInt.asIntN(64, v);
      return;
    case ValType.F32:
      if (typeof v !== 'number') throw mismatch(what, 'a number for f32', v);
      stack.f32[2 * slot] = v;
      return;
    case ValType.F64:
      if (typeof v !== 'number') throw mismatch(what, 'a number for f64', v);
      stack.f64[slot] = v;
      return;
    case ValType.FuncRef:
      stack.refs[slot] = funcToRaw(store, v, what);
      return;
    case ValType.ExternRef:
      stack.refs[slot] = v;
      return;
    default:
      throw new TypeError(`${what}: values of type ${valTypeName(type as ValType)} are not supported yet`);
  }
}

/** The JS value of `slot`, read as type `type`. */
export function readJs(store: Store<any>, stack: ValueStack, slot: number, type: number): unknown {
  switch (type) {
    case ValType.I32:
      return stack.i32[2 * slot];
    case ValType.I64:
      return stack.i64[slot];
    case ValType.F32:
      return stack.f32[2 * slot];
    case ValType.F64:
      return stack.f64[slot];
    case ValType.FuncRef:
      return rawToFunc(store, stack.refs[slot]);
    default:
      return stack.refs[slot];
  }
}

/** The raw value of JS value `v` of type `type`. */
export function jsToRaw(store: Store<any>, type: number, v: unknown, what: string): RawValue {
  switch (type) {
    case ValType.I32:
      if (typeof v !== 'number') throw mismatch(what, 'a number for i32', v);
      return v | 0;
    case ValType.I64:
      if (typeof v !== 'bigint') throw mismatch(what, 'a bigint for i64', v);
      return BigInt.asIntN(64, v);
    case ValType.F32:
      if (typeof v !== 'number') throw mismatch(what, 'a number for f32', v);
      return (Val.f32(v) as { bits: number }).bits;
    case ValType.F64:
      if (typeof v !== 'number') throw mismatch(what, 'a number for f64', v);
      return (Val.f64(v) as { bits: bigint }).bits;
    case ValType.FuncRef:
      return funcToRaw(store, v, what);
    case ValType.ExternRef:
      return v;
    default:
      throw new TypeError(`${what}: values of type ${valTypeName(type as ValType)} are not supported yet`);
  }
}

/** The JS value of raw value `raw` of type `type`. */
export function rawToJs(store: Store<any>, type: number, raw: RawValue): unknown {
  switch (type) {
    case ValType.F32:
    case ValType.F64:
      return Val.toJs(rawToVal(store, type, raw));
    case ValType.FuncRef:
      return rawToFunc(store, raw);
    default:
      return raw;
  }
}

/** The raw value of `v`, which must have type `type`. */
export function valToRaw(store: Store<any>, type: number, v: Val, what: string): RawValue {
  const name = valTypeName(type as ValType);
  if (v === null || typeof v !== 'object' || v.type !== name) {
    throw new TypeError(`${what}: expected a Val of type ${name}, got ${v === null || typeof v !== 'object' ? describe(v) : v.type}`);
  }
  switch (v.type) {
    case 'i32':
      return v.value | 0;
    case 'i64':
      return BigInt.asIntN(64, v.value);
    case 'f32':
      return v.bits >>> 0;
    case 'f64':
      return BigInt.asUintN(64, v.bits);
    case 'funcref':
      return funcToRaw(store, v.value, what);
    case 'externref':
      return v.value;
  }
}

/** The `Val` of raw value `raw` of type `type`. */
export function rawToVal(store: Store<any>, type: number, raw: RawValue): Val {
  switch (type) {
    case ValType.I32:
      return { type: 'i32', value: raw as number };
    case ValType.I64:
      return { type: 'i64', value: raw as bigint };
    case ValType.F32:
      return { type: 'f32', bits: raw as number };
    case ValType.F64:
      return { type: 'f64', bits: raw as bigint };
    case ValType.FuncRef:
      return { type: 'funcref', value: rawToFunc(store, raw) };
    case ValType.ExternRef:
      return { type: 'externref', value: raw };
    default:
      throw new TypeError(`values of type ${valTypeName(type as ValType)} are not supported yet`);
  }
}

/** Write `v` (of type `type`) to `slot`. */
export function writeVal(store: Store<any>, stack: ValueStack, slot: number, type: number, v: Val, what: string) {
  writeSlot(stack, slot, type, valToRaw(store, type, v, what));
}

/** The `Val` in `slot`, read as type `type`. */
export function readVal(store: Store<any>, stack: ValueStack, slot: number, type: number): Val {
  return rawToVal(store, type, readSlot(stack, slot, type));
}
