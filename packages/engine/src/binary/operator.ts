/**
 * Reads one instruction (opcode and immediates) from a function body into a reusable `Operator`, driven by the
 * opcode table's immediate kinds. Shared by the validator and the compiler so both read code the same way.
 * Malformed encodings throw `CompileError` (malformed) with the spec's wording.
 *
 * Lowering speed: single-byte opcodes whose immediate is absent or one single-byte LEB128 (locals, labels,
 * small constants, block types, memargs with small alignment and offset: most of real code) are read without
 * the general per-byte `Reader` calls; anything else, including every error, goes the general way.
 */
import { Imm, OPS, OP_BY_BYTE, OP_BY_FC } from './opcodes.js';
import type { Reader } from './reader.js';

/** A decoded instruction. Reused between reads: copy what you keep. */
export interface Operator {
  /** Op id (index into `OPS`). */
  op: number;
  /** Byte offset of the opcode in the module. */
  offset: number;
  /**
   * First immediate: block type (raw s33: >= 0 a type index; < 0 a value type code `a & 0x7f`, 0x40 = empty),
   * label, function, local, global, table, memory, data or element index, type index (call_indirect),
   * alignment (memarg), i32 constant, f32 bits (as uint32), ref type code.
   */
  a: number;
  /**
   * Second immediate: table index (call_indirect, table.init), offset (memarg), memory/table index (copy, init).
   * i64.const and f64.const: `a` and `b` are the low and high 32 bits (as int32) of the value or bit pattern, so
   * no BigInt is made per constant (`bigOf`, `bitsOf` make one when needed).
   */
  b: number;
  /** br_table: the label targets followed by the default; select_t: the value types. */
  list: number[];
}

export function newOperator(): Operator {
  return { op: 0, offset: 0, a: 0, b: 0, list: [] };
}

/** An i64.const's value from its operator's `a`/`b` words. */
export function bigOf(op: Operator): bigint {
  return BigInt.asIntN(64, (BigInt(op.b) << 32n) | BigInt(op.a >>> 0));
}

/** An f64.const's bit pattern (as uint64) from its operator's `a`/`b` words. */
export function bitsOf(op: Operator): bigint {
  return (BigInt(op.b >>> 0) << 32n) | BigInt(op.a >>> 0);
}

const VALID_BLOCK_VALTYPES = new Set([0x40, 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);

/** Immediate kind by op id. */
const IMM = Uint8Array.from(OPS, (o) => o.imm);
/** 1 for the one-byte block types (empty, value types), by byte. */
const BLOCK_BYTE = new Uint8Array(256);
for (const t of VALID_BLOCK_VALTYPES) BLOCK_BYTE[t] = 1;

/** Read the next instruction at `r.pos` into `out`. */
export function readOperator(r: Reader, out: Operator): void {
  const bytes = r.bytes;
  const pos = r.pos;
  const end = r.end;
  if (pos >= end) {
    readGeneral(r, out);
    return;
  }
  const byte = bytes[pos]!;
  if (byte === 0xfc) {
    readGeneral(r, out);
    return;
  }
  const id = OP_BY_BYTE[byte]!;
  if (id < 0) throw r.error('illegal opcode', pos);
  out.offset = pos;
  out.op = id;
  const imm = IMM[id]!;
  if (imm === Imm.None) {
    r.pos = pos + 1;
    return;
  }
  const p = pos + 1;
  switch (imm) {
    case Imm.Label:
    case Imm.Func:
    case Imm.Local:
    case Imm.Global:
    case Imm.Table:
    case Imm.Data:
    case Imm.Elem: {
      const v = shortU32(bytes, p, end);
      if (v >= 0) {
        out.a = v;
        r.pos = next;
        return;
      }
      break;
    }
    case Imm.I32: {
      const v = shortS32(bytes, p, end);
      if (next >= 0) {
        out.a = v;
        r.pos = next;
        return;
      }
      break;
    }
    case Imm.I64: {
      const v = shortS32(bytes, p, end);
      if (next >= 0) {
        out.a = v;
        out.b = v < 0 ? -1 : 0;
        r.pos = next;
        return;
      }
      break;
    }
    case Imm.F32:
    case Imm.F64: {
      const n = imm === Imm.F32 ? 4 : 8;
      if (p + n <= end) {
        out.a = bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24);
        if (imm === Imm.F32) out.a >>>= 0;
        else out.b = bytes[p + 4]! | (bytes[p + 5]! << 8) | (bytes[p + 6]! << 16) | (bytes[p + 7]! << 24);
        r.pos = p + n;
        return;
      }
      break;
    }
    case Imm.BlockType:
      if (p < end) {
        const b = bytes[p]!;
        if (b < 0x40 || BLOCK_BYTE[b] === 1) {
          out.a = b < 0x40 ? b : b - 0x80;
          r.pos = p + 1;
          return;
        }
      }
      break;
    case Imm.MemArg:
    case Imm.CallIndirect: {
      const a = shortU32(bytes, p, end);
      if (a >= 0) {
        const b = shortU32(bytes, next, end);
        if (b >= 0) {
          out.a = a;
          out.b = b;
          r.pos = next;
          return;
        }
      }
      break;
    }
  }
  r.pos = p;
  readImmediates(r, out, imm);
}

/** Where the LEB128 that `shortU32`/`shortS32` read ends; -1 when they could not read it. */
let next = 0;

/**
 * A well-formed unsigned LEB128 of at most 32 bits at `p`, all before `end`, setting `next`; -1 for anything
 * else (the general reader then reads it, with its checks and errors). Five-byte encodings are common: linkers
 * leave relocatable indices and addresses padded to five bytes.
 */
function shortU32(bytes: Uint8Array, p: number, end: number): number {
  let result = 0;
  for (let i = 0; i < 4; i++) {
    if (p + i >= end) break;
    const b = bytes[p + i]!;
    result |= (b & 0x7f) << (7 * i);
    if (b < 0x80) {
      next = p + i + 1;
      return result;
    }
  }
  // The fifth byte holds bits 28-31 only, without a continuation bit.
  if (p + 4 < end && bytes[p + 3]! >= 0x80) {
    const b = bytes[p + 4]!;
    if (b < 0x10) {
      next = p + 5;
      return (result | (b << 28)) >>> 0;
    }
  }
  next = -1;
  return -1;
}

/** As `shortU32`, signed; failure is `next === -1`. */
function shortS32(bytes: Uint8Array, p: number, end: number): number {
  let result = 0;
  for (let i = 0; i < 4; i++) {
    if (p + i >= end) break;
    const b = bytes[p + i]!;
    result |= (b & 0x7f) << (7 * i);
    if (b < 0x80) {
      next = p + i + 1;
      return (b & 0x40) !== 0 ? result | (-1 << (7 * i + 7)) : result;
    }
  }
  // The fifth byte: bits 28-31, the rest copies the sign (bit 3), no continuation bit.
  if (p + 4 < end && bytes[p + 3]! >= 0x80) {
    const b = bytes[p + 4]!;
    const high = b & 0xf8;
    if (high === 0 || high === 0x78) {
      next = p + 5;
      return result | (b << 28);
    }
  }
  next = -1;
  return 0;
}

/** The general reader: any opcode (also 0xFC-prefixed ones), any encoding, every error. */
function readGeneral(r: Reader, out: Operator): void {
  out.offset = r.pos;
  const byte = r.u8();
  let id: number;
  if (byte === 0xfc) {
    const sub = r.u32();
    id = sub < OP_BY_FC.length ? OP_BY_FC[sub]! : -1;
  } else {
    id = OP_BY_BYTE[byte]!;
  }
  if (id < 0) throw r.error('illegal opcode', out.offset);
  out.op = id;
  readImmediates(r, out, OPS[id]!.imm);
}

function readImmediates(r: Reader, out: Operator, imm: number): void {
  switch (imm) {
    case Imm.None:
      return;
    case Imm.BlockType: {
      const start = r.pos;
      const bt = r.s33();
      if (bt < 0 && !VALID_BLOCK_VALTYPES.has(bt & 0x7f)) throw r.error('malformed value type', start);
      out.a = bt;
      return;
    }
    case Imm.Label:
    case Imm.Func:
    case Imm.Local:
    case Imm.Global:
    case Imm.Table:
    case Imm.Data:
    case Imm.Elem:
      out.a = r.u32();
      return;
    case Imm.BrTable: {
      const n = r.u32();
      const list = out.list;
      list.length = 0;
      for (let i = 0; i <= n; i++) list.push(r.u32());
      return;
    }
    case Imm.CallIndirect:
      out.a = r.u32();
      out.b = r.u32();
      return;
    case Imm.MemArg:
      out.a = r.u32();
      out.b = r.u32();
      return;
    case Imm.Memory:
      out.a = zeroByte(r);
      return;
    case Imm.I32:
      out.a = r.s32();
      return;
    case Imm.I64:
      readS64Words(r, out);
      return;
    case Imm.F32:
      out.a = r.f32Bits();
      return;
    case Imm.F64:
      out.a = r.f32Bits() | 0;
      out.b = r.f32Bits() | 0;
      return;
    case Imm.RefType: {
      const start = r.pos;
      const t = r.u8();
      if (t !== 0x70 && t !== 0x6f) throw r.error('malformed reference type', start);
      out.a = t;
      return;
    }
    case Imm.SelectT: {
      const n = r.u32();
      const list = out.list;
      list.length = 0;
      for (let i = 0; i < n; i++) list.push(r.u8());
      return;
    }
    case Imm.MemoryInit:
      out.a = r.u32();
      out.b = zeroByte(r);
      return;
    case Imm.MemoryCopy:
      out.a = zeroByte(r);
      out.b = zeroByte(r);
      return;
    case Imm.TableInit:
      out.a = r.u32();
      out.b = r.u32();
      return;
    case Imm.TableCopy:
      out.a = r.u32();
      out.b = r.u32();
      return;
  }
}

/**
 * Signed LEB128 of at most 64 bits (`Reader.s64`'s rules and errors) into `out.a` (low 32 bits) and `out.b`
 * (high 32 bits), as int32 words.
 */
function readS64Words(r: Reader, out: Operator): void {
  let lo = 0;
  let hi = 0;
  const start = r.pos;
  for (let shift = 0; ; shift += 7) {
    const b = r.u8();
    if (shift === 63) {
      // Only bit 0 carries data; the other bits must copy the sign.
      const high = b & 0x7f;
      if (high !== 0 && high !== 0x7f) throw r.error('integer too large', start);
      if ((b & 0x80) !== 0) throw r.error('integer representation too long', start);
      hi |= (b & 1) << 31;
      break;
    }
    const bits = b & 0x7f;
    if (shift < 32) {
      lo |= bits << shift;
      if (shift > 25) hi |= bits >>> (32 - shift);
    } else {
      hi |= bits << (shift - 32);
    }
    if ((b & 0x80) === 0) {
      const next = shift + 7;
      if ((b & 0x40) !== 0) {
        if (next < 32) {
          lo |= -1 << next;
          hi = -1;
        } else {
          hi |= -1 << (next - 32);
        }
      }
      break;
    }
  }
  out.a = lo;
  out.b = hi;
}

/** A reserved memory-index byte that must be zero in Wasm 2.0 (multi-memory turns it into an index). */
function zeroByte(r: Reader): number {
  const start = r.pos;
  const b = r.u8();
  if (b !== 0) throw r.error('zero byte expected', start);
  return 0;
}
