/**
 * A module artifact as a whole: the five sections `weft.engine`, `weft.types`, `weft.info`, `weft.code` and
 * `weft.funcs` in the container of `container.ts`. `encodeArtifact` writes one; `openArtifact` checks the
 * container and decodes the engine fields first, so a caller can reject an incompatible artifact before decoding
 * the module itself; `moduleParts` leaves each function's code for the caller to open (and check) when needed.
 */
import type { CompiledFunction } from './compiled.js';
import { CODE_SECTION, decodeCode, encodeCode, FUNCS_SECTION, type LoadedCode } from './code-section.js';
import { readContainer, writeContainer } from './container.js';
import { decodeEngineFields, ENGINE_SECTION, encodeEngineFields, type EngineFields } from './engine-section.js';
import { FormatError } from './errors.js';
import { decodeInfo, encodeInfo, INFO_SECTION } from './info-section.js';
import type { ModuleInfo } from './model.js';
import { decodeTypes, encodeTypes, TYPES_SECTION } from './types-section.js';

/** What a module artifact holds. */
export interface ModuleArtifact {
  /** Compatibility fields (see `weft.engine`). */
  fields: EngineFields;
  info: ModuleInfo;
  code: readonly CompiledFunction[];
}

/** Write a module artifact. */
export function encodeArtifact(artifact: ModuleArtifact): Uint8Array {
  const code = encodeCode(artifact.code);
  return writeContainer([
    { name: ENGINE_SECTION, bytes: encodeEngineFields(artifact.fields) },
    { name: TYPES_SECTION, bytes: encodeTypes(artifact.info.types) },
    { name: INFO_SECTION, bytes: encodeInfo(artifact.info) },
    { name: CODE_SECTION, bytes: code.code },
    { name: FUNCS_SECTION, bytes: code.funcs },
  ]);
}

/** A checked container whose engine fields are decoded; `module()` decodes the rest. */
export interface OpenedArtifact {
  fields: Array<[string, string]>;
  /** Decode types, info and code, checking every function's checksum. @throws FormatError */
  module(): { info: ModuleInfo; code: CompiledFunction[] };
  /**
   * Decode types, info and the functions' headers; each function's code is opened (and its checksum checked)
   * by `code.open`. The code is a private copy of the artifact's bytes unless `owned` (the caller hands the
   * bytes over and never changes them). @throws FormatError
   */
  moduleParts(owned?: boolean): { info: ModuleInfo; code: LoadedCode };
}

/**
 * Check an artifact's container (magic, version, length, checksum, section table) and decode its engine fields.
 *
 * @throws FormatError when the bytes are not a well-formed artifact of this format version.
 */
export function openArtifact(bytes: Uint8Array): OpenedArtifact {
  const { sections } = readContainer(bytes);
  const section = (name: string): Uint8Array => {
    const s = sections.get(name);
    if (s === undefined) throw new FormatError(`section ${name} is missing`);
    return s;
  };
  const fields = decodeEngineFields(section(ENGINE_SECTION));
  return {
    fields,
    module() {
      const { info, code } = this.moduleParts();
      return { info, code: code.funcs.map((f, i) => Object.assign(f, code.open(i))) };
    },
    moduleParts(owned = false) {
      const types = decodeTypes(section(TYPES_SECTION));
      const info = decodeInfo(section(INFO_SECTION), types);
      return { info, code: decodeCode(section(CODE_SECTION), section(FUNCS_SECTION), owned) };
    },
  };
}
