/**
 * `Engine`: the resolved `Config` plus what is shared by every module and store built with it — the engine-wide
 * interning of function types, which gives each distinct type a small integer id so that `call_indirect` (and
 * import matching) compare types with one integer comparison, across modules — and the fingerprint that
 * precompiled artifacts must match (`precompileModule`, `precompileCompatibilityHash`, `detectPrecompiled`) —
 * and the epoch counter, in shared memory so that another thread can tick it while a guest runs synchronously.
 */
import { hasArtifactMagic, type FuncType as RawFuncType } from '@weft/serialize';
import { hasCacheBackend } from './artifact/cache.js';
import { engineFields, fingerprintString } from './artifact/fingerprint.js';
import { sha256Hex } from './artifact/sha256.js';
import { fuelCostTable, NO_METERING, type Metering } from './compile/metering.js';
import { featuresOf, resolveConfig, type Config, type ResolvedConfig } from './config.js';
import { WeftError } from './errors.js';
import type { Features } from './features.js';
import { Module } from './module.js';

/**
 * A configured WebAssembly engine: the root object modules, stores and linkers are created from.
 *
 * @remarks
 * An engine is cheap to share: modules compiled with it can be instantiated in any store of the same engine.
 * Objects of different engines do not mix.
 *
 * @example
 * ```ts
 * const engine = new Engine();
 * const module = new Module(engine, bytes);
 * const store = new Store(engine);
 * ```
 */
export class Engine {
  /** The configuration, with defaults filled in. */
  readonly config: ResolvedConfig;
  /** @internal The features the pipeline sees. */
  readonly features: Features;
  /** @internal What the compiler meters: fuel costs and epoch checks, from the config. */
  readonly metering: Metering;
  readonly #epoch: Int32Array;
  readonly #typeIds = new Map<string, number>();
  readonly #types: RawFuncType[] = [];

  /**
   * @param config - settings; see {@link Config}. Omitted fields take Wasmtime's defaults.
   * @throws TypeError when a field is unknown or has a bad value (the message names the field).
   * @throws WeftError when a feature that is not supported yet is enabled.
   */
  constructor(config?: Config) {
    this.config = resolveConfig(config);
    this.features = featuresOf(this.config);
    const c = this.config;
    this.metering =
      !c.consumeFuel && !c.epochInterruption
        ? NO_METERING
        : Object.freeze({
            fuel: c.consumeFuel ? fuelCostTable(c.fuelCosts.operators) : undefined,
            bytesPerFuel: c.fuelCosts.bytesPerFuel,
            elementsPerFuel: c.fuelCosts.elementsPerFuel,
            epochs: c.epochInterruption,
          });
    // Shared memory where the host allows it (Node, cross-origin-isolated pages); else a plain buffer.
    this.#epoch = new Int32Array(typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
    this.fingerprintFields = engineFields(this.config);
    this.fingerprint = fingerprintString(this.fingerprintFields);
    if (this.config.cache !== undefined && !hasCacheBackend()) {
      throw new WeftError(
        "Config.cache needs a file system: import '@weft/engine/node' once before creating the engine",
      );
    }
  }

  /** @internal What artifacts compiled by this engine record in `weft.engine`, in order. */
  readonly fingerprintFields: ReadonlyArray<readonly [string, string]>;
  /** @internal The fingerprint fields as one string. */
  readonly fingerprint: string;

  /**
   * Compile a wasm binary to an artifact that `Module.deserialize` loads without compiling (Wasmtime's
   * `Engine::precompile_module`). Same as `new Module(engine, bytes).serialize()`.
   *
   * @throws CompileError when the binary is malformed or invalid.
   * @example
   * ```ts
   * const artifact = engine.precompileModule(wasm);
   * const module = Module.deserialize(engine, artifact);
   * ```
   */
  precompileModule(bytes: Uint8Array | ArrayBuffer): Uint8Array {
    return new Module(this, bytes).serialize();
  }

  /**
   * A hash of everything an artifact must match to load in this engine: weft version, artifact format
   * version, instruction set and every Config setting that changes compiled code (hex SHA-256). Engines with
   * equal hashes load each other's artifacts; use it to key artifact stores.
   */
  precompileCompatibilityHash(): string {
    return sha256Hex(new TextEncoder().encode(this.fingerprint));
  }

  /**
   * Whether `bytes` look like a weft artifact (by the magic number only, any format version): `'module'`, or
   * `undefined` for anything else, e.g. a wasm binary. Wasmtime's `Engine::detect_precompiled`.
   */
  static detectPrecompiled(bytes: Uint8Array | ArrayBuffer): 'module' | undefined {
    const u8 = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
    return u8 instanceof Uint8Array && hasArtifactMagic(u8) ? 'module' : undefined;
  }

  /**
   * Advance the epoch by one (Wasmtime's `Engine::increment_epoch`). Guests of stores whose deadline is reached
   * are interrupted at their next function entry or loop head (with `Config.epochInterruption`).
   *
   * @example
   * ```ts
   * const engine = new Engine({ epochInterruption: true });
   * store.setEpochDeadline(1);
   * setTimeout(() => engine.incrementEpoch(), 100); // or startEpochTicker from '@weft/engine/node'
   * ```
   */
  incrementEpoch(): void {
    Atomics.add(this.#epoch, 0, 1);
  }

  /** The current epoch (starts at 0). */
  currentEpoch(): number {
    return Atomics.load(this.#epoch, 0);
  }

  /**
   * The epoch counter: element 0 of an `Int32Array` over a `SharedArrayBuffer` (a plain buffer where the host has
   * none). Post it to a worker, which ticks it with `Atomics.add(counter, 0, 1)` while the main thread runs a
   * guest synchronously; `startEpochTicker` in `@weft/engine/node` does exactly that. Epochs count to 2^31 - 1.
   */
  get epochCounter(): Int32Array {
    return this.#epoch;
  }

  /** @internal The engine-wide id of a function type: equal ids ⇔ equal types. */
  internFuncType(type: RawFuncType): number {
    const key = `${type.params.join(',')}:${type.results.join(',')}`;
    let id = this.#typeIds.get(key);
    if (id === undefined) {
      id = this.#types.length;
      this.#types.push({ params: [...type.params], results: [...type.results] });
      this.#typeIds.set(key, id);
    }
    return id;
  }

  /** @internal The function type with id `id`. */
  funcTypeOf(id: number): RawFuncType {
    return this.#types[id]!;
  }

  /** Whether two engines are the same object (Wasmtime's `Engine::same`). */
  static same(a: Engine, b: Engine): boolean {
    return a === b;
  }
}
