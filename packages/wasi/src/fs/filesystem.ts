/**
 * The interface every filesystem backend implements (`WasiFilesystem`, `WasiFile`), and the shapes it returns.
 * Backends see only paths that the sandboxing resolver (resolve.ts) has already checked: relative to the
 * backend's root, `/`-separated, with no `.`/`..` components and no symbolic link before the last component.
 * Backends report failures by throwing `ErrnoError`.
 */
import type { Filetype } from '../constants.js';

/** File metadata, as `filestat` has it (times in ns since the Unix epoch). */
export interface Filestat {
  dev: bigint;
  ino: bigint;
  filetype: Filetype;
  nlink: bigint;
  size: bigint;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

/** One directory entry (without `.` and `..`, which the WASI layer adds). */
export interface DirEntry {
  name: string;
  filetype: Filetype;
  ino: bigint;
}

/** A new timestamp: a time in ns, `'now'`, or `undefined` to keep the old one. */
export type TimeSpec = bigint | 'now' | undefined;

/** How to open a file. */
export interface OpenOptions {
  read: boolean;
  write: boolean;
  create: boolean;
  exclusive: boolean;
  truncate: boolean;
}

/** An open regular file. Positions are absolute: the WASI layer keeps the fd's offset. */
export interface WasiFile {
  /** Read into `buf` at `position`; returns the number of bytes read (0 at the end). */
  read(buf: Uint8Array, position: number): number;
  /** Write `buf` at `position`; returns the number of bytes written. */
  write(buf: Uint8Array, position: number): number;
  stat(): Filestat;
  setSize(size: number): void;
  setTimes(atim: TimeSpec, mtim: TimeSpec): void;
  /** Flush data and metadata to storage (`fd_sync`, `fd_datasync`). */
  sync(): void;
  close(): void;
}

/** A directory tree; every path is relative to the backend's root (`''` is the root itself). */
export interface WasiFilesystem {
  /** Metadata of `path` itself (a symbolic link is not followed). */
  lstat(path: string): Filestat;
  /** The target of the symbolic link at `path` (`EINVAL` when it is not one). */
  readlink(path: string): string;
  /** Open (or create) the regular file at `path`. `path` is never a symbolic link (`ELOOP` if it became one). */
  open(path: string, opts: OpenOptions): WasiFile;
  /** The entries of the directory at `path`, in a stable order. */
  readdir(path: string): DirEntry[];
  mkdir(path: string): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  link(existing: string, path: string): void;
  symlink(target: string, path: string): void;
  /** Set the times of `path` itself (not following a symbolic link). */
  setTimes(path: string, atim: TimeSpec, mtim: TimeSpec): void;
}

/** `a` joined with `b` (either may be `''`). */
export function joinPath(a: string, b: string): string {
  return a === '' ? b : b === '' ? a : `${a}/${b}`;
}
