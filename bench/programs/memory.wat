;; Memory-heavy: fill 1 MiB with a pattern, then sum it as i32 words, several passes.
(module
  (memory 16)
  (func (export "run") (result i64)
    (local $pass i32) (local $p i32) (local $sum i64)
    (loop $passes
      (local.set $p (i32.const 0))
      (loop $fill
        (i32.store (local.get $p) (i32.xor (local.get $p) (local.get $pass)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br_if $fill (i32.lt_u (local.get $p) (i32.const 1048576))))
      (local.set $p (i32.const 0))
      (loop $read
        (local.set $sum (i64.add (local.get $sum) (i64.load32_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br_if $read (i32.lt_u (local.get $p) (i32.const 1048576))))
      (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
      (br_if $passes (i32.lt_u (local.get $pass) (i32.const 4))))
    (local.get $sum)))
