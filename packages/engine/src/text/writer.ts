/**
 * A growable byte buffer for the binary encoder: bytes, LEB128 integers (always the shortest form, like
 * `wat2wasm`), little-endian float bit patterns and length-prefixed names and vectors.
 */

const ENCODER = new TextEncoder();

export class Writer {
  buf = new Uint8Array(64);
  len = 0;

  #room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  u8(b: number): void {
    if (this.len === this.buf.length) this.#room(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.#room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Unsigned LEB128 of a number in [0, 2^53). */
  u32(n: number): void {
    this.#room(8);
    while (n >= 0x80) {
      this.buf[this.len++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.len++] = n;
  }

  /** Signed LEB128 of a 32-bit integer. */
  s32(n: number): void {
    this.#room(5);
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
        this.buf[this.len++] = b;
        return;
      }
      this.buf[this.len++] = b | 0x80;
    }
  }

  /** Signed LEB128 of a 64-bit integer. */
  s64(v: bigint): void {
    if (v >= -0x8000_0000n && v < 0x8000_0000n) {
      this.s32(Number(v));
      return;
    }
    this.#room(10);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
        this.buf[this.len++] = b;
        return;
      }
      this.buf[this.len++] = b | 0x80;
    }
  }

  /** A uint32 bit pattern, little-endian. */
  f32(bits: number): void {
    this.#room(4);
    for (let i = 0; i < 4; i++) this.buf[this.len++] = (bits >>> (8 * i)) & 0xff;
  }

  /** A uint64 bit pattern, little-endian. */
  f64(bits: bigint): void {
    this.f32(Number(bits & 0xffff_ffffn));
    this.f32(Number(bits >> 32n));
  }

  /** A name: UTF-8 bytes with their length. */
  name(s: string | Uint8Array): void {
    const b = typeof s === 'string' ? ENCODER.encode(s) : s;
    this.u32(b.length);
    this.bytes(b);
  }

  /** Append another writer's bytes with their length first (a section or function body). */
  sized(w: Writer): void {
    this.u32(w.len);
    this.bytes(w.buf.subarray(0, w.len));
  }

  /** The bytes written so far (a view). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}
