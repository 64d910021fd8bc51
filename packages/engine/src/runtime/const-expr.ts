/**
 * Evaluation of constant expressions (global initialisers, segment offsets, element items) against a partly
 * built instance: a flat list of operators on a small stack, so extended-const arithmetic fits in. The validator
 * has checked types and indices; results are raw values (see values.ts).
 */
import type { ConstExpr } from '@weft/serialize';
import { WeftError } from '../errors.js';
import type { InstanceState } from './instances.js';
import { readGlobal, type RawValue } from './values.js';

/** Evaluate `expr` against `state` (imported and earlier globals, functions). */
export function evalConstExpr(expr: ConstExpr, state: InstanceState): RawValue {
  const stack: RawValue[] = [];
  for (const op of expr.ops) {
    switch (op.op) {
      case 'i32.const':
      case 'i64.const':
        stack.push(op.value);
        break;
      case 'f32.const':
      case 'f64.const':
        stack.push(op.bits);
        break;
      case 'v128.const':
        stack.push(op.bytes);
        break;
      case 'ref.null':
        stack.push(null);
        break;
      case 'ref.func':
        stack.push(state.funcs[op.index]);
        break;
      case 'global.get':
        stack.push(readGlobal(state.globals[op.index]!));
        break;
      case 'other':
        throw new WeftError(`constant expression required (at offset 0x${op.offset.toString(16)})`);
      default: {
        const b = stack.pop();
        const a = stack.pop();
        stack.push(arith(op.op, a, b));
      }
    }
  }
  return stack.pop();
}

function arith(op: 'i32.add' | 'i32.sub' | 'i32.mul' | 'i64.add' | 'i64.sub' | 'i64.mul', a: unknown, b: unknown) {
  switch (op) {
    case 'i32.add':
      return ((a as number) + (b as number)) | 0;
    case 'i32.sub':
      return ((a as number) - (b as number)) | 0;
    case 'i32.mul':
      return Math.imul(a as number, b as number);
    case 'i64.add':
      return BigInt.asIntN(64, (a as bigint) + (b as bigint));
    case 'i64.sub':
      return BigInt.asIntN(64, (a as bigint) - (b as bigint));
    case 'i64.mul':
      return BigInt.asIntN(64, (a as bigint) * (b as bigint));
  }
}
