/**
 * The dispatch loop: runs threaded code (`compile/isa.ts`) for a wasm function and everything it calls, with
 * no JS recursion per wasm call — calls push a frame on the context's frame stack, returns pop it. A callee's
 * frame starts at the caller's outgoing argument slots, so arguments need no copying and results are written at
 * the callee's frame base, where the caller expects them. Slot operands are relative to the frame pointer `fp`;
 * 32-bit values are read through the `Int32Array`/`Float32Array` views at `slot * 2`, 64-bit ones through the
 * `BigInt64Array`/`Float64Array` views at `slot` (and as `Int32Array` halves, low first, for moves, so NaN
 * payloads survive; comparisons, shifts and rotates also use the halves, `i64-ops.ts`). `f64` loads and stores go
 * through `getFloat64`/`setFloat64`, which keep NaN bits on V8 (the spec suite's `float_memory.wast` checks it).
 * The current memory's view and size are cached in locals and re-read after calls into another instance, host
 * calls, returns into another instance and `memory.grow`. Rare instructions run out of line in `cold.ts`,
 * reached through `default:`, and large operations live in `semantics.ts` and `i64-ops.ts`: TurboFan compiles this
 * function at every on-stack replacement, and its compile time grows with the handlers in it. Metering instructions (`FUEL`, `EPOCH`, ...)
 * appear only in code compiled with fuel or epochs; the remaining fuel lives in a local while running and is
 * written back to the context before anything that may look at it (host calls, growth, epoch callbacks, returns
 * and traps); slow paths are in `fuel.ts` and `epoch.ts`.
 * In async runs (`async.ts`) the loop may suspend instead of finishing: at an epoch deadline that yields, when a
 * fuel yield interval runs out, at a slice's end, and at a call to an async host function. It saves where it is
 * (`ctx.depth`, the innermost frame's `framePc`, `ctx.resumePc`/`resumeCode`, the fuel) and returns `YIELDED` or
 * `IN_HOST`; `run(..., resume)` goes on from there. Synchronous runs never take these paths.
 */
import { Trap, TrapCode } from '../errors.js';
import type { FuncInstance, HostFuncInstance, InstanceState, MemoryInstance, WasmFuncInstance } from '../runtime/instances.js';
import { I } from '../compile/isa.js';
import { withTrace } from './backtrace.js';
import { settle } from './deferred-code.js';
import type { ExecContext } from './context.js';
import { EPOCH_POLL, epochDeadlineReached } from './epoch.js';
import { fuelAfterTrap, fuelRefill, fuelShortfall, fuelTrap } from './fuel.js';
import { runCold } from './cold.js';
import { callHostHooked } from './host.js';
import * as I64 from './i64-ops.js';
import * as S from './semantics.js';

const EMPTY_VIEW = new DataView(new ArrayBuffer(0));
/** Scratch for `I64_MUL_IMM`: the constant's two code words, read back as one bigint. */
const K32 = new Int32Array(2);
const K64 = new BigInt64Array(K32.buffer);

function outOfBounds(): Trap {
  return new Trap(TrapCode.MemoryOutOfBounds);
}

/** `run` finished: the entry function returned. */
export const DONE = 0;
/** `run` suspended at a yield point (epoch deadline, fuel interval, slice end). */
export const YIELDED = 1;
/** `run` suspended at a call to an async host function (`ctx.hostFunc` and friends). */
export const IN_HOST = 2;

/** Every `EPOCH` check of an async run takes the slow path's first step (the epoch is never below this). */
const ALWAYS = -2147483648;

/**
 * Save a run suspending at the instruction at `pc` (innermost frame `depth - 1`) that goes on at `resumePc` in
 * `code`, with `fuel` left; returns `YIELDED`.
 */
function suspend(ctx: ExecContext, depth: number, pc: number, resumePc: number, code: Int32Array, fuel: number): number {
  ctx.framePc[depth - 1] = pc + 1;
  ctx.depth = depth;
  ctx.fuel = fuel;
  ctx.resumePc = resumePc;
  ctx.resumeCode = code;
  return YIELDED;
}

/**
 * Suspend an async run at a call to an async host function `callee` (arguments at slot `base`, the caller's
 * frame ends at `sp`); the call is at `pc` and the caller goes on at `next` in `code`. Returns `IN_HOST`.
 */
function inHostCall(
  ctx: ExecContext,
  callee: HostFuncInstance,
  base: number,
  caller: InstanceState,
  sp: number,
  pc: number,
  next: number,
  code: Int32Array,
): number {
  ctx.resumePc = next;
  ctx.resumeCode = code;
  ctx.hostFunc = callee;
  ctx.hostBase = base;
  ctx.hostCaller = caller;
  ctx.hostSp = sp;
  ctx.hostPc = pc;
  return IN_HOST;
}

/**
 * Run wasm function `entry` with its frame at slot `base` until it returns (`DONE`). With `async`, it may suspend
 * instead (`YIELDED`, `IN_HOST`); `resume` (the suspended run's entry depth) goes on from the saved state.
 */
export function run(ctx: ExecContext, entry: WasmFuncInstance, base: number, async = false, resume = -1): number {
  const stack = ctx.stack;
  const i32 = stack.i32;
  const f32 = stack.f32;
  const f64 = stack.f64;
  const i64 = stack.i64;
  const u64 = ctx.u64;
  const refs = stack.refs;
  const limit = stack.slots;
  const entryDepth = resume >= 0 ? resume : ctx.depth;

  let depth = ctx.depth;
  let ffn = ctx.frameFunc;
  let ffp = ctx.frameFp;
  let fpc = ctx.framePc;
  let fn = entry;
  let code = fn.code.code;
  let fp = base;
  let pc = 0;
  if (resume < 0) {
    if (base + entry.code.frameSize > limit || depth >= limit) {
      throw withTrace(ctx, new Trap(TrapCode.StackOverflow), depth);
    }
    if (depth >= ctx.frameFp.length) {
      ctx.growFrames(depth);
      ffp = ctx.frameFp;
      fpc = ctx.framePc;
    }
    ffn[depth] = fn;
    ffp[depth] = fp;
    depth++;
  } else {
    fn = ffn[depth - 1]!;
    fp = ffp[depth - 1];
    pc = ctx.resumePc;
    code = ctx.resumeCode ?? fn.code.code;
    ctx.resumeCode = undefined;
  }
  let inst = fn.instance;

  let mem: MemoryInstance | undefined = inst.memories[0];
  let view = mem !== undefined ? mem.view : EMPTY_VIEW;
  let memSize = mem !== undefined ? mem.byteLength : 0;

  let fuel = ctx.fuel;
  const epoch = ctx.epoch;
  /** `ctx.epochDeadline`, re-read after host code ran (a stale value only costs a re-read at the check). */
  let deadline = async ? ALWAYS : ctx.epochDeadline;
  /** Async runs: `EPOCH` checks left before the next look at the deadline and the clock. */
  let poll = EPOCH_POLL;
  /** A host function is running: its errors leave with the fuel it left in `ctx.fuel`. */
  let inHost = false;

  try {
    if (resume >= 0 && ctx.resumeError !== undefined) {
      // The async host call this run suspended at failed: throw from the call, as a synchronous call would.
      const err = ctx.resumeError;
      ctx.resumeError = undefined;
      inHost = true;
      throw err;
    }
    for (;;) {
      switch (code[pc]) {
        // ---- control ----
        case I.UNREACHABLE:
          throw new Trap(TrapCode.UnreachableCodeReached);
        case I.BR:
          pc = code[pc + 1];
          break;
        case I.BR_IF:
          pc = i32[(fp + code[pc + 1]) << 1] !== 0 ? code[pc + 2] : pc + 3;
          break;
        case I.BR_IF_EQZ:
          pc = i32[(fp + code[pc + 1]) << 1] === 0 ? code[pc + 2] : pc + 3;
          break;
        case I.BR_IF_I32_EQ:
          pc = i32[(fp + code[pc + 1]) << 1] === i32[(fp + code[pc + 2]) << 1] ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_NE:
          pc = i32[(fp + code[pc + 1]) << 1] !== i32[(fp + code[pc + 2]) << 1] ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_LT_S:
          pc = i32[(fp + code[pc + 1]) << 1] < i32[(fp + code[pc + 2]) << 1] ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_LT_U:
          pc = i32[(fp + code[pc + 1]) << 1] >>> 0 < i32[(fp + code[pc + 2]) << 1] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_GT_S:
          pc = i32[(fp + code[pc + 1]) << 1] > i32[(fp + code[pc + 2]) << 1] ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_GT_U:
          pc = i32[(fp + code[pc + 1]) << 1] >>> 0 > i32[(fp + code[pc + 2]) << 1] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_LE_S:
          pc = i32[(fp + code[pc + 1]) << 1] <= i32[(fp + code[pc + 2]) << 1] ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_LE_U:
          pc = i32[(fp + code[pc + 1]) << 1] >>> 0 <= i32[(fp + code[pc + 2]) << 1] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_GE_S:
          pc = i32[(fp + code[pc + 1]) << 1] >= i32[(fp + code[pc + 2]) << 1] ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_GE_U:
          pc = i32[(fp + code[pc + 1]) << 1] >>> 0 >= i32[(fp + code[pc + 2]) << 1] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_EQ_IMM:
          pc = i32[(fp + code[pc + 1]) << 1] === code[pc + 2] ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_NE_IMM:
          pc = i32[(fp + code[pc + 1]) << 1] !== code[pc + 2] ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_LT_S_IMM:
          pc = i32[(fp + code[pc + 1]) << 1] < code[pc + 2] ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_LT_U_IMM:
          pc = i32[(fp + code[pc + 1]) << 1] >>> 0 < code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_GT_S_IMM:
          pc = i32[(fp + code[pc + 1]) << 1] > code[pc + 2] ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_GT_U_IMM:
          pc = i32[(fp + code[pc + 1]) << 1] >>> 0 > code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_LE_S_IMM:
          pc = i32[(fp + code[pc + 1]) << 1] <= code[pc + 2] ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_LE_U_IMM:
          pc = i32[(fp + code[pc + 1]) << 1] >>> 0 <= code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_GE_S_IMM:
          pc = i32[(fp + code[pc + 1]) << 1] >= code[pc + 2] ? code[pc + 3] : pc + 4;
          break;
        case I.BR_IF_I32_GE_U_IMM:
          pc = i32[(fp + code[pc + 1]) << 1] >>> 0 >= code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case I.BR_TABLE: {
          const k = i32[(fp + code[pc + 1]) << 1] >>> 0;
          const n = code[pc + 2];
          pc = code[pc + 3 + (k < n ? k : n)];
          break;
        }
        // Returns: the result (if any) goes to the frame base, then the caller's frame is resumed.
        case I.RETURN1_32: {
          i32[fp << 1] = i32[(fp + code[pc + 1]) << 1];
          depth--;
          if (depth === entryDepth) {
            ctx.depth = depth;
            ctx.fuel = fuel;
            return DONE;
          }
          fn = ffn[depth - 1]!;
          fp = ffp[depth - 1];
          pc = fpc[depth - 1];
          code = fn.code.code;
          // With fuel, the caller's continuation after a call opens with a FUEL: charge it here, as CALL_FUEL
          // charges a callee's entry, and skip its dispatch; when the fuel left does not pay, the FUEL runs.
          if (code[pc] === I.FUEL && code[pc + 1] <= fuel) {
            fuel -= code[pc + 1];
            pc += 2;
          }
          if (fn.instance !== inst) {
            // Back into another instance: its memory (a callee of the same instance grew the shared view itself).
            inst = fn.instance;
            mem = inst.memories[0];
            if (mem !== undefined) {
              view = mem.view;
              memSize = mem.byteLength;
            }
          }
          break;
        }
        case I.RETURN1_64: {
          const s = (fp + code[pc + 1]) << 1;
          i32[fp << 1] = i32[s];
          i32[(fp << 1) + 1] = i32[s + 1];
          depth--;
          if (depth === entryDepth) {
            ctx.depth = depth;
            ctx.fuel = fuel;
            return DONE;
          }
          fn = ffn[depth - 1]!;
          fp = ffp[depth - 1];
          pc = fpc[depth - 1];
          code = fn.code.code;
          if (code[pc] === I.FUEL && code[pc + 1] <= fuel) {
            // (The continuation's FUEL, as in RETURN1_32.)
            fuel -= code[pc + 1];
            pc += 2;
          }
          if (fn.instance !== inst) {
            // Back into another instance: its memory (a callee of the same instance grew the shared view itself).
            inst = fn.instance;
            mem = inst.memories[0];
            if (mem !== undefined) {
              view = mem.view;
              memSize = mem.byteLength;
            }
          }
          break;
        }
        case I.RETURN1_REF: {
          refs[fp] = refs[fp + code[pc + 1]];
          depth--;
          if (depth === entryDepth) {
            ctx.depth = depth;
            ctx.fuel = fuel;
            return DONE;
          }
          fn = ffn[depth - 1]!;
          fp = ffp[depth - 1];
          pc = fpc[depth - 1];
          code = fn.code.code;
          if (code[pc] === I.FUEL && code[pc + 1] <= fuel) {
            // (The continuation's FUEL, as in RETURN1_32.)
            fuel -= code[pc + 1];
            pc += 2;
          }
          if (fn.instance !== inst) {
            // Back into another instance: its memory (a callee of the same instance grew the shared view itself).
            inst = fn.instance;
            mem = inst.memories[0];
            if (mem !== undefined) {
              view = mem.view;
              memSize = mem.byteLength;
            }
          }
          break;
        }
        case I.RETURN: {
          depth--;
          if (depth === entryDepth) {
            ctx.depth = depth;
            ctx.fuel = fuel;
            return DONE;
          }
          fn = ffn[depth - 1]!;
          fp = ffp[depth - 1];
          pc = fpc[depth - 1];
          code = fn.code.code;
          if (code[pc] === I.FUEL && code[pc + 1] <= fuel) {
            // (The continuation's FUEL, as in RETURN1_32.)
            fuel -= code[pc + 1];
            pc += 2;
          }
          if (fn.instance !== inst) {
            // Back into another instance: its memory (a callee of the same instance grew the shared view itself).
            inst = fn.instance;
            mem = inst.memories[0];
            if (mem !== undefined) {
              view = mem.view;
              memSize = mem.byteLength;
            }
          }
          break;
        }
        // Calls: a wasm callee's frame starts at the caller's argument slots (`nfp`); the caller resumes at `fpc`.
        case I.CALL_LOCAL: {
          // A defined function of this module: always wasm code of the same instance (artifact/verify.ts checks).
          const callee = inst.funcs[code[pc + 1]] as WasmFuncInstance;
          const nfp = fp + code[pc + 2];
          const cc = callee.code;
          // One comparison on the fast path: frame arrays hold at most `limit + 1` entries.
          if (nfp + cc.frameSize > limit || depth >= ffp.length - 1) {
            if (nfp + cc.frameSize > limit || depth >= limit) throw new Trap(TrapCode.StackOverflow);
            ctx.growFrames(depth);
            ffp = ctx.frameFp;
            fpc = ctx.framePc;
            ffn = ctx.frameFunc;
          }
          fpc[depth - 1] = pc + 3;
          ffn[depth] = callee;
          ffp[depth] = nfp;
          depth++;
          fn = callee;
          code = cc.code;
          fp = nfp;
          pc = 0;
          break;
        }
        case I.CALL: {
          const callee = inst.funcs[code[pc + 1]]!;
          const nfp = fp + code[pc + 2];
          const next = pc + 3;
          if (callee.kind === 'wasm') {
            const cc = callee.code;
            if (nfp + cc.frameSize > limit || depth >= ffp.length - 1) {
              if (nfp + cc.frameSize > limit || depth >= limit) throw new Trap(TrapCode.StackOverflow);
              ctx.growFrames(depth);
              ffp = ctx.frameFp;
              fpc = ctx.framePc;
              ffn = ctx.frameFunc;
            }
            fpc[depth - 1] = next;
            ffn[depth] = callee;
            ffp[depth] = nfp;
            depth++;
            fn = callee;
            code = cc.code;
            fp = nfp;
            pc = 0;
            if (callee.instance !== inst) {
              inst = callee.instance;
              mem = inst.memories[0];
              if (mem !== undefined) {
                view = mem.view;
                memSize = mem.byteLength;
              }
            }
            break;
          }
          fpc[depth - 1] = next;
          ctx.depth = depth;
          ctx.fuel = fuel;
          if (async && callee.invokeAsync !== undefined) return inHostCall(ctx, callee, nfp, inst, fp + fn.code.frameSize, pc, next, code);
          inHost = true;
          callHostHooked(ctx, callee, nfp, inst, fp + fn.code.frameSize);
          inHost = false;
          fuel = ctx.fuel;
          if (!async) deadline = ctx.epochDeadline;
          // A callback into wasm may have grown the frame arrays.
          ffp = ctx.frameFp;
          fpc = ctx.framePc;
          if (mem !== undefined) {
            view = mem.view;
            memSize = mem.byteLength;
          }
          pc = next;
          break;
        }
        case I.CALL_INDIRECT: {
          const els = inst.tables[code[pc + 2]]!.elements;
          const k = i32[(fp + code[pc + 4]) << 1] >>> 0;
          if (k >= els.length) throw new Trap(TrapCode.TableOutOfBounds, 'undefined element');
          const callee = els[k] as FuncInstance | null | undefined;
          if (callee == null) throw new Trap(TrapCode.IndirectCallToNull);
          if (callee.typeId !== inst.typeIds[code[pc + 1]]) throw new Trap(TrapCode.BadSignature);
          const nfp = fp + code[pc + 3];
          const next = pc + 5;
          if (callee.kind === 'wasm') {
            const cc = callee.code;
            if (nfp + cc.frameSize > limit || depth >= ffp.length - 1) {
              if (nfp + cc.frameSize > limit || depth >= limit) throw new Trap(TrapCode.StackOverflow);
              ctx.growFrames(depth);
              ffp = ctx.frameFp;
              fpc = ctx.framePc;
              ffn = ctx.frameFunc;
            }
            fpc[depth - 1] = next;
            ffn[depth] = callee;
            ffp[depth] = nfp;
            depth++;
            fn = callee;
            code = cc.code;
            fp = nfp;
            pc = 0;
            if (callee.instance !== inst) {
              inst = callee.instance;
              mem = inst.memories[0];
              if (mem !== undefined) {
                view = mem.view;
                memSize = mem.byteLength;
              }
            }
            break;
          }
          fpc[depth - 1] = next;
          ctx.depth = depth;
          ctx.fuel = fuel;
          if (async && callee.invokeAsync !== undefined) return inHostCall(ctx, callee, nfp, inst, fp + fn.code.frameSize, pc, next, code);
          inHost = true;
          callHostHooked(ctx, callee, nfp, inst, fp + fn.code.frameSize);
          inHost = false;
          fuel = ctx.fuel;
          if (!async) deadline = ctx.epochDeadline;
          // A callback into wasm may have grown the frame arrays.
          ffp = ctx.frameFp;
          fpc = ctx.framePc;
          if (mem !== undefined) {
            view = mem.view;
            memSize = mem.byteLength;
          }
          pc = next;
          break;
        }
        case I.ZERO_LOCALS: {
          const from = (fp + code[pc + 1]) << 1;
          const to = from + (code[pc + 2] << 1);
          for (let k = from; k < to; k++) i32[k] = 0;
          pc += 3;
          break;
        }
        case I.NULL_LOCALS: {
          const from = fp + code[pc + 1];
          const to = from + code[pc + 2];
          for (let k = from; k < to; k++) refs[k] = null;
          pc += 3;
          break;
        }

        // ---- moves, constants, select, globals, references ----
        case I.COPY32:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1];
          pc += 3;
          break;
        case I.COPY64: {
          const d = (fp + code[pc + 1]) << 1;
          const s = (fp + code[pc + 2]) << 1;
          i32[d] = i32[s];
          i32[d + 1] = i32[s + 1];
          pc += 3;
          break;
        }
        case I.COPY_REF:
          refs[fp + code[pc + 1]] = refs[fp + code[pc + 2]];
          pc += 3;
          break;
        case I.CONST32:
          i32[(fp + code[pc + 1]) << 1] = code[pc + 2];
          pc += 3;
          break;
        case I.CONST64: {
          const d = (fp + code[pc + 1]) << 1;
          i32[d] = code[pc + 2];
          i32[d + 1] = code[pc + 3];
          pc += 4;
          break;
        }
        case I.SELECT32:
          i32[(fp + code[pc + 1]) << 1] =
            i32[(fp + code[pc + 4]) << 1] !== 0 ? i32[(fp + code[pc + 2]) << 1] : i32[(fp + code[pc + 3]) << 1];
          pc += 5;
          break;
        case I.SELECT64: {
          const s = (fp + (i32[(fp + code[pc + 4]) << 1] !== 0 ? code[pc + 2] : code[pc + 3])) << 1;
          const d = (fp + code[pc + 1]) << 1;
          const lo = i32[s];
          const hi = i32[s + 1];
          i32[d] = lo;
          i32[d + 1] = hi;
          pc += 5;
          break;
        }
        case I.GLOBAL_GET32:
          i32[(fp + code[pc + 1]) << 1] = inst.globals[code[pc + 2]]!.i32[0];
          pc += 3;
          break;
        case I.GLOBAL_GET64: {
          const g = inst.globals[code[pc + 2]]!.i32;
          const d = (fp + code[pc + 1]) << 1;
          i32[d] = g[0];
          i32[d + 1] = g[1];
          pc += 3;
          break;
        }
        case I.GLOBAL_SET32:
          inst.globals[code[pc + 1]]!.i32[0] = i32[(fp + code[pc + 2]) << 1];
          pc += 3;
          break;
        case I.GLOBAL_SET64: {
          const g = inst.globals[code[pc + 1]]!.i32;
          const s = (fp + code[pc + 2]) << 1;
          g[0] = i32[s];
          g[1] = i32[s + 1];
          pc += 3;
          break;
        }

        // ---- i32 ----
        case I.I32_EQZ:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] === 0 ? 1 : 0;
          pc += 3;
          break;
        case I.I32_EQ:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] === i32[(fp + code[pc + 3]) << 1] ? 1 : 0;
          pc += 4;
          break;
        case I.I32_NE:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] !== i32[(fp + code[pc + 3]) << 1] ? 1 : 0;
          pc += 4;
          break;
        case I.I32_LT_S:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] < i32[(fp + code[pc + 3]) << 1] ? 1 : 0;
          pc += 4;
          break;
        case I.I32_LT_U:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >>> 0 < i32[(fp + code[pc + 3]) << 1] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I32_GT_S:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] > i32[(fp + code[pc + 3]) << 1] ? 1 : 0;
          pc += 4;
          break;
        case I.I32_GT_U:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >>> 0 > i32[(fp + code[pc + 3]) << 1] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I32_LE_S:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] <= i32[(fp + code[pc + 3]) << 1] ? 1 : 0;
          pc += 4;
          break;
        case I.I32_LE_U:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >>> 0 <= i32[(fp + code[pc + 3]) << 1] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I32_GE_S:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >= i32[(fp + code[pc + 3]) << 1] ? 1 : 0;
          pc += 4;
          break;
        case I.I32_GE_U:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >>> 0 >= i32[(fp + code[pc + 3]) << 1] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I32_ADD:
          i32[(fp + code[pc + 1]) << 1] = (i32[(fp + code[pc + 2]) << 1] + i32[(fp + code[pc + 3]) << 1]) | 0;
          pc += 4;
          break;
        case I.I32_SUB:
          i32[(fp + code[pc + 1]) << 1] = (i32[(fp + code[pc + 2]) << 1] - i32[(fp + code[pc + 3]) << 1]) | 0;
          pc += 4;
          break;
        case I.I32_MUL:
          i32[(fp + code[pc + 1]) << 1] = Math.imul(i32[(fp + code[pc + 2]) << 1], i32[(fp + code[pc + 3]) << 1]);
          pc += 4;
          break;
        case I.I32_DIV_S:
          i32[(fp + code[pc + 1]) << 1] = S.i32_div_s(i32[(fp + code[pc + 2]) << 1], i32[(fp + code[pc + 3]) << 1]);
          pc += 4;
          break;
        case I.I32_DIV_U:
          i32[(fp + code[pc + 1]) << 1] = S.i32_div_u(i32[(fp + code[pc + 2]) << 1], i32[(fp + code[pc + 3]) << 1]);
          pc += 4;
          break;
        case I.I32_REM_S:
          i32[(fp + code[pc + 1]) << 1] = S.i32_rem_s(i32[(fp + code[pc + 2]) << 1], i32[(fp + code[pc + 3]) << 1]);
          pc += 4;
          break;
        case I.I32_REM_U:
          i32[(fp + code[pc + 1]) << 1] = S.i32_rem_u(i32[(fp + code[pc + 2]) << 1], i32[(fp + code[pc + 3]) << 1]);
          pc += 4;
          break;
        case I.I32_AND:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] & i32[(fp + code[pc + 3]) << 1];
          pc += 4;
          break;
        case I.I32_OR:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] | i32[(fp + code[pc + 3]) << 1];
          pc += 4;
          break;
        case I.I32_XOR:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] ^ i32[(fp + code[pc + 3]) << 1];
          pc += 4;
          break;
        case I.I32_SHL:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] << i32[(fp + code[pc + 3]) << 1];
          pc += 4;
          break;
        case I.I32_SHR_S:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >> i32[(fp + code[pc + 3]) << 1];
          pc += 4;
          break;
        case I.I32_SHR_U:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >>> i32[(fp + code[pc + 3]) << 1];
          pc += 4;
          break;
        case I.I32_ROTL: {
          const x = i32[(fp + code[pc + 2]) << 1];
          const k = i32[(fp + code[pc + 3]) << 1];
          i32[(fp + code[pc + 1]) << 1] = (x << k) | (x >>> (32 - k));
          pc += 4;
          break;
        }
        case I.I32_EQ_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] === code[pc + 3] ? 1 : 0;
          pc += 4;
          break;
        case I.I32_NE_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] !== code[pc + 3] ? 1 : 0;
          pc += 4;
          break;
        case I.I32_LT_S_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] < code[pc + 3] ? 1 : 0;
          pc += 4;
          break;
        case I.I32_LT_U_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >>> 0 < code[pc + 3] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I32_GT_S_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] > code[pc + 3] ? 1 : 0;
          pc += 4;
          break;
        case I.I32_GT_U_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >>> 0 > code[pc + 3] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I32_LE_S_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] <= code[pc + 3] ? 1 : 0;
          pc += 4;
          break;
        case I.I32_LE_U_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >>> 0 <= code[pc + 3] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I32_GE_S_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >= code[pc + 3] ? 1 : 0;
          pc += 4;
          break;
        case I.I32_GE_U_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >>> 0 >= code[pc + 3] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I32_ADD_IMM:
          i32[(fp + code[pc + 1]) << 1] = (i32[(fp + code[pc + 2]) << 1] + code[pc + 3]) | 0;
          pc += 4;
          break;
        case I.I32_MUL_IMM:
          i32[(fp + code[pc + 1]) << 1] = Math.imul(i32[(fp + code[pc + 2]) << 1], code[pc + 3]);
          pc += 4;
          break;
        case I.I32_AND_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] & code[pc + 3];
          pc += 4;
          break;
        case I.I32_OR_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] | code[pc + 3];
          pc += 4;
          break;
        case I.I32_XOR_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] ^ code[pc + 3];
          pc += 4;
          break;
        case I.I32_SHL_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] << code[pc + 3];
          pc += 4;
          break;
        case I.I32_SHR_S_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >> code[pc + 3];
          pc += 4;
          break;
        case I.I32_SHR_U_IMM:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] >>> code[pc + 3];
          pc += 4;
          break;

        // ---- i64 ----
        case I.I64_EQZ: {
          const a = (fp + code[pc + 2]) << 1;
          i32[(fp + code[pc + 1]) << 1] = (i32[a] | i32[a + 1]) === 0 ? 1 : 0;
          pc += 3;
          break;
        }
        case I.I64_EQ: {
          const a = (fp + code[pc + 2]) << 1;
          const b = (fp + code[pc + 3]) << 1;
          i32[(fp + code[pc + 1]) << 1] = i32[a] === i32[b] && i32[a + 1] === i32[b + 1] ? 1 : 0;
          pc += 4;
          break;
        }
        case I.I64_NE: {
          const a = (fp + code[pc + 2]) << 1;
          const b = (fp + code[pc + 3]) << 1;
          i32[(fp + code[pc + 1]) << 1] = i32[a] !== i32[b] || i32[a + 1] !== i32[b + 1] ? 1 : 0;
          pc += 4;
          break;
        }
        case I.I64_LT_S:
          i32[(fp + code[pc + 1]) << 1] = I64.i64_cmp_s(i32, (fp + code[pc + 2]) << 1, (fp + code[pc + 3]) << 1) < 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I64_LT_U:
          i32[(fp + code[pc + 1]) << 1] = I64.i64_cmp_u(i32, (fp + code[pc + 2]) << 1, (fp + code[pc + 3]) << 1) < 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I64_GT_S:
          i32[(fp + code[pc + 1]) << 1] = I64.i64_cmp_s(i32, (fp + code[pc + 2]) << 1, (fp + code[pc + 3]) << 1) > 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I64_GT_U:
          i32[(fp + code[pc + 1]) << 1] = I64.i64_cmp_u(i32, (fp + code[pc + 2]) << 1, (fp + code[pc + 3]) << 1) > 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I64_LE_S:
          i32[(fp + code[pc + 1]) << 1] = I64.i64_cmp_s(i32, (fp + code[pc + 2]) << 1, (fp + code[pc + 3]) << 1) <= 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I64_LE_U:
          i32[(fp + code[pc + 1]) << 1] = I64.i64_cmp_u(i32, (fp + code[pc + 2]) << 1, (fp + code[pc + 3]) << 1) <= 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I64_GE_S:
          i32[(fp + code[pc + 1]) << 1] = I64.i64_cmp_s(i32, (fp + code[pc + 2]) << 1, (fp + code[pc + 3]) << 1) >= 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I64_GE_U:
          i32[(fp + code[pc + 1]) << 1] = I64.i64_cmp_u(i32, (fp + code[pc + 2]) << 1, (fp + code[pc + 3]) << 1) >= 0 ? 1 : 0;
          pc += 4;
          break;
        case I.I64_ADD:
          i64[fp + code[pc + 1]] = BigInt.asIntN(64, i64[fp + code[pc + 2]] + i64[fp + code[pc + 3]]);
          pc += 4;
          break;
        case I.I64_SUB:
          i64[fp + code[pc + 1]] = BigInt.asIntN(64, i64[fp + code[pc + 2]] - i64[fp + code[pc + 3]]);
          pc += 4;
          break;
        case I.I64_MUL:
          i64[fp + code[pc + 1]] = BigInt.asIntN(64, i64[fp + code[pc + 2]] * i64[fp + code[pc + 3]]);
          pc += 4;
          break;
        case I.I64_DIV_S:
          I64.i64_div_s(i32, i64, fp + code[pc + 1], fp + code[pc + 2], fp + code[pc + 3]);
          pc += 4;
          break;
        case I.I64_DIV_U:
          I64.i64_div_u(i32, i64, fp + code[pc + 1], fp + code[pc + 2], fp + code[pc + 3]);
          pc += 4;
          break;
        case I.I64_REM_S:
          I64.i64_rem_s(i32, i64, fp + code[pc + 1], fp + code[pc + 2], fp + code[pc + 3]);
          pc += 4;
          break;
        case I.I64_REM_U:
          I64.i64_rem_u(i32, i64, fp + code[pc + 1], fp + code[pc + 2], fp + code[pc + 3]);
          pc += 4;
          break;
        case I.I64_AND:
          i64[fp + code[pc + 1]] = BigInt.asIntN(64, i64[fp + code[pc + 2]] & i64[fp + code[pc + 3]]);
          pc += 4;
          break;
        case I.I64_OR:
          i64[fp + code[pc + 1]] = BigInt.asIntN(64, i64[fp + code[pc + 2]] | i64[fp + code[pc + 3]]);
          pc += 4;
          break;
        case I.I64_XOR:
          i64[fp + code[pc + 1]] = BigInt.asIntN(64, i64[fp + code[pc + 2]] ^ i64[fp + code[pc + 3]]);
          pc += 4;
          break;
        case I.I64_SHL:
          I64.i64_shl(i32, (fp + code[pc + 1]) << 1, (fp + code[pc + 2]) << 1, i32[(fp + code[pc + 3]) << 1]);
          pc += 4;
          break;
        case I.I64_SHR_S:
          I64.i64_shr_s(i32, (fp + code[pc + 1]) << 1, (fp + code[pc + 2]) << 1, i32[(fp + code[pc + 3]) << 1]);
          pc += 4;
          break;
        case I.I64_SHR_U:
          I64.i64_shr_u(i32, (fp + code[pc + 1]) << 1, (fp + code[pc + 2]) << 1, i32[(fp + code[pc + 3]) << 1]);
          pc += 4;
          break;
        case I.I64_ROTL:
          I64.i64_rotl(i32, (fp + code[pc + 1]) << 1, (fp + code[pc + 2]) << 1, i32[(fp + code[pc + 3]) << 1]);
          pc += 4;
          break;

        // ---- f32 ----
        case I.F32_EQ:
          i32[(fp + code[pc + 1]) << 1] = f32[(fp + code[pc + 2]) << 1] === f32[(fp + code[pc + 3]) << 1] ? 1 : 0;
          pc += 4;
          break;
        case I.F32_NE:
          i32[(fp + code[pc + 1]) << 1] = f32[(fp + code[pc + 2]) << 1] !== f32[(fp + code[pc + 3]) << 1] ? 1 : 0;
          pc += 4;
          break;
        case I.F32_LT:
          i32[(fp + code[pc + 1]) << 1] = f32[(fp + code[pc + 2]) << 1] < f32[(fp + code[pc + 3]) << 1] ? 1 : 0;
          pc += 4;
          break;
        case I.F32_GT:
          i32[(fp + code[pc + 1]) << 1] = f32[(fp + code[pc + 2]) << 1] > f32[(fp + code[pc + 3]) << 1] ? 1 : 0;
          pc += 4;
          break;
        case I.F32_LE:
          i32[(fp + code[pc + 1]) << 1] = f32[(fp + code[pc + 2]) << 1] <= f32[(fp + code[pc + 3]) << 1] ? 1 : 0;
          pc += 4;
          break;
        case I.F32_GE:
          i32[(fp + code[pc + 1]) << 1] = f32[(fp + code[pc + 2]) << 1] >= f32[(fp + code[pc + 3]) << 1] ? 1 : 0;
          pc += 4;
          break;
        case I.F32_ABS:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] & 0x7fffffff;
          pc += 3;
          break;
        case I.F32_NEG:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] ^ -0x80000000;
          pc += 3;
          break;
        case I.F32_ADD:
          f32[(fp + code[pc + 1]) << 1] = f32[(fp + code[pc + 2]) << 1] + f32[(fp + code[pc + 3]) << 1];
          pc += 4;
          break;
        case I.F32_SUB:
          f32[(fp + code[pc + 1]) << 1] = f32[(fp + code[pc + 2]) << 1] - f32[(fp + code[pc + 3]) << 1];
          pc += 4;
          break;
        case I.F32_MUL:
          f32[(fp + code[pc + 1]) << 1] = f32[(fp + code[pc + 2]) << 1] * f32[(fp + code[pc + 3]) << 1];
          pc += 4;
          break;
        case I.F32_DIV:
          f32[(fp + code[pc + 1]) << 1] = f32[(fp + code[pc + 2]) << 1] / f32[(fp + code[pc + 3]) << 1];
          pc += 4;
          break;

        // ---- f64 ----
        case I.F64_EQ:
          i32[(fp + code[pc + 1]) << 1] = f64[fp + code[pc + 2]] === f64[fp + code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case I.F64_NE:
          i32[(fp + code[pc + 1]) << 1] = f64[fp + code[pc + 2]] !== f64[fp + code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case I.F64_LT:
          i32[(fp + code[pc + 1]) << 1] = f64[fp + code[pc + 2]] < f64[fp + code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case I.F64_GT:
          i32[(fp + code[pc + 1]) << 1] = f64[fp + code[pc + 2]] > f64[fp + code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case I.F64_LE:
          i32[(fp + code[pc + 1]) << 1] = f64[fp + code[pc + 2]] <= f64[fp + code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case I.F64_GE:
          i32[(fp + code[pc + 1]) << 1] = f64[fp + code[pc + 2]] >= f64[fp + code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case I.F64_ABS: {
          const a = (fp + code[pc + 2]) << 1;
          const d = (fp + code[pc + 1]) << 1;
          const lo = i32[a];
          const hi = i32[a + 1] & 0x7fffffff;
          i32[d] = lo;
          i32[d + 1] = hi;
          pc += 3;
          break;
        }
        case I.F64_NEG: {
          const a = (fp + code[pc + 2]) << 1;
          const d = (fp + code[pc + 1]) << 1;
          const lo = i32[a];
          const hi = i32[a + 1] ^ -0x80000000;
          i32[d] = lo;
          i32[d + 1] = hi;
          pc += 3;
          break;
        }
        case I.F64_SQRT:
          f64[fp + code[pc + 1]] = Math.sqrt(f64[fp + code[pc + 2]]);
          pc += 3;
          break;
        case I.F64_ADD:
          f64[fp + code[pc + 1]] = f64[fp + code[pc + 2]] + f64[fp + code[pc + 3]];
          pc += 4;
          break;
        case I.F64_SUB:
          f64[fp + code[pc + 1]] = f64[fp + code[pc + 2]] - f64[fp + code[pc + 3]];
          pc += 4;
          break;
        case I.F64_MUL:
          f64[fp + code[pc + 1]] = f64[fp + code[pc + 2]] * f64[fp + code[pc + 3]];
          pc += 4;
          break;
        case I.F64_DIV:
          f64[fp + code[pc + 1]] = f64[fp + code[pc + 2]] / f64[fp + code[pc + 3]];
          pc += 4;
          break;

        // ---- conversions ----
        case I.I32_WRAP_I64:
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1];
          pc += 3;
          break;
        case I.I64_EXTEND_I32_S: {
          const x = i32[(fp + code[pc + 2]) << 1];
          const d = (fp + code[pc + 1]) << 1;
          i32[d] = x;
          i32[d + 1] = x >> 31;
          pc += 3;
          break;
        }
        case I.I64_EXTEND_I32_U: {
          const d = (fp + code[pc + 1]) << 1;
          i32[d] = i32[(fp + code[pc + 2]) << 1];
          i32[d + 1] = 0;
          pc += 3;
          break;
        }
        case I.F64_CONVERT_I32_S:
          f64[fp + code[pc + 1]] = i32[(fp + code[pc + 2]) << 1];
          pc += 3;
          break;
        case I.F64_CONVERT_I32_U:
          f64[fp + code[pc + 1]] = i32[(fp + code[pc + 2]) << 1] >>> 0;
          pc += 3;
          break;

        // ---- memory: effective address = unsigned address + offset, checked against the current size ----
        case I.I32_LOAD:
        case I.F32_LOAD: {
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memSize) throw outOfBounds();
          i32[(fp + code[pc + 1]) << 1] = view.getInt32(ea, true);
          pc += 4;
          break;
        }
        case I.I64_LOAD: {
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          const d = (fp + code[pc + 1]) << 1;
          i32[d] = view.getInt32(ea, true);
          i32[d + 1] = view.getInt32(ea + 4, true);
          pc += 4;
          break;
        }
        case I.F64_LOAD: {
          // Float64 moves keep NaN payloads on V8 (x64, arm64): float_memory.wast checks it.
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          f64[fp + code[pc + 1]] = view.getFloat64(ea, true);
          pc += 4;
          break;
        }
        case I.I32_LOAD8_S: {
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memSize) throw outOfBounds();
          i32[(fp + code[pc + 1]) << 1] = view.getInt8(ea);
          pc += 4;
          break;
        }
        case I.I32_LOAD8_U: {
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memSize) throw outOfBounds();
          i32[(fp + code[pc + 1]) << 1] = view.getUint8(ea);
          pc += 4;
          break;
        }
        case I.I32_LOAD16_S: {
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memSize) throw outOfBounds();
          i32[(fp + code[pc + 1]) << 1] = view.getInt16(ea, true);
          pc += 4;
          break;
        }
        case I.I32_LOAD16_U: {
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memSize) throw outOfBounds();
          i32[(fp + code[pc + 1]) << 1] = view.getUint16(ea, true);
          pc += 4;
          break;
        }
        case I.I64_LOAD8_S: {
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memSize) throw outOfBounds();
          const d = (fp + code[pc + 1]) << 1;
          const lo = view.getInt8(ea);
          i32[d] = lo;
          i32[d + 1] = lo >> 31;
          pc += 4;
          break;
        }
        case I.I64_LOAD8_U: {
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memSize) throw outOfBounds();
          const d = (fp + code[pc + 1]) << 1;
          const lo = view.getUint8(ea);
          i32[d] = lo;
          i32[d + 1] = 0;
          pc += 4;
          break;
        }
        case I.I64_LOAD16_S: {
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memSize) throw outOfBounds();
          const d = (fp + code[pc + 1]) << 1;
          const lo = view.getInt16(ea, true);
          i32[d] = lo;
          i32[d + 1] = lo >> 31;
          pc += 4;
          break;
        }
        case I.I64_LOAD16_U: {
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memSize) throw outOfBounds();
          const d = (fp + code[pc + 1]) << 1;
          const lo = view.getUint16(ea, true);
          i32[d] = lo;
          i32[d + 1] = 0;
          pc += 4;
          break;
        }
        case I.I64_LOAD32_S: {
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memSize) throw outOfBounds();
          const d = (fp + code[pc + 1]) << 1;
          const lo = view.getInt32(ea, true);
          i32[d] = lo;
          i32[d + 1] = lo >> 31;
          pc += 4;
          break;
        }
        case I.I64_LOAD32_U: {
          const ea = (i32[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memSize) throw outOfBounds();
          const d = (fp + code[pc + 1]) << 1;
          const lo = view.getInt32(ea, true);
          i32[d] = lo;
          i32[d + 1] = 0;
          pc += 4;
          break;
        }
        case I.I32_STORE:
        case I.F32_STORE: {
          const ea = (i32[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memSize) throw outOfBounds();
          view.setInt32(ea, i32[(fp + code[pc + 2]) << 1], true);
          pc += 4;
          break;
        }
        case I.I64_STORE: {
          const ea = (i32[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          const s = (fp + code[pc + 2]) << 1;
          view.setInt32(ea, i32[s], true);
          view.setInt32(ea + 4, i32[s + 1], true);
          pc += 4;
          break;
        }
        case I.F64_STORE: {
          const ea = (i32[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          view.setFloat64(ea, f64[fp + code[pc + 2]], true);
          pc += 4;
          break;
        }
        case I.I32_STORE8:
        case I.I64_STORE8: {
          const ea = (i32[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memSize) throw outOfBounds();
          view.setInt8(ea, i32[(fp + code[pc + 2]) << 1]);
          pc += 4;
          break;
        }
        case I.I32_STORE16:
        case I.I64_STORE16: {
          const ea = (i32[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memSize) throw outOfBounds();
          view.setInt16(ea, i32[(fp + code[pc + 2]) << 1], true);
          pc += 4;
          break;
        }
        case I.I64_STORE32: {
          const ea = (i32[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memSize) throw outOfBounds();
          view.setInt32(ea, i32[(fp + code[pc + 2]) << 1], true);
          pc += 4;
          break;
        }

        // ---- tables ----

        // ---- metering ----
        case I.FUEL: {
          const cost = code[pc + 1];
          fuel -= cost;
          if (fuel < 0) {
            if (ctx.fuelReserve > 0) {
              // A fuel yield interval ran out: refill from the reserve, and yield (async) before charging.
              fuel = fuelRefill(ctx, fuel + cost, cost) - cost;
              if (async) return suspend(ctx, depth, pc, pc, code, fuel + cost);
            }
            if (fuel < 0) code = fuelShortfall(ctx, fn, pc + 2, fuel + cost);
          }
          pc += 2;
          break;
        }
        case I.CALL_FUEL: {
          // CALL of a function of this instance (never a host function), with fuel: charge the callee's entry
          // block here and skip its FUEL; when the fuel left does not pay for it, that FUEL runs (refill, yield,
          // shortfall).
          const callee = inst.funcs[code[pc + 1]] as WasmFuncInstance;
          const nfp = fp + code[pc + 2];
          const cc = callee.code;
          if (nfp + cc.frameSize > limit || depth >= limit) throw new Trap(TrapCode.StackOverflow);
          if (depth >= ffp.length) {
            ctx.growFrames(depth);
            ffp = ctx.frameFp;
            fpc = ctx.framePc;
            ffn = ctx.frameFunc;
          }
          fpc[depth - 1] = pc + 3;
          ffn[depth] = callee;
          ffp[depth] = nfp;
          depth++;
          fn = callee;
          code = cc.code;
          fp = nfp;
          if (code[0] === I.FUEL && code[1] <= fuel) {
            fuel -= code[1];
            pc = 2;
          } else {
            pc = 0;
          }
          break;
        }
        case I.FUEL_EXIT: {
          // A jump that leaves a chain of blocks charged at its head: refund what the chain charged beyond the
          // jump and charge what the target's chain has left from the target on (delta = that - refund).
          const after = fuel - code[pc + 1];
          if (after >= 0 && fuel >= 0) {
            fuel = after;
            pc = code[pc + 2];
            break;
          }
          // The target's rest costs more than the fuel left, or the chain ran short (fuel < 0 and `code` is the
          // private copy with a FUEL_TRAP ahead in the chain, which this jump leaves): back to the function's code
          // and charge the target's rest as a FUEL would.
          const target = code[pc + 2];
          const refund = code[pc + 3];
          const cost = code[pc + 1] + refund;
          let left = fuel + refund;
          code = fn.code.code;
          if (left < cost && ctx.fuelReserve > 0) {
            left = fuelRefill(ctx, left, cost);
            if (async) return suspend(ctx, depth, pc, pc, code, left - refund);
          }
          fuel = left - cost;
          if (fuel < 0) code = fuelShortfall(ctx, fn, target, left, cost);
          pc = target;
          break;
        }
        case I.FUEL_BULK: {
          const units = Math.floor((i32[(fp + code[pc + 1]) << 1] >>> 0) / code[pc + 2]);
          if (!(units <= fuel)) throw new Trap(TrapCode.OutOfFuel); // NaN too (a 0 divisor from a bad artifact)
          fuel -= units;
          pc += 3;
          break;
        }
        case I.FUEL_TRAP:
          ctx.framePc[depth - 1] = pc + 1;
          throw fuelTrap(ctx, depth);
        case I.EPOCH:
          if (epoch[0] >= deadline) {
            if (async) {
              if (--poll > 0 && epoch[0] < ctx.epochDeadline) {
                pc += 1;
                break;
              }
              poll = EPOCH_POLL;
            } else {
              deadline = ctx.epochDeadline;
              if (epoch[0] < deadline) {
                pc += 1;
                break;
              }
            }
            ctx.fuel = fuel;
            if (epochDeadlineReached(ctx, async)) return suspend(ctx, depth, pc, pc + 1, code, fuel);
            fuel = ctx.fuel;
            if (!async) deadline = ctx.epochDeadline;
          }
          pc += 1;
          break;

        // ---- fuse: superinstructions (compile/compiler.ts), each replacing the wasm pattern in its comment ----
        case I.I64_ADD_IMM: {
          // i64.const k; i64.add (low words added as unsigned, the carry into the high word)
          const a = (fp + code[pc + 2]) << 1;
          const d = (fp + code[pc + 1]) << 1;
          const lo = (i32[a] >>> 0) + (code[pc + 3] >>> 0);
          i32[d + 1] = (i32[a + 1] + code[pc + 4] + (lo > 0xffffffff ? 1 : 0)) | 0;
          i32[d] = lo | 0;
          pc += 5;
          break;
        }
        case I.I64_SUB_IMM: {
          // i64.const k; i64.sub
          const a = (fp + code[pc + 2]) << 1;
          const d = (fp + code[pc + 1]) << 1;
          const lo = (i32[a] >>> 0) - (code[pc + 3] >>> 0);
          i32[d + 1] = (i32[a + 1] - code[pc + 4] - (lo < 0 ? 1 : 0)) | 0;
          i32[d] = lo | 0;
          pc += 5;
          break;
        }
        case I.I64_MUL_IMM:
          // i64.const k; i64.mul (the constant's bits through the scratch view)
          K32[0] = code[pc + 3];
          K32[1] = code[pc + 4];
          i64[fp + code[pc + 1]] = BigInt.asIntN(64, i64[fp + code[pc + 2]] * K64[0]);
          pc += 5;
          break;
        case I.I64_AND_IMM: {
          // i64.const k; i64.and
          const a = (fp + code[pc + 2]) << 1;
          const d = (fp + code[pc + 1]) << 1;
          const hi = i32[a + 1] & code[pc + 4];
          i32[d] = i32[a] & code[pc + 3];
          i32[d + 1] = hi;
          pc += 5;
          break;
        }
        case I.I64_OR_IMM: {
          // i64.const k; i64.or
          const a = (fp + code[pc + 2]) << 1;
          const d = (fp + code[pc + 1]) << 1;
          const hi = i32[a + 1] | code[pc + 4];
          i32[d] = i32[a] | code[pc + 3];
          i32[d + 1] = hi;
          pc += 5;
          break;
        }
        case I.I64_XOR_IMM: {
          // i64.const k; i64.xor
          const a = (fp + code[pc + 2]) << 1;
          const d = (fp + code[pc + 1]) << 1;
          const hi = i32[a + 1] ^ code[pc + 4];
          i32[d] = i32[a] ^ code[pc + 3];
          i32[d + 1] = hi;
          pc += 5;
          break;
        }
        case I.I64_SHL_IMM:
          // i64.const n; i64.shl
          I64.i64_shl(i32, (fp + code[pc + 1]) << 1, (fp + code[pc + 2]) << 1, code[pc + 3]);
          pc += 4;
          break;
        case I.I64_SHR_S_IMM:
          // i64.const n; i64.shr_s
          I64.i64_shr_s(i32, (fp + code[pc + 1]) << 1, (fp + code[pc + 2]) << 1, code[pc + 3]);
          pc += 4;
          break;
        case I.I64_SHR_U_IMM:
          // i64.const n; i64.shr_u
          I64.i64_shr_u(i32, (fp + code[pc + 1]) << 1, (fp + code[pc + 2]) << 1, code[pc + 3]);
          pc += 4;
          break;
        case I.I64_ROTL_IMM:
          // i64.const n; i64.rotl (and i64.rotr by 64 - n)
          I64.i64_rotl(i32, (fp + code[pc + 1]) << 1, (fp + code[pc + 2]) << 1, code[pc + 3]);
          pc += 4;
          break;
        case I.I32_ADD_SHL_IMM:
          // i32.const k; i32.shl; i32.add
          i32[(fp + code[pc + 1]) << 1] = (i32[(fp + code[pc + 2]) << 1] + (i32[(fp + code[pc + 3]) << 1] << code[pc + 4])) | 0;
          pc += 5;
          break;
        case I.I32_LOAD_ADD: {
          // i32.add; i32.load (or f32.load) offset
          const ea = ((i32[(fp + code[pc + 2]) << 1] + i32[(fp + code[pc + 3]) << 1]) >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 4 > memSize) throw outOfBounds();
          i32[(fp + code[pc + 1]) << 1] = view.getInt32(ea, true);
          pc += 5;
          break;
        }
        case I.I32_LOAD_ADD_IMM: {
          // i32.const k; i32.add; i32.load (or f32.load) offset
          const ea = ((i32[(fp + code[pc + 2]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 4 > memSize) throw outOfBounds();
          i32[(fp + code[pc + 1]) << 1] = view.getInt32(ea, true);
          pc += 5;
          break;
        }
        case I.I32_LOAD8_U_ADD: {
          // i32.add; i32.load8_u offset
          const ea = ((i32[(fp + code[pc + 2]) << 1] + i32[(fp + code[pc + 3]) << 1]) >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 1 > memSize) throw outOfBounds();
          i32[(fp + code[pc + 1]) << 1] = view.getUint8(ea);
          pc += 5;
          break;
        }
        case I.I32_LOAD8_U_ADD_IMM: {
          // i32.const k; i32.add; i32.load8_u offset
          const ea = ((i32[(fp + code[pc + 2]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 1 > memSize) throw outOfBounds();
          i32[(fp + code[pc + 1]) << 1] = view.getUint8(ea);
          pc += 5;
          break;
        }
        case I.I64_LOAD_ADD: {
          // i32.add; i64.load (or f64.load) offset
          const ea = ((i32[(fp + code[pc + 2]) << 1] + i32[(fp + code[pc + 3]) << 1]) >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          const d = (fp + code[pc + 1]) << 1;
          i32[d] = view.getInt32(ea, true);
          i32[d + 1] = view.getInt32(ea + 4, true);
          pc += 5;
          break;
        }
        case I.I64_LOAD_ADD_IMM: {
          // i32.const k; i32.add; i64.load (or f64.load) offset
          const ea = ((i32[(fp + code[pc + 2]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          const d = (fp + code[pc + 1]) << 1;
          i32[d] = view.getInt32(ea, true);
          i32[d + 1] = view.getInt32(ea + 4, true);
          pc += 5;
          break;
        }
        case I.I32_ADD_IMM_BR_IF_NE: {
          // i32.const k; i32.add; local.tee d; i32.ne; br_if
          const v = (i32[(fp + code[pc + 2]) << 1] + code[pc + 3]) | 0;
          i32[(fp + code[pc + 1]) << 1] = v;
          pc = v !== i32[(fp + code[pc + 4]) << 1] ? code[pc + 5] : pc + 6;
          break;
        }
        case I.I32_ADD_IMM_BR_IF_NE_IMM: {
          // i32.const k; i32.add; local.tee d; (i32.const c; i32.ne;) br_if
          const v = (i32[(fp + code[pc + 2]) << 1] + code[pc + 3]) | 0;
          i32[(fp + code[pc + 1]) << 1] = v;
          pc = v !== code[pc + 4] ? code[pc + 5] : pc + 6;
          break;
        }

        case I.F64_ADD_LOAD: {
          // f64.load offset; f64.add
          const ea = (i32[(fp + code[pc + 3]) << 1] >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          f64[fp + code[pc + 1]] = f64[fp + code[pc + 2]] + view.getFloat64(ea, true);
          pc += 5;
          break;
        }
        case I.F64_SUB_LOAD: {
          // f64.load offset; f64.sub (the loaded value on the right)
          const ea = (i32[(fp + code[pc + 3]) << 1] >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          f64[fp + code[pc + 1]] = f64[fp + code[pc + 2]] - view.getFloat64(ea, true);
          pc += 5;
          break;
        }
        case I.F64_MUL_LOAD: {
          // f64.load offset; f64.mul
          const ea = (i32[(fp + code[pc + 3]) << 1] >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          f64[fp + code[pc + 1]] = f64[fp + code[pc + 2]] * view.getFloat64(ea, true);
          pc += 5;
          break;
        }
        case I.F64_STORE_ADD: {
          // f64.add; f64.store offset
          const ea = (i32[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          view.setFloat64(ea, f64[fp + code[pc + 2]] + f64[fp + code[pc + 3]], true);
          pc += 5;
          break;
        }
        case I.F64_STORE_SUB: {
          // f64.sub; f64.store offset
          const ea = (i32[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          view.setFloat64(ea, f64[fp + code[pc + 2]] - f64[fp + code[pc + 3]], true);
          pc += 5;
          break;
        }
        case I.F64_STORE_MUL: {
          // f64.mul; f64.store offset
          const ea = (i32[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          view.setFloat64(ea, f64[fp + code[pc + 2]] * f64[fp + code[pc + 3]], true);
          pc += 5;
          break;
        }
        case I.I32_LOAD_IDX: {
          // i32.const k; i32.shl; i32.add; i32.load (or f32.load) offset
          const ea = ((i32[(fp + code[pc + 2]) << 1] + (i32[(fp + code[pc + 3]) << 1] << code[pc + 4])) >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 4 > memSize) throw outOfBounds();
          i32[(fp + code[pc + 1]) << 1] = view.getInt32(ea, true);
          pc += 6;
          break;
        }
        case I.I64_LOAD_IDX: {
          // i32.const k; i32.shl; i32.add; i64.load (or f64.load) offset
          const ea = ((i32[(fp + code[pc + 2]) << 1] + (i32[(fp + code[pc + 3]) << 1] << code[pc + 4])) >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 8 > memSize) throw outOfBounds();
          const d = (fp + code[pc + 1]) << 1;
          i32[d] = view.getInt32(ea, true);
          i32[d + 1] = view.getInt32(ea + 4, true);
          pc += 6;
          break;
        }

        case I.I32_XOR_SHL_IMM:
          // i32.const k; i32.shl; i32.xor
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] ^ (i32[(fp + code[pc + 3]) << 1] << code[pc + 4]);
          pc += 5;
          break;
        case I.I32_XOR_SHR_U_IMM:
          // i32.const k; i32.shr_u; i32.xor
          i32[(fp + code[pc + 1]) << 1] = i32[(fp + code[pc + 2]) << 1] ^ (i32[(fp + code[pc + 3]) << 1] >>> code[pc + 4]);
          pc += 5;
          break;
        case I.I64_XOR_SHL_IMM: {
          // i64.const k; i64.shl; i64.xor (k in 0..63)
          const a = (fp + code[pc + 2]) << 1;
          const b = (fp + code[pc + 3]) << 1;
          const k = code[pc + 4];
          const bl = i32[b];
          const bh = i32[b + 1];
          const lo = k === 0 ? bl : k < 32 ? bl << k : 0;
          const hi = k === 0 ? bh : k < 32 ? (bh << k) | (bl >>> (32 - k)) : bl << (k - 32);
          const d = (fp + code[pc + 1]) << 1;
          const ah = i32[a + 1];
          i32[d] = i32[a] ^ lo;
          i32[d + 1] = ah ^ hi;
          pc += 5;
          break;
        }
        case I.I64_XOR_SHR_U_IMM: {
          // i64.const k; i64.shr_u; i64.xor (k in 0..63)
          const a = (fp + code[pc + 2]) << 1;
          const b = (fp + code[pc + 3]) << 1;
          const k = code[pc + 4];
          const bl = i32[b];
          const bh = i32[b + 1];
          const lo = k === 0 ? bl : k < 32 ? (bl >>> k) | (bh << (32 - k)) : bh >>> (k - 32);
          const hi = k === 0 ? bh : k < 32 ? bh >>> k : 0;
          const d = (fp + code[pc + 1]) << 1;
          const ah = i32[a + 1];
          i32[d] = i32[a] ^ lo;
          i32[d + 1] = ah ^ hi;
          pc += 5;
          break;
        }

        case I.I32_MUL_ADD_IMM:
          // i32.const k1; i32.mul; i32.const k2; i32.add
          i32[(fp + code[pc + 1]) << 1] = (Math.imul(i32[(fp + code[pc + 2]) << 1], code[pc + 3]) + code[pc + 4]) | 0;
          pc += 5;
          break;
        case I.I32_SHL_ADD_IMM:
          // i32.const k1; i32.shl; i32.const k2; i32.add
          i32[(fp + code[pc + 1]) << 1] = ((i32[(fp + code[pc + 2]) << 1] << code[pc + 3]) + code[pc + 4]) | 0;
          pc += 5;
          break;
        case I.I32_ADD_SHL_IMM_IMM:
          // i32.const k1; i32.add; i32.const k2; i32.shl
          i32[(fp + code[pc + 1]) << 1] = (i32[(fp + code[pc + 2]) << 1] + code[pc + 3]) << code[pc + 4];
          pc += 5;
          break;
        case I.I32_SHR_U_AND_IMM:
          // i32.const k1; i32.shr_u; i32.const k2; i32.and
          i32[(fp + code[pc + 1]) << 1] = (i32[(fp + code[pc + 2]) << 1] >>> code[pc + 3]) & code[pc + 4];
          pc += 5;
          break;
        case I.I32_LOAD_SCALED: {
          // i32.const k; i32.shl; i32.const c; i32.add; i32.load (or f32.load) offset
          const ea = (((i32[(fp + code[pc + 2]) << 1] << code[pc + 3]) + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 4 > memSize) throw outOfBounds();
          i32[(fp + code[pc + 1]) << 1] = view.getInt32(ea, true);
          pc += 6;
          break;
        }

        case I.SELECT32_AND_IMM:
          // i32.const k; i32.and; select (32-bit operands)
          i32[(fp + code[pc + 1]) << 1] =
            (i32[(fp + code[pc + 4]) << 1] & code[pc + 5]) !== 0 ? i32[(fp + code[pc + 2]) << 1] : i32[(fp + code[pc + 3]) << 1];
          pc += 6;
          break;

        case I.SELECT32_GT_U_IMM:
          // i32.const k; i32.gt_u; select (32-bit operands)
          i32[(fp + code[pc + 1]) << 1] =
            i32[(fp + code[pc + 4]) << 1] >>> 0 > code[pc + 5] >>> 0 ? i32[(fp + code[pc + 2]) << 1] : i32[(fp + code[pc + 3]) << 1];
          pc += 6;
          break;

        // ---- art: lazily verified code ----
        case I.VERIFY:
          // First call of a function loaded from an artifact: check its code and run it (`deferred-code.ts`).
          code = settle(fn.instance.info, fn.code);
          pc = 0;
          break;

        // ---- everything else: out of line (`cold.ts`), so TurboFan's graph of this loop stays small ----
        default:
          ctx.fuel = fuel; // a resource limiter may look during memory.grow
          pc = runCold(code, pc, fp, stack, u64, inst, mem);
          if (mem !== undefined) {
            view = mem.view; // memory.grow may have replaced it
            memSize = mem.byteLength;
          }
          break;
      }
    }
  } catch (err) {
    ctx.framePc[depth - 1] = pc + 1;
    ctx.depth = entryDepth;
    const left = inHost || code[pc] === I.EPOCH ? ctx.fuel : fuel;
    ctx.fuel = fn.code.fuel === undefined ? left : fuelAfterTrap(ctx, fn, code, pc, left);
    throw withTrace(ctx, err, depth);
  }
}
