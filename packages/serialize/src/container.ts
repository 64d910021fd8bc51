/**
 * The artifact container: a 24-byte header (magic `\0weftAOT`, format version, total length, section count,
 * reserved word), a section table (per section: a 16-byte zero-padded ASCII name, byte offset, byte length),
 * the section payloads (each starting at a multiple of 8 bytes), and the `mx32` checksum (`checksum.ts`) of
 * everything before it as the last 4 bytes. All integers are little-endian u32. What the sections mean is up to
 * their users; this file only frames them and checks magic, version, bounds, overlaps and the checksum.
 */
import { mx32 } from './checksum.js';
import { FormatError } from './errors.js';
import { plain } from './bytes.js';

/** The first 8 bytes of every weft artifact: `\0weftAOT`. Never a valid wasm module (that starts `\0asm`). */
export const MAGIC = new Uint8Array([0x00, 0x77, 0x65, 0x66, 0x74, 0x41, 0x4f, 0x54]);

/** The artifact format version this build writes and reads. Bump it on any change to the layout. */
export const FORMAT_VERSION = 2;

const HEADER = 24;
const ENTRY = 24;
const NAME_BYTES = 16;
const CHECKSUM = 4;

/** One named section. */
export interface Section {
  name: string;
  bytes: Uint8Array;
}

/** Whether `bytes` starts with the artifact magic (any format version). */
export function hasArtifactMagic(bytes: Uint8Array): boolean {
  if (bytes.length < MAGIC.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) return false;
  return true;
}

/** Frame `sections` into an artifact. */
export function writeContainer(sections: readonly Section[]): Uint8Array {
  let pos = HEADER + sections.length * ENTRY;
  const places: number[] = [];
  for (const s of sections) {
    pos = align8(pos);
    places.push(pos);
    pos += s.bytes.length;
  }
  const total = pos + CHECKSUM;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, total, true);
  view.setUint32(16, sections.length, true);
  view.setUint32(20, 0, true);
  sections.forEach((s, i) => {
    const at = HEADER + i * ENTRY;
    const name = new TextEncoder().encode(s.name);
    if (name.length > NAME_BYTES || !/^[\x21-\x7e]+$/.test(s.name)) throw new RangeError(`bad section name ${s.name}`);
    out.set(name, at);
    view.setUint32(at + NAME_BYTES, places[i]!, true);
    view.setUint32(at + NAME_BYTES + 4, s.bytes.length, true);
    out.set(s.bytes, places[i]!);
  });
  view.setUint32(total - CHECKSUM, mx32(out.subarray(0, total - CHECKSUM)), true);
  return out;
}

/** What `readContainer` found. Section payloads are views into the input; copy what must outlive it. */
export interface Container {
  version: number;
  sections: Map<string, Uint8Array>;
}

/**
 * Check and split an artifact into its sections.
 *
 * @throws FormatError when the magic or version is wrong, the artifact is truncated or has trailing bytes, the
 *   checksum does not match, or the section table is out of bounds, overlapping or has duplicate names.
 */
export function readContainer(input: Uint8Array): Container {
  const bytes = plain(input);
  if (!hasArtifactMagic(bytes)) {
    const wasm = bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
    throw new FormatError(
      wasm ? 'this is a WebAssembly module, not a weft artifact' : 'not a weft artifact (bad magic number)',
    );
  }
  if (bytes.length < HEADER + CHECKSUM) throw new FormatError(`artifact is truncated (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) {
    throw new FormatError(
      `artifact format version ${version} is not supported (this build reads version ${FORMAT_VERSION})`,
    );
  }
  const total = view.getUint32(12, true);
  if (bytes.length < total) throw new FormatError(`artifact is truncated (${bytes.length} of ${total} bytes)`);
  if (bytes.length > total) throw new FormatError(`artifact has ${bytes.length - total} trailing bytes`);
  const stored = view.getUint32(total - CHECKSUM, true);
  const actual = mx32(bytes.subarray(0, total - CHECKSUM));
  if (stored !== actual) {
    throw new FormatError(
      `artifact checksum mismatch (stored ${hex(stored)}, computed ${hex(actual)}): the artifact is corrupt`,
    );
  }
  const count = view.getUint32(16, true);
  const tableEnd = HEADER + count * ENTRY;
  if (tableEnd > total - CHECKSUM) throw new FormatError(`section table of ${count} entries exceeds the artifact`);
  const sections = new Map<string, Uint8Array>();
  let prevEnd = tableEnd;
  for (let i = 0; i < count; i++) {
    const at = HEADER + i * ENTRY;
    let name = '';
    for (let k = 0; k < NAME_BYTES; k++) {
      const c = bytes[at + k]!;
      if (c === 0) {
        for (let r = k; r < NAME_BYTES; r++) if (bytes[at + r] !== 0) throw new FormatError(`section ${i}: bad name`);
        break;
      }
      if (c < 0x21 || c > 0x7e) throw new FormatError(`section ${i}: bad name`);
      name += String.fromCharCode(c);
    }
    if (name === '') throw new FormatError(`section ${i}: empty name`);
    const offset = view.getUint32(at + NAME_BYTES, true);
    const length = view.getUint32(at + NAME_BYTES + 4, true);
    if (offset < prevEnd || offset % 8 !== 0 || length > total - CHECKSUM - offset) {
      throw new FormatError(`section ${name}: bounds ${offset}+${length} are outside the artifact or overlap`);
    }
    if (sections.has(name)) throw new FormatError(`section ${name} appears twice`);
    sections.set(name, bytes.subarray(offset, offset + length));
    prevEnd = offset + length;
  }
  return { version, sections };
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
