/**
 * The compiler's control stack: one frame per open block, loop, if/else and the function body itself, with the
 * operand height at entry, the block type, and the branch fix-ups to patch when the block's end is reached
 * (forward branches) — loops know their start, so backward branches need none. Frames are pooled and reused.
 */
import type { ValType } from '@weft/serialize';

export const enum CtrlKind {
  Block,
  Loop,
  If,
  Else,
  Function,
}

export interface Ctrl {
  kind: CtrlKind;
  /** Operand stack height at entry, below the block's parameters. */
  height: number;
  params: readonly ValType[];
  results: readonly ValType[];
  /** Loop: code position of the loop head. */
  start: number;
  /** Code positions holding a branch target to patch with the end position. */
  fixups: number[];
  /** If: the position of the false branch's target (patched at `else` or `end`), or -1. */
  elseFixup: number;
  /** The rest of this block is unreachable (after br, br_table, return, unreachable). */
  unreachable: boolean;
}

export class ControlStack {
  private readonly frames: Ctrl[] = [];
  depth = 0;

  reset(): void {
    this.depth = 0;
  }

  push(kind: CtrlKind, height: number, params: readonly ValType[], results: readonly ValType[]): Ctrl {
    let f = this.frames[this.depth];
    if (f === undefined) {
      f = { kind, height, params, results, start: -1, fixups: [], elseFixup: -1, unreachable: false };
      this.frames.push(f);
    } else {
      f.kind = kind;
      f.height = height;
      f.params = params;
      f.results = results;
      f.start = -1;
      // The length setter is a runtime call even on an empty array.
      if (f.fixups.length !== 0) f.fixups.length = 0;
      f.elseFixup = -1;
      f.unreachable = false;
    }
    this.depth++;
    return f;
  }

  pop(): Ctrl {
    return this.frames[--this.depth]!;
  }

  top(): Ctrl {
    return this.frames[this.depth - 1]!;
  }

  /** The frame a branch with label index `label` targets (0 = innermost). */
  label(label: number): Ctrl {
    return this.frames[this.depth - 1 - label]!;
  }
}

/** Values a branch to this frame carries: a loop's parameters, else the results. */
export function labelTypes(f: Ctrl): readonly ValType[] {
  return f.kind === CtrlKind.Loop ? f.params : f.results;
}
