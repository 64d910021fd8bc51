/**
 * The `fd_*` functions that act on a descriptor as a whole: advice, allocation, close, sync, `fdstat`,
 * `filestat`, preopen names and renumbering. Reading, writing, seeking and directory listing are in fd-io.ts.
 * Spec: https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#fd_advise
 */
import { ADVICE_MAX, FdFlags, Filetype, PREOPENTYPE_DIR, Rights } from '../constants.js';
import { Errno, fail } from '../errno.js';
import type { Desc } from '../fd-table.js';
import { encodeUtf8 } from '../memory.js';
import { emptyFilestat, fileWith, offsetOf, timeSpecs, writeFilestat } from './common.js';
import { wasi } from './define.js';

/** The `filetype` `fdstat` and `filestat` report for a descriptor. */
export function filetypeOf(d: Desc): Filetype {
  switch (d.kind) {
    case 'file':
      return Filetype.REGULAR_FILE;
    case 'dir':
      return Filetype.DIRECTORY;
    case 'socket':
      return Filetype.SOCKET_STREAM;
    case 'stream':
      return d.stream.isTerminal ? Filetype.CHARACTER_DEVICE : Filetype.UNKNOWN;
  }
}

/**
 * `fd_advise(fd, offset: filesize, len: filesize, advice) -> errno`: advice about a file's access pattern
 * (accepted and ignored). Errno: `EBADF`, `ENOTCAPABLE` (no `fd_advise` right), `EINVAL` (unknown advice),
 * `ESPIPE` (not a file), `EISDIR`.
 */
export const fd_advise = wasi(
  'fd_advise',
  { fd: 'i32', offset: 'i64', len: 'i64', advice: 'i32' },
  (ctx, _mem, fd: number, _offset: bigint, _len: bigint, advice: number) => {
    fileWith(ctx.fds, fd, Rights.FD_ADVISE);
    if (advice > ADVICE_MAX) fail(Errno.INVAL);
  },
);

/**
 * `fd_allocate(fd, offset: filesize, len: filesize) -> errno`: make sure `[offset, offset + len)` is allocated,
 * growing the file if needed. Errno: `EBADF`, `ENOTCAPABLE`, `EISDIR`, `ESPIPE`, `EFBIG`, `EINVAL` (len 0).
 */
export const fd_allocate = wasi(
  'fd_allocate',
  { fd: 'i32', offset: 'i64', len: 'i64' },
  (ctx, _mem, fd: number, offset: bigint, len: bigint) => {
    const f = fileWith(ctx.fds, fd, Rights.FD_ALLOCATE);
    if (len === 0n) fail(Errno.INVAL);
    const end = offsetOf(offset + len);
    if (BigInt(end) > f.file.stat().size) f.file.setSize(end);
  },
);

/** `fd_close(fd) -> errno`: close a descriptor (a host stream behind it stays open). Errno: `EBADF`. */
export const fd_close = wasi('fd_close', { fd: 'i32' }, (ctx, _mem, fd: number) => ctx.fds.close(fd));

function sync(ctx: Parameters<typeof fd_close.fn>[0], fd: number, right: bigint): void {
  const d = ctx.fds.getWith(fd, right);
  if (d.kind === 'file') d.file.sync();
  else if (d.kind !== 'dir') fail(Errno.INVAL);
}

/** `fd_datasync(fd) -> errno`: flush a file's data. Errno: `EBADF`, `ENOTCAPABLE`, `EINVAL` (a stream). */
export const fd_datasync = wasi('fd_datasync', { fd: 'i32' }, (ctx, _mem, fd: number) => sync(ctx, fd, Rights.FD_DATASYNC));

/**
 * `fd_fdstat_get(fd) -> fdstat`: file type, fd flags and rights (24 bytes: filetype u8 @0, flags u16 @2,
 * rights_base u64 @8, rights_inheriting u64 @16). Errno: `EBADF`, `EFAULT`.
 */
export const fd_fdstat_get = wasi('fd_fdstat_get', { fd: 'i32', stat: 'i32' }, (ctx, mem, fd: number, ptr: number) => {
  const d = ctx.fds.get(fd);
  mem.check(ptr, 24);
  mem.u8.fill(0, ptr, ptr + 24);
  mem.setU8(ptr, filetypeOf(d));
  mem.setU16(ptr + 2, d.fdflags);
  mem.setU64(ptr + 8, d.rights);
  mem.setU64(ptr + 16, d.inheriting);
});

/**
 * `fd_fdstat_set_flags(fd, flags: fdflags) -> errno`: set a file's flags (`append`; `dsync`/`sync` make every
 * write flush to storage; `nonblock` and `rsync` are kept and reported); other descriptors take `nonblock` only.
 * Errno: `EBADF`, `ENOTCAPABLE`, `EINVAL` (unknown bits, or file flags on a stream or directory).
 */
export const fd_fdstat_set_flags = wasi('fd_fdstat_set_flags', { fd: 'i32', flags: 'i32' }, (ctx, _mem, fd: number, flags: number) => {
  const d = ctx.fds.getWith(fd, Rights.FD_FDSTAT_SET_FLAGS);
  if (flags & ~0x1f) fail(Errno.INVAL);
  if (d.kind !== 'file' && flags & ~FdFlags.NONBLOCK) fail(Errno.INVAL);
  d.fdflags = flags;
});

/**
 * `fd_fdstat_set_rights(fd, fs_rights_base: rights, fs_rights_inheriting: rights) -> errno`: drop rights
 * (they can never be added). Errno: `EBADF`, `ENOTCAPABLE` (an attempt to add one).
 */
export const fd_fdstat_set_rights = wasi(
  'fd_fdstat_set_rights',
  { fd: 'i32', fs_rights_base: 'i64', fs_rights_inheriting: 'i64' },
  (ctx, _mem, fd: number, base: bigint, inheriting: bigint) => {
    const d = ctx.fds.get(fd);
    if ((base & ~d.rights) !== 0n || (inheriting & ~d.inheriting) !== 0n) fail(Errno.NOTCAPABLE);
    d.rights = base;
    d.inheriting = inheriting;
  },
);

/** `fd_filestat_get(fd) -> filestat`: metadata of an open file or directory. Errno: `EBADF`, `ENOTCAPABLE`, `EFAULT`, I/O errors. */
export const fd_filestat_get = wasi('fd_filestat_get', { fd: 'i32', buf: 'i32' }, (ctx, mem, fd: number, ptr: number) => {
  const d = ctx.fds.getWith(fd, Rights.FD_FILESTAT_GET);
  mem.check(ptr, 64);
  const st = d.kind === 'file' ? d.file.stat() : d.kind === 'dir' ? d.fs.lstat(d.path) : emptyFilestat(filetypeOf(d));
  writeFilestat(mem, ptr, st);
});

/**
 * `fd_filestat_set_size(fd, size: filesize) -> errno`: truncate or zero-extend a file. Errno: `EBADF`,
 * `ENOTCAPABLE`, `EISDIR`, `EINVAL` (not a file), `EFBIG`.
 */
export const fd_filestat_set_size = wasi('fd_filestat_set_size', { fd: 'i32', size: 'i64' }, (ctx, _mem, fd: number, size: bigint) => {
  const d = ctx.fds.getWith(fd, Rights.FD_FILESTAT_SET_SIZE);
  if (d.kind === 'dir') fail(Errno.ISDIR);
  if (d.kind !== 'file') fail(Errno.INVAL);
  d.file.setSize(offsetOf(size));
});

/**
 * `fd_filestat_set_times(fd, atim: timestamp, mtim: timestamp, fst_flags: fstflags) -> errno`: set access and
 * modification times. Errno: `EBADF`, `ENOTCAPABLE`, `EINVAL` (conflicting flags, or not a file/directory).
 */
export const fd_filestat_set_times = wasi(
  'fd_filestat_set_times',
  { fd: 'i32', atim: 'i64', mtim: 'i64', fst_flags: 'i32' },
  (ctx, _mem, fd: number, atim: bigint, mtim: bigint, fst: number) => {
    const d = ctx.fds.getWith(fd, Rights.FD_FILESTAT_SET_TIMES);
    const [a, m] = timeSpecs(atim, mtim, fst);
    if (d.kind === 'file') d.file.setTimes(a, m);
    else if (d.kind === 'dir') d.fs.setTimes(d.path, a, m);
    else fail(Errno.INVAL);
  },
);

function preopenName(ctx: Parameters<typeof fd_close.fn>[0], fd: number): Uint8Array {
  const d = ctx.fds.get(fd);
  if (d.kind !== 'dir' || d.preopen === undefined) fail(Errno.BADF);
  return encodeUtf8(d.preopen);
}

/**
 * `fd_prestat_get(fd) -> prestat`: a preopened directory's tag (0: dir) and name length (8 bytes).
 * Errno: `EBADF` (not a preopen: how wasi-libc finds the end of the preopens), `EFAULT`.
 */
export const fd_prestat_get = wasi('fd_prestat_get', { fd: 'i32', buf: 'i32' }, (ctx, mem, fd: number, ptr: number) => {
  const name = preopenName(ctx, fd);
  mem.check(ptr, 8);
  mem.setU32(ptr, PREOPENTYPE_DIR);
  mem.setU32(ptr + 4, name.length);
});

/**
 * `fd_prestat_dir_name(fd, path: Pointer<u8>, path_len: size) -> errno`: a preopened directory's guest name
 * (not NUL-terminated). Errno: `EBADF`, `ENAMETOOLONG` (`path_len` too small), `EFAULT`.
 */
export const fd_prestat_dir_name = wasi(
  'fd_prestat_dir_name',
  { fd: 'i32', path: 'i32', path_len: 'i32' },
  (ctx, mem, fd: number, path: number, len: number) => {
    const name = preopenName(ctx, fd);
    if (len < name.length) fail(Errno.NAMETOOLONG);
    mem.write(path, name);
  },
);

/**
 * `fd_renumber(fd, to) -> errno`: move `fd` onto `to`, closing what `to` was (both must be open). Renumbering
 * onto 0–2 replaces the guest's stdio entry only. Errno: `EBADF`.
 */
export const fd_renumber = wasi('fd_renumber', { fd: 'i32', to: 'i32' }, (ctx, _mem, fd: number, to: number) => ctx.fds.renumber(fd, to));

/** `fd_sync(fd) -> errno`: flush a file's data and metadata. Errno: `EBADF`, `ENOTCAPABLE`, `EINVAL` (a stream). */
export const fd_sync = wasi('fd_sync', { fd: 'i32' }, (ctx, _mem, fd: number) => sync(ctx, fd, Rights.FD_SYNC));
