/**
 * `proc_exit`, `proc_raise`. `proc_exit` ends the run by throwing `ExitError` (the embedder decides what an exit
 * code means; the library never calls `process.exit`). `proc_raise` is not supported, as in Wasmtime.
 * Spec: https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#proc_exit
 */
import { ExitError } from '@weft/engine';
import { SIGNAL_MAX } from '../constants.js';
import { Errno, fail } from '../errno.js';
import { wasi, type WasiFunction } from './define.js';

/** `proc_exit(rval: exitcode)`: terminate the program with exit code `rval`; does not return. */
export const proc_exit: WasiFunction = {
  name: 'proc_exit',
  params: [['rval', 'i32']],
  result: 'none',
  fn: (_ctx, _mem, code: number) => {
    throw new ExitError(code);
  },
};

/** `proc_raise(sig: signal) -> errno`: Errno: `EINVAL` unknown signal, else `ENOSYS` (signals are unsupported). */
export const proc_raise = wasi('proc_raise', { sig: 'i32' }, (_ctx, _mem, sig: number) => {
  if (sig > SIGNAL_MAX) fail(Errno.INVAL);
  fail(Errno.NOSYS);
});
