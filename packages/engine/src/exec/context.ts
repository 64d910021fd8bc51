/**
 * `ExecContext`: the execution state one store owns — the value stack (8-byte slots, sized from `maxWasmStack`)
 * and the explicit frame stack the executor pushes and pops instead of recursing in JS: per frame the running
 * function, its frame pointer (first slot) and its saved code position (the return position while it calls;
 * for the innermost frame of a trap, one past the trapping instruction). Frames of nested executions (a host
 * function calling back into wasm) continue on the same stacks, so backtraces cross host calls.
 */
import { Trap, TrapCode } from '../errors.js';
import type { WasmFuncInstance } from '../runtime/instances.js';
import { ValueStack } from './stack.js';

export interface ExecContextOptions {
  /** Bytes of value stack: `maxWasmStack / 8` slots. Exceeding it traps with `StackOverflow`. */
  maxWasmStack: number;
}

export class ExecContext {
  readonly stack: ValueStack;
  /** Unsigned 64-bit view of the value stack (unsigned i64 compares and conversions). */
  readonly u64: BigUint64Array;
  /** First free slot: a host function's callbacks into wasm start here. */
  sp = 0;
  /** Live frames. */
  depth = 0;
  frameFunc: WasmFuncInstance[] = [];
  frameFp = new Int32Array(256);
  framePc = new Int32Array(256);

  constructor(opts: ExecContextOptions) {
    const slots = Math.max(16, Math.floor(opts.maxWasmStack / 8));
    this.stack = new ValueStack(slots);
    this.u64 = new BigUint64Array(this.stack.buffer);
  }

  /** Make room for frame `depth`; traps with `StackOverflow` past one frame per slot. */
  growFrames(depth: number): void {
    if (depth < this.frameFp.length) return;
    if (depth >= this.stack.slots) throw new Trap(TrapCode.StackOverflow);
    const size = Math.min(this.frameFp.length * 2, this.stack.slots + 1);
    const fp = new Int32Array(size);
    fp.set(this.frameFp);
    const pc = new Int32Array(size);
    pc.set(this.framePc);
    this.frameFp = fp;
    this.framePc = pc;
  }
}
