/**
 * Numeric literals of the text format: unsigned and signed integers (decimal or `0x` hex, `_` between digits)
 * and floats (decimal, hex `0x1.8p3`, `inf`, `nan`, `nan:0x…`), rounded exactly (round to nearest, ties to even)
 * to binary32 / binary64 bit patterns. Each parser returns `undefined` for text that is not a literal of its kind
 * and throws `RangeError` for a literal that does not fit ("constant out of range"); the parser turns both into
 * text errors with a position.
 */

/** Digits of `s` from `from`: decimal or hex, `_` only between digits. Returns the digits without `_`, or undefined. */
function digits(s: string, from: number, hex: boolean): string | undefined {
  if (from >= s.length) return undefined;
  let out = '';
  let prevDigit = false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5f) {
      if (!prevDigit) return undefined;
      prevDigit = false;
      continue;
    }
    const ok = (c >= 0x30 && c <= 0x39) || (hex && ((c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)));
    if (!ok) return undefined;
    prevDigit = true;
  }
  if (!prevDigit) return undefined;
  out = s.slice(from);
  return out.indexOf('_') === -1 ? out : out.replace(/_/g, '');
}

/** An unsigned integer literal (no sign) as a bigint, or undefined. */
export function parseNat(s: string): bigint | undefined {
  if (s.length === 0) return undefined;
  const hex = s.startsWith('0x');
  const d = digits(s, hex ? 2 : 0, hex);
  if (d === undefined) return undefined;
  return BigInt(hex ? `0x${d}` : d);
}

/** A u32 literal (indices, offsets, limits), or undefined when the text is not an unsigned integer. */
export function parseU32(s: string): number | undefined {
  const c = s.charCodeAt(0);
  if (!(c >= 0x30 && c <= 0x39)) return undefined;
  if (s.length < 10 && /^[0-9]+$/.test(s)) return Number(s);
  const v = parseNat(s);
  if (v === undefined) return undefined;
  if (v > 0xffff_ffffn) throw new RangeError('constant out of range');
  return Number(v);
}

/** A signed or unsigned integer literal as a bigint, with its sign applied, or undefined. */
export function parseSigned(s: string): bigint | undefined {
  const c = s.charCodeAt(0);
  if (c === 0x2b || c === 0x2d) {
    const v = parseNat(s.slice(1));
    return v === undefined ? undefined : c === 0x2d ? -v : v;
  }
  return parseNat(s);
}

/** An `i32.const` literal as a signed 32-bit number: range [-2^31, 2^32). */
export function parseI32(s: string): number | undefined {
  if (s.length < 10 && /^-?[0-9]+$/.test(s)) return Number(s) | 0;
  const v = parseSigned(s);
  if (v === undefined) return undefined;
  if (v < -0x8000_0000n || v > 0xffff_ffffn) throw new RangeError('constant out of range');
  return Number(BigInt.asIntN(32, v));
}

/** An `i64.const` literal as a signed 64-bit bigint: range [-2^63, 2^64). */
export function parseI64(s: string): bigint | undefined {
  const v = parseSigned(s);
  if (v === undefined) return undefined;
  if (v < -0x8000_0000_0000_0000n || v > 0xffff_ffff_ffff_ffffn) throw new RangeError('constant out of range');
  return BigInt.asIntN(64, v);
}

/** IEEE binary format parameters. */
interface FloatFormat {
  /** Significand bits including the implicit one (24, 53). */
  p: number;
  /** Exponent bias (127, 1023). */
  bias: number;
  /** Exponent field width (8, 11). */
  expBits: number;
}
const F32: FloatFormat = { p: 24, bias: 127, expBits: 8 };
const F64: FloatFormat = { p: 53, bias: 1023, expBits: 11 };

/** Round `m · 2^e` (m ≥ 0, exact) to the format; the bit pattern without sign. Throws when it rounds to infinity. */
function roundBinary(m: bigint, e: number, f: FloatFormat): bigint {
  if (m === 0n) return 0n;
  const len = m.toString(2).length;
  const lead = e + len - 1; // exponent of the leading bit
  const minLsb = 1 - f.bias - (f.p - 1); // exponent of the smallest subnormal
  const lsb = Math.max(lead - (f.p - 1), minLsb);
  const shift = lsb - e;
  let mant: bigint;
  if (shift <= 0) mant = m << BigInt(-shift);
  else {
    const sh = BigInt(shift);
    mant = m >> sh;
    const rem = m & ((1n << sh) - 1n);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (mant & 1n) === 1n)) mant++;
  }
  let lsbExp = lsb;
  if (mant === 1n << BigInt(f.p)) {
    mant >>= 1n;
    lsbExp++;
  }
  const hidden = 1n << BigInt(f.p - 1);
  if (mant < hidden) return mant; // subnormal (or zero)
  const biased = lsbExp + (f.p - 1) + f.bias;
  if (biased >= (1 << f.expBits) - 1) throw new RangeError('constant out of range');
  return (BigInt(biased) << BigInt(f.p - 1)) | (mant - hidden);
}

/** Round the decimal `d · 10^exp` exactly. */
function roundDecimal(d: bigint, exp: number, f: FloatFormat): bigint {
  if (d === 0n) return 0n;
  if (exp >= 0) return roundBinary(d * 10n ** BigInt(exp), 0, f);
  const den = 10n ** BigInt(-exp);
  // Enough quotient bits for the significand plus guard bits, even for subnormals.
  const k = Math.max(0, den.toString(2).length - d.toString(2).length + f.p + 3);
  const num = d << BigInt(k);
  const q = num / den;
  const sticky = num % den === 0n ? 0n : 1n;
  return roundBinary((q << 1n) | sticky, -k - 1, f);
}

/** Parse the magnitude of a float literal (no sign) to bits; undefined when not a float literal. */
function parseMagnitude(s: string, f: FloatFormat): bigint | undefined {
  const expMask = ((1n << BigInt(f.expBits)) - 1n) << BigInt(f.p - 1);
  if (s === 'inf') return expMask;
  if (s === 'nan') return expMask | (1n << BigInt(f.p - 2));
  if (s.startsWith('nan:0x')) {
    const payload = parseNat(s.slice(4));
    if (payload === undefined) return undefined;
    if (payload === 0n || payload >= 1n << BigInt(f.p - 1)) throw new RangeError('constant out of range');
    return expMask | payload;
  }
  const hex = s.startsWith('0x');
  const body = hex ? s.slice(2) : s;
  const m = hex
    ? /^([0-9a-fA-F_]+)(?:\.([0-9a-fA-F_]*))?(?:[pP]([+-]?[0-9_]+))?$/.exec(body)
    : /^([0-9_]+)(?:\.([0-9_]*))?(?:[eE]([+-]?[0-9_]+))?$/.exec(body);
  if (!m) return undefined;
  const intPart = digits(m[1]!, 0, hex);
  const fracPart = m[2] === undefined || m[2] === '' ? '' : digits(m[2], 0, hex);
  let expText = m[3] ?? '0';
  if (expText[0] === '+' || expText[0] === '-') expText = expText[0] + (digits(expText, 1, false) ?? 'x');
  else expText = digits(expText, 0, false) ?? 'x';
  if (intPart === undefined || fracPart === undefined || expText.endsWith('x')) return undefined;
  // Exponents far out of range: clamp (the result is zero or out of range anyway).
  const expNum = Math.max(-100000, Math.min(100000, Number(expText)));
  if (hex) {
    const all = `${intPart}${fracPart}`.replace(/^0+/, '');
    const e = expNum - 4 * fracPart.length;
    if (all === '') return 0n;
    if (all.length <= 13 && e >= -1022 && e <= 1023) {
      // Fast path: the significand fits a binary64 exactly, so m·2^e is exact while it is a normal binary64,
      // and rounding it to the format is one correct rounding.
      const x = parseInt(all, 16) * 2 ** e;
      if (x >= 2 ** -1022 && x < Infinity) return floatBits(x, f);
    }
    return roundBinary(BigInt(`0x${all}`), e, f);
  }
  return decimalBits(intPart, fracPart, expNum, f);
}

const f64Scratch = new Float64Array(1);
const f64Bits = new BigUint64Array(f64Scratch.buffer);

/** A decimal literal: fast paths through the host's correctly rounded `Number()`, exact arithmetic otherwise. */
function decimalBits(intPart: string, fracPart: string, exp: number, f: FloatFormat): bigint {
  const x = Number(`${intPart}.${fracPart}e${exp}`);
  if (f === F64) {
    if (x === Infinity) throw new RangeError('constant out of range');
    f64Scratch[0] = x;
    return f64Bits[0]!;
  }
  // binary32: rounding the binary64 result again is wrong only when it landed exactly on a binary32 midpoint.
  const y = Math.fround(x);
  if (y !== Infinity && y === x) return BigInt(f32Bits(y));
  if (y !== Infinity && !isF32Midpoint(x, y)) return BigInt(f32Bits(y));
  const digitsAll = `${intPart}${fracPart}`.replace(/^0+(?=.)/, '');
  return roundDecimal(BigInt(digitsAll), exp - fracPart.length, f);
}

/** The bits of the exactly representable binary64 `x` rounded once to the format; throws on overflow. */
function floatBits(x: number, f: FloatFormat): bigint {
  if (f === F64) {
    f64Scratch[0] = x;
    return f64Bits[0]!;
  }
  const y = Math.fround(x);
  if (y === Infinity) throw new RangeError('constant out of range');
  return BigInt(f32Bits(y));
}

const f32Scratch = new Float32Array(1);
const f32U32 = new Uint32Array(f32Scratch.buffer);
function f32Bits(x: number): number {
  f32Scratch[0] = x;
  return f32U32[0]!;
}

/** Is `x` (a binary64) exactly halfway between `y = fround(x)` and its other binary32 neighbour? */
function isF32Midpoint(x: number, y: number): boolean {
  const bits = f32Bits(y);
  const other = x > y ? bits + 1 : bits - 1;
  f32U32[0] = other;
  const z = f32Scratch[0]!;
  return (y + z) / 2 === x;
}

/** How many recently parsed float literals each cache holds before it is cleared. */
const CACHE_LIMIT = 4096;

/**
 * `parse` behind a cache of recently parsed literals (scripts repeat the same few edge values thousands of
 * times). Holds results (undefined included); errors thrown are recomputed.
 */
function cached<T>(parse: (s: string) => T | undefined): (s: string) => T | undefined {
  const cache = new Map<string, T | undefined>();
  return (s) => {
    let v = cache.get(s);
    if (v !== undefined || cache.has(s)) return v;
    v = parse(s);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(s, v);
    return v;
  };
}

/** An `f32.const` literal as its bit pattern (uint32), or undefined. */
export const parseF32: (s: string) => number | undefined = cached(parseF32Uncached);

function parseF32Uncached(s: string): number | undefined {
  const neg = s.charCodeAt(0) === 0x2d;
  const mag = parseMagnitude(neg || s.charCodeAt(0) === 0x2b ? s.slice(1) : s, F32);
  if (mag === undefined) return undefined;
  return (Number(mag) | (neg ? 0x8000_0000 : 0)) >>> 0;
}

/** An `f64.const` literal as its bit pattern (uint64 bigint), or undefined. */
export const parseF64: (s: string) => bigint | undefined = cached(parseF64Uncached);

function parseF64Uncached(s: string): bigint | undefined {
  const neg = s.charCodeAt(0) === 0x2d;
  const body = neg || s.charCodeAt(0) === 0x2b ? s.slice(1) : s;
  // Fast path: plain decimal literals.
  if (/^[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$/.test(body)) {
    const x = Number(body);
    if (x === Infinity) throw new RangeError('constant out of range');
    f64Scratch[0] = x;
    return f64Bits[0]! | (neg ? 0x8000_0000_0000_0000n : 0n);
  }
  const mag = parseMagnitude(body, F64);
  if (mag === undefined) return undefined;
  return mag | (neg ? 0x8000_0000_0000_0000n : 0n);
}
