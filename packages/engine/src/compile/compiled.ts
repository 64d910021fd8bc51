/**
 * The compiled form of one function. The interface lives in `@weft/serialize` (artifacts store it); it is
 * re-exported here so the compiler and executor keep importing it from beside them.
 */
export type { CompiledFunction } from '@weft/serialize';
