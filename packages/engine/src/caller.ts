/**
 * `Caller<T>`: what a host function receives as its first argument — the calling store (usable wherever a store is
 * expected), its host state, the exports of the calling instance (typically its `memory`), and the store's fuel.
 */
import type { Engine } from './engine.js';
import type { Extern } from './extern.js';
import type { Instance } from './instance.js';
import type { Store } from './store.js';

/**
 * The context of a host function call.
 *
 * @remarks
 * A `Caller` is valid only during the host call it was passed to. Pass it (or `caller.store`) to API methods
 * that take a store, e.g. to call back into wasm or to read memory.
 *
 * @example
 * ```ts
 * linker.funcWrap('env', 'log', { params: ['i32', 'i32'], results: [] }, (caller, ptr, len) => {
 *   const memory = caller.getExport('memory') as Memory;
 *   console.log(new TextDecoder().decode(memory.read(caller, ptr, len)));
 * });
 * ```
 */
export class Caller<T = unknown> {
  /** The store the call runs in. */
  readonly store: Store<T>;
  readonly #instance: Instance | undefined;

  /** @internal */
  constructor(store: Store<T>, instance: Instance | undefined) {
    this.store = store;
    this.#instance = instance;
  }

  /** The store's host state (`store.data`). */
  get data(): T {
    return this.store.data;
  }
  set data(value: T) {
    this.store.data = value;
  }

  /** The engine of the store. */
  get engine(): Engine {
    return this.store.engine;
  }

  /**
   * The store's fuel left, so host functions can meter their own work (Wasmtime's `Caller::get_fuel`).
   *
   * @throws WeftError when the engine was created without `consumeFuel`.
   */
  getFuel(): number {
    return this.store.getFuel();
  }

  /**
   * Set the store's fuel left, e.g. `caller.setFuel(caller.getFuel() - cost)` to charge for host work.
   *
   * @throws WeftError when the engine was created without `consumeFuel`.
   * @example
   * ```ts
   * linker.funcWrap('env', 'hash', { params: ['i32', 'i32'], results: [] }, (caller, ptr, len) => {
   *   const cost = len;
   *   if (caller.getFuel() < cost) throw new Trap(TrapCode.OutOfFuel);
   *   caller.setFuel(caller.getFuel() - cost);
   * });
   * ```
   */
  setFuel(fuel: number | bigint): void {
    this.store.setFuel(fuel);
  }

  /**
   * An export of the calling instance, or `undefined` when it has no such export or the function was called
   * from the host rather than from wasm.
   */
  getExport(name: string): Extern | undefined {
    return this.#instance?.getExport(this.store, name);
  }
}
