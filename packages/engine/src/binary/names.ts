/**
 * The custom `name` section (spec appendix 7.4.1): module name (subsection 0), function names (1) and local
 * names (2); other subsections are skipped. Custom sections are opaque to the spec, so a malformed name section
 * never fails the module: `decodeNameSection` then returns `undefined` and the module simply has no names.
 */
import type { NameInfo } from '@weft/serialize';
import { CompileError } from '../errors.js';
import { Reader } from './reader.js';

/** Decode the payload `bytes[start, end)` of a `name` section; `undefined` if it is malformed. */
export function decodeNameSection(bytes: Uint8Array, start: number, end: number): NameInfo | undefined {
  const names: NameInfo = { module: undefined, functions: new Map(), locals: new Map() };
  const r = new Reader(bytes, start, end);
  try {
    while (!r.atEnd()) {
      const id = r.u8();
      const size = r.u32();
      const subEnd = r.pos + size;
      if (subEnd > end) return undefined;
      r.end = subEnd;
      if (id === 0) names.module = r.name();
      else if (id === 1) readNameMap(r, names.functions);
      else if (id === 2) readIndirectNameMap(r, names.locals);
      if (id <= 2 && r.pos !== subEnd) return undefined;
      r.pos = subEnd;
      r.end = end;
    }
  } catch (err) {
    if (err instanceof CompileError) return undefined;
    throw err;
  }
  return names;
}

function readNameMap(r: Reader, into: Map<number, string>): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const index = r.u32();
    into.set(index, r.name());
  }
}

function readIndirectNameMap(r: Reader, into: Map<number, Map<number, string>>): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const index = r.u32();
    const map = new Map<number, string>();
    readNameMap(r, map);
    into.set(index, map);
  }
}
