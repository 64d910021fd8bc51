/**
 * Guests for the async tests, as WebAssembly text: an infinite loop, a counting loop that publishes its progress
 * in a global (so a test can watch a suspended guest), and a guest that calls an imported host function.
 */
export const SPIN = `(module
  (func (export "spin") (loop $l (br $l))))`;

export const COUNT = `(module
  (global $done (export "done") (mut i32) (i32.const 0))
  (memory (export "memory") 1)
  (func (export "count") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $out
      (loop $l
        (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (i32.mul (local.get $i) (i32.const 7))))
        (i32.store (i32.const 16) (local.get $acc))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (global.set $done (local.get $i))
        (br $l)))
    (local.get $acc)))`;

export const CALLS_HOST = `(module
  (import "host" "get" (func $get (param i32) (result i32)))
  (func (export "twice") (param i32) (result i32)
    (i32.mul (call $get (local.get 0)) (i32.const 2)))
  (func (export "inc") (param i32) (result i32)
    (i32.add (local.get 0) (i32.const 1))))`;

/** The value of `count(n)`, computed in JS. */
export function countResult(n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc = (acc + Math.imul(i, 7)) | 0;
  return acc;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
