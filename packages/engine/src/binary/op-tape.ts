/**
 * The decoded instructions of one function body, as flat words: per operator its op id, byte offset and the
 * immediates `a`, `b` of `Operator`; `br_table` has its label count in `a` and the labels (default last) after
 * the four words. The validator records the tape as it reads the body, and the compiler lowers from it instead
 * of decoding the bytes a second time (about a third of lowering time was decoding).
 */
import { Op } from './opcodes.js';
import { readOperator, type Operator } from './operator.js';
import type { Reader } from './reader.js';

const BR_TABLE = Op['br_table']!;

export class OpTape {
  words = new Int32Array(4096);
  /** Words in use. */
  length = 0;

  /** Append the operator just read. */
  record(op: Operator): void {
    const list = op.op === BR_TABLE ? op.list : undefined;
    const n = this.length;
    const need = n + 4 + (list === undefined ? 0 : list.length);
    if (need > this.words.length) this.grow(need);
    const w = this.words;
    w[n] = op.op;
    w[n + 1] = op.offset;
    if (list === undefined) {
      w[n + 2] = op.a;
      w[n + 3] = op.b;
    } else {
      w[n + 2] = list.length;
      for (let i = 0; i < list.length; i++) w[n + 4 + i] = list[i]!;
    }
    this.length = need;
  }

  /** Read operator number `at` (a word index) into `out`; returns the index of the next one. */
  read(at: number, out: Operator): number {
    const w = this.words;
    out.op = w[at]!;
    out.offset = w[at + 1]!;
    out.a = w[at + 2]!;
    out.b = w[at + 3]!;
    if (out.op !== BR_TABLE) return at + 4;
    const list = out.list;
    list.length = out.a;
    for (let i = 0; i < out.a; i++) list[i] = w[at + 4 + i]!;
    return at + 4 + out.a;
  }

  /** Decode the (valid) instructions from `r.pos` to `end` onto an emptied tape. */
  decode(r: Reader, end: number, op: Operator): void {
    this.length = 0;
    while (r.pos < end) {
      readOperator(r, op);
      this.record(op);
    }
  }

  private grow(need: number): void {
    const bigger = new Int32Array(Math.max(need, this.words.length * 2));
    bigger.set(this.words.subarray(0, this.length));
    this.words = bigger;
  }
}
