/**
 * Wasm backtraces: from the frame stack of an `ExecContext`, one `FrameInfo` per live frame, innermost first,
 * with the byte offset of the instruction each frame was executing (found in the function's `offsets` pairs).
 * Also the rule for errors leaving the executor: a `Trap` without a backtrace gets one; other errors pass as is.
 */
import { Trap, type FrameInfo } from '../errors.js';
import type { ExecContext } from './context.js';

/** Wasm byte offset of the last recorded instruction at or before code position `pos`. */
export function offsetAt(offsets: Int32Array, pos: number): number | undefined {
  let lo = 0;
  let hi = (offsets.length >> 1) - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid * 2]! <= pos) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found < 0 ? undefined : offsets[found * 2 + 1];
}

/**
 * At most this many frames are captured, innermost first: a stack overflow can have millions of live frames and
 * the trap must stay cheap to build and to print.
 */
export const MAX_BACKTRACE_FRAMES = 1000;

/** The frames `[0, depth)` of `ctx`, innermost first. Each frame's saved position is one past its instruction. */
export function backtrace(ctx: ExecContext, depth: number): FrameInfo[] {
  const frames: FrameInfo[] = [];
  const outermost = Math.max(0, depth - MAX_BACKTRACE_FRAMES);
  for (let k = depth - 1; k >= outermost; k--) {
    const fn = ctx.frameFunc[k]!;
    const info = fn.instance.info;
    frames.push({
      funcIndex: fn.funcIndex,
      funcName: info.names.functions.get(fn.funcIndex),
      moduleName: info.names.module,
      offset: offsetAt(fn.code.offsets, ctx.framePc[k]! - 1),
    });
  }
  return frames;
}

/** Give a trap leaving the executor its backtrace (frames `[0, depth)`), unless it has one. */
export function withTrace(ctx: ExecContext, err: unknown, depth: number): unknown {
  if (err instanceof Trap && err.backtrace.length === 0) err.withBacktrace(backtrace(ctx, depth));
  return err;
}
