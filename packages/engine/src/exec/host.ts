/**
 * Calling a host function from the executor: `ctx.sp` is set above every live slot first, so the host may call
 * back into wasm, and the host-error contract is applied: a `WeftError` (a `Trap` included) passes through
 * unchanged, anything else becomes a `HostError` trap with the original error as `cause`. Call hooks
 * (`CallingHost`/`ReturningFromHost`) run around calls from wasm.
 */
import { Trap, TrapCode, WeftError } from '../errors.js';
import type { HostFuncInstance, InstanceState } from '../runtime/instances.js';
import { CallHook, type ExecContext } from './context.js';

/**
 * Call a host function with `ctx.sp` set to `sp` (above every live slot) so it may call back into wasm.
 * Errors that are not a `WeftError` become `Trap(HostError)` with the error as `cause`; exhausting the JS stack
 * through deep host/wasm re-entry becomes `StackOverflow`.
 */
export function callHost(ctx: ExecContext, f: HostFuncInstance, base: number, caller: InstanceState | undefined, sp: number): void {
  const saved = ctx.sp;
  ctx.sp = sp;
  try {
    f.invoke(ctx.stack, base, caller);
  } catch (err) {
    throw toTrap(err);
  } finally {
    ctx.sp = saved;
  }
}

/**
 * Wasm calls host function `f` (from the executor): the store's call hook sees `CallingHost` before and
 * `ReturningFromHost` after (also when the host function throws); a hook that throws traps the guest.
 */
export function callHostHooked(
  ctx: ExecContext,
  f: HostFuncInstance,
  base: number,
  caller: InstanceState | undefined,
  sp: number,
): void {
  const hook = ctx.callHook;
  if (hook === undefined) {
    callHost(ctx, f, base, caller, sp);
    return;
  }
  runHook(hook, CallHook.CallingHost);
  try {
    callHost(ctx, f, base, caller, sp);
  } catch (err) {
    try {
      hook(CallHook.ReturningFromHost);
    } catch {
      // The host function's own error wins.
    }
    throw err;
  }
  runHook(hook, CallHook.ReturningFromHost);
}

/** Run a call hook; what it throws becomes a trap. */
export function runHook(hook: (kind: CallHook) => void, kind: CallHook): void {
  try {
    hook(kind);
  } catch (err) {
    throw toTrap(err);
  }
}

/** What a host callback threw, as it leaves the guest: a `WeftError` as is, anything else as a `HostError` trap. */
export function toTrap(err: unknown): unknown {
  if (err instanceof WeftError) return err;
  if (err instanceof RangeError && /call stack/i.test(err.message)) return new Trap(TrapCode.StackOverflow, undefined, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new Trap(TrapCode.HostError, String(message), { cause: err });
}
