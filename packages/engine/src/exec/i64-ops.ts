/**
 * 64-bit operators computed on `Int32Array` halves (low word first) instead of bigints: comparisons, shifts and
 * rotates. V8 lowers `BigInt.asIntN(64, a + b)`-style arithmetic on a `BigInt64Array` to machine code, but not
 * bigint shifts or comparisons (measured ≈40 ns and ≈6.5 ns against ≈2 ns on halves), so these take the halves.
 * Each reads its operands at word indices `a`, `b` of `m` before writing `d`, so `d` may equal an operand.
 * Division and remainder take slot indices instead and try a Number path first (no bigint allocated).
 */
import * as S from './semantics.js';

/** Signed compare of the 64-bit values at words `a` and `b`: negative, zero or positive. */
export function i64_cmp_s(m: Int32Array, a: number, b: number): number {
  const ah = m[a + 1]!;
  const bh = m[b + 1]!;
  if (ah !== bh) return ah < bh ? -1 : 1;
  const al = m[a]! >>> 0;
  const bl = m[b]! >>> 0;
  return al === bl ? 0 : al < bl ? -1 : 1;
}

/** Unsigned compare of the 64-bit values at words `a` and `b`. */
export function i64_cmp_u(m: Int32Array, a: number, b: number): number {
  const ah = m[a + 1]! >>> 0;
  const bh = m[b + 1]! >>> 0;
  if (ah !== bh) return ah < bh ? -1 : 1;
  const al = m[a]! >>> 0;
  const bl = m[b]! >>> 0;
  return al === bl ? 0 : al < bl ? -1 : 1;
}

/** `m[d..] = m[a..] << (s mod 64)` */
export function i64_shl(m: Int32Array, d: number, a: number, s: number): void {
  s &= 63;
  const lo = m[a]!;
  const hi = m[a + 1]!;
  if (s === 0) {
    m[d] = lo;
    m[d + 1] = hi;
  } else if (s < 32) {
    m[d] = lo << s;
    m[d + 1] = (hi << s) | (lo >>> (32 - s));
  } else {
    m[d] = 0;
    m[d + 1] = lo << (s - 32);
  }
}

/** `m[d..] = m[a..] >>> (s mod 64)` (logical) */
export function i64_shr_u(m: Int32Array, d: number, a: number, s: number): void {
  s &= 63;
  const lo = m[a]!;
  const hi = m[a + 1]!;
  if (s === 0) {
    m[d] = lo;
    m[d + 1] = hi;
  } else if (s < 32) {
    m[d] = (lo >>> s) | (hi << (32 - s));
    m[d + 1] = hi >>> s;
  } else {
    m[d] = hi >>> (s - 32);
    m[d + 1] = 0;
  }
}

/** `m[d..] = m[a..] >> (s mod 64)` (arithmetic) */
export function i64_shr_s(m: Int32Array, d: number, a: number, s: number): void {
  s &= 63;
  const lo = m[a]!;
  const hi = m[a + 1]!;
  if (s === 0) {
    m[d] = lo;
    m[d + 1] = hi;
  } else if (s < 32) {
    m[d] = (lo >>> s) | (hi << (32 - s));
    m[d + 1] = hi >> s;
  } else {
    m[d] = hi >> (s - 32);
    m[d + 1] = hi >> 31;
  }
}

/** `m[d..] = rotl(m[a..], s mod 64)`; rotr(s) is rotl(64 - s). */
export function i64_rotl(m: Int32Array, d: number, a: number, s: number): void {
  s &= 63;
  let lo = m[a]!;
  let hi = m[a + 1]!;
  if (s >= 32) {
    const t = lo;
    lo = hi;
    hi = t;
    s -= 32;
  }
  if (s === 0) {
    m[d] = lo;
    m[d + 1] = hi;
  } else {
    m[d] = (lo << s) | (hi >>> (32 - s));
    m[d + 1] = (hi << s) | (lo >>> (32 - s));
  }
}

/** 2^32 */
const TWO32 = 4294967296;

/**
 * The 64-bit value at slot `x` (words `2x`, `2x + 1` of `m`) as a Number if it is in [0, 2^53), else -1.
 */
function small(m: Int32Array, x: number): number {
  const hi = m[2 * x + 1]!;
  return hi >>> 0 < 0x200000 ? hi * TWO32 + (m[2 * x]! >>> 0) : -1;
}

/** Store `v` (an integer in [0, 2^53)) at slot `d`. */
function putSmall(m: Int32Array, d: number, v: number): void {
  m[2 * d] = v % TWO32 | 0;
  m[2 * d + 1] = (v / TWO32) | 0;
}

/**
 * `⌊a / b⌋` for integers `a`, `b` in [0, 2^53), `b > 0`. The rounded quotient could only ever be one too large
 * (rounding up onto the next integer; it cannot round down past `q`, which is representable); `q * b > a` would
 * detect that exactly. No such case is known in this range (5 million adversarial tries), so it is a guard.
 */
function floorDiv(a: number, b: number): number {
  const q = Math.floor(a / b);
  return q * b > a ? q - 1 : q;
}

// Division and remainder on slots `a`, `b` into slot `d` (`d` may equal an operand). Operands both in [0, 2^53)
// (sizes, indices, counters) take the Number path, where signed and unsigned agree; everything else, and the
// traps, go through the bigint semantics.
export function i64_div_u(m: Int32Array, w: BigInt64Array, d: number, a: number, b: number): void {
  const x = small(m, a);
  const y = small(m, b);
  if (x >= 0 && y > 0) putSmall(m, d, floorDiv(x, y));
  else w[d] = S.i64_div_u(w[a]!, w[b]!);
}
export function i64_div_s(m: Int32Array, w: BigInt64Array, d: number, a: number, b: number): void {
  const x = small(m, a);
  const y = small(m, b);
  if (x >= 0 && y > 0) putSmall(m, d, floorDiv(x, y));
  else w[d] = S.i64_div_s(w[a]!, w[b]!);
}
export function i64_rem_u(m: Int32Array, w: BigInt64Array, d: number, a: number, b: number): void {
  const x = small(m, a);
  const y = small(m, b);
  if (x >= 0 && y > 0) putSmall(m, d, x - floorDiv(x, y) * y);
  else w[d] = S.i64_rem_u(w[a]!, w[b]!);
}
export function i64_rem_s(m: Int32Array, w: BigInt64Array, d: number, a: number, b: number): void {
  const x = small(m, a);
  const y = small(m, b);
  if (x >= 0 && y > 0) putSmall(m, d, x - floorDiv(x, y) * y);
  else w[d] = S.i64_rem_s(w[a]!, w[b]!);
}
