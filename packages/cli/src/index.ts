/**
 * `@weft/cli`: the weft command as a library. `main(argv)` runs the command in process; `runWastJson` and
 * `runWastFile` run wast2json spec scripts through `@weft/engine`'s public API and return counts per file,
 * which is what the spec-suite harness uses.
 *
 * @example
 * ```ts
 * import { runWastJson } from '@weft/cli';
 * const run = runWastJson('wasm-testsuite/json/core/i32');
 * console.log(`${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped`);
 * ```
 *
 * @packageDocumentation
 */
export { main } from './main.js';
export type { Io } from './io.js';
export { VERSION } from './version.js';
export { parseFeatures, FEATURE_FLAGS, type FeatureName } from './features.js';
export { runWastJson, runWastFile, findScripts, type WastOptions, type EngineConfig } from './wast/run.js';
export type { SessionHooks } from './wast/session.js';
export type { FileResult, RunResult, Failure, Note, Skip } from './wast/outcome.js';
export { formatCounts, formatFileLine, formatDetails } from './wast/report.js';
