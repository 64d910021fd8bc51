/**
 * `Table`: a handle to a table of references in a store — created by the host (`new Table(store, { element:
 * 'funcref', min: 10 }, null)`) or exported by an instance. Elements cross as JS values: `Func | null` for
 * funcref tables, any value (`null` = null reference) for externref tables.
 */
import { ValType } from '@weft/serialize';
import { jsToRaw, rawToJs } from './convert.js';
import { WeftError } from './errors.js';
import { checkLimits } from './memory.js';
import type { TableInstance } from './runtime/instances.js';
import { MAX_TABLE_ELEMENTS, RefTable } from './runtime/table.js';
import { checkStore, storeOf, type Store, type StoreLike } from './store.js';
import { tableTypeToPublic, type TableType } from './types.js';

let adopting: TableInstance | undefined;

/**
 * A WebAssembly table.
 *
 * @remarks Owned by one store; funcref elements must be functions of the same store.
 * @example
 * ```ts
 * const table = new Table(store, { element: 'funcref', min: 10, max: 20 }, null);
 * table.set(store, 0, func);
 * table.grow(store, 5, null); // 10
 * ```
 */
export class Table {
  /** @internal */
  readonly _store: Store<any>;
  /** @internal */
  readonly _inst: TableInstance;

  /**
   * Create a table of `type.min` elements, all `init`.
   *
   * @throws TypeError when the type or `init` is not valid.
   * @throws WeftError when the table is too large.
   */
  constructor(store: StoreLike<any>, type: TableType, init: unknown) {
    const adopted = adopting;
    adopting = undefined;
    this._store = storeOf(store);
    if (adopted !== undefined) {
      this._inst = adopted;
    } else {
      const { min, max } = checkLimits(type, 0xffff_ffff, 'table');
      const elem = elemCode(type.element);
      const raw = jsToRaw(this._store, elem, init, 'init');
      if (min > MAX_TABLE_ELEMENTS) throw new WeftError(`table minimum ${min} exceeds ${MAX_TABLE_ELEMENTS} elements`);
      this._store.resources.addTable();
      this._inst = new RefTable({ elem, limits: { min, max } }, raw, this._store.resources.grow);
    }
    this._store.handles.set(this._inst, this);
  }

  /** @internal */
  static _wrap(store: Store<any>, inst: TableInstance): Table {
    const known = store.handles.get(inst);
    if (known !== undefined) return known as Table;
    adopting = inst;
    return new Table(store, undefined as never, undefined);
  }

  #check(store: StoreLike<any>): TableInstance {
    checkStore(this._store, storeOf(store), 'Table');
    return this._inst;
  }

  /** The table's type, with its current size as `min`. */
  type(store: StoreLike<any>): TableType {
    const t = this.#check(store);
    return tableTypeToPublic({ elem: t.type.elem, limits: { min: t.elements.length, max: t.max } });
  }

  /** Current number of elements. */
  size(store: StoreLike<any>): number {
    return this.#check(store).elements.length;
  }

  /** Element `index`, or `undefined` when `index` is out of bounds. */
  get(store: StoreLike<any>, index: number): unknown {
    const t = this.#check(store);
    if (!Number.isInteger(index) || index < 0 || index >= t.elements.length) return undefined;
    return rawToJs(this._store, t.type.elem, t.elements[index]);
  }

  /**
   * Set element `index` to `value`.
   *
   * @throws RangeError when `index` is out of bounds.
   * @throws TypeError when `value` does not fit the element type.
   */
  set(store: StoreLike<any>, index: number, value: unknown): void {
    const t = this.#check(store);
    const raw = jsToRaw(this._store, t.type.elem, value, 'value');
    if (!Number.isInteger(index) || index < 0 || index >= t.elements.length) {
      throw new RangeError(`table index ${index} out of bounds (size ${t.elements.length})`);
    }
    t.elements[index] = raw;
  }

  /**
   * Grow by `delta` elements set to `init`; returns the previous size.
   *
   * @throws WeftError when the table would exceed its maximum.
   */
  grow(store: StoreLike<any>, delta: number, init: unknown): number {
    const t = this.#check(store);
    if (!Number.isInteger(delta) || delta < 0) throw new TypeError('delta must be a non-negative integer');
    const old = t.grow(delta, jsToRaw(this._store, t.type.elem, init, 'init'));
    if (old < 0) throw new WeftError(`failed to grow table by ${delta} elements`);
    return old;
  }
}

function elemCode(element: unknown): typeof ValType.FuncRef | typeof ValType.ExternRef {
  if (element === 'funcref') return ValType.FuncRef;
  if (element === 'externref') return ValType.ExternRef;
  throw new TypeError(`table element type must be 'funcref' or 'externref', got ${String(element)}`);
}
