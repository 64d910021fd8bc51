/**
 * Clocks and randomness a WASI context reads: `WasiClocks` (realtime, monotonic, resolution and a synchronous
 * `sleep` for `poll_oneoff`) and `WasiRandom`. The system versions use `performance`, `Date`, `Atomics.wait` and
 * WebCrypto (no `node:` imports); `testClocks` and `testRandom` are deterministic, for reproducible runs and golden
 * tests.
 */

/** The clocks of a WASI context, in nanoseconds. */
export interface WasiClocks {
  /** Wall-clock time since the Unix epoch. */
  realtime(): bigint;
  /** A clock that never goes backwards (any origin). */
  monotonic(): bigint;
  /** CPU time of the process (an approximation is fine: the system clocks use monotonic time since start). */
  cputime(): bigint;
  /** The resolution of `realtime`/`monotonic`. */
  resolution(): bigint;
  /** Block for `ns` nanoseconds (used by `poll_oneoff` clock subscriptions). */
  sleep(ns: bigint): void;
}

/** Fills `buf` with random bytes. */
export type WasiRandom = (buf: Uint8Array) => void;

let sleepCell: Int32Array | undefined;

/** Block the thread for `ms` milliseconds (`Atomics.wait` where allowed, else a busy wait). */
function sleepMs(ms: number): void {
  if (ms <= 0) return;
  try {
    sleepCell ??= new Int32Array(new SharedArrayBuffer(4));
    Atomics.wait(sleepCell, 0, 0, ms);
  } catch {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      /* browsers' main threads forbid Atomics.wait */
    }
  }
}

/** The host's clocks (`process.hrtime` where it exists, else `performance.now()`). */
export function systemClocks(): WasiClocks {
  const hrtime = (globalThis as { process?: { hrtime?: { bigint?: () => bigint } } }).process?.hrtime?.bigint;
  const nsOf = (ms: number) => BigInt(Math.round(ms * 1e6));
  const monotonic = hrtime === undefined ? () => nsOf(performance.now()) : () => hrtime();
  const start = monotonic();
  return {
    realtime: () => nsOf(performance.timeOrigin + performance.now()),
    monotonic,
    cputime: () => monotonic() - start,
    resolution: () => 1000n,
    sleep: (ns) => sleepMs(Number(ns) / 1e6),
  };
}

/**
 * Deterministic clocks: realtime starts at `realtime` (default 2023-11-14T22:13:20Z, 1.7e9 s), monotonic at 0; every read
 * advances both by `step` ns (default 1 ms) and `sleep(ns)` advances them by `ns` without blocking.
 */
export function testClocks(opts: { realtime?: bigint; step?: bigint } = {}): WasiClocks & { now: bigint } {
  const base = opts.realtime ?? 1_700_000_000_000_000_000n;
  const step = opts.step ?? 1_000_000n;
  const c = {
    now: 0n,
    realtime: () => base + (c.now += step),
    monotonic: () => (c.now += step),
    cputime: () => (c.now += step),
    resolution: () => 1000n,
    sleep: (ns: bigint) => {
      c.now += ns;
    },
  };
  return c;
}

/** Random bytes from WebCrypto (`crypto.getRandomValues`, in chunks of 64 KiB). */
export const systemRandom: WasiRandom = (buf) => {
  for (let i = 0; i < buf.length; i += 65536) {
    globalThis.crypto.getRandomValues(buf.subarray(i, Math.min(buf.length, i + 65536)));
  }
};

/** A deterministic generator (xorshift32 from `seed`): the same bytes on every run. */
export function testRandom(seed = 0x2545f491): WasiRandom {
  let x = seed >>> 0 || 1;
  return (buf) => {
    for (let i = 0; i < buf.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      buf[i] = x & 0xff;
    }
  };
}
