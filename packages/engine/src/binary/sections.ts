/**
 * The module-level sections with simple vectors (spec §5.5): type, import, function, table, memory, global,
 * export and start. Each reads its contents at the context's reader position and appends to the module info;
 * imports come first in every index space because the import section precedes the others.
 */
import { readEntries, type DecodeContext } from './context.js';
import { readConstExpr } from './const-expr.js';
import { readFuncType, readGlobalType, readMemoryType, readTableType } from './types.js';

export function readTypeSection(ctx: DecodeContext): void {
  const { r, info, features, offsets } = ctx;
  readEntries(r, offsets.types, () => info.types.push(readFuncType(r, features)));
}

export function readImportSection(ctx: DecodeContext): void {
  readEntries(ctx.r, ctx.offsets.imports, () => readImport(ctx));
}

function readImport(ctx: DecodeContext): void {
  const { r, info, features, offsets } = ctx;
  const module = r.name();
  const name = r.name();
  const kindOffset = r.pos;
  const descOffset = kindOffset + 1;
  switch (r.u8()) {
    case 0x00: {
      offsets.funcs.push(descOffset);
      const typeIndex = r.u32();
      info.imports.push({ module, name, desc: { kind: 'func', typeIndex } });
      info.funcTypes.push(typeIndex);
      info.importedFuncs++;
      break;
    }
    case 0x01: {
      offsets.tables.push(descOffset);
      const type = readTableType(r, features);
      info.imports.push({ module, name, desc: { kind: 'table', type } });
      info.tables.push(type);
      info.importedTables++;
      break;
    }
    case 0x02: {
      offsets.memories.push(descOffset);
      const type = readMemoryType(r);
      info.imports.push({ module, name, desc: { kind: 'memory', type } });
      info.memories.push(type);
      info.importedMemories++;
      break;
    }
    case 0x03: {
      offsets.globals.push(descOffset);
      const type = readGlobalType(r, features);
      info.imports.push({ module, name, desc: { kind: 'global', type } });
      info.globals.push(type);
      info.importedGlobals++;
      break;
    }
    default:
      throw r.error('malformed import kind', kindOffset);
  }
}

/** The function section: one type index per defined function. */
export function readFunctionSection(ctx: DecodeContext): void {
  const { r, info, offsets } = ctx;
  readEntries(r, offsets.funcs, () => info.funcTypes.push(r.u32()));
}

export function readTableSection(ctx: DecodeContext): void {
  const { r, info, features, offsets } = ctx;
  readEntries(r, offsets.tables, () => info.tables.push(readTableType(r, features)));
}

export function readMemorySection(ctx: DecodeContext): void {
  const { r, info, offsets } = ctx;
  readEntries(r, offsets.memories, () => info.memories.push(readMemoryType(r)));
}

export function readGlobalSection(ctx: DecodeContext): void {
  const { r, info, features, offsets } = ctx;
  readEntries(r, offsets.globals, () => {
    info.globals.push(readGlobalType(r, features));
    info.globalInits.push(readConstExpr(ctx));
  });
}

const EXPORT_KINDS = ['func', 'table', 'memory', 'global'] as const;

export function readExportSection(ctx: DecodeContext): void {
  const { r, info, offsets } = ctx;
  readEntries(r, offsets.exports, () => {
    const name = r.name();
    const kindOffset = r.pos;
    const kind = EXPORT_KINDS[r.u8()];
    if (kind === undefined) throw r.error('malformed export kind', kindOffset);
    info.exports.push({ name, kind, index: r.u32() });
  });
}

export function readStartSection(ctx: DecodeContext): void {
  ctx.offsets.start = ctx.r.pos;
  ctx.info.start = ctx.r.u32();
}
