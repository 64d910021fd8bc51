/**
 * Module validation (Wasm 2.0, spec section "Validation > Modules"): types, imports, function declarations,
 * tables, memories, globals, element and data segments, every function body (through `FunctionValidator`), the
 * start function and exports, in the order of the spec's reference interpreter so that a module with several
 * problems reports the same first one. Also rejects what the configured features switch off.
 *
 * Every error carries the byte offset of what it is about: the instruction in a function body or constant
 * expression, or the item (type, import, table, export, segment, ...) from the decoder's `ItemOffsets`.
 */
import { ValType, type Limits, type ModuleInfo } from '@weft/serialize';
import { CompileError } from '../errors.js';
import type { Features } from '../features.js';
import { checkConstExpr } from './const-expr.js';
import { ValidationContext, featureOff, invalid, malformed, typeName } from './context.js';
import { FunctionValidator, type OperatorSink } from './function.js';
import { findMalformedBody } from './structure.js';

/** Pages of 64 KiB a Wasm 2.0 memory may have at most (4 GiB). */
const MAX_PAGES = 65536;

let shared: FunctionValidator | undefined;

/**
 * Validate a decoded module against the Wasm 2.0 rules and the enabled `features`.
 *
 * @param info - the module as `decodeModule` produced it.
 * @param bytes - the module binary (function bodies are read from it).
 * @throws CompileError with `malformed === false` when the module is invalid (`reason` in the spec's wording,
 *   e.g. "type mismatch"), or `malformed === true` for binary-level problems only a walk over the code finds
 *   (a missing `end`, an illegal opcode, "data count section required").
 * @param sink - gets every function body's operators as they validate (`begin`, `feed`..., `end` per body):
 *   `new Module` compiles them then, so each body is decoded once for validation and compilation.
 */
export function validateModule(info: ModuleInfo, bytes: Uint8Array, features: Features, sink?: BodySink): void {
  try {
    checkModule(new ValidationContext(info, bytes, features), sink);
  } catch (err) {
    // The spec decodes the whole module before validating it: a malformed body anywhere comes first.
    if (err instanceof CompileError && !err.malformed) throw findMalformedBody(info, bytes) ?? err;
    throw err;
  }
}

/** Receives the function bodies' operators as they validate (see `validateModule`). */
export interface BodySink extends OperatorSink {
  /** Body of defined function `funcIndex` (in the whole function index space) starts. */
  begin(funcIndex: number): void;
  /** The body validated completely (its final `end` was fed). */
  end(): void;
}

/**
 * Validate everything of a module but its function bodies: what an artifact's module info must satisfy (its
 * compiled code is checked by `artifact/verify.ts` instead of bodies).
 *
 * @throws CompileError as `validateModule`.
 */
export function validateModuleInfo(info: ModuleInfo, features: Features): void {
  checkModule(new ValidationContext(info, new Uint8Array(0), features), undefined, false);
}

function checkModule(ctx: ValidationContext, sink: BodySink | undefined, bodies = true): void {
  checkTypes(ctx);
  checkImports(ctx);
  checkFunctions(ctx);
  checkGlobals(ctx);
  checkTables(ctx);
  checkMemories(ctx);
  checkElems(ctx);
  checkDatas(ctx);
  if (bodies) checkBodies(ctx, sink);
  checkStart(ctx);
  checkExports(ctx);
}

function checkTypes(ctx: ValidationContext): void {
  ctx.info.types.forEach((t, i) => {
    const at = ctx.at('types', i);
    for (const v of t.params) ctx.checkValType(v, at);
    for (const v of t.results) ctx.checkValType(v, at);
    if (t.results.length > 1 && !ctx.features.multiValue) throw featureOff('multiValue', at, 'invalid result arity');
  });
}

function checkImports(ctx: ValidationContext): void {
  ctx.info.imports.forEach((imp, i) => {
    if (imp.desc.kind === 'global' && imp.desc.type.mutable && !ctx.features.mutableGlobal) {
      throw featureOff('mutableGlobal', ctx.at('imports', i), `import ${imp.module}.${imp.name}`);
    }
  });
}

function checkFunctions(ctx: ValidationContext): void {
  const { info } = ctx;
  info.funcTypes.forEach((t, i) => {
    if (t >= info.types.length) throw invalid(`unknown type ${t} (function ${i})`, ctx.at('funcs', i));
  });
  const defined = info.funcTypes.length - info.importedFuncs;
  if (info.bodies.length !== defined) {
    const message = `function and code section have inconsistent lengths (${defined} and ${info.bodies.length})`;
    throw malformed(message, ctx.bytes.length);
  }
}

function checkGlobals(ctx: ValidationContext): void {
  const { info } = ctx;
  info.globals.forEach((g, i) => {
    const init = i < info.importedGlobals ? undefined : info.globalInits[i - info.importedGlobals];
    ctx.checkValType(g.type, ctx.at('globals', i));
    if (init !== undefined) checkConstExpr(ctx, init, g.type);
  });
}

function checkTables(ctx: ValidationContext): void {
  const { info, features } = ctx;
  info.tables.forEach((t, i) => {
    const at = ctx.at('tables', i);
    if (t.elem !== ValType.FuncRef) ctx.checkValType(t.elem, at);
    checkLimits(t.limits, 2 ** 32 - 1, 'table size must be at most 2^32-1', at);
  });
  if (info.tables.length > 1 && !features.referenceTypes) {
    throw featureOff('referenceTypes', ctx.at('tables', 1), 'multiple tables');
  }
}

function checkMemories(ctx: ValidationContext): void {
  ctx.info.memories.forEach((m, i) => {
    const at = ctx.at('memories', i);
    checkLimits(m.limits, MAX_PAGES, 'memory size must be at most 65536 pages (4GiB)', at);
    if (m.shared) throw invalid('shared memories need the threads feature, which weft does not support yet', at);
  });
  if (ctx.info.memories.length > 1) throw invalid('multiple memories', ctx.at('memories', 1));
}

function checkLimits(limits: Limits, range: number, rangeMessage: string, at: number): void {
  if (limits.min > range) throw invalid(rangeMessage, at);
  if (limits.max !== undefined) {
    if (limits.max > range) throw invalid(rangeMessage, at);
    if (limits.min > limits.max) throw invalid('size minimum must not be greater than maximum', at);
  }
}

function checkElems(ctx: ValidationContext): void {
  const { info, features } = ctx;
  for (const [i, e] of info.elems.entries()) {
    const at = ctx.at('elems', i);
    if (e.type !== ValType.FuncRef) ctx.checkValType(e.type, at);
    if (e.mode === 'passive' && !features.bulkMemory) throw featureOff('bulkMemory', at, `passive element segment ${i}`);
    if (e.mode === 'declarative' && !features.referenceTypes) {
      throw featureOff('referenceTypes', at, `declarative element segment ${i}`);
    }
    if (e.mode === 'active') {
      if (e.table >= info.tables.length) throw invalid(`unknown table ${e.table}`, at);
      if (e.offset === undefined) throw invalid(`active element segment ${i} has no offset`, at);
      checkConstExpr(ctx, e.offset, ValType.I32);
      const elem = info.tables[e.table]!.elem;
      if (elem !== e.type) {
        throw invalid(`type mismatch: element segment ${i} of ${typeName(e.type)} for a ${typeName(elem)} table`, at);
      }
    }
    for (const item of e.items) checkConstExpr(ctx, item, e.type);
  }
}

function checkDatas(ctx: ValidationContext): void {
  const { info, features } = ctx;
  for (const [i, d] of info.datas.entries()) {
    const at = ctx.at('datas', i);
    if (d.mode === 'passive') {
      if (!features.bulkMemory) throw featureOff('bulkMemory', at, `passive data segment ${i}`);
      continue;
    }
    if (d.memory >= info.memories.length) throw invalid(`unknown memory ${d.memory}`, at);
    if (d.offset === undefined) throw invalid(`active data segment ${i} has no offset`, at);
    checkConstExpr(ctx, d.offset, ValType.I32);
  }
}

function checkBodies(ctx: ValidationContext, sink: BodySink | undefined): void {
  const { info } = ctx;
  // Validation is synchronous and never re-entered, so one validator (and its buffers) serves every module.
  const v = (shared ??= new FunctionValidator());
  v.reset(ctx);
  try {
    for (let i = 0; i < info.bodies.length; i++) {
      sink?.begin(info.importedFuncs + i);
      v.validate(info.importedFuncs + i, sink);
      sink?.end();
    }
  } finally {
    v.release();
  }
}

function checkStart(ctx: ValidationContext): void {
  const { info } = ctx;
  if (info.start === undefined) return;
  const at = info.offsets?.start ?? 0;
  if (info.start >= ctx.numFuncs) throw invalid(`unknown function ${info.start}`, at);
  const t = info.types[info.funcTypes[info.start]!]!;
  if (t.params.length !== 0 || t.results.length !== 0) {
    throw invalid(`start function ${info.start} must have type [] -> []`, at);
  }
}

function checkExports(ctx: ValidationContext): void {
  const { info, features } = ctx;
  const names = new Set<string>();
  for (const [i, x] of info.exports.entries()) {
    const at = ctx.at('exports', i);
    if (names.has(x.name)) throw invalid(`duplicate export name "${x.name}"`, at);
    names.add(x.name);
    const count =
      x.kind === 'func' ? ctx.numFuncs
      : x.kind === 'table' ? info.tables.length
      : x.kind === 'memory' ? info.memories.length
      : info.globals.length;
    if (x.index >= count) throw invalid(`unknown ${x.kind === 'func' ? 'function' : x.kind} ${x.index}`, at);
    if (x.kind === 'global' && info.globals[x.index]!.mutable && !features.mutableGlobal) {
      throw featureOff('mutableGlobal', at, `export "${x.name}"`);
    }
  }
}
