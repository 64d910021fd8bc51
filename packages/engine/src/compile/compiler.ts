/**
 * The threaded-code compiler: lowers one validated function body to register-form internal code (`isa.ts`).
 * The wasm operand stack height is static, so the operand at height `h` lives in frame slot `numLocals + h`.
 * A compile-time stack of operand descriptors lets an operand stand for a local's slot (`local.get` emits
 * nothing) or a constant (folded into `_IMM` instructions) until something forces it into its own slot
 * ("materialisation": before a `local.set` of that local, at block entry, at branches and calls). Branches carry
 * their values by explicit copies into the target's slots; forward targets are patched at the block's end.
 * Peepholes: a result is written straight into the local a `local.set`/`local.tee` names, and an i32
 * comparison or `eqz` feeding `br_if`/`if` fuses into one conditional branch. Superinstructions (the "fuse" block
 * of `isa.ts`): an instruction whose result only went to its operand's temporary slot is dropped and folded into
 * its consumer — i64 operators with a constant, address adds and scaled indexes into loads, f64 loads into
 * arithmetic and arithmetic into f64 stores, xor with a shifted operand, two constant operators in a row, a bit
 * test into `select` — and a loop counter's `I32_ADD_IMM` right before its `br_if` (no label in between) into the
 * branch. The fused instruction takes over the fuel records of every operator it carries. Unreachable code (after `br`,
 * `br_table`, `return`, `unreachable`) is skipped up to the matching `else`/`end`. Input must be valid.
 * With metering (`metering.ts`): a `FUEL n` instruction opens every chain of basic blocks and is patched with
 * the summed cost of the chain's wasm operators, elided ones included. A chain starts at the function entry, a
 * label, after a call or a bulk operator, and goes on through the fall-through of conditional branches (`br_if`,
 * `if`), so a branch not taken costs no metering instruction; a taken one leaves through a `FUEL_EXIT` stub
 * (emitted after the function's code) that refunds the rest of the chain and charges the target's block, in one
 * dispatch like the target's own `FUEL`. `records` keeps (code position, wasm offset, cost so far in the chain)
 * per costed operator, which lets the executor stop at the exact operator that cannot be paid and refund the
 * rest of a chain on a trap. `EPOCH` checks go at function entry and loop heads.
 */
import type { FuncType, ModuleInfo, ValType } from '@weft/serialize';
import { Op } from '../binary/opcodes.js';
import { newOperator, readOperator, type Operator } from '../binary/operator.js';
import { Reader } from '../binary/reader.js';
import type { Features } from '../features.js';
import type { BodySink } from '../validate/module.js';
import type { CompiledFunction } from './compiled.js';
import { ControlStack, CtrlKind, labelTypes, type Ctrl } from './control.js';
import { Emitter } from './emitter.js';
import { I, ISA } from './isa.js';
import { COMMUTES_64, fusedBranch, IMM64_OP, IMM_OP, LK, LOWER_KIND, LOWER_OP, RESULT_TYPE, SWAP_OP } from './lowering.js';
import { NO_METERING, type Metering } from './metering.js';

/** Where an operand's value is. */
const enum K {
  /** In its own slot, `numLocals + height`. */
  Slot,
  /** In a local's slot (`lo` = local index): a pending `local.get`. */
  Local,
  /** A constant (`lo`, `hi` = its bits): a pending `*.const`. */
  Const,
}

const T_I32 = 0x7f;
const T_I64 = 0x7e;
const T_F32 = 0x7d;
const T_F64 = 0x7c;
const T_FUNCREF = 0x70;

const OP_I32_SUB = Op['i32.sub']!;
const OP_I32_ADD = Op['i32.add']!;
const OP_I64_ROTR = Op['i64.rotr']!;
const OP_F64_SUB = Op['f64.sub']!;
const OP_I32_XOR = Op['i32.xor']!;
const OP_I64_XOR = Op['i64.xor']!;

/** The superinstruction for `_IMM` instruction `second` applied to the result of `_IMM` instruction `first`, or -1. */
function chainForm(first: number, second: number): number {
  if (first === I.I32_MUL_IMM) return second === I.I32_ADD_IMM ? I.I32_MUL_ADD_IMM : -1;
  if (first === I.I32_SHL_IMM) return second === I.I32_ADD_IMM ? I.I32_SHL_ADD_IMM : -1;
  if (first === I.I32_ADD_IMM) return second === I.I32_SHL_IMM ? I.I32_ADD_SHL_IMM_IMM : -1;
  if (first === I.I32_SHR_U_IMM) return second === I.I32_AND_IMM ? I.I32_SHR_U_AND_IMM : -1;
  return -1;
}

/** The superinstruction for commutative wasm `op` with one operand computed by `shift` (an `_IMM` shift), or -1. */
function shiftedForm(op: number, shift: number): number {
  if (op === OP_I32_ADD) return shift === I.I32_SHL_IMM ? I.I32_ADD_SHL_IMM : -1;
  if (op === OP_I32_XOR) return shift === I.I32_SHL_IMM ? I.I32_XOR_SHL_IMM : shift === I.I32_SHR_U_IMM ? I.I32_XOR_SHR_U_IMM : -1;
  if (op === OP_I64_XOR) return shift === I.I64_SHL_IMM ? I.I64_XOR_SHL_IMM : shift === I.I64_SHR_U_IMM ? I.I64_XOR_SHR_U_IMM : -1;
  return -1;
}
/** f64 operators with a memory-operand form (`F64_*_LOAD`) and a fused store form (`F64_STORE_*`), by wasm op id. */
const F64_LOAD_OP = new Int16Array(Op['f64.max']! + 1).fill(-1);
const F64_STORE_OP = new Int16Array(I.F64_COPYSIGN + 1).fill(-1);
F64_LOAD_OP[Op['f64.add']!] = I.F64_ADD_LOAD;
F64_LOAD_OP[OP_F64_SUB] = I.F64_SUB_LOAD;
F64_LOAD_OP[Op['f64.mul']!] = I.F64_MUL_LOAD;
F64_STORE_OP[I.F64_ADD] = I.F64_STORE_ADD;
F64_STORE_OP[I.F64_SUB] = I.F64_STORE_SUB;
F64_STORE_OP[I.F64_MUL] = I.F64_STORE_MUL;
/** A basic block's cost is split when it would pass this (fuel costs live in 32-bit code words). */
const MAX_BLOCK_COST = 0x3fff_ffff;

/** Move category of a value type: 0 = 32-bit, 1 = 64-bit, 2 = reference. */
function cat(t: number): number {
  return t === T_I32 || t === T_F32 ? 0 : t === T_I64 || t === T_F64 ? 1 : 2;
}
const COPY_OPS = [I.COPY32, I.COPY64, I.COPY_REF];
const SELECT_OPS = [I.SELECT32, I.SELECT64, I.SELECT_REF];
const GLOBAL_GET_OPS = [I.GLOBAL_GET32, I.GLOBAL_GET64, I.GLOBAL_GET_REF];
const GLOBAL_SET_OPS = [I.GLOBAL_SET32, I.GLOBAL_SET64, I.GLOBAL_SET_REF];
const RETURN1_OPS = [I.RETURN1_32, I.RETURN1_64, I.RETURN1_REF];

const EMPTY: readonly ValType[] = [];
const SINGLE = new Map<number, readonly ValType[]>();
for (const t of [0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f] as ValType[]) SINGLE.set(t, [t]);

/**
 * Compile defined function `funcIndex` (an index in the whole function index space) of a validated module.
 *
 * @throws Error only on internal errors (the input must have passed validation).
 */
export function compileFunction(
  info: ModuleInfo,
  bytes: Uint8Array,
  funcIndex: number,
  features: Features,
  metering: Metering = NO_METERING,
): CompiledFunction {
  const c = shared ?? (shared = new FunctionCompiler());
  if (c.busy) return new FunctionCompiler().compile(info, bytes, funcIndex, features, metering);
  c.busy = true;
  try {
    return c.compile(info, bytes, funcIndex, features, metering);
  } finally {
    c.busy = false;
  }
}
let shared: FunctionCompiler | undefined;

/**
 * A `BodySink` that compiles each body as the validator walks it, operator by operator as each one validates,
 * so the body is decoded once for both (`new Module`). `code` collects the compiled functions in order; call
 * `release` when validation is over, whether it succeeded or threw.
 */
export class ModuleCompiler implements BodySink {
  readonly code: CompiledFunction[] = [];
  private readonly c: FunctionCompiler;
  private readonly own: boolean;

  constructor(
    private readonly info: ModuleInfo,
    private readonly metering: Metering = NO_METERING,
  ) {
    const c = shared ?? (shared = new FunctionCompiler());
    this.own = !c.busy;
    this.c = this.own ? c : new FunctionCompiler();
    this.c.busy = true;
  }

  begin(funcIndex: number): void {
    this.c.begin(this.info, funcIndex, this.metering);
  }

  feed(op: Operator): void {
    this.c.feed(op);
  }

  end(): void {
    this.code.push(this.c.finish());
  }

  release(): void {
    if (this.own) this.c.busy = false;
  }
}

class FunctionCompiler {
  busy = false;
  private readonly e = new Emitter();
  private readonly ctrl = new ControlStack();
  /** The operator being lowered: the validator's when it feeds this compiler, else `ownOp`. */
  private op: Operator = newOperator();
  private readonly ownOp = this.op;
  private info!: ModuleInfo;
  private funcIndex = 0;
  private typeIndex = 0;
  private numLocals = 0;
  private localTypes: number[] = [];
  private funcType!: FuncType;
  /** Unreachable code being skipped: blocks opened in it. */
  private skip = 0;

  // The operand stack: type, kind (K), and the local index or constant bits.
  private ty: number[] = [];
  private kd: number[] = [];
  private lo: number[] = [];
  private hi: number[] = [];
  private h = 0;
  private maxH = 0;
  /** Entries of kind K.Local on the stack (skip scans when 0). */
  private localRefs = 0;

  // The condition of the branch being lowered (see popCondition).
  private condOp = -1;
  private condA = 0;
  private condB = 0;

  // Metering: fuel cost table (undefined: no fuel), the open chain's FUEL position and cost so far, the records.
  private metering: Metering = NO_METERING;
  private fuel: Uint32Array | undefined;
  private blockFuel = -1;
  private blockCost = 0;
  private readonly records: number[] = [];
  /** An unconditional branch, return or trap ended the open chain: what follows (dead code) gets its own. */
  private chainEnded = false;
  /**
   * Conditional exits from chains, as (branch target word, the chain's FUEL position, chain cost up to and
   * including the branch): resolved into `FUEL_EXIT` stubs at the function's end (`exitStubs`).
   */
  private readonly exits: number[] = [];
  /** Labels inside a chain (reached by falling through): position -> (the chain's FUEL position, cost before it). */
  private readonly midLabels = new Map<number, readonly [head: number, cost: number]>();

  /** Compile a body on its own, decoding its instructions. */
  compile(info: ModuleInfo, bytes: Uint8Array, funcIndex: number, _features: Features, metering: Metering): CompiledFunction {
    const body = info.bodies[funcIndex - info.importedFuncs];
    if (body === undefined) throw new Error(`function ${funcIndex} is not a defined function`);
    this.begin(info, funcIndex, metering);
    const r = new Reader(bytes, body.codeStart, body.codeEnd);
    const op = this.ownOp;
    while (this.ctrl.depth > 0) {
      readOperator(r, op);
      this.feed(op);
    }
    return this.finish();
  }

  /** Start compiling defined function `funcIndex`; its operators follow through `feed`, then `finish`. */
  begin(info: ModuleInfo, funcIndex: number, metering: Metering): void {
    const body = info.bodies[funcIndex - info.importedFuncs]!;
    const typeIndex = info.funcTypes[funcIndex]!;
    const type = info.types[typeIndex]!;
    this.info = info;
    this.funcIndex = funcIndex;
    this.typeIndex = typeIndex;
    this.funcType = type;
    const e = this.e;
    e.reset();
    this.ctrl.reset();
    this.h = 0;
    this.maxH = 0;
    this.localRefs = 0;
    this.skip = 0;
    this.metering = metering;
    this.fuel = metering.fuel;
    this.blockFuel = -1;
    this.blockCost = 0;
    // (An array's length setter is a runtime call even when the array is empty: skip it then.)
    if (this.records.length !== 0) this.records.length = 0;
    this.chainEnded = false;
    if (this.exits.length !== 0) this.exits.length = 0;
    this.midLabels.clear();
    e.wasmOffset = body.codeStart;
    this.startBlock(true);

    const lt = this.localTypes;
    if (lt.length !== 0) lt.length = 0;
    for (const p of type.params) lt.push(p);
    for (const run of body.locals) for (let i = 0; i < run.count; i++) lt.push(run.type);
    const numParams = type.params.length;
    const numLocals = (this.numLocals = lt.length);
    if (numLocals > numParams) {
      e.op2(I.ZERO_LOCALS, numParams, numLocals - numParams);
      let at = numParams;
      for (const run of body.locals) {
        if (cat(run.type) === 2 && run.count > 0) e.op2(I.NULL_LOCALS, at, run.count);
        at += run.count;
      }
    }

    this.ctrl.push(CtrlKind.Function, 0, EMPTY, type.results);
  }

  /** Lower the next operator of the body (valid, up to and including the function's final `end`). */
  feed(op: Operator): void {
    this.op = op;
    const e = this.e;
    e.wasmOffset = op.offset;
    const kind = LOWER_KIND[op.op]! as LK;
    if (this.ctrl.top().unreachable) {
      if (kind === LK.Block || kind === LK.Loop || kind === LK.If) {
        this.skip++;
        return;
      }
      if (kind === LK.End) {
        if (this.skip > 0) {
          this.skip--;
          return;
        }
      } else if (kind !== LK.Else || this.skip > 0) {
        return;
      }
    }
    const fuel = this.fuel;
    if (fuel !== undefined) {
      const cost = fuel[op.op]!;
      if (cost > 0) {
        if (this.chainEnded || this.blockCost + cost > MAX_BLOCK_COST) this.startBlock(false);
        this.blockCost += cost;
        this.records.push(e.pos, op.offset, this.blockCost);
      }
    }
    this.lower(kind);
  }

  /** The compiled function, after the final `end` was fed. */
  finish(): CompiledFunction {
    this.closeFuelBlock();
    if (this.fuel !== undefined) this.exitStubs();
    const e = this.e;
    const type = this.funcType;
    const numLocals = this.numLocals;
    return {
      funcIndex: this.funcIndex,
      typeIndex: this.typeIndex,
      numParams: type.params.length,
      numResults: type.results.length,
      numLocals,
      frameSize: Math.max(1, numLocals + this.maxH, type.results.length),
      code: e.finishCode(),
      offsets: e.finishOffsets(),
      ...(this.fuel !== undefined ? { fuel: new Int32Array(this.records) } : {}),
    };
  }

  // ---- metering ----

  /**
   * A basic block starts here (a label, or the fall-through after a conditional branch or a call): close the
   * open block's fuel charge and open the next one, after an epoch check when `epoch` is set and epochs are
   * compiled. Returns the position jumps to this point must target. An open block that has no code and no cost
   * yet simply continues, so consecutive labels share one `FUEL`.
   */
  private startBlock(epoch: boolean): number {
    const e = this.e;
    const checkEpoch = epoch && this.metering.epochs;
    if (this.fuel === undefined) {
      const at = e.pos;
      if (checkEpoch) e.op0(I.EPOCH);
      e.label();
      return at;
    }
    if (!checkEpoch && this.blockCost === 0 && this.blockFuel >= 0 && e.pos === this.blockFuel + 2) {
      e.label();
      return this.blockFuel;
    }
    this.closeFuelBlock();
    const at = e.pos;
    if (checkEpoch) e.op0(I.EPOCH);
    this.blockFuel = e.op1(I.FUEL, 0);
    this.blockCost = 0;
    this.chainEnded = false;
    e.label();
    return at;
  }

  /**
   * A label: with fuel, when the open chain falls through to it (and no epoch check is due), the chain goes on
   * through it and every jump to it charges the chain's rest from here (`exitStubs`); otherwise `startBlock`.
   */
  private startLabel(epoch: boolean): number {
    if (this.fuel === undefined || this.chainEnded || (epoch && this.metering.epochs) || this.blockFuel < 0) {
      return this.startBlock(epoch);
    }
    const at = this.e.pos;
    this.midLabels.set(at, [this.blockFuel, this.blockCost]);
    this.e.label();
    return at;
  }

  /**
   * The fall-through after a conditional branch: without fuel (or after a branch that returns) a new block as in
   * `startBlock`; with fuel the open chain goes on, charged at its head, and the branch's taken edge (target
   * word `exit`, or -1 when the caller recorded it) refunds the rest of the chain.
   */
  private continueChain(exit: number): void {
    if (this.fuel !== undefined && exit >= 0) this.addExit(exit);
    if (this.fuel === undefined || this.chainEnded) {
      this.startBlock(false);
      return;
    }
    this.e.label();
  }

  /**
   * Record that code word `at` is the target of a branch leaving the open chain here (see `exits`); `inline`:
   * the word is the target of a `FUEL_EXIT` placeholder in the code (the branch also copies values).
   */
  private addExit(at: number, inline = false): void {
    this.exits.push(at, this.blockFuel, this.blockCost, inline ? 1 : 0);
  }

  /**
   * After the code: give every exit a `FUEL_EXIT` that refunds what its chain charged beyond it and charges what
   * the target's chain has left from the target on; a conditional branch whose exit would charge nothing (no
   * refund, and a target that charges itself or is later in the same chain) keeps its direct jump. A target with
   * an epoch check first (a loop head) is reached through a `BR` after the stub, so that the check runs.
   */
  private exitStubs(): void {
    const e = this.e;
    const ex = this.exits;
    for (let i = 0; i < ex.length; i += 4) {
      const at = ex[i]!;
      const head = ex[i + 1]!;
      const inline = ex[i + 3] === 1;
      const refund = e.code[head + 1]! - ex[i + 2]!;
      const target = e.code[at]!;
      const mid = this.midLabels.get(target);
      let to = target;
      let prepaid = 0;
      if (mid !== undefined) {
        prepaid = e.code[mid[0] + 1]! - mid[1];
        if (!inline && mid[0] === head && target > at && prepaid === refund) continue;
      } else if (e.code[target] === I.FUEL) {
        if (!inline && refund === 0) continue;
        prepaid = e.code[target + 1]!;
        to = target + 2;
      } else if (e.code[target] === I.EPOCH) {
        if (!inline && refund === 0) continue;
        to = -1;
      } else {
        throw new Error(`internal: branch at word ${at} leaves a chain for ${target}, not a label`);
      }
      const delta = prepaid - refund;
      let stub = at - 2;
      if (!inline) {
        // (The emitter may move its buffer: read e.code only after emitting.)
        stub = e.op3(I.FUEL_EXIT, delta, to, refund);
        e.code[at] = stub;
      }
      if (to === -1) to = e.op1(I.BR, target);
      const code = e.code;
      code[stub + 1] = delta;
      code[stub + 2] = to;
      code[stub + 3] = refund;
    }
    e.barrier();
  }

  private closeFuelBlock(): void {
    if (this.blockFuel >= 0) this.e.code[this.blockFuel + 1] = this.blockCost;
  }

  /**
   * After a bulk operator: it ends its basic block, so its per-unit charge (`FUEL_BULK`) is checked against fuel
   * that no later operator has been charged to yet.
   */
  private endBulk(): void {
    if (this.fuel !== undefined) this.startBlock(false);
  }

  /** Before a bulk operator whose length is in slot `n`: its per-unit fuel charge. */
  private bulkFuel(n: number, unitsPerFuel: number): void {
    if (this.fuel !== undefined) this.e.op2(I.FUEL_BULK, n, unitsPerFuel);
  }

  // ---- operand stack ----

  private pushSlot(t: number): void {
    const h = this.h;
    this.ty[h] = t;
    this.kd[h] = K.Slot;
    this.h = h + 1;
    if (h + 1 > this.maxH) this.maxH = h + 1;
  }
  private pushLocal(t: number, local: number): void {
    this.pushSlot(t);
    this.kd[this.h - 1] = K.Local;
    this.lo[this.h - 1] = local;
    this.localRefs++;
  }
  private pushConst(t: number, lo: number, hi: number): void {
    this.pushSlot(t);
    this.kd[this.h - 1] = K.Const;
    this.lo[this.h - 1] = lo;
    this.hi[this.h - 1] = hi;
  }
  /** Pop the top operand; its descriptor stays readable at the returned position until the next push. */
  private pop(): number {
    const p = --this.h;
    if (this.kd[p] === K.Local) this.localRefs--;
    return p;
  }
  private popTo(height: number): void {
    while (this.h > height) this.pop();
  }
  /** The slot holding the operand at position `p` (a constant is written to its own slot first). */
  private slotOf(p: number): number {
    const k = this.kd[p];
    if (k === K.Local) return this.lo[p]!;
    const own = this.numLocals + p;
    if (k === K.Const) this.emitConst(own, p);
    return own;
  }
  /** Put an on-stack operand into its own slot. */
  private materialise(p: number): void {
    const k = this.kd[p];
    if (k === K.Slot) return;
    const own = this.numLocals + p;
    if (k === K.Local) {
      this.emitCopy(own, this.lo[p]!, this.ty[p]!);
      this.localRefs--;
    } else {
      this.emitConst(own, p);
    }
    this.kd[p] = K.Slot;
  }
  private materialiseRange(from: number, to: number): void {
    for (let p = from; p < to; p++) this.materialise(p);
  }
  private materialiseLocalRefs(): void {
    if (this.localRefs === 0) return;
    for (let p = 0; p < this.h; p++) if (this.kd[p] === K.Local) this.materialise(p);
  }
  /** Replace the operands above `height` by values of `types` in their own slots. */
  private resetStack(height: number, types: readonly ValType[]): void {
    this.popTo(height);
    for (const t of types) this.pushSlot(t);
    this.e.barrier();
  }

  private emitCopy(dst: number, src: number, t: number): void {
    if (dst === src) return;
    this.e.result(this.e.op2(COPY_OPS[cat(t)]!, dst, src));
  }
  private emitConst(dst: number, p: number): void {
    const e = this.e;
    if (cat(this.ty[p]!) === 0) e.result(e.op2(I.CONST32, dst, this.lo[p]!));
    else e.result(e.op3(I.CONST64, dst, this.lo[p]!, this.hi[p]!));
  }
  /** Move the operand at position `p` into slot `dst`. */
  private moveTo(dst: number, p: number): void {
    const k = this.kd[p];
    if (k === K.Const) this.emitConst(dst, p);
    else this.emitCopy(dst, k === K.Local ? this.lo[p]! : this.numLocals + p, this.ty[p]!);
  }

  // ---- control ----

  private blockType(bt: number): [readonly ValType[], readonly ValType[]] {
    if (bt >= 0) {
      const t = this.info.types[bt]!;
      return [t.params, t.results];
    }
    const code = bt & 0x7f;
    return code === 0x40 ? [EMPTY, EMPTY] : [EMPTY, SINGLE.get(code)!];
  }

  /** Entering a block: pending local reads must not see writes made inside it; parameters go to their slots. */
  private enterBlock(numParams: number): void {
    this.materialiseLocalRefs();
    this.materialiseRange(this.h - numParams, this.h);
  }

  private markUnreachable(): void {
    const f = this.ctrl.top();
    f.unreachable = true;
    this.chainEnded = true;
    this.popTo(f.height);
    this.e.barrier();
  }

  private patch(at: number, target: number): void {
    this.e.code[at] = target;
  }

  /** Record that code word `at` holds a branch target to frame `f`'s label. */
  private addTarget(f: Ctrl, at: number): void {
    if (f.kind === CtrlKind.Loop) this.e.code[at] = f.start;
    else f.fixups.push(at);
  }

  private bindEnd(f: Ctrl): void {
    // Reached only by falling through (a loop's end, a block nothing branches to): the basic block goes on.
    const pos = f.fixups.length > 0 || f.elseFixup >= 0 ? this.startLabel(false) : this.e.pos;
    for (const at of f.fixups) this.e.code[at] = pos;
    if (f.elseFixup >= 0) this.e.code[f.elseFixup] = pos;
    f.elseFixup = -1;
    this.e.barrier();
  }

  /** Whether a branch to `f` must copy values (they are not all in the label's slots already). */
  private needsCopies(f: Ctrl): boolean {
    const n = labelTypes(f).length;
    if (n === 0) return false;
    const from = this.h - n;
    if (from !== f.height) return true;
    for (let p = from; p < this.h; p++) if (this.kd[p] !== K.Slot) return true;
    return false;
  }

  /** Unconditional branch to label `label`: copies, then a jump (or the return sequence). */
  private branchTo(label: number): void {
    const f = this.ctrl.label(label);
    if (f.kind === CtrlKind.Function) {
      this.emitReturn();
      return;
    }
    const n = labelTypes(f).length;
    const base = this.numLocals + f.height;
    for (let i = 0; i < n; i++) this.moveTo(base + i, this.h - n + i);
    this.jumpTo(f);
  }

  /**
   * A jump to `f`'s label. With fuel it is a `FUEL_EXIT` that also charges the target's block (and refunds the
   * rest of the open chain when the jump is a conditional branch's taken edge), which saves running the target's
   * `FUEL`; a loop head with an epoch check must run it, so it gets a plain `BR`.
   */
  private jumpTo(f: Ctrl): void {
    if (this.fuel !== undefined && !(f.kind === CtrlKind.Loop && this.metering.epochs)) {
      const at = this.e.op3(I.FUEL_EXIT, 0, -1, 0) + 2;
      this.addTarget(f, at);
      this.addExit(at, true);
      return;
    }
    this.addTarget(f, this.e.op1(I.BR, -1) + 1);
  }

  /** Results go to slots `[0, n)` of the frame, then return. */
  private emitReturn(): void {
    const e = this.e;
    const n = this.funcType.results.length;
    const h = this.h;
    if (n === 0) {
      e.op0(I.RETURN);
      return;
    }
    if (n === 1) {
      const p = h - 1;
      if (this.kd[p] === K.Const) {
        this.emitConst(0, p);
        e.op0(I.RETURN);
      } else {
        e.op1(RETURN1_OPS[cat(this.ty[p]!)]!, this.slotOf(p));
      }
      return;
    }
    // Copies in ascending order are safe unless a source is a local that an earlier copy overwrites.
    for (let p = h - n; p < h; p++) {
      if (this.kd[p] === K.Local && this.lo[p]! < n) {
        this.materialiseLocalRefsIn(h - n, h);
        break;
      }
    }
    for (let i = 0; i < n; i++) this.moveTo(i, h - n + i);
    e.op0(I.RETURN);
  }
  private materialiseLocalRefsIn(from: number, to: number): void {
    for (let p = from; p < to; p++) if (this.kd[p] === K.Local) this.materialise(p);
  }

  /**
   * Pop a branch condition. If the instruction that computed it was an i32 comparison or `eqz` just before,
   * drop that instruction and remember it (`condOp`, `condA`, `condB`) so the branch can do the comparison.
   */
  private popCondition(): void {
    const e = this.e;
    const p = this.pop();
    const rp = e.resultPos;
    if (this.kd[p] === K.Slot && rp >= 0 && e.code[rp + 1] === this.numLocals + p) {
      const isa = e.code[rp]!;
      if (isa === I.I32_EQZ || fusedBranch(isa, false) >= 0) {
        this.condOp = isa;
        this.condA = e.code[rp + 2]!;
        this.condB = e.code[rp + 3]!;
        this.dropForFusion(rp);
        return;
      }
    }
    this.condOp = -1;
    this.condA = this.slotOf(p);
  }

  /**
   * Drop the last instruction, at `rp`, to fuse it into the next one: operators recorded after it now start
   * where it was (the fused instruction), so fuel records still name every operator it carries.
   */
  private dropForFusion(rp: number): number {
    const wasmOffset = this.e.truncate(rp);
    const rec = this.records;
    for (let i = rec.length - 3; i >= 0 && rec[i]! > rp; i -= 3) rec[i] = rp;
    return wasmOffset;
  }

  /** Emit a jump taken when the popped condition is true (or false, if `negate`); returns the target word. */
  private emitCondJump(negate: boolean): number {
    const e = this.e;
    const c = this.condOp;
    if (!negate) {
      const t = this.fuseCounterBranch();
      if (t >= 0) return t;
    }
    if (c === -1) return e.op2(negate ? I.BR_IF_EQZ : I.BR_IF, this.condA, -1) + 2;
    if (c === I.I32_EQZ) return e.op2(negate ? I.BR_IF : I.BR_IF_EQZ, this.condA, -1) + 2;
    return e.op3(fusedBranch(c, negate), this.condA, this.condB, -1) + 3;
  }

  /**
   * Loop counters: `I32_ADD_IMM d s k` right before a branch taken when `d != b` (or `d != c`, or `d` is not
   * zero) becomes one `I32_ADD_IMM_BR_IF_NE[_IMM]`, which writes `d` as before. Returns the target word, or -1.
   */
  private fuseCounterBranch(): number {
    const e = this.e;
    const code = e.code;
    const last = e.lastPos;
    if (last < 0 || last + 4 !== e.pos || code[last] !== I.I32_ADD_IMM) return -1;
    const d = code[last + 1]!;
    const c = this.condOp;
    let other: number;
    if (this.condA === d) other = this.condB;
    else if (c === I.I32_NE && this.condB === d) other = this.condA;
    else return -1;
    let fused: number;
    if (c === -1) {
      fused = I.I32_ADD_IMM_BR_IF_NE_IMM;
      other = 0;
    } else if (c === I.I32_NE_IMM) {
      fused = I.I32_ADD_IMM_BR_IF_NE_IMM;
    } else if (c === I.I32_NE) {
      fused = I.I32_ADD_IMM_BR_IF_NE;
    } else {
      return -1;
    }
    const s = code[last + 2]!;
    const k = code[last + 3]!;
    this.dropForFusion(last);
    return e.op5(fused, d, s, k, other, -1) + 5;
  }

  /**
   * A conditional branch to `label`. Returns the target word of the jump when it goes straight to the label, -1
   * when the taken edge copies values first (its exit is recorded), -2 when it returns from the function.
   */
  private condBranch(label: number): number {
    const f = this.ctrl.label(label);
    if (f.kind !== CtrlKind.Function && !this.needsCopies(f)) {
      const at = this.emitCondJump(false);
      this.addTarget(f, at);
      return at;
    }
    const skip = this.emitCondJump(true);
    this.branchTo(label);
    this.patch(skip, this.e.pos);
    this.e.label();
    return f.kind === CtrlKind.Function ? -2 : -1;
  }

  private brTable(labels: number[]): void {
    const e = this.e;
    const idx = this.slotOf(this.pop());
    const n = labelTypes(this.ctrl.label(labels[labels.length - 1]!)).length;
    const h = this.h;
    this.materialiseRange(h - n, h);
    const at = e.opN(I.BR_TABLE, 2 + labels.length);
    e.code[at + 1] = idx;
    e.code[at + 2] = labels.length - 1;
    const stubs = new Map<number, number>();
    for (let j = 0; j < labels.length; j++) {
      const label = labels[j]!;
      const f = this.ctrl.label(label);
      if (f.kind !== CtrlKind.Function && f.height === h - n) {
        this.addTarget(f, at + 3 + j);
        if (this.fuel !== undefined) this.addExit(at + 3 + j);
        continue;
      }
      let stub = stubs.get(label);
      if (stub === undefined) {
        e.label();
        stub = e.pos;
        stubs.set(label, stub);
        this.branchTo(label);
      }
      e.code[at + 3 + j] = stub;
    }
  }

  // ---- operators ----

  private lower(kind: LK): void {
    const e = this.e;
    const op = this.op;
    const nl = this.numLocals;
    switch (kind) {
      case LK.Nop:
        return;
      case LK.Unreachable:
        e.op0(I.UNREACHABLE);
        this.markUnreachable();
        return;
      case LK.Block: {
        const [params, results] = this.blockType(op.a);
        this.enterBlock(params.length);
        this.ctrl.push(CtrlKind.Block, this.h - params.length, params, results);
        return;
      }
      case LK.Loop: {
        const [params, results] = this.blockType(op.a);
        this.enterBlock(params.length);
        const f = this.ctrl.push(CtrlKind.Loop, this.h - params.length, params, results);
        f.start = this.startLabel(true);
        e.barrier();
        return;
      }
      case LK.If: {
        const [params, results] = this.blockType(op.a);
        this.popCondition();
        this.enterBlock(params.length);
        const f = this.ctrl.push(CtrlKind.If, this.h - params.length, params, results);
        f.elseFixup = this.emitCondJump(true);
        this.continueChain(f.elseFixup);
        return;
      }
      case LK.Else: {
        const f = this.ctrl.top();
        if (!f.unreachable) {
          this.materialiseRange(this.h - f.results.length, this.h);
          this.jumpTo(f);
          this.chainEnded = true;
        }
        this.patch(f.elseFixup, this.startBlock(false));
        f.elseFixup = -1;
        f.kind = CtrlKind.Else;
        f.unreachable = false;
        this.resetStack(f.height, f.params);
        return;
      }
      case LK.End: {
        const f = this.ctrl.top();
        if (f.kind === CtrlKind.Function) {
          if (!f.unreachable) this.emitReturn();
          this.ctrl.pop();
          return;
        }
        if (!f.unreachable) this.materialiseRange(this.h - f.results.length, this.h);
        this.ctrl.pop();
        this.bindEnd(f);
        this.resetStack(f.height, f.results);
        return;
      }
      case LK.Br:
        this.branchTo(op.a);
        this.markUnreachable();
        return;
      case LK.BrIf: {
        this.popCondition();
        const exit = this.condBranch(op.a);
        if (exit === -2) this.startBlock(false);
        else this.continueChain(exit);
        return;
      }
      case LK.BrTable:
        this.brTable(op.list);
        this.markUnreachable();
        return;
      case LK.Return:
        this.emitReturn();
        this.markUnreachable();
        return;
      case LK.Call: {
        const type = this.info.types[this.info.funcTypes[op.a]!]!;
        this.call(type, I.CALL, op.a, 0, 0);
        this.startBlock(false);
        return;
      }
      case LK.CallIndirect: {
        const idx = this.slotOf(this.pop());
        this.call(this.info.types[op.a]!, I.CALL_INDIRECT, op.a, op.b, idx);
        this.startBlock(false);
        return;
      }
      case LK.Drop:
        this.pop();
        return;
      case LK.Select: {
        const pc = this.pop();
        const pb = this.pop();
        const pa = this.pop();
        const t = this.ty[pa]!;
        const rp = e.resultPos;
        const test = rp >= 0 ? e.code[rp]! : -1;
        if (cat(t) === 0 && this.kd[pc] === K.Slot && (test === I.I32_AND_IMM || test === I.I32_GT_U_IMM) && e.code[rp + 1] === nl + pc) {
          // The condition is `x & k` or `x >u k` just computed into its temporary slot: test it in the select.
          const x = e.code[rp + 2]!;
          const k = e.code[rp + 3]!;
          this.dropForFusion(rp);
          const b = this.slotOf(pb);
          e.result(e.op5(test === I.I32_AND_IMM ? I.SELECT32_AND_IMM : I.SELECT32_GT_U_IMM, nl + pa, this.slotOf(pa), b, x, k));
          this.pushSlot(t);
          return;
        }
        const c = this.slotOf(pc);
        const b = this.slotOf(pb);
        const a = this.slotOf(pa);
        e.result(e.op4(SELECT_OPS[cat(t)]!, nl + pa, a, b, c));
        this.pushSlot(t);
        return;
      }
      case LK.LocalGet:
        this.pushLocal(this.localTypes[op.a]!, op.a);
        return;
      case LK.LocalSet:
      case LK.LocalTee:
        this.setLocal(op.a, kind === LK.LocalTee);
        return;
      case LK.GlobalGet: {
        const t = this.info.globals[op.a]!.type;
        e.result(e.op2(GLOBAL_GET_OPS[cat(t)]!, nl + this.h, op.a));
        this.pushSlot(t);
        return;
      }
      case LK.GlobalSet: {
        const p = this.pop();
        e.op2(GLOBAL_SET_OPS[cat(this.ty[p]!)]!, op.a, this.slotOf(p));
        return;
      }
      case LK.Load: {
        const p = this.pop();
        if (this.fuseLoad(op.op, p, op.b)) {
          this.pushSlot(RESULT_TYPE[op.op]!);
          return;
        }
        e.result(e.op3(LOWER_OP[op.op]!, nl + p, this.slotOf(p), op.b));
        this.pushSlot(RESULT_TYPE[op.op]!);
        return;
      }
      case LK.Store: {
        const pv = this.pop();
        const pa = this.pop();
        if (this.fuseStore(op.op, pa, pv, op.b)) return;
        const a = this.slotOf(pa);
        e.op3(LOWER_OP[op.op]!, a, this.slotOf(pv), op.b);
        return;
      }
      case LK.MemorySize:
        e.result(e.op1(I.MEMORY_SIZE, nl + this.h));
        this.pushSlot(T_I32);
        return;
      case LK.MemoryGrow: {
        const p = this.pop();
        e.result(e.op2(I.MEMORY_GROW, nl + p, this.slotOf(p)));
        this.pushSlot(T_I32);
        return;
      }
      case LK.I32Const:
        this.pushConst(T_I32, op.a, 0);
        return;
      case LK.F32Const:
        this.pushConst(T_F32, op.a | 0, 0);
        return;
      case LK.I64Const:
      case LK.F64Const:
        this.pushConst(kind === LK.I64Const ? T_I64 : T_F64, op.a, op.b);
        return;
      case LK.Unary: {
        const p = this.pop();
        e.result(e.op2(LOWER_OP[op.op]!, nl + p, this.slotOf(p)));
        this.pushSlot(RESULT_TYPE[op.op]!);
        return;
      }
      case LK.Binary:
        this.binary(op.op);
        return;
      case LK.Reinterpret:
        this.ty[this.h - 1] = RESULT_TYPE[op.op]!;
        return;
      case LK.RefNull:
        e.result(e.op1(I.REF_NULL, nl + this.h));
        this.pushSlot(op.a);
        return;
      case LK.RefIsNull: {
        const p = this.pop();
        e.result(e.op2(I.REF_IS_NULL, nl + p, this.slotOf(p)));
        this.pushSlot(T_I32);
        return;
      }
      case LK.RefFunc:
        e.result(e.op2(I.REF_FUNC, nl + this.h, op.a));
        this.pushSlot(T_FUNCREF);
        return;
      case LK.TableGet: {
        const p = this.pop();
        e.result(e.op3(I.TABLE_GET, nl + p, op.a, this.slotOf(p)));
        this.pushSlot(this.info.tables[op.a]!.elem);
        return;
      }
      case LK.TableSet: {
        const pv = this.pop();
        const pi = this.pop();
        const i = this.slotOf(pi);
        e.op3(I.TABLE_SET, op.a, i, this.slotOf(pv));
        return;
      }
      case LK.TableSize:
        e.result(e.op2(I.TABLE_SIZE, nl + this.h, op.a));
        this.pushSlot(T_I32);
        return;
      case LK.TableGrow: {
        const pn = this.pop();
        const pv = this.pop();
        const v = this.slotOf(pv);
        e.result(e.op4(I.TABLE_GROW, nl + pv, op.a, v, this.slotOf(pn)));
        this.pushSlot(T_I32);
        return;
      }
      case LK.TableFill: {
        const [i, v, n] = this.pop3();
        this.bulkFuel(n, this.metering.elementsPerFuel);
        e.op4(I.TABLE_FILL, op.a, i, v, n);
        this.endBulk();
        return;
      }
      case LK.TableCopy: {
        const [d, s, n] = this.pop3();
        this.bulkFuel(n, this.metering.elementsPerFuel);
        e.op5(I.TABLE_COPY, op.a, op.b, d, s, n);
        this.endBulk();
        return;
      }
      case LK.TableInit: {
        const [d, s, n] = this.pop3();
        this.bulkFuel(n, this.metering.elementsPerFuel);
        e.op5(I.TABLE_INIT, op.a, op.b, d, s, n);
        this.endBulk();
        return;
      }
      case LK.ElemDrop:
        e.op1(I.ELEM_DROP, op.a);
        return;
      case LK.MemoryInit: {
        const [d, s, n] = this.pop3();
        this.bulkFuel(n, this.metering.bytesPerFuel);
        e.op4(I.MEMORY_INIT, op.a, d, s, n);
        this.endBulk();
        return;
      }
      case LK.DataDrop:
        e.op1(I.DATA_DROP, op.a);
        return;
      case LK.MemoryCopy: {
        const [d, s, n] = this.pop3();
        this.bulkFuel(n, this.metering.bytesPerFuel);
        e.op3(I.MEMORY_COPY, d, s, n);
        this.endBulk();
        return;
      }
      case LK.MemoryFill: {
        const [d, v, n] = this.pop3();
        this.bulkFuel(n, this.metering.bytesPerFuel);
        e.op3(I.MEMORY_FILL, d, v, n);
        this.endBulk();
        return;
      }
      default:
        throw new Error(`compiler: unsupported operator at offset ${op.offset}`);
    }
  }

  private readonly three: [number, number, number] = [0, 0, 0];
  /** Pop three operands; returns their slots, deepest first (reused array). */
  private pop3(): [number, number, number] {
    const p3 = this.pop();
    const p2 = this.pop();
    const p1 = this.pop();
    const out = this.three;
    out[0] = this.slotOf(p1);
    out[1] = this.slotOf(p2);
    out[2] = this.slotOf(p3);
    return out;
  }

  private binary(wasmOp: number): void {
    const e = this.e;
    const pb = this.pop();
    const pa = this.pop();
    const d = this.numLocals + pa;
    const kb = this.kd[pb];
    const ka = this.kd[pa];
    const imm = IMM_OP[wasmOp]!;
    const imm64 = IMM64_OP[wasmOp]!;
    let at: number;
    if (imm64 >= 0 && (kb === K.Const || (ka === K.Const && COMMUTES_64[wasmOp] === 1))) {
      at = this.binaryImm64(wasmOp, imm64, d, kb === K.Const ? pa : pb, kb === K.Const ? pb : pa);
    } else if (kb !== K.Const && ka !== K.Const && this.shiftedOperand(wasmOp, pa, pb) >= 0) {
      const rp = e.resultPos;
      const code = e.code;
      const fused = shiftedForm(wasmOp, code[rp]!);
      const other = code[rp + 1] === this.numLocals + pb ? pa : pb;
      const shifted = code[rp + 2]!;
      const k = code[rp + 3]!;
      this.dropForFusion(rp);
      at = e.op4(fused, d, this.slotOf(other), shifted, k);
    } else if (kb !== K.Const && ka !== K.Const && F64_LOAD_OP[wasmOp]! >= 0 && this.loadedOperand(wasmOp, pa, pb) >= 0) {
      const rp = e.resultPos;
      const code = e.code;
      const other = code[rp + 1] === this.numLocals + pb ? pa : pb;
      const base = code[rp + 2]!;
      const offset = code[rp + 3]!;
      // The load is what can trap: the fused instruction keeps its wasm offset for backtraces.
      const arithOffset = e.wasmOffset;
      e.wasmOffset = this.dropForFusion(rp);
      at = e.op4(F64_LOAD_OP[wasmOp]!, d, this.slotOf(other), base, offset);
      e.wasmOffset = arithOffset;
    } else if (kb === K.Const && imm >= 0) {
      const c = wasmOp === OP_I32_SUB ? -this.lo[pb]! | 0 : this.lo[pb]!;
      const rp = e.resultPos;
      const chain = ka === K.Slot && rp >= 0 && e.code[rp + 1] === d ? chainForm(e.code[rp]!, imm) : -1;
      if (chain >= 0) {
        // The first operator's result is this one's operand, in its temporary slot: one instruction for both.
        const src = e.code[rp + 2]!;
        const k = e.code[rp + 3]!;
        this.dropForFusion(rp);
        at = e.op4(chain, d, src, k, c);
      } else {
        at = e.op3(imm, d, this.slotOf(pa), c);
      }
    } else if (ka === K.Const && kb !== K.Const && SWAP_OP[wasmOp]! >= 0) {
      at = e.op3(IMM_OP[SWAP_OP[wasmOp]!]!, d, this.slotOf(pb), this.lo[pa]!);
    } else {
      const a = this.slotOf(pa);
      at = e.op3(LOWER_OP[wasmOp]!, d, a, this.slotOf(pb));
    }
    e.result(at);
    this.pushSlot(RESULT_TYPE[wasmOp]!);
  }

  /**
   * A load whose address (operand `p`) was just computed by `I32_ADD` or `I32_ADD_IMM` into its temporary slot:
   * one `*_LOAD_ADD[_IMM]` does both (the temporary has no other reader). Returns whether it fused.
   */
  private fuseLoad(wasmOp: number, p: number, offset: number): boolean {
    const e = this.e;
    const rp = e.resultPos;
    const own = this.numLocals + p;
    if (this.kd[p] !== K.Slot || rp < 0 || e.code[rp + 1] !== own) return false;
    const add = e.code[rp]!;
    if (add === I.I32_ADD_SHL_IMM) return this.fuseIndexedLoad(wasmOp, rp, offset);
    if (add === I.I32_SHL_ADD_IMM) {
      if (LOWER_OP[wasmOp] !== I.I32_LOAD && LOWER_OP[wasmOp] !== I.F32_LOAD) return false;
      const a = e.code[rp + 2]!;
      const k = e.code[rp + 3]!;
      const c = e.code[rp + 4]!;
      this.dropForFusion(rp);
      e.result(e.op5(I.I32_LOAD_SCALED, own, a, k, c, offset));
      return true;
    }
    if (add !== I.I32_ADD && add !== I.I32_ADD_IMM) return false;
    const imm = add === I.I32_ADD_IMM;
    let fused: number;
    switch (LOWER_OP[wasmOp]) {
      case I.I32_LOAD:
      case I.F32_LOAD:
        fused = imm ? I.I32_LOAD_ADD_IMM : I.I32_LOAD_ADD;
        break;
      case I.I32_LOAD8_U:
        fused = imm ? I.I32_LOAD8_U_ADD_IMM : I.I32_LOAD8_U_ADD;
        break;
      case I.I64_LOAD:
      case I.F64_LOAD:
        fused = imm ? I.I64_LOAD_ADD_IMM : I.I64_LOAD_ADD;
        break;
      default:
        return false;
    }
    const a = e.code[rp + 2]!;
    const b = e.code[rp + 3]!;
    this.dropForFusion(rp);
    e.result(e.op4(fused, own, a, b, offset));
    return true;
  }

  /**
   * An i64 operator with the constant at `pc` as its right operand (the other at `pv`): one `I64_*_IMM` with the
   * constant's bits (shifts and rotates: the count) in the code, no CONST64 into a temporary. Returns its position.
   */
  private binaryImm64(wasmOp: number, isa: number, d: number, pv: number, pc: number): number {
    const e = this.e;
    const lo = this.lo[pc]!;
    const v = this.slotOf(pv);
    if (ISA[isa]![1] === 'dsi') {
      const n = wasmOp === OP_I64_ROTR ? (64 - (lo & 63)) & 63 : lo & 63;
      return e.op3(isa, d, v, n);
    }
    return e.op4(isa, d, v, lo, this.hi[pc]!);
  }

  /**
   * An f64 `add`/`mul` (either operand) or `sub` (right operand) whose operand was just loaded by `F64_LOAD` into
   * its temporary slot: that load's position, else -1.
   */
  private loadedOperand(wasmOp: number, pa: number, pb: number): number {
    const e = this.e;
    const rp = e.resultPos;
    if (rp < 0 || e.code[rp] !== I.F64_LOAD) return -1;
    const dst = e.code[rp + 1];
    // With fuel, the arithmetic must be the fused instruction's last fuel record, right after the load's: when it
    // cannot be paid, fuelShortfall splits the instruction to run the load alone (exec/fuel.ts). So no costless
    // arithmetic, and no operand between the load and it (the `pa` case, whose other operand is a `local.get`).
    if (this.kd[pb] === K.Slot && dst === this.numLocals + pb) return this.fuel === undefined || this.fuel[wasmOp]! > 0 ? rp : -1;
    if (this.fuel !== undefined) return -1;
    if (wasmOp !== OP_F64_SUB && this.kd[pa] === K.Slot && dst === this.numLocals + pa) return rp;
    return -1;
  }

  /**
   * A commutative `i32.add`, `i32.xor` or `i64.xor` where one operand was just computed by a shift by a constant
   * into its temporary slot (clang's `base + (i << k)`, xorshift's `x ^ (x << k)`) and `shiftedForm` has a
   * superinstruction for the pair: that shift's position, else -1.
   */
  private shiftedOperand(wasmOp: number, pa: number, pb: number): number {
    const e = this.e;
    const rp = e.resultPos;
    if (rp < 0 || shiftedForm(wasmOp, e.code[rp]!) < 0) return -1;
    const dst = e.code[rp + 1];
    if (this.kd[pb] === K.Slot && dst === this.numLocals + pb) return rp;
    if (this.kd[pa] === K.Slot && dst === this.numLocals + pa) return rp;
    return -1;
  }

  /** A load whose address was just computed by `I32_ADD_SHL_IMM` at `rp`: `*_LOAD_IDX`. */
  private fuseIndexedLoad(wasmOp: number, rp: number, offset: number): boolean {
    const e = this.e;
    const isa = LOWER_OP[wasmOp];
    const fused =
      isa === I.I32_LOAD || isa === I.F32_LOAD ? I.I32_LOAD_IDX : isa === I.I64_LOAD || isa === I.F64_LOAD ? I.I64_LOAD_IDX : -1;
    if (fused < 0) return false;
    const code = e.code;
    const d = code[rp + 1]!;
    const base = code[rp + 2]!;
    const idx = code[rp + 3]!;
    const k = code[rp + 4]!;
    this.dropForFusion(rp);
    e.result(e.op5(fused, d, base, idx, k, offset));
    return true;
  }

  /**
   * An f64 store whose value (operand `pv`) was just computed by `F64_ADD`/`SUB`/`MUL` into its temporary slot:
   * one `F64_STORE_*` (address operand `pa`). Returns whether it fused.
   */
  private fuseStore(wasmOp: number, pa: number, pv: number, offset: number): boolean {
    const e = this.e;
    const rp = e.resultPos;
    if (LOWER_OP[wasmOp] !== I.F64_STORE || this.kd[pv] !== K.Slot || rp < 0) return false;
    const code = e.code;
    const arith = code[rp]!;
    if (arith > I.F64_COPYSIGN || F64_STORE_OP[arith]! < 0 || code[rp + 1] !== this.numLocals + pv) return false;
    const a = code[rp + 2]!;
    const b = code[rp + 3]!;
    this.dropForFusion(rp);
    // A constant address goes to its own slot, which no operand of the dropped instruction reads (they are above it).
    e.op4(F64_STORE_OP[arith]!, this.slotOf(pa), a, b, offset);
    return true;
  }

  private setLocal(local: number, tee: boolean): void {
    const e = this.e;
    const p = this.pop();
    const t = this.ty[p]!;
    const k = this.kd[p];
    const own = this.numLocals + p;
    // A result just computed into the operand's own slot is written straight to the local instead.
    const retarget = k === K.Slot && e.resultPos >= 0 && e.code[e.resultPos + 1] === own;
    let pending = false;
    if (this.localRefs > 0) {
      for (let q = 0; q < this.h; q++) {
        if (this.kd[q] === K.Local && this.lo[q] === local) {
          this.materialise(q);
          pending = true;
        }
      }
    }
    if (retarget && !pending) {
      e.code[e.resultPos + 1] = local;
      e.barrier();
    } else if (k === K.Const) {
      this.emitConst(local, p);
      e.barrier();
    } else {
      this.emitCopy(local, k === K.Local ? this.lo[p]! : own, t);
      e.barrier();
    }
    if (tee) this.pushLocal(t, local);
  }

  private call(type: FuncType, isa: number, a: number, b: number, idx: number): void {
    const np = type.params.length;
    const h = this.h;
    this.materialiseRange(h - np, h);
    const base = this.numLocals + h - np;
    // With fuel, a call to a defined function also charges the callee's entry chain (one dispatch fewer).
    if (isa === I.CALL) this.e.op2(a >= this.info.importedFuncs ? (this.fuel !== undefined ? I.CALL_FUEL : I.CALL_LOCAL) : I.CALL, a, base);
    else this.e.op4(I.CALL_INDIRECT, a, b, base, idx);
    this.popTo(h - np);
    for (const t of type.results) this.pushSlot(t);
  }
}
