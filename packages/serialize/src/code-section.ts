/**
 * Sections `weft.code` and `weft.funcs`: the compiled functions, as little-endian 32-bit words so that loading is
 * one copy. `weft.code` holds word 0, the function count `n`, then `n` headers of 11 words (funcIndex, typeIndex,
 * numParams, numResults, numLocals, frameSize, start, code length, offsets length, fuel records length + 1 or 0
 * without them, checksum). `weft.funcs` holds every function's words — its code, then its offset pairs, then its
 * fuel records — from `start` (in words); the header's checksum is the `mx32` of those bytes. The container's
 * checksum does not cover `weft.funcs` (see `container.ts`), so a loader can check each function when it first
 * needs it instead of hashing all the code up front.
 *
 * Decoding checks that the header fields are non-negative and every function's words lie inside `weft.funcs`; a
 * function's checksum is checked by `LoadedCode.open`. What the code means (slots, targets, indices) is checked
 * by the engine, which knows the instruction set.
 */
import { plain } from './bytes.js';
import { mx32 } from './checksum.js';
import { FormatError } from './errors.js';
import type { CompiledFunction } from './compiled.js';

export const CODE_SECTION = 'weft.code';
export const FUNCS_SECTION = 'weft.funcs';

const HEADER_WORDS = 11;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const EMPTY = new Int32Array(0);

/** Encode `funcs` as the payloads of `weft.code` and `weft.funcs`. */
export function encodeCode(funcs: readonly CompiledFunction[]): { code: Uint8Array; funcs: Uint8Array } {
  let total = 0;
  for (const f of funcs) total += f.code.length + f.offsets.length + (f.fuel?.length ?? 0);
  const blob = new Int32Array(total);
  const blobBytes = new Uint8Array(blob.buffer);
  const headers = new Int32Array(1 + funcs.length * HEADER_WORDS);
  headers[0] = funcs.length;
  let at = 0;
  funcs.forEach((f, i) => {
    const h = 1 + i * HEADER_WORDS;
    const start = at;
    headers[h] = f.funcIndex;
    headers[h + 1] = f.typeIndex;
    headers[h + 2] = f.numParams;
    headers[h + 3] = f.numResults;
    headers[h + 4] = f.numLocals;
    headers[h + 5] = f.frameSize;
    headers[h + 6] = start;
    headers[h + 7] = f.code.length;
    blob.set(f.code, at);
    at += f.code.length;
    headers[h + 8] = f.offsets.length;
    blob.set(f.offsets, at);
    at += f.offsets.length;
    headers[h + 9] = f.fuel === undefined ? 0 : f.fuel.length + 1;
    if (f.fuel !== undefined) {
      blob.set(f.fuel, at);
      at += f.fuel.length;
    }
    if (!LITTLE_ENDIAN) swap32(blobBytes.subarray(start * 4, at * 4));
    headers[h + 10] = mx32(blobBytes.subarray(start * 4, at * 4));
  });
  const code = new Uint8Array(headers.buffer);
  if (!LITTLE_ENDIAN) swap32(code);
  return { code, funcs: blobBytes };
}

/** The words of one function, as `LoadedCode.open` returns them. */
export interface FunctionWords {
  code: Int32Array;
  offsets: Int32Array;
  fuel: Int32Array | undefined;
}

/**
 * Decoded `weft.code` and `weft.funcs`. The functions' headers are decoded and checked; their code, offsets and
 * fuel records are empty until `open` checks and returns them, so that a loader pays for a function's code only
 * when it needs it.
 */
export interface LoadedCode {
  /** One per function, with the header's fields; `code` and `offsets` empty, `fuel` undefined. */
  funcs: CompiledFunction[];
  /**
   * Function `i`'s words, views of the module's private copy of `weft.funcs`.
   *
   * @throws FormatError when they do not match the function's checksum.
   */
  open(i: number): FunctionWords;
}

/**
 * Decode the headers of `weft.code` and take `weft.funcs` as the functions' words: a private copy of it unless
 * `owned` (the caller hands the bytes over and will not change them).
 *
 * @throws FormatError when a header is negative or a function's words lie outside `weft.funcs`.
 */
export function decodeCode(codeBytes: Uint8Array, funcsBytes: Uint8Array, owned = false): LoadedCode {
  const fail = (what: string): never => {
    throw new FormatError(`section ${CODE_SECTION}: ${what}`);
  };
  if (codeBytes.length % 4 !== 0 || codeBytes.length < 4) fail('length is not a positive multiple of 4 bytes');
  if (funcsBytes.length % 4 !== 0) throw new FormatError(`section ${FUNCS_SECTION}: length is not a multiple of 4 bytes`);
  const headerBytes = plain(codeBytes).slice();
  if (!LITTLE_ENDIAN) swap32(headerBytes);
  const headers = new Int32Array(headerBytes.buffer, 0, headerBytes.length / 4);
  const n = headers[0]!;
  if (n < 0 || n !== (headers.length - 1) / HEADER_WORDS) fail(`function count ${n} disagrees with the section's length`);
  // One copy: the module must not share bytes its caller can change (the views below outlive the call).
  const source = plain(funcsBytes);
  const blobBytes = owned && (source.byteOffset & 3) === 0 ? source : source.slice();
  const blob = new Int32Array(blobBytes.buffer, blobBytes.byteOffset, blobBytes.length / 4);
  const size = blob.length;
  const funcs: CompiledFunction[] = [];
  for (let i = 0; i < n; i++) {
    const h = 1 + i * HEADER_WORDS;
    for (let k = 0; k < HEADER_WORDS - 1; k++) if (headers[h + k]! < 0) fail(`function ${i}: negative header field ${k}`);
    const start = headers[h + 6]!;
    const fuelWords = headers[h + 9]!;
    const words = headers[h + 7]! + headers[h + 8]! + (fuelWords === 0 ? 0 : fuelWords - 1);
    if (start > size || words > size - start) fail(`function ${i}: its words lie outside section ${FUNCS_SECTION}`);
    if (headers[h + 8]! % 2 !== 0) fail(`function ${i}: odd number of offset words`);
    if (fuelWords !== 0 && (fuelWords - 1) % 3 !== 0) fail(`function ${i}: fuel records are not triples`);
    funcs.push({
      funcIndex: headers[h]!,
      typeIndex: headers[h + 1]!,
      numParams: headers[h + 2]!,
      numResults: headers[h + 3]!,
      numLocals: headers[h + 4]!,
      frameSize: headers[h + 5]!,
      code: EMPTY,
      offsets: EMPTY,
      fuel: undefined,
    });
  }
  // A big-endian host checks every function now, while the words are still little-endian, then swaps them.
  let checked: Uint8Array | undefined;
  const open = (i: number): FunctionWords => {
    const h = 1 + i * HEADER_WORDS;
    const start = headers[h + 6]!;
    const codeEnd = start + headers[h + 7]!;
    const offsetsEnd = codeEnd + headers[h + 8]!;
    const fuelWords = headers[h + 9]!;
    const end = fuelWords === 0 ? offsetsEnd : offsetsEnd + fuelWords - 1;
    if (checked?.[i] !== 1 && mx32(blobBytes.subarray(start * 4, end * 4)) !== headers[h + 10]! >>> 0) {
      throw new FormatError(`checksum mismatch in section ${FUNCS_SECTION}, the artifact is corrupt`);
    }
    return {
      code: blob.subarray(start, codeEnd),
      offsets: blob.subarray(codeEnd, offsetsEnd),
      fuel: fuelWords === 0 ? undefined : blob.subarray(offsetsEnd, end),
    };
  };
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < n; i++) open(i);
    checked = new Uint8Array(n).fill(1);
    swap32(blobBytes);
  }
  return { funcs, open };
}

function swap32(b: Uint8Array): void {
  for (let i = 0; i + 3 < b.length; i += 4) {
    const a = b[i]!;
    const c = b[i + 1]!;
    b[i] = b[i + 3]!;
    b[i + 1] = b[i + 2]!;
    b[i + 3] = a;
    b[i + 2] = c;
  }
}
