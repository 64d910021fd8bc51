/**
 * All 46 functions of `wasi_snapshot_preview1`, in the order of the spec
 * (https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md). Each is defined, with its parameters,
 * errnos and spec link, in the file of its name prefix (args, clock, environ, fd, fd-io, path, poll, proc,
 * random, sched, sock).
 */
import { args_get, args_sizes_get } from './args.js';
import { clock_res_get, clock_time_get } from './clock.js';
import type { WasiFunction } from './define.js';
import { environ_get, environ_sizes_get } from './environ.js';
import {
  fd_advise,
  fd_allocate,
  fd_close,
  fd_datasync,
  fd_fdstat_get,
  fd_fdstat_set_flags,
  fd_fdstat_set_rights,
  fd_filestat_get,
  fd_filestat_set_size,
  fd_filestat_set_times,
  fd_prestat_dir_name,
  fd_prestat_get,
  fd_renumber,
  fd_sync,
} from './fd.js';
import { fd_pread, fd_pwrite, fd_read, fd_readdir, fd_seek, fd_tell, fd_write } from './fd-io.js';
import {
  path_create_directory,
  path_filestat_get,
  path_filestat_set_times,
  path_link,
  path_open,
  path_readlink,
  path_remove_directory,
  path_rename,
  path_symlink,
  path_unlink_file,
} from './path.js';
import { poll_oneoff } from './poll.js';
import { proc_exit, proc_raise } from './proc.js';
import { random_get } from './random.js';
import { sched_yield } from './sched.js';
import { sock_accept, sock_recv, sock_send, sock_shutdown } from './sock.js';

/** The import module name of WASI preview1. */
export const WASI_MODULE = 'wasi_snapshot_preview1';

/** Every `wasi_snapshot_preview1` function, in spec order. */
export const WASI_FUNCTIONS: readonly WasiFunction[] = [
  args_get,
  args_sizes_get,
  environ_get,
  environ_sizes_get,
  clock_res_get,
  clock_time_get,
  fd_advise,
  fd_allocate,
  fd_close,
  fd_datasync,
  fd_fdstat_get,
  fd_fdstat_set_flags,
  fd_fdstat_set_rights,
  fd_filestat_get,
  fd_filestat_set_size,
  fd_filestat_set_times,
  fd_pread,
  fd_prestat_get,
  fd_prestat_dir_name,
  fd_pwrite,
  fd_read,
  fd_readdir,
  fd_renumber,
  fd_seek,
  fd_sync,
  fd_tell,
  fd_write,
  path_create_directory,
  path_filestat_get,
  path_filestat_set_times,
  path_link,
  path_open,
  path_readlink,
  path_remove_directory,
  path_rename,
  path_symlink,
  path_unlink_file,
  poll_oneoff,
  proc_exit,
  proc_raise,
  sched_yield,
  random_get,
  sock_accept,
  sock_recv,
  sock_send,
  sock_shutdown,
];
