/**
 * Assembling one module from its text fields: the scan pass (indices and identifiers), the field pass (section
 * contents), then the binary: header and the non-empty sections in the binary format's order, with the data
 * count section when `memory.init` or `data.drop` needs it (and there are data segments) — the same bytes `wat2wasm` writes.
 */
import { ModuleContext } from './context.js';
import type { Cursor } from './cursor.js';
import { encodeFields } from './fields.js';
import { scanFields } from './scan.js';
import { Writer } from './writer.js';

const HEADER = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

/** Encode the module fields at the cursor (up to the closing `)` or the end of input). */
export function assembleFields(c: Cursor): Uint8Array {
  const m = new ModuleContext(c);
  scanFields(m);
  encodeFields(m);
  return writeModule(m);
}

function writeModule(m: ModuleContext): Uint8Array {
  const out = new Writer();
  out.bytes(HEADER);
  const section = new Writer();
  const emit = (id: number, count: number, body: Writer | undefined) => {
    if (count === 0) return;
    section.len = 0;
    section.u32(count);
    if (body) section.bytes(body.view());
    out.u8(id);
    out.sized(section);
  };
  const types = new Writer();
  for (const t of m.types) {
    types.u8(0x60);
    types.u32(t.params.length);
    for (const p of t.params) types.u8(p);
    types.u32(t.results.length);
    for (const r of t.results) types.u8(r);
  }
  emit(1, m.types.length, types);
  emit(2, m.importCount, m.imports);
  const funcs = new Writer();
  for (const t of m.funcTypes) funcs.u32(t);
  emit(3, m.funcTypes.length, funcs);
  emit(4, m.tableCount, m.tables);
  emit(5, m.memoryCount, m.memories);
  emit(6, m.globalCount, m.globals);
  emit(7, m.exportCount, m.exports);
  if (m.start !== undefined) {
    out.u8(8);
    section.len = 0;
    section.u32(m.start);
    out.sized(section);
  }
  emit(9, m.elemCount, m.elems);
  if (m.usesDataCount && m.dataCount > 0) {
    out.u8(12);
    section.len = 0;
    section.u32(m.dataCount);
    out.sized(section);
  }
  emit(10, m.funcTypes.length, m.code);
  emit(11, m.dataCount, m.datas);
  return out.view().slice();
}
