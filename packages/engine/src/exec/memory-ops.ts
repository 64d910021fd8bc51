/**
 * Bulk memory operators (`memory.fill`, `memory.copy`, `memory.init`, `data.drop`). Arguments arrive as raw i32
 * slot values and are read as unsigned; every bounds check happens before anything is written, so an out-of-bounds
 * operation traps without a partial write, as the spec requires.
 */
import { TrapCode } from '../errors.js';
import type { InstanceState, MemoryInstance } from '../runtime/instances.js';
import { trap } from './semantics.js';

const EMPTY = new Uint8Array(0);

export function memoryFill(mem: MemoryInstance, d: number, value: number, n: number): void {
  d >>>= 0;
  n >>>= 0;
  if (d + n > mem.byteLength) throw trap(TrapCode.MemoryOutOfBounds);
  mem.u8.fill(value & 0xff, d, d + n);
}

export function memoryCopy(mem: MemoryInstance, d: number, s: number, n: number): void {
  d >>>= 0;
  s >>>= 0;
  n >>>= 0;
  const size = mem.byteLength;
  if (s + n > size || d + n > size) throw trap(TrapCode.MemoryOutOfBounds);
  mem.u8.copyWithin(d, s, s + n);
}

export function memoryInit(inst: InstanceState, mem: MemoryInstance, seg: number, d: number, s: number, n: number): void {
  d >>>= 0;
  s >>>= 0;
  n >>>= 0;
  const data = inst.dataSegments[seg]!;
  if (s + n > data.length || d + n > mem.byteLength) throw trap(TrapCode.MemoryOutOfBounds);
  mem.u8.set(data.subarray(s, s + n), d);
}

export function dataDrop(inst: InstanceState, seg: number): void {
  inst.dataSegments[seg] = EMPTY;
}
