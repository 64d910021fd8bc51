/**
 * The `fd_*` functions that move data: `fd_read`/`fd_write` (files at the fd's offset, honouring `append`;
 * stdio streams; sockets), `fd_pread`/`fd_pwrite` (at an offset), `fd_seek`/`fd_tell`, and `fd_readdir`
 * (directory entries with cookies, `.` and `..` first). Spec:
 * https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#fd_read
 */
import { FdFlags, Filetype, Rights, Whence } from '../constants.js';
import type { WasiCtx } from '../ctx.js';
import { Errno, fail } from '../errno.js';
import type { DirDesc, FileDesc } from '../fd-table.js';
import { encodeUtf8 } from '../memory.js';
import { fileFor, offsetOf, seekableFile } from './common.js';
import { wasi } from './define.js';

/** Read into `bufs` from whatever `fd` is; returns the byte count. */
function readv(ctx: WasiCtx, fd: number, bufs: Uint8Array[]): number {
  const d = ctx.fds.get(fd);
  if (d.kind === 'stream' || d.kind === 'socket') {
    if ((d.rights & Rights.FD_READ) === 0n) fail(Errno.BADF);
    let total = 0;
    for (const buf of bufs) {
      if (buf.length === 0) continue;
      let chunk: Uint8Array;
      if (d.kind === 'socket') chunk = d.socket.recv(buf.length, false);
      else if (d.stream.read === undefined) return fail(Errno.BADF);
      else chunk = d.stream.read(buf.length);
      buf.set(chunk.subarray(0, buf.length));
      total += chunk.length;
      if (chunk.length < buf.length) break;
    }
    return total;
  }
  const f = fileFor(ctx.fds, fd, Rights.FD_READ, false);
  return readFile(f, bufs, f);
}

/** Write `bufs` to whatever `fd` is; returns the byte count. */
function writev(ctx: WasiCtx, fd: number, bufs: Uint8Array[]): number {
  const d = ctx.fds.get(fd);
  if (d.kind === 'stream' || d.kind === 'socket') {
    if ((d.rights & Rights.FD_WRITE) === 0n) fail(Errno.BADF);
    let total = 0;
    for (const buf of bufs) {
      if (buf.length === 0) continue;
      if (d.kind === 'socket') total += d.socket.send(buf);
      else if (d.stream.write === undefined) fail(Errno.BADF);
      else total += d.stream.write(buf);
    }
    return total;
  }
  const f = fileFor(ctx.fds, fd, Rights.FD_WRITE, false);
  if (f.fdflags & FdFlags.APPEND) f.pos = Number(f.file.stat().size);
  return writeFile(f, bufs, f);
}

/** Where a file read or write goes: the fd's own offset, or a `pread`/`pwrite` position. */
interface Cursor {
  pos: number;
}

/** Read `f` into `bufs` at `at`, moving it; stops at the first short read. Returns the byte count. */
function readFile(f: FileDesc, bufs: Uint8Array[], at: Cursor): number {
  let total = 0;
  for (const buf of bufs) {
    const n = f.file.read(buf, at.pos);
    at.pos += n;
    total += n;
    if (n < buf.length) break;
  }
  return total;
}

/**
 * Write `bufs` to `f` at `at`, moving it; stops at the first short write, then syncs if the fd asks for it
 * (`dsync`/`sync`). Returns the byte count.
 */
function writeFile(f: FileDesc, bufs: Uint8Array[], at: Cursor): number {
  let total = 0;
  for (const buf of bufs) {
    const n = f.file.write(buf, at.pos);
    at.pos += n;
    total += n;
    if (n < buf.length) break;
  }
  if (f.fdflags & (FdFlags.DSYNC | FdFlags.SYNC)) f.file.sync();
  return total;
}

/**
 * `fd_pread(fd, iovs: iovec_array, offset: filesize) -> size`: read at `offset` without moving the fd's
 * offset. Errno: `EBADF` (not open or not readable), `ESPIPE` (a stream), `EISDIR`, `EFAULT`, I/O errors.
 */
export const fd_pread = wasi(
  'fd_pread',
  { fd: 'i32', iovs: 'i32', iovs_len: 'i32', offset: 'i64', nread: 'i32' },
  (ctx, mem, fd: number, iovs: number, n: number, offset: bigint, nread: number) => {
    const f = fileFor(ctx.fds, fd, Rights.FD_READ, true);
    const bufs = mem.iovecs(iovs, n);
    mem.check(nread, 4);
    mem.setU32(nread, readFile(f, bufs, { pos: offsetOf(offset) }));
  },
);

/**
 * `fd_pwrite(fd, iovs: ciovec_array, offset: filesize) -> size`: write at `offset` without moving the fd's
 * offset. Errno: `EBADF`, `ESPIPE`, `EISDIR`, `EFAULT`, `EFBIG`, I/O errors.
 */
export const fd_pwrite = wasi(
  'fd_pwrite',
  { fd: 'i32', iovs: 'i32', iovs_len: 'i32', offset: 'i64', nwritten: 'i32' },
  (ctx, mem, fd: number, iovs: number, n: number, offset: bigint, nwritten: number) => {
    const f = fileFor(ctx.fds, fd, Rights.FD_WRITE, true);
    const bufs = mem.iovecs(iovs, n);
    mem.check(nwritten, 4);
    mem.setU32(nwritten, writeFile(f, bufs, { pos: offsetOf(offset) }));
  },
);

/**
 * `fd_read(fd, iovs: iovec_array) -> size`: read from the fd's offset (or stream) into the buffers; stops at the
 * first short read. 0 means end of file. Errno: `EBADF` (not open, not readable, or a directory), `EFAULT`.
 */
export const fd_read = wasi(
  'fd_read',
  { fd: 'i32', iovs: 'i32', iovs_len: 'i32', nread: 'i32' },
  (ctx, mem, fd: number, iovs: number, n: number, nread: number) => {
    if (ctx.fds.get(fd).kind === 'dir') fail(Errno.BADF);
    const bufs = mem.iovecs(iovs, n);
    mem.check(nread, 4);
    mem.setU32(nread, readv(ctx, fd, bufs));
  },
);

/**
 * `fd_write(fd, iovs: ciovec_array) -> size`: write the buffers at the fd's offset (at the end with `append`)
 * or to the stream. Errno: `EBADF` (not open, not writable, or a directory), `EFAULT`, `ENOSPC`, `EPIPE`.
 */
export const fd_write = wasi(
  'fd_write',
  { fd: 'i32', iovs: 'i32', iovs_len: 'i32', nwritten: 'i32' },
  (ctx, mem, fd: number, iovs: number, n: number, nwritten: number) => {
    if (ctx.fds.get(fd).kind === 'dir') fail(Errno.BADF);
    const bufs = mem.iovecs(iovs, n);
    mem.check(nwritten, 4);
    mem.setU32(nwritten, writev(ctx, fd, bufs));
  },
);

function listing(d: DirDesc): NonNullable<DirDesc['listing']> {
  const self = d.fs.lstat(d.path);
  let parentIno = self.ino;
  if (d.path !== '') {
    const i = d.path.lastIndexOf('/');
    parentIno = d.fs.lstat(i < 0 ? '' : d.path.slice(0, i)).ino;
  }
  return [
    { name: '.', filetype: Filetype.DIRECTORY, ino: self.ino },
    { name: '..', filetype: Filetype.DIRECTORY, ino: parentIno },
    ...d.fs.readdir(d.path),
  ];
}

/**
 * `fd_readdir(fd, buf: Pointer<u8>, buf_len: size, cookie: dircookie) -> size`: fill `buf` with `dirent`s
 * (24-byte header: d_next u64, d_ino u64, d_namlen u32, d_type u8; then the name) starting at `cookie`; the last
 * entry may be cut short, and a full buffer means "call again". Errno: `EBADF`, `ENOTDIR`, `ENOTCAPABLE`,
 * `EFAULT`.
 */
export const fd_readdir = wasi(
  'fd_readdir',
  { fd: 'i32', buf: 'i32', buf_len: 'i32', cookie: 'i64', bufused: 'i32' },
  (ctx, mem, fd: number, buf: number, len: number, cookie: bigint, bufused: number) => {
    const d = ctx.fds.dir(fd, Rights.FD_READDIR);
    mem.check(buf, len);
    mem.check(bufused, 4);
    if (cookie === 0n || d.listing === undefined) d.listing = listing(d);
    const entries = d.listing;
    let at = 0;
    for (let i = cookie > BigInt(entries.length) ? entries.length : Number(cookie); i < entries.length && at < len; i++) {
      const e = entries[i]!;
      const name = encodeUtf8(e.name);
      const rec = new Uint8Array(24 + name.length);
      const dv = new DataView(rec.buffer);
      dv.setBigUint64(0, BigInt(i + 1), true);
      dv.setBigUint64(8, e.ino, true);
      dv.setUint32(16, name.length, true);
      rec[20] = e.filetype;
      rec.set(name, 24);
      const n = Math.min(rec.length, len - at);
      mem.write(buf + at, rec.subarray(0, n));
      at += n;
    }
    mem.setU32(bufused, at);
  },
);

/**
 * `fd_seek(fd, offset: filedelta, whence) -> filesize`: move the fd's offset and return it. Errno: `EBADF`,
 * `ENOTCAPABLE` (no `fd_seek` right; `fd_tell` suffices for `(0, cur)`), `ESPIPE` (a stream), `EISDIR`,
 * `EINVAL` (bad whence or a negative result), `EFAULT`.
 */
export const fd_seek = wasi(
  'fd_seek',
  { fd: 'i32', offset: 'i64', whence: 'i32', newoffset: 'i32' },
  (ctx, mem, fd: number, offset: bigint, whence: number, newoffset: number) => {
    const delta = BigInt.asIntN(64, offset);
    const right = delta === 0n && whence === Whence.CUR ? Rights.FD_TELL : Rights.FD_SEEK;
    const f = seekableFile(ctx.fds, fd, right);
    let base: bigint;
    if (whence === Whence.SET) base = 0n;
    else if (whence === Whence.CUR) base = BigInt(f.pos);
    else if (whence === Whence.END) base = f.file.stat().size;
    else return fail(Errno.INVAL);
    const pos = base + delta;
    if (pos < 0n) fail(Errno.INVAL);
    mem.check(newoffset, 8);
    f.pos = offsetOf(pos);
    mem.setU64(newoffset, pos);
  },
);

/** `fd_tell(fd) -> filesize`: the fd's offset. Errno: `EBADF`, `ENOTCAPABLE`, `ESPIPE`, `EISDIR`, `EFAULT`. */
export const fd_tell = wasi('fd_tell', { fd: 'i32', offset: 'i32' }, (ctx, mem, fd: number, ptr: number) => {
  const f = seekableFile(ctx.fds, fd, Rights.FD_TELL);
  mem.setU64(ptr, BigInt(f.pos));
});
