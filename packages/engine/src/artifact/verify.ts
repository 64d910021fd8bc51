/**
 * Structural verification of compiled code from an artifact, which weft treats as untrusted: walking each
 * function's code with the operand layouts of `compile/isa.ts`'s `ISA` list, every opcode must exist, every
 * operand must lie inside the code, slots must be inside the frame (`s`, `d`, and `d`+`c` ranges), branch
 * targets (`t`, and the `n`+1 targets of a table) must land on instruction boundaries, function, global, type,
 * table, element and data indices must be in range, calls must leave room for the callee's arguments and
 * results in the frame, `GLOBAL_SET*` must name a mutable global, memory instructions need a memory, and the
 * last instruction must not fall through past the end. With fuel or epochs on, metering must not be skippable
 * (`MeteringRules`). Nothing here knows opcode numbers: names and layout letters drive it, so new instructions
 * are checked as soon as they are listed. Loading must stay an order of magnitude faster than compiling, so the
 * walk is one pass over per-opcode tables built from the layouts at start-up: instructions with only slot,
 * immediate and single-target operands (most of them), `CALL` and `FUEL` are checked inline without allocating; a
 * failed fast check, and every other instruction, goes through `checkInstruction`, which applies each rule and
 * names what is wrong. What depends on the module (index limits, callee frame room) is computed once per module
 * (`moduleFacts`), not per function. `verifyHeader` (a function's index, type, arity and frame) runs for every
 * function at load time; `verifyCode` at load time or at the function's first call (`artifact/load.ts`). The
 * `VERIFY` stub of a deferred function is never valid code (only the loader places it).
 *
 * What it does not prove: that a slot holds a value of the type an instruction reads. A confused i32/f64 slot
 * only computes garbage bits; a confused reference is caught where references are used (`call_indirect`
 * compares type ids) — the executor never trusts a reference to be a function without that check.
 */
import type { CompiledFunction, ModuleInfo } from '@weft/serialize';
import { ISA } from '../compile/isa.js';
import { DeserializeError } from '../errors.js';

/** Largest frame a function may declare (slots); larger ones are certainly corrupt. */
const MAX_FRAME = 1 << 26;

interface Shape {
  name: string;
  /** The layout as operand kinds (`K`), one per letter. */
  kinds: Int8Array;
  /** Does not continue with the next instruction. */
  terminal: boolean;
  /** A call: its first `s` operand is where the callee's frame starts (`CALL f base`, `CALL_INDIRECT y b base i`). */
  call: boolean;
  /** Uses memory 0. */
  memory: boolean;
  /** Writes the global it names. */
  globalSet: boolean;
}

/** Operand kinds, from the layout letters. */
const enum K {
  Dest = 1,
  Src,
  Imm,
  Target,
  Count,
  Targets,
  Func,
  Global,
  Type,
  Table,
  Elem,
  Data,
  Unknown,
}

const KIND_OF: Record<string, K> = {
  d: K.Dest, s: K.Src, i: K.Imm, o: K.Imm, t: K.Target, c: K.Count, n: K.Targets,
  f: K.Func, g: K.Global, y: K.Type, b: K.Table, e: K.Elem, a: K.Data,
};

const SHAPES: readonly Shape[] = ISA.map(([name, layout]) => ({
  name,
  kinds: Int8Array.from(layout, (letter) => KIND_OF[letter] ?? K.Unknown),
  terminal: /^(UNREACHABLE|BR|BR_TABLE|RETURN\w*|FUEL_EXIT)$/.test(name),
  call: /^(RETURN_)?CALL/.test(name),
  memory: layout.includes('o') || name.startsWith('MEMORY_'),
  globalSet: name.startsWith('GLOBAL_SET'),
}));

/**
 * Operand forms the walk checks inline. `S`n: n slots right after the opcode, then only immediates; `S`n`T`: n
 * slots then a branch target; `S1IT`: slot, immediate, target; `CALL`: `CALL f base`; `FUEL`: `FUEL cost`.
 * Every other instruction (and memory instructions in a module without a memory) is `Slow`.
 */
const enum Form {
  Slow = 0,
  S0,
  S1,
  S2,
  S3,
  S4,
  S0T,
  S1T,
  S2T,
  S1IT,
  Call,
  Fuel,
  /** `CALL_LOCAL f base`: a `Call` whose callee must be a defined function (the executor assumes wasm code). */
  CallLocal,
}

/** The form of instruction `name` with operand layout `layout` (see `Form`). */
function formOf(name: string, layout: string, memory: boolean): Form {
  if (name === 'CALL' && layout === 'fs') return Form.Call;
  if (name === 'CALL_LOCAL' && layout === 'fs') return Form.CallLocal;
  if (name === 'FUEL' && layout === 'i') return Form.Fuel;
  if (/^(RETURN_)?CALL|^FUEL|^VERIFY$/.test(name)) return Form.Slow;
  if (!memory && (layout.includes('o') || name.startsWith('MEMORY_'))) return Form.Slow;
  const slots = /^[ds]*/.exec(layout)![0].length;
  const rest = layout.slice(slots);
  if (/^[io]*$/.test(rest) && slots <= 4) return [Form.S0, Form.S1, Form.S2, Form.S3, Form.S4][slots]!;
  if (rest === 't' && slots <= 2) return [Form.S0T, Form.S1T, Form.S2T][slots]!;
  if (rest === 'it' && slots === 1) return Form.S1IT;
  return Form.Slow;
}

/**
 * Per opcode, its `Form` times 256 plus the words it takes, opcode included (for `n` layouts without the
 * targets; those are `Slow`), in modules without and with a memory: one table read per instruction.
 */
const FORM = Int32Array.from(ISA, ([name, layout]) => (formOf(name, layout, false) << 8) | (1 + layout.length));
const FORM_MEMORY = Int32Array.from(ISA, ([name, layout]) => (formOf(name, layout, true) << 8) | (1 + layout.length));
const TERMINAL = Uint8Array.from(SHAPES, (s) => (s.terminal ? 1 : 0));

/** Index operand kinds by name, for messages. */
const LETTER: Record<number, string> = {
  [K.Func]: 'function',
  [K.Global]: 'global',
  [K.Type]: 'type',
  [K.Table]: 'table',
  [K.Elem]: 'element segment',
  [K.Data]: 'data segment',
};

/** Opcodes with rules of their own, by name (absent from an ISA without them: -1). */
const OP = {
  FUEL: ISA.findIndex(([n]) => n === 'FUEL'),
  FUEL_BULK: ISA.findIndex(([n]) => n === 'FUEL_BULK'),
  FUEL_TRAP: ISA.findIndex(([n]) => n === 'FUEL_TRAP'),
  VERIFY: ISA.findIndex(([n]) => n === 'VERIFY'),
  EPOCH: ISA.findIndex(([n]) => n === 'EPOCH'),
  CALL_LOCAL: ISA.findIndex(([n]) => n === 'CALL_LOCAL'),
  CALL_FUEL: ISA.findIndex(([n]) => n === 'CALL_FUEL'),
  FUEL_EXIT: ISA.findIndex(([n]) => n === 'FUEL_EXIT'),
};

/**
 * What the engine's settings require of the code, so that metering cannot be skipped: with `fuel`, every
 * backward branch lands on a `FUEL` (after any `EPOCH`s and `FUEL 0`s, which run straight on) charging at least 1
 * when `fuelPerLoop` (no operator was made free), so every loop iteration pays; with `epoch`, functions start with `EPOCH` and every backward
 * branch lands on one, so every loop and call checks the deadline.
 */
export interface MeteringRules {
  fuel: boolean;
  fuelPerLoop: boolean;
  epoch: boolean;
}

const COUNT = SHAPES.length;

/**
 * What the checks need to know about a module, computed once per module: index limits by operand kind, and per
 * function index the slots its callee frame needs (the larger of its parameter and result counts).
 */
export interface ModuleFacts {
  info: ModuleInfo;
  limits: Int32Array;
  funcRoom: Int32Array;
  hasMemory: boolean;
  /** `FORM` or `FORM_MEMORY`. */
  forms: Int32Array;
}

/** Compute the facts `verifyCode` needs about `info` (once per module). */
export function moduleFacts(info: ModuleInfo): ModuleFacts {
  const limits = new Int32Array(K.Unknown + 1);
  limits[K.Func] = info.funcTypes.length;
  limits[K.Global] = info.globals.length;
  limits[K.Type] = info.types.length;
  limits[K.Table] = info.tables.length;
  limits[K.Elem] = info.elems.length;
  limits[K.Data] = info.datas.length;
  const funcRoom = new Int32Array(info.funcTypes.length);
  for (let f = 0; f < funcRoom.length; f++) {
    const t = info.types[info.funcTypes[f]!];
    // An unknown type (the validator rejects it first) gets a room no frame has, so the slow path reports it.
    funcRoom[f] = t === undefined ? MAX_FRAME + 1 : Math.max(t.params.length, t.results.length);
  }
  const hasMemory = info.memories.length > 0;
  return { info, limits, funcRoom, hasMemory, forms: hasMemory ? FORM_MEMORY : FORM };
}

/**
 * Scratch space reused from function to function (verification is synchronous and never re-entered): the
 * instruction-start map and the branch list as (from, target) pairs. A function of `n` words has fewer than `n`
 * branch targets (each takes a word), so `2n` entries always suffice and the walk never checks for room.
 */
let starts = new Uint8Array(4096);
let branches = new Int32Array(8192);
/** Entries used in `branches` (shared with `checkInstruction`). */
let branchCount = 0;

/** `n` zeroed bytes of the reused instruction-start map, and room for `2n` branch entries. */
function scratch(n: number): Uint8Array {
  if (starts.length < n) starts = new Uint8Array(Math.max(n, starts.length * 2));
  if (branches.length < 2 * n) branches = new Int32Array(Math.max(2 * n, branches.length * 2));
  const view = starts.subarray(0, n);
  view.fill(0);
  return view;
}

/** What one function's slow-path checks need to know. */
interface Context {
  facts: ModuleFacts;
  funcIndex: number;
  code: Int32Array;
  frame: number;
}

/**
 * Check what function `i`'s header says against the module: its index, type, arity and frame size (a few
 * comparisons, cheap enough to do for every function at load time, whereas the code may be checked later).
 *
 * @throws DeserializeError naming the function and what is wrong.
 */
export function verifyHeader(info: ModuleInfo, i: number, f: CompiledFunction): void {
  const funcIndex = info.importedFuncs + i;
  if (f.funcIndex !== funcIndex) fail(funcIndex, `recorded as function ${f.funcIndex}`);
  if (f.typeIndex !== info.funcTypes[funcIndex]) fail(funcIndex, `type index ${f.typeIndex} is not the module's`);
  const type = info.types[f.typeIndex]!;
  if (f.numParams !== type.params.length || f.numResults !== type.results.length) {
    fail(funcIndex, 'arity differs from its type');
  }
  const frame = f.frameSize;
  if (frame > MAX_FRAME || f.numLocals < f.numParams || f.numLocals > frame || f.numResults > frame) {
    fail(funcIndex, `frame of ${frame} slots cannot hold ${f.numLocals} locals and ${f.numResults} results`);
  }
}

/**
 * Check function `i`'s code and fuel records (its header passed `verifyHeader`).
 *
 * @throws DeserializeError naming the function, the code position and what is wrong.
 */
export function verifyCode(
  info: ModuleInfo,
  i: number,
  f: CompiledFunction,
  rules?: MeteringRules,
  facts: ModuleFacts = moduleFacts(info),
): void {
  const funcIndex = info.importedFuncs + i;
  const frame = f.frameSize;
  const code = f.code;
  if (code.length === 0) fail(funcIndex, 'no code');
  const starts = scratch(code.length);
  const last = scan({ facts, funcIndex, code, frame }, starts);
  if (TERMINAL[code[last]!] !== 1) fail(funcIndex, 'the code ends without a return or branch');
  const targets = branches;
  const n = branchCount;
  const len = code.length;
  const loops = rules !== undefined && (rules.fuel || rules.epoch);
  for (let k = 0; k < n; k += 2) {
    const from = targets[k]!;
    const t = targets[k + 1]!;
    if (t >>> 0 >= len || starts[t] !== 1) fail(funcIndex, `branch at ${from} targets ${t}, not an instruction`);
    if (code[from] === OP.FUEL_EXIT) {
      if (code[from + 3]! < 0 || code[from + 1]! + code[from + 3]! < 0) {
        fail(funcIndex, `FUEL_EXIT at ${from} must refund and charge at least 0`);
      }
      // An out-of-line exit stub runs only from the branches that target it: their edges are checked instead.
      if (loops && t <= from && fallsInto(code, starts, from)) checkBackExit(funcIndex, code, from, from, rules);
    } else if (loops && t <= from) {
      checkLoopHead(funcIndex, code, from, t, rules);
    } else if (loops && code[t] === OP.FUEL_EXIT && code[t + 2]! <= from) {
      checkBackExit(funcIndex, code, from, t, rules);
    }
  }
  if (rules?.epoch && code[0] !== OP.EPOCH) fail(funcIndex, 'does not start with an epoch check');
  if (rules?.fuel) checkFuelChains(funcIndex, code, starts, targets.subarray(0, n), rules.fuelPerLoop);
  if (f.fuel !== undefined) checkFuelRecords(funcIndex, f.fuel, starts);
}

/** A backward branch from `from` to `t` must land on the checks `rules` require. */
function checkLoopHead(funcIndex: number, code: Int32Array, from: number, t: number, rules: MeteringRules): void {
  let p = t;
  if (rules.epoch) {
    if (code[p] !== OP.EPOCH) fail(funcIndex, `loop at ${t} (branch at ${from}) has no epoch check`);
  }
  // Straight-line checks in a row (nested loop heads: EPOCH, FUEL 0, EPOCH, FUEL n) all run: skip the free ones.
  for (;;) {
    if (code[p] === OP.EPOCH) p += 1;
    else if (code[p] === OP.FUEL && code[p + 1] === 0) p += 2;
    else break;
  }
  if (rules.fuel) {
    if (code[p] !== OP.FUEL || (rules.fuelPerLoop && code[p + 1]! < 1)) {
      fail(funcIndex, `loop at ${t} (branch at ${from}) does not charge fuel`);
    }
  }
}

/**
 * A backward jump from `from` through the `FUEL_EXIT` at `exit`: it must charge at least 1 with `fuelPerLoop`
 * (the target's rest, before the refund), and cannot skip a loop head's epoch check (the compiler sends those
 * through a `BR` to the loop head).
 */
function checkBackExit(funcIndex: number, code: Int32Array, from: number, exit: number, rules: MeteringRules): void {
  if (rules.epoch) fail(funcIndex, `loop at ${code[exit + 2]} (branch at ${from}) has no epoch check`);
  if (rules.fuel && rules.fuelPerLoop && code[exit + 1]! + code[exit + 3]! < 1) {
    fail(funcIndex, `loop at ${code[exit + 2]} (branch at ${from}) does not charge fuel`);
  }
}

/** Whether the instruction before `at` continues into it (it is not a branch, return or trap). */
function fallsInto(code: Int32Array, starts: Uint8Array, at: number): boolean {
  let p = at - 1;
  while (p >= 0 && starts[p] !== 1) p--;
  return p >= 0 && TERMINAL[code[p]!] !== 1;
}

let chainOf = new Int32Array(4096);
let paidFrom = new Int32Array(4096);
let entries = new Int32Array(4096);

/**
 * With fuel, refunds must not give back more than was charged, and calls must be paid. The code splits into
 * chains, each from a `FUEL` to the next. A branch may land on a `FUEL`, on an `EPOCH` right before one, on a
 * `FUEL_EXIT`, or forward in its own chain; a `FUEL_EXIT` may land anywhere, charging the target's rest
 * (delta + refund). So the least a run reaching position `p` has been charged for the rest of its chain
 * (`paidFrom[p]`) is the minimum of the chain's `FUEL` and of the `FUEL_EXIT` charges into it up to `p`. A
 * `FUEL_EXIT` taken at `p` (a branch to it, or running into it) may refund at most that, less 1 with `fuelPerLoop`
 * (every chain left with a refund pays at least 1, and no cycle gains fuel: every cycle also has a backward jump
 * that charges at least 1), and with `fuelPerLoop` a call must have been charged at least 1, so a tree of calls
 * costs at least one fuel per call and cannot run away.
 */
function checkFuelChains(funcIndex: number, code: Int32Array, starts: Uint8Array, targets: Int32Array, perLoop: boolean): void {
  const len = code.length;
  if (chainOf.length < len) {
    const size = Math.max(len, chainOf.length * 2);
    chainOf = new Int32Array(size);
    paidFrom = new Int32Array(size);
    entries = new Int32Array(size);
  }
  entries.fill(0x7fffffff, 0, len);
  for (let k = 0; k < targets.length; k += 2) {
    const from = targets[k]!;
    if (code[from] !== OP.FUEL_EXIT) continue;
    const t = targets[k + 1]!;
    entries[t] = Math.min(entries[t]!, code[from + 1]! + code[from + 3]!);
  }
  let head = -1;
  let paid = 0;
  for (let p = 0; p < len; p++) {
    if (starts[p] === 1 && code[p] === OP.FUEL) {
      head = p;
      paid = code[p + 1]!;
    }
    if (entries[p]! < paid) paid = entries[p]!;
    chainOf[p] = head;
    paidFrom[p] = paid;
  }
  const least = perLoop ? 1 : 0;
  for (let k = 0; k < targets.length; k += 2) {
    const from = targets[k]!;
    const t = targets[k + 1]!;
    const op = code[t];
    if (code[from] === OP.FUEL_EXIT || op === OP.FUEL || (op === OP.EPOCH && code[t + 1] === OP.FUEL)) continue;
    if (op === OP.FUEL_EXIT) {
      const refund = code[t + 3]!;
      if (refund > 0 && refund > paidFrom[from]! - least) {
        fail(funcIndex, `FUEL_EXIT at ${t} (branch at ${from}) refunds more than was charged`);
      }
    } else if (t <= from || chainOf[t] !== chainOf[from]) {
      fail(funcIndex, `branch at ${from} lands at ${t}, inside a fuel chain it was not charged for`);
    }
  }
  for (let p = 0; p < len; p++) {
    if (starts[p] !== 1) continue;
    const op = code[p]!;
    if (op === OP.FUEL_EXIT && code[p + 3]! > 0 && code[p + 3]! > paidFrom[p]! - least && fallsInto(code, starts, p)) {
      fail(funcIndex, `FUEL_EXIT at ${p} refunds more than was charged`);
    }
    if (perLoop && SHAPES[op]!.call && paidFrom[p]! < 1) fail(funcIndex, `call at ${p} is not charged fuel`);
  }
}

/** Fuel records: triples (code position, wasm offset, cost) sorted by position, at instructions, costs >= 0. */
function checkFuelRecords(funcIndex: number, rec: Int32Array, starts: Uint8Array): void {
  let prev = 0;
  for (let i = 0; i < rec.length; i += 3) {
    const pos = rec[i]!;
    if (pos < prev || pos >= starts.length || starts[pos] !== 1 || rec[i + 2]! < 0) {
      fail(funcIndex, `bad fuel record ${i / 3} (position ${pos}, cost ${rec[i + 2]})`);
    }
    prev = pos;
  }
}

/**
 * Walk the code once, marking instruction starts in `starts` and recording branches in `branches`. Instructions
 * of an inline `Form` are checked in the loop (table reads only, no allocation, no calls); anything else, or an
 * inline check that fails, goes to `checkInstruction`, which decides with every rule. Returns the position of
 * the last instruction.
 */
function scan(cx: Context, starts: Uint8Array): number {
  const { code, frame } = cx;
  const forms = cx.facts.forms;
  const room = cx.facts.funcRoom;
  const funcs = room.length;
  const imported = cx.facts.info.importedFuncs;
  const targets = branches;
  const len = code.length;
  let nt = 0;
  let pc = 0;
  let last = 0;
  while (pc < len) {
    const op = code[pc]!;
    if (op >>> 0 >= COUNT) return fail(cx.funcIndex, `unknown opcode ${op} at ${pc}`);
    starts[pc] = 1;
    last = pc;
    const desc = forms[op]!;
    const next = pc + (desc & 255);
    let ok = next <= len;
    if (ok) {
      // Slots compare unsigned, so a negative one is outside too.
      switch (desc >> 8) {
        case Form.S0:
          break;
        case Form.S1:
          ok = code[pc + 1]! >>> 0 < frame;
          break;
        case Form.S2:
          ok = code[pc + 1]! >>> 0 < frame && code[pc + 2]! >>> 0 < frame;
          break;
        case Form.S3:
          ok = code[pc + 1]! >>> 0 < frame && code[pc + 2]! >>> 0 < frame && code[pc + 3]! >>> 0 < frame;
          break;
        case Form.S4:
          ok =
            code[pc + 1]! >>> 0 < frame && code[pc + 2]! >>> 0 < frame &&
            code[pc + 3]! >>> 0 < frame && code[pc + 4]! >>> 0 < frame;
          break;
        case Form.S0T:
          targets[nt++] = pc;
          targets[nt++] = code[pc + 1]!;
          break;
        case Form.S1T:
          if ((ok = code[pc + 1]! >>> 0 < frame)) {
            targets[nt++] = pc;
            targets[nt++] = code[pc + 2]!;
          }
          break;
        case Form.S2T:
          if ((ok = code[pc + 1]! >>> 0 < frame && code[pc + 2]! >>> 0 < frame)) {
            targets[nt++] = pc;
            targets[nt++] = code[pc + 3]!;
          }
          break;
        case Form.S1IT:
          if ((ok = code[pc + 1]! >>> 0 < frame)) {
            targets[nt++] = pc;
            targets[nt++] = code[pc + 3]!;
          }
          break;
        case Form.Call: {
          const f = code[pc + 1]!;
          const base = code[pc + 2]!;
          ok = f >>> 0 < funcs && base >>> 0 <= frame && base + room[f]! <= frame;
          break;
        }
        case Form.CallLocal: {
          const f = code[pc + 1]!;
          const base = code[pc + 2]!;
          ok = f >= imported && f < funcs && base >>> 0 <= frame && base + room[f]! <= frame;
          break;
        }
        case Form.Fuel:
          ok = code[pc + 1]! >= 0;
          break;
        default:
          ok = false;
      }
    }
    if (ok) {
      pc = next;
    } else {
      // Every rule, with a message on failure.
      branchCount = nt;
      pc = checkInstruction(cx, pc);
      nt = branchCount;
    }
  }
  branchCount = nt;
  return last;
}

function fail(funcIndex: number, what: string): never {
  throw new DeserializeError(`invalid artifact: function ${funcIndex}: ${what}`);
}

/** Fail naming the instruction at `at`. */
function bad(cx: Context, at: number, what: string): never {
  return fail(cx.funcIndex, `${SHAPES[cx.code[at]!]!.name} at ${at}: ${what}`);
}

/** Check the instruction at `at` with every rule; returns the next position, or throws naming the problem. */
function checkInstruction(cx: Context, at: number): number {
  const { code, frame } = cx;
  const { info, limits, hasMemory } = cx.facts;
  const len = code.length;
  const op = code[at]!;
  const shape = SHAPES[op]!;
  const kinds = shape.kinds;
  const targets = branches;
  let q = at + 1;
  if (q + kinds.length > len) bad(cx, at, 'runs past the end of the code');
  if (op === OP.FUEL_TRAP) bad(cx, at, 'only the executor places it');
  if (op === OP.CALL_LOCAL && code[q]! < info.importedFuncs) bad(cx, at, `function ${code[q]} is not defined by the module`);
  if (op === OP.VERIFY) bad(cx, at, 'only the loader places it');
  if (op === OP.FUEL && code[q]! < 0) bad(cx, at, `negative fuel cost ${code[q]}`);
  if (op === OP.FUEL_BULK && code[q + 1]! < 1) bad(cx, at, `units per fuel ${code[q + 1]} must be at least 1`);
  if (op === OP.CALL_FUEL && code[q]! < info.importedFuncs) bad(cx, at, `function ${code[q]} is imported`);
  let slot = -1;
  let base = -1;
  let callee = -1;
  for (let k = 0; k < kinds.length; k++) {
    const kind = kinds[k]!;
    const v = code[q++]!;
    switch (kind) {
      case K.Dest:
      case K.Src:
        if (shape.call && base < 0 && kind === K.Src) {
          // A callee's frame may start right at the end of this one (no arguments, no results).
          if (v < 0 || v > frame) bad(cx, at, `call base ${v} outside the frame of ${frame} slots`);
          base = v;
        } else {
          if (v < 0 || v >= frame) bad(cx, at, `slot ${v} outside the frame of ${frame} slots`);
          slot = v;
        }
        break;
      case K.Imm:
        break;
      case K.Target:
        targets[branchCount++] = at;
        targets[branchCount++] = v;
        break;
      case K.Count:
        if (v < 0 || slot < 0 || slot + v > frame) bad(cx, at, `${v} slots from slot ${slot} exceed the frame`);
        break;
      case K.Targets:
        if (v < 0 || v >= len || q + v + 1 > len) bad(cx, at, `bad target count ${v}`);
        for (let t = 0; t <= v; t++) {
          targets[branchCount++] = at;
          targets[branchCount++] = code[q++]!;
        }
        break;
      case K.Func:
      case K.Global:
      case K.Type:
      case K.Table:
      case K.Elem:
      case K.Data:
        if (v < 0 || v >= limits[kind]!) bad(cx, at, `${LETTER[kind]} index ${v} out of range (${limits[kind]})`);
        if (kind === K.Func) callee = info.funcTypes[v]!;
        else if (kind === K.Type) callee = v;
        else if (kind === K.Global && shape.globalSet && !info.globals[v]!.mutable) {
          bad(cx, at, `global ${v} is immutable`);
        }
        break;
      default:
        bad(cx, at, `unknown operand layout letter in ${ISA[op]![1]}`);
    }
  }
  if (shape.call && callee >= 0) {
    const t = info.types[callee]!;
    const room = Math.max(t.params.length, t.results.length);
    if (base < 0 || base + room > frame) bad(cx, at, `callee frame at slot ${base} leaves no room for ${room} values`);
  }
  if (shape.memory && !hasMemory) bad(cx, at, 'the module has no memory');
  return q;
}
