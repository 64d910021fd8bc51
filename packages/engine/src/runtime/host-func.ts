/**
 * `HostFunc`, the concrete `HostFuncInstance`: a function type, its engine-wide type id and the `invoke` closure
 * that moves arguments out of and results into value-stack slots. The API layer (func.ts) builds the closure
 * around the user's JS function, so conversions to JS values and `Val`s live there.
 */
import type { FuncType } from '@weft/serialize';
import type { ValueStack } from '../exec/stack.js';
import type { HostFuncInstance, InstanceState } from './instances.js';

/** Moves arguments out of `[base, base + params)` and results into `[base, base + results)`. */
export type HostInvoke = (stack: ValueStack, base: number, caller: InstanceState | undefined) => void;

/** A host function as the executor sees it. */
export class HostFunc implements HostFuncInstance {
  readonly kind = 'host' as const;
  handle?: unknown;
  constructor(
    readonly type: FuncType,
    readonly typeId: number,
    readonly invoke: HostInvoke,
  ) {}
}
