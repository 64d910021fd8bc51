/**
 * `--features` for the weft command: a comma-separated list of WebAssembly proposal names in wabt's spelling
 * (`simd`, `bulk-memory`, ...); a name turns the feature on, `-name` turns it off, `all` / `-all` every one.
 * The result is the part of an Engine `Config` that holds the matching `wasm*` flags.
 */
import type { Config } from '@weft/engine';

/** Proposal names (as wabt's `--enable-X` flags spell them) and their `Config` flags. */
export const FEATURE_FLAGS = {
  'mutable-global': 'wasmMutableGlobal',
  'sign-extension': 'wasmSignExtension',
  'saturating-float-to-int': 'wasmSaturatingFloatToInt',
  'multi-value': 'wasmMultiValue',
  'bulk-memory': 'wasmBulkMemory',
  'reference-types': 'wasmReferenceTypes',
  simd: 'wasmSimd',
} as const satisfies Record<string, keyof Config>;

export type FeatureName = keyof typeof FEATURE_FLAGS;

/**
 * Parse a `--features` list into Config flags. Later entries win: `-all,simd` turns on SIMD only.
 * @throws Error naming an unknown feature.
 */
export function parseFeatures(list: string): Config {
  const config: Record<string, boolean> = {};
  for (const raw of list.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const on = !item.startsWith('-');
    const name = on ? item.replace(/^\+/, '') : item.slice(1);
    if (name === 'all') {
      for (const flag of Object.values(FEATURE_FLAGS)) config[flag] = on;
    } else if (Object.hasOwn(FEATURE_FLAGS, name)) {
      config[FEATURE_FLAGS[name as FeatureName]] = on;
    } else {
      throw new Error(`unknown feature '${name}' (known: ${Object.keys(FEATURE_FLAGS).join(', ')}, all)`);
    }
  }
  return config as Config;
}
