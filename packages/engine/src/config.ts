/**
 * `Config`: the settings an `Engine` is built with, named as Wasmtime's (`wasmBulkMemory`, `maxWasmStack`, ...).
 * A zod schema checks them, fills in defaults and produces readable errors that name the bad field. Settings for
 * features that have not landed yet (SIMD, fuel, epochs) are accepted in their off position and rejected with a
 * clear "not supported yet" error when turned on. Fuel metering, epoch interruption and the operator costs are
 * compile settings: they change compiled code, so artifacts record them (`compileSettings`).
 */
import { z } from 'zod';
import { WeftError } from './errors.js';
import type { Features } from './features.js';
import { isOperatorName } from './compile/metering.js';

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
  /**
   * Deterministic fuel metering (Wasmtime's `consume_fuel`): every operator costs fuel (see `fuelCosts`), a store
   * starts with 0 (`store.setFuel`), and a guest that runs out traps with `OutOfFuel` at exactly the operator it
   * cannot pay. Default `false`.
   */
  consumeFuel?: boolean | undefined;
  /**
   * Epoch-based interruption (Wasmtime's `epoch_interruption`): function entries and loop heads check the engine's
   * epoch (`engine.incrementEpoch()`, also from another thread) against the store's deadline. Default `false`.
   */
  epochInterruption?: boolean | undefined;
  /**
   * What operators cost when `consumeFuel` is on. Defaults as Wasmtime's: 0 for `nop drop block loop unreachable
   * return else end`, 1 for every other operator; bulk operators also pay for their length.
   */
  fuelCosts?: FuelCosts | undefined;
  /**
   * An on-disk module cache: `new Module` looks up a compiled artifact keyed by SHA-256 of the engine's
   * fingerprint and the wasm bytes, and stores one after compiling. Needs a file system: import
   * `@weft/engine/node` once (it installs the Node backend). Default: no cache.
   */
  cache?: CacheConfig | undefined;
}

/**
 * Fuel costs. Overrides by operator mnemonic (`{ 'i64.div_s': 4, call: 5 }`, integers 0..1,000,000); bulk
 * operators pay their base cost plus 1 fuel per `bytesPerFuel` bytes (`memory.copy`, `memory.fill`,
 * `memory.init`; default 64) or per `elementsPerFuel` elements (`table.copy`, `table.fill`, `table.init`;
 * default 8), rounded down.
 */
export interface FuelCosts {
  operators?: Record<string, number> | undefined;
  bytesPerFuel?: number | undefined;
  elementsPerFuel?: number | undefined;
}

/** `FuelCosts` with defaults filled in and the overrides sorted by name. */
export interface ResolvedFuelCosts {
  readonly operators: Readonly<Record<string, number>>;
  readonly bytesPerFuel: number;
  readonly elementsPerFuel: number;
}

/** Where the module cache keeps its entries. */
export interface CacheConfig {
  /** The cache folder; created when missing. */
  directory: string;
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
  fuelCosts: z
    .strictObject({
      operators: z
        .record(z.string(), z.number().int().min(0).max(1_000_000))
        .superRefine((ops, ctx) => {
          for (const name of Object.keys(ops)) {
            if (!isOperatorName(name)) ctx.addIssue({ code: 'custom', message: `unknown operator "${name}"` });
          }
        })
        .default({})
        .transform((ops) => Object.fromEntries(Object.entries(ops).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))),
      bytesPerFuel: z.number().int().min(1).max(0x7fff_ffff).default(64),
      elementsPerFuel: z.number().int().min(1).max(0x7fff_ffff).default(8),
    })
    .default({ operators: {}, bytesPerFuel: 64, elementsPerFuel: 8 }),
  cache: z.strictObject({ directory: z.string().min(1, 'must not be empty') }).optional(),
});

/** A `Config` with every default filled in. */
export type ResolvedConfig = Readonly<
  Required<{ [K in Exclude<keyof Config, OptionalSetting | 'fuelCosts'>]-?: NonNullable<Config[K]> }> & {
    [K in OptionalSetting]?: NonNullable<Config[K]> | undefined;
  } & { fuelCosts: ResolvedFuelCosts }
>;
/** Settings whose default is "none". */
type OptionalSetting = 'cache';

// The interface and the schema must list the same fields with the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _inputMatches: Same<Required<z.input<typeof schema>>, Required<Config>> = true;
const _outputMatches: Same<z.output<typeof schema>, ResolvedConfig> = true;
void _inputMatches;
void _outputMatches;

const NOT_YET: ReadonlyArray<keyof ResolvedConfig> = ['wasmSimd'];

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

/**
 * Settings that only affect running, never the compiled code: artifacts and the module cache ignore them.
 * Every other setting is part of the engine fingerprint (`weft.engine`), so a new setting is included unless it
 * is listed here.
 */
export const RUNTIME_SETTINGS: ReadonlySet<string> = new Set<keyof ResolvedConfig>(['maxWasmStack', 'cache']);

/** The settings that change compiled code, by name, as strings (artifacts compare them field by field). */
export function compileSettings(c: ResolvedConfig): Array<[string, string]> {
  return Object.keys(c)
    .filter((key) => !RUNTIME_SETTINGS.has(key))
    .sort()
    .map((key) => {
      const v = (c as Record<string, unknown>)[key];
      return [key, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)];
    });
}
