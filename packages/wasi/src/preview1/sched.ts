/**
 * `sched_yield`: a single-threaded guest has nobody to yield to, so it succeeds at once.
 * Spec: https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#sched_yield
 */
import { wasi } from './define.js';

/** `sched_yield() -> errno`: always succeeds. */
export const sched_yield = wasi('sched_yield', {}, () => {});
