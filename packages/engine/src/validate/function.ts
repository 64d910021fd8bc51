/**
 * The function-body validator: the spec's validation algorithm (appendix "Validation Algorithm") over one body at
 * a time, reading instructions with `readOperator`. Operand types and control frames live in typed arrays that one
 * `FunctionValidator` reuses across functions and modules, so validating allocates almost nothing. Plain operators
 * are checked against their stack signature in the opcode table; every other operator has a rule here. A missing
 * or misplaced `end` is a binary-level (malformed) error, reported with the spec interpreter's wording.
 */
import { ValType, type FunctionBody } from '@weft/serialize';
import { Imm, OPS, SIGNATURES } from '../binary/opcodes.js';
import { newOperator, readOperator, type Operator } from '../binary/operator.js';
import { Reader } from '../binary/reader.js';
import type { CompileError } from '../errors.js';
import {
  FEATURE_BITS,
  UNKNOWN,
  featureOff,
  invalid,
  malformed,
  typeName,
  type ValidationContext,
} from './context.js';
import { dataCountRequired, elseWithoutIf, missingEnd, trailingCode } from './structure.js';

/** What the validator does for an operator (`Plain` = pop and push its table signature). */
const enum Rule {
  Plain, MemArg, MemIdx, Unreachable, Nop, Block, Loop, If, Else, End, Br, BrIf, BrTable, Return, Call,
  CallIndirect, Drop, Select, SelectT, LocalGet, LocalSet, LocalTee, GlobalGet, GlobalSet, TableGet, TableSet,
  TableSize, TableGrow, TableFill, TableCopy, TableInit, ElemDrop, RefNull, RefIsNull, RefFunc, MemoryInit,
  DataDrop,
}

const RULES_BY_NAME: Record<string, Rule> = {
  unreachable: Rule.Unreachable, nop: Rule.Nop, block: Rule.Block, loop: Rule.Loop, if: Rule.If,
  else: Rule.Else, end: Rule.End, br: Rule.Br, br_if: Rule.BrIf, br_table: Rule.BrTable, return: Rule.Return,
  call: Rule.Call, call_indirect: Rule.CallIndirect, drop: Rule.Drop, select: Rule.Select, select_t: Rule.SelectT,
  'local.get': Rule.LocalGet, 'local.set': Rule.LocalSet, 'local.tee': Rule.LocalTee,
  'global.get': Rule.GlobalGet, 'global.set': Rule.GlobalSet,
  'table.get': Rule.TableGet, 'table.set': Rule.TableSet, 'table.size': Rule.TableSize,
  'table.grow': Rule.TableGrow, 'table.fill': Rule.TableFill, 'table.copy': Rule.TableCopy,
  'table.init': Rule.TableInit, 'elem.drop': Rule.ElemDrop,
  'ref.null': Rule.RefNull, 'ref.is_null': Rule.RefIsNull, 'ref.func': Rule.RefFunc,
  'memory.size': Rule.MemIdx, 'memory.grow': Rule.MemIdx, 'memory.fill': Rule.MemIdx,
  'memory.copy': Rule.MemIdx, 'memory.init': Rule.MemoryInit, 'data.drop': Rule.DataDrop,
};

/** Per op id: its rule, its feature bit, and its signature flattened (at most 3 params and 1 result). */
const RULE = new Uint8Array(OPS.length);
const FEATURE = new Uint8Array(OPS.length);
const SIG_NP = new Uint8Array(OPS.length);
const SIG_P = new Uint8Array(OPS.length * 3);
const SIG_NR = new Uint8Array(OPS.length);
const SIG_R = new Uint8Array(OPS.length);
const NAT_ALIGN = new Uint8Array(OPS.length);
for (const o of OPS) {
  const rule = RULES_BY_NAME[o.name] ?? (o.imm === Imm.MemArg ? Rule.MemArg : o.sig !== undefined ? Rule.Plain : -1);
  if (rule < 0) throw new Error(`validator: no rule for operator ${o.name}`);
  RULE[o.id] = rule;
  FEATURE[o.id] = o.feature === undefined ? 0 : FEATURE_BITS[o.feature];
  NAT_ALIGN[o.id] = o.natAlign;
  const sig = SIGNATURES[o.id];
  if (sig !== undefined) {
    if (sig.params.length > 3 || sig.results.length > 1) throw new Error(`validator: signature of ${o.name} too long`);
    SIG_NP[o.id] = sig.params.length;
    sig.params.forEach((t, i) => (SIG_P[o.id * 3 + i] = t));
    SIG_NR[o.id] = sig.results.length;
    SIG_R[o.id] = sig.results[0] ?? 0;
  }
}

const EMPTY_BYTES = new Uint8Array(0);

/** Receives each operator of a body once it has validated (the operator object is reused: copy what you keep). */
export interface OperatorSink {
  feed(op: Operator): void;
}

/** Control frame kinds. */
const FUNC = 0;
const BLOCK = 1;
const LOOP = 2;
const IF = 3;
const ELSE = 4;

/** Up to this many locals are kept in a flat array; the rest are found by binary search over the runs. */
const FLAT_LOCALS = 1 << 16;

function isNum(t: number): boolean {
  return t === ValType.I32 || t === ValType.I64 || t === ValType.F32 || t === ValType.F64 || t === UNKNOWN;
}
function isVec(t: number): boolean {
  return t === ValType.V128 || t === UNKNOWN;
}
function isRef(t: number): boolean {
  return t === ValType.FuncRef || t === ValType.ExternRef || t === UNKNOWN;
}

/**
 * Validates function bodies, of one module after another. Not reentrant; `validateModule` keeps one and reuses it
 * for every module (validation is synchronous).
 */
export class FunctionValidator {
  private ctx!: ValidationContext;
  private typeVals!: Uint8Array;
  private reader = new Reader(EMPTY_BYTES);
  private readonly op = newOperator();
  /** Offset of the instruction being checked. */
  private at = 0;

  /** Operand stack: value type codes, UNKNOWN for the bottom type. */
  private vals: Uint8Array = new Uint8Array(256);
  private sp = 0;

  /** Control stack, one entry per open block; label/result types are (start, count) ranges of `typeVals`. */
  private depth = 0;
  private kind: Uint8Array = new Uint8Array(32);
  private height: Int32Array = new Int32Array(32);
  private unreach: Uint8Array = new Uint8Array(32);
  private pStart: Int32Array = new Int32Array(32);
  private pCount: Int32Array = new Int32Array(32);
  private rStart: Int32Array = new Int32Array(32);
  private rCount: Int32Array = new Int32Array(32);

  /** Block type of the instruction being checked (set by `blockType`). */
  private bpS = 0;
  private bpC = 0;
  private brS = 0;
  private brC = 0;

  /** Locals: the first `flatLocals` by index, then runs (cumulative end, type) for very large counts. */
  private locals: Uint8Array = new Uint8Array(64);
  private flatLocals = 0;
  private numLocals = 0;
  private runEnds: number[] = [];
  private runTypes: number[] = [];

  /** br_table: types popped from one label, pushed back before the next. */
  private scratch: Uint8Array = new Uint8Array(16);

  /** Start validating the bodies of another module. */
  reset(ctx: ValidationContext): void {
    this.ctx = ctx;
    this.typeVals = ctx.typeVals;
    this.reader = new Reader(ctx.bytes);
  }

  /** Drop the module's info and bytes, so a validator kept for reuse does not keep them alive. */
  release(): void {
    this.ctx = undefined!;
    this.typeVals = EMPTY_BYTES;
    this.reader = new Reader(EMPTY_BYTES);
  }

  /**
   * Validate the body of defined function `funcIndex` (an index in the whole function index space), handing
   * each operator to `sink` once it has validated.
   */
  validate(funcIndex: number, sink?: OperatorSink): void {
    const ctx = this.ctx;
    const info = ctx.info;
    const bodyIndex = funcIndex - info.importedFuncs;
    const body = info.bodies[bodyIndex]!;
    const typeIdx = info.funcTypes[funcIndex]!;
    this.setupLocals(typeIdx, body);
    this.sp = 0;
    this.depth = 0;
    this.pushCtrl(FUNC, 0, 0, ctx.resultStart[typeIdx]!, ctx.resultCount[typeIdx]!);
    const r = this.reader;
    r.pos = body.codeStart;
    r.end = body.codeEnd;
    this.walk(r, body.codeEnd, bodyIndex === info.bodies.length - 1, sink);
    if (r.pos !== body.codeEnd) throw trailingCode(r.pos);
  }

  /** The dispatch loop: check instructions until the `end` that closes the function. */
  private walk(r: Reader, codeEnd: number, lastBody: boolean, sink: OperatorSink | undefined): void {
    const ctx = this.ctx;
    const op = this.op;
    const disabled = ctx.disabled;
    for (;;) {
      if (r.pos >= codeEnd) throw missingEnd(ctx.bytes, codeEnd, lastBody);
      readOperator(r, op);
      this.at = op.offset;
      const id = op.op;
      if ((FEATURE[id]! & disabled) !== 0) throw this.opFeatureOff(id);
      const rule = RULE[id]!;
      if (rule === Rule.Plain) {
        this.applySig(id);
        if (sink !== undefined) sink.feed(op);
        continue;
      }
      switch (rule) {
        case Rule.MemArg:
          this.checkMemory(0);
          if (op.a > NAT_ALIGN[id]!) throw invalid('alignment must not be larger than natural', this.at);
          this.applySig(id);
          break;
        case Rule.MemIdx:
          this.checkMemory(op.a);
          this.applySig(id);
          break;
        case Rule.LocalGet:
          this.push(this.localType(op.a));
          break;
        case Rule.LocalSet:
          this.pop(this.localType(op.a));
          break;
        case Rule.LocalTee: {
          const t = this.localType(op.a);
          this.pop(t);
          this.push(t);
          break;
        }
        case Rule.GlobalGet:
          this.checkGlobal(op.a);
          this.push(ctx.globalType[op.a]!);
          break;
        case Rule.GlobalSet:
          this.checkGlobal(op.a);
          if (ctx.globalMutable[op.a] !== 1) throw invalid('global is immutable', this.at);
          this.pop(ctx.globalType[op.a]!);
          break;
        case Rule.Nop:
          break;
        case Rule.Unreachable:
          this.unreachable();
          break;
        case Rule.Drop:
          this.pop(UNKNOWN);
          break;
        case Rule.Block:
        case Rule.Loop:
          this.blockType(op.a);
          this.popVals(this.bpS, this.bpC);
          this.pushCtrl(rule === Rule.Block ? BLOCK : LOOP, this.bpS, this.bpC, this.brS, this.brC);
          this.pushVals(this.bpS, this.bpC);
          break;
        case Rule.If:
          this.blockType(op.a);
          this.pop(ValType.I32);
          this.popVals(this.bpS, this.bpC);
          this.pushCtrl(IF, this.bpS, this.bpC, this.brS, this.brC);
          this.pushVals(this.bpS, this.bpC);
          break;
        case Rule.Else:
          this.elseOp();
          break;
        case Rule.End:
          if (this.end()) {
            if (sink !== undefined) sink.feed(op);
            return;
          }
          break;
        case Rule.Br: {
          const f = this.label(op.a);
          this.popLabel(f);
          this.unreachable();
          break;
        }
        case Rule.BrIf: {
          const f = this.label(op.a);
          this.pop(ValType.I32);
          this.popLabel(f);
          if (this.kind[f] === LOOP) this.pushVals(this.pStart[f]!, this.pCount[f]!);
          else this.pushVals(this.rStart[f]!, this.rCount[f]!);
          break;
        }
        case Rule.BrTable:
          this.brTable();
          break;
        case Rule.Return:
          this.popVals(this.rStart[0]!, this.rCount[0]!);
          this.unreachable();
          break;
        case Rule.Call: {
          if (op.a >= ctx.numFuncs) throw invalid(`unknown function ${op.a}`, this.at);
          const t = ctx.info.funcTypes[op.a]!;
          this.popVals(ctx.paramStart[t]!, ctx.paramCount[t]!);
          this.pushVals(ctx.resultStart[t]!, ctx.resultCount[t]!);
          break;
        }
        case Rule.CallIndirect: {
          const t = op.a;
          this.checkTable(op.b);
          if (t >= ctx.info.types.length) throw invalid(`unknown type ${t}`, this.at);
          if (ctx.tableElem[op.b] !== ValType.FuncRef) {
            throw invalid(`type mismatch: call_indirect needs a funcref table, table ${op.b} is ${typeName(ctx.tableElem[op.b]!)}`, this.at);
          }
          this.pop(ValType.I32);
          this.popVals(ctx.paramStart[t]!, ctx.paramCount[t]!);
          this.pushVals(ctx.resultStart[t]!, ctx.resultCount[t]!);
          break;
        }
        case Rule.Select:
          this.select();
          break;
        case Rule.SelectT: {
          const list = op.list;
          for (const t of list) ctx.checkValType(t, this.at);
          if (list.length !== 1) throw invalid('invalid result arity', this.at);
          const t = list[0]!;
          this.pop(ValType.I32);
          this.pop(t);
          this.pop(t);
          this.push(t);
          break;
        }
        case Rule.RefNull:
          this.push(op.a);
          break;
        case Rule.RefIsNull: {
          const t = this.pop(UNKNOWN);
          if (!isRef(t)) throw invalid(`type mismatch: ref.is_null needs a reference, found ${typeName(t)}`, this.at);
          this.push(ValType.I32);
          break;
        }
        case Rule.RefFunc:
          if (op.a >= ctx.numFuncs) throw invalid(`unknown function ${op.a}`, this.at);
          if (ctx.declared[op.a] !== 1) throw invalid(`undeclared function reference ${op.a}`, this.at);
          this.push(ValType.FuncRef);
          break;
        case Rule.TableGet:
          this.checkTable(op.a);
          this.pop(ValType.I32);
          this.push(ctx.tableElem[op.a]!);
          break;
        case Rule.TableSet:
          this.checkTable(op.a);
          this.pop(ctx.tableElem[op.a]!);
          this.pop(ValType.I32);
          break;
        case Rule.TableSize:
          this.checkTable(op.a);
          this.push(ValType.I32);
          break;
        case Rule.TableGrow:
          this.checkTable(op.a);
          this.pop(ValType.I32);
          this.pop(ctx.tableElem[op.a]!);
          this.push(ValType.I32);
          break;
        case Rule.TableFill:
          this.checkTable(op.a);
          this.pop(ValType.I32);
          this.pop(ctx.tableElem[op.a]!);
          this.pop(ValType.I32);
          break;
        case Rule.TableCopy:
          this.checkTable(op.a);
          this.checkTable(op.b);
          if (ctx.tableElem[op.a] !== ctx.tableElem[op.b]) {
            throw invalid(`type mismatch: table.copy from a ${typeName(ctx.tableElem[op.b]!)} table to a ${typeName(ctx.tableElem[op.a]!)} table`, this.at);
          }
          this.pop3I32();
          break;
        case Rule.TableInit:
          this.checkTable(op.b);
          this.checkElem(op.a);
          if (ctx.info.elems[op.a]!.type !== ctx.tableElem[op.b]) {
            throw invalid(`type mismatch: table.init of a ${typeName(ctx.info.elems[op.a]!.type)} segment into a ${typeName(ctx.tableElem[op.b]!)} table`, this.at);
          }
          this.pop3I32();
          break;
        case Rule.ElemDrop:
          this.checkElem(op.a);
          break;
        case Rule.MemoryInit:
          this.checkDataCount(op.a);
          this.checkMemory(op.b);
          this.checkData(op.a);
          this.applySig(id);
          break;
        case Rule.DataDrop:
          this.checkDataCount(op.a);
          this.checkData(op.a);
          break;
        default:
          throw new Error(`validator: unhandled rule ${rule} for ${OPS[id]!.name}`);
      }
      if (sink !== undefined) sink.feed(op);
    }
  }

  // ---- operand stack (spec: push_val, pop_val, push_vals, pop_vals) ----

  private push(t: number): void {
    if (this.sp === this.vals.length) this.vals = grow8(this.vals);
    this.vals[this.sp++] = t;
  }

  /** Pop one operand, which must have type `expected` (UNKNOWN accepts anything). Returns its actual type. */
  private pop(expected: number): number {
    const f = this.depth - 1;
    if (this.sp === this.height[f]) {
      if (this.unreach[f] === 1) return UNKNOWN;
      throw invalid(`type mismatch: expected ${expected === UNKNOWN ? 'a value' : typeName(expected)}, found nothing on the stack`, this.at);
    }
    const actual = this.vals[--this.sp]!;
    if (actual !== expected && actual !== UNKNOWN && expected !== UNKNOWN) {
      throw invalid(`type mismatch: expected ${typeName(expected)}, found ${typeName(actual)}`, this.at);
    }
    return actual;
  }

  private pop3I32(): void {
    this.pop(ValType.I32);
    this.pop(ValType.I32);
    this.pop(ValType.I32);
  }

  private applySig(id: number): void {
    for (let i = SIG_NP[id]! - 1; i >= 0; i--) this.pop(SIG_P[id * 3 + i]!);
    if (SIG_NR[id] === 1) this.push(SIG_R[id]!);
  }

  private popVals(start: number, count: number): void {
    const tv = this.typeVals;
    for (let i = start + count - 1; i >= start; i--) this.pop(tv[i]!);
  }

  private pushVals(start: number, count: number): void {
    const tv = this.typeVals;
    for (let i = start; i < start + count; i++) this.push(tv[i]!);
  }

  // ---- control stack (spec: push_ctrl, pop_ctrl, label_types, unreachable) ----

  private pushCtrl(kind: number, pS: number, pC: number, rS: number, rC: number): void {
    if (this.depth === this.kind.length) this.growCtrl();
    const d = this.depth++;
    this.kind[d] = kind;
    this.height[d] = this.sp;
    this.unreach[d] = 0;
    this.pStart[d] = pS;
    this.pCount[d] = pC;
    this.rStart[d] = rS;
    this.rCount[d] = rC;
  }

  /** Pop the results of the innermost frame and check that nothing else is left in it. */
  private popFrameResults(what: string): void {
    const f = this.depth - 1;
    this.popVals(this.rStart[f]!, this.rCount[f]!);
    if (this.sp !== this.height[f]) {
      throw invalid(`type mismatch: ${this.sp - this.height[f]!} value(s) left on the stack at ${what}`, this.at);
    }
  }

  /** `end`: close the innermost frame. Returns true when it closed the function. */
  private end(): boolean {
    const f = this.depth - 1;
    this.popFrameResults(f === 0 ? 'the end of the function' : 'the end of the block');
    if (this.kind[f] === IF && !this.sameTypes(this.pStart[f]!, this.pCount[f]!, this.rStart[f]!, this.rCount[f]!)) {
      throw invalid('type mismatch: an if without else must have the same parameter and result types', this.at);
    }
    this.depth = f;
    if (f === 0) return true;
    this.pushVals(this.rStart[f]!, this.rCount[f]!);
    return false;
  }

  private elseOp(): void {
    const f = this.depth - 1;
    if (this.kind[f] !== IF) throw elseWithoutIf(this.at);
    this.popFrameResults('else');
    this.kind[f] = ELSE;
    this.unreach[f] = 0;
    this.pushVals(this.pStart[f]!, this.pCount[f]!);
  }

  private unreachable(): void {
    const f = this.depth - 1;
    this.sp = this.height[f]!;
    this.unreach[f] = 1;
  }

  /** The frame a branch to label `n` targets. */
  private label(n: number): number {
    if (n >= this.depth) throw invalid(`unknown label ${n}`, this.at);
    return this.depth - 1 - n;
  }

  private labelStart(f: number): number {
    return this.kind[f] === LOOP ? this.pStart[f]! : this.rStart[f]!;
  }

  private labelCount(f: number): number {
    return this.kind[f] === LOOP ? this.pCount[f]! : this.rCount[f]!;
  }

  private popLabel(f: number): void {
    this.popVals(this.labelStart(f), this.labelCount(f));
  }

  private brTable(): void {
    const list = this.op.list;
    this.pop(ValType.I32);
    const m = this.label(list[list.length - 1]!);
    const arity = this.labelCount(m);
    if (this.scratch.length < arity) this.scratch = new Uint8Array(arity);
    const scratch = this.scratch;
    for (let i = 0; i < list.length - 1; i++) {
      const f = this.label(list[i]!);
      if (this.labelCount(f) !== arity) {
        throw invalid(`type mismatch: br_table targets have ${this.labelCount(f)} and ${arity} values`, this.at);
      }
      // push_vals(pop_vals(label_types)): in unreachable code the popped types may be unknown.
      const start = this.labelStart(f);
      const tv = this.typeVals;
      for (let j = arity - 1; j >= 0; j--) scratch[j] = this.pop(tv[start + j]!);
      for (let j = 0; j < arity; j++) this.push(scratch[j]!);
    }
    this.popLabel(m);
    this.unreachable();
  }

  private select(): void {
    this.pop(ValType.I32);
    const t1 = this.pop(UNKNOWN);
    const t2 = this.pop(UNKNOWN);
    if (!((isNum(t1) && isNum(t2)) || (isVec(t1) && isVec(t2)))) {
      throw invalid(`type mismatch: select without a type needs numeric operands, found ${typeName(t2)} and ${typeName(t1)}`, this.at);
    }
    if (t1 !== t2 && t1 !== UNKNOWN && t2 !== UNKNOWN) {
      throw invalid(`type mismatch: select operands are ${typeName(t2)} and ${typeName(t1)}`, this.at);
    }
    this.push(t1 === UNKNOWN ? t2 : t1);
  }

  private sameTypes(aS: number, aC: number, bS: number, bC: number): boolean {
    if (aC !== bC) return false;
    const tv = this.typeVals;
    for (let i = 0; i < aC; i++) if (tv[aS + i] !== tv[bS + i]) return false;
    return true;
  }

  /** Resolve a block type (raw s33 immediate) into `bpS/bpC` (params) and `brS/brC` (results). */
  private blockType(bt: number): void {
    const ctx = this.ctx;
    if (bt >= 0) {
      if (!ctx.features.multiValue) throw featureOff('multiValue', this.at, 'block type with a type index');
      if (bt >= ctx.info.types.length) throw invalid(`unknown type ${bt}`, this.at);
      this.bpS = ctx.paramStart[bt]!;
      this.bpC = ctx.paramCount[bt]!;
      this.brS = ctx.resultStart[bt]!;
      this.brC = ctx.resultCount[bt]!;
      return;
    }
    const code = bt & 0x7f;
    this.bpS = 0;
    this.bpC = 0;
    if (code === 0x40) {
      this.brS = 0;
      this.brC = 0;
    } else {
      ctx.checkValType(code, this.at);
      this.brS = ctx.singleStart[code]!;
      this.brC = 1;
    }
  }

  // ---- index checks ----

  private localType(x: number): number {
    if (x < this.flatLocals) return this.locals[x]!;
    if (x >= this.numLocals) throw invalid(`unknown local ${x}`, this.at);
    const ends = this.runEnds;
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x < ends[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return this.runTypes[lo]!;
  }

  private checkGlobal(x: number): void {
    if (x >= this.ctx.globalType.length) throw invalid(`unknown global ${x}`, this.at);
  }

  private checkTable(x: number): void {
    if (x >= this.ctx.tableElem.length) throw invalid(`unknown table ${x}`, this.at);
  }

  private checkMemory(x: number): void {
    if (x >= this.ctx.info.memories.length) throw invalid(`unknown memory ${x}`, this.at);
  }

  private checkElem(x: number): void {
    if (x >= this.ctx.info.elems.length) throw invalid(`unknown elem segment ${x}`, this.at);
  }

  /** memory.init and data.drop need the data count section (a binary-format rule, so malformed). */
  private checkDataCount(x: number): void {
    if (dataCountRequired(this.ctx.info, x)) throw malformed('data count section required', this.at);
  }

  private checkData(x: number): void {
    const info = this.ctx.info;
    if (x >= (info.dataCount ?? info.datas.length)) throw invalid(`unknown data segment ${x}`, this.at);
  }

  // ---- setup and errors ----

  private setupLocals(typeIdx: number, body: FunctionBody): void {
    const ctx = this.ctx;
    const np = ctx.paramCount[typeIdx]!;
    let total = np;
    for (const run of body.locals) total += run.count;
    this.numLocals = total;
    const flat = Math.min(total, FLAT_LOCALS);
    if (this.locals.length < flat) this.locals = new Uint8Array(Math.max(flat, this.locals.length * 2));
    const locals = this.locals;
    const ps = ctx.paramStart[typeIdx]!;
    for (let i = 0; i < np; i++) locals[i] = ctx.typeVals[ps + i]!;
    let n = np;
    if (this.runEnds.length !== 0) {
      this.runEnds.length = 0;
      this.runTypes.length = 0;
    }
    if (total > FLAT_LOCALS) {
      this.runEnds.push(np);
      this.runTypes.push(0);
    }
    for (const run of body.locals) {
      ctx.checkValType(run.type, body.bodyOffset);
      const stop = Math.min(n + run.count, flat);
      if (n < stop) locals.fill(run.type, n, stop);
      n += run.count;
      if (total > FLAT_LOCALS) {
        this.runEnds.push(n);
        this.runTypes.push(run.type);
      }
    }
    this.flatLocals = flat;
  }

  private opFeatureOff(id: number): CompileError {
    const o = OPS[id]!;
    return featureOff(o.feature!, this.at, o.name);
  }

  private growCtrl(): void {
    const n = this.kind.length * 2;
    this.kind = grow8(this.kind, n);
    this.unreach = grow8(this.unreach, n);
    this.height = grow32(this.height, n);
    this.pStart = grow32(this.pStart, n);
    this.pCount = grow32(this.pCount, n);
    this.rStart = grow32(this.rStart, n);
    this.rCount = grow32(this.rCount, n);
  }
}

function grow8(a: Uint8Array, n = a.length * 2): Uint8Array {
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}

function grow32(a: Int32Array, n = a.length * 2): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
