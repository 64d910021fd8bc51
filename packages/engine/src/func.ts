/**
 * `Func`: a handle to a function in a store — defined by a wasm instance or by the host. Host functions come in
 * two styles, as in Wasmtime: plain JS values (`new Func(store, type, (caller, ...args) => result)`) and `Val`s
 * (`Func.newVals`). Calls from the host convert JS values or `Val`s to value-stack slots and run the executor.
 */
import type { ValType } from '@weft/serialize';
import { Caller } from './caller.js';
import { readJs, readVal, writeJs, writeVal } from './convert.js';
import type { Instance } from './instance.js';
import { callFunc, callFuncAsync } from './runtime/call.js';
import { asyncHostFunc, HostFunc } from './runtime/host-func.js';
import type { FuncInstance, InstanceState } from './runtime/instances.js';
import type { ValueStack } from './exec/stack.js';
import { checkStore, storeOf, type Store, type StoreLike } from './store.js';
import { TypedFunc } from './typed-func.js';
import { funcTypeToPublic, funcTypeToRaw, type FuncType, type Val, type ValType as ValTypeName } from './types.js';

/** How values cross a call from the host: written to and read from value-stack slots. */
interface Convention<A, R> {
  write(store: Store<any>, stack: ValueStack, slot: number, type: number, value: A, what: string): void;
  read(store: Store<any>, stack: ValueStack, slot: number, type: number): R;
}
const JS_VALUES: Convention<unknown, unknown> = { write: writeJs, read: readJs };
const VALS: Convention<Val, Val> = { write: writeVal, read: readVal };

/**
 * A host function taking and returning plain JS values: i32/f32/f64 as `number`, i64 as `bigint`, funcref as
 * `Func | null`, externref as any value. Return `undefined` for no result, the value for one, an array for several.
 */
export type HostFunction<T = unknown> = (caller: Caller<T>, ...args: any[]) => unknown;

/** A host function taking and returning `Val`s (exact float bits). */
export type HostFunctionVals<T = unknown> = (caller: Caller<T>, args: Val[]) => Val[];

/**
 * An async host function over plain JS values: returns (a Promise of) what a {@link HostFunction} returns. The
 * guest is suspended until the Promise settles; a rejection traps the guest (`HostError`, the error as `cause`).
 */
export type HostFunctionAsync<T = unknown> = (caller: Caller<T>, ...args: any[]) => Promise<unknown> | unknown;

/** An async host function over `Val`s. */
export type HostFunctionValsAsync<T = unknown> = (caller: Caller<T>, args: Val[]) => Promise<Val[]> | Val[];

/** Options of async calls. */
export interface CallAsyncOptions {
  /** Aborting it stops the call at its next yield point with an `Interrupt` trap (the reason as `cause`). */
  signal?: AbortSignal;
}

let adopting: FuncInstance | undefined;

/**
 * A WebAssembly function: exported by an instance, or defined by the host.
 *
 * @remarks
 * A `Func` is a handle owned by one store; using it with another store throws a `WeftError`. Host functions
 * see their errors handled as a trap would be: a thrown `Trap` (or other `WeftError`) leaves the wasm call
 * unchanged, any other error becomes a `Trap` with code `HostError` and the error as `cause`.
 *
 * @example
 * ```ts
 * const double = new Func(store, { params: ['i32'], results: ['i32'] }, (_caller, x: number) => x * 2);
 * double.call(store, [21]); // [42]
 * ```
 */
export class Func {
  /** @internal */
  readonly _store: Store<any>;
  /** @internal */
  readonly _inst: FuncInstance;

  /**
   * Define a host function.
   *
   * @param store - the owning store (or a `Caller`).
   * @param type - its type, e.g. `{ params: ['i32'], results: ['i32'] }`.
   * @param fn - the implementation; receives a {@link Caller} and one JS value per parameter.
   * @throws TypeError when `type` names an unknown value type.
   */
  constructor(store: StoreLike<any>, type: FuncType, fn: HostFunction<any>) {
    const adopted = adopting;
    adopting = undefined;
    this._store = storeOf(store);
    if (adopted !== undefined) {
      this._inst = adopted;
    } else {
      this._inst = hostFuncInstance(this._store, type, fn, false);
    }
    this._inst.handle = this;
  }

  /**
   * Define a host function over `Val`s, which carry exact float bits (Wasmtime's `Func::new`).
   *
   * @throws TypeError when `type` names an unknown value type.
   * @example
   * ```ts
   * const id = Func.newVals(store, { params: ['f32'], results: ['f32'] }, (_caller, [x]) => [x!]);
   * ```
   */
  static newVals<T>(store: StoreLike<T>, type: FuncType, fn: HostFunctionVals<T>): Func {
    const s = storeOf(store);
    return Func._wrap(s, hostFuncInstance(s, type, fn, true));
  }

  /**
   * Define an async host function over JS values (Wasmtime's `Func::wrap_async`). Call it, or wasm that calls
   * it, with `callAsync`; a synchronous call reaching it throws a `WeftError`.
   *
   * @throws TypeError when `type` names an unknown value type.
   * @example
   * ```ts
   * const fetchLen = Func.wrapAsync(store, { params: [], results: ['i32'] }, async () => (await fetch(url)).status);
   * ```
   */
  static wrapAsync<T>(store: StoreLike<T>, type: FuncType, fn: HostFunctionAsync<T>, name?: string): Func {
    const s = storeOf(store);
    return Func._wrap(s, hostFuncInstanceAsync(s, type, fn, false, name));
  }

  /** Define an async host function over `Val`s (Wasmtime's `Func::new_async`); see {@link Func.wrapAsync}. */
  static newValsAsync<T>(store: StoreLike<T>, type: FuncType, fn: HostFunctionValsAsync<T>, name?: string): Func {
    const s = storeOf(store);
    return Func._wrap(s, hostFuncInstanceAsync(s, type, fn, true, name));
  }

  /** @internal The handle of a runtime function (one handle per function). */
  static _wrap(store: Store<any>, inst: FuncInstance): Func {
    if (inst.handle !== undefined) return inst.handle as Func;
    adopting = inst;
    return new Func(store, undefined as never, undefined as never);
  }

  /** The function's type. */
  type(store: StoreLike<any>): FuncType {
    checkStore(this._store, storeOf(store), 'Func');
    return funcTypeToPublic(this._inst.type);
  }

  /**
   * Call with plain JS values; returns the results as an array.
   *
   * @throws TypeError when the number or types of the arguments are wrong.
   * @throws Trap when the function traps (with code and wasm backtrace).
   * @throws WeftError when used with the wrong store.
   * @example
   * ```ts
   * const [sum] = instance.getFunc(store, 'add')!.call(store, [1, 2]);
   * ```
   */
  call(store: StoreLike<any>, args: readonly unknown[]): unknown[] {
    const { ctx, write, read } = this._io(store, args, JS_VALUES);
    return callFunc(ctx, this._inst, write, read);
  }

  /**
   * Call with `Val`s; returns `Val`s (exact float bits both ways).
   *
   * @throws TypeError when the number or types of the arguments are wrong.
   * @throws Trap when the function traps.
   * @example
   * ```ts
   * const [r] = func.callVals(store, [Val.f32Bits(0x7fa00001)]);
   * ```
   */
  callVals(store: StoreLike<any>, args: readonly Val[]): Val[] {
    const { ctx, write, read } = this._io(store, args, VALS);
    return callFunc(ctx, this._inst, write, read);
  }

  /**
   * Call with plain JS values, asynchronously (Wasmtime's `Func::call_async`): the guest yields to the event
   * loop at its yield points (`store.epochDeadlineAsyncYieldAndUpdate`, `{ yield }` from an epoch callback,
   * `store.fuelAsyncYieldInterval`, and about every millisecond when the engine has `epochInterruption`) and
   * waits for async host functions. Calls on one store take turns; called from an async host function of the
   * same store, the call nests inside the running one.
   *
   * @throws TypeError when the number or types of the arguments are wrong.
   * @throws Trap when the function traps, or `Interrupt` when `options.signal` aborts it.
   * @throws WeftError when used with the wrong store, or started from synchronous host code of the same store.
   * @example
   * ```ts
   * const [n] = await instance.getFunc(store, 'count')!.callAsync(store, [1_000_000]);
   * ```
   */
  async callAsync(store: StoreLike<any>, args: readonly unknown[], options?: CallAsyncOptions): Promise<unknown[]> {
    const { ctx, write, read } = this._io(store, args, JS_VALUES);
    return callFuncAsync(ctx, this._inst, write, read, options?.signal);
  }

  /** `callVals`, asynchronously (see {@link Func.callAsync}). */
  async callValsAsync(store: StoreLike<any>, args: readonly Val[], options?: CallAsyncOptions): Promise<Val[]> {
    const { ctx, write, read } = this._io(store, args, VALS);
    return callFuncAsync(ctx, this._inst, write, read, options?.signal);
  }

  /** The argument writer and result reader of one call, in one value convention (JS values or `Val`s). */
  private _io<A, R>(store: StoreLike<any>, args: readonly A[], conv: Convention<A, R>) {
    const s = storeOf(store);
    checkStore(this._store, s, 'Func');
    const { params, results } = this._inst.type;
    checkArity(args, params.length);
    return {
      ctx: s.ctx,
      write: (stack: ValueStack, base: number) => {
        for (let i = 0; i < params.length; i++) conv.write(s, stack, base + i, params[i]!, args[i] as A, `argument ${i}`);
      },
      read: (stack: ValueStack, base: number): R[] => results.map((t, i) => conv.read(s, stack, base + i, t)),
    };
  }

  /**
   * A typed view of this function, after checking its type (Wasmtime's `Func::typed`).
   *
   * @throws LinkError when the function's type is not `(params) -> (results)`.
   */
  typed(store: StoreLike<any>, params: readonly ValTypeName[], results: readonly ValTypeName[]): TypedFunc {
    const s = storeOf(store);
    checkStore(this._store, s, 'Func');
    return new TypedFunc(this, params, results);
  }
}

function checkArity(args: readonly unknown[], n: number): void {
  if (!Array.isArray(args)) throw new TypeError('arguments must be an array');
  if (args.length !== n) throw new TypeError(`expected ${n} arguments, got ${args.length}`);
}

/** @internal A host function instance around `fn`, converting JS values (or `Val`s when `vals`). */
export function hostFuncInstance(
  store: Store<any>,
  type: FuncType,
  fn: HostFunction<any> | HostFunctionVals<any>,
  vals: boolean,
): HostFunc {
  const { raw, typeId, call, finish } = hostCall(store, type, fn, vals);
  return new HostFunc(raw, typeId, (stack, base, state) => finish(stack, base, call(stack, base, state)));
}

/** @internal An async host function instance around `fn` (JS values, or `Val`s when `vals`). */
export function hostFuncInstanceAsync(
  store: Store<any>,
  type: FuncType,
  fn: HostFunctionAsync<any> | HostFunctionValsAsync<any>,
  vals: boolean,
  name?: string,
): HostFunc {
  const { raw, typeId, call, finish } = hostCall(store, type, fn, vals);
  const invokeAsync = async (stack: ValueStack, base: number, state: InstanceState | undefined) =>
    finish(stack, base, await call(stack, base, state));
  return asyncHostFunc(raw, typeId, invokeAsync, name);
}

/**
 * The two halves of a host call, shared by sync and async host functions: `call` reads the arguments from the
 * stack and calls `fn` (JS values spread, or one array of `Val`s); `finish` writes what it returned as results.
 */
function hostCall(store: Store<any>, type: FuncType, fn: (...args: any[]) => unknown, vals: boolean) {
  if (typeof fn !== 'function') throw new TypeError('a host function must be a function');
  const raw = funcTypeToRaw(type);
  const typeId = store.engine.internFuncType(raw);
  const { params, results } = raw;
  const caller = (state: InstanceState | undefined) => new Caller(store, state?.handle as Instance | undefined);
  const call = vals
    ? (stack: ValueStack, base: number, state: InstanceState | undefined): unknown =>
        fn(caller(state), params.map((t, i) => readVal(store, stack, base + i, t)))
    : (stack: ValueStack, base: number, state: InstanceState | undefined): unknown => {
        const args = new Array<unknown>(params.length);
        for (let i = 0; i < params.length; i++) args[i] = readJs(store, stack, base + i, params[i]!);
        return fn(caller(state), ...args);
      };
  const finish = vals
    ? (stack: ValueStack, base: number, out: unknown) => {
        if (!Array.isArray(out) || out.length !== results.length) {
          throw new TypeError(`host function must return an array of ${results.length} Vals`);
        }
        for (let i = 0; i < results.length; i++) writeVal(store, stack, base + i, results[i]!, out[i]!, `result ${i}`);
      }
    : (stack: ValueStack, base: number, out: unknown) => writeResults(store, stack, base, results, out);
  return { raw, typeId, call, finish };
}

function writeResults(store: Store<any>, stack: ValueStack, base: number, results: readonly ValType[], out: unknown) {
  if (results.length === 1) {
    writeJs(store, stack, base, results[0]!, out, 'result');
  } else if (results.length > 1) {
    if (!Array.isArray(out) || out.length !== results.length) {
      throw new TypeError(`host function must return an array of ${results.length} results`);
    }
    for (let i = 0; i < results.length; i++) writeJs(store, stack, base + i, results[i]!, out[i], `result ${i}`);
  }
}
