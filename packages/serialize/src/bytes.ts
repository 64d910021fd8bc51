/**
 * Little-endian byte writing and reading for the artifact sections: fixed-width integers, bigints, UTF-8
 * strings and byte runs. The reader checks every read against the end of its input and throws `FormatError`
 * (naming the section) instead of reading past it, so decoding hostile bytes never throws anything else.
 */
import { FormatError } from './errors.js';

const encoder = new TextEncoder();

/**
 * A plain `Uint8Array` view of `bytes`. Node's `Buffer` is a `Uint8Array` whose `slice` does not copy; decoding
 * relies on `slice` copying, so inputs are viewed as plain arrays first.
 */
export function plain(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A growable output buffer. */
export class ByteWriter {
  #buf = new Uint8Array(256);
  #view = new DataView(this.#buf.buffer);
  #len = 0;

  get length(): number {
    return this.#len;
  }

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.#room(1);
    this.#buf[this.#len++] = v;
  }
  u32(v: number): void {
    this.#room(4);
    this.#view.setUint32(this.#len, v >>> 0, true);
    this.#len += 4;
  }
  i32(v: number): void {
    this.u32(v | 0);
  }
  i64(v: bigint): void {
    this.#room(8);
    this.#view.setBigInt64(this.#len, BigInt.asIntN(64, v), true);
    this.#len += 8;
  }
  bool(v: boolean): void {
    this.u8(v ? 1 : 0);
  }
  bytes(b: Uint8Array): void {
    this.u32(b.length);
    this.raw(b);
  }
  raw(b: Uint8Array): void {
    this.#room(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }
  str(s: string): void {
    this.bytes(encoder.encode(s));
  }
  /** `undefined` as 0, a number as 1 followed by the u32. */
  optU32(v: number | undefined): void {
    if (v === undefined) this.u8(0);
    else {
      this.u8(1);
      this.u32(v);
    }
  }
  /** Pad with zeros to a multiple of `n` bytes. */
  align(n: number): void {
    while (this.#len % n !== 0) this.u8(0);
  }
  /** The bytes written (a copy). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** A bounds-checked reader over one section's bytes. */
export class ByteReader {
  pos = 0;
  readonly #view: DataView;

  readonly bytes: Uint8Array;

  constructor(
    bytes: Uint8Array,
    readonly section: string,
  ) {
    this.bytes = plain(bytes);
    this.#view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }
  get done(): boolean {
    return this.pos === this.bytes.length;
  }

  fail(what: string): never {
    throw new FormatError(`section ${this.section}: ${what} (at byte ${this.pos})`);
  }

  #need(n: number): void {
    if (n > this.bytes.length - this.pos) this.fail('unexpected end of section');
  }

  u8(): number {
    this.#need(1);
    return this.bytes[this.pos++]!;
  }
  u32(): number {
    this.#need(4);
    const v = this.#view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  i32(): number {
    return this.u32() | 0;
  }
  i64(): bigint {
    this.#need(8);
    const v = this.#view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }
  bool(): boolean {
    const b = this.u8();
    if (b > 1) this.fail(`bad boolean ${b}`);
    return b === 1;
  }
  /** A count of items that each take at least `minBytes`: rejects counts the rest of the section cannot hold. */
  count(minBytes = 1): number {
    const n = this.u32();
    if (n * minBytes > this.remaining) this.fail(`count ${n} exceeds the section`);
    return n;
  }
  bytesOf(n: number): Uint8Array {
    this.#need(n);
    const b = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  byteRun(): Uint8Array {
    return this.bytesOf(this.u32());
  }
  str(): string {
    const b = this.byteRun();
    try {
      return decoder.decode(b);
    } catch {
      return this.fail('malformed UTF-8 string');
    }
  }
  optU32(): number | undefined {
    return this.bool() ? this.u32() : undefined;
  }
  /** Skip zero padding to a multiple of `n` bytes. */
  align(n: number): void {
    while (this.pos % n !== 0) {
      if (this.u8() !== 0) this.fail('non-zero padding');
    }
  }
  /** Fail unless every byte was read. */
  end(): void {
    if (!this.done) this.fail(`${this.remaining} unexpected trailing bytes`);
  }
}
