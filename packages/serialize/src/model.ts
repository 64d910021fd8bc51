/**
 * The module data model: everything known about a module except its compiled code — types, imports, exports,
 * functions, tables, memories, globals, element and data segments, start function and names. The decoder produces
 * it, the validator checks it, the runtime instantiates from it, and AOT artifacts store it. Plain data only.
 */

/** Value type codes, equal to their binary encodings. */
export const ValType = {
  I32: 0x7f,
  I64: 0x7e,
  F32: 0x7d,
  F64: 0x7c,
  V128: 0x7b,
  FuncRef: 0x70,
  ExternRef: 0x6f,
} as const;
export type ValType = (typeof ValType)[keyof typeof ValType];
export type RefType = typeof ValType.FuncRef | typeof ValType.ExternRef;

/** Text names of value types, as written in the text format and used by the public API. */
export type ValTypeName = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

const NAMES: Record<number, ValTypeName> = {
  0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref',
};
const CODES: Record<ValTypeName, ValType> = {
  i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f,
};

export function valTypeName(t: ValType): ValTypeName {
  return NAMES[t]!;
}
export function valTypeFromName(name: ValTypeName): ValType {
  const t = CODES[name];
  if (t === undefined) throw new TypeError(`unknown value type '${String(name)}'`);
  return t;
}
export function isRefType(t: number): t is RefType {
  return t === ValType.FuncRef || t === ValType.ExternRef;
}

export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** Limits in pages (memories) or elements (tables). `max` is undefined when there is none. */
export interface Limits {
  min: number;
  max: number | undefined;
}
export interface TableType {
  elem: RefType;
  limits: Limits;
}
export interface MemoryType {
  limits: Limits;
  shared: boolean;
}
export interface GlobalType {
  type: ValType;
  mutable: boolean;
}

export type ExternKind = 'func' | 'table' | 'memory' | 'global';

export type ImportDesc =
  | { kind: 'func'; typeIndex: number }
  | { kind: 'table'; type: TableType }
  | { kind: 'memory'; type: MemoryType }
  | { kind: 'global'; type: GlobalType };

export interface Import {
  module: string;
  name: string;
  desc: ImportDesc;
}

export interface Export {
  name: string;
  kind: ExternKind;
  index: number;
}

/**
 * One instruction of a constant expression. A constant expression is a flat list evaluated on a small stack,
 * so extended-const (`i32.add` etc.) slots in as more kinds.
 * Float constants keep their exact bits.
 */
export type ConstOp =
  | { op: 'i32.const'; value: number }
  | { op: 'i64.const'; value: bigint }
  | { op: 'f32.const'; bits: number }
  | { op: 'f64.const'; bits: bigint }
  | { op: 'v128.const'; bytes: Uint8Array }
  | { op: 'ref.null'; type: RefType }
  | { op: 'ref.func'; index: number }
  | { op: 'global.get'; index: number }
  | { op: 'i32.add' | 'i32.sub' | 'i32.mul' | 'i64.add' | 'i64.sub' | 'i64.mul' }
  /**
   * An instruction that is not a constant instruction, kept (not rejected) by the decoder so that the
   * validator reports "constant expression required". `id` is the op id (index into the engine's opcode table
   * `OPS`), `offset` the instruction's byte offset in the module.
   */
  | { op: 'other'; id: number; offset: number };

export interface ConstExpr {
  ops: ConstOp[];
  /** Byte offset of the expression in the module, for error messages. */
  offset: number;
}

export interface Global {
  type: GlobalType;
  init: ConstExpr;
}

export type SegmentMode = 'active' | 'passive' | 'declarative';

export interface ElemSegment {
  mode: SegmentMode;
  /** Table index (active segments only). */
  table: number;
  /** Offset expression (active segments only). */
  offset: ConstExpr | undefined;
  type: RefType;
  /** One constant expression per element (function indices are stored as `ref.func`). */
  items: ConstExpr[];
}

export interface DataSegment {
  mode: 'active' | 'passive';
  memory: number;
  offset: ConstExpr | undefined;
  bytes: Uint8Array;
}

/** A run of locals of one type, as declared in a function body. */
export interface LocalRun {
  count: number;
  type: ValType;
}

/** A defined function's body: where its code is in the module bytes, and its declared locals. */
export interface FunctionBody {
  locals: LocalRun[];
  /** Total declared locals (excluding parameters). */
  localCount: number;
  /** Offset of the first instruction (after the locals) in the module bytes. */
  codeStart: number;
  /** Offset just past the final `end`. */
  codeEnd: number;
  /** Offset of the body's size field, for error messages. */
  bodyOffset: number;
}

export interface NameInfo {
  module: string | undefined;
  /** Function index (in the whole function index space) → name. */
  functions: Map<number, string>;
  /** Function index → local index → name. */
  locals: Map<number, Map<number, string>>;
}

export interface CustomSection {
  name: string;
  bytes: Uint8Array;
}

/**
 * Where a module's items are in its binary, for error messages: the validator points its errors about types,
 * imports, tables, memories, globals, exports, the start function and segments at these offsets. Each array runs
 * parallel to the list or index space it names.
 */
export interface ItemOffsets {
  /** Each function type (its 0x60 form byte), by type index. */
  types: number[];
  /** Each import entry (its module name), in import order. */
  imports: number[];
  /** Each function's type index (in its import entry or in the function section), by function index. */
  funcs: number[];
  /** Each table's table type (imported or defined), by table index. */
  tables: number[];
  /** Each memory's limits (imported or defined), by memory index. */
  memories: number[];
  /** Each global's global type (imported or defined), by global index. */
  globals: number[];
  /** Each export entry (its name), in export order. */
  exports: number[];
  /** The start section's function index. */
  start: number | undefined;
  /** Each element segment (its flags), by segment index. */
  elems: number[];
  /** Each data segment (its flags), by segment index. */
  datas: number[];
}

/**
 * A decoded module. Index spaces put imports first, as the spec does: function `i` is imported when
 * `i < importedFuncs`, else defined function `i - importedFuncs`.
 */
export interface ModuleInfo {
  types: FuncType[];
  imports: Import[];
  /** Type index of every function in the index space (imported, then defined). */
  funcTypes: number[];
  importedFuncs: number;
  /** Every table in the index space (imported, then defined). */
  tables: TableType[];
  importedTables: number;
  memories: MemoryType[];
  importedMemories: number;
  /** Every global's type in the index space; `globalInits[i - importedGlobals]` for defined ones. */
  globals: GlobalType[];
  importedGlobals: number;
  globalInits: ConstExpr[];
  exports: Export[];
  start: number | undefined;
  elems: ElemSegment[];
  datas: DataSegment[];
  dataCount: number | undefined;
  /** Bodies of defined functions, in order. */
  bodies: FunctionBody[];
  names: NameInfo;
  customSections: CustomSection[];
  /**
   * Byte offsets of the items above, for error messages. The decoder fills them in; a module info built by hand
   * or loaded from an artifact may have none, and then errors about these items report offset 0.
   */
  offsets?: ItemOffsets;
}
