/**
 * `random_get`: fills guest memory from the context's random source (WebCrypto, or `testRandom` in tests).
 * Spec: https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#random_get
 */
import { wasi } from './define.js';

/** `random_get(buf: Pointer<u8>, buf_len: size) -> errno`: fill `buf` with random bytes. Errno: `EFAULT`. */
export const random_get = wasi('random_get', { buf: 'i32', buf_len: 'i32' }, (ctx, mem, buf: number, len: number) => {
  ctx.random(mem.bytes(buf, len));
});
