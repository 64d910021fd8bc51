/**
 * `Store<T>`: the owner of all runtime objects (instances, functions, memories, tables, globals) and of the host
 * state `data`, plus the execution context (value stack and frames) guest code runs on, and what bounds its
 * guests: fuel, the epoch deadline and what happens at it, resource limits and the call hook. `Caller` stands in
 * for a store inside host functions, so API methods take either (`StoreLike`).
 */
import type { Engine } from './engine.js';
import { WeftError } from './errors.js';
import type { CallHook } from './exec/context.js';
import { newExecContext, type ExecContext } from './runtime/call.js';
import { limitsLimiter, StoreResources, type ResourceLimiter, type StoreLimits } from './runtime/limits.js';

/** What an epoch deadline callback returns to let the guest go on: a new deadline `continue` epochs from now. */
export interface EpochDeadlineContinue {
  continue: number;
}

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
  /** @internal Counts and limits of instances, memories and tables. */
  readonly resources = new StoreResources();

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
    let ctx = this.#ctx;
    if (ctx === undefined) {
      ctx = this.#ctx = newExecContext(this.engine.config.maxWasmStack);
      ctx.epoch = this.engine.epochCounter;
    }
    return ctx;
  }

  /**
   * Set the fuel left to `fuel` (Wasmtime's `Store::set_fuel`). A new store has 0. Each operator a guest runs
   * costs fuel (`Config.fuelCosts`); when the next one cannot be paid the guest traps with `OutOfFuel`.
   *
   * @throws WeftError when the engine was created without `consumeFuel`.
   * @throws RangeError when `fuel` is not an integer in [0, 2^53).
   * @example
   * ```ts
   * const store = new Store(new Engine({ consumeFuel: true }));
   * store.setFuel(10_000);
   * ```
   */
  setFuel(fuel: number | bigint): void {
    this.#checkFuel();
    const n = typeof fuel === 'bigint' ? Number(fuel) : fuel;
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`fuel must be an integer in [0, 2^53), got ${fuel}`);
    this.ctx.fuel = n;
  }

  /**
   * The fuel left (Wasmtime's `Store::get_fuel`): exact after every call, returned or trapped.
   *
   * @throws WeftError when the engine was created without `consumeFuel`.
   */
  getFuel(): number {
    this.#checkFuel();
    return this.#ctx === undefined ? 0 : Math.max(0, this.#ctx.fuel);
  }

  #checkFuel(): void {
    if (!this.engine.config.consumeFuel) {
      throw new WeftError('fuel is not enabled: create the engine with new Engine({ consumeFuel: true })');
    }
  }

  /**
   * Interrupt guests once the engine's epoch reaches the current epoch + `delta` (Wasmtime's
   * `Store::set_epoch_deadline`). The default deadline is 0: with `Config.epochInterruption` on, a guest is
   * interrupted at once unless a deadline is set. Checks happen at function entries and loop heads.
   *
   * @throws RangeError when `delta` is not a non-negative integer.
   */
  setEpochDeadline(delta: number): void {
    if (!Number.isSafeInteger(delta) || delta < 0) throw new RangeError(`delta must be a non-negative integer, got ${delta}`);
    this.ctx.epochDeadline = this.engine.currentEpoch() + delta;
  }

  /** At the epoch deadline, trap with `Interrupt` (the default). */
  epochDeadlineTrap(): void {
    this.ctx.onEpochDeadline = undefined;
  }

  /**
   * At the epoch deadline, call `callback`: returning `{ continue: delta }` sets a new deadline `delta` epochs
   * from now and the guest goes on; returning an `Error` (a `Trap`, say) or throwing traps the guest with it
   * (an error that is not a `WeftError` becomes a `HostError` trap).
   *
   * @example
   * ```ts
   * let slices = 0;
   * store.epochDeadlineCallback(() => (++slices < 10 ? { continue: 1 } : new Trap(TrapCode.Interrupt)));
   * ```
   */
  epochDeadlineCallback(callback: (store: Store<T>) => EpochDeadlineContinue | Error): void {
    if (typeof callback !== 'function') throw new TypeError('the epoch deadline callback must be a function');
    this.ctx.onEpochDeadline = () => {
      const r = callback(this);
      if (r instanceof Error) throw r;
      const delta = (r as EpochDeadlineContinue | null | undefined)?.continue;
      if (typeof delta !== 'number') {
        throw new WeftError('an epoch deadline callback must return { continue: delta } or an Error');
      }
      this.setEpochDeadline(delta);
    };
  }

  /**
   * Limit the resources of this store (Wasmtime's `Store::limiter`): plain `StoreLimits`, or a
   * `ResourceLimiter` asked before each memory or table growth; `undefined` removes the limits. Applies to
   * instances, memories and tables created afterwards, and to every growth from then on.
   *
   * @example
   * ```ts
   * store.limiter({ memorySize: 16 << 20, instances: 1 });
   * ```
   */
  limiter(limits: StoreLimits | ResourceLimiter | undefined): void {
    if (limits === undefined) {
      this.resources.setLimiter(undefined);
      return;
    }
    if (typeof limits !== 'object' || limits === null) throw new TypeError('limits must be an object');
    const custom = typeof (limits as ResourceLimiter).memoryGrowing === 'function';
    this.resources.setLimiter(custom ? (limits as ResourceLimiter) : limitsLimiter(limits as StoreLimits));
  }

  /**
   * Call `hook` at every transition between host and wasm (Wasmtime's `Store::call_hook`): `CallingWasm` and
   * `ReturningFromWasm` around calls from the host into wasm, `CallingHost` and `ReturningFromHost` around
   * calls from wasm to host functions. An error thrown by the hook traps the guest. `undefined` removes it.
   */
  callHook(hook: ((store: Store<T>, kind: CallHook) => void) | undefined): void {
    this.ctx.callHook = hook === undefined ? undefined : (kind) => hook(this, kind);
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
