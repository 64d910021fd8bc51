/**
 * Reads one instruction (opcode and immediates) from a function body into a reusable `Operator`, driven by the
 * opcode table's immediate kinds. Shared by the validator and the compiler so both read code the same way.
 * Malformed encodings throw `CompileError` (malformed) with the spec's wording.
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
  /** Second immediate: table index (call_indirect, table.init), offset (memarg), memory/table index (copy, init). */
  b: number;
  /** i64 constant, or f64 bits (as uint64). */
  big: bigint;
  /** br_table: the label targets followed by the default; select_t: the value types. */
  list: number[];
}

export function newOperator(): Operator {
  return { op: 0, offset: 0, a: 0, b: 0, big: 0n, list: [] };
}

const VALID_BLOCK_VALTYPES = new Set([0x40, 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);

/** Read the next instruction at `r.pos` into `out`. */
export function readOperator(r: Reader, out: Operator): void {
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
  switch (OPS[id]!.imm) {
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
      out.big = r.s64();
      return;
    case Imm.F32:
      out.a = r.f32Bits();
      return;
    case Imm.F64:
      out.big = r.f64Bits();
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

/** A reserved memory-index byte that must be zero in Wasm 2.0 (multi-memory turns it into an index). */
function zeroByte(r: Reader): number {
  const start = r.pos;
  const b = r.u8();
  if (b !== 0) throw r.error('zero byte expected', start);
  return 0;
}
