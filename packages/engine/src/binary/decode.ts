/**
 * `decodeModule`: a module's bytes into `ModuleInfo` (spec §5.5). Checks the header, section ids, order and
 * sizes, decodes every section and the custom `name` section, and applies the module-wide rules the binary
 * format owns: function and code section counts agree, the data count matches the data section, and
 * `memory.init`/`data.drop` have a data count section. Every failure is a malformed `CompileError` in the spec's
 * wording. Function bodies are located (locals decoded) but their instructions are left to the validator.
 *
 * Like the spec's reference decoder, a section's contents are read from the whole module rather than cut off at
 * the section's declared end, and a section that ends elsewhere than declared is "section size mismatch"; that
 * is what makes our messages agree with the spec tests' (e.g. an unterminated constant expression runs into the
 * next section and meets an illegal opcode). The returned info aliases `bytes` (data segments, custom sections).
 */
import type { ItemOffsets, ModuleInfo } from '@weft/serialize';
import type { Features } from '../features.js';
import { CompileError } from '../errors.js';
import { checkDataCountUse, firstBodyError, readCodeSection } from './code.js';
import type { DecodeContext } from './context.js';
import { decodeNameSection } from './names.js';
import { newOperator } from './operator.js';
import { Reader } from './reader.js';
import {
  readExportSection,
  readFunctionSection,
  readGlobalSection,
  readImportSection,
  readMemorySection,
  readStartSection,
  readTableSection,
  readTypeSection,
} from './sections.js';
import { readDataCountSection, readDataSection, readElemSection } from './segments.js';
import { featureError } from './types.js';

/** Section ids (spec §5.5.2). */
export const SectionId = {
  Custom: 0,
  Type: 1,
  Import: 2,
  Function: 3,
  Table: 4,
  Memory: 5,
  Global: 6,
  Export: 7,
  Start: 8,
  Element: 9,
  Code: 10,
  Data: 11,
  DataCount: 12,
} as const;

/** Section decoders by id, and each id's rank in the required order (the data count section sits before code). */
const SECTIONS: { read: (ctx: DecodeContext) => void; rank: number }[] = [];
SECTIONS[SectionId.Type] = { read: readTypeSection, rank: 1 };
SECTIONS[SectionId.Import] = { read: readImportSection, rank: 2 };
SECTIONS[SectionId.Function] = { read: readFunctionSection, rank: 3 };
SECTIONS[SectionId.Table] = { read: readTableSection, rank: 4 };
SECTIONS[SectionId.Memory] = { read: readMemorySection, rank: 5 };
SECTIONS[SectionId.Global] = { read: readGlobalSection, rank: 6 };
SECTIONS[SectionId.Export] = { read: readExportSection, rank: 7 };
SECTIONS[SectionId.Start] = { read: readStartSection, rank: 8 };
SECTIONS[SectionId.Element] = { read: readElemSection, rank: 9 };
SECTIONS[SectionId.DataCount] = { read: readDataCountSection, rank: 10 };
SECTIONS[SectionId.Code] = { read: readCodeSection, rank: 11 };
SECTIONS[SectionId.Data] = { read: readDataSection, rank: 12 };

const MAGIC = 0x6d736100; // "\0asm" read as a little-endian u32
const VERSION = 1;

/** Empty item offsets, ready to be filled in section by section. */
export function emptyItemOffsets(): ItemOffsets {
  return {
    types: [], imports: [], funcs: [], tables: [], memories: [], globals: [], exports: [], start: undefined, elems: [], datas: [],
  };
}

/** An empty module info, ready to be filled in section by section. */
export function emptyModuleInfo(): ModuleInfo {
  return {
    types: [],
    imports: [],
    funcTypes: [],
    importedFuncs: 0,
    tables: [],
    importedTables: 0,
    memories: [],
    importedMemories: 0,
    globals: [],
    importedGlobals: 0,
    globalInits: [],
    exports: [],
    start: undefined,
    elems: [],
    datas: [],
    dataCount: undefined,
    bodies: [],
    names: { module: undefined, functions: new Map(), locals: new Map() },
    customSections: [],
  };
}

/**
 * Decode a module binary.
 *
 * @param validatesNext - the caller validates the module right after (`new Module`, `Module.validate`): the
 *   decoder then leaves the `memory.init`/`data.drop` data-count rule to the validator, which walks every body
 *   anyway and applies the same rule as a malformation (reported before any invalid construct), instead of
 *   walking the bodies that may hold one a second time.
 * @throws CompileError (with `malformed: true`) if the bytes are not a well-formed module.
 */
export function decodeModule(bytes: Uint8Array, features: Features, validatesNext = false): ModuleInfo {
  const r = new Reader(bytes);
  const info = emptyModuleInfo();
  const offsets = (info.offsets = emptyItemOffsets());
  const ctx: DecodeContext = { r, features, info, offsets, op: newOperator() };

  if (r.f32Bits() !== MAGIC) throw r.error('magic header not detected', 0);
  if (r.f32Bits() !== VERSION) throw r.error('unknown binary version', 4);
  try {
    readSections(ctx, validatesNext);
  } catch (err) {
    // A malformed instruction in an earlier function body is what the spec reports first. (Some errors are
    // reported at an offset before the point where they were found, e.g. a section's start.)
    if (err instanceof CompileError && info.bodies.length > 0) {
      throw firstBodyError(ctx, Math.max(err.offset, r.pos)) ?? err;
    }
    throw err;
  }
  return info;
}

/** The sections after the header, in order, then the module-wide checks. */
function readSections(ctx: DecodeContext, validatesNext: boolean): void {
  const { r, info, features } = ctx;
  const bytes = r.bytes;

  let lastRank = 0;
  let sawNames = false;
  while (r.pos < bytes.length) {
    const idOffset = r.pos;
    const id = r.u8();
    const section = SECTIONS[id];
    if (id !== SectionId.Custom && section === undefined) throw r.error('malformed section id', idOffset);
    if (id === SectionId.DataCount && !features.bulkMemory) throw featureError(r, 'bulkMemory', idOffset);
    const size = r.len32();
    const start = r.pos;
    const end = start + size;
    if (section === undefined) {
      sawNames = readCustomSection(ctx, end, sawNames);
      continue;
    }
    if (section.rank <= lastRank) throw r.error('unexpected content after last section', idOffset);
    lastRank = section.rank;
    section.read(ctx);
    if (r.pos !== end) throw r.error('section size mismatch', start);
  }

  if (info.funcTypes.length - info.importedFuncs !== info.bodies.length) {
    throw r.error('function and code section have inconsistent lengths', bytes.length);
  }
  if (info.dataCount === undefined) {
    if (!validatesNext) checkDataCountUse(ctx);
  } else if (info.dataCount !== info.datas.length) {
    throw r.error('data count and data section have inconsistent lengths', bytes.length);
  }
}

/**
 * A custom section: its name, then opaque bytes up to `end`. The first `name` section is decoded into
 * `info.names`. Returns whether a `name` section has been seen.
 */
function readCustomSection(ctx: DecodeContext, end: number, sawNames: boolean): boolean {
  const { r, info } = ctx;
  if (end > r.bytes.length) throw r.error('unexpected end of section or function', r.bytes.length);
  const name = r.name();
  if (r.pos > end) throw r.error('unexpected end of section or function', end);
  const payload = r.pos;
  r.pos = end;
  info.customSections.push({ name, bytes: r.bytes.subarray(payload, end) });
  if (name !== 'name' || sawNames) return sawNames;
  const names = decodeNameSection(r.bytes, payload, end);
  if (names !== undefined) info.names = names;
  return true;
}
