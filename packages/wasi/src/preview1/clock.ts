/**
 * `clock_res_get`, `clock_time_get`: realtime, monotonic and (approximated) CPU-time clocks in nanoseconds.
 * Spec: https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#clock_res_get
 */
import { ClockId } from '../constants.js';
import type { WasiCtx } from '../ctx.js';
import { Errno, fail } from '../errno.js';
import { wasi } from './define.js';

/** The current time of clock `id`; `EINVAL` for an unknown clock. */
export function clockNow(ctx: WasiCtx, id: number): bigint {
  switch (id) {
    case ClockId.REALTIME:
      return ctx.clocks.realtime();
    case ClockId.MONOTONIC:
      return ctx.clocks.monotonic();
    case ClockId.PROCESS_CPUTIME_ID:
    case ClockId.THREAD_CPUTIME_ID:
      return ctx.clocks.cputime();
    default:
      return fail(Errno.INVAL, `clock ${id}`);
  }
}

/**
 * `clock_res_get(id: clockid) -> timestamp`: the resolution of a clock. Errno: `EINVAL` unknown clock, `EFAULT`.
 */
export const clock_res_get = wasi('clock_res_get', { id: 'i32', resolution: 'i32' }, (ctx, mem, id: number, ptr: number) => {
  if (id > ClockId.THREAD_CPUTIME_ID) fail(Errno.INVAL);
  mem.setU64(ptr, ctx.clocks.resolution());
});

/**
 * `clock_time_get(id: clockid, precision: timestamp) -> timestamp`: the time of a clock (precision is a hint).
 * Errno: `EINVAL` unknown clock, `EFAULT`.
 */
export const clock_time_get = wasi(
  'clock_time_get',
  { id: 'i32', precision: 'i64', time: 'i32' },
  (ctx, mem, id: number, _precision: bigint, ptr: number) => {
    mem.check(ptr, 8);
    mem.setU64(ptr, clockNow(ctx, id));
  },
);
