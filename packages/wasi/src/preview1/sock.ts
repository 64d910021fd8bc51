/**
 * `sock_accept`, `sock_recv`, `sock_send`, `sock_shutdown`: work on sockets the host preopened
 * (`WasiCtxBuilder.preopenSocket`); any other fd answers `ENOTSOCK`. Spec:
 * https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#sock_accept
 */
import { FdFlags, RiFlags, Rights, SdFlags, SOCKET_RIGHTS } from '../constants.js';
import type { WasiCtx } from '../ctx.js';
import { Errno, fail } from '../errno.js';
import type { SocketDesc } from '../fd-table.js';
import { wasi } from './define.js';

function socket(ctx: WasiCtx, fd: number, right: bigint): SocketDesc {
  const d = ctx.fds.get(fd);
  if (d.kind !== 'socket') fail(Errno.NOTSOCK);
  if ((d.rights & right) !== right) fail(Errno.NOTCAPABLE);
  return d;
}

/**
 * `sock_accept(fd, flags: fdflags) -> fd`: accept a connection on a listening socket. Errno: `EBADF`,
 * `ENOTSOCK`, `ENOTCAPABLE`, `EINVAL` (flags other than `nonblock`, or not listening), `EAGAIN` (none pending).
 */
export const sock_accept = wasi('sock_accept', { fd: 'i32', flags: 'i32', fd_out: 'i32' }, (ctx, mem, fd: number, flags: number, out: number) => {
  const s = socket(ctx, fd, Rights.SOCK_ACCEPT);
  if (flags & ~FdFlags.NONBLOCK) fail(Errno.INVAL);
  if (s.socket.accept === undefined) fail(Errno.INVAL);
  mem.check(out, 4);
  const conn = s.socket.accept() ?? fail(Errno.AGAIN);
  mem.setU32(out, ctx.fds.insert({ kind: 'socket', socket: conn, rights: SOCKET_RIGHTS & ~Rights.SOCK_ACCEPT, inheriting: 0n, fdflags: flags }));
});

/**
 * `sock_recv(fd, ri_data: iovec_array, ri_flags: riflags) -> (size, roflags)`: receive into the buffers
 * (`recv_peek` leaves the data queued). Errno: `EBADF`, `ENOTSOCK`, `ENOTCAPABLE`, `EINVAL` (unknown flags),
 * `EFAULT`.
 */
export const sock_recv = wasi(
  'sock_recv',
  { fd: 'i32', ri_data: 'i32', ri_data_len: 'i32', ri_flags: 'i32', ro_datalen: 'i32', ro_flags: 'i32' },
  (ctx, mem, fd: number, iovs: number, n: number, flags: number, lenPtr: number, flagsPtr: number) => {
    const s = socket(ctx, fd, Rights.FD_READ);
    if (flags & ~(RiFlags.RECV_PEEK | RiFlags.RECV_WAITALL)) fail(Errno.INVAL);
    const bufs = mem.iovecs(iovs, n);
    mem.check(lenPtr, 4);
    mem.check(flagsPtr, 2);
    const want = bufs.reduce((t, b) => t + b.length, 0);
    const data = s.socket.recv(want, (flags & RiFlags.RECV_PEEK) !== 0);
    let at = 0;
    for (const b of bufs) {
      const part = data.subarray(at, at + b.length);
      b.set(part);
      at += part.length;
    }
    mem.setU32(lenPtr, at);
    mem.setU16(flagsPtr, 0);
  },
);

/**
 * `sock_send(fd, si_data: ciovec_array, si_flags: siflags) -> size`: send the buffers. Errno: `EBADF`,
 * `ENOTSOCK`, `ENOTCAPABLE`, `EINVAL` (flags must be 0), `EFAULT`, `EPIPE`.
 */
export const sock_send = wasi(
  'sock_send',
  { fd: 'i32', si_data: 'i32', si_data_len: 'i32', si_flags: 'i32', so_datalen: 'i32' },
  (ctx, mem, fd: number, iovs: number, n: number, flags: number, out: number) => {
    const s = socket(ctx, fd, Rights.FD_WRITE);
    if (flags !== 0) fail(Errno.INVAL);
    const bufs = mem.iovecs(iovs, n);
    mem.check(out, 4);
    let total = 0;
    for (const b of bufs) if (b.length > 0) total += s.socket.send(b);
    mem.setU32(out, total);
  },
);

/**
 * `sock_shutdown(fd, how: sdflags) -> errno`: shut down the read and/or write half. Errno: `EBADF`,
 * `ENOTSOCK`, `ENOTCAPABLE`, `EINVAL` (no or unknown flags), `ENOTCONN`.
 */
export const sock_shutdown = wasi('sock_shutdown', { fd: 'i32', how: 'i32' }, (ctx, _mem, fd: number, how: number) => {
  const s = socket(ctx, fd, Rights.SOCK_SHUTDOWN);
  if (how === 0 || how & ~(SdFlags.RD | SdFlags.WR)) fail(Errno.INVAL);
  s.socket.shutdown((how & SdFlags.RD) !== 0, (how & SdFlags.WR) !== 0);
});
