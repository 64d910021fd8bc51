/**
 * The WebAssembly features a module may use, as the decoder, validator and compiler see them, and how errors
 * name a feature that is switched off. `Config` exposes them as Wasmtime's flags (`wasmMultiValue`,
 * `wasmBulkMemory`, ...); all Wasm 2.0 features are on by default.
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

/**
 * How each feature is named in "… support is not enabled" errors, malformed (decoder) and invalid (validator)
 * alike: Wasmtime's (wasmparser's) wording.
 */
export const FEATURE_LABELS = {
  mutableGlobal: 'mutable global',
  signExtension: 'sign extension operations',
  saturatingFloatToInt: 'saturating float to int conversions',
  multiValue: 'multi-value',
  bulkMemory: 'bulk memory',
  referenceTypes: 'reference types',
  simd: 'SIMD',
} as const satisfies Record<keyof Features, string>;
