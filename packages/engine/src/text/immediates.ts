/**
 * Immediate operands in the text format, one parser per `Imm` kind of the opcode table: each reads the
 * operator's immediates from the cursor and writes their binary encoding. A new immediate kind (SIMD lanes,
 * memory indices of multi-memory, …) is one more entry here; operators themselves come from `binary/opcodes.ts`.
 */
import { Imm, type OpInfo } from '../binary/opcodes.js';
import type { FuncContext } from './context.js';
import { Tok } from './lexer.js';
import { parseF32, parseF64, parseI32, parseI64, parseU32 } from './numbers.js';
import { isLiteral, laneIndex, v128Const } from './simd.js';
import { heapType, typeUse, valType } from './types.js';

/** Reads one operator's immediates and writes them. */
export type ImmediateParser = (f: FuncContext, op: OpInfo) => void;

/** A label reference: an identifier of an enclosing block, or a relative depth. */
export function labelIndex(f: FuncContext): number {
  const c = f.m.c;
  if (c.kind() === Tok.Id) {
    const id = c.t.text(c.pos);
    const at = f.labels.lastIndexOf(id);
    if (at === -1) throw c.error('unknown label');
    c.pos++;
    return f.labels.length - 1 - at;
  }
  return c.u32();
}

function localIndex(f: FuncContext): number {
  const c = f.m.c;
  if (c.kind() === Tok.Id) {
    const index = f.locals.get(c.t.text(c.pos));
    if (index === undefined) throw c.error('unknown local');
    c.pos++;
    return index;
  }
  return c.u32();
}

/** `offset=N`, `align=N`, written as flags (log2 of the alignment) and offset. */
function memArg(f: FuncContext, op: OpInfo): void {
  const c = f.m.c;
  let offset = 0;
  let align = 1 << op.natAlign;
  let word = c.atom();
  if (word?.startsWith('offset=')) {
    offset = number(f, word.slice(7), parseU32, 'i32 constant out of range');
    c.pos++;
    word = c.atom();
  }
  if (word?.startsWith('align=')) {
    align = number(f, word.slice(6), parseU32, 'i32 constant out of range');
    if (align === 0 || (align & (align - 1)) !== 0) throw c.error('alignment must be a power of two');
    c.pos++;
  }
  f.w.u32(31 - Math.clz32(align));
  f.w.u32(offset);
}

/**
 * Parse a literal with `parse`, as a text error when it is out of range (`range` message) or not a literal at all
 * ("unknown operator", as the reference interpreter's lexer reads a malformed number: a keyword).
 */
function number<T>(f: FuncContext, text: string, parse: (s: string) => T | undefined, range = 'constant out of range'): T {
  const c = f.m.c;
  let v: T | undefined;
  try {
    v = parse(text);
  } catch {
    throw c.error(range);
  }
  if (v === undefined) throw c.error('unknown operator');
  return v;
}

/** The literal token of a `*.const`. */
function literal<T>(f: FuncContext, parse: (s: string) => T | undefined): T {
  const c = f.m.c;
  if (c.kind() !== Tok.Atom) throw c.unexpected();
  const v = number(f, c.t.text(c.pos), parse);
  c.pos++;
  return v;
}

/** An optional index (tables, memories: default 0). */
function optionalIndex(f: FuncContext, space: 'table' | 'memory'): number {
  return f.m.isIndex() ? f.m.index(space) : 0;
}

const none: ImmediateParser = () => {};

export const IMMEDIATES: Record<Imm, ImmediateParser> = {
  [Imm.None]: none,
  // Block types are read by the block parser (they come with a label); see instructions.ts.
  [Imm.BlockType]: none,
  [Imm.Label]: (f) => f.w.u32(labelIndex(f)),
  [Imm.BrTable]: (f) => {
    const c = f.m.c;
    const labels: number[] = [];
    while (c.kind() === Tok.Id || (c.kind() === Tok.Atom && f.m.isIndex())) labels.push(labelIndex(f));
    if (labels.length === 0) throw c.unexpected();
    f.w.u32(labels.length - 1);
    for (const l of labels) f.w.u32(l);
  },
  [Imm.Func]: (f) => f.w.u32(f.m.index('func')),
  [Imm.CallIndirect]: (f) => {
    const table = optionalIndex(f, 'table');
    f.w.u32(typeUse(f.m).index);
    f.w.u32(table);
  },
  [Imm.Local]: (f) => f.w.u32(localIndex(f)),
  [Imm.Global]: (f) => f.w.u32(f.m.index('global')),
  [Imm.Table]: (f) => f.w.u32(optionalIndex(f, 'table')),
  [Imm.MemArg]: memArg,
  [Imm.Memory]: (f) => f.w.u32(optionalIndex(f, 'memory')),
  [Imm.I32]: (f) => f.w.s32(literal(f, parseI32)),
  [Imm.I64]: (f) => f.w.s64(literal(f, parseI64)),
  [Imm.F32]: (f) => f.w.f32(literal(f, parseF32)),
  [Imm.F64]: (f) => f.w.f64(literal(f, parseF64)),
  [Imm.RefType]: (f) => f.w.u8(heapType(f.m.c)),
  [Imm.SelectT]: (f) => {
    const c = f.m.c;
    const types: number[] = [];
    while (c.isGroup('result')) {
      c.pos += 2;
      while (!c.isRParen()) types.push(valType(c));
      c.rparen();
    }
    f.w.u32(types.length);
    for (const t of types) f.w.u8(t);
  },
  [Imm.MemoryInit]: (f) => {
    // `memory.init memidx? dataidx`: with two indices the first is the memory.
    const memory = f.m.isIndex(f.m.c.pos + 1) ? f.m.index('memory') : 0;
    f.w.u32(f.m.index('data'));
    f.w.u32(memory);
    f.m.usesDataCount = true;
  },
  [Imm.Data]: (f) => {
    f.w.u32(f.m.index('data'));
    f.m.usesDataCount = true;
  },
  [Imm.MemoryCopy]: (f) => {
    const dst = optionalIndex(f, 'memory');
    const src = optionalIndex(f, 'memory');
    f.w.u32(dst);
    f.w.u32(src);
  },
  [Imm.TableInit]: (f) => {
    // `table.init tableidx? elemidx`: with two indices the first is the table.
    const table = f.m.isIndex(f.m.c.pos + 1) ? f.m.index('table') : 0;
    f.w.u32(f.m.index('elem'));
    f.w.u32(table);
  },
  [Imm.Elem]: (f) => f.w.u32(f.m.index('elem')),
  [Imm.TableCopy]: (f) => {
    const dst = optionalIndex(f, 'table');
    const src = optionalIndex(f, 'table');
    f.w.u32(dst);
    f.w.u32(src);
  },
  [Imm.V128]: (f) => f.w.bytes(v128Const(f.m.c).bytes),
  [Imm.Lane]: (f) => f.w.u8(laneIndex(f.m.c)),
  [Imm.Shuffle]: (f) => {
    for (let i = 0; i < 16; i++) {
      if (f.m.c.kind() !== Tok.Atom) throw f.m.c.error('invalid lane length');
      f.w.u8(laneIndex(f.m.c));
    }
    if (isLiteral(f.m.c)) throw f.m.c.error('invalid lane length');
  },
  [Imm.MemArgLane]: (f, op) => {
    memArg(f, op);
    f.w.u8(laneIndex(f.m.c));
  },
};
