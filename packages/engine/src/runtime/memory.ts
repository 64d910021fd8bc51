/**
 * `LinearMemory`, the concrete `MemoryInstance`: a fixed-size `ArrayBuffer` with capacity headroom (fast
 * `DataView`s need non-resizable buffers), whose `byteLength` is the current size that bounds checks use. Growing
 * within the capacity only moves `byteLength`; beyond it a larger buffer is allocated, the bytes copied and the
 * views replaced. Allocation failure makes `grow` return -1, as `memory.grow` requires. A store's resource
 * limiter, when given, is asked before the memory is created and before each growth.
 */
import type { MemoryType } from '@weft/serialize';
import { WeftError } from '../errors.js';
import type { GrowLimiter } from '../exec/context.js';
import type { MemoryInstance } from './instances.js';

/** Bytes per wasm page. */
export const PAGE_SIZE = 65536;
/** Pages a 32-bit memory can have at most. */
export const MAX_PAGES = 65536;

/** A linear memory: fixed buffer with headroom; `byteLength` is the wasm-visible size. */
export class LinearMemory implements MemoryInstance {
  buffer: ArrayBuffer;
  view: DataView;
  u8: Uint8Array;
  byteLength: number;
  readonly max: number | undefined;
  readonly shared: boolean;

  /** The store's growth checks, if it has a limiter. */
  readonly limiter: GrowLimiter | undefined;

  /**
   * @throws RangeError when the initial size cannot be allocated.
   * @throws WeftError when `limiter` denies the initial size.
   */
  constructor(type: MemoryType, limiter?: GrowLimiter) {
    this.limiter = limiter;
    if (limiter !== undefined) {
      const max = type.limits.max === undefined ? undefined : type.limits.max * PAGE_SIZE;
      if (!limiter.memoryGrowing(0, type.limits.min * PAGE_SIZE, max)) {
        throw new WeftError(`memory minimum size of ${type.limits.min} pages exceeds memory limits`);
      }
    }
    this.max = type.limits.max;
    this.shared = type.shared;
    this.byteLength = type.limits.min * PAGE_SIZE;
    this.buffer = new ArrayBuffer(this.byteLength);
    this.view = new DataView(this.buffer);
    this.u8 = new Uint8Array(this.buffer);
  }

  /** Current size in pages. */
  get pages(): number {
    return this.byteLength / PAGE_SIZE;
  }

  grow(delta: number): number {
    const old = this.byteLength / PAGE_SIZE;
    const pages = old + delta;
    const limiter = this.limiter;
    if (limiter !== undefined) {
      const max = this.max === undefined ? undefined : this.max * PAGE_SIZE;
      if (!limiter.memoryGrowing(this.byteLength, pages * PAGE_SIZE, max)) {
        limiter.memoryGrowFailed(`memory growth to ${pages} pages denied by the store's limiter`);
        return -1;
      }
      const result = this.#grow(delta, old, pages);
      if (result < 0) limiter.memoryGrowFailed(`failed to grow memory to ${pages} pages`);
      return result;
    }
    return this.#grow(delta, old, pages);
  }

  #grow(delta: number, old: number, pages: number): number {
    if (!Number.isInteger(delta) || delta < 0 || pages > (this.max ?? MAX_PAGES) || pages > MAX_PAGES) return -1;
    const bytes = pages * PAGE_SIZE;
    if (bytes > this.buffer.byteLength) {
      if (!this.#reallocate(bytes)) return -1;
    } else {
      this.u8.fill(0, this.byteLength, bytes); // headroom is zero unless a host wrote past the end
    }
    this.byteLength = bytes;
    return old;
  }

  /** Move to a buffer of at least `bytes`, with headroom for later growth; false when allocation fails. */
  #reallocate(bytes: number): boolean {
    const limit = Math.min(this.max ?? MAX_PAGES, MAX_PAGES) * PAGE_SIZE;
    const wanted = Math.min(limit, Math.max(bytes, this.buffer.byteLength * 2));
    let next: ArrayBuffer;
    try {
      next = new ArrayBuffer(wanted);
    } catch {
      try {
        next = new ArrayBuffer(bytes);
      } catch {
        return false;
      }
    }
    const u8 = new Uint8Array(next);
    u8.set(this.u8.subarray(0, this.byteLength));
    this.buffer = next;
    this.view = new DataView(next);
    this.u8 = u8;
    return true;
  }
}
