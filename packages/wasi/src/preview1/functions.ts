/**
 * All 46 functions of `wasi_snapshot_preview1`, in the order of the spec
 * (https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md). Each is defined, with its parameters,
 * errnos and spec link, in the file of its name prefix (args, clock, environ, fd, fd-io, path, poll, proc,
 * random, sched, sock).
 */
import * as args from './args.js';
import * as clock from './clock.js';
import type { WasiFunction } from './define.js';
import * as environ from './environ.js';
import * as fd from './fd.js';
import * as fdIo from './fd-io.js';
import * as path from './path.js';
import * as poll from './poll.js';
import * as proc from './proc.js';
import * as random from './random.js';
import * as sched from './sched.js';
import * as sock from './sock.js';

/** The import module name of WASI preview1. */
export const WASI_MODULE = 'wasi_snapshot_preview1';

/** Every `wasi_snapshot_preview1` function, in spec order. */
export const WASI_FUNCTIONS: readonly WasiFunction[] = [
  args.args_get,
  args.args_sizes_get,
  environ.environ_get,
  environ.environ_sizes_get,
  clock.clock_res_get,
  clock.clock_time_get,
  fd.fd_advise,
  fd.fd_allocate,
  fd.fd_close,
  fd.fd_datasync,
  fd.fd_fdstat_get,
  fd.fd_fdstat_set_flags,
  fd.fd_fdstat_set_rights,
  fd.fd_filestat_get,
  fd.fd_filestat_set_size,
  fd.fd_filestat_set_times,
  fdIo.fd_pread,
  fd.fd_prestat_get,
  fd.fd_prestat_dir_name,
  fdIo.fd_pwrite,
  fdIo.fd_read,
  fdIo.fd_readdir,
  fd.fd_renumber,
  fdIo.fd_seek,
  fd.fd_sync,
  fdIo.fd_tell,
  fdIo.fd_write,
  path.path_create_directory,
  path.path_filestat_get,
  path.path_filestat_set_times,
  path.path_link,
  path.path_open,
  path.path_readlink,
  path.path_remove_directory,
  path.path_rename,
  path.path_symlink,
  path.path_unlink_file,
  poll.poll_oneoff,
  proc.proc_exit,
  proc.proc_raise,
  sched.sched_yield,
  random.random_get,
  sock.sock_accept,
  sock.sock_recv,
  sock.sock_send,
  sock.sock_shutdown,
];
