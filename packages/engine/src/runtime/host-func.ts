/**
 * `HostFunc`, the concrete `HostFuncInstance`: a function type, its engine-wide type id and the `invoke` closure
 * that moves arguments out of and results into value-stack slots. The API layer (func.ts) builds the closure
 * around the user's JS function, so conversions to JS values and `Val`s live there. An async host function also
 * has `invokeAsync` (the guest is suspended until its Promise settles); its `invoke` throws, because a
 * synchronous call cannot wait.
 */
import type { FuncType } from '@weft/serialize';
import { WeftError } from '../errors.js';
import type { ValueStack } from '../exec/stack.js';
import type { HostFuncInstance, InstanceState } from './instances.js';

/** Moves arguments out of `[base, base + params)` and results into `[base, base + results)`. */
export type HostInvoke = (stack: ValueStack, base: number, caller: InstanceState | undefined) => void;

/** Reads the arguments at once; settles once the results are in `[base, base + results)`. */
export type HostInvokeAsync = (stack: ValueStack, base: number, caller: InstanceState | undefined) => Promise<void>;

/** A host function as the executor sees it. */
export class HostFunc implements HostFuncInstance {
  readonly kind = 'host' as const;
  handle?: unknown;
  constructor(
    readonly type: FuncType,
    readonly typeId: number,
    readonly invoke: HostInvoke,
    readonly invokeAsync?: HostInvokeAsync,
  ) {}
}

/** A host function whose results come from a Promise: `invoke` (a synchronous call) is the clear error. */
export function asyncHostFunc(type: FuncType, typeId: number, invokeAsync: HostInvokeAsync, name?: string): HostFunc {
  const what = name === undefined ? 'an async host function' : `the async host function \`${name}\``;
  return new HostFunc(
    type,
    typeId,
    () => {
      throw new WeftError(`${what} was called from a synchronous call: use callAsync (or instantiateAsync) instead`);
    },
    invokeAsync,
  );
}
