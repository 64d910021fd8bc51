/**
 * `Memory`: a handle to a linear memory in a store — created by the host (`new Memory(store, { min: 1 })`) or
 * exported by an instance. Reads and writes are bounds-checked against the current size; `grow` adds pages.
 */
import { WeftError } from './errors.js';
import { LinearMemory, MAX_PAGES, PAGE_SIZE } from './runtime/memory.js';
import type { MemoryInstance } from './runtime/instances.js';
import { checkStore, storeOf, type Store, type StoreLike } from './store.js';
import type { MemoryType } from './types.js';

let adopting: MemoryInstance | undefined;

/**
 * A WebAssembly linear memory, in 64 KiB pages.
 *
 * @remarks
 * Owned by one store. The bytes live in an `ArrayBuffer` that is replaced when the memory grows beyond its
 * capacity, so views from {@link Memory.data}, {@link Memory.view} and {@link Memory.buffer} must be taken again
 * after anything that can grow memory (a `grow`, or any call into wasm).
 *
 * @example
 * ```ts
 * const memory = new Memory(store, { min: 1, max: 2 });
 * memory.write(store, 0, new TextEncoder().encode('hi'));
 * memory.grow(store, 1); // 1
 * ```
 */
export class Memory {
  /** @internal */
  readonly _store: Store<any>;
  /** @internal */
  readonly _inst: MemoryInstance;

  /**
   * Create a memory of `type.min` pages, growable to `type.max` (or 65536) pages.
   *
   * @throws TypeError when the limits are not integers or `min > max`.
   * @throws WeftError when the memory cannot be allocated.
   */
  constructor(store: StoreLike<any>, type: MemoryType) {
    const adopted = adopting;
    adopting = undefined;
    this._store = storeOf(store);
    if (adopted !== undefined) {
      this._inst = adopted;
    } else {
      const { min, max } = checkLimits(type, MAX_PAGES, 'memory');
      if (type.shared) throw new WeftError('shared memories are not supported yet');
      this._store.resources.addMemory();
      try {
        this._inst = new LinearMemory({ limits: { min, max }, shared: false }, this._store.resources.grow);
      } catch (err) {
        if (err instanceof WeftError) throw err;
        throw new WeftError(`failed to allocate memory of ${min} pages`, { cause: err });
      }
    }
    this._store.handles.set(this._inst, this);
  }

  /** @internal */
  static _wrap(store: Store<any>, inst: MemoryInstance): Memory {
    const known = store.handles.get(inst);
    if (known !== undefined) return known as Memory;
    adopting = inst;
    return new Memory(store, undefined as never);
  }

  #check(store: StoreLike<any>): MemoryInstance {
    checkStore(this._store, storeOf(store), 'Memory');
    return this._inst;
  }

  /** The memory's type, with its current size as `min`. */
  type(store: StoreLike<any>): MemoryType {
    const m = this.#check(store);
    return m.max === undefined ? { min: m.byteLength / PAGE_SIZE } : { min: m.byteLength / PAGE_SIZE, max: m.max };
  }

  /** Current size in pages. */
  size(store: StoreLike<any>): number {
    return this.#check(store).byteLength / PAGE_SIZE;
  }

  /** Current size in bytes. */
  dataLength(store: StoreLike<any>): number {
    return this.#check(store).byteLength;
  }

  /**
   * Grow by `delta` pages; returns the previous size in pages.
   *
   * @throws WeftError when the memory would exceed its maximum or cannot be allocated.
   */
  grow(store: StoreLike<any>, delta: number): number {
    const m = this.#check(store);
    if (!Number.isInteger(delta) || delta < 0) throw new TypeError('delta must be a non-negative integer');
    const old = m.grow(delta);
    if (old < 0) throw new WeftError(`failed to grow memory by ${delta} pages`);
    return old;
  }

  /** The memory's bytes `[0, dataLength)` as a view (invalid after the memory grows). */
  data(store: StoreLike<any>): Uint8Array {
    const m = this.#check(store);
    return m.u8.subarray(0, m.byteLength);
  }

  /** A `DataView` over `[0, dataLength)` (invalid after the memory grows). */
  view(store: StoreLike<any>): DataView {
    const m = this.#check(store);
    return new DataView(m.buffer, 0, m.byteLength);
  }

  /**
   * The underlying `ArrayBuffer`. It may be longer than `dataLength` (capacity headroom): bytes past
   * `dataLength(store)` are not part of the memory and must not be written.
   */
  buffer(store: StoreLike<any>): ArrayBuffer {
    return this.#check(store).buffer;
  }

  /**
   * Copy `length` bytes starting at `offset` out of the memory.
   *
   * @throws RangeError when the range is out of bounds.
   */
  read(store: StoreLike<any>, offset: number, length: number): Uint8Array {
    const m = this.#check(store);
    checkRange(offset, length, m.byteLength);
    return m.u8.slice(offset, offset + length);
  }

  /**
   * Copy `bytes` into the memory at `offset`.
   *
   * @throws RangeError when the range is out of bounds.
   */
  write(store: StoreLike<any>, offset: number, bytes: Uint8Array): void {
    const m = this.#check(store);
    checkRange(offset, bytes.length, m.byteLength);
    m.u8.set(bytes, offset);
  }
}

function checkRange(offset: number, length: number, size: number): void {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new RangeError(`out of bounds memory access: [${offset}, ${offset + length}) in a memory of ${size} bytes`);
  }
}

/** @internal Check a memory's or table's limits. */
export function checkLimits(
  type: { min: number; max?: number | undefined },
  bound: number,
  what: string,
): { min: number; max: number | undefined } {
  if (type === null || typeof type !== 'object') throw new TypeError(`a ${what} type must be an object`);
  const { min, max } = type;
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= bound;
  if (!ok(min)) throw new TypeError(`${what} minimum must be an integer in [0, ${bound}]`);
  if (max !== undefined && !ok(max)) throw new TypeError(`${what} maximum must be an integer in [0, ${bound}]`);
  if (max !== undefined && max < min) throw new TypeError(`${what} minimum ${min} is above its maximum ${max}`);
  return { min, max };
}
