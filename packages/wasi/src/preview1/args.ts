/**
 * `args_get`, `args_sizes_get` (and the helpers `environ_*` share): the command-line arguments as
 * NUL-terminated UTF-8 strings. Spec: https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#args_get
 */
import type { GuestMemory } from '../memory.js';
import { wasi } from './define.js';

/** Write the pointer array at `ptrs` and the strings at `buf`. */
export function writeStrings(mem: GuestMemory, strings: readonly Uint8Array[], ptrs: number, buf: number): void {
  let at = buf;
  for (let i = 0; i < strings.length; i++) {
    mem.setU32(ptrs + i * 4, at);
    mem.write(at, strings[i]!);
    at += strings[i]!.length;
  }
}

/** Write the count at `countPtr` and the total size in bytes (with NULs) at `sizePtr`. */
export function writeSizes(mem: GuestMemory, strings: readonly Uint8Array[], countPtr: number, sizePtr: number): void {
  mem.setU32(countPtr, strings.length);
  mem.setU32(sizePtr, strings.reduce((n, s) => n + s.length, 0));
}

/**
 * `args_get(argv: Pointer<Pointer<u8>>, argv_buf: Pointer<u8>) -> errno`: write the argument pointers to `argv`
 * and the NUL-terminated strings to `argv_buf` (sized by `args_sizes_get`). Errno: `EFAULT` out of bounds.
 */
export const args_get = wasi('args_get', { argv: 'i32', argv_buf: 'i32' }, (ctx, mem, argv: number, buf: number) =>
  writeStrings(mem, ctx.args, argv, buf),
);

/**
 * `args_sizes_get() -> (size, size)`: the number of arguments and the size of their string data.
 * Errno: `EFAULT` out of bounds.
 */
export const args_sizes_get = wasi(
  'args_sizes_get',
  { argc: 'i32', argv_buf_size: 'i32' },
  (ctx, mem, argc: number, size: number) => writeSizes(mem, ctx.args, argc, size),
);
