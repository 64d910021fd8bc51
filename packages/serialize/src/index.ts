/**
 * `@weft/serialize`: weft's module data model (what the decoder produces and artifacts store) and the AOT
 * artifact format: a container with magic, format version, section table and mx32 checksum (`container.ts`) holding
 * the sections `weft.engine`, `weft.types`, `weft.info`, `weft.code` and `weft.funcs` (`artifact.ts`). Depends on nothing else
 * in weft; the engine checks compatibility and verifies code on top of it. The format is described in
 * `docs/artifacts.md`.
 *
 * @packageDocumentation
 */
export * from './model.js';
export type { CompiledFunction } from './compiled.js';
export { FormatError } from './errors.js';
export { MAGIC, FORMAT_VERSION, SELF_CHECKED_SECTION, hasArtifactMagic, readContainer, writeContainer, type Section, type Container } from './container.js';
export { mx32, xxhash32 } from './checksum.js';
export type { EngineFields } from './engine-section.js';
export { encodeArtifact, openArtifact, type ModuleArtifact, type OpenedArtifact } from './artifact.js';
export type { FunctionWords, LoadedCode } from './code-section.js';
