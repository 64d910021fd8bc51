/**
 * The binary-level (malformed) rules of function bodies that only a walk over the instructions finds: operators
 * that decode, blocks that nest (`else` only in an `if`, the final `end` exactly at the body's end), typed
 * `select` value types, and `memory.init`/`data.drop` without a data count section. The body validator applies
 * them as it goes; `findMalformedBody` applies them alone, on the error path, because the spec decodes the whole
 * module before validating it: a malformed body anywhere outranks an invalid construct found earlier.
 */
import type { ModuleInfo } from '@weft/serialize';
import { Op } from '../binary/opcodes.js';
import { newOperator, readOperator } from '../binary/operator.js';
import { Reader } from '../binary/reader.js';
import { CompileError } from '../errors.js';
import { malformed } from './context.js';

/**
 * A body ended with blocks still open. The spec decoder reads on past the body's size: into the next body
 * ("END opcode expected"), off the end of the module ("unexpected end of section or function"), or, for the last
 * body, into the next section ("section size mismatch").
 */
export function missingEnd(bytes: Uint8Array, codeEnd: number, lastBody: boolean): CompileError {
  if (codeEnd >= bytes.length) return malformed('unexpected end of section or function', codeEnd);
  if (lastBody) return malformed('section size mismatch: the last function body has no END opcode', codeEnd);
  return malformed('END opcode expected', codeEnd);
}

/** The final `end` came before the body's end. */
export function trailingCode(offset: number): CompileError {
  return malformed('section size mismatch: operators remaining after the end of the function', offset);
}

/** `else` outside an `if`: the spec decoder ends the block there and then wants its END. */
export function elseWithoutIf(offset: number): CompileError {
  return malformed('END opcode expected (else without if)', offset);
}

/**
 * `memory.init`/`data.drop` of segment `x` without a data count section is malformed when the segment exists;
 * an index with no segment behind it is left to "unknown data segment", as the spec tests (written in the text
 * format, whose encoders omit the data count section of a module without data) expect. Same rule as the decoder.
 */
export function dataCountRequired(info: ModuleInfo, x: number): boolean {
  return info.dataCount === undefined && x < info.datas.length;
}

const VALUE_TYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);
const BLOCK = Op['block']!;
const LOOP = Op['loop']!;
const IF = Op['if']!;
const ELSE = Op['else']!;
const END = Op['end']!;
const SELECT_T = Op['select_t']!;
const MEMORY_INIT = Op['memory.init']!;
const DATA_DROP = Op['data.drop']!;

/** The first malformation in any function body's instructions, or undefined when every body is well-formed. */
export function findMalformedBody(info: ModuleInfo, bytes: Uint8Array): CompileError | undefined {
  const r = new Reader(bytes);
  const op = newOperator();
  /** Open blocks: true for an `if` still before its `else`. */
  const open: boolean[] = [];
  for (let i = 0; i < info.bodies.length; i++) {
    const body = info.bodies[i]!;
    r.pos = body.codeStart;
    r.end = body.codeEnd;
    open.length = 0;
    open.push(false);
    try {
      while (open.length > 0) {
        if (r.pos >= body.codeEnd) return missingEnd(bytes, body.codeEnd, i === info.bodies.length - 1);
        readOperator(r, op);
        const id = op.op;
        if (id === BLOCK || id === LOOP || id === IF) open.push(id === IF);
        else if (id === END) open.pop();
        else if (id === ELSE) {
          if (open[open.length - 1] !== true) return elseWithoutIf(op.offset);
          open[open.length - 1] = false;
        } else if (id === SELECT_T) {
          for (const t of op.list) if (!VALUE_TYPES.has(t)) return malformed('malformed value type', op.offset);
        } else if ((id === MEMORY_INIT || id === DATA_DROP) && dataCountRequired(info, op.a)) {
          return malformed('data count section required', op.offset);
        }
      }
    } catch (err) {
      if (err instanceof CompileError) return err;
      throw err;
    }
    if (r.pos !== body.codeEnd) return trailingCode(r.pos);
  }
  return undefined;
}
