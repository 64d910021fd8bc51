/**
 * The code buffer the compiler writes threaded code into: a growable `Int32Array`, the (code position → wasm byte
 * offset) pairs for instructions that can trap or call, and the peephole state the compiler's fusions need
 * (`resultPos`: the last instruction, if it wrote one result and nothing has been emitted or bound since).
 */
import { MAY_TRAP } from './lowering.js';

export class Emitter {
  code = new Int32Array(1024);
  pos = 0;
  /** Pairs (code position, wasm offset). */
  offsets: number[] = [];
  /** Wasm byte offset of the operator being lowered; recorded for instructions that can trap. */
  wasmOffset = 0;
  /**
   * Position of the last emitted instruction if it writes exactly one result to the slot in `code[pos + 1]`,
   * and no instruction or label came after it; else -1. Lets `local.set` retarget the result and `br_if`/`if`
   * fuse a comparison into the branch.
   */
  resultPos = -1;
  /**
   * Start of the last instruction and of the one before it, while no label was bound since (else -1): the
   * superinstruction peepholes fuse across instructions that a `local.set` separated, never across a label.
   */
  lastPos = -1;
  prevPos = -1;

  reset(): void {
    this.pos = 0;
    if (this.offsets.length !== 0) this.offsets.length = 0;
    this.resultPos = -1;
    this.lastPos = -1;
    this.prevPos = -1;
  }

  private begin(op: number, words: number): number {
    const at = this.pos;
    if (at + words > this.code.length) {
      const bigger = new Int32Array(Math.max(this.code.length * 2, at + words));
      bigger.set(this.code);
      this.code = bigger;
    }
    this.code[at] = op;
    this.pos = at + words;
    this.resultPos = -1;
    this.prevPos = this.lastPos;
    this.lastPos = at;
    if (MAY_TRAP[op] === 1) this.offsets.push(at, this.wasmOffset);
    return at;
  }

  op0(op: number): number {
    return this.begin(op, 1);
  }
  op1(op: number, a: number): number {
    const at = this.begin(op, 2);
    this.code[at + 1] = a;
    return at;
  }
  op2(op: number, a: number, b: number): number {
    const at = this.begin(op, 3);
    const c = this.code;
    c[at + 1] = a;
    c[at + 2] = b;
    return at;
  }
  op3(op: number, a: number, b: number, d: number): number {
    const at = this.begin(op, 4);
    const c = this.code;
    c[at + 1] = a;
    c[at + 2] = b;
    c[at + 3] = d;
    return at;
  }
  op4(op: number, a: number, b: number, d: number, e: number): number {
    const at = this.begin(op, 5);
    const c = this.code;
    c[at + 1] = a;
    c[at + 2] = b;
    c[at + 3] = d;
    c[at + 4] = e;
    return at;
  }
  op5(op: number, a: number, b: number, d: number, e: number, f: number): number {
    const at = this.begin(op, 6);
    const c = this.code;
    c[at + 1] = a;
    c[at + 2] = b;
    c[at + 3] = d;
    c[at + 4] = e;
    c[at + 5] = f;
    return at;
  }
  /** An instruction with a variable number of words after the opcode (br_table). */
  opN(op: number, words: number): number {
    return this.begin(op, 1 + words);
  }

  /** Mark the last instruction (at `at`) as writing one result to `code[at + 1]`. */
  result(at: number): void {
    this.resultPos = at;
  }

  /** Forget the last instruction: a label is bound here or the stack changed shape. */
  barrier(): void {
    this.resultPos = -1;
  }

  /** A branch may land here: nothing before may fuse with what follows. */
  label(): void {
    this.resultPos = -1;
    this.lastPos = -1;
    this.prevPos = -1;
  }

  /** Drop the last instruction (it is being fused into the next one). Returns its recorded wasm offset, or -1. */
  truncate(at: number): number {
    this.pos = at;
    this.resultPos = -1;
    if (this.lastPos === at) {
      this.lastPos = this.prevPos;
      this.prevPos = -1;
    } else {
      this.lastPos = -1;
      this.prevPos = -1;
    }
    const offs = this.offsets;
    let dropped = -1;
    while (offs.length > 0 && offs[offs.length - 2]! >= at) {
      dropped = offs[offs.length - 1]!;
      offs.length -= 2;
    }
    return dropped;
  }

  finishCode(): Int32Array {
    return this.code.slice(0, this.pos);
  }
  finishOffsets(): Int32Array {
    // The constructor copies an array directly; `Int32Array.from` goes through the iterator protocol.
    return new Int32Array(this.offsets);
  }
}
