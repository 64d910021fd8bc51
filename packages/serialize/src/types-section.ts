/**
 * Section `weft.types`: the module's function types, in type-index order. Each is a parameter list and a result
 * list of value-type codes (the binary encodings, as in `model.ts`); unknown codes are rejected.
 */
import { ByteReader, ByteWriter } from './bytes.js';
import { ValType, type FuncType } from './model.js';

export const TYPES_SECTION = 'weft.types';

const VAL_TYPES = new Set<number>(Object.values(ValType));

export function encodeTypes(types: readonly FuncType[]): Uint8Array {
  const w = new ByteWriter();
  w.u32(types.length);
  for (const t of types) {
    valTypes(w, t.params);
    valTypes(w, t.results);
  }
  return w.finish();
}

export function decodeTypes(bytes: Uint8Array): FuncType[] {
  const r = new ByteReader(bytes, TYPES_SECTION);
  const n = r.count(8);
  const types: FuncType[] = [];
  for (let i = 0; i < n; i++) types.push({ params: readValTypes(r), results: readValTypes(r) });
  r.end();
  return types;
}

function valTypes(w: ByteWriter, list: readonly ValType[]): void {
  w.u32(list.length);
  for (const v of list) w.u8(v);
}

function readValTypes(r: ByteReader): ValType[] {
  const n = r.count(1);
  const list: ValType[] = [];
  for (let i = 0; i < n; i++) list.push(readValType(r));
  return list;
}

/** One value-type code; anything else is a format error. */
export function readValType(r: ByteReader): ValType {
  const v = r.u8();
  if (!VAL_TYPES.has(v)) r.fail(`unknown value type 0x${v.toString(16)}`);
  return v as ValType;
}
