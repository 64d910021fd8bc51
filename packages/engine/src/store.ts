/**
 * `Store<T>`: the owner of all runtime objects (instances, functions, memories, tables, globals) and of the host
 * state `data`, plus the execution context (value stack and frames) guest code runs on. `Caller` stands in for a
 * store inside host functions, so API methods take either (`StoreLike`).
 */
import type { Engine } from './engine.js';
import { WeftError } from './errors.js';
import { newExecContext, type ExecContext } from './runtime/call.js';

/**
 * A collection of instances and host state: every runtime object (`Func`, `Memory`, `Table`, `Global`,
 * `Instance`) belongs to exactly one store.
 *
 * @remarks
 * Runtime objects are handles into their store: passing one with another store is a programmer error and throws
 * a `WeftError`. Nothing created in a store is freed before the store itself becomes garbage, as in Wasmtime, so
 * use short-lived stores for short-lived work. A store runs one call at a time (host functions may re-enter it).
 *
 * @typeParam T - the type of the host state `data`, visible to host functions as `caller.data`.
 *
 * @example
 * ```ts
 * const store = new Store(engine, { calls: 0 });
 * store.data.calls++;
 * ```
 */
export class Store<T = unknown> {
  /** The engine this store was created with. */
  readonly engine: Engine;
  /** The host state. */
  data: T;
  #ctx: ExecContext | undefined;
  /** @internal Public handles of runtime objects, so each object has one handle. */
  readonly handles = new WeakMap<object, unknown>();

  /**
   * @param engine - the engine whose modules this store instantiates.
   * @param data - the host state, `store.data`.
   */
  constructor(engine: Engine, data?: T) {
    this.engine = engine;
    this.data = data as T;
  }

  /** @internal The execution context, created on first use. */
  get ctx(): ExecContext {
    return (this.#ctx ??= newExecContext(this.engine.config.maxWasmStack));
  }
}

/** Something that gives access to a store: the `Store` itself, or the `Caller` inside a host function. */
export type StoreLike<T = unknown> = Store<T> | { readonly store: Store<T> };

/** @internal The store behind `s`. */
export function storeOf<T>(s: StoreLike<T>): Store<T> {
  if (s instanceof Store) return s;
  const inner = (s as { store?: unknown } | null | undefined)?.store;
  if (inner instanceof Store) return inner as Store<T>;
  throw new TypeError('expected a Store or a Caller');
}

/** @internal Throws unless `owner` is `store`. */
export function checkStore(owner: Store<any>, store: Store<any>, what: string): void {
  if (owner !== store) throw new WeftError(`${what} used with the wrong store`);
}
