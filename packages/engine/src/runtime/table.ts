/**
 * `RefTable`, the concrete `TableInstance`: a JS array of references (funcref elements are `FuncInstance | null`,
 * externref elements any host value or `null`). Growth is bounded by the table's maximum and by
 * `MAX_TABLE_ELEMENTS`, a practical cap standing in for an allocation failure (`table.grow` then returns -1).
 */
import type { TableType } from '@weft/serialize';
import type { TableInstance } from './instances.js';

/** Elements a table may hold at most in this runtime (the spec allows 2^32 - 1; a JS array cannot be that big). */
export const MAX_TABLE_ELEMENTS = 10_000_000;

/** A table of references, as a JS array. */
export class RefTable implements TableInstance {
  readonly type: TableType;
  elements: unknown[];
  readonly max: number | undefined;

  /** @throws RangeError when the initial size is above `MAX_TABLE_ELEMENTS`. */
  constructor(type: TableType, init: unknown) {
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
    if (!Number.isInteger(delta) || delta < 0 || size > (this.max ?? 0xffff_ffff) || size > MAX_TABLE_ELEMENTS) {
      return -1;
    }
    for (let i = old; i < size; i++) this.elements.push(init);
    return old;
  }
}
