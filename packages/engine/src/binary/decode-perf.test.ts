/**
 * Decoding speed on a synthetic multi-megabyte module: 50,000 functions (a third of them using `memory.fill`,
 * so the data-count scan has bodies to walk), a name for each, and a 4 MB data segment. The bound is loose
 * (the machine is shared); the measured time is printed.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURES } from '../features.js';
import { decodeModule } from './decode.js';
import { fn, sec, str, u32, vec } from './testing.js';

/** Bytes appended to a growing buffer (the spread-based helpers are too slow for megabytes). */
class Writer {
  buf = new Uint8Array(1 << 16);
  len = 0;
  push(bytes: ArrayLike<number>): void {
    while (this.len + bytes.length > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }
  /** This writer's bytes as a section (or subsection) with `id`. */
  section(id: number): Uint8Array {
    return new Uint8Array([id, ...u32(this.len), ...this.buf.subarray(0, this.len)]);
  }
}

function bigModule(funcs: number): Uint8Array {
  const code = new Writer();
  code.push(u32(funcs));
  for (let i = 0; i < funcs; i++) {
    const b = [2, 2, 0x7f, 1, 0x7e, 0x20, 0x00, 0x41, 0x05, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x41, 0x7b, 0x6c, 0x1a];
    if (i % 3 === 0) b.push(0x41, 0x00, 0x41, 0x00, 0x41, 0x08, 0xfc, 0x0b, 0x00);
    b.push(0x0b);
    code.push([...u32(b.length), ...b]);
  }
  const names = new Writer();
  names.push(u32(funcs));
  for (let i = 0; i < funcs; i++) names.push([...u32(i), ...str(`function_number_${i}`)]);
  const nameSection = new Writer();
  nameSection.push(str('name'));
  nameSection.push(names.section(1));
  const data = new Writer();
  data.push([1, 0x00, 0x41, 0x00, 0x0b, ...u32(4 << 20)]);
  data.push(new Uint8Array(4 << 20).fill(7));
  const funcSection = new Writer();
  funcSection.push(vec(Array.from({ length: funcs }, () => [0])));
  const all = new Writer();
  all.push([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  all.push(sec(1, vec([fn([0x7f], [])])));
  all.push(funcSection.section(3));
  all.push(sec(5, vec([[0x00, 64]])));
  all.push(code.section(10));
  all.push(data.section(11));
  all.push(nameSection.section(0));
  return all.buf.slice(0, all.len);
}

describe('decodeModule speed', () => {
  it('decodes a multi-megabyte module in milliseconds', () => {
    const funcs = 50_000;
    const bytes = bigModule(funcs);
    for (let i = 0; i < 3; i++) decodeModule(bytes, DEFAULT_FEATURES); // warm up
    const runs = 5;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) decodeModule(bytes, DEFAULT_FEATURES);
    const ms = (performance.now() - t0) / runs;
    const info = decodeModule(bytes, DEFAULT_FEATURES);
    expect(info.bodies.length).toBe(funcs);
    expect(info.datas[0]!.bytes.length).toBe(4 << 20);
    expect(info.names.functions.get(funcs - 1)).toBe(`function_number_${funcs - 1}`);
    console.log(`decodeModule: ${(bytes.length / 1e6).toFixed(1)} MB, ${funcs} functions and names: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(3000); // catches a quadratic slip, not a few percent (vitest adds ~2x overhead here)
  });
});
