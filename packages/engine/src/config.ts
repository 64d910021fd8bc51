/**
 * `Config`: the settings an `Engine` is built with, named as Wasmtime's (`wasmBulkMemory`, `maxWasmStack`, ...).
 * A zod schema checks them, fills in defaults and produces readable errors that name the bad field. Settings for
 * features that have not landed yet (SIMD, fuel, epochs) are accepted in their off position and rejected with a
 * clear "not supported yet" error when turned on.
 */
import { z } from 'zod';
import { WeftError } from './errors.js';
import type { Features } from './features.js';

/**
 * Engine settings; every field is optional and defaults as Wasmtime's `Config` does.
 *
 * @example
 * ```ts
 * const engine = new Engine({ wasmSimd: false, maxWasmStack: 1 << 20 });
 * ```
 */
export interface Config {
  /** Multi-value block and function results. Default `true`. */
  wasmMultiValue?: boolean | undefined;
  /** Bulk memory and table operations (`memory.copy`, passive segments, ...). Default `true`. */
  wasmBulkMemory?: boolean | undefined;
  /** `funcref`/`externref` values, multiple tables, table instructions. Default `true`; needs bulk memory. */
  wasmReferenceTypes?: boolean | undefined;
  /** 128-bit SIMD. Default `false`; not supported yet (`true` throws). */
  wasmSimd?: boolean | undefined;
  /** Importing and exporting mutable globals. Default `true`. */
  wasmMutableGlobal?: boolean | undefined;
  /** Sign-extension operators (`i32.extend8_s`, ...). Default `true`. */
  wasmSignExtension?: boolean | undefined;
  /** Saturating float-to-int conversions (`i32.trunc_sat_f32_s`, ...). Default `true`. */
  wasmSaturatingFloatToInt?: boolean | undefined;
  /**
   * Bytes of wasm value stack a call may use (8 bytes per value slot) before it traps with `StackOverflow`.
   * Default 512 KiB; from 4096 bytes to 1 GiB.
   */
  maxWasmStack?: number | undefined;
  /** Deterministic fuel metering. Default `false`; not supported yet (`true` throws). */
  consumeFuel?: boolean | undefined;
  /** Epoch-based interruption. Default `false`; not supported yet (`true` throws). */
  epochInterruption?: boolean | undefined;
}

const schema = z.strictObject({
  wasmMultiValue: z.boolean().default(true),
  wasmBulkMemory: z.boolean().default(true),
  wasmReferenceTypes: z.boolean().default(true),
  wasmSimd: z.boolean().default(false),
  wasmMutableGlobal: z.boolean().default(true),
  wasmSignExtension: z.boolean().default(true),
  wasmSaturatingFloatToInt: z.boolean().default(true),
  maxWasmStack: z
    .number()
    .int()
    .min(4096, 'must be at least 4096 bytes')
    .max(1 << 30, 'must be at most 1 GiB')
    .default(512 * 1024),
  consumeFuel: z.boolean().default(false),
  epochInterruption: z.boolean().default(false),
});

/** A `Config` with every default filled in. */
export type ResolvedConfig = Readonly<Required<{ [K in keyof Config]-?: NonNullable<Config[K]> }>>;

// The interface and the schema must list the same fields with the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _inputMatches: Same<Required<z.input<typeof schema>>, Required<Config>> = true;
const _outputMatches: Same<z.output<typeof schema>, ResolvedConfig> = true;
void _inputMatches;
void _outputMatches;

const NOT_YET: ReadonlyArray<keyof ResolvedConfig> = ['wasmSimd', 'consumeFuel', 'epochInterruption'];

/**
 * Check `config` and fill in defaults.
 *
 * @throws TypeError naming the field, when a field is unknown or has the wrong type or range.
 * @throws WeftError when a feature that is not supported yet is turned on, or a combination is impossible.
 */
export function resolveConfig(config: Config | undefined): ResolvedConfig {
  const parsed = schema.safeParse(config ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    );
    throw new TypeError(`invalid Config: ${issues.join('; ')}`);
  }
  const c = parsed.data;
  for (const key of NOT_YET) {
    if (c[key]) throw new WeftError(`Config.${key} is not supported yet`);
  }
  if (c.wasmReferenceTypes && !c.wasmBulkMemory) {
    throw new WeftError('Config.wasmReferenceTypes requires Config.wasmBulkMemory to be enabled');
  }
  return Object.freeze(c);
}

/** The features the decoder, validator and compiler see for a resolved config. */
export function featuresOf(c: ResolvedConfig): Features {
  return Object.freeze({
    mutableGlobal: c.wasmMutableGlobal,
    signExtension: c.wasmSignExtension,
    saturatingFloatToInt: c.wasmSaturatingFloatToInt,
    multiValue: c.wasmMultiValue,
    bulkMemory: c.wasmBulkMemory,
    referenceTypes: c.wasmReferenceTypes,
    simd: c.wasmSimd,
  });
}
