/**
 * What validation knows about a module while it checks it (the spec's context C): the module info, the enabled
 * features, every function type flattened into one typed array for the body validator's hot path, and the set of
 * functions a `ref.func` in a body may name (C.refs). Also the feature checks on value types that module-level and
 * body checks share, and the error helpers that give every validation error the spec's wording.
 */
import { ValType, type ItemOffsets, type ModuleInfo } from '@weft/serialize';
import { CompileError } from '../errors.js';
import { FEATURE_LABELS, type Features } from '../features.js';

/** The operand type "unknown" of the spec's validation algorithm (the bottom type of a polymorphic stack). */
export const UNKNOWN = 0;

const VAL_TYPE_CODES = [ValType.I32, ValType.I64, ValType.F32, ValType.F64, ValType.V128, ValType.FuncRef, ValType.ExternRef];

/** An invalid-module error (malformed = false) at `offset`. */
export function invalid(reason: string, offset: number): CompileError {
  return new CompileError(reason, offset, false);
}

/** A malformed-module error (malformed = true) at `offset`, for binary-level problems found while walking code. */
export function malformed(reason: string, offset: number): CompileError {
  return new CompileError(reason, offset, true);
}

/** The text name of a value type code, or `unknown` for the bottom type (for messages). */
export function typeName(t: number): string {
  switch (t) {
    case ValType.I32: return 'i32';
    case ValType.I64: return 'i64';
    case ValType.F32: return 'f32';
    case ValType.F64: return 'f64';
    case ValType.V128: return 'v128';
    case ValType.FuncRef: return 'funcref';
    case ValType.ExternRef: return 'externref';
    case UNKNOWN: return 'unknown';
    default: return `0x${t.toString(16)}`;
  }
}

/** One bit per feature, for the body validator's per-operator feature check. */
export const FEATURE_BITS: Record<keyof Features, number> = {
  mutableGlobal: 1,
  signExtension: 2,
  saturatingFloatToInt: 4,
  multiValue: 8,
  bulkMemory: 16,
  referenceTypes: 32,
  simd: 64,
};

/** An invalid-module error for something the configured `features` switch off (e.g. "multi-value support is not enabled"). */
export function featureOff(feature: keyof Features, offset: number, what?: string): CompileError {
  const suffix = what === undefined ? '' : ` (${what})`;
  return invalid(`${FEATURE_LABELS[feature]} support is not enabled${suffix}`, offset);
}

/**
 * The spec's context C for one module, plus lookup tables in typed arrays. Built once per `validateModule` call;
 * the function validator reads it for every body.
 */
export class ValidationContext {
  /** Every function type's params then results, then one entry per value type (block types `[] -> [t]`). */
  readonly typeVals: Uint8Array;
  readonly paramStart: Int32Array;
  readonly paramCount: Int32Array;
  readonly resultStart: Int32Array;
  readonly resultCount: Int32Array;
  /** Position in `typeVals` of the one-element list `[t]`, by value type code. */
  readonly singleStart: Int32Array;
  /** C.refs: `declared[f] === 1` when function `f` is named outside function bodies (elems, exports, globals). */
  readonly declared: Uint8Array;
  readonly numFuncs: number;
  /** Value type and mutability (1 = mutable) of every global, by global index. */
  readonly globalType: Uint8Array;
  readonly globalMutable: Uint8Array;
  /** Element type of every table, by table index. */
  readonly tableElem: Uint8Array;
  /** Bits of the features that are switched off (see `FEATURE_BITS`). */
  readonly disabled: number;

  constructor(
    readonly info: ModuleInfo,
    readonly bytes: Uint8Array,
    readonly features: Features,
  ) {
    const types = info.types;
    let total = VAL_TYPE_CODES.length;
    for (const t of types) total += t.params.length + t.results.length;
    this.typeVals = new Uint8Array(total);
    this.paramStart = new Int32Array(types.length);
    this.paramCount = new Int32Array(types.length);
    this.resultStart = new Int32Array(types.length);
    this.resultCount = new Int32Array(types.length);
    let p = 0;
    for (let i = 0; i < types.length; i++) {
      const t = types[i]!;
      this.paramStart[i] = p;
      this.paramCount[i] = t.params.length;
      for (const v of t.params) this.typeVals[p++] = v;
      this.resultStart[i] = p;
      this.resultCount[i] = t.results.length;
      for (const v of t.results) this.typeVals[p++] = v;
    }
    this.singleStart = new Int32Array(128);
    for (const code of VAL_TYPE_CODES) {
      this.singleStart[code] = p;
      this.typeVals[p++] = code;
    }
    this.globalType = Uint8Array.from(info.globals, (g) => g.type);
    this.globalMutable = Uint8Array.from(info.globals, (g) => (g.mutable ? 1 : 0));
    this.tableElem = Uint8Array.from(info.tables, (t) => t.elem);
    let disabled = 0;
    for (const [name, bit] of Object.entries(FEATURE_BITS)) if (!features[name as keyof Features]) disabled |= bit;
    this.disabled = disabled;
    this.numFuncs = info.funcTypes.length;
    this.declared = new Uint8Array(this.numFuncs);
    const declare = (ops: readonly { op: string; index?: number }[]) => {
      for (const o of ops) {
        if (o.op === 'ref.func' && o.index !== undefined && o.index < this.numFuncs) this.declared[o.index] = 1;
      }
    };
    for (const e of info.elems) for (const item of e.items) declare(item.ops);
    for (const g of info.globalInits) declare(g.ops);
    for (const x of info.exports) if (x.kind === 'func' && x.index < this.numFuncs) this.declared[x.index] = 1;
  }

  /** Where item `i` of a kind is in the binary (see `ItemOffsets`), or 0 when the info carries no offsets. */
  at(kind: Exclude<keyof ItemOffsets, 'start'>, i: number): number {
    return this.info.offsets?.[kind][i] ?? 0;
  }

  /** Check that value type `t` is one the enabled features allow. */
  checkValType(t: number, offset: number): void {
    switch (t) {
      case ValType.I32:
      case ValType.I64:
      case ValType.F32:
      case ValType.F64:
        return;
      case ValType.V128:
        if (!this.features.simd) throw featureOff('simd', offset, 'v128');
        return;
      case ValType.FuncRef:
      case ValType.ExternRef:
        if (!this.features.referenceTypes) throw featureOff('referenceTypes', offset, typeName(t));
        return;
      default:
        throw malformed('malformed value type', offset);
    }
  }
}
