/**
 * Table operators (`table.get/set/size/grow/fill/copy/init`, `elem.drop`). Indices arrive as raw i32 slot values
 * and are read as unsigned; bounds are checked before anything is written. Elements are `FuncInstance | null` for
 * funcref tables and any host value or null for externref tables.
 */
import { TrapCode } from '../errors.js';
import type { InstanceState, TableInstance } from '../runtime/instances.js';
import { trap } from './semantics.js';

export function tableGet(table: TableInstance, i: number): unknown {
  i >>>= 0;
  const els = table.elements;
  if (i >= els.length) throw trap(TrapCode.TableOutOfBounds);
  return els[i] ?? null;
}

export function tableSet(table: TableInstance, i: number, value: unknown): void {
  i >>>= 0;
  const els = table.elements;
  if (i >= els.length) throw trap(TrapCode.TableOutOfBounds);
  els[i] = value;
}

/** Returns the old size, or -1 when the table cannot grow. */
export function tableGrow(table: TableInstance, init: unknown, delta: number): number {
  return table.grow(delta >>> 0, init);
}

export function tableFill(table: TableInstance, i: number, value: unknown, n: number): void {
  i >>>= 0;
  n >>>= 0;
  const els = table.elements;
  if (i + n > els.length) throw trap(TrapCode.TableOutOfBounds);
  for (let k = 0; k < n; k++) els[i + k] = value;
}

export function tableCopy(dst: TableInstance, src: TableInstance, d: number, s: number, n: number): void {
  d >>>= 0;
  s >>>= 0;
  n >>>= 0;
  const to = dst.elements;
  const from = src.elements;
  if (s + n > from.length || d + n > to.length) throw trap(TrapCode.TableOutOfBounds);
  if (to === from) {
    to.copyWithin(d, s, s + n);
  } else {
    for (let k = 0; k < n; k++) to[d + k] = from[s + k];
  }
}

export function tableInit(inst: InstanceState, table: TableInstance, seg: number, d: number, s: number, n: number): void {
  d >>>= 0;
  s >>>= 0;
  n >>>= 0;
  const items = inst.elemSegments[seg]!;
  const els = table.elements;
  if (s + n > items.length || d + n > els.length) throw trap(TrapCode.TableOutOfBounds);
  for (let k = 0; k < n; k++) els[d + k] = items[s + k];
}

export function elemDrop(inst: InstanceState, seg: number): void {
  inst.elemSegments[seg] = [];
}
