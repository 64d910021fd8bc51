;; The guest every tenant runs: `primes(n)` counts the primes below n by trial division (work that grows with n)
;; and reports each thousandth prime to the host; `forever` is a runaway loop that never returns.
(module
  (import "host" "report" (func $report (param i32)))
  (func $isPrime (param $n i32) (result i32) (local $d i32)
    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return (i32.const 0))))
    (local.set $d (i32.const 2))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.mul (local.get $d) (local.get $d)) (local.get $n)))
        (if (i32.eqz (i32.rem_u (local.get $n) (local.get $d))) (then (return (i32.const 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $next)))
    (i32.const 1))
  (func (export "primes") (param $limit i32) (result i32) (local $n i32) (local $count i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $n) (local.get $limit)))
        (if (call $isPrime (local.get $n))
          (then
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (if (i32.eqz (i32.rem_u (local.get $count) (i32.const 1000)))
              (then (call $report (local.get $n))))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $count))
  (func (export "forever")
    (loop $spin (br $spin)))
)
