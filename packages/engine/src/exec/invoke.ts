/**
 * The entry point into execution: `invoke(ctx, func, base)` runs a wasm or host function whose arguments are in
 * value-stack slots `[base, base + params)` and leaves its results in `[base, base + results)`. Wasm functions run
 * in the dispatch loop (`run.ts`), between the store's `CallingWasm` and `ReturningFromWasm` call hooks; host
 * functions through `callHost` (`host.ts`).
 */
import { Trap, TrapCode } from '../errors.js';
import type { FuncInstance } from '../runtime/instances.js';
import { withTrace } from './backtrace.js';
import { CallHook, type ExecContext } from './context.js';
import { callHost, runHook } from './host.js';
import { run } from './run.js';
import type { ValueStack } from './stack.js';

/**
 * Put a host-side call's arguments at the context's first free slot (`writeArgs` fills `[base, base + params)`)
 * and move `ctx.sp` above them; returns `base`, where the results will be. The caller restores `ctx.sp = base`.
 *
 * @throws Trap StackOverflow when not even the arguments (or the results) fit.
 */
export function pushArgs(
  ctx: ExecContext,
  func: FuncInstance,
  writeArgs: (stack: ValueStack, base: number) => void,
): number {
  const base = ctx.sp;
  const { params, results } = func.type;
  if (base + Math.max(params.length, results.length) > ctx.stack.slots) throw new Trap(TrapCode.StackOverflow);
  writeArgs(ctx.stack, base);
  ctx.sp = base + params.length;
  return base;
}

/**
 * Run `func` with its arguments in slots `[base, base + params)` of `ctx.stack`; results are left in
 * `[base, base + results)`. Host functions called from here may re-enter `invoke` at `ctx.sp`.
 *
 * @throws Trap when the guest traps (with a wasm backtrace), including `StackOverflow` when the value stack is
 *   exhausted; a `WeftError` thrown by a host function passes through unchanged.
 */
export function invoke(ctx: ExecContext, func: FuncInstance, base: number): void {
  if (func.kind === 'wasm') {
    const hook = ctx.callHook;
    if (hook === undefined) {
      run(ctx, func, base);
      return;
    }
    runHook(hook, CallHook.CallingWasm);
    try {
      run(ctx, func, base);
    } catch (err) {
      try {
        hook(CallHook.ReturningFromWasm);
      } catch {
        // The guest's trap wins.
      }
      throw err;
    }
    runHook(hook, CallHook.ReturningFromWasm);
    return;
  }
  const top = base + Math.max(func.type.params.length, func.type.results.length);
  if (top > ctx.stack.slots) throw withTrace(ctx, new Trap(TrapCode.StackOverflow), ctx.depth);
  try {
    callHost(ctx, func, base, undefined, top);
  } catch (err) {
    throw withTrace(ctx, err, ctx.depth);
  }
}
