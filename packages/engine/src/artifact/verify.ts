/**
 * Structural verification of compiled code from an artifact, which weft treats as untrusted: walking each
 * function's code with the operand layouts of `compile/isa.ts`'s `ISA` list, every opcode must exist, every
 * operand must lie inside the code, slots must be inside the frame (`s`, `d`, and `d`+`c` ranges), branch
 * targets (`t`, and the `n`+1 targets of a table) must land on instruction boundaries, function, global, type,
 * table, element and data indices must be in range, calls must leave room for the callee's arguments and
 * results in the frame, `GLOBAL_SET*` must name a mutable global, memory instructions need a memory, and the
 * last instruction must not fall through past the end. With fuel or epochs on, metering must not be skippable
 * (`MeteringRules`). Nothing here knows opcode numbers: names and layout letters drive it, so new instructions
 * are checked as soon as they are listed. Instructions with only slot and immediate operands (most of them) take
 * a fast path, because loading must stay an order of magnitude faster than compiling.
 *
 * What it does not prove: that a slot holds a value of the type an instruction reads. A confused i32/f64 slot
 * only computes garbage bits; a confused reference is caught where references are used (`call_indirect`
 * compares type ids) — the executor never trusts a reference to be a function without that check.
 */
import type { CompiledFunction, ModuleInfo } from '@weft/serialize';
import { ISA, instrSize } from '../compile/isa.js';
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
  terminal: /^(UNREACHABLE|BR|BR_TABLE|RETURN\w*)$/.test(name),
  call: /^(RETURN_)?CALL/.test(name),
  memory: layout.includes('o') || name.startsWith('MEMORY_'),
  globalSet: name.startsWith('GLOBAL_SET'),
}));

const HAS_TARGET = 1 << 30;
/** Per opcode, for the fast path (see `simpleSlots`), in modules without and with a memory. */
const SIMPLE = Int32Array.from(ISA, ([name, layout]) => simpleSlots(name, layout, false));
const SIMPLE_MEMORY = Int32Array.from(ISA, ([name, layout]) => simpleSlots(name, layout, true));
/**
 * Per opcode, for the fast path: the positions (relative to the opcode) of its slot operands, four entries with
 * absent ones repeating a present one, so `(a | b | c | d) >>> 0 < frame` proves all in the frame (OR is at least
 * the maximum; when it is not below the frame, the exact check decides). Instructions with more than four slot
 * operands take the slow path (`simpleSlots`).
 */
const SLOTS = (() => {
  const out = new Int32Array(ISA.length * 4);
  ISA.forEach(([, layout], op) => {
    const at: number[] = [];
    for (let k = 0; k < layout.length; k++) if (layout[k] === 'd' || layout[k] === 's') at.push(k + 1);
    for (let j = 0; j < 4; j++) out[op * 4 + j] = at[Math.min(j, at.length - 1)] ?? 0;
  });
  return out;
})();
/** Per opcode: the operand position of its branch target, or -1. */
const TARGET = Int32Array.from(ISA, ([, layout]) => layout.indexOf('t'));
/** Per opcode: words taken, opcode included (for `n` layouts, without the targets). */
const SIZE = Int32Array.from(ISA, ([, layout]) => 1 + layout.length);
const TERMINAL = Uint8Array.from(SHAPES, (s) => (s.terminal ? 1 : 0));

/**
 * The fast path's view of an instruction: bit k set when operand k is a slot, bit 30 when it has one branch
 * target (its position in `TARGET`); -1 when other rules apply. Memory instructions are simple only in modules
 * with a memory.
 */
function simpleSlots(name: string, layout: string, memory: boolean): number {
  if (/^(RETURN_)?CALL/.test(name)) return -1;
  if (!memory && (layout.includes('o') || name.startsWith('MEMORY_'))) return -1;
  let mask = 0;
  let slots = 0;
  for (let k = 0; k < layout.length; k++) {
    const letter = layout[k]!;
    if (letter === 'd' || letter === 's') {
      mask |= 1 << k;
      if (++slots > 4) return -1;
    }
    else if (letter === 't' && (mask & HAS_TARGET) === 0) mask |= HAS_TARGET;
    else if (letter !== 'i' && letter !== 'o') return -1;
  }
  return mask;
}

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
  EPOCH: ISA.findIndex(([n]) => n === 'EPOCH'),
};
for (const op of [OP.FUEL, OP.FUEL_BULK, OP.FUEL_TRAP, OP.EPOCH]) if (op >= 0) SIMPLE[op] = SIMPLE_MEMORY[op] = -1;

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

/** Scratch space reused from function to function (verification is synchronous and never re-entered). */
const LIMITS = new Int32Array(K.Unknown + 1);
const TARGETS: number[] = [];
let starts = new Uint8Array(4096);

/** `n` zeroed bytes of the reused instruction-start map. */
function scratch(n: number): Uint8Array {
  if (starts.length < n) starts = new Uint8Array(Math.max(n, starts.length * 2));
  const view = starts.subarray(0, n);
  view.fill(0);
  return view;
}

/** What one function's check needs to know about its module. */
interface Context {
  info: ModuleInfo;
  funcIndex: number;
  code: Int32Array;
  frame: number;
  starts: Uint8Array;
  targets: number[];
  limits: Int32Array;
  hasMemory: boolean;
}

/**
 * Check defined function `i` of `info` (its code from an artifact).
 *
 * @throws DeserializeError naming the function, the code position and what is wrong.
 */
export function verifyFunction(info: ModuleInfo, i: number, f: CompiledFunction, rules?: MeteringRules): void {
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
  const code = f.code;
  if (code.length === 0) fail(funcIndex, 'no code');
  const limits = LIMITS;
  limits[K.Func] = info.funcTypes.length;
  limits[K.Global] = info.globals.length;
  limits[K.Type] = info.types.length;
  limits[K.Table] = info.tables.length;
  limits[K.Elem] = info.elems.length;
  limits[K.Data] = info.datas.length;
  TARGETS.length = 0;
  const cx: Context = {
    info,
    funcIndex,
    code,
    frame,
    starts: scratch(code.length),
    targets: TARGETS,
    limits,
    hasMemory: info.memories.length > 0,
  };
  const last = scan(cx);
  if (TERMINAL[code[last]!] !== 1) fail(funcIndex, 'the code ends without a return or branch');
  const { targets, starts } = cx;
  for (let k = 0; k < targets.length; k += 2) {
    const t = targets[k + 1]!;
    if (t < 0 || t >= code.length || starts[t] !== 1) {
      fail(funcIndex, `branch at ${targets[k]} targets ${t}, not an instruction`);
    }
    if (rules !== undefined && t <= targets[k]!) checkLoopHead(funcIndex, code, targets[k]!, t, rules);
  }
  if (rules?.epoch && code[0] !== OP.EPOCH) fail(funcIndex, 'does not start with an epoch check');
  if (rules?.fuel && rules.fuelPerLoop) checkCallsPay(funcIndex, code, targets);
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
 * With fuel, every call must be paid for: a `FUEL` of at least 1 runs before it in its straight-line stretch (no
 * branch lands between them), so a tree of calls costs at least one fuel per call and cannot run away.
 */
function checkCallsPay(funcIndex: number, code: Int32Array, targets: number[]): void {
  const isTarget = new Uint8Array(code.length);
  for (let k = 1; k < targets.length; k += 2) isTarget[targets[k]!] = 1;
  let paid = false;
  for (let pc = 0; pc < code.length; pc += instrSize(code, pc)) {
    if (isTarget[pc] === 1) paid = false;
    const op = code[pc]!;
    if (op === OP.FUEL && code[pc + 1]! >= 1) paid = true;
    else if (SHAPES[op]!.call && !paid) fail(funcIndex, `call at ${pc} is not charged fuel`);
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
 * Walk the code: instructions with only slot and immediate operands are checked inline (the hot path, kept
 * small for V8); the others by `checkInstruction`. Returns the position of the last instruction.
 */
function scan(cx: Context): number {
  const { code, frame, starts, targets } = cx;
  const simple = cx.hasMemory ? SIMPLE_MEMORY : SIMPLE;
  const len = code.length;
  const count = SHAPES.length;
  let pc = 0;
  let last = 0;
  while (pc < len) {
    const op = code[pc]!;
    if (op >>> 0 >= count) return fail(cx.funcIndex, `unknown opcode ${op} at ${pc}`);
    starts[pc] = 1;
    last = pc;
    const mask = simple[op]!;
    if (mask < 0) {
      pc = checkInstruction(cx, pc);
      continue;
    }
    const next = pc + SIZE[op]!;
    if (next > len) return checkInstruction(cx, pc);
    if ((mask & ~HAS_TARGET) !== 0) {
      const s = op * 4;
      const any = code[pc + SLOTS[s]!]! | code[pc + SLOTS[s + 1]!]! | code[pc + SLOTS[s + 2]!]! | code[pc + SLOTS[s + 3]!]!;
      if (any >>> 0 >= frame && slotsOutside(code, pc, mask, frame)) return checkInstruction(cx, pc);
    }
    if ((mask & HAS_TARGET) !== 0) targets.push(pc, code[pc + 1 + TARGET[op]!]!);
    pc = next;
  }
  return last;
}

/** The exact slot check of the fast path: whether any slot operand of the instruction at `pc` is outside. */
function slotsOutside(code: Int32Array, pc: number, mask: number, frame: number): boolean {
  for (let k = pc + 1, m = mask & ~HAS_TARGET; m !== 0; k++, m >>>= 1) {
    if ((m & 1) !== 0 && code[k]! >>> 0 >= frame) return true;
  }
  return false;
}

function fail(funcIndex: number, what: string): never {
  throw new DeserializeError(`invalid artifact: function ${funcIndex}: ${what}`);
}

/** Check the instruction at `at` with every rule; returns the next position, or throws naming the problem. */
function checkInstruction(cx: Context, at: number): number {
  const { code, frame, info, limits } = cx;
  const len = code.length;
  const op = code[at]!;
  const shape = SHAPES[op]!;
  const bad = (what: string): never => fail(cx.funcIndex, `${shape.name} at ${at}: ${what}`); // cold
  const kinds = shape.kinds;
  let q = at + 1;
  if (q + kinds.length > len) bad('runs past the end of the code');
  if (op === OP.FUEL_TRAP) bad('only the executor places it');
  if (op === OP.FUEL && code[q]! < 0) bad(`negative fuel cost ${code[q]}`);
  if (op === OP.FUEL_BULK && code[q + 1]! < 1) bad(`units per fuel ${code[q + 1]} must be at least 1`);
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
          if (v < 0 || v > frame) bad(`call base ${v} outside the frame of ${frame} slots`);
          base = v;
        } else {
          if (v < 0 || v >= frame) bad(`slot ${v} outside the frame of ${frame} slots`);
          slot = v;
        }
        break;
      case K.Imm:
        break;
      case K.Target:
        cx.targets.push(at, v);
        break;
      case K.Count:
        if (v < 0 || slot < 0 || slot + v > frame) bad(`${v} slots from slot ${slot} exceed the frame`);
        break;
      case K.Targets:
        if (v < 0 || v >= len || q + v + 1 > len) bad(`bad target count ${v}`);
        for (let t = 0; t <= v; t++) cx.targets.push(at, code[q++]!);
        break;
      case K.Func:
      case K.Global:
      case K.Type:
      case K.Table:
      case K.Elem:
      case K.Data:
        if (v < 0 || v >= limits[kind]!) bad(`${LETTER[kind]} index ${v} out of range (${limits[kind]})`);
        if (kind === K.Func) callee = info.funcTypes[v]!;
        else if (kind === K.Type) callee = v;
        else if (kind === K.Global && shape.globalSet && !info.globals[v]!.mutable) bad(`global ${v} is immutable`);
        break;
      default:
        bad(`unknown operand layout letter in ${ISA[code[at]!]![1]}`);
    }
  }
  if (shape.call && callee >= 0) {
    const t = info.types[callee]!;
    const room = Math.max(t.params.length, t.results.length);
    if (base < 0 || base + room > frame) bad(`callee frame at slot ${base} leaves no room for ${room} values`);
  }
  if (shape.memory && !cx.hasMemory) bad('the module has no memory');
  return q;
}
