/**
 * The WebAssembly features a module may use, as the decoder, validator and compiler see them. `Config` exposes
 * them as Wasmtime's flags (`wasmMultiValue`, `wasmBulkMemory`, ...); all Wasm 2.0 features are on by default.
 */
export interface Features {
  mutableGlobal: boolean;
  signExtension: boolean;
  saturatingFloatToInt: boolean;
  multiValue: boolean;
  bulkMemory: boolean;
  referenceTypes: boolean;
  simd: boolean;
}

export const DEFAULT_FEATURES: Readonly<Features> = Object.freeze({
  mutableGlobal: true,
  signExtension: true,
  saturatingFloatToInt: true,
  multiValue: true,
  bulkMemory: true,
  referenceTypes: true,
  simd: false,
});
