/**
 * Constant expressions (global initialisers, segment offsets, element items) into `ConstExpr`: a flat list of
 * the constant instructions `i32/i64/f32/f64.const`, `ref.null`, `ref.func` and `global.get`, up to the final
 * `end`. Any other instruction is decoded with `readOperator` and kept as `{ op: 'other' }` so that the validator
 * reports "constant expression required" (extended-const arithmetic is kept as 'other' too until a feature flag
 * turns it on). Structured instructions nest, so a `block … end` inside does not end the expression early.
 */
import type { ConstExpr, ConstOp, RefType } from '@weft/serialize';
import type { DecodeContext } from './context.js';
import { Op, OPS } from './opcodes.js';
import { bigOf, bitsOf, readOperator } from './operator.js';
import { featureError } from './types.js';

const END = Op['end']!;
const ELSE = Op['else']!;
const BLOCK = Op['block']!;
const LOOP = Op['loop']!;
const IF = Op['if']!;
const I32_CONST = Op['i32.const']!;
const I64_CONST = Op['i64.const']!;
const F32_CONST = Op['f32.const']!;
const F64_CONST = Op['f64.const']!;
const REF_NULL = Op['ref.null']!;
const REF_FUNC = Op['ref.func']!;
const GLOBAL_GET = Op['global.get']!;

/** Read one constant expression, including its final `end`. */
export function readConstExpr(ctx: DecodeContext): ConstExpr {
  const { r, op, features } = ctx;
  const offset = r.pos;
  const ops: ConstOp[] = [];
  let depth = 0;
  for (;;) {
    readOperator(r, op);
    const id = op.op;
    const feature = OPS[id]!.feature;
    if (feature !== undefined && !features[feature]) throw featureError(r, feature, op.offset);
    switch (id) {
      case I32_CONST:
        ops.push({ op: 'i32.const', value: op.a });
        break;
      case I64_CONST:
        ops.push({ op: 'i64.const', value: bigOf(op) });
        break;
      case F32_CONST:
        ops.push({ op: 'f32.const', bits: op.a });
        break;
      case F64_CONST:
        ops.push({ op: 'f64.const', bits: bitsOf(op) });
        break;
      case REF_NULL:
        ops.push({ op: 'ref.null', type: op.a as RefType });
        break;
      case REF_FUNC:
        ops.push({ op: 'ref.func', index: op.a });
        break;
      case GLOBAL_GET:
        ops.push({ op: 'global.get', index: op.a });
        break;
      case END:
        if (depth === 0) return { ops, offset };
        depth--;
        break;
      case ELSE:
        // The spec's decoder stops an instruction sequence at `else` and then wants the final `end`.
        if (depth === 0) throw r.error('END opcode expected', op.offset);
        ops.push({ op: 'other', id, offset: op.offset });
        break;
      default:
        if (id === BLOCK || id === LOOP || id === IF) depth++;
        ops.push({ op: 'other', id, offset: op.offset });
    }
  }
}
