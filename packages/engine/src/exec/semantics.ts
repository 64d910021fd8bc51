/**
 * Pure semantics of the numeric operators that are more than one JS expression: integer division and remainder
 * (with their traps), bit counts, 64-bit rotates, float→integer truncation (trapping and saturating), exactly
 * rounded i64→f32 conversion, and `nearest`. Trapping functions throw `Trap` with the spec's wording. Shared by
 * the executor and by any constant folding, so both agree. Floats are passed as JS numbers (f32 values widened
 * exactly); i64 values as bigints in the signed range.
 */
import { Trap, TrapCode } from '../errors.js';

export function trap(code: TrapCode, message?: string): Trap {
  return new Trap(code, message);
}

const I32_MIN = -0x80000000;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;
const TWO_63 = 9223372036854775808; // 2^63 as a double, exactly
const TWO_64 = 18446744073709551616;

// ---- i32 ----

export function i32_div_s(a: number, b: number): number {
  if (b === 0) throw trap(TrapCode.IntegerDivisionByZero);
  if (a === I32_MIN && b === -1) throw trap(TrapCode.IntegerOverflow);
  return (a / b) | 0;
}
export function i32_div_u(a: number, b: number): number {
  if (b === 0) throw trap(TrapCode.IntegerDivisionByZero);
  return ((a >>> 0) / (b >>> 0)) | 0;
}
export function i32_rem_s(a: number, b: number): number {
  if (b === 0) throw trap(TrapCode.IntegerDivisionByZero);
  return a % b | 0; // INT_MIN % -1 is -0 in JS: | 0 makes it 0, as wasm wants
}
export function i32_rem_u(a: number, b: number): number {
  if (b === 0) throw trap(TrapCode.IntegerDivisionByZero);
  return (a >>> 0) % (b >>> 0) | 0;
}
export function i32_ctz(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}
export function i32_popcnt(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

// ---- i64 ----

export function i64_div_s(a: bigint, b: bigint): bigint {
  if (b === 0n) throw trap(TrapCode.IntegerDivisionByZero);
  if (a === I64_MIN && b === -1n) throw trap(TrapCode.IntegerOverflow);
  return a / b;
}
export function i64_div_u(a: bigint, b: bigint): bigint {
  if (b === 0n) throw trap(TrapCode.IntegerDivisionByZero);
  return BigInt.asIntN(64, BigInt.asUintN(64, a) / BigInt.asUintN(64, b));
}
export function i64_rem_s(a: bigint, b: bigint): bigint {
  if (b === 0n) throw trap(TrapCode.IntegerDivisionByZero);
  return a % b; // INT_MIN % -1 is 0n
}
export function i64_rem_u(a: bigint, b: bigint): bigint {
  if (b === 0n) throw trap(TrapCode.IntegerDivisionByZero);
  return BigInt.asIntN(64, BigInt.asUintN(64, a) % BigInt.asUintN(64, b));
}
/** clz of a 64-bit value given as halves. */
export function i64_clz(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}
export function i64_ctz(lo: number, hi: number): number {
  return lo !== 0 ? i32_ctz(lo) : 32 + i32_ctz(hi);
}

// ---- float → integer ----

export function i32_trunc_s(x: number): number {
  if (x !== x) throw trap(TrapCode.BadConversionToInteger);
  const t = Math.trunc(x);
  if (t < -2147483648 || t > 2147483647) throw trap(TrapCode.IntegerOverflow);
  return t | 0;
}
export function i32_trunc_u(x: number): number {
  if (x !== x) throw trap(TrapCode.BadConversionToInteger);
  const t = Math.trunc(x);
  if (t < 0 || t > 4294967295) throw trap(TrapCode.IntegerOverflow);
  return t | 0;
}
export function i64_trunc_s(x: number): bigint {
  if (x !== x) throw trap(TrapCode.BadConversionToInteger);
  const t = Math.trunc(x);
  if (t < -TWO_63 || t >= TWO_63) throw trap(TrapCode.IntegerOverflow);
  return BigInt(t);
}
export function i64_trunc_u(x: number): bigint {
  if (x !== x) throw trap(TrapCode.BadConversionToInteger);
  const t = Math.trunc(x);
  if (t < 0 || t >= TWO_64) throw trap(TrapCode.IntegerOverflow);
  return BigInt.asIntN(64, BigInt(t));
}
export function i32_trunc_sat_s(x: number): number {
  if (x !== x) return 0;
  if (x <= -2147483648) return -2147483648;
  if (x >= 2147483647) return 2147483647;
  return Math.trunc(x) | 0;
}
export function i32_trunc_sat_u(x: number): number {
  if (x !== x || x <= 0) return 0;
  if (x >= 4294967295) return -1;
  return Math.trunc(x) | 0;
}
export function i64_trunc_sat_s(x: number): bigint {
  if (x !== x) return 0n;
  if (x <= -TWO_63) return I64_MIN;
  if (x >= TWO_63) return I64_MAX;
  return BigInt(Math.trunc(x));
}
export function i64_trunc_sat_u(x: number): bigint {
  if (x !== x || x <= 0) return 0n;
  if (x >= TWO_64) return BigInt.asIntN(64, U64_MAX);
  return BigInt.asIntN(64, BigInt(Math.trunc(x)));
}

// ---- integer → float ----

/**
 * A double that rounds (once, to nearest even) to the same f32 as the 64-bit magnitude `m` (0 ≤ m < 2^64) does.
 * Going through `Number(m)` would round twice (to 53 bits, then 24), which is wrong for some values; instead keep
 * the top 53 bits and fold the dropped bits into a sticky bit far below f32's rounding position.
 */
function f32Magnitude(m: bigint): number {
  if (m < 9007199254740992n) return Number(m);
  const kept = (m >> 11n) | ((m & 0x7ffn) !== 0n ? 1n : 0n);
  return Number(kept) * 2048;
}
/** i64 (signed) → f32, as a double to be stored through a `Float32Array` (which rounds it exactly once). */
export function f32_convert_i64_s(v: bigint): number {
  return v < 0n ? -f32Magnitude(-v) : f32Magnitude(v);
}
export function f32_convert_i64_u(v: bigint): number {
  return f32Magnitude(BigInt.asUintN(64, v));
}

// ---- floats ----

/** Round to nearest, ties to even (f32.nearest / f64.nearest); keeps -0 and NaN. */
export function nearest(x: number): number {
  if (x !== x) return NaN; // quiet, whatever NaN came in
  const r = Math.round(x); // ties towards +infinity
  if (r - x === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}
