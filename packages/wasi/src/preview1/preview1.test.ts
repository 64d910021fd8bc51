/**
 * The WASI definitions called directly on a small memory pre-filled with '?' (wazero's style): each test checks
 * the golden call trace and exactly which bytes changed, with deterministic clocks and random.
 */
import { ExitError } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { testClocks, testRandom } from '../clocks.js';
import { WasiCtxBuilder } from '../ctx.js';
import { ErrnoError, errnoName } from '../errno.js';
import { MemFs } from '../fs/mem.js';
import { GuestMemory } from '../memory.js';
import { captureStream, inputStream } from '../streams.js';
import { WASI_FUNCTIONS } from './functions.js';

function harness(configure: (b: WasiCtxBuilder) => WasiCtxBuilder = (b) => b) {
  const clocks = testClocks({ step: 0n });
  const ctx = configure(new WasiCtxBuilder().clocks(clocks).random(testRandom(1))).build();
  const u8 = new Uint8Array(128).fill(0x3f);
  const mem = new GuestMemory(u8);
  const trace: string[] = [];
  const call = (name: string, ...args: (number | bigint)[]): string => {
    const f = WASI_FUNCTIONS.find((x) => x.name === name)!;
    trace.push(`==> ${name}(${args.map((a, i) => `${f.params[i]![0]}=${a}`).join(',')})`);
    let errno: number;
    try {
      errno = (f.fn(ctx, mem, ...args) as number | undefined) ?? 0;
    } catch (err) {
      if (!(err instanceof ErrnoError)) throw err;
      errno = err.errno;
    }
    const line = `<== errno=${errnoName(errno)}`;
    trace.push(line);
    return line;
  };
  /** Memory as text, '?' where untouched, '.' for other non-printing bytes. */
  const show = (from: number, to: number) =>
    [...u8.subarray(from, to)].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  const put = (at: number, bytes: number[]) => u8.set(bytes, at);
  return { ctx, u8, mem, trace, call, show, put, clocks };
}

const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];

describe('wasi_snapshot_preview1 definitions', () => {
  it('are the 46 functions, in spec order, each with its signature', () => {
    expect(WASI_FUNCTIONS.map((f) => f.name)).toEqual([
      'args_get', 'args_sizes_get', 'environ_get', 'environ_sizes_get', 'clock_res_get', 'clock_time_get',
      'fd_advise', 'fd_allocate', 'fd_close', 'fd_datasync', 'fd_fdstat_get', 'fd_fdstat_set_flags',
      'fd_fdstat_set_rights', 'fd_filestat_get', 'fd_filestat_set_size', 'fd_filestat_set_times', 'fd_pread',
      'fd_prestat_get', 'fd_prestat_dir_name', 'fd_pwrite', 'fd_read', 'fd_readdir', 'fd_renumber', 'fd_seek',
      'fd_sync', 'fd_tell', 'fd_write', 'path_create_directory', 'path_filestat_get', 'path_filestat_set_times',
      'path_link', 'path_open', 'path_readlink', 'path_remove_directory', 'path_rename', 'path_symlink',
      'path_unlink_file', 'poll_oneoff', 'proc_exit', 'proc_raise', 'sched_yield', 'random_get', 'sock_accept',
      'sock_recv', 'sock_send', 'sock_shutdown',
    ]);
    const sig = (name: string) => WASI_FUNCTIONS.find((f) => f.name === name)!.params.map(([, t]) => t).join(' ');
    expect(sig('path_open')).toBe('i32 i32 i32 i32 i32 i64 i64 i32 i32');
    expect(sig('fd_seek')).toBe('i32 i64 i32 i32');
    expect(sig('path_filestat_set_times')).toBe('i32 i32 i32 i32 i64 i64 i32');
    expect(WASI_FUNCTIONS.filter((f) => f.result === 'none').map((f) => f.name)).toEqual(['proc_exit']);
  });

  it('random_get fills exactly the buffer, deterministically', () => {
    const h = harness();
    expect(h.call('random_get', 1, 5)).toBe('<== errno=ESUCCESS');
    expect(h.show(0, 1) + h.show(6, 8)).toBe('???');
    const first = [...h.u8.subarray(1, 6)];
    const again = harness();
    again.call('random_get', 1, 5);
    expect([...again.u8.subarray(1, 6)]).toEqual(first);
    expect(h.call('random_get', 126, 5)).toBe('<== errno=EFAULT');
    expect(h.trace).toEqual([
      '==> random_get(buf=1,buf_len=5)',
      '<== errno=ESUCCESS',
      '==> random_get(buf=126,buf_len=5)',
      '<== errno=EFAULT',
    ]);
  });

  it('args_sizes_get and args_get lay out pointers and NUL-terminated strings', () => {
    const h = harness((b) => b.args(['a', 'bc']));
    h.call('args_sizes_get', 0, 4);
    expect([...h.u8.subarray(0, 8)]).toEqual([...le32(2), ...le32(5)]);
    h.call('args_get', 16, 32);
    expect([...h.u8.subarray(16, 24)]).toEqual([...le32(32), ...le32(34)]);
    expect(h.show(32, 38)).toBe('a.bc.?');
  });

  it('environ_get writes KEY=VALUE entries', () => {
    const h = harness((b) => b.env('A', '1').envs({ B: 'x' }).env('A', '2'));
    h.call('environ_sizes_get', 0, 4);
    expect([...h.u8.subarray(0, 8)]).toEqual([...le32(2), ...le32(8)]);
    h.call('environ_get', 16, 32);
    expect(h.show(32, 41)).toBe('B=x.A=2.?');
  });

  it('clock_time_get reads the context clock; unknown clocks are EINVAL', () => {
    const h = harness();
    h.clocks.now = 0x0102030405n;
    h.call('clock_time_get', 1, 0n, 8);
    expect([...h.u8.subarray(8, 16)]).toEqual([5, 4, 3, 2, 1, 0, 0, 0]);
    expect(h.call('clock_time_get', 4, 0n, 8)).toBe('<== errno=EINVAL');
    expect(h.call('clock_res_get', 0, 0)).toBe('<== errno=ESUCCESS');
    expect(h.show(16, 17)).toBe('?');
  });

  it('fd_write gathers iovecs into the stream; fd_read stops at a short read', () => {
    const out = captureStream();
    const h = harness((b) => b.stdout(out).stdin(inputStream('xyz')));
    h.put(0, [...new TextEncoder().encode('hello')]);
    h.put(16, [...le32(0), ...le32(2), ...le32(2), ...le32(3)]);
    expect(h.call('fd_write', 1, 16, 2, 32)).toBe('<== errno=ESUCCESS');
    expect(out.text()).toBe('hello');
    expect([...h.u8.subarray(32, 36)]).toEqual(le32(5));
    h.put(48, [...le32(64), ...le32(2), ...le32(70), ...le32(4)]);
    h.call('fd_read', 0, 48, 2, 40);
    expect([...h.u8.subarray(40, 44)]).toEqual(le32(3));
    expect(h.show(64, 76)).toBe('xy????z?????');
    expect(h.call('fd_write', 0, 16, 2, 32)).toBe('<== errno=EBADF');
    expect(h.call('fd_write', 9, 16, 2, 32)).toBe('<== errno=EBADF');
  });

  it('fd_prestat_get / fd_prestat_dir_name describe preopens', () => {
    const h = harness((b) => b.preopen(new MemFs(), '/data'));
    h.call('fd_prestat_get', 3, 0);
    expect([...h.u8.subarray(0, 8)]).toEqual([...le32(0), ...le32(5)]);
    h.call('fd_prestat_dir_name', 3, 8, 5);
    expect(h.show(8, 14)).toBe('/data?');
    expect(h.call('fd_prestat_dir_name', 3, 8, 4)).toBe('<== errno=ENAMETOOLONG');
    expect(h.call('fd_prestat_get', 4, 0)).toBe('<== errno=EBADF');
  });

  it('fd_fdstat_get of stdout: not a terminal, no seek rights', () => {
    const h = harness();
    h.call('fd_fdstat_get', 1, 0);
    expect(h.u8[0]).toBe(0); // filetype unknown (a captured stream is no terminal)
    const rights = new DataView(h.u8.buffer).getBigUint64(8, true);
    expect(rights & 4n).toBe(0n); // fd_seek
    expect(rights & 64n).toBe(64n); // fd_write
  });

  it('fd_readdir writes dirents from a cookie, cutting the last one short', () => {
    const h = harness((b) => b.preopen(new MemFs({ ab: '' }), '.'));
    expect(h.call('fd_readdir', 3, 0, 60, 0n, 100)).toBe('<== errno=ESUCCESS');
    expect([...h.u8.subarray(100, 104)]).toEqual(le32(60)); // full: call again
    const dv = new DataView(h.u8.buffer);
    expect(dv.getBigUint64(0, true)).toBe(1n); // d_next of "."
    expect(dv.getUint32(16, true)).toBe(1);
    expect(h.show(24, 25)).toBe('.');
    expect(dv.getBigUint64(25, true)).toBe(2n); // d_next of ".."
    h.u8.fill(0x3f);
    h.call('fd_readdir', 3, 0, 100, 2n, 100);
    expect([...h.u8.subarray(100, 104)]).toEqual(le32(26));
    expect(h.show(24, 27)).toBe('ab?');
    expect(h.u8[20]).toBe(4); // regular file
  });

  it('poll_oneoff sleeps on the context clock until the earliest timeout', () => {
    const h = harness();
    const sub = (at: number, userdata: number, timeout: bigint, abs = false) => {
      h.u8.fill(0, at, at + 48);
      const dv = new DataView(h.u8.buffer);
      dv.setBigUint64(at, BigInt(userdata), true);
      dv.setUint32(at + 16, 1, true); // monotonic
      dv.setBigUint64(at + 24, timeout, true);
      dv.setUint16(at + 40, abs ? 1 : 0, true);
    };
    sub(0, 5, 3_000n);
    expect(h.call('poll_oneoff', 0, 48, 1, 124)).toBe('<== errno=ESUCCESS');
    expect(h.clocks.now).toBe(3_000n);
    expect(new DataView(h.u8.buffer).getBigUint64(48, true)).toBe(5n);
    expect([...h.u8.subarray(124, 128)]).toEqual(le32(1));
    sub(0, 6, 10_000n, true);
    h.call('poll_oneoff', 0, 48, 1, 124);
    expect(h.clocks.now).toBe(10_000n);
    expect(h.call('poll_oneoff', 0, 48, 0, 124)).toBe('<== errno=EINVAL');
  });

  it('proc_exit throws ExitError; proc_raise and sched_yield answer', () => {
    const h = harness();
    expect(() => h.call('proc_exit', 9)).toThrow(ExitError);
    try {
      h.call('proc_exit', 9);
    } catch (err) {
      expect((err as ExitError).code).toBe(9);
    }
    expect(h.call('proc_raise', 2)).toBe('<== errno=ENOSYS');
    expect(h.call('sched_yield')).toBe('<== errno=ESUCCESS');
  });

  it('fd_renumber and fd_close on stdio leave the host streams alone', () => {
    const out = captureStream();
    const h = harness((b) => b.stdout(out).preopen(new MemFs(), '/'));
    expect(h.call('fd_renumber', 3, 1)).toBe('<== errno=ESUCCESS');
    expect(h.ctx.fds.get(1).kind).toBe('dir');
    expect(h.call('fd_close', 1)).toBe('<== errno=ESUCCESS');
    expect(h.call('fd_close', 1)).toBe('<== errno=EBADF');
    expect(out.write(new Uint8Array([65]))).toBe(1);
    expect(h.call('fd_renumber', 0, 1)).toBe('<== errno=EBADF');
  });
});
