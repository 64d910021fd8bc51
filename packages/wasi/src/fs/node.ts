/**
 * `NodeFs`: a real directory on the host, through Node's `fs` (synchronous calls). It only ever sees paths the
 * sandboxing resolver produced (no `..`, no symbolic link before the last component) and opens files with
 * `O_NOFOLLOW`, so a symbolic link — even one the guest created — is never followed by the host. Node's error
 * codes become errnos.
 */
import type * as NodeFsModule from 'node:fs';
import { Filetype } from '../constants.js';
import { Errno, ErrnoError, errnoFromCode, fail } from '../errno.js';
import { requireNodeFs } from '../host.js';
import type { DirEntry, Filestat, OpenOptions, TimeSpec, WasiFile, WasiFilesystem } from './filesystem.js';

/** Run a Node fs call, turning its error into an `ErrnoError`. */
function sys<R>(op: () => R): R {
  try {
    return op();
  } catch (err) {
    if (err instanceof ErrnoError) throw err;
    const code = (err as { code?: string }).code;
    const errno = code === undefined ? undefined : errnoFromCode(code);
    throw new ErrnoError(errno ?? Errno.IO, (err as Error).message);
  }
}

function filetypeOf(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): Filetype {
  if (s.isFile()) return Filetype.REGULAR_FILE;
  if (s.isDirectory()) return Filetype.DIRECTORY;
  if (s.isSymbolicLink()) return Filetype.SYMBOLIC_LINK;
  if (s.isCharacterDevice()) return Filetype.CHARACTER_DEVICE;
  if (s.isBlockDevice()) return Filetype.BLOCK_DEVICE;
  if (s.isSocket()) return Filetype.SOCKET_STREAM;
  return Filetype.UNKNOWN;
}

/**
 * Exact times set through a `NodeFs`. Node's utimes family takes seconds as a double (about 240 ns of resolution
 * for today's dates, and some paths go through microseconds), so a guest that sets a time and reads it back
 * would see it move. We remember the nanoseconds asked for, by device and inode, and report them while the
 * stored time is within 10 µs of them (any later change to the file moves it further and ends the overlay).
 */
class ExactTimes {
  readonly #set = new Map<string, { atim: bigint; mtim: bigint }>();

  record(st: Filestat, atim: bigint, mtim: bigint): void {
    this.#set.set(`${st.dev}:${st.ino}`, { atim, mtim });
  }

  apply(st: Filestat): Filestat {
    const exact = this.#set.get(`${st.dev}:${st.ino}`);
    if (exact === undefined) return st;
    const near = (a: bigint, b: bigint) => (a > b ? a - b : b - a) <= 10_000n;
    if (near(st.atim, exact.atim)) st.atim = exact.atim;
    if (near(st.mtim, exact.mtim)) st.mtim = exact.mtim;
    return st;
  }
}

/** Set times with Node's seconds-based API and remember the exact nanoseconds. */
function setTimes(times: ExactTimes, cur: Filestat, atim: TimeSpec, mtim: TimeSpec, set: (a: number, m: number) => void): void {
  const now = BigInt(Date.now()) * 1_000_000n;
  const a = atim === undefined ? cur.atim : atim === 'now' ? now : atim;
  const m = mtim === undefined ? cur.mtim : mtim === 'now' ? now : mtim;
  set(Number(a) / 1e9, Number(m) / 1e9);
  times.record(cur, a, m);
}

function filestat(s: NodeFsModule.BigIntStats): Filestat {
  return {
    dev: s.dev,
    ino: s.ino,
    filetype: filetypeOf(s),
    nlink: s.nlink,
    size: s.size,
    atim: s.atimeNs,
    mtim: s.mtimeNs,
    ctim: s.ctimeNs,
  };
}

/**
 * A host directory as a WASI filesystem.
 *
 * @example
 * ```ts
 * builder.preopen(new NodeFs('./data'), '/data');   // or builder.preopenDir('./data', '/data')
 * ```
 */
export class NodeFs implements WasiFilesystem {
  /** The host directory (its real path, symbolic links resolved once at creation). */
  readonly root: string;
  readonly #fs: typeof NodeFsModule;
  readonly #times = new ExactTimes();

  /** @throws Error when `hostPath` is not a directory. */
  constructor(hostPath: string) {
    this.#fs = requireNodeFs('NodeFs');
    this.root = this.#fs.realpathSync(hostPath);
    if (!this.#fs.statSync(this.root).isDirectory()) throw new Error(`not a directory: ${hostPath}`);
  }

  #host(path: string): string {
    return path === '' ? this.root : `${this.root}/${path}`;
  }

  lstat(path: string): Filestat {
    return this.#times.apply(filestat(sys(() => this.#fs.lstatSync(this.#host(path), { bigint: true }))));
  }

  readlink(path: string): string {
    return sys(() => this.#fs.readlinkSync(this.#host(path), 'utf8'));
  }

  open(path: string, opts: OpenOptions): WasiFile {
    const c = this.#fs.constants;
    let flags = opts.write ? (opts.read ? c.O_RDWR : c.O_WRONLY) : c.O_RDONLY;
    if (opts.create) flags |= c.O_CREAT;
    if (opts.exclusive) flags |= c.O_EXCL;
    if (opts.truncate) flags |= c.O_TRUNC;
    flags |= c.O_NOFOLLOW;
    const host = this.#host(path);
    const fd = sys(() => this.#fs.openSync(host, flags, 0o666));
    const st = sys(() => this.#fs.fstatSync(fd));
    if (st.isDirectory()) {
      this.#fs.closeSync(fd);
      fail(Errno.ISDIR);
    }
    return new NodeFile(this.#fs, fd, this.#times);
  }

  readdir(path: string): DirEntry[] {
    const host = this.#host(path);
    const entries = sys(() => this.#fs.readdirSync(host, { withFileTypes: true }));
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return entries.map((e) => {
      let ino = 0n;
      try {
        ino = this.#fs.lstatSync(`${host}/${e.name}`, { bigint: true }).ino;
      } catch {
        /* raced with a removal: keep 0 */
      }
      return { name: e.name, filetype: filetypeOf(e), ino };
    });
  }

  mkdir(path: string): void {
    sys(() => this.#fs.mkdirSync(this.#host(path)));
  }
  rmdir(path: string): void {
    sys(() => this.#fs.rmdirSync(this.#host(path)));
  }
  unlink(path: string): void {
    const host = this.#host(path);
    sys(() => {
      if (this.#fs.lstatSync(host).isDirectory()) fail(Errno.ISDIR);
      this.#fs.unlinkSync(host);
    });
  }
  rename(from: string, to: string): void {
    sys(() => this.#fs.renameSync(this.#host(from), this.#host(to)));
  }
  link(existing: string, path: string): void {
    sys(() => this.#fs.linkSync(this.#host(existing), this.#host(path)));
  }
  symlink(target: string, path: string): void {
    sys(() => this.#fs.symlinkSync(target, this.#host(path)));
  }
  setTimes(path: string, atim: TimeSpec, mtim: TimeSpec): void {
    const host = this.#host(path);
    setTimes(this.#times, this.lstat(path), atim, mtim, (a, m) => sys(() => this.#fs.lutimesSync(host, a, m)));
  }
}

class NodeFile implements WasiFile {
  #closed = false;
  constructor(
    readonly fs: typeof NodeFsModule,
    readonly fd: number,
    readonly times: ExactTimes,
  ) {}

  read(buf: Uint8Array, position: number): number {
    return sys(() => this.fs.readSync(this.fd, buf, 0, buf.length, position));
  }
  write(buf: Uint8Array, position: number): number {
    return sys(() => this.fs.writeSync(this.fd, buf, 0, buf.length, position));
  }
  stat(): Filestat {
    return this.times.apply(filestat(sys(() => this.fs.fstatSync(this.fd, { bigint: true }))));
  }
  setSize(size: number): void {
    sys(() => this.fs.ftruncateSync(this.fd, size));
  }
  setTimes(atim: TimeSpec, mtim: TimeSpec): void {
    setTimes(this.times, this.stat(), atim, mtim, (a, m) => sys(() => this.fs.futimesSync(this.fd, a, m)));
  }
  sync(): void {
    sys(() => this.fs.fsyncSync(this.fd));
  }
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    sys(() => this.fs.closeSync(this.fd));
  }
}
