/**
 * `environ_get`, `environ_sizes_get`: the environment as NUL-terminated `KEY=VALUE` UTF-8 strings.
 * Spec: https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#environ_get
 */
import { writeSizes, writeStrings } from './args.js';
import { wasi } from './define.js';

/**
 * `environ_get(environ: Pointer<Pointer<u8>>, environ_buf: Pointer<u8>) -> errno`: write the entry pointers and
 * the strings. Errno: `EFAULT` out of bounds.
 */
export const environ_get = wasi(
  'environ_get',
  { environ: 'i32', environ_buf: 'i32' },
  (ctx, mem, ptrs: number, buf: number) => writeStrings(mem, ctx.env, ptrs, buf),
);

/** `environ_sizes_get() -> (size, size)`: the number of entries and their total size. Errno: `EFAULT`. */
export const environ_sizes_get = wasi(
  'environ_sizes_get',
  { environc: 'i32', environ_buf_size: 'i32' },
  (ctx, mem, count: number, size: number) => writeSizes(mem, ctx.env, count, size),
);
