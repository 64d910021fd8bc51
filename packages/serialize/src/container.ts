/**
 * The artifact container: a 24-byte header (magic `\0weftAOT`, format version, total length, section count,
 * reserved word), a section table (per section: a 16-byte zero-padded ASCII name, byte offset, byte length),
 * the section payloads (each starting at a multiple of 8 bytes), and the `mx32` checksum (`checksum.ts`) of
 * everything before it as the last 4 bytes — except the payload of a section named `weft.funcs`
 * (`SELF_CHECKED_SECTION`), which carries checksums of its own parts, so that a loader hashes those only when it
 * uses them. All integers are little-endian u32. What the sections mean is up to their users; this file only
 * frames them and checks magic, version, bounds, overlaps and the checksum.
 */
import { mx32 } from './checksum.js';
import { FormatError } from './errors.js';
import { plain } from './bytes.js';

/** The first 8 bytes of every weft artifact: `\0weftAOT`. Never a valid wasm module (that starts `\0asm`). */
export const MAGIC = new Uint8Array([0x00, 0x77, 0x65, 0x66, 0x74, 0x41, 0x4f, 0x54]);

/** The artifact format version this build writes and reads. Bump it on any change to the layout. */
export const FORMAT_VERSION = 3;

/** The section the container checksum leaves out: its user checks its parts (see `code-section.ts`). */
export const SELF_CHECKED_SECTION = 'weft.funcs';

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
  const self = sections.findIndex((s) => s.name === SELF_CHECKED_SECTION);
  const skip = self < 0 ? undefined : { offset: places[self]!, length: sections[self]!.bytes.length };
  view.setUint32(total - CHECKSUM, checksum(out, total, skip), true);
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
  let table: Table;
  try {
    table = readTable(bytes, view, total);
  } catch (err) {
    // A table that does not hold together is most likely corruption: say so, unless the bytes match the checksum.
    if (checksum(bytes, total, undefined) !== view.getUint32(total - CHECKSUM, true)) throw corrupt(bytes, total, undefined);
    throw err;
  }
  const { sections, skip } = table;
  // The table is read before the checksum is checked (it says what the checksum leaves out).
  const stored = view.getUint32(total - CHECKSUM, true);
  if (checksum(bytes, total, skip) !== stored) throw corrupt(bytes, total, skip);
  return { version, sections };
}

interface Table {
  sections: Map<string, Uint8Array>;
  /** Where `SELF_CHECKED_SECTION` is, if present. */
  skip: { offset: number; length: number } | undefined;
}

/** Read and check the section table of an artifact of `total` bytes. */
function readTable(bytes: Uint8Array, view: DataView, total: number): Table {
  const count = view.getUint32(16, true);
  const tableEnd = HEADER + count * ENTRY;
  if (tableEnd > total - CHECKSUM) throw new FormatError(`section table of ${count} entries exceeds the artifact`);
  const sections = new Map<string, Uint8Array>();
  let skip: { offset: number; length: number } | undefined;
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
    if (name === SELF_CHECKED_SECTION) skip = { offset, length };
    prevEnd = offset + length;
  }
  return { sections, skip };
}

function corrupt(bytes: Uint8Array, total: number, skip: Table['skip']): FormatError {
  const stored = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(total - CHECKSUM, true);
  const actual = checksum(bytes, total, skip);
  return new FormatError(
    `artifact checksum mismatch (stored ${hex(stored)}, computed ${hex(actual)}): the artifact is corrupt`,
  );
}

/** The container checksum of artifact `bytes` of `total` bytes: mx32 of everything before it but `skip`. */
function checksum(bytes: Uint8Array, total: number, skip: { offset: number; length: number } | undefined): number {
  const end = total - CHECKSUM;
  if (skip === undefined || skip.length === 0) return mx32(bytes.subarray(0, end));
  const rest = new Uint8Array(end - skip.length);
  rest.set(bytes.subarray(0, skip.offset));
  rest.set(bytes.subarray(skip.offset + skip.length, end), skip.offset);
  return mx32(rest);
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
