/**
 * Async execution: `callFuncAsync` runs a function so that the guest can suspend — at yield points (epoch
 * deadlines that yield, fuel yield intervals, slice ends) and at calls to async host functions — and the event
 * loop runs meanwhile. The dispatch loop (`run.ts`) returns `YIELDED`/`IN_HOST` with its state saved in the
 * `ExecContext`; this driver awaits (the round-robin `yieldToEventLoop`, or the host function's Promise) and
 * resumes it. An `AbortSignal` is looked at whenever the driver has control: an aborted call traps (`Interrupt`,
 * with the signal's reason as `cause`).
 *
 * One call at a time per store, as a stack of activations: a new async call starts at once when the store is
 * idle; nests inside the innermost call when that call is awaiting an async host function (the host function
 * calls back in — the outer call resumes only after the nested ones finished); waits its turn, in order, while
 * another call is suspended at a yield point; and is refused inside synchronous host code (a synchronous host
 * function cannot wait for it). Synchronous calls are refused while an async call is suspended at a yield point
 * (they would run in the middle of it) and nest as before everywhere else.
 */
import { Trap, TrapCode, WeftError } from '../errors.js';
import type { FuncInstance, HostFuncInstance, WasmFuncInstance } from '../runtime/instances.js';
import type { ValueStack } from './stack.js';
import { withTrace } from './backtrace.js';
import { CallHook, type Activation, type ExecContext } from './context.js';
import { now } from './epoch.js';
import { fuelMerge, fuelSplit } from './fuel.js';
import { callHost, runHook, toTrap } from './host.js';
import { pushArgs } from './invoke.js';
import { DONE, run, YIELDED } from './run.js';
import { yieldToEventLoop } from './schedule.js';

/** Activation states. */
const RUNNING = 0;
const YIELD_WAIT = 1;
const IN_HOST_WAIT = 2;
const WAITING = 3;

/**
 * Call `func` asynchronously: `writeArgs` fills slots `[base, base + params)` once it is this call's turn,
 * `readResults` reads `[base, base + results)`.
 *
 * @throws Trap from the callee (also `Interrupt` when `signal` aborts it), StackOverflow when not even the
 *   arguments fit; WeftError when started inside synchronous host code of the same store.
 */
export async function callFuncAsync<R>(
  ctx: ExecContext,
  func: FuncInstance,
  writeArgs: (stack: ValueStack, base: number) => void,
  readResults: (stack: ValueStack, base: number) => R,
  signal?: AbortSignal,
): Promise<R> {
  const entered = enter(ctx, signal);
  const act = entered instanceof Promise ? await entered : entered;
  try {
    act.state = RUNNING;
    refreshBusy(ctx);
    const abort = abortTrap(signal);
    if (abort !== undefined) throw abort;
    const base = pushArgs(ctx, func, writeArgs);
    try {
      if (func.kind === 'wasm') await runAsync(ctx, func, base, act, signal);
      else await hostAsync(ctx, func, base, act);
      return readResults(ctx.stack, base);
    } finally {
      ctx.sp = base;
    }
  } finally {
    leave(ctx, act);
  }
}

/** The error for a synchronous call while an async call on the store is suspended. */
export function storeBusy(): WeftError {
  return new WeftError(
    'the store is busy: an async call on it is suspended at a yield point; await it, or use callAsync (which waits its turn)',
  );
}

/** Start an activation now, or later (a Promise) when the store is busy; throws inside synchronous host code. */
function enter(ctx: ExecContext, signal: AbortSignal | undefined): Activation | Promise<Activation> {
  const abort = abortTrap(signal);
  if (abort !== undefined) throw abort;
  const acts = ctx.activations;
  const top = acts[acts.length - 1];
  const act: Activation = { state: WAITING, depth: ctx.depth, wake: undefined };
  if (top === undefined ? ctx.depth === 0 && ctx.waiting.length === 0 : top.state === IN_HOST_WAIT && ctx.depth === top.depth) {
    push(ctx, act);
    return act;
  }
  if (top === undefined ? ctx.depth !== 0 : top.state === RUNNING || top.state === IN_HOST_WAIT) {
    throw new WeftError(
      'callAsync on a store from synchronous host code running in that store: a synchronous host function cannot ' +
        'wait for it; define the host function with funcWrapAsync/funcNewAsync, or use call',
    );
  }
  return new Promise<Activation>((resolve) => {
    ctx.waiting.push(() => {
      act.depth = ctx.depth;
      push(ctx, act);
      resolve(act);
    });
  });
}

function push(ctx: ExecContext, act: Activation): void {
  ctx.activations.push(act);
  if (ctx.activations.length === 1) fuelSplit(ctx);
  refreshBusy(ctx);
}

/** End `act` (the innermost activation): wake the one below it, or the next waiting call when none is left. */
function leave(ctx: ExecContext, act: Activation): void {
  const acts = ctx.activations;
  const i = acts.lastIndexOf(act);
  if (i >= 0) acts.splice(i, 1);
  if (acts.length === 0) {
    fuelMerge(ctx);
    refreshBusy(ctx);
    ctx.waiting.shift()?.();
    return;
  }
  const top = acts[acts.length - 1]!;
  refreshBusy(ctx);
  const wake = top.wake;
  if (wake !== undefined) {
    top.wake = undefined;
    wake();
  }
}

function refreshBusy(ctx: ExecContext): void {
  const top = ctx.activations[ctx.activations.length - 1];
  ctx.asyncBusy = top !== undefined && (top.state === YIELD_WAIT || top.state === WAITING);
}

function abortTrap(signal: AbortSignal | undefined): Trap | undefined {
  if (signal === undefined || !signal.aborted) return undefined;
  return new Trap(TrapCode.Interrupt, 'async call aborted', { cause: signal.reason });
}

/** Run wasm `func` (frame at `base`) to the end, suspending and resuming as `run` asks. */
async function runAsync(
  ctx: ExecContext,
  func: WasmFuncInstance,
  base: number,
  act: Activation,
  signal: AbortSignal | undefined,
): Promise<void> {
  const hook = ctx.callHook;
  if (hook !== undefined) runHook(hook, CallHook.CallingWasm);
  try {
    const entryDepth = ctx.depth;
    ctx.sliceStart = now();
    let status = run(ctx, func, base, true);
    while (status !== DONE) {
      act.depth = ctx.depth;
      const resumeCode = ctx.resumeCode;
      let resumePc = ctx.resumePc;
      ctx.resumeCode = undefined;
      let err: unknown;
      if (status === YIELDED) {
        act.state = YIELD_WAIT;
        refreshBusy(ctx);
        const delta = ctx.yieldDelta;
        ctx.yieldDelta = -1;
        await yieldToEventLoop();
        act.state = RUNNING;
        refreshBusy(ctx);
        if (delta >= 0) ctx.epochDeadline = Atomics.load(ctx.epoch, 0) + delta;
        const abort = abortTrap(signal);
        if (abort !== undefined) {
          // Unwind at the yield point: no operator is half done, the fuel is as it was there.
          ctx.depth = act.depth;
          withTrace(ctx, abort, act.depth);
          ctx.depth = entryDepth;
          throw abort;
        }
      } else {
        const hostPc = ctx.hostPc;
        err = await hostFromWasm(ctx, act, signal);
        if (err !== undefined) resumePc = hostPc;
      }
      ctx.depth = act.depth;
      ctx.resumePc = resumePc;
      ctx.resumeCode = resumeCode;
      ctx.resumeError = err;
      ctx.sliceStart = now();
      status = run(ctx, func, base, true, entryDepth);
    }
  } catch (err) {
    if (hook !== undefined) {
      try {
        hook(CallHook.ReturningFromWasm);
      } catch {
        // The guest's trap wins.
      }
    }
    throw err;
  }
  if (hook !== undefined) runHook(hook, CallHook.ReturningFromWasm);
}

/**
 * Wasm called an async host function (`ctx.hostFunc`): await it between the `CallingHost`/`ReturningFromHost`
 * hooks, then wait until calls nested inside it are done. Returns what the guest must throw, or `undefined`.
 */
async function hostFromWasm(ctx: ExecContext, act: Activation, signal: AbortSignal | undefined): Promise<unknown> {
  const f = ctx.hostFunc!;
  const base = ctx.hostBase;
  const caller = ctx.hostCaller;
  const savedSp = ctx.sp;
  ctx.hostFunc = undefined;
  ctx.hostCaller = undefined;
  ctx.sp = ctx.hostSp;
  act.state = IN_HOST_WAIT;
  refreshBusy(ctx);
  let err: unknown;
  const hook = ctx.callHook;
  try {
    if (hook !== undefined) runHook(hook, CallHook.CallingHost);
    try {
      await f.invokeAsync!(ctx.stack, base, caller);
    } catch (e) {
      err = toTrap(e);
    }
    if (hook !== undefined) {
      try {
        hook(CallHook.ReturningFromHost);
      } catch (e) {
        if (err === undefined) err = toTrap(e);
      }
    }
  } catch (e) {
    err = e;
  }
  while (ctx.activations[ctx.activations.length - 1] !== act) {
    await new Promise<void>((resolve) => {
      act.wake = resolve;
    });
  }
  ctx.sp = savedSp;
  act.state = RUNNING;
  refreshBusy(ctx);
  return err ?? abortTrap(signal);
}

/** `callAsync` on a host function: await it (an async one) or call it. */
async function hostAsync(ctx: ExecContext, f: HostFuncInstance, base: number, act: Activation): Promise<void> {
  const top = base + Math.max(f.type.params.length, f.type.results.length);
  try {
    if (f.invokeAsync === undefined) {
      callHost(ctx, f, base, undefined, top);
      return;
    }
    const saved = ctx.sp;
    ctx.sp = top;
    act.state = IN_HOST_WAIT;
    act.depth = ctx.depth;
    refreshBusy(ctx);
    try {
      await f.invokeAsync(ctx.stack, base, undefined);
    } finally {
      while (ctx.activations[ctx.activations.length - 1] !== act) {
        await new Promise<void>((resolve) => {
          act.wake = resolve;
        });
      }
      ctx.sp = saved;
      act.state = RUNNING;
      refreshBusy(ctx);
    }
  } catch (err) {
    throw withTrace(ctx, toTrap(err), ctx.depth);
  }
}
