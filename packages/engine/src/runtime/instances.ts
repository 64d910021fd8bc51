/**
 * The runtime objects the executor works on, as interfaces: memories, tables, globals, functions and the state of
 * an instance. The runtime classes implement them; the executor only reads and writes these fields, so the two
 * sides stay independent. All of them belong to one store.
 */
import type { FuncType, GlobalType, ModuleInfo, TableType } from '@weft/serialize';
import type { CompiledFunction } from '../compile/compiled.js';
import type { ValueStack } from '../exec/stack.js';

/** A linear memory. `buffer` has capacity headroom; `byteLength` is the current size that bounds checks use. */
export interface MemoryInstance {
  buffer: ArrayBuffer;
  /** Views over `buffer`, replaced when `grow` needs a new buffer: re-read them after anything that can grow. */
  view: DataView;
  u8: Uint8Array;
  /** Current size in bytes (pages × 65536). */
  byteLength: number;
  /** Maximum in pages, if any. */
  readonly max: number | undefined;
  /** Grow by `delta` pages; returns the old size in pages, or -1 when it cannot grow. */
  grow(delta: number): number;
}

/** A table of references: funcref elements are `FuncInstance | null`, externref elements any host value or null. */
export interface TableInstance {
  readonly type: TableType;
  elements: unknown[];
  readonly max: number | undefined;
  /** Grow by `delta` elements filled with `init`; returns the old size, or -1 when it cannot grow. */
  grow(delta: number, init: unknown): number;
}

/** A global's cell: its value lives in an 8-byte buffer seen through typed views (exact float bits), or in `ref`. */
export interface GlobalInstance {
  readonly type: GlobalType;
  readonly i32: Int32Array;
  readonly i64: BigInt64Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  ref: unknown;
}

/** A function defined by a wasm module, bound to the instance that owns it. */
export interface WasmFuncInstance {
  readonly kind: 'wasm';
  readonly type: FuncType;
  /** Engine-wide canonical id of `type`: equal ids ⇔ equal types (call_indirect checks this). */
  readonly typeId: number;
  readonly instance: InstanceState;
  /** Index in the module's function index space (imports included). */
  readonly funcIndex: number;
  readonly code: CompiledFunction;
  /** The public `Func` handle, once created (so funcref identity is stable). */
  handle?: unknown;
}

/**
 * A function defined by the host. The executor has written the arguments to slots `[base, base + params)` of
 * `stack`; `invoke` must write the results to `[base, base + results)` (as integers for floats, to keep bits),
 * and throws a `Trap` (or any error, which the executor turns into a trap) to trap.
 */
export interface HostFuncInstance {
  readonly kind: 'host';
  readonly type: FuncType;
  readonly typeId: number;
  invoke(stack: ValueStack, base: number, caller: InstanceState | undefined): void;
  /**
   * Async host functions only: reads the arguments at once and settles when the results are in the slots. Async
   * calls suspend the guest until it settles; `invoke` of such a function throws (sync calls cannot wait).
   */
  readonly invokeAsync?: (stack: ValueStack, base: number, caller: InstanceState | undefined) => Promise<void>;
  handle?: unknown;
}

export type FuncInstance = WasmFuncInstance | HostFuncInstance;

/** What the executor needs of a running instance. */
export interface InstanceState {
  readonly info: ModuleInfo;
  /** Canonical type id for each of the module's type indices. */
  readonly typeIds: Int32Array;
  /** Whole function index space: imported, then defined. */
  readonly funcs: FuncInstance[];
  readonly tables: TableInstance[];
  readonly memories: MemoryInstance[];
  readonly globals: GlobalInstance[];
  /** Passive element segments' items (resolved references); an empty array once dropped. */
  readonly elemSegments: unknown[][];
  /** Passive data segments' bytes; an empty array once dropped. */
  readonly dataSegments: Uint8Array[];
  /** The public instance object (for `Caller.getExport`), set by the runtime. */
  handle?: unknown;
}
