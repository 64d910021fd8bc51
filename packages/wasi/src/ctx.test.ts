/** WasiCtxBuilder (fd layout, rights of read-only preopens, args/env encoding), the clocks and random, errno mapping. */
import { describe, expect, it } from 'vitest';
import { Rights } from './constants.js';
import { WasiCtxBuilder } from './ctx.js';
import { errnoFromCode, Errno } from './errno.js';
import { MemFs } from './fs/mem.js';
import { systemClocks, systemRandom, testClocks } from './clocks.js';

describe('WasiCtxBuilder', () => {
  it('puts stdio at 0-2, preopens from 3 in order, then sockets', () => {
    const sock = { recv: () => new Uint8Array(), send: () => 0, shutdown() {} };
    const ctx = new WasiCtxBuilder().preopen(new MemFs(), '/a').preopen(new MemFs(), '/b').preopenSocket(sock).build();
    expect(ctx.fds.fds()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ctx.fds.get(0).kind).toBe('stream');
    expect(ctx.fds.get(4)).toMatchObject({ kind: 'dir', preopen: '/b' });
    expect(ctx.fds.get(5).kind).toBe('socket');
  });

  it('gives a read-only preopen no rights to change the tree or write files', () => {
    const ctx = new WasiCtxBuilder().preopen(new MemFs(), '/ro', { write: false }).preopen(new MemFs(), '/rw').build();
    const ro = ctx.fds.get(3);
    const rw = ctx.fds.get(4);
    for (const r of [Rights.PATH_CREATE_FILE, Rights.PATH_UNLINK_FILE, Rights.PATH_RENAME_TARGET]) {
      expect(ro.rights & r).toBe(0n);
      expect(rw.rights & r).toBe(r);
    }
    expect(ro.inheriting & Rights.FD_WRITE).toBe(0n);
    expect(ro.inheriting & Rights.FD_READ).toBe(Rights.FD_READ);
    expect(rw.inheriting & Rights.FD_WRITE).toBe(Rights.FD_WRITE);
  });

  it('encodes args and env as NUL-terminated UTF-8, last setting of a variable wins', () => {
    const ctx = new WasiCtxBuilder().arg('é').env('K', '1').env('K', '2').build();
    expect([...ctx.args[0]!]).toEqual([0xc3, 0xa9, 0]);
    expect(new TextDecoder().decode(ctx.env[0]!)).toBe('K=2\0');
    expect(ctx.env).toHaveLength(1);
  });

  it('inherits the host environment on request only', () => {
    process.env.WEFT_WASI_TEST = 'yes';
    try {
      expect(new WasiCtxBuilder().build().env).toHaveLength(0);
      const env = new WasiCtxBuilder().inheritEnv().build().env.map((e) => new TextDecoder().decode(e));
      expect(env).toContain('WEFT_WASI_TEST=yes\0');
    } finally {
      delete process.env.WEFT_WASI_TEST;
    }
  });
});

describe('clocks, random, errnos', () => {
  it('system clocks move forward and realtime is now', () => {
    const c = systemClocks();
    const a = c.monotonic();
    c.sleep(2_000_000n);
    expect(c.monotonic() - a).toBeGreaterThanOrEqual(1_900_000n);
    expect(Number(c.realtime() / 1_000_000n)).toBeGreaterThan(Date.now() - 5000);
  });

  it('test clocks advance per read and on sleep only', () => {
    const c = testClocks({ step: 10n });
    expect(c.monotonic()).toBe(10n);
    c.sleep(100n);
    expect(c.monotonic()).toBe(120n);
  });

  it('system random fills large buffers', () => {
    const buf = new Uint8Array(100_000);
    systemRandom(buf);
    expect(buf.subarray(70_000).some((b) => b !== 0)).toBe(true);
  });

  it('maps host error codes', () => {
    expect(errnoFromCode('ENOENT')).toBe(Errno.NOENT);
    expect(errnoFromCode('EWOULDBLOCK')).toBe(Errno.AGAIN);
    expect(errnoFromCode('EWHATEVER')).toBeUndefined();
  });
});
