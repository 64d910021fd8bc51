/**
 * The field pass: encodes each module field, in text order, into its section — imports (and inline imports),
 * functions with their locals and bodies, tables and memories (with inline element and data segments), globals,
 * exports (and inline exports), the start function, element and data segments. Element segments are written in
 * the same binary form `wat2wasm` chooses (function indices where every item is a `ref.func` of a funcref
 * segment, expressions otherwise; no table index for table 0 with funcref).
 */
import { FuncContext, type ModuleContext } from './context.js';
import { instrs, folded } from './instructions.js';
import { globalType, limits, refType, tableType, typeUse, valType, VAL_TYPES, writeLimits } from './types.js';
import { Tok } from './lexer.js';
import { Writer } from './writer.js';
import { keywords, readKeyword } from './keywords.js';

const FUNCREF = 0x70;
const END = 0x0b;
const PAGE = 65536;

/** The index spaces that can be imported and exported. */
type ExternSpace = 'func' | 'table' | 'memory' | 'global';

/** Import and export kinds by keyword. */
const EXTERN_KINDS = keywords<[kind: number, space: ExternSpace]>({
  func: [0, 'func'],
  table: [1, 'table'],
  memory: [2, 'memory'],
  global: [3, 'global'],
});

export function encodeFields(m: ModuleContext): void {
  const c = m.c;
  const body = new Writer();
  while (c.isLParen()) {
    const head = c.groupHead();
    c.pos += 2;
    switch (head) {
      case 'type':
        c.pos -= 2;
        c.skipGroup();
        continue;
      case 'import':
        importField(m);
        break;
      case 'func':
        funcField(m, body);
        break;
      case 'table':
        tableField(m);
        break;
      case 'memory':
        memoryField(m);
        break;
      case 'global':
        globalField(m);
        break;
      case 'export':
        exportField(m);
        break;
      case 'start':
        if (m.start !== undefined) throw c.error('multiple start sections', c.pos - 2);
        m.start = m.index('func');
        break;
      case 'elem':
        elemField(m);
        break;
      case 'data':
        dataField(m);
        break;
      default:
        throw c.unexpected();
    }
    c.rparen();
  }
}

/** Inline `(export "name")*` of an item of `kind` at `index`. */
function inlineExports(m: ModuleContext, kind: number, index: number): void {
  const c = m.c;
  while (c.isGroup('export')) {
    c.pos += 2;
    m.exports.name(c.name());
    m.exports.u8(kind);
    m.exports.u32(index);
    m.exportCount++;
    c.rparen();
  }
}

/** An inline `(import "module" "name")`: writes the names; the caller writes the description. */
function inlineImport(m: ModuleContext): boolean {
  const c = m.c;
  if (!c.isGroup('import')) return false;
  c.pos += 2;
  m.imports.name(c.name());
  m.imports.name(c.name());
  c.rparen();
  m.importCount++;
  return true;
}

/** An import's description: its kind byte, then its type read from the text, into the import section. */
function importDesc(m: ModuleContext, kind: number): void {
  const c = m.c;
  const w = m.imports;
  w.u8(kind);
  if (kind === 0) w.u32(typeUse(m, []).index);
  else if (kind === 1) tableType(c, w);
  else if (kind === 2) limits(c, w);
  else globalType(c, w);
}

/**
 * The start of a func, table, memory or global field: its index in its space, an optional id and inline
 * exports; then, when it is an inline import, the whole import (`imported`: nothing more to read).
 */
function itemField(m: ModuleContext, space: ExternSpace): { index: number; imported: boolean } {
  const kind = EXTERN_KINDS[space]![0];
  const index = m.next[space]++;
  m.c.id();
  inlineExports(m, kind, index);
  const imported = inlineImport(m);
  if (imported) importDesc(m, kind);
  return { index, imported };
}

function importField(m: ModuleContext): void {
  const c = m.c;
  const w = m.imports;
  w.name(c.name());
  w.name(c.name());
  c.lparen();
  const atom = c.atom();
  const space: ExternSpace = atom === 'func' || atom === 'table' || atom === 'memory' ? atom : 'global';
  c.pos++;
  c.id();
  m.next[space]++;
  importDesc(m, EXTERN_KINDS[space]![0]);
  c.rparen();
  m.importCount++;
}

function funcField(m: ModuleContext, body: Writer): void {
  const c = m.c;
  if (itemField(m, 'func').imported) return;
  const names: (string | undefined)[] = [];
  const use = typeUse(m, names);
  m.funcTypes.push(use.index);
  body.len = 0;
  const f = new FuncContext(m, body);
  for (let i = 0; i < names.length; i++) {
    const id = names[i];
    if (id === undefined) continue;
    if (f.locals.has(id)) throw c.error('duplicate local');
    f.locals.set(id, i);
  }
  const locals: number[] = [];
  let next = use.sig.params.length;
  while (c.isGroup('local')) {
    c.pos += 2;
    const idAt = c.pos;
    const id = c.id();
    if (id !== undefined) {
      if (f.locals.has(id)) throw c.error('duplicate local', idAt);
      f.locals.set(id, next++);
      locals.push(valType(c));
    } else {
      while (!c.isRParen()) {
        locals.push(valType(c));
        next++;
      }
    }
    c.rparen();
  }
  writeLocals(body, locals);
  instrs(f);
  body.u8(END);
  m.code.sized(body);
}

/** Local declarations: runs of equal types. */
function writeLocals(w: Writer, locals: number[]): void {
  let runs = 0;
  for (let i = 0; i < locals.length; i++) if (i === 0 || locals[i] !== locals[i - 1]) runs++;
  w.u32(runs);
  for (let i = 0; i < locals.length; ) {
    let j = i;
    while (j < locals.length && locals[j] === locals[i]) j++;
    w.u32(j - i);
    w.u8(locals[i]!);
    i = j;
  }
}

function tableField(m: ModuleContext): void {
  const c = m.c;
  const { index, imported } = itemField(m, 'table');
  if (imported) return;
  m.tableCount++;
  const word = c.atom();
  if (word !== undefined && VAL_TYPES[word] !== undefined) {
    // `reftype (elem …)`: a table exactly as large as its inline element segment.
    const elem = refType(c);
    c.group('elem');
    const items = c.isLParen() ? exprItems(m) : funcItems(m);
    c.rparen();
    m.tables.u8(elem);
    writeLimits(m.tables, items.count, items.count);
    m.next.elem++;
    writeElem(m, { table: index, offset: I32_ZERO }, elem, items);
    return;
  }
  tableType(c, m.tables);
}

/** `i32.const 0` as an offset expression. */
const I32_ZERO = Uint8Array.of(0x41, 0x00, END);

function memoryField(m: ModuleContext): void {
  const c = m.c;
  const { index, imported } = itemField(m, 'memory');
  if (imported) return;
  m.memoryCount++;
  if (c.isGroup('data')) {
    // `(data "…"*)`: a memory exactly as large as its inline data segment.
    c.pos += 2;
    const bytes = strings(m);
    c.rparen();
    const pages = Math.ceil(bytes.length / PAGE);
    writeLimits(m.memories, pages, pages);
    m.next.data++;
    m.dataCount++;
    const w = m.datas;
    if (index === 0) w.u8(0);
    else {
      w.u8(2);
      w.u32(index);
    }
    w.bytes(I32_ZERO);
    w.u32(bytes.length);
    w.bytes(bytes);
    return;
  }
  limits(c, m.memories);
}

function globalField(m: ModuleContext): void {
  const c = m.c;
  if (itemField(m, 'global').imported) return;
  m.globalCount++;
  globalType(c, m.globals);
  constExpr(m, m.globals);
}

/** `instr*` up to the closing parenthesis, then `end`. */
function constExpr(m: ModuleContext, w: Writer): void {
  instrs(new FuncContext(m, w));
  w.u8(END);
}

function exportField(m: ModuleContext): void {
  const c = m.c;
  const w = m.exports;
  w.name(c.name());
  c.lparen();
  const kind = readKeyword(c, EXTERN_KINDS);
  w.u8(kind[0]);
  w.u32(m.index(kind[1]));
  c.rparen();
  m.exportCount++;
}

/** `(offset instr*)` or one folded instruction. */
function offsetExpr(m: ModuleContext): Uint8Array {
  const c = m.c;
  const w = new Writer();
  if (c.isGroup('offset')) {
    c.pos += 2;
    constExpr(m, w);
    c.rparen();
  } else {
    folded(new FuncContext(m, w));
    w.u8(END);
  }
  return w.view();
}

/** The items of an element segment. */
interface ElemItems {
  count: number;
  /** Function indices, when every item is a `ref.func`. */
  funcs: number[] | undefined;
  /** The items as constant expressions. */
  exprs: Writer;
}

/** `funcidx*`. */
function funcItems(m: ModuleContext): ElemItems {
  const funcs: number[] = [];
  const exprs = new Writer();
  while (m.isIndex()) {
    const f = m.index('func');
    funcs.push(f);
    exprs.u8(0xd2);
    exprs.u32(f);
    exprs.u8(END);
  }
  return { count: funcs.length, funcs, exprs };
}

/** `(item instr*)*` or folded instructions, one per item. */
function exprItems(m: ModuleContext): ElemItems {
  const c = m.c;
  const exprs = new Writer();
  let funcs: number[] | undefined = [];
  let count = 0;
  const f = new FuncContext(m, exprs);
  while (c.isLParen()) {
    const start = exprs.len;
    if (c.isGroup('item')) {
      c.pos += 2;
      instrs(f);
      c.rparen();
    } else folded(f);
    exprs.u8(END);
    count++;
    funcs = funcs && refFuncIndex(exprs.buf, start, exprs.len, funcs);
  }
  return { count, funcs, exprs };
}

/** If bytes [start, end) are `ref.func x end`, add x to `funcs`; else undefined. */
function refFuncIndex(b: Uint8Array, start: number, end: number, funcs: number[]): number[] | undefined {
  if (b[start] !== 0xd2) return undefined;
  let x = 0;
  let shift = 0;
  let i = start + 1;
  for (; i < end; i++) {
    x += (b[i]! & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b[i]! & 0x80) === 0) break;
  }
  if (i + 2 !== end) return undefined;
  funcs.push(x);
  return funcs;
}

type ElemMode = { table: number; offset: Uint8Array } | 'passive' | 'declare';

function elemField(m: ModuleContext): void {
  const c = m.c;
  m.next.elem++;
  c.id();
  let mode: ElemMode = 'passive';
  if (c.isKeyword('declare')) {
    c.pos++;
    mode = 'declare';
  } else {
    let table = 0;
    let active = false;
    if (c.isGroup('table')) {
      c.pos += 2;
      table = m.index('table');
      c.rparen();
      active = true;
    } else if (m.isIndex() && c.kind(c.pos + 1) === Tok.LParen) {
      table = m.index('table'); // legacy: a bare table index
      active = true;
    }
    if (active || c.isLParen()) mode = { table, offset: offsetExpr(m) };
  }
  let type = FUNCREF;
  let items: ElemItems;
  if (c.isKeyword('func')) {
    c.pos++;
    items = funcItems(m);
  } else if (c.atom() === 'funcref' || c.atom() === 'externref') {
    type = refType(c);
    items = exprItems(m);
  } else if (typeof mode === 'object') {
    items = funcItems(m); // legacy: `(elem (offset …) funcidx*)`
  } else throw c.unexpected();
  writeElem(m, mode, type, items);
}

function writeElem(m: ModuleContext, mode: ElemMode, type: number, items: ElemItems): void {
  const w = m.elems;
  m.elemCount++;
  const indices = type === FUNCREF ? items.funcs : undefined;
  const exprBit = indices ? 0 : 4;
  if (typeof mode === 'object') {
    if (mode.table === 0 && type === FUNCREF) {
      w.u8(exprBit);
      w.bytes(mode.offset);
    } else {
      w.u8(2 | exprBit);
      w.u32(mode.table);
      w.bytes(mode.offset);
      w.u8(indices ? 0 : type);
    }
  } else {
    w.u8((mode === 'passive' ? 1 : 3) | exprBit);
    w.u8(indices ? 0 : type);
  }
  w.u32(items.count);
  if (indices) for (const f of indices) w.u32(f);
  else w.bytes(items.exprs.view());
}

/** `string*`, concatenated. */
function strings(m: ModuleContext): Uint8Array {
  const c = m.c;
  const parts: Uint8Array[] = [];
  let length = 0;
  while (c.isString()) {
    const s = c.string();
    parts.push(s);
    length += s.length;
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function dataField(m: ModuleContext): void {
  const c = m.c;
  m.next.data++;
  m.dataCount++;
  c.id();
  const w = m.datas;
  let memory = 0;
  let active = false;
  if (c.isGroup('memory')) {
    c.pos += 2;
    memory = m.index('memory');
    c.rparen();
    active = true;
  } else if (m.isIndex()) {
    memory = m.index('memory'); // legacy: a bare memory index
    active = true;
  }
  if (active || c.isLParen()) {
    if (memory === 0) w.u8(0);
    else {
      w.u8(2);
      w.u32(memory);
    }
    w.bytes(offsetExpr(m));
  } else w.u8(1);
  const bytes = strings(m);
  w.u32(bytes.length);
  w.bytes(bytes);
}
