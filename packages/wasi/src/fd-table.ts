/**
 * The guest's file descriptor table: what each fd refers to (a regular file with its offset, a directory in a
 * filesystem, a stdio stream or a socket), its rights and fd flags. It is the guest's own: closing or renumbering
 * guest fds never closes a host stream. New fds take the lowest free number, as POSIX does.
 */
import { Errno, fail } from './errno.js';
import type { WasiFile, WasiFilesystem, DirEntry } from './fs/filesystem.js';
import type { WasiSocket } from './sockets.js';
import type { WasiStream } from './streams.js';

interface DescBase {
  /** `fs_rights_base`. */
  rights: bigint;
  /** `fs_rights_inheriting`. */
  inheriting: bigint;
  /** `fdflags`: `append` and the sync flags are honoured for files; the rest is kept and reported. */
  fdflags: number;
}
/** An open regular file. */
export interface FileDesc extends DescBase {
  kind: 'file';
  file: WasiFile;
  /** The current offset. */
  pos: number;
}
/** An open directory: a path in a filesystem, which bounds every path resolved through it. */
export interface DirDesc extends DescBase {
  kind: 'dir';
  fs: WasiFilesystem;
  path: string;
  /** The guest name of a preopened directory (`fd_prestat_get`). */
  preopen?: string;
  /** The listing `fd_readdir` serves, taken again at cookie 0. */
  listing?: { name: string; filetype: number; ino: bigint }[];
}
/** A stdio stream. */
export interface StreamDesc extends DescBase {
  kind: 'stream';
  stream: WasiStream;
}
/** A preopened or accepted socket. */
export interface SocketDesc extends DescBase {
  kind: 'socket';
  socket: WasiSocket;
}
export type Desc = FileDesc | DirDesc | StreamDesc | SocketDesc;
export type { DirEntry };

/** The table of a guest's fds. */
export class FdTable {
  readonly #fds = new Map<number, Desc>();

  /** The descriptor of `fd`; `EBADF` when it is not open. */
  get(fd: number): Desc {
    return this.#fds.get(fd) ?? fail(Errno.BADF, `fd ${fd}`);
  }

  /** Like `get`, and `ENOTCAPABLE` unless the descriptor has all of `rights`. */
  getWith(fd: number, rights: bigint): Desc {
    const d = this.get(fd);
    if ((d.rights & rights) !== rights) fail(Errno.NOTCAPABLE);
    return d;
  }

  /** A directory descriptor with `rights`: `EBADF`, `ENOTDIR` or `ENOTCAPABLE` otherwise. */
  dir(fd: number, rights: bigint): DirDesc {
    const d = this.get(fd);
    if (d.kind !== 'dir') fail(Errno.NOTDIR);
    if ((d.rights & rights) !== rights) fail(Errno.NOTCAPABLE);
    return d;
  }

  has(fd: number): boolean {
    return this.#fds.has(fd);
  }

  /** Put `desc` at the lowest free fd and return it. */
  insert(desc: Desc): number {
    let fd = 0;
    while (this.#fds.has(fd)) fd++;
    this.#fds.set(fd, desc);
    return fd;
  }

  /** Put `desc` at `fd` (the builder's stdio and preopens). */
  set(fd: number, desc: Desc): void {
    this.#fds.set(fd, desc);
  }

  /** Close `fd`: release a file or socket; a host stream stays open. */
  close(fd: number): void {
    const d = this.get(fd);
    this.#fds.delete(fd);
    release(d);
  }

  /** Move `from` onto `to` (which must be open, and is closed first). */
  renumber(from: number, to: number): void {
    const d = this.get(from);
    const old = this.get(to);
    if (from === to) return;
    this.#fds.delete(from);
    this.#fds.set(to, d);
    release(old);
  }

  /** Every open fd, ascending. */
  fds(): number[] {
    return [...this.#fds.keys()].sort((a, b) => a - b);
  }

  /** Close everything (the context is done). */
  closeAll(): void {
    for (const fd of this.fds()) this.close(fd);
  }
}

function release(d: Desc): void {
  if (d.kind === 'file') d.file.close();
  else if (d.kind === 'socket') d.socket.close?.();
}
