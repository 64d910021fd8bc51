/**
 * Validation of constant expressions (global initialisers, element and data segment offsets, element items), as
 * Wasm 2.0 defines them: only `t.const`, `ref.null`, `ref.func` and `global.get` of an imported immutable global,
 * leaving exactly one value of the expected type. The decoder keeps any other instruction as `{ op: 'other' }`;
 * that, and the extended-const arithmetic the model can hold, is "constant expression required" here.
 */
import { ValType, type ConstExpr } from '@weft/serialize';
import { OPS } from '../binary/opcodes.js';
import { invalid, typeName, type ValidationContext } from './context.js';

/** Check that `expr` is constant and produces one value of type `expected`. */
export function checkConstExpr(ctx: ValidationContext, expr: ConstExpr, expected: number): void {
  const { info } = ctx;
  const at = expr.offset;
  const stack: number[] = [];
  for (const o of expr.ops) {
    switch (o.op) {
      case 'i32.const':
        stack.push(ValType.I32);
        break;
      case 'i64.const':
        stack.push(ValType.I64);
        break;
      case 'f32.const':
        stack.push(ValType.F32);
        break;
      case 'f64.const':
        stack.push(ValType.F64);
        break;
      case 'v128.const':
        ctx.checkValType(ValType.V128, at);
        stack.push(ValType.V128);
        break;
      case 'ref.null':
        ctx.checkValType(o.type, at);
        stack.push(o.type);
        break;
      case 'ref.func':
        // Also the MVP encoding of element items (function indices), so no reference-types check here.
        if (o.index >= ctx.numFuncs) throw invalid(`unknown function ${o.index}`, at);
        stack.push(ValType.FuncRef);
        break;
      case 'global.get': {
        // Wasm 2.0: constant expressions see only the imported globals.
        if (o.index >= info.importedGlobals) throw invalid(`unknown global ${o.index}`, at);
        const g = info.globals[o.index]!;
        if (g.mutable) throw invalid('constant expression required', at);
        stack.push(g.type);
        break;
      }
      case 'other':
        throw invalid(`constant expression required (${OPS[o.id]?.name ?? 'instruction'} is not constant)`, o.offset);
      default:
        // Extended-const arithmetic: not part of Wasm 2.0.
        throw invalid(`constant expression required (${o.op} is not constant in Wasm 2.0)`, at);
    }
  }
  if (stack.length !== 1 || stack[0] !== expected) {
    const found = stack.map(typeName).join(' ') || 'nothing';
    throw invalid(`type mismatch: constant expression must be ${typeName(expected)}, found ${found}`, at);
  }
}
