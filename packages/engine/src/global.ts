/**
 * `Global`: a handle to a global variable in a store — created by the host (`new Global(store, { type: 'i32',
 * mutable: true }, 0)`) or exported by an instance. `get`/`set` use JS values, `getVal`/`setVal` use `Val`s
 * (exact float bits).
 */
import { jsToRaw, rawToJs, rawToVal, valToRaw } from './convert.js';
import { WeftError } from './errors.js';
import { GlobalCell } from './runtime/global.js';
import type { GlobalInstance } from './runtime/instances.js';
import { readGlobal, writeGlobal } from './runtime/values.js';
import { checkStore, storeOf, type Store, type StoreLike } from './store.js';
import { checkValType, globalTypeToPublic, type GlobalType, type Val } from './types.js';

let adopting: GlobalInstance | undefined;

/**
 * A WebAssembly global.
 *
 * @remarks Owned by one store.
 * @example
 * ```ts
 * const counter = new Global(store, { type: 'i64', mutable: true }, 0n);
 * counter.set(store, counter.get(store) as bigint + 1n);
 * ```
 */
export class Global {
  /** @internal */
  readonly _store: Store<any>;
  /** @internal */
  readonly _inst: GlobalInstance;

  /**
   * Create a global of `type` holding `value`: a JS value, or a `Val` of the global's type (for exact float
   * bits; in an externref global only a `Val` of type `'externref'` is taken as a `Val`).
   *
   * @throws TypeError when the type is unknown or the value does not fit it.
   */
  constructor(store: StoreLike<any>, type: GlobalType, value: unknown) {
    const adopted = adopting;
    adopting = undefined;
    this._store = storeOf(store);
    if (adopted !== undefined) {
      this._inst = adopted;
    } else {
      if (type === null || typeof type !== 'object') throw new TypeError('a global type must be an object');
      const cell = new GlobalCell({ type: checkValType(type.type), mutable: type.mutable === true });
      writeGlobal(cell, toRaw(this._store, cell, value));
      this._inst = cell;
    }
    this._store.handles.set(this._inst, this);
  }

  /** @internal */
  static _wrap(store: Store<any>, inst: GlobalInstance): Global {
    const known = store.handles.get(inst);
    if (known !== undefined) return known as Global;
    adopting = inst;
    return new Global(store, undefined as never, undefined);
  }

  #check(store: StoreLike<any>): GlobalInstance {
    checkStore(this._store, storeOf(store), 'Global');
    return this._inst;
  }

  /** The global's type. */
  type(store: StoreLike<any>): GlobalType {
    return globalTypeToPublic(this.#check(store).type);
  }

  /** The value as a JS value. */
  get(store: StoreLike<any>): unknown {
    const g = this.#check(store);
    return rawToJs(this._store, g.type.type, readGlobal(g));
  }

  /** The value as a `Val` (exact float bits). */
  getVal(store: StoreLike<any>): Val {
    const g = this.#check(store);
    return rawToVal(this._store, g.type.type, readGlobal(g));
  }

  /**
   * Set the value from a JS value.
   *
   * @throws WeftError when the global is immutable.
   * @throws TypeError when the value does not fit the type.
   */
  set(store: StoreLike<any>, value: unknown): void {
    const g = this.#mutable(store);
    writeGlobal(g, jsToRaw(this._store, g.type.type, value, 'value'));
  }

  /**
   * Set the value from a `Val` (exact float bits).
   *
   * @throws WeftError when the global is immutable.
   * @throws TypeError when the `Val`'s type differs from the global's.
   */
  setVal(store: StoreLike<any>, value: Val): void {
    const g = this.#mutable(store);
    writeGlobal(g, valToRaw(this._store, g.type.type, value, 'value'));
  }

  #mutable(store: StoreLike<any>): GlobalInstance {
    const g = this.#check(store);
    if (!g.type.mutable) throw new WeftError('immutable global cannot be set');
    return g;
  }
}

function isVal(v: unknown): v is Val {
  return typeof v === 'object' && v !== null && 'type' in v && ('value' in v || 'bits' in v) && Object.keys(v).length === 2;
}

function toRaw(store: Store<any>, g: GlobalInstance, value: unknown) {
  const t = g.type.type;
  // A Val is taken as a Val, except for an externref global, where any object is a plain value.
  if (isVal(value) && (t !== 0x6f || value.type === 'externref')) return valToRaw(store, t, value, 'value');
  return jsToRaw(store, t, value, 'value');
}
