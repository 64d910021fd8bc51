/**
 * `InstancePre`: a module whose imports a `Linker` has already resolved and type-checked, so instantiating it in
 * a store only materialises the definitions (host functions are created in that store on first use) and runs
 * instantiation. Commands defined with `Linker.module` use one to create a fresh instance per call.
 */
import type { Definition } from './linker-defs.js';
import { materialize } from './linker-defs.js';
import type { CallAsyncOptions } from './func.js';
import { Instance, instantiateDeferred } from './instance.js';
import { callFuncAsync } from './runtime/call.js';
import type { Module } from './module.js';
import { storeOf, type StoreLike } from './store.js';

/**
 * A module with its imports resolved by a {@link Linker}, ready to be instantiated many times.
 *
 * @remarks
 * Holds the definitions the linker had when `instantiatePre` was called; later changes to the linker do not
 * affect it. Definitions that are store objects (from `define` or `instance`) only instantiate in their store.
 *
 * @example
 * ```ts
 * const pre = linker.instantiatePre(module);
 * const a = pre.instantiate(new Store(engine));
 * const b = pre.instantiate(new Store(engine));
 * ```
 */
export class InstancePre<T = unknown> {
  /** The module to instantiate. */
  readonly module: Module;
  readonly #defs: readonly Definition[];

  /** @internal */
  constructor(module: Module, defs: readonly Definition[]) {
    this.module = module;
    this.#defs = defs;
  }

  /**
   * Instantiate in `store`.
   *
   * @throws LinkError when an import does not fit (e.g. a memory that is now too small).
   * @throws Trap when a segment is out of bounds or the start function traps.
   * @throws WeftError when a definition belongs to another store.
   */
  instantiate(store: StoreLike<T>): Instance {
    const s = storeOf(store);
    const imports = this.module.info.imports;
    return new Instance(
      s,
      this.module,
      this.#defs.map((d, i) => materialize(s, d, `${imports[i]!.module}::${imports[i]!.name}`)),
    );
  }

  /**
   * Instantiate in `store` asynchronously: the start function, if any, runs as `Func.callAsync` does (it may
   * yield, call async host functions and be aborted through `options.signal`).
   *
   * @throws LinkError when an import does not fit.
   * @throws Trap when a segment is out of bounds or the start function traps.
   */
  async instantiateAsync(store: StoreLike<T>, options?: CallAsyncOptions): Promise<Instance> {
    const s = storeOf(store);
    const imports = this.module.info.imports;
    const { instance, start } = instantiateDeferred(
      s,
      this.module,
      this.#defs.map((d, i) => materialize(s, d, `${imports[i]!.module}::${imports[i]!.name}`)),
    );
    if (start !== undefined) await callFuncAsync(s.ctx, start, () => {}, () => undefined, options?.signal);
    return instance;
  }
}
