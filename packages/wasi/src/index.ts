/**
 * `@weft/wasi`: WASI preview1 (`wasi_snapshot_preview1`, all 46 functions) for weft, as Linker definitions.
 * Build a `WasiCtx` with `WasiCtxBuilder`, keep it in the store's data, and `addToLinker(linker, (d) => d.wasi)`.
 * Filesystems sit behind one interface: `NodeFs` (a real directory, sandboxed) and `MemFs` (in memory, works in
 * browsers). This barrel is the whole public surface; nothing here imports `node:` modules statically.
 *
 * @example
 * ```ts
 * import { Engine, ExitError, Linker, Module, Store } from '@weft/engine';
 * import { addToLinker, WasiCtxBuilder, type WasiCtx } from '@weft/wasi';
 *
 * const engine = new Engine();
 * const linker = new Linker<{ wasi: WasiCtx }>(engine);
 * addToLinker(linker, (data) => data.wasi);
 * const wasi = new WasiCtxBuilder().args(['hello.wasm']).inheritStdio().preopenDir('.', '.').build();
 * const store = new Store(engine, { wasi });
 * const instance = linker.instantiate(store, new Module(engine, bytes));
 * let code = 0;
 * try {
 *   instance.getFunc(store, '_start')!.call(store, []);
 * } catch (err) {
 *   if (!(err instanceof ExitError)) throw err;
 *   code = err.code;
 * }
 * ```
 *
 * @packageDocumentation
 */
export { WasiCtx, WasiCtxBuilder, type DirPerms } from './ctx.js';
export { addToLinker, type AddToLinkerOptions } from './linker.js';
export { Errno, ErrnoError, errnoName } from './errno.js';
export { Filetype, Rights } from './constants.js';
export type { WasiFilesystem, WasiFile, Filestat, DirEntry, OpenOptions, TimeSpec } from './fs/filesystem.js';
export { MemFs, type MemTree } from './fs/mem.js';
export { NodeFs } from './fs/node.js';
export {
  type WasiStream,
  CaptureStream,
  captureStream,
  inputStream,
  nullStream,
  inheritStdin,
  inheritStdout,
  inheritStderr,
} from './streams.js';
export type { WasiSocket } from './sockets.js';
export { systemClocks, testClocks, systemRandom, testRandom, type WasiClocks, type WasiRandom } from './clocks.js';
export { WASI_FUNCTIONS, WASI_MODULE } from './preview1/functions.js';
export type { WasiFunction, ParamType } from './preview1/define.js';
