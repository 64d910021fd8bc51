/**
 * Decoding of types: value and reference types, function types, limits, table, memory and global types
 * (spec §5.3). Types that need a disabled feature (v128 without SIMD, externref without reference types) are
 * malformed, as they are in the binary grammar of a runtime without that proposal. Range rules (limits within
 * bounds, type indices that exist) are the validator's.
 */
import type { FuncType, GlobalType, Limits, MemoryType, RefType, TableType, ValType } from '@weft/serialize';
import type { CompileError } from '../errors.js';
import { FEATURE_LABELS, type Features } from '../features.js';
import type { Reader } from './reader.js';

/** A malformed-module error for something the binary uses but `features` turns off. */
export function featureError(r: Reader, feature: keyof Features, offset: number): CompileError {
  return r.error(`${FEATURE_LABELS[feature]} support is not enabled`, offset);
}

/** A value type (one byte; a longer LEB128 encoding is rejected as the spec's decoder does). */
export function readValType(r: Reader, features: Features): ValType {
  const start = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x7f:
    case 0x7e:
    case 0x7d:
    case 0x7c:
      return b;
    case 0x7b:
      if (!features.simd) throw featureError(r, 'simd', start);
      return b;
    case 0x70:
    case 0x6f:
      if (!features.referenceTypes) throw featureError(r, 'referenceTypes', start);
      return b;
  }
  if ((b & 0x80) !== 0) throw r.error('integer representation too long', start);
  throw r.error('malformed value type', start);
}

/** A reference type: `funcref` (0x70) or `externref` (0x6f, needs reference types). */
export function readRefType(r: Reader, features: Features): RefType {
  const start = r.pos;
  const b = r.u8();
  if (b === 0x70) return b;
  if (b === 0x6f) {
    if (!features.referenceTypes) throw featureError(r, 'referenceTypes', start);
    return b;
  }
  throw r.error('malformed reference type', start);
}

/** A function type: 0x60, then parameter and result vectors. */
export function readFuncType(r: Reader, features: Features): FuncType {
  const start = r.pos;
  const form = r.u8();
  if (form !== 0x60) {
    throw r.error((form & 0x80) !== 0 ? 'integer representation too long' : 'malformed function type', start);
  }
  return { params: readValTypes(r, features), results: readValTypes(r, features) };
}

function readValTypes(r: Reader, features: Features): ValType[] {
  const n = r.len32();
  const out: ValType[] = [];
  for (let i = 0; i < n; i++) out.push(readValType(r, features));
  return out;
}

/**
 * Limits: a flag (0 = min only, 1 = min and max) and u32 bounds. The flag is a 1-bit LEB128 number in the
 * spec's decoder, so 2 and up are "integer too large" and a continuation bit is "integer representation too long".
 */
export function readLimits(r: Reader): Limits {
  const start = r.pos;
  const flag = r.u8();
  if ((flag & 0x7f) > 1) throw r.error('integer too large', start);
  if ((flag & 0x80) !== 0) throw r.error('integer representation too long', start + 1);
  const min = r.u32();
  const max = flag === 1 ? r.u32() : undefined;
  return { min, max };
}

export function readTableType(r: Reader, features: Features): TableType {
  const elem = readRefType(r, features);
  return { elem, limits: readLimits(r) };
}

export function readMemoryType(r: Reader): MemoryType {
  return { limits: readLimits(r), shared: false };
}

export function readGlobalType(r: Reader, features: Features): GlobalType {
  const type = readValType(r, features);
  const start = r.pos;
  const m = r.u8();
  if (m > 1) throw r.error('malformed mutability', start);
  return { type, mutable: m === 1 };
}
