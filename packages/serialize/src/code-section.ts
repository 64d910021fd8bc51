/**
 * Section `weft.code`: the compiled functions, as little-endian 32-bit words so that loading is one copy. Word 0
 * is the function count `n`; then `n` headers of 12 words (funcIndex, typeIndex, numParams, numResults,
 * numLocals, frameSize, code start, code length, offsets start, offsets length, fuel records start, fuel records
 * length + 1 or 0 without them — starts and lengths in words, relative to the blob); then the blob holding every
 * function's code, offset pairs and fuel records. Decoding checks that the
 * header fields are non-negative and every range lies inside the blob; what the code means (slots, targets,
 * indices) is checked by the engine, which knows the instruction set.
 */
import { plain } from './bytes.js';
import { FormatError } from './errors.js';
import type { CompiledFunction } from './compiled.js';

export const CODE_SECTION = 'weft.code';

const HEADER_WORDS = 12;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function encodeCode(funcs: readonly CompiledFunction[]): Uint8Array {
  let blob = 0;
  for (const f of funcs) blob += f.code.length + f.offsets.length + (f.fuel?.length ?? 0);
  const words = new Int32Array(1 + funcs.length * HEADER_WORDS + blob);
  words[0] = funcs.length;
  let at = 0;
  const base = 1 + funcs.length * HEADER_WORDS;
  funcs.forEach((f, i) => {
    const h = 1 + i * HEADER_WORDS;
    words[h] = f.funcIndex;
    words[h + 1] = f.typeIndex;
    words[h + 2] = f.numParams;
    words[h + 3] = f.numResults;
    words[h + 4] = f.numLocals;
    words[h + 5] = f.frameSize;
    words[h + 6] = at;
    words[h + 7] = f.code.length;
    words.set(f.code, base + at);
    at += f.code.length;
    words[h + 8] = at;
    words[h + 9] = f.offsets.length;
    words.set(f.offsets, base + at);
    at += f.offsets.length;
    words[h + 10] = at;
    words[h + 11] = f.fuel === undefined ? 0 : f.fuel.length + 1;
    if (f.fuel !== undefined) {
      words.set(f.fuel, base + at);
      at += f.fuel.length;
    }
  });
  const bytes = new Uint8Array(words.buffer);
  if (!LITTLE_ENDIAN) swap32(bytes);
  return bytes;
}

/** Decode `weft.code` into functions whose code and offsets are views of one fresh copy of the section. */
export function decodeCode(bytes: Uint8Array): CompiledFunction[] {
  const fail = (what: string): never => {
    throw new FormatError(`section ${CODE_SECTION}: ${what}`);
  };
  if (bytes.length % 4 !== 0 || bytes.length < 4) fail('length is not a positive multiple of 4 bytes');
  const copy = plain(bytes).slice(); // one copy: the module must not share bytes its caller can change
  if (!LITTLE_ENDIAN) swap32(copy);
  const words = new Int32Array(copy.buffer, 0, copy.length / 4);
  const n = words[0]!;
  if (n < 0 || n > (words.length - 1) / HEADER_WORDS) fail(`function count ${n} exceeds the section`);
  const base = 1 + n * HEADER_WORDS;
  const blob = words.length - base;
  const funcs: CompiledFunction[] = [];
  for (let i = 0; i < n; i++) {
    const h = 1 + i * HEADER_WORDS;
    for (let k = 0; k < HEADER_WORDS; k++) if (words[h + k]! < 0) fail(`function ${i}: negative header field ${k}`);
    const range = (start: number, length: number, what: string): Int32Array => {
      if (start > blob || length > blob - start) fail(`function ${i}: ${what} outside the section`);
      return words.subarray(base + start, base + start + length);
    };
    const code = range(words[h + 6]!, words[h + 7]!, 'code');
    const offsets = range(words[h + 8]!, words[h + 9]!, 'offsets');
    if (offsets.length % 2 !== 0) fail(`function ${i}: odd number of offset words`);
    const fuelWords = words[h + 11]!;
    const fuel = fuelWords === 0 ? undefined : range(words[h + 10]!, fuelWords - 1, 'fuel records');
    if (fuel !== undefined && fuel.length % 3 !== 0) fail(`function ${i}: fuel records are not triples`);
    const f: CompiledFunction = {
      funcIndex: words[h]!,
      typeIndex: words[h + 1]!,
      numParams: words[h + 2]!,
      numResults: words[h + 3]!,
      numLocals: words[h + 4]!,
      frameSize: words[h + 5]!,
      code,
      offsets,
    };
    if (fuel !== undefined) f.fuel = fuel;
    funcs.push(f);
  }
  return funcs;
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
