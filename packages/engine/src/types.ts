/**
 * The public type shapes — value types by name, function, global, table, memory and extern types as plain
 * objects — and `Val`, a value tagged with its type that keeps float bits exact. Also the internal conversions
 * between these shapes and the decoder's numeric data model, and the text forms used in error messages.
 */
import {
  valTypeFromName,
  valTypeName,
  type FuncType as RawFuncType,
  type GlobalType as RawGlobalType,
  type MemoryType as RawMemoryType,
  type TableType as RawTableType,
  type ValTypeName,
} from '@weft/serialize';
import type { Func } from './func.js';

/** A value type by name: `'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref'`. */
export type ValType = ValTypeName;

/**
 * A function type, e.g. `{ params: ['i32', 'i64'], results: ['f32'] }`.
 *
 * @example
 * ```ts
 * const add: FuncType = { params: ['i32', 'i32'], results: ['i32'] };
 * ```
 */
export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** A global's type, e.g. `{ type: 'i32', mutable: false }`. */
export interface GlobalType {
  readonly type: ValType;
  readonly mutable: boolean;
}

/** A table's type, e.g. `{ element: 'funcref', min: 10, max: 20 }`; `max` omitted when unbounded. */
export interface TableType {
  readonly element: 'funcref' | 'externref';
  readonly min: number;
  readonly max?: number | undefined;
}

/** A memory's type in 64 KiB pages, e.g. `{ min: 1, max: 2 }`; `max` omitted when unbounded. */
export interface MemoryType {
  readonly min: number;
  readonly max?: number | undefined;
  readonly shared?: boolean | undefined;
}

/**
 * The type of an import or export: one of the four type shapes tagged with `kind`. A func extern type is also
 * a valid {@link FuncType}, a global one a valid {@link GlobalType}, and so on.
 */
export type ExternType =
  | ({ readonly kind: 'func' } & FuncType)
  | ({ readonly kind: 'global' } & GlobalType)
  | ({ readonly kind: 'table' } & TableType)
  | ({ readonly kind: 'memory' } & MemoryType);

/** A module import: where it comes from and the type it must have. */
export interface ImportType {
  readonly module: string;
  readonly name: string;
  readonly type: ExternType;
}

/** A module export: its name and type. */
export interface ExportType {
  readonly name: string;
  readonly type: ExternType;
}

/**
 * A WebAssembly value tagged with its type. Floats are carried as their exact bits (`f32`: a uint32, `f64`: a
 * uint64 bigint), so NaN payloads survive a round trip; `i32` is a signed 32-bit number, `i64` a signed 64-bit
 * bigint. Build values with the `Val.*` constructors.
 *
 * @example
 * ```ts
 * const args = [Val.i32(7), Val.f32Bits(0x7fa00000), Val.f64(1.5)];
 * ```
 */
export type Val =
  | { readonly type: 'i32'; readonly value: number }
  | { readonly type: 'i64'; readonly value: bigint }
  | { readonly type: 'f32'; readonly bits: number }
  | { readonly type: 'f64'; readonly bits: bigint }
  | { readonly type: 'funcref'; readonly value: Func | null }
  | { readonly type: 'externref'; readonly value: unknown };

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);
const f64Scratch = new Float64Array(1);
const u64Scratch = new BigUint64Array(f64Scratch.buffer);

/** Constructors and accessors for {@link Val}. */
export const Val = {
  /** An i32; `n` is wrapped to 32 bits (so `0xffffffff` becomes -1). */
  i32(n: number): Val {
    return { type: 'i32', value: n | 0 };
  },
  /** An i64; `b` is wrapped to 64 bits, signed. */
  i64(b: bigint): Val {
    return { type: 'i64', value: BigInt.asIntN(64, b) };
  },
  /** An f32 from a number (rounded to single precision; NaN becomes the canonical NaN). */
  f32(n: number): Val {
    f32Scratch[0] = n;
    return { type: 'f32', bits: u32Scratch[0]! };
  },
  /** An f32 from its exact bits, a uint32. */
  f32Bits(u32: number): Val {
    return { type: 'f32', bits: u32 >>> 0 };
  },
  /** An f64 from a number. */
  f64(n: number): Val {
    f64Scratch[0] = n;
    return { type: 'f64', bits: u64Scratch[0]! };
  },
  /** An f64 from its exact bits, a uint64 bigint. */
  f64Bits(u64: bigint): Val {
    return { type: 'f64', bits: BigInt.asUintN(64, u64) };
  },
  /** A funcref: a `Func` or `null`. */
  funcref(f: Func | null): Val {
    return { type: 'funcref', value: f };
  },
  /** An externref: any host value; `null` is the null reference. */
  externref(v: unknown): Val {
    return { type: 'externref', value: v };
  },
  /** The plain JS value of `v`, as `func.call` uses them (floats as numbers, i64 as bigint). */
  toJs(v: Val): unknown {
    switch (v.type) {
      case 'f32':
        u32Scratch[0] = v.bits;
        return f32Scratch[0];
      case 'f64':
        u64Scratch[0] = v.bits;
        return f64Scratch[0];
      default:
        return v.value;
    }
  },
} as const;

// ---- internal conversions (not exported from the barrel) ----

/** @internal */
export function funcTypeToPublic(t: RawFuncType): FuncType {
  return { params: t.params.map(valTypeName), results: t.results.map(valTypeName) };
}

/** @internal Checks names and converts to the decoder's form; throws TypeError naming the bad entry. */
export function funcTypeToRaw(t: FuncType): RawFuncType {
  if (t === null || typeof t !== 'object' || !Array.isArray(t.params) || !Array.isArray(t.results)) {
    throw new TypeError('a function type must be { params: ValType[], results: ValType[] }');
  }
  return { params: t.params.map(checkValType), results: t.results.map(checkValType) };
}

/** @internal */
export function checkValType(name: unknown): ReturnType<typeof valTypeFromName> {
  if (typeof name !== 'string') throw new TypeError(`unknown value type '${String(name)}'`);
  const code = valTypeFromName(name as ValTypeName);
  if (name === 'v128') throw new TypeError("value type 'v128' is not supported yet");
  return code;
}

/** @internal */
export function globalTypeToPublic(t: RawGlobalType): GlobalType {
  return { type: valTypeName(t.type), mutable: t.mutable };
}

/** @internal */
export function tableTypeToPublic(t: RawTableType): TableType {
  const out: { element: 'funcref' | 'externref'; min: number; max?: number } = {
    element: valTypeName(t.elem) as 'funcref' | 'externref',
    min: t.limits.min,
  };
  if (t.limits.max !== undefined) out.max = t.limits.max;
  return out;
}

/** @internal */
export function memoryTypeToPublic(t: RawMemoryType): MemoryType {
  const out: { min: number; max?: number; shared?: boolean } = { min: t.limits.min };
  if (t.limits.max !== undefined) out.max = t.limits.max;
  if (t.shared) out.shared = true;
  return out;
}

/** @internal The text form of a function type, as in error messages: `(i32, i64) -> (f32)`. */
export function funcTypeText(t: FuncType): string {
  return `(${t.params.join(', ')}) -> (${t.results.join(', ')})`;
}
