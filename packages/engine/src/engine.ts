/**
 * `Engine`: the resolved `Config` plus what is shared by every module and store built with it — today the
 * engine-wide interning of function types, which gives each distinct type a small integer id so that
 * `call_indirect` (and import matching) compare types with one integer comparison, across modules.
 */
import type { FuncType as RawFuncType } from '@weft/serialize';
import { featuresOf, resolveConfig, type Config, type ResolvedConfig } from './config.js';
import type { Features } from './features.js';

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
