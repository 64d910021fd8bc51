/**
 * `RefTable`, the concrete `TableInstance`: a JS array of references (funcref elements are `FuncInstance | null`,
 * externref elements any host value or `null`). Growth is bounded by the table's maximum and by
 * `MAX_TABLE_ELEMENTS`, a practical cap standing in for an allocation failure (`table.grow` then returns -1).
 * A store's resource limiter, when given, is asked before the table is created and before each growth.
 */
import type { TableType } from '@weft/serialize';
import { WeftError } from '../errors.js';
import type { GrowLimiter } from '../exec/context.js';
import type { TableInstance } from './instances.js';

/** Elements a table may hold at most in this runtime (the spec allows 2^32 - 1; a JS array cannot be that big). */
export const MAX_TABLE_ELEMENTS = 10_000_000;

/** A table of references, as a JS array. */
export class RefTable implements TableInstance {
  readonly type: TableType;
  elements: unknown[];
  readonly max: number | undefined;

  /** The store's growth checks, if it has a limiter. */
  readonly limiter: GrowLimiter | undefined;

  /**
   * @throws RangeError when the initial size is above `MAX_TABLE_ELEMENTS`.
   * @throws WeftError when `limiter` denies the initial size.
   */
  constructor(type: TableType, init: unknown, limiter?: GrowLimiter) {
    this.limiter = limiter;
    if (limiter !== undefined && !limiter.tableGrowing(0, type.limits.min, type.limits.max)) {
      throw new WeftError(`table minimum size of ${type.limits.min} elements exceeds table limits`);
    }
    if (type.limits.min > MAX_TABLE_ELEMENTS) {
      throw new RangeError(`table minimum ${type.limits.min} exceeds the limit of ${MAX_TABLE_ELEMENTS} elements`);
    }
    this.type = type;
    this.max = type.limits.max;
    this.elements = new Array<unknown>(type.limits.min).fill(init);
  }

  grow(delta: number, init: unknown): number {
    const old = this.elements.length;
    const size = old + delta;
    const limiter = this.limiter;
    if (limiter !== undefined) {
      if (!limiter.tableGrowing(old, size, this.max)) {
        limiter.tableGrowFailed(`table growth to ${size} elements denied by the store's limiter`);
        return -1;
      }
      const result = this.#grow(delta, init, old, size);
      if (result < 0) limiter.tableGrowFailed(`failed to grow table to ${size} elements`);
      return result;
    }
    return this.#grow(delta, init, old, size);
  }

  #grow(delta: number, init: unknown, old: number, size: number): number {
    if (!Number.isInteger(delta) || delta < 0 || size > (this.max ?? 0xffff_ffff) || size > MAX_TABLE_ELEMENTS) {
      return -1;
    }
    for (let i = old; i < size; i++) this.elements.push(init);
    return old;
  }
}
