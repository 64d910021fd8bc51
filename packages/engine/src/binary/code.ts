/**
 * The code section (spec §5.5.13): for each defined function its size, its local declarations and where its
 * instructions are. Instructions are not decoded here — the validator walks them with `readOperator` — except
 * for one cheap scan, `checkDataCountUse`, that a module without a data count section needs.
 */
import type { FunctionBody, LocalRun } from '@weft/serialize';
import { CompileError } from '../errors.js';
import type { DecodeContext } from './context.js';
import { Op } from './opcodes.js';
import { readOperator } from './operator.js';
import { readValType } from './types.js';

/**
 * Most locals a function body may declare (parameters not counted). The spec allows 2^32 - 1; we stop at
 * wasmparser's (Wasmtime's) limit of 50,000, far above what compilers emit, so that a tiny module cannot ask for
 * gigabytes of frame. Over it is malformed, "too many locals", as the spec's own over-2^32 case is.
 */
export const MAX_LOCALS = 50_000;

export function readCodeSection(ctx: DecodeContext): void {
  const { r, info } = ctx;
  const n = r.len32();
  for (let i = 0; i < n; i++) info.bodies.push(readBody(ctx));
}

function readBody(ctx: DecodeContext): FunctionBody {
  const { r, features } = ctx;
  const bodyOffset = r.pos;
  const size = r.len32();
  const end = r.pos + size;
  if (end > r.bytes.length) throw r.error('unexpected end of section or function', r.bytes.length);
  // Locals are read within the body (an error ends the decoding, so the reader's end needs no restoring then).
  const outerEnd = r.end;
  r.end = end;
  const runsOffset = r.pos;
  const runs = r.len32();
  const locals: LocalRun[] = [];
  let localCount = 0;
  for (let i = 0; i < runs; i++) {
    const count = r.u32();
    const type = readValType(r, features);
    locals.push({ count, type });
    localCount += count;
  }
  if (localCount > MAX_LOCALS) throw r.error('too many locals', runsOffset);
  const codeStart = r.pos;
  r.pos = end;
  r.end = outerEnd;
  return { locals, localCount, codeStart, codeEnd: end, bodyOffset };
}

const MEMORY_INIT = Op['memory.init']!;
const DATA_DROP = Op['data.drop']!;
const PREFIX_FC = 0xfc;

/**
 * Without a data count section, `memory.init` and `data.drop` are malformed ("data count section required").
 * Finding them means walking the instructions, but only bodies holding a 0xFC byte (the prefix of both) can
 * contain one, and a native `indexOf` finds those, so most modules walk nothing. Errors met on the walk are the
 * body's own malformations and are reported as such. A segment index that cannot exist (no such data segment)
 * is left to the validator's "unknown data segment", as the spec tests written in the text format expect.
 */
export function checkDataCountUse(ctx: DecodeContext): void {
  const { r, info, op } = ctx;
  const bytes = r.bytes;
  let nextFc = -1;
  for (const body of info.bodies) {
    if (nextFc < body.codeStart) {
      nextFc = bytes.indexOf(PREFIX_FC, body.codeStart);
      if (nextFc < 0) return;
    }
    if (nextFc >= body.codeEnd) continue;
    r.pos = body.codeStart;
    r.end = body.codeEnd;
    while (r.pos < r.end) {
      readOperator(r, op);
      if ((op.op === MEMORY_INIT || op.op === DATA_DROP) && op.a < info.datas.length) {
        throw r.error('data count section required', op.offset);
      }
    }
  }
  r.end = bytes.length;
}

/**
 * The first malformation in the instructions of the bodies that start before `before`, if any. Only used on the
 * error path: the spec's decoder reads bodies in stream order, so a malformed instruction inside a body is the
 * error it reports even when the section structure breaks later (often because of that very instruction: an
 * immediate that runs past the body end). Reads are not cut off at the body end, as in the spec's decoder.
 */
export function firstBodyError(ctx: DecodeContext, before: number): CompileError | undefined {
  const { r, info, op } = ctx;
  r.end = r.bytes.length;
  for (const body of info.bodies) {
    if (body.bodyOffset >= before) break;
    r.pos = body.codeStart;
    try {
      while (r.pos < body.codeEnd) readOperator(r, op);
    } catch (err) {
      if (err instanceof CompileError) return err;
      throw err;
    }
  }
  return undefined;
}
