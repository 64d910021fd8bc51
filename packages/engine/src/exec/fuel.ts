/**
 * Exact fuel, the slow paths. The fast path charges a chain of basic blocks (joined by fall-through: after a
 * conditional branch, into a label) at its head with one `FUEL n` of the cost along the fall-through path; a jump
 * out of a chain (`FUEL_EXIT`) refunds what the chain charged beyond it and charges the target chain's rest. When
 * the remaining fuel `f` is less than such a charge, `fuelShortfall` finds the first operator from the entry point
 * on that cannot be paid (from the function's fuel records: cost so far in the chain per operator) and returns a
 * private copy of the function's code with a `FUEL_TRAP` where that operator's code starts; the executor goes on in
 * the copy, so every operator before it runs (with its side effects and its own traps) and `OutOfFuel` fires at
 * that exact operator (a jump that leaves the chain first goes back to the function's code, `FUEL_EXIT`). When a
 * trap ends a chain early, `fuelAfterTrap` gives back the cost of the chain's operators after the trapping one, so
 * the fuel left after any trap is the sum over the operators that ran, whatever the block structure — identical
 * on every run.
 */
import type { CompiledFunction } from '../compile/compiled.js';
import { I, instrSize } from '../compile/isa.js';
import { Trap, TrapCode } from '../errors.js';
import type { WasmFuncInstance } from '../runtime/instances.js';
import { backtrace } from './backtrace.js';
import type { ExecContext } from './context.js';

/**
 * A chain of blocks entered at code position `from` (right after its `FUEL`; or inside it from a `FUEL_EXIT`,
 * which charges the chain's rest from there, `rest`) costs more from there than the fuel left, `f`. Returns the code
 * to continue in: a copy of `fn`'s code that traps at the first operator from `from` on that the fuel cannot pay.
 * Sets `ctx.fuelAtTrap` and `ctx.fuelTrapOffset` for that trap.
 */
export function fuelShortfall(ctx: ExecContext, fn: WasmFuncInstance, from: number, f: number, rest = -1): Int32Array {
  const code = fn.code.code;
  const rec = fn.code.fuel;
  const copy = code.slice();
  ctx.fuelAtTrap = f;
  ctx.fuelTrapOffset = -1;
  // Without usable records (code from an artifact that lacks them) stop at the first instruction.
  if (rec === undefined) {
    copy[from] = I.FUEL_TRAP;
    return copy;
  }
  // Records hold the cost so far in the chain: count from what the chain had cost before `from`. (An elided
  // operator just before a label, e.g. a `local.set` folded into the instruction before it, is recorded at the
  // label's position: its cost is at most `base`.)
  const base = rest < 0 ? 0 : code[blockStart(fn.code, from) + 1]! - rest;
  let i = firstAfter(rec, from - 1);
  while (i < rec.length && rec[i + 2]! <= base && base > 0) i += 3;
  let before = 0;
  for (; i < rec.length; i += 3) {
    const cost = rec[i + 2]! - base;
    if (cost > f) {
      ctx.fuelAtTrap = f - before;
      ctx.fuelTrapOffset = rec[i + 1]!;
      const at = rec[i]!;
      if (isLoadArith(code[at]!) && (i + 3 >= rec.length || rec[i + 3] !== at)) {
        // The arithmetic of a fused load-and-arithmetic (its last record) cannot be paid, the load before it
        // can: split it, run the load alone (its value is dead, its bounds check is not), trap after it.
        copy[at] = I.F64_LOAD;
        copy[at + 2] = code[at + 3]!;
        copy[at + 3] = code[at + 4]!;
        copy[at + 4] = I.FUEL_TRAP;
        return copy;
      }
      copy[at] = I.FUEL_TRAP;
      return copy;
    }
    before = cost;
  }
  copy[from] = I.FUEL_TRAP;
  return copy;
}

/** Index (a multiple of 3) of the first record whose code position is after `pos`. */
function firstAfter(rec: Int32Array, pos: number): number {
  let lo = 0;
  let hi = rec.length / 3;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rec[mid * 3]! > pos) hi = mid;
    else lo = mid + 1;
  }
  return lo * 3;
}

/**
 * Fuel left after a trap at code position `pc` of `fn` (in `ran`, the code that ran: a copy after a shortfall), given
 * `fuel`, the counter after the block's charge: adds back what the block's operators after the trapping one
 * were charged; for an unpaid operator (`FUEL_TRAP`, `FUEL_BULK`) also its own cost.
 */
export function fuelAfterTrap(ctx: ExecContext, fn: WasmFuncInstance, ran: Int32Array, pc: number, fuel: number): number {
  const op = ran[pc];
  // A FUEL_TRAP only counts in the copy made by fuelShortfall (an artifact cannot plant one to refill fuel).
  if (op === I.FUEL_TRAP) return ran !== fn.code.code ? ctx.fuelAtTrap : fuel;
  if (op === I.EPOCH) return fuel;
  const rec = fn.code.fuel;
  if (rec === undefined) return fuel;
  const block = blockStart(fn.code, pc);
  if (block < 0) return fuel;
  const n = fn.code.code[block + 1]!;
  const i = firstAfter(rec, pc) - 3; // last record at or before pc
  let cost = 0;
  let before = 0;
  if (i >= 0 && rec[i]! > block) {
    cost = rec[i + 2]!;
    if (i >= 3 && rec[i - 3]! > block) before = rec[i - 1]!;
    // A fused load-and-arithmetic traps in its load: the arithmetic, its last record, did not run.
    if (rec[i] === pc && isLoadArith(fn.code.code[pc]!)) cost = before;
  }
  let left = fuel + n - cost;
  if (op === I.FUEL_BULK) left += cost - before;
  return left;
}

/** `F64_ADD_LOAD`, `F64_SUB_LOAD`, `F64_MUL_LOAD d a base offset`: an f64 load fused into the arithmetic after it. */
function isLoadArith(op: number): boolean {
  return op >= I.F64_ADD_LOAD && op <= I.F64_MUL_LOAD;
}

/** Position of the `FUEL` that opens the chain holding code position `pc`, or -1. */
function blockStart(f: CompiledFunction, pc: number): number {
  const code = f.code;
  let found = -1;
  for (let p = 0; p <= pc && p < code.length; p += instrSize(code, p)) {
    if (code[p] === I.FUEL) found = p;
  }
  return found;
}

/** The `OutOfFuel` trap of a `FUEL_TRAP`: its innermost frame names the unpaid operator's offset. */
export function fuelTrap(ctx: ExecContext, depth: number): Trap {
  const trap = new Trap(TrapCode.OutOfFuel);
  const frames = backtrace(ctx, depth);
  if (frames.length > 0 && ctx.fuelTrapOffset >= 0) frames[0] = { ...frames[0]!, offset: ctx.fuelTrapOffset };
  return trap.withBacktrace(frames);
}

/**
 * `fuelAsyncYieldInterval`: the block about to be charged costs `cost`, more than the active fuel `f`, and fuel is
 * set aside in `ctx.fuelReserve`. Moves up to one interval (at least `cost`, where there is that much) from the
 * reserve and returns the new active fuel. The total, active + reserve, never changes, so the accounting is the
 * same as without the interval.
 */
export function fuelRefill(ctx: ExecContext, f: number, cost: number): number {
  const total = f + ctx.fuelReserve;
  const active = Math.min(total, Math.max(ctx.fuelYieldInterval, cost));
  ctx.fuelReserve = total - active;
  return active;
}

/** Put at most one yield interval of the fuel in `ctx.fuel` and the rest in the reserve (async calls). */
export function fuelSplit(ctx: ExecContext): void {
  const total = Math.max(0, ctx.fuel) + ctx.fuelReserve;
  const interval = ctx.fuelYieldInterval;
  ctx.fuel = interval > 0 ? Math.min(total, interval) : total;
  ctx.fuelReserve = total - ctx.fuel;
}

/** Take the reserve back into `ctx.fuel` (when no async call runs any more). */
export function fuelMerge(ctx: ExecContext): void {
  if (ctx.fuelReserve === 0) return;
  ctx.fuel = Math.max(0, ctx.fuel) + ctx.fuelReserve;
  ctx.fuelReserve = 0;
}
