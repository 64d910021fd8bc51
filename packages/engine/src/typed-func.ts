/**
 * `TypedFunc`: a `Func` whose type was checked once against the parameter and result types the host expects, so
 * calls take the arguments directly (`add.call(store, 1, 2)`) and return the single result, `undefined` for none,
 * or an array for several.
 */
import { LinkError } from './errors.js';
import { readJs, writeJs } from './convert.js';
import type { Func } from './func.js';
import type { CallAsyncOptions } from './func.js';
import { callFunc, callFuncAsync } from './runtime/call.js';
import type { ValueStack } from './exec/stack.js';
import { checkStore, storeOf, type StoreLike } from './store.js';
import { funcTypeText, funcTypeToPublic, type ValType } from './types.js';

/**
 * A function with a checked type. Get one with `instance.getTypedFunc(store, name, params, results)` or
 * `func.typed(store, params, results)`.
 *
 * @remarks Owned by the store of its `Func`.
 * @example
 * ```ts
 * const add = instance.getTypedFunc(store, 'add', ['i32', 'i32'], ['i32']);
 * add.call(store, 1, 2); // 3
 * ```
 */
export class TypedFunc {
  /** The underlying function. */
  readonly func: Func;

  /** @internal @throws LinkError when `func`'s type differs. */
  constructor(func: Func, params: readonly ValType[], results: readonly ValType[]) {
    const actual = funcTypeToPublic(func._inst.type);
    const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t, i) => t === b[i]);
    if (!same(actual.params, params) || !same(actual.results, results)) {
      throw new LinkError(
        `type mismatch: expected func of type \`${funcTypeText({ params, results })}\`, ` +
          `found func of type \`${funcTypeText(actual)}\``,
      );
    }
    this.func = func;
  }

  /**
   * Call with the arguments as JS values.
   *
   * @returns the single result, `undefined` when there is none, an array when there are several.
   * @throws TypeError when an argument has the wrong JS type.
   * @throws Trap when the function traps.
   */
  call(store: StoreLike<any>, ...args: unknown[]): any {
    const { ctx, write, read } = this._io(store, args);
    return callFunc(ctx, this.func._inst, write, read);
  }

  /**
   * Call asynchronously (see `Func.callAsync`); to pass an `AbortSignal`, use {@link TypedFunc.callAsyncWith}.
   *
   * @returns a Promise of what `call` returns.
   * @throws Trap when the function traps.
   */
  callAsync(store: StoreLike<any>, ...args: unknown[]): Promise<any> {
    return this.callAsyncWith(store, args);
  }

  /**
   * Call asynchronously with the arguments as an array and call options (an `AbortSignal`).
   *
   * @example
   * ```ts
   * const ac = new AbortController();
   * setTimeout(() => ac.abort(), 100);
   * await run.callAsyncWith(store, [10], { signal: ac.signal });
   * ```
   */
  async callAsyncWith(store: StoreLike<any>, args: readonly unknown[], options?: CallAsyncOptions): Promise<any> {
    const { ctx, write, read } = this._io(store, args);
    return callFuncAsync(ctx, this.func._inst, write, read, options?.signal);
  }

  /** The argument writer and result reader of one call: one result as itself, none as undefined, several as an array. */
  private _io(store: StoreLike<any>, args: readonly unknown[]) {
    const s = storeOf(store);
    const f = this.func;
    checkStore(f._store, s, 'Func');
    const { params, results } = f._inst.type;
    if (args.length !== params.length) throw new TypeError(`expected ${params.length} arguments, got ${args.length}`);
    return {
      ctx: s.ctx,
      write: (stack: ValueStack, base: number) => {
        for (let i = 0; i < params.length; i++) writeJs(s, stack, base + i, params[i]!, args[i], `argument ${i}`);
      },
      read: (stack: ValueStack, base: number): any => {
        if (results.length === 1) return readJs(s, stack, base, results[0]!);
        if (results.length === 0) return undefined;
        return results.map((t, i) => readJs(s, stack, base + i, t));
      },
    };
  }
}
