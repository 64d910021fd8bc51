/**
 * Section `weft.info`: the module info of `model.ts` without its types (those are in `weft.types`) and without
 * item offsets (which only serve error messages of the decoder and validator): imports, function type indices,
 * tables, memories, globals and their initialisers, exports, start, element and data segments, function body
 * descriptions, names and custom sections. Fixed-width little-endian fields, counts before lists, a flag byte
 * before optional values. Decoding checks the shape (tags, enums, counts, bounds); whether indices are in range
 * is the engine's check, which runs the module validator over the result.
 */
import { ByteReader, ByteWriter } from './bytes.js';
import { readValType } from './types-section.js';
import {
  ValType,
  type ConstExpr,
  type ConstOp,
  type DataSegment,
  type ElemSegment,
  type ExternKind,
  type FuncType,
  type FunctionBody,
  type GlobalType,
  type ImportDesc,
  type Limits,
  type ModuleInfo,
  type RefType,
  type SegmentMode,
  type TableType,
} from './model.js';

export const INFO_SECTION = 'weft.info';

const KINDS: readonly ExternKind[] = ['func', 'table', 'memory', 'global'];
const MODES: readonly SegmentMode[] = ['active', 'passive', 'declarative'];
const CONST_OPS: readonly ConstOp['op'][] = [
  'i32.const', 'i64.const', 'f32.const', 'f64.const', 'v128.const', 'ref.null', 'ref.func', 'global.get',
  'i32.add', 'i32.sub', 'i32.mul', 'i64.add', 'i64.sub', 'i64.mul', 'other',
];

// ---- writing ----

export function encodeInfo(info: ModuleInfo): Uint8Array {
  const w = new ByteWriter();
  w.u32(info.imports.length);
  for (const imp of info.imports) {
    w.str(imp.module);
    w.str(imp.name);
    w.u8(KINDS.indexOf(imp.desc.kind));
    const d = imp.desc;
    if (d.kind === 'func') w.u32(d.typeIndex);
    else if (d.kind === 'table') tableType(w, d.type);
    else if (d.kind === 'memory') {
      limits(w, d.type.limits);
      w.bool(d.type.shared);
    } else globalType(w, d.type);
  }
  list(w, info.funcTypes, (t) => w.u32(t));
  w.u32(info.importedFuncs);
  list(w, info.tables, (t) => tableType(w, t));
  w.u32(info.importedTables);
  list(w, info.memories, (m) => {
    limits(w, m.limits);
    w.bool(m.shared);
  });
  w.u32(info.importedMemories);
  list(w, info.globals, (g) => globalType(w, g));
  w.u32(info.importedGlobals);
  list(w, info.globalInits, (e) => constExpr(w, e));
  list(w, info.exports, (e) => {
    w.str(e.name);
    w.u8(KINDS.indexOf(e.kind));
    w.u32(e.index);
  });
  w.optU32(info.start);
  list(w, info.elems, (e) => elem(w, e));
  list(w, info.datas, (d) => {
    w.u8(MODES.indexOf(d.mode));
    w.u32(d.memory);
    optConstExpr(w, d.offset);
    w.bytes(d.bytes);
  });
  w.optU32(info.dataCount);
  list(w, info.bodies, (b) => {
    list(w, b.locals, (run) => {
      w.u32(run.count);
      w.u8(run.type);
    });
    w.u32(b.localCount);
    w.u32(b.codeStart);
    w.u32(b.codeEnd);
    w.u32(b.bodyOffset);
  });
  const names = info.names;
  w.bool(names.module !== undefined);
  if (names.module !== undefined) w.str(names.module);
  list(w, [...names.functions], ([i, name]) => {
    w.u32(i);
    w.str(name);
  });
  list(w, [...names.locals], ([f, locals]) => {
    w.u32(f);
    list(w, [...locals], ([i, name]) => {
      w.u32(i);
      w.str(name);
    });
  });
  list(w, info.customSections, (c) => {
    w.str(c.name);
    w.bytes(c.bytes);
  });
  return w.finish();
}

function list<T>(w: ByteWriter, items: readonly T[], each: (item: T) => void): void {
  w.u32(items.length);
  for (const item of items) each(item);
}
function limits(w: ByteWriter, l: Limits): void {
  w.u32(l.min);
  w.optU32(l.max);
}
function tableType(w: ByteWriter, t: TableType): void {
  w.u8(t.elem);
  limits(w, t.limits);
}
function globalType(w: ByteWriter, g: GlobalType): void {
  w.u8(g.type);
  w.bool(g.mutable);
}
function elem(w: ByteWriter, e: ElemSegment): void {
  w.u8(MODES.indexOf(e.mode));
  w.u32(e.table);
  optConstExpr(w, e.offset);
  w.u8(e.type);
  list(w, e.items, (item) => constExpr(w, item));
}
function optConstExpr(w: ByteWriter, e: ConstExpr | undefined): void {
  w.bool(e !== undefined);
  if (e !== undefined) constExpr(w, e);
}
function constExpr(w: ByteWriter, e: ConstExpr): void {
  w.u32(e.offset);
  list(w, e.ops, (op) => {
    w.u8(CONST_OPS.indexOf(op.op));
    switch (op.op) {
      case 'i32.const':
        return w.i32(op.value);
      case 'i64.const':
        return w.i64(op.value);
      case 'f32.const':
        return w.u32(op.bits);
      case 'f64.const':
        return w.i64(op.bits);
      case 'v128.const':
        return w.bytes(op.bytes);
      case 'ref.null':
        return w.u8(op.type);
      case 'ref.func':
      case 'global.get':
        return w.u32(op.index);
      case 'other':
        w.u32(op.id);
        return w.u32(op.offset);
      default:
        return;
    }
  });
}

// ---- reading ----

/** Decode `weft.info`, completing it with the `types` of `weft.types`. */
export function decodeInfo(bytes: Uint8Array, types: FuncType[]): ModuleInfo {
  const r = new ByteReader(bytes, INFO_SECTION);
  const imports = readList(r, 10, () => {
    const module = r.str();
    const name = r.str();
    const kind = readKind(r);
    let desc: ImportDesc;
    if (kind === 'func') desc = { kind, typeIndex: r.u32() };
    else if (kind === 'table') desc = { kind, type: readTableType(r) };
    else if (kind === 'memory') desc = { kind, type: { limits: readLimits(r), shared: r.bool() } };
    else desc = { kind, type: readGlobalType(r) };
    return { module, name, desc };
  });
  const funcTypes = readList(r, 4, () => r.u32());
  const importedFuncs = r.u32();
  const tables = readList(r, 6, () => readTableType(r));
  const importedTables = r.u32();
  const memories = readList(r, 6, () => ({ limits: readLimits(r), shared: r.bool() }));
  const importedMemories = r.u32();
  const globals = readList(r, 2, () => readGlobalType(r));
  const importedGlobals = r.u32();
  const globalInits = readList(r, 8, () => readConstExpr(r));
  const exports = readList(r, 9, () => ({ name: r.str(), kind: readKind(r), index: r.u32() }));
  const start = r.optU32();
  const elems = readList(r, 11, (): ElemSegment => {
    const mode = readMode(r);
    const table = r.u32();
    const offset = readOptConstExpr(r);
    const type = readRefType(r);
    return { mode, table, offset, type, items: readList(r, 8, () => readConstExpr(r)) };
  });
  const datas = readList(r, 10, (): DataSegment => {
    const mode = readMode(r);
    if (mode === 'declarative') return r.fail('declarative data segment');
    return { mode, memory: r.u32(), offset: readOptConstExpr(r), bytes: r.byteRun() };
  });
  const dataCount = r.optU32();
  const bodies = readBodies(r);
  const module = r.bool() ? r.str() : undefined;
  const functions = new Map(readList(r, 8, () => [r.u32(), r.str()] as const));
  const locals = new Map(
    readList(r, 8, () => [r.u32(), new Map(readList(r, 8, () => [r.u32(), r.str()] as const))] as const),
  );
  const customSections = readList(r, 8, () => ({ name: r.str(), bytes: r.byteRun() }));
  r.end();
  return {
    types,
    imports,
    funcTypes,
    importedFuncs,
    tables,
    importedTables,
    memories,
    importedMemories,
    globals,
    importedGlobals,
    globalInits,
    exports,
    start,
    elems,
    datas,
    dataCount,
    bodies,
    names: { module, functions, locals },
    customSections,
  };
}

/** The function bodies: one per defined function, so a plain loop (no closure per item) keeps loading fast. */
function readBodies(r: ByteReader): FunctionBody[] {
  const n = r.count(20);
  const bodies: FunctionBody[] = new Array<FunctionBody>(n);
  for (let i = 0; i < n; i++) {
    const runs = r.count(5);
    const locals: FunctionBody['locals'] = [];
    for (let k = 0; k < runs; k++) {
      const count = r.u32();
      locals.push({ count, type: readValType(r) });
    }
    const localCount = r.u32();
    const codeStart = r.u32();
    const codeEnd = r.u32();
    bodies[i] = { locals, localCount, codeStart, codeEnd, bodyOffset: r.u32() };
  }
  return bodies;
}

function readList<T>(r: ByteReader, minBytes: number, each: () => T): T[] {
  const n = r.count(minBytes);
  const items: T[] = [];
  for (let i = 0; i < n; i++) items.push(each());
  return items;
}
function readKind(r: ByteReader): ExternKind {
  const k = r.u8();
  return KINDS[k] ?? r.fail(`unknown extern kind ${k}`);
}
function readMode(r: ByteReader): SegmentMode {
  const m = r.u8();
  return MODES[m] ?? r.fail(`unknown segment mode ${m}`);
}
function readRefType(r: ByteReader): RefType {
  const t = r.u8();
  if (t !== ValType.FuncRef && t !== ValType.ExternRef) r.fail(`unknown reference type 0x${t.toString(16)}`);
  return t;
}
function readLimits(r: ByteReader): Limits {
  return { min: r.u32(), max: r.optU32() };
}
function readTableType(r: ByteReader): TableType {
  return { elem: readRefType(r), limits: readLimits(r) };
}
function readGlobalType(r: ByteReader): GlobalType {
  return { type: readValType(r), mutable: r.bool() };
}
function readOptConstExpr(r: ByteReader): ConstExpr | undefined {
  return r.bool() ? readConstExpr(r) : undefined;
}
function readConstExpr(r: ByteReader): ConstExpr {
  const offset = r.u32();
  const ops = readList(r, 1, (): ConstOp => {
    const tag = r.u8();
    const op = CONST_OPS[tag] ?? r.fail(`unknown constant instruction ${tag}`);
    switch (op) {
      case 'i32.const':
        return { op, value: r.i32() };
      case 'i64.const':
        return { op, value: r.i64() };
      case 'f32.const':
        return { op, bits: r.u32() };
      case 'f64.const':
        return { op, bits: BigInt.asUintN(64, r.i64()) };
      case 'v128.const': {
        const bytes = r.byteRun();
        if (bytes.length !== 16) r.fail('v128 constant is not 16 bytes');
        return { op, bytes };
      }
      case 'ref.null':
        return { op, type: readRefType(r) };
      case 'ref.func':
      case 'global.get':
        return { op, index: r.u32() };
      case 'other':
        return { op, id: r.u32(), offset: r.u32() };
      default:
        return { op };
    }
  });
  return { ops, offset };
}
