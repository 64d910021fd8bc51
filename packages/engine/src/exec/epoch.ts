/**
 * Epoch deadlines, the slow path of an `EPOCH` check: the engine's counter (shared memory, so another thread can
 * tick it while a guest runs synchronously) has reached the store's deadline. Without a callback the guest traps
 * with `Interrupt`; the store's callback may move the deadline and return (the guest continues, or yields to the
 * event loop in an async call) or throw (the guest traps with what it threw). In async calls every check comes
 * here once in a while (`EPOCH_POLL` checks) to read the clock as well: a slice that ran `ASYNC_SLICE_MS` yields,
 * so same-thread timers — a same-thread `engine.incrementEpoch()` ticker included — get their turn.
 */
import { Trap, TrapCode } from '../errors.js';
import type { ExecContext } from './context.js';
import { toTrap } from './host.js';

/** In async calls, `EPOCH` checks between two looks at the clock. */
export const EPOCH_POLL = 256;

/** An async run yields once it has run this long without reaching a yield point. */
export const ASYNC_SLICE_MS = 1;

const perf = (globalThis as { performance?: { now(): number } }).performance;
/** Milliseconds, monotonic where the host has `performance.now`. */
export const now: () => number = perf !== undefined ? () => perf.now() : () => Date.now();

/**
 * Called by the executor when `epoch >= ctx.epochDeadline` (and, in async runs, every `EPOCH_POLL` checks).
 * Returns `true` when the guest should yield to the event loop now (only in async runs).
 *
 * @throws Trap `Interrupt` at the deadline without a callback, or when the callback asks to yield in a
 *   synchronous call (which cannot yield); what the callback throws, as a trap.
 */
export function epochDeadlineReached(ctx: ExecContext, async: boolean): boolean {
  if (ctx.epoch[0]! < ctx.epochDeadline) return async && now() - ctx.sliceStart >= ASYNC_SLICE_MS;
  const cb = ctx.onEpochDeadline;
  if (cb === undefined) throw new Trap(TrapCode.Interrupt);
  let delta: number;
  try {
    delta = cb();
  } catch (err) {
    throw toTrap(err);
  }
  const yieldNow = delta >= 0;
  if (yieldNow && !async) {
    throw new Trap(
      TrapCode.Interrupt,
      'epoch deadline reached in a synchronous call: the store yields at its deadline, which needs callAsync',
    );
  }
  if (yieldNow) ctx.yieldDelta = delta;
  return yieldNow;
}
