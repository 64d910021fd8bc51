/**
 * Fuel charged per chain of blocks (one `FUEL` for a run of blocks joined by fall-through, refunds on the jumps
 * that leave it, callee entry charged by the call) is exact: a differential test over every budget. The same
 * function body is built twice: variant A reports progress with `global.set $last` and variant B with `call $rec`
 * (a host function that records the value). Both operators cost the same, so both variants cost the same per
 * operator, but calls end chains, so B's code is cut into many more chains than A's. For every budget from 0 to
 * past the full cost, the two must agree on the outcome (result or trap), the fuel left, and the last progress
 * value — with the default costs and with overrides that make refunds uneven, after serialize/deserialize, and in
 * async calls that yield every few units of fuel.
 */
import { describe, expect, it } from 'vitest';
import { Engine, Func, Instance, Module, Store, Trap, type Config } from '@weft/engine';

/** The body: br_if chains, if/else, a loop with an early exit, br_table, a call, labels reached both ways, a trap. */
const body = (emit: string) => `
  (func $sq (param $v i32) (result i32)
    (if (result i32) (i32.gt_u (local.get $v) (i32.const 100))
      (then (i32.sub (local.get $v) (i32.const 7)))
      (else (i32.mul (local.get $v) (local.get $v)))))
  (func (export "work") (param $x i32) (param $n i32) (result i32)
    (local $i i32) (local $acc i32) (local $e i32)
    (block $early
      (br_if $early (i32.eq (local.get $x) (i32.const 99)))
      (local.set $acc (i32.add (local.get $x) (i32.const 1)))
      (local.set $e (i32.add (local.get $e) (i32.const 1))) (local.get $e) ${emit}
      (br_if $early (i32.eq (local.get $x) (i32.const 98)))
      (block $b3 (block $b2 (block $b1
        (br_table $b1 $b2 $b3 (i32.and (local.get $x) (i32.const 3))))
        ;; $b1: falls through into $b2's code
        (local.set $acc (i32.mul (local.get $acc) (i32.const 3)))
        (local.set $e (i32.add (local.get $e) (i32.const 1))) (local.get $e) ${emit})
        ;; $b2
        (local.set $acc (i32.xor (local.get $acc) (i32.const 0x55)))
        (br_if $b3 (i32.and (local.get $acc) (i32.const 1)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 11))))
      ;; $b3
      (local.set $e (i32.add (local.get $e) (i32.const 1))) (local.get $e) ${emit}
      (local.set $i (i32.const 0))
      (loop $l
        (local.set $acc (i32.add (local.get $acc) (call $sq (local.get $i))))
        (if (i32.and (local.get $i) (i32.const 1))
          (then (local.set $acc (i32.rotl (local.get $acc) (i32.const 3))))
          (else
            (local.set $e (i32.add (local.get $e) (i32.const 1))) (local.get $e) ${emit}))
        ;; an early exit from the loop, taken for some inputs
        (br_if $early (i32.gt_u (local.get $i) (i32.shr_u (local.get $x) (i32.const 4))))
        ;; a trap in the middle of a chain when $x has bit 8 set and $i reaches 2
        (local.set $acc (i32.add (local.get $acc)
          (i32.div_u (i32.const 1000) (i32.sub (i32.const 2) (i32.mul (local.get $i) (i32.shr_u (i32.and (local.get $x) (i32.const 256)) (i32.const 8)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (local.set $e (i32.add (local.get $e) (i32.const 1))) (local.get $e) ${emit})
    (i32.add (local.get $acc) (local.get $e)))`;

const variantA = `(module (global $last (export "last") (mut i32) (i32.const 0)) ${body('(global.set $last)')})`;
const variantB = `(module (import "h" "rec" (func $rec (param i32))) ${body('(call $rec)')})`;

interface Outcome {
  result: string;
  fuel: bigint | number;
  last: number;
}

function harness(config: Config, viaArtifact = false) {
  const engine = new Engine({ consumeFuel: true, ...config });
  const load = (text: string) => {
    const m = new Module(engine, text);
    return viaArtifact ? Module.deserialize(engine, m.serialize()) : m;
  };
  const storeA = new Store(engine);
  const a = new Instance(storeA, load(variantA), []);
  const storeB = new Store(engine);
  let recorded = 0;
  const rec = new Func(storeB, { params: ['i32'], results: [] }, (_caller, v: number) => {
    recorded = v;
  });
  const b = new Instance(storeB, load(variantB), [rec]);
  const run = (store: Store, inst: Instance, budget: number, args: number[], last: () => number): Outcome => {
    store.setFuel(budget);
    let result: string;
    try {
      result = String(inst.getFunc(store, 'work')!.call(store, args));
    } catch (err) {
      if (!(err instanceof Trap)) throw err;
      result = `trap ${err.code}`;
    }
    return { result, fuel: store.getFuel(), last: last() };
  };
  const runA = (budget: number, args: number[]) => {
    a.getGlobal(storeA, 'last')!.set(storeA, 0);
    return run(storeA, a, budget, args, () => a.getGlobal(storeA, 'last')!.get(storeA) as number);
  };
  const runB = (budget: number, args: number[]) => {
    recorded = 0;
    return run(storeB, b, budget, args, () => recorded);
  };
  return { runA, runB };
}

const INPUTS = [
  [0, 5], [1, 5], [2, 5], [3, 5], [99, 5], [98, 5], [0x23, 9], [0x40, 12], [0x101, 6], [0x102, 1], [7, 0],
];

/** Variant A through `callAsync` with a fuel yield interval of `interval`: yields land on every kind of charge. */
async function runAsync(budget: number, args: number[], interval: number): Promise<Outcome> {
  const engine = new Engine({ consumeFuel: true });
  const store = new Store(engine);
  const inst = new Instance(store, new Module(engine, variantA), []);
  store.setFuel(budget);
  store.fuelAsyncYieldInterval(interval);
  let result: string;
  try {
    result = String(await inst.getFunc(store, 'work')!.callAsync(store, args));
  } catch (err) {
    if (!(err instanceof Trap)) throw err;
    result = `trap ${err.code}`;
  }
  return { result, fuel: store.getFuel(), last: inst.getGlobal(store, 'last')!.get(store) as number };
}

function sweep(config: Config, viaArtifact = false): number {
  const { runA, runB } = harness(config, viaArtifact);
  let budgets = 0;
  for (const args of INPUTS) {
    const full = runB(1_000_000, args);
    const total = 1_000_000 - Number(full.fuel);
    expect(total).toBeGreaterThan(0);
    for (let budget = 0; budget <= total + 2; budget++) {
      const b = runB(budget, args);
      expect({ args, budget, ...runA(budget, args) }).toEqual({ args, budget, ...b });
      budgets++;
    }
  }
  return budgets;
}

describe('fuel charged per chain of blocks', () => {
  it('agrees with calls cutting every chain, at every budget (default costs)', () => {
    expect(sweep({})).toBeGreaterThan(1000);
  });

  it('agrees with uneven operator costs, which make refunds and partial charges uneven', () => {
    expect(sweep({ fuelCosts: { operators: { 'i32.add': 3, br_if: 2, 'local.get': 0, 'i32.div_u': 7, br_table: 4 } } })).toBeGreaterThan(1000);
  });

  it('agrees after serialize/deserialize', () => {
    expect(sweep({ fuelCosts: { operators: { 'i32.add': 2, 'local.set': 0 } } }, true)).toBeGreaterThan(1000);
  });

  it('agrees in async calls that yield every few units of fuel', async () => {
    const { runA } = harness({});
    for (const args of [[0x23, 9], [0x101, 6], [2, 5]]) {
      const total = 1_000_000 - Number(runA(1_000_000, args).fuel);
      for (const interval of [1, 3, 7]) {
        for (let budget = 0; budget <= total + 1; budget += 4) {
          expect({ args, interval, budget, ...(await runAsync(budget, args, interval)) }).toEqual({ args, interval, budget, ...runA(budget, args) });
        }
      }
    }
  });

  it('traps in the middle of a chain with the fuel of the operators that ran, and runs out one operator earlier', () => {
    const { runA } = harness({});
    // Input 0x101 divides by zero in the loop's second iteration, in the middle of a chain that was charged in
    // full at its head: the trap refunds the chain's rest. With less fuel, OutOfFuel comes first with every unit
    // used (the default costs are 0 or 1), and the progress reported is never more than with more fuel.
    const full = runA(1_000_000, [0x101, 6]);
    expect(full.result).toBe('trap IntegerDivisionByZero');
    const used = 1_000_000 - Number(full.fuel);
    expect(runA(used, [0x101, 6])).toEqual({ ...full, fuel: 0 });
    let last = 0;
    for (let budget = 0; budget < used; budget++) {
      const r = runA(budget, [0x101, 6]);
      expect(r.result).toBe('trap OutOfFuel');
      expect(Number(r.fuel)).toBe(0);
      expect(r.last).toBeGreaterThanOrEqual(last);
      last = r.last;
    }
    expect(last).toBe(full.last);
  });

  it('charges the continuation after a call when the callee returns, exactly, with every kind of return', () => {
    // Each callee returns through a different return instruction (i32, i64, reference, no result); the caller's
    // continuation after each call is charged on the return. Every operator below costs 1, so with budget b the
    // first b operators run and the next one traps; `g` shows which `global.set` ran last.
    const text = `(module
      (global $g (export "g") (mut i32) (i32.const 0))
      (func $r32 (param i32) (result i32) local.get 0)
      (func $r64 (param i64) (result i64) local.get 0)
      (func $rref (param externref) (result externref) local.get 0)
      (func $r0 (param i32) local.get 0 global.set $g)
      (func (export "run") (result i32)
        i32.const 1 call $r32 global.set $g
        i64.const 2 call $r64 i32.wrap_i64 global.set $g
        ref.null extern call $rref ref.is_null global.set $g
        i32.const 4 call $r0
        i32.const 5 global.set $g
        global.get $g))`;
    // The value of g after each operator of the run, in execution order (callee operators included).
    const g = [0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1, 1, 4, 4, 5, 5];
    const total = g.length;
    const engine = new Engine({ consumeFuel: true });
    const store = new Store(engine);
    const inst = new Instance(store, new Module(engine, text), []);
    const global = inst.getGlobal(store, 'g')!;
    for (let budget = 0; budget <= total + 2; budget++) {
      global.set(store, 0);
      store.setFuel(budget);
      let result: string;
      try {
        result = String(inst.getFunc(store, 'run')!.call(store, []));
      } catch (err) {
        if (!(err instanceof Trap)) throw err;
        result = `trap ${err.code}`;
      }
      const ran = Math.min(budget, total);
      expect({ budget, result, fuel: Number(store.getFuel()), g: global.get(store) }).toEqual({
        budget,
        result: budget >= total ? '5' : 'trap OutOfFuel',
        fuel: budget - ran,
        g: ran === 0 ? 0 : g[ran - 1],
      });
    }
  });

  it('runs the load of a fused f64 load-and-arithmetic alone when the arithmetic cannot be paid', () => {
    // `f64.mul/sub/add x (f64.load addr)` compiles to one instruction. Every operator costs 1, so with budget b
    // the first b operators run: an in-bounds load runs and the arithmetic after it traps OutOfFuel; an
    // out-of-bounds load traps MemoryOutOfBounds whenever the load itself was paid, with the fuel left after it.
    const text = `(module
      (memory 1)
      (data (i32.const 8) "\\00\\00\\00\\00\\00\\00\\08\\40") ;; f64 3.0
      (global $g (export "g") (mut f64) (f64.const 0))
      (func (export "run") (param $addr i32) (result f64)
        (global.set $g (f64.const 1))
        (global.set $g (f64.mul (global.get $g) (f64.load (local.get $addr))))
        (global.set $g (f64.sub (global.get $g) (f64.load (local.get $addr))))
        (global.set $g (f64.add (f64.const 5) (f64.load (local.get $addr))))
        (global.get $g)))`;
    // g after each operator, in execution order.
    const g = [0, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 8, 8];
    const total = g.length;
    const oobLoad = 5; // the first f64.load is the fifth operator
    for (const viaArtifact of [false, true]) {
      const engine = new Engine({ consumeFuel: true });
      const m = new Module(engine, text);
      const store = new Store(engine);
      const inst = new Instance(store, viaArtifact ? Module.deserialize(engine, m.serialize()) : m, []);
      const global = inst.getGlobal(store, 'g')!;
      for (const addr of [8, 65536]) {
        for (let budget = 0; budget <= total + 2; budget++) {
          global.set(store, 0);
          store.setFuel(budget);
          let result: string;
          try {
            result = String(inst.getFunc(store, 'run')!.call(store, [addr]));
          } catch (err) {
            if (!(err instanceof Trap)) throw err;
            result = `trap ${err.code}`;
          }
          const end = addr === 8 ? total : oobLoad;
          const ran = Math.min(budget, end);
          const outcome = budget < end ? 'trap OutOfFuel' : addr === 8 ? '8' : 'trap MemoryOutOfBounds';
          expect({ viaArtifact, addr, budget, result, fuel: Number(store.getFuel()), g: global.get(store) }).toEqual({
            viaArtifact,
            addr,
            budget,
            result: outcome,
            fuel: budget - ran,
            g: ran === 0 ? 0 : g[ran - 1],
          });
        }
      }
    }
  });
});
