/**
 * SIMD literals of the text format: `v128.const SHAPE lane*` (shapes i8x16 i16x8 i32x4 i64x2 f32x4 f64x2, lanes
 * checked against the lane width: "constant out of range", "wrong number of lane literals") and lane indices
 * (a u8: "malformed lane index"). Shared by the instruction encoder and the `.wast` value reader.
 */
import type { Cursor } from './cursor.js';
import { Tok } from './lexer.js';
import { parseF32, parseF64, parseI32, parseSigned } from './numbers.js';
import { keywords, readKeyword } from './keywords.js';

/** Lane shapes: lane count and bytes per lane. */
export const SHAPES = keywords<{ lanes: number; bytes: number; float: boolean }>({
  i8x16: { lanes: 16, bytes: 1, float: false },
  i16x8: { lanes: 8, bytes: 2, float: false },
  i32x4: { lanes: 4, bytes: 4, float: false },
  i64x2: { lanes: 2, bytes: 8, float: false },
  f32x4: { lanes: 4, bytes: 4, float: true },
  f64x2: { lanes: 2, bytes: 8, float: true },
});

/** A parsed `v128.const`: its 16 bytes, and each lane as an unsigned decimal bit pattern (or a NaN pattern). */
export interface V128 {
  shape: string;
  bytes: Uint8Array;
  lanes: string[];
}

/**
 * `SHAPE lane*` at the cursor. With `patterns`, float lanes may be `nan:canonical` / `nan:arithmetic` (script
 * results); their bytes are then zero.
 */
export function v128Const(c: Cursor, patterns = false): V128 {
  const shape = c.atom();
  const info = readKeyword(c, SHAPES);
  const bytes = new Uint8Array(16);
  const lanes: string[] = [];
  for (let i = 0; i < info.lanes; i++) {
    if (c.kind() !== Tok.Atom) throw c.error('wrong number of lane literals');
    const word = c.t.text(c.pos);
    let bits: bigint | undefined;
    if (patterns && info.float && (word === 'nan:canonical' || word === 'nan:arithmetic')) {
      lanes.push(word);
      c.pos++;
      continue;
    }
    if (info.bytes <= 4) {
      // Lanes of 32 bits or less: plain numbers.
      const n = lane32(c, word, info.bytes, info.float);
      for (let k = 0; k < info.bytes; k++) bytes[i * info.bytes + k] = (n >>> (8 * k)) & 0xff;
      lanes.push(String(n));
      c.pos++;
      continue;
    }
    try {
      if (!info.float) {
        const v = parseSigned(word);
        const width = BigInt(info.bytes * 8);
        if (v !== undefined && (v < -(1n << (width - 1n)) || v >= 1n << width)) throw new RangeError();
        bits = v === undefined ? undefined : BigInt.asUintN(Number(width), v);
      } else if (info.bytes === 4) {
        const b = parseF32(word);
        bits = b === undefined ? undefined : BigInt(b);
      } else bits = parseF64(word);
    } catch {
      throw c.error('constant out of range');
    }
    if (bits === undefined) throw c.error('unknown operator');
    for (let k = 0; k < info.bytes; k++) bytes[i * info.bytes + k] = Number((bits >> BigInt(8 * k)) & 0xffn);
    lanes.push(bits.toString());
    c.pos++;
  }
  if (isLiteral(c)) throw c.error('wrong number of lane literals');
  return { shape: shape!, bytes, lanes };
}

/** A lane of at most 32 bits as its unsigned bit pattern. */
function lane32(c: Cursor, word: string, bytes: number, float: boolean): number {
  let n: number | undefined;
  try {
    if (float) n = parseF32(word);
    else {
      const v = bytes === 4 ? parseI32(word) : parseSigned(word);
      if (typeof v === 'bigint') {
        const width = BigInt(bytes * 8);
        if (v < -(1n << (width - 1n)) || v >= 1n << width) throw new RangeError();
        n = Number(BigInt.asUintN(bytes * 8, v));
      } else n = v === undefined ? undefined : v >>> 0;
    }
  } catch {
    throw c.error('constant out of range');
  }
  if (n === undefined) throw c.error('unknown operator');
  return n;
}

/** Does a numeric literal (not the next instruction's keyword) follow? */
export function isLiteral(c: Cursor): boolean {
  if (c.kind() !== Tok.Atom) return false;
  const word = c.t.text(c.pos);
  return /^[+-]?([0-9]|inf|nan)/.test(word);
}

/** A lane index: an unsigned integer below 256. */
export function laneIndex(c: Cursor): number {
  const word = c.atom();
  const v = word === undefined ? undefined : parseSigned(word);
  if (v === undefined || word!.startsWith('+') || word!.startsWith('-') || v > 255n) {
    throw c.error('malformed lane index');
  }
  c.pos++;
  return Number(v);
}
