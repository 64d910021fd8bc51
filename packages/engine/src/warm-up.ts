/**
 * Executor warm-up, once per process. V8 only ever optimises the dispatch loop (`exec/run.ts`) by on-stack
 * replacement while a guest runs, and every handler the guest had not reached by then has no type feedback, so
 * reaching it later deoptimises the loop and costs another TurboFan compile of it (55–500 ms each, see
 * bench/RESULTS.md). Before the first engine is used, this runs a private function whose threaded code is
 * generated from the `ISA` table — every instruction, with operands that cannot trap (sources read slots holding
 * 1 or 0, results go to a scratch slot, branches target the next instruction and run both ways, calls go to small
 * callees of each return kind) — a few times through the real runtime objects, so the loop starts with feedback
 * for every common handler. New instructions are covered as soon as they are listed. Left out: traps, returns
 * (except the final one), growth and table/segment changes (cold; they would change what later instructions see),
 * metering (see `runWarmUp`).
 * Best effort: a failure only leaves the loop cold.
 */
import { ISA } from './compile/isa.js';
import { Engine } from './engine.js';
import { Func } from './func.js';
import { Instance } from './instance.js';
import { Module } from './module.js';
import { Store } from './store.js';

/** Callees of the warm-up body (function indices; 0 is an imported host function). */
const WAT = `(module
  (import "warm" "host" (func $host))
  (type $v (func))
  (memory 1)
  (table 2 funcref)
  (global (mut i32) (i32.const 1))
  (global (mut i64) (i64.const 1))
  (global (mut externref) (ref.null extern))
  (elem (i32.const 0) $r0 $r0)
  (func $r0)
  (func $r32 (result i32) (i32.const 1))
  (func $r64 (result i64) (i64.const 1))
  (func $rref (result externref) (ref.null extern))
  (func (export "body")))`;

/** Instructions not generated (see the file comment). */
const SKIP = /^(UNREACHABLE|RETURN\w*|MEMORY_(GROW|INIT)|DATA_DROP|ELEM_DROP|TABLE_\w+|FUEL\w*|EPOCH)$/;
/** Frame slots of the body: 1 holds 1 and 3 holds 0 (sources), 2 takes every result, callee frames start at 4. */
const ONE = 1;
const DEST = 2;
const ZERO = 3;
const CALL_BASE = 4;
const FRAME = 8;
/** Runs of the body: V8 allocates a function's feedback vector only after a few calls. */
const RUNS = 6;

let warmed = false;

/**
 * The operand words for one instruction (`layout` of `ISA`), opcode excluded; `variant` picks the sources and
 * immediates of a conditional branch (slot values 1 or 0, immediates 0, 1 or 2) so that both of its ways run.
 * Returns undefined for an operand kind the warm-up cannot fill.
 */
function operands(name: string, layout: string, callee: number, variant: number): number[] | undefined {
  const words: number[] = [];
  const isCall = /CALL/.test(name);
  let v = variant;
  for (const letter of layout) {
    switch (letter) {
      case 'd':
        words.push(DEST);
        break;
      case 's':
        // A call's first slot operand is where the callee's frame starts.
        if (isCall && !words.includes(CALL_BASE)) words.push(CALL_BASE);
        else {
          words.push(v % 2 === 0 ? ONE : ZERO);
          v = Math.floor(v / 2);
        }
        break;
      case 'i':
        words.push(variant === 0 ? 1 : v % 3);
        v = Math.floor(v / 3);
        break;
      case 'c':
        words.push(1);
        break;
      case 'o':
      case 'y':
      case 'b':
        words.push(0);
        break;
      case 'f':
        words.push(callee);
        break;
      case 'g':
        words.push(name.includes('REF') ? 2 : name.includes('64') ? 1 : 0);
        break;
      case 't':
        words.push(-1); // the next instruction, patched by the caller
        break;
      case 'n':
        words.push(0, -1); // br_table with no entries: only the default target
        break;
      default:
        return undefined;
    }
  }
  return words;
}

/** The warm-up body's threaded code: every instruction of `ISA` not in `SKIP`, then `RETURN`. */
export function warmUpCode(): Int32Array {
  const CONST64 = ISA.findIndex(([n]) => n === 'CONST64');
  const out: number[] = [CONST64, ONE, 1, 0, CONST64, ZERO, 0, 0];
  ISA.forEach(([name, layout], op) => {
    if (SKIP.test(name)) return;
    // Calls run once per callee kind (0 the host function, 1–4 return nothing, i32, i64, a reference).
    const callees = name === 'CALL' ? [0, 1] : name === 'CALL_LOCAL' ? [1, 2, 3, 4] : [1];
    // Conditional branches run with each combination of sources and immediates (at most 12).
    const variants = /t/.test(layout) && /[si]/.test(layout) ? 12 : 1;
    for (const callee of callees) {
      for (let variant = 0; variant < variants; variant++) {
        const words = operands(name, layout, callee, variant);
        if (words === undefined) return;
        const next = out.length + 1 + words.length;
        out.push(op, ...words.map((w) => (w === -1 ? next : w)));
      }
    }
  });
  out.push(ISA.findIndex(([n]) => n === 'RETURN'));
  return Int32Array.from(out);
}

/** Warm the dispatch loop up (once per process; later calls return at once). */
export function warmUpExecutor(): void {
  if (warmed) return;
  warmed = true;
  try {
    runWarmUp();
  } catch {
    // Best effort: the loop stays cold.
  }
}

/** Run the warm-up body `RUNS` times; throws if an instruction traps (a test checks it does not). */
export function runWarmUp(): void {
  warmed = true;
  // Without metering: metered code reaches its FUEL and EPOCH handlers at once anyway, and the compiled functions'
  // shape (no fuel records) must be the one most guests run with, or the loop's property loads see two maps.
  const engine = new Engine();
  const module = new Module(engine, WAT);
  const body = module.code[module.code.length - 1]!;
  body.code = warmUpCode();
  body.frameSize = FRAME;
  body.offsets = new Int32Array(0);
  const store = new Store(engine);
  const host = new Func(store, { params: [], results: [] }, () => {});
  const run = new Instance(store, module, [host]).getFunc(store, 'body')!;
  for (let i = 0; i < RUNS; i++) run.call(store, []);
}
