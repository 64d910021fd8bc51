/**
 * A module artifact as a whole: the four sections `weft.engine`, `weft.types`, `weft.info` and `weft.code` in
 * the container of `container.ts`. `encodeArtifact` writes one; `openArtifact` checks the container and decodes
 * the engine fields first, so a caller can reject an incompatible artifact before decoding the module itself.
 */
import type { CompiledFunction } from './compiled.js';
import { CODE_SECTION, decodeCode, encodeCode } from './code-section.js';
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
  return writeContainer([
    { name: ENGINE_SECTION, bytes: encodeEngineFields(artifact.fields) },
    { name: TYPES_SECTION, bytes: encodeTypes(artifact.info.types) },
    { name: INFO_SECTION, bytes: encodeInfo(artifact.info) },
    { name: CODE_SECTION, bytes: encodeCode(artifact.code) },
  ]);
}

/** A checked container whose engine fields are decoded; `module()` decodes the rest. */
export interface OpenedArtifact {
  fields: Array<[string, string]>;
  /** Decode types, info and code. @throws FormatError */
  module(): { info: ModuleInfo; code: CompiledFunction[] };
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
      const types = decodeTypes(section(TYPES_SECTION));
      const info = decodeInfo(section(INFO_SECTION), types);
      return { info, code: decodeCode(section(CODE_SECTION)) };
    },
  };
}
