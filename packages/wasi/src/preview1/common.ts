/**
 * Helpers shared by the WASI functions: writing `filestat`, checking `fstflags` into timestamps, and the
 * file-descriptor lookups with the errno each misuse gets.
 */
import { FstFlags, Rights, Filetype } from '../constants.js';
import { Errno, fail } from '../errno.js';
import type { FdTable, FileDesc } from '../fd-table.js';
import type { Filestat, TimeSpec } from '../fs/filesystem.js';
import type { GuestMemory } from '../memory.js';

/** Write a 64-byte `filestat` at `ptr`. */
export function writeFilestat(mem: GuestMemory, ptr: number, st: Filestat): void {
  mem.check(ptr, 64);
  mem.u8.fill(0, ptr, ptr + 64);
  mem.setU64(ptr, st.dev);
  mem.setU64(ptr + 8, st.ino);
  mem.setU8(ptr + 16, st.filetype);
  mem.setU64(ptr + 24, st.nlink);
  mem.setU64(ptr + 32, st.size);
  mem.setU64(ptr + 40, st.atim);
  mem.setU64(ptr + 48, st.mtim);
  mem.setU64(ptr + 56, st.ctim);
}

/** A `filestat` for something with no filesystem metadata (streams, sockets). */
export function emptyFilestat(filetype: Filetype): Filestat {
  return { dev: 0n, ino: 0n, filetype, nlink: 0n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
}

/** The timestamps `fstflags` asks for; `EINVAL` when a time and its `_now` are both set, or unknown bits. */
export function timeSpecs(atim: bigint, mtim: bigint, fst: number): [TimeSpec, TimeSpec] {
  if (fst & ~0xf) fail(Errno.INVAL);
  if (fst & FstFlags.ATIM && fst & FstFlags.ATIM_NOW) fail(Errno.INVAL);
  if (fst & FstFlags.MTIM && fst & FstFlags.MTIM_NOW) fail(Errno.INVAL);
  const a: TimeSpec = fst & FstFlags.ATIM_NOW ? 'now' : fst & FstFlags.ATIM ? atim : undefined;
  const m: TimeSpec = fst & FstFlags.MTIM_NOW ? 'now' : fst & FstFlags.MTIM ? mtim : undefined;
  return [a, m];
}

/**
 * A regular-file descriptor for reading or writing: `EBADF` when `fd` is not open or lacks the right (as POSIX
 * answers a write to a read-only fd), `ESPIPE` for streams and sockets when `seekable`, `EISDIR` for directories.
 */
export function fileFor(fds: FdTable, fd: number, right: bigint, seekable: boolean): FileDesc {
  const d = fds.get(fd);
  if (d.kind === 'dir') fail(Errno.ISDIR);
  if (d.kind !== 'file') fail(seekable ? Errno.SPIPE : Errno.BADF);
  if ((d.rights & right) !== right) fail(Errno.BADF);
  return d;
}

/** A regular-file descriptor with `rights`: `ENOTCAPABLE` without them, `EBADF`/`EISDIR`/`ESPIPE` otherwise. */
export function fileWith(fds: FdTable, fd: number, rights: bigint): FileDesc {
  const d = fds.getWith(fd, rights);
  if (d.kind === 'dir') fail(Errno.ISDIR);
  if (d.kind !== 'file') fail(Errno.SPIPE);
  return d;
}

/**
 * A regular-file descriptor to seek in with `right`: `ESPIPE` for streams and sockets before any rights check
 * (nothing there has an offset), then as `fileWith`.
 */
export function seekableFile(fds: FdTable, fd: number, right: bigint): FileDesc {
  const d = fds.get(fd);
  if (d.kind === 'stream' || d.kind === 'socket') fail(Errno.SPIPE);
  return fileWith(fds, fd, right);
}

/** The largest file offset weft handles (JS numbers are exact up to 2^53). */
export const MAX_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);

/** A u64 offset as a number; `EFBIG` past 2^53. */
export function offsetOf(v: bigint): number {
  if (v > MAX_OFFSET) fail(Errno.FBIG);
  return Number(v);
}

export { Rights };
