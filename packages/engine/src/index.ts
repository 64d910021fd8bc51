/**
 * `@weft/engine`: a WebAssembly runtime in TypeScript with Wasmtime's embedding API. This barrel is the whole
 * public surface; everything not exported here is internal.
 *
 * @example
 * ```ts
 * import { Engine, Linker, Module, Store } from '@weft/engine';
 *
 * const engine = new Engine();
 * const module = new Module(engine, bytes);
 * const store = new Store(engine, { calls: 0 });
 * const linker = new Linker<{ calls: number }>(engine);
 * linker.funcWrap('env', 'tick', { params: [], results: [] }, (caller) => { caller.data.calls++; });
 * const instance = linker.instantiate(store, module);
 * const add = instance.getTypedFunc(store, 'add', ['i32', 'i32'], ['i32']);
 * console.log(add.call(store, 1, 2), store.data.calls);
 * ```
 *
 * @packageDocumentation
 */
export { Engine } from './engine.js';
export type { Config, ResolvedConfig, CacheConfig, FuelCosts, ResolvedFuelCosts } from './config.js';
export { Store, type StoreLike, type EpochDeadlineContinue, type EpochDeadlineYield } from './store.js';
export { CallHook } from './exec/context.js';
export type { StoreLimits, ResourceLimiter } from './runtime/limits.js';
export { Module, type DeserializeOptions } from './module.js';
export { wat2wasm } from './text/wat2wasm.js';
export { parseWast, type WastScript, type WastCommand, type WastAction, type WastValue, type WastModule } from './text/wast.js';
export { Linker } from './linker.js';
export { InstancePre } from './instance-pre.js';
export { Instance } from './instance.js';
export {
  Func,
  type HostFunction,
  type HostFunctionVals,
  type HostFunctionAsync,
  type HostFunctionValsAsync,
  type CallAsyncOptions,
} from './func.js';
export { TypedFunc } from './typed-func.js';
export { Caller } from './caller.js';
export { Memory } from './memory.js';
export { Table } from './table.js';
export { Global } from './global.js';
export type { Extern, Export } from './extern.js';
export {
  Val,
  type ValType,
  type FuncType,
  type GlobalType,
  type TableType,
  type MemoryType,
  type ExternType,
  type ImportType,
  type ExportType,
} from './types.js';
export { WeftError, CompileError, LinkError, ExitError, DeserializeError, Trap, TrapCode, TRAP_MESSAGES, type FrameInfo } from './errors.js';
