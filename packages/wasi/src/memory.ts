/**
 * `GuestMemory`: bounds-checked access to the calling instance's exported `memory` for one WASI call —
 * little-endian integers, byte ranges, UTF-8 strings and iovec arrays. An out-of-bounds pointer answers `EFAULT`
 * and invalid UTF-8 answers `EILSEQ`, as in Wasmtime.
 */
import { Errno, fail } from './errno.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Encode a string as UTF-8. */
export function encodeUtf8(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}

/** A view of guest memory valid for one host call (memory cannot grow during it). */
export class GuestMemory {
  readonly u8: Uint8Array;
  readonly dv: DataView;

  constructor(u8: Uint8Array) {
    this.u8 = u8;
    this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  }

  /** Throws `EFAULT` unless `[ptr, ptr + len)` is inside memory. */
  check(ptr: number, len: number): void {
    if (ptr < 0 || len < 0 || ptr + len > this.u8.byteLength) fail(Errno.FAULT, `[${ptr}, ${ptr + len})`);
  }

  u8At(ptr: number): number {
    this.check(ptr, 1);
    return this.u8[ptr]!;
  }
  u16(ptr: number): number {
    this.check(ptr, 2);
    return this.dv.getUint16(ptr, true);
  }
  u32(ptr: number): number {
    this.check(ptr, 4);
    return this.dv.getUint32(ptr, true);
  }
  u64(ptr: number): bigint {
    this.check(ptr, 8);
    return this.dv.getBigUint64(ptr, true);
  }
  setU8(ptr: number, v: number): void {
    this.check(ptr, 1);
    this.u8[ptr] = v;
  }
  setU16(ptr: number, v: number): void {
    this.check(ptr, 2);
    this.dv.setUint16(ptr, v, true);
  }
  setU32(ptr: number, v: number): void {
    this.check(ptr, 4);
    this.dv.setUint32(ptr, v >>> 0, true);
  }
  setU64(ptr: number, v: bigint): void {
    this.check(ptr, 8);
    this.dv.setBigUint64(ptr, BigInt.asUintN(64, v), true);
  }

  /** A live view of `[ptr, ptr + len)`. */
  bytes(ptr: number, len: number): Uint8Array {
    this.check(ptr, len);
    return this.u8.subarray(ptr, ptr + len);
  }

  /** Copy `data` to `ptr`. */
  write(ptr: number, data: Uint8Array): void {
    this.check(ptr, data.length);
    this.u8.set(data, ptr);
  }

  /** The UTF-8 string at `[ptr, ptr + len)`; `EILSEQ` when it is not valid UTF-8. */
  string(ptr: number, len: number): string {
    const b = this.bytes(ptr, len);
    try {
      return utf8.decode(b);
    } catch {
      return fail(Errno.ILSEQ);
    }
  }

  /** The buffers of an `iovec`/`ciovec` array of `count` entries at `ptr`, as live views. */
  iovecs(ptr: number, count: number): Uint8Array[] {
    this.check(ptr, count * 8);
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const buf = this.dv.getUint32(ptr + i * 8, true);
      const len = this.dv.getUint32(ptr + i * 8 + 4, true);
      out.push(this.bytes(buf, len));
    }
    return out;
  }
}
