/**
 * WASI preview1 error numbers (`errno`), with the spec's names, and `ErrnoError`, the internal exception a WASI
 * function or a filesystem backend throws to answer with an errno. The linker glue turns it into the function's
 * result; it never reaches the guest as a trap.
 */

/** `errno` values of `wasi_snapshot_preview1`, in spec order (https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#errno). */
export const Errno = {
  SUCCESS: 0, '2BIG': 1, ACCES: 2, ADDRINUSE: 3, ADDRNOTAVAIL: 4, AFNOSUPPORT: 5, AGAIN: 6, ALREADY: 7,
  BADF: 8, BADMSG: 9, BUSY: 10, CANCELED: 11, CHILD: 12, CONNABORTED: 13, CONNREFUSED: 14, CONNRESET: 15,
  DEADLK: 16, DESTADDRREQ: 17, DOM: 18, DQUOT: 19, EXIST: 20, FAULT: 21, FBIG: 22, HOSTUNREACH: 23, IDRM: 24,
  ILSEQ: 25, INPROGRESS: 26, INTR: 27, INVAL: 28, IO: 29, ISCONN: 30, ISDIR: 31, LOOP: 32, MFILE: 33,
  MLINK: 34, MSGSIZE: 35, MULTIHOP: 36, NAMETOOLONG: 37, NETDOWN: 38, NETRESET: 39, NETUNREACH: 40, NFILE: 41,
  NOBUFS: 42, NODEV: 43, NOENT: 44, NOEXEC: 45, NOLCK: 46, NOLINK: 47, NOMEM: 48, NOMSG: 49, NOPROTOOPT: 50,
  NOSPC: 51, NOSYS: 52, NOTCONN: 53, NOTDIR: 54, NOTEMPTY: 55, NOTRECOVERABLE: 56, NOTSOCK: 57, NOTSUP: 58,
  NOTTY: 59, NXIO: 60, OVERFLOW: 61, OWNERDEAD: 62, PERM: 63, PIPE: 64, PROTO: 65, PROTONOSUPPORT: 66,
  PROTOTYPE: 67, RANGE: 68, ROFS: 69, SPIPE: 70, SRCH: 71, STALE: 72, TIMEDOUT: 73, TXTBSY: 74, XDEV: 75,
  NOTCAPABLE: 76,
} as const;
export type Errno = (typeof Errno)[keyof typeof Errno];

const NAMES: string[] = [];
for (const [name, value] of Object.entries(Errno)) NAMES[value] = name;

/** The spec name of an errno with an `E` prefix (`ESUCCESS`, `EBADF`, ...), as in golden traces. */
export function errnoName(errno: number): string {
  const name = NAMES[errno];
  return name === undefined ? `errno(${errno})` : `E${name}`;
}

/** The errno for a POSIX error code name such as `ENOENT` (Node's `err.code`), or `undefined`. */
export function errnoFromCode(code: string): Errno | undefined {
  if (!code.startsWith('E')) return undefined;
  const name = code.slice(1);
  if (name in Errno) return Errno[name as keyof typeof Errno];
  if (name === 'WOULDBLOCK') return Errno.AGAIN;
  if (name === 'OPNOTSUPP') return Errno.NOTSUP;
  return undefined;
}

/** Thrown inside WASI functions and filesystem backends to answer with `errno`. */
export class ErrnoError extends Error {
  override name = 'ErrnoError';
  readonly errno: Errno;
  constructor(errno: Errno, detail?: string) {
    super(detail === undefined ? errnoName(errno) : `${errnoName(errno)}: ${detail}`);
    this.errno = errno;
  }
}

/** Throw `ErrnoError(errno)`; for terse checks (`cond || fail(Errno.INVAL)`). */
export function fail(errno: Errno, detail?: string): never {
  throw new ErrnoError(errno, detail);
}
