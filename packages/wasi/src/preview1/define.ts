/**
 * How a WASI function is defined: its import name, its parameters in order with their wasm types (names as in
 * the spec, used by traces), and an implementation that gets the context, the caller's memory and the arguments
 * (i32 as unsigned numbers, i64 as unsigned bigints) and returns an errno (or nothing for success). Throwing
 * `ErrnoError` answers that errno.
 */
import type { WasiCtx } from '../ctx.js';
import type { GuestMemory } from '../memory.js';

/** The wasm type of a parameter. */
export type ParamType = 'i32' | 'i64';

/** One `wasi_snapshot_preview1` function. */
export interface WasiFunction {
  /** The import name. */
  readonly name: string;
  /** Parameter names (as in the spec) and wasm types, in order. */
  readonly params: readonly (readonly [string, ParamType])[];
  /** `errno`: returns an i32 errno; `none`: returns nothing (`proc_exit`). */
  readonly result: 'errno' | 'none';
  /** The implementation. */
  readonly fn: (ctx: WasiCtx, mem: GuestMemory, ...args: any[]) => number | void;
}

/** Define a WASI function returning an errno. */
export function wasi<P extends Record<string, ParamType>>(
  name: string,
  params: P,
  fn: (ctx: WasiCtx, mem: GuestMemory, ...args: any[]) => number | void,
): WasiFunction {
  return { name, params: Object.entries(params) as [string, ParamType][], result: 'errno', fn };
}
