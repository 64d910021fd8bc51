/**
 * Instructions in the text format, flat (`block $l … end $l`) and folded (`(i32.add (…) (…))`,
 * `(if (cond) (then …) (else …))`), encoded straight into the function body's writer. Operators and their
 * immediate kinds come from the one opcode table (`binary/opcodes.ts`: mnemonics are the text names); folded
 * operands are encoded first, then the operator with its immediates, which are parsed after the operands by
 * returning to their tokens. Labels resolve to relative depths; `end $l` must name the block it closes.
 */
import { OPS, SIMD_OPS, type OpInfo } from '../binary/opcodes.js';
import type { FuncContext } from './context.js';
import { Tok } from './lexer.js';
import { IMMEDIATES } from './immediates.js';
import { readTypeUse } from './types.js';
import type { Writer } from './writer.js';

/** Operators by text mnemonic. `select_t` is `select` with a `(result …)` immediate; else/end are structure. */
const BY_NAME = new Map<string, OpInfo>();
for (const op of [...OPS, ...SIMD_OPS]) if (op.name !== 'select_t' && op.name !== 'else' && op.name !== 'end') BY_NAME.set(op.name, op);
const SELECT_T = OPS.find((o) => o.name === 'select_t')!;
const BLOCK = BY_NAME.get('block')!;
const LOOP = BY_NAME.get('loop')!;
const IF = BY_NAME.get('if')!;
/** Keywords of the grammar that are not operators: misplaced, they are unexpected tokens. */
const NOT_INSTRUCTIONS = new Set(['type', 'param', 'result', 'local', 'then', 'else', 'end', 'export', 'import', 'mut']);
const ELSE = 0x05;
const END = 0x0b;

export function writeOp(w: Writer, op: OpInfo): void {
  if (op.prefix === 0) w.u8(op.code);
  else {
    w.u8(op.prefix);
    w.u32(op.code);
  }
}

/** `instr*`: until `)`, or a flat `end` / `else` (left for the caller). */
export function instrs(f: FuncContext): void {
  const c = f.m.c;
  for (;;) {
    const k = c.kind();
    if (k === Tok.LParen) folded(f);
    else if (k === Tok.Atom) {
      if (c.isKeyword('end') || c.isKeyword('else')) return;
      flat(f);
    } else return;
  }
}

function lookup(f: FuncContext): OpInfo {
  const c = f.m.c;
  const word = c.t.text(c.pos);
  const op = BY_NAME.get(word);
  if (op === undefined) throw c.error(NOT_INSTRUCTIONS.has(word) ? 'unexpected token' : 'unknown operator');
  c.pos++;
  return op;
}

/** One flat instruction, at its keyword. */
function flat(f: FuncContext): void {
  const c = f.m.c;
  const op = lookup(f);
  if (op === BLOCK || op === LOOP || op === IF) {
    const label = c.id();
    writeOp(f.w, op);
    blockType(f);
    f.labels.push(label);
    instrs(f);
    if (op === IF && c.isKeyword('else')) {
      c.pos++;
      endLabel(f, label);
      elseBranch(f);
    }
    c.keyword('end');
    endLabel(f, label);
    f.w.u8(END);
    f.labels.pop();
    return;
  }
  plain(f, op);
}

/** An operator and its immediates. */
function plain(f: FuncContext, op: OpInfo): void {
  const c = f.m.c;
  if (op.name === 'select' && c.isGroup('result')) {
    // `select (result t*)*` is the typed select, unless the groups name no type at all (as wat2wasm reads it).
    const start = c.pos;
    let types = 0;
    while (c.isGroup('result')) {
      c.pos += 2;
      for (; !c.isRParen(); c.pos++) types++;
      c.pos++;
    }
    if (types > 0) {
      op = SELECT_T;
      c.pos = start;
    }
  }
  writeOp(f.w, op);
  IMMEDIATES[op.imm](f, op);
}

/** `else instr*`; an empty else branch is left out (as wat2wasm does): the bytes mean the same. */
function elseBranch(f: FuncContext): void {
  f.w.u8(ELSE);
  const start = f.w.len;
  instrs(f);
  if (f.w.len === start) f.w.len--;
}

/** The optional identifier after `end` / `else` must repeat the block's label. */
function endLabel(f: FuncContext, label: string | undefined): void {
  const c = f.m.c;
  if (c.kind() !== Tok.Id) return;
  if (c.t.text(c.pos) !== label) throw c.error('mismatching label');
  c.pos++;
}

/**
 * A block type: `(type x)? (param …)* (result …)*`. No parameters and at most one result are written as the
 * short form (as `wat2wasm` does, even with `(type x)`), anything else as a type index.
 */
export function blockType(f: FuncContext): void {
  const { index, declared, sig: inline } = readTypeUse(f.m);
  if (index !== undefined && declared === undefined) {
    f.w.s32(index);
    return;
  }
  const sig = declared ?? inline;
  if (sig.params.length === 0 && sig.results.length <= 1) {
    f.w.u8(sig.results.length === 0 ? 0x40 : sig.results[0]!);
    return;
  }
  f.w.s32(index ?? f.m.typeFor(sig));
}

/** Skip a block type's or an operator's immediates (atoms, and `(type …)`, `(param …)`, `(result …)` groups). */
function skipImmediates(f: FuncContext): void {
  const c = f.m.c;
  for (;;) {
    const k = c.kind();
    if (k === Tok.Atom || k === Tok.Id || k === Tok.String) c.pos++;
    else if (c.isGroup('type') || c.isGroup('param') || c.isGroup('result')) c.skipGroup();
    else return;
  }
}

/** One folded instruction, at its `(`. */
export function folded(f: FuncContext): void {
  const c = f.m.c;
  c.lparen();
  if (c.kind() !== Tok.Atom) throw c.unexpected();
  const op = lookup(f);
  if (op === BLOCK || op === LOOP) {
    const label = c.id();
    writeOp(f.w, op);
    blockType(f);
    f.labels.push(label);
    instrs(f);
    c.rparen();
    f.w.u8(END);
    f.labels.pop();
    return;
  }
  if (op === IF) {
    const label = c.id();
    const typeAt = c.pos;
    skipImmediates(f);
    const conditionAt = c.pos;
    while (c.isLParen() && !c.isGroup('then')) folded(f);
    const thenAt = c.pos;
    c.pos = typeAt;
    writeOp(f.w, op);
    blockType(f);
    if (c.pos !== conditionAt) throw c.unexpected();
    c.pos = thenAt;
    f.labels.push(label);
    c.group('then');
    instrs(f);
    c.rparen();
    if (c.isGroup('else')) {
      c.pos += 2;
      elseBranch(f);
      c.rparen();
    }
    c.rparen();
    f.w.u8(END);
    f.labels.pop();
    return;
  }
  const immAt = c.pos;
  skipImmediates(f);
  const operandsAt = c.pos;
  while (c.isLParen()) folded(f);
  const end = c.pos;
  c.pos = immAt;
  plain(f, op);
  if (c.pos !== operandsAt) throw c.unexpected();
  c.pos = end;
  c.rparen();
}
