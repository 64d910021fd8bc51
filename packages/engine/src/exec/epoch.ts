/**
 * Epoch deadlines, the slow path of an `EPOCH` check: the engine's counter (shared memory, so another thread can
 * tick it while a guest runs synchronously) has reached the store's deadline. Without a callback the guest traps
 * with `Interrupt`; the store's callback may move the deadline and return (the guest continues) or throw (the
 * guest traps with what it threw).
 */
import { Trap, TrapCode } from '../errors.js';
import type { ExecContext } from './context.js';
import { toTrap } from './host.js';

/** Called by the executor when `epoch >= ctx.epochDeadline`. */
export function epochDeadlineReached(ctx: ExecContext): void {
  const cb = ctx.onEpochDeadline;
  if (cb === undefined) throw new Trap(TrapCode.Interrupt);
  try {
    cb();
  } catch (err) {
    throw toTrap(err);
  }
}
