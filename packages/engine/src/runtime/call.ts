/**
 * Calls into the executor from the host side: puts the arguments in value-stack slots at the context's first
 * free slot, runs `invoke`, reads the results back and restores the stack pointer even when the call traps.
 * Re-entrant: a host function called by wasm may call back into wasm, above the live frames.
 */
import { ExecContext } from '../exec/context.js';
import { storeBusy } from '../exec/async.js';
import { invoke, pushArgs } from '../exec/invoke.js';
import type { ValueStack } from '../exec/stack.js';
import type { FuncInstance } from './instances.js';

export { ExecContext };
export { callFuncAsync } from '../exec/async.js';

/** A new execution context (one per store) with `maxWasmStack` bytes of value stack. */
export function newExecContext(maxWasmStack: number): ExecContext {
  return new ExecContext({ maxWasmStack });
}

/**
 * Call `func`: `writeArgs` fills slots `[base, base + params)`, `readResults` reads `[base, base + results)`.
 *
 * @throws Trap from the callee, or StackOverflow when not even the arguments fit.
 * @throws WeftError while an async call on the store is suspended at a yield point (`exec/async.ts`).
 */
export function callFunc<R>(
  ctx: ExecContext,
  func: FuncInstance,
  writeArgs: (stack: ValueStack, base: number) => void,
  readResults: (stack: ValueStack, base: number) => R,
): R {
  if (ctx.asyncBusy) throw storeBusy();
  const base = pushArgs(ctx, func, writeArgs);
  try {
    invoke(ctx, func, base);
    return readResults(ctx.stack, base);
  } finally {
    ctx.sp = base;
  }
}
