/**
 * `ExecContext`: the execution state one store owns — the value stack (8-byte slots, sized from `maxWasmStack`)
 * and the explicit frame stack the executor pushes and pops instead of recursing in JS: per frame the running
 * function, its frame pointer (first slot) and its saved code position (the return position while it calls;
 * for the innermost frame of a trap, one past the trapping instruction). Frames of nested executions (a host
 * function calling back into wasm) continue on the same stacks, so backtraces cross host calls.
 * It also holds the store's metering state the executor reads: remaining fuel, the engine's shared epoch counter
 * with this store's deadline and deadline policy, the call hook and the resource limiter.
 */
import { Trap, TrapCode } from '../errors.js';
import type { HostFuncInstance, InstanceState, WasmFuncInstance } from '../runtime/instances.js';
import { ValueStack } from './stack.js';

const NO_EPOCH = new Int32Array(1);

/** A transition between host and wasm, as Wasmtime's `CallHook`. */
export const CallHook = {
  /** The host calls a wasm function. */
  CallingWasm: 'CallingWasm',
  /** A wasm function returns (or traps) back to the host. */
  ReturningFromWasm: 'ReturningFromWasm',
  /** Wasm calls a host function. */
  CallingHost: 'CallingHost',
  /** A host function returns to wasm. */
  ReturningFromHost: 'ReturningFromHost',
} as const;
export type CallHook = (typeof CallHook)[keyof typeof CallHook];
type CallHookKind = CallHook;

/**
 * Growth checks for memories and tables: return the new size allowed (`true`) or denied (`false`); a throw traps.
 * `failed` is told about a denied or failed growth and decides whether it traps (throws) or returns -1.
 */
export interface GrowLimiter {
  memoryGrowing(currentBytes: number, desiredBytes: number, maximumBytes: number | undefined): boolean;
  tableGrowing(current: number, desired: number, maximum: number | undefined): boolean;
  memoryGrowFailed(message: string): void;
  tableGrowFailed(message: string): void;
}

/** One async call on a store (`async.ts`). */
export interface Activation {
  /** `RUNNING`, `YIELDED` (at a yield point), `IN_HOST` (awaiting an async host function) or `WAITING` (its turn). */
  state: number;
  /** Frame depth at the suspension point. */
  depth: number;
  /** Called when the activations above this one are gone, so it may resume. */
  wake: (() => void) | undefined;
}

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

  /** Remaining fuel (only meaningful when code is compiled with fuel). The executor keeps it in a local while running. */
  fuel = 0;
  /** Set by the fuel slow path (`fuel.ts`): fuel left when the unpaid operator's `FUEL_TRAP` fires, and its offset. */
  fuelAtTrap = 0;
  fuelTrapOffset = 0;
  /** The engine's epoch counter: element 0 of an `Int32Array` over a `SharedArrayBuffer`. */
  epoch: Int32Array = NO_EPOCH;
  /** Epoch checks act once the counter is at or past this. */
  epochDeadline = 0;
  /**
   * What happens at the deadline: `undefined` traps with `Interrupt`; a function may move the deadline and
   * return -1 (continue), return `delta` >= 0 (yield to the event loop, in async calls, and on resuming set the
   * deadline `delta` epochs after the then current epoch, as Wasmtime does), or throw (to trap).
   */
  onEpochDeadline: (() => number) | undefined = undefined;
  /** Set when a run yields at an epoch deadline: the deadline is this many epochs after the epoch at resumption. */
  yieldDelta = -1;
  /** Fuel set aside by `fuelAsyncYieldInterval`: `fuel` holds at most one interval, the rest waits here. */
  fuelReserve = 0;
  /** Yield every this many units of fuel in async calls (0: never). */
  fuelYieldInterval = 0;

  // ---- async execution (`async.ts`): the saved state of a suspended run and the store's async calls ----
  /** Where a suspended run goes on (set by `run` when it suspends, read back when it resumes). */
  resumePc = 0;
  /** The code a suspended run was in (a private copy after a fuel shortfall), or `undefined` for the function's own. */
  resumeCode: Int32Array | undefined = undefined;
  /** An error a resumed run throws at once, as if it came from the host call it suspended at. */
  resumeError: unknown = undefined;
  /** The async host call a run suspended at: function, frame base, calling instance, first free slot, call position. */
  hostFunc: HostFuncInstance | undefined = undefined;
  hostBase = 0;
  hostCaller: InstanceState | undefined = undefined;
  hostSp = 0;
  hostPc = 0;
  /** When the current async slice began (ms): an async run yields once a slice lasts `ASYNC_SLICE_MS`. */
  sliceStart = 0;
  /** The store's async calls, outermost first: only the innermost runs; the others wait for it. */
  readonly activations: Activation[] = [];
  /** Async calls waiting for the store to become free, in order. */
  readonly waiting: Array<() => void> = [];
  /** An async call is suspended at a yield point (or about to start): synchronous calls are refused. */
  asyncBusy = false;
  /** Called at every transition between host and wasm; a throw traps the guest. */
  callHook: ((kind: CallHookKind) => void) | undefined = undefined;
  /** Consulted before memories and tables grow (`limits.ts`). */
  limiter: GrowLimiter | undefined = undefined;

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
