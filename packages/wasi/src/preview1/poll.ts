/**
 * `poll_oneoff`: waits for clock timeouts and fd readiness. weft's guest runs synchronously, so regular files,
 * stdio streams and sockets are always reported ready (a read may then block, as on a native system); when no
 * fd is ready the call sleeps until the earliest clock subscription fires, through the context's clocks.
 * Spec: https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#poll_oneoff
 */
import { ClockId, EventType, Rights, SubclockFlags } from '../constants.js';
import { Errno, ErrnoError, fail } from '../errno.js';
import { clockNow } from './clock.js';
import { wasi } from './define.js';

/** A `subscription` is 48 bytes; an `event` 32. */
const SUB_SIZE = 48;
const EVENT_SIZE = 32;

interface Event {
  userdata: bigint;
  error: number;
  type: number;
  nbytes: bigint;
}

/**
 * `poll_oneoff(in: ConstPointer<subscription>, out: Pointer<event>, nsubscriptions: size) -> size`: wait for at
 * least one subscription and write one event per subscription that fired. Clock subscriptions (relative or
 * `abstime`) on any clock; `fd_read`/`fd_write` subscriptions report bytes available for files and 0 for
 * streams. A bad fd or clock is reported in its event's `error`. Errno: `EINVAL` (no subscriptions, unknown
 * event type), `EFAULT`.
 */
export const poll_oneoff = wasi(
  'poll_oneoff',
  { in: 'i32', out: 'i32', nsubscriptions: 'i32', nevents: 'i32' },
  (ctx, mem, inPtr: number, outPtr: number, n: number, neventsPtr: number) => {
    if (n === 0) fail(Errno.INVAL);
    mem.check(inPtr, n * SUB_SIZE);
    mem.check(outPtr, n * EVENT_SIZE);
    mem.check(neventsPtr, 4);
    const ready: Event[] = [];
    const clocks: { userdata: bigint; deadline: bigint }[] = [];
    const now = ctx.clocks.monotonic();
    for (let i = 0; i < n; i++) {
      const s = inPtr + i * SUB_SIZE;
      const userdata = mem.u64(s);
      const type = mem.u8At(s + 8);
      if (type === EventType.CLOCK) {
        const id = mem.u32(s + 16);
        const timeout = mem.u64(s + 24);
        const flags = mem.u16(s + 40);
        try {
          let deadline: bigint;
          if (flags & SubclockFlags.SUBSCRIPTION_CLOCK_ABSTIME) {
            const current = id === ClockId.MONOTONIC ? now : clockNow(ctx, id);
            deadline = now + (timeout - current);
          } else {
            clockNow(ctx, id);
            deadline = now + timeout;
          }
          clocks.push({ userdata, deadline });
        } catch (err) {
          if (!(err instanceof ErrnoError)) throw err;
          ready.push({ userdata, error: err.errno, type, nbytes: 0n });
        }
      } else if (type === EventType.FD_READ || type === EventType.FD_WRITE) {
        const fd = mem.u32(s + 16);
        const event: Event = { userdata, error: 0, type, nbytes: 0n };
        try {
          const d = ctx.fds.getWith(fd, Rights.POLL_FD_READWRITE);
          if (type === EventType.FD_READ && d.kind === 'file') {
            const left = d.file.stat().size - BigInt(d.pos);
            event.nbytes = left > 0n ? left : 0n;
          }
        } catch (err) {
          if (!(err instanceof ErrnoError)) throw err;
          event.error = err.errno;
        }
        ready.push(event);
      } else {
        fail(Errno.INVAL);
      }
    }
    let firedBy = now;
    if (ready.length === 0 && clocks.length > 0) {
      const first = clocks.reduce((a, b) => (b.deadline < a.deadline ? b : a));
      const wait = first.deadline - ctx.clocks.monotonic();
      if (wait > 0n) ctx.clocks.sleep(wait);
      const after = ctx.clocks.monotonic();
      firedBy = after > first.deadline ? after : first.deadline;
    }
    for (const c of clocks) {
      if (c.deadline <= firedBy) ready.push({ userdata: c.userdata, error: 0, type: EventType.CLOCK, nbytes: 0n });
    }
    ready.forEach((e, i) => {
      const p = outPtr + i * EVENT_SIZE;
      mem.u8.fill(0, p, p + EVENT_SIZE);
      mem.setU64(p, e.userdata);
      mem.setU16(p + 8, e.error);
      mem.setU8(p + 10, e.type);
      mem.setU64(p + 16, e.nbytes);
    });
    mem.setU32(neventsPtr, ready.length);
  },
);
