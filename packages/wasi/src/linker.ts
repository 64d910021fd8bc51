/**
 * `addToLinker`: defines every `wasi_snapshot_preview1` function in a `Linker`, as `wasmtime_wasi::add_to_linker`
 * does — the `WasiCtx` lives in the store's data and a getter finds it. Each call borrows the calling instance's
 * exported `memory`, runs the definition, and turns an `ErrnoError` into the returned errno. An optional tracer
 * receives one line per call and one per result, in the golden-trace format
 * (`==> fd_write(fd=1,iovs=1024,iovs_len=1,nwritten=2048)` / `<== errno=ESUCCESS`).
 */
import { Memory, type Caller, type Linker } from '@weft/engine';
import type { WasiCtx } from './ctx.js';
import { ErrnoError, errnoName } from './errno.js';
import { GuestMemory } from './memory.js';
import type { WasiFunction } from './preview1/define.js';
import { WASI_FUNCTIONS, WASI_MODULE } from './preview1/functions.js';

/** Options of {@link addToLinker}. */
export interface AddToLinkerOptions {
  /** Receives a line per WASI call and per result (see the file's summary for the format). */
  trace?: (line: string) => void;
}

const NO_MEMORY = new GuestMemory(new Uint8Array(0));
/** One `GuestMemory` per memory, replaced when the memory's buffer or size changes. */
const views = new WeakMap<Memory, GuestMemory>();

function memoryOf(caller: Caller<unknown>): GuestMemory {
  const m = caller.getExport('memory');
  if (!(m instanceof Memory)) return NO_MEMORY;
  const buffer = m.buffer(caller);
  const length = m.dataLength(caller);
  let view = views.get(m);
  if (view === undefined || view.u8.buffer !== buffer || view.u8.byteLength !== length) {
    view = new GuestMemory(new Uint8Array(buffer, 0, length));
    views.set(m, view);
  }
  return view;
}

/**
 * Define the 46 `wasi_snapshot_preview1` functions in `linker`.
 *
 * @param getCtx - finds the WASI context in the store's data (e.g. `(data) => data.wasi`).
 * @returns `linker`.
 * @throws LinkError when one of the names is already defined and shadowing is not allowed.
 *
 * @remarks
 * A guest's `proc_exit(code)` throws `ExitError` (from `@weft/engine`) out of the wasm call; a pointer outside
 * memory answers `EFAULT`; errors that are not errnos (a bug, a host failure) become traps.
 *
 * @example
 * ```ts
 * const linker = new Linker<{ wasi: WasiCtx }>(engine);
 * addToLinker(linker, (data) => data.wasi);
 * const store = new Store(engine, { wasi: new WasiCtxBuilder().inheritStdio().args(['prog']).build() });
 * const instance = linker.instantiate(store, module);
 * try {
 *   instance.getFunc(store, '_start')!.call(store, []);
 * } catch (err) {
 *   if (!(err instanceof ExitError)) throw err;
 *   console.log('exit code', err.code);
 * }
 * ```
 */
export function addToLinker<T>(linker: Linker<T>, getCtx: (data: T) => WasiCtx, opts: AddToLinkerOptions = {}): Linker<T> {
  for (const f of WASI_FUNCTIONS) {
    const type = { params: f.params.map(([, t]) => t), results: f.result === 'errno' ? (['i32'] as const) : [] };
    const call = opts.trace === undefined ? direct(f, getCtx) : traced(f, getCtx, opts.trace);
    linker.funcWrap(WASI_MODULE, f.name, { params: [...type.params], results: [...type.results] }, call);
  }
  return linker;
}

/** Unsigned argument values: i32 as u32 numbers, i64 as u64 bigints. */
function unsigned(f: WasiFunction, args: unknown[]): unknown[] {
  for (let i = 0; i < args.length; i++) {
    args[i] = f.params[i]![1] === 'i32' ? (args[i] as number) >>> 0 : BigInt.asUintN(64, args[i] as bigint);
  }
  return args;
}

function direct<T>(f: WasiFunction, getCtx: (data: T) => WasiCtx) {
  const errno = f.result === 'errno';
  return (caller: Caller<T>, ...args: unknown[]): number | undefined => {
    const ctx = getCtx(caller.data);
    const mem = memoryOf(caller as Caller<unknown>);
    try {
      const r = f.fn(ctx, mem, ...unsigned(f, args));
      return errno ? (r ?? 0) : undefined;
    } catch (err) {
      if (err instanceof ErrnoError) return err.errno;
      throw err;
    }
  };
}

function traced<T>(f: WasiFunction, getCtx: (data: T) => WasiCtx, trace: (line: string) => void) {
  const inner = direct(f, getCtx);
  return (caller: Caller<T>, ...args: unknown[]): number | undefined => {
    const shown = unsigned(f, [...args]).map((a, i) => `${f.params[i]![0]}=${String(a)}`);
    trace(`==> ${f.name}(${shown.join(',')})`);
    try {
      const r = inner(caller, ...args);
      trace(r === undefined ? '<==' : `<== errno=${errnoName(r)}`);
      return r;
    } catch (err) {
      trace(`<== ${err instanceof Error ? err.name : 'error'}: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  };
}
