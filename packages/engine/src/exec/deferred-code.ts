/**
 * Code checked at its first call. A module loaded from an artifact does not verify every function up front
 * (`artifact/load.ts`): each function's `code` starts as `VERIFY_STUB`, whose one instruction makes the dispatch
 * loop call `settle`, which opens and checks the real code and puts it in the shared `CompiledFunction`, so the
 * check happens once per module and every later call of every instance runs the real code directly — the call
 * path itself has no check. Anything else that reads a deferred function's code (`serialize`, tools) calls
 * `settle` first. One opener per module (keyed by its info), not one per function, so deferring costs a store.
 */
import type { ModuleInfo } from '@weft/serialize';
import type { CompiledFunction } from '../compile/compiled.js';
import { I } from '../compile/isa.js';
import { WeftError } from '../errors.js';

/** The code of every function whose real code has not been checked yet: one `VERIFY`. */
export const VERIFY_STUB: Int32Array = Int32Array.of(I.VERIFY);

/**
 * Opens defined function `i`'s real code: checks it (throwing a `DeserializeError` naming the function) and
 * returns its code, offsets and fuel records.
 */
export type OpenCode = (i: number) => { code: Int32Array; offsets: Int32Array; fuel: Int32Array | undefined };

const openers = new WeakMap<ModuleInfo, OpenCode>();

/** Give every function of `funcs` (module `info`'s code) the stub as its code until `open` succeeds for it. */
export function deferAll(info: ModuleInfo, funcs: readonly CompiledFunction[], open: OpenCode): void {
  openers.set(info, open);
  for (let i = 0; i < funcs.length; i++) {
    const f = funcs[i]!;
    f.code = VERIFY_STUB;
    f.fuel = undefined;
  }
}

/**
 * `f`'s real code (`f` is a function of module `info`), opening and checking it first if it is deferred; on
 * success `f` holds it from then on.
 *
 * @throws DeserializeError naming the function when its code does not check out; `f` stays deferred, so every
 *   call fails the same way.
 */
export function settle(info: ModuleInfo, f: CompiledFunction): Int32Array {
  if (f.code !== VERIFY_STUB) return f.code;
  const open = openers.get(info);
  // Unreachable unless a stub were left without its opener; failing beats running VERIFY forever.
  if (open === undefined) throw new WeftError(`function ${f.funcIndex} has no code`);
  const words = open(f.funcIndex - info.importedFuncs);
  f.code = words.code;
  f.offsets = words.offsets;
  f.fuel = words.fuel;
  return f.code;
}
