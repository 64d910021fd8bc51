/**
 * Element, data and data count sections (spec §5.5.12, §5.5.14, §5.5.15): all eight element segment encodings
 * (flags 0–7: active/passive/declarative × function indices/expressions × implicit/explicit table) and the three
 * data segment encodings (0: active in memory 0, 1: passive, 2: active with a memory index). Function-index
 * items are stored as one-instruction `ref.func` expressions so consumers see a single shape.
 */
import type { ConstExpr, DataSegment, ElemSegment, RefType, SegmentMode } from '@weft/serialize';
import { readEntries, type DecodeContext } from './context.js';
import { readConstExpr } from './const-expr.js';
import { featureError, readRefType } from './types.js';

const FUNCREF: RefType = 0x70;

export function readElemSection(ctx: DecodeContext): void {
  readEntries(ctx.r, ctx.offsets.elems, () => ctx.info.elems.push(readElemSegment(ctx)));
}

function readElemSegment(ctx: DecodeContext): ElemSegment {
  const { r, features } = ctx;
  const start = r.pos;
  const flags = r.u32();
  if (flags > 7) throw r.error('malformed elements segment kind', start);
  if (flags !== 0 && !features.bulkMemory) throw featureError(r, 'bulkMemory', start);
  // bit 0: not active (bit 1 then says declarative); bit 1 on an active segment: explicit table index;
  // bit 2: items are expressions rather than function indices.
  const mode: SegmentMode = (flags & 1) === 0 ? 'active' : (flags & 2) === 0 ? 'passive' : 'declarative';
  const explicit = (flags & 3) === 2;
  const exprs = (flags & 4) !== 0;
  const table = explicit ? r.u32() : 0;
  const offset = mode === 'active' ? readConstExpr(ctx) : undefined;
  let type: RefType = FUNCREF;
  if ((flags & 3) !== 0) {
    if (exprs) {
      type = readRefType(r, features);
    } else {
      const kindOffset = r.pos;
      if (r.u8() !== 0x00) throw r.error('malformed element kind', kindOffset);
    }
  }
  const count = r.len32();
  const items: ConstExpr[] = [];
  for (let i = 0; i < count; i++) {
    if (exprs) {
      items.push(readConstExpr(ctx));
    } else {
      const at = r.pos;
      items.push({ ops: [{ op: 'ref.func', index: r.u32() }], offset: at });
    }
  }
  return { mode, table, offset, type, items };
}

export function readDataSection(ctx: DecodeContext): void {
  readEntries(ctx.r, ctx.offsets.datas, () => ctx.info.datas.push(readDataSegment(ctx)));
}

function readDataSegment(ctx: DecodeContext): DataSegment {
  const { r, features } = ctx;
  const start = r.pos;
  const flags = r.u32();
  if (flags > 2) throw r.error('malformed data segment kind', start);
  if (flags !== 0 && !features.bulkMemory) throw featureError(r, 'bulkMemory', start);
  const memory = flags === 2 ? r.u32() : 0;
  const offset = flags === 1 ? undefined : readConstExpr(ctx);
  const len = r.len32();
  const bytes = r.bytesN(len);
  return { mode: flags === 1 ? 'passive' : 'active', memory, offset, bytes };
}

export function readDataCountSection(ctx: DecodeContext): void {
  ctx.info.dataCount = ctx.r.u32();
}
