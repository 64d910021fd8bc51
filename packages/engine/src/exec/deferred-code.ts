/**
 * Code checked at its first call. A module loaded from an artifact does not verify every function up front
 * (`artifact/load.ts`): each function's `code` starts as `VERIFY_STUB`, whose one instruction makes the dispatch
 * loop call `settle`, which opens and checks the real code and puts it in the shared `CompiledFunction`, so the
 * check happens once per module and every later call of every instance runs the real code directly — the call
 * path itself has no check. Anything else that reads a deferred function's code (`serialize`, tools) calls
 * `settle` first.
 */
import type { CompiledFunction } from '../compile/compiled.js';
import { I } from '../compile/isa.js';
import { WeftError } from '../errors.js';

/** The code of every function whose real code has not been checked yet: one `VERIFY`. */
export const VERIFY_STUB: Int32Array = Int32Array.of(I.VERIFY);

/** Opens a deferred function's real code: checks it (throwing a `DeserializeError`) and returns code and fuel records. */
export type OpenCode = () => { code: Int32Array; offsets: Int32Array; fuel: Int32Array | undefined };

const deferred = new WeakMap<CompiledFunction, OpenCode>();

/** Give `f` the stub as its code until `open` succeeds (at its first call, or the first `settle`). */
export function defer(f: CompiledFunction, open: OpenCode): void {
  f.code = VERIFY_STUB;
  f.fuel = undefined;
  deferred.set(f, open);
}

/**
 * `f`'s real code, opening (and checking) it first if it is deferred; on success `f` holds it from then on.
 *
 * @throws DeserializeError (from `open`) naming the function when its code does not check out; `f` stays
 *   deferred, so every call fails the same way.
 */
export function settle(f: CompiledFunction): Int32Array {
  const open = deferred.get(f);
  if (open !== undefined) {
    const words = open();
    f.code = words.code;
    f.offsets = words.offsets;
    f.fuel = words.fuel;
    deferred.delete(f);
  }
  // Unreachable unless the stub were left without its opener; failing beats running VERIFY forever.
  if (f.code === VERIFY_STUB) throw new WeftError(`function ${f.funcIndex} has no code`);
  return f.code;
}
