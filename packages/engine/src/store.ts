/**
 * `Store<T>`: the owner of all runtime objects (instances, functions, memories, tables, globals) and of the host
 * state `data`, plus the execution context (value stack and frames) guest code runs on, and what bounds its
 * guests: fuel, the epoch deadline and what happens at it, resource limits and the call hook. `Caller` stands in
 * for a store inside host functions, so API methods take either (`StoreLike`).
 */
import type { Engine } from './engine.js';
import { WeftError } from './errors.js';
import type { CallHook } from './exec/context.js';
import { fuelSplit } from './exec/fuel.js';
import { newExecContext, type ExecContext } from './runtime/call.js';
import { limitsLimiter, StoreResources, type ResourceLimiter, type StoreLimits } from './runtime/limits.js';

/** What an epoch deadline callback returns to let the guest go on: a new deadline `continue` epochs from now. */
export interface EpochDeadlineContinue {
  continue: number;
}

/**
 * What an epoch deadline callback returns to yield to the event loop, in an async call, and go on with a new
 * deadline `yield` epochs from now. (A synchronous call cannot yield: there it traps with `Interrupt`.)
 */
export interface EpochDeadlineYield {
  yield: number;
}

/**
 * A collection of instances and host state: every runtime object (`Func`, `Memory`, `Table`, `Global`,
 * `Instance`) belongs to exactly one store.
 *
 * @remarks
 * Runtime objects are handles into their store: passing one with another store is a programmer error and throws
 * a `WeftError`. Nothing created in a store is freed before the store itself becomes garbage, as in Wasmtime, so
 * use short-lived stores for short-lived work. A store runs one call at a time (host functions may re-enter it);
 * async calls (`callAsync`) on one store take turns, and many stores' async calls interleave on one thread.
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
    const ctx = this.ctx;
    ctx.fuel = n;
    ctx.fuelReserve = 0;
    if (ctx.activations.length > 0) fuelSplit(ctx);
  }

  /**
   * The fuel left (Wasmtime's `Store::get_fuel`): exact after every call, returned or trapped.
   *
   * @throws WeftError when the engine was created without `consumeFuel`.
   */
  getFuel(): number {
    this.#checkFuel();
    return this.#ctx === undefined ? 0 : Math.max(0, this.#ctx.fuel) + this.#ctx.fuelReserve;
  }

  /**
   * In async calls, yield to the event loop every `interval` units of fuel (Wasmtime's
   * `Store::fuel_async_yield_interval`); `undefined` or 0 turns it off. Yielding changes nothing in the fuel
   * accounting: a call consumes the same fuel, and runs out at the same operator, as a synchronous call.
   *
   * @throws WeftError when the engine was created without `consumeFuel`.
   * @throws RangeError when `interval` is not a non-negative integer.
   * @example
   * ```ts
   * store.setFuel(1e9);
   * store.fuelAsyncYieldInterval(10_000);
   * await run.callAsync(store, []);
   * ```
   */
  fuelAsyncYieldInterval(interval: number | undefined): void {
    this.#checkFuel();
    const n = interval ?? 0;
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`interval must be a non-negative integer, got ${interval}`);
    const ctx = this.ctx;
    ctx.fuelYieldInterval = n;
    if (ctx.activations.length > 0) fuelSplit(ctx);
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
   * At the epoch deadline, yield to the event loop and, once resumed, set a new deadline `delta` epochs from
   * then (Wasmtime's `Store::epoch_deadline_async_yield_and_update`: a guest that waited for its turn longer
   * than `delta` epochs still gets a slice). Only async calls can yield: a synchronous call that reaches
   * the deadline traps with `Interrupt`.
   *
   * @throws RangeError when `delta` is not a non-negative integer.
   * @example
   * ```ts
   * store.epochDeadlineAsyncYieldAndUpdate(1);
   * const ticker = setInterval(() => engine.incrementEpoch(), 2);
   * await instance.getFunc(store, 'run')!.callAsync(store, []);
   * clearInterval(ticker);
   * ```
   */
  epochDeadlineAsyncYieldAndUpdate(delta: number): void {
    if (!Number.isSafeInteger(delta) || delta < 0) throw new RangeError(`delta must be a non-negative integer, got ${delta}`);
    this.ctx.onEpochDeadline = () => delta;
  }

  /**
   * At the epoch deadline, call `callback`: returning `{ continue: delta }` sets a new deadline `delta` epochs
   * from now and the guest goes on; `{ yield: delta }` does the same after yielding to the event loop (async
   * calls; a synchronous call traps with `Interrupt`); returning an `Error` (a `Trap`, say) or throwing traps the
   * guest with it (an error that is not a `WeftError` becomes a `HostError` trap).
   *
   * @example
   * ```ts
   * let slices = 0;
   * store.epochDeadlineCallback(() => (++slices < 10 ? { continue: 1 } : new Trap(TrapCode.Interrupt)));
   * ```
   */
  epochDeadlineCallback(callback: (store: Store<T>) => EpochDeadlineContinue | EpochDeadlineYield | Error): void {
    if (typeof callback !== 'function') throw new TypeError('the epoch deadline callback must be a function');
    this.ctx.onEpochDeadline = () => {
      const r = callback(this);
      if (r instanceof Error) throw r;
      const c = (r as Partial<EpochDeadlineContinue> | null | undefined)?.continue;
      const y = (r as Partial<EpochDeadlineYield> | null | undefined)?.yield;
      const delta = typeof c === 'number' ? c : y;
      if (typeof delta !== 'number') {
        throw new WeftError('an epoch deadline callback must return { continue: delta }, { yield: delta } or an Error');
      }
      if (typeof c !== 'number') {
        if (!Number.isSafeInteger(delta) || delta < 0) throw new RangeError(`delta must be a non-negative integer, got ${delta}`);
        return delta; // the deadline is set when the guest resumes
      }
      this.setEpochDeadline(delta);
      return -1;
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
