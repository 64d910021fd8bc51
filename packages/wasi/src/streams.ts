/**
 * Byte streams behind the guest's stdin, stdout and stderr (`WasiStream`), and the ready-made ones: `nullStream`
 * (what Wasmtime gives by default), `inputStream` (feed from a string or bytes), `captureStream` (collect into a
 * buffer) and the host's own stdio (`inheritStdin`/`inheritStdout`/`inheritStderr`, synchronous reads and writes
 * on file descriptors 0–2 through Node's `fs`). A guest closing its fd 1 only drops its table entry: the host's
 * stdout stays open.
 */
import { isTerminal, requireNodeFs } from './host.js';
import { Errno, ErrnoError } from './errno.js';

/** A byte stream a guest fd can refer to. */
export interface WasiStream {
  /** Read at most `max` bytes; an empty result is the end of the stream. Absent: not readable (`EBADF`). */
  read?(max: number): Uint8Array;
  /** Write `data`; returns how many bytes were taken. Absent: not writable (`EBADF`). */
  write?(data: Uint8Array): number;
  /** `true` when the stream is a terminal (reported as a character device, so `isatty` is true). */
  readonly isTerminal?: boolean;
}

/** A stream that reads as empty and discards writes. */
export function nullStream(): WasiStream {
  return { read: () => new Uint8Array(0), write: (d) => d.length };
}

/** A readable stream holding `data` (a string is encoded as UTF-8). */
export function inputStream(data: string | Uint8Array): WasiStream {
  let bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return {
    read(max) {
      const out = bytes.slice(0, max);
      bytes = bytes.subarray(out.length);
      return out;
    },
  };
}

/** A writable stream that keeps everything written to it. */
export class CaptureStream implements WasiStream {
  #chunks: Uint8Array[] = [];
  #length = 0;
  write(data: Uint8Array): number {
    this.#chunks.push(data.slice());
    this.#length += data.length;
    return data.length;
  }
  /** Everything written so far. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
  /** Everything written so far, decoded as UTF-8. */
  text(): string {
    return new TextDecoder().decode(this.bytes());
  }
}

/** A stream that captures writes (see {@link CaptureStream}). */
export function captureStream(): CaptureStream {
  return new CaptureStream();
}

function retrying<R>(op: () => R): R {
  for (;;) {
    try {
      return op();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EOF') return undefined as R;
      throw new ErrnoError(code === 'EPIPE' ? Errno.PIPE : Errno.IO, String((err as Error).message));
    }
  }
}

/** The host process's stdin (file descriptor 0), read synchronously. */
export function inheritStdin(): WasiStream {
  const fs = requireNodeFs('inheritStdin');
  return {
    isTerminal: isTerminal(0),
    read(max) {
      const buf = new Uint8Array(Math.max(0, Math.min(max, 1 << 20)));
      const n = retrying(() => fs.readSync(0, buf, 0, buf.length, null)) ?? 0;
      return buf.subarray(0, n);
    },
  };
}

function inheritOut(fd: 1 | 2): WasiStream {
  const fs = requireNodeFs(fd === 1 ? 'inheritStdout' : 'inheritStderr');
  return {
    isTerminal: isTerminal(fd),
    write(data) {
      let done = 0;
      while (done < data.length) done += retrying(() => fs.writeSync(fd, data, done, data.length - done));
      return data.length;
    },
  };
}

/** The host process's stdout (file descriptor 1), written synchronously. */
export function inheritStdout(): WasiStream {
  return inheritOut(1);
}

/** The host process's stderr (file descriptor 2), written synchronously. */
export function inheritStderr(): WasiStream {
  return inheritOut(2);
}
