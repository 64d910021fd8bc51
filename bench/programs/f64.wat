;; f64 numerics: a Leibniz series for pi, returned as raw bits so the check is exact.
(module
  (func (export "run") (result i64)
    (local $i i32) (local $acc f64) (local $sign f64)
    (local.set $sign (f64.const 1))
    (loop $next
      (local.set $acc (f64.add (local.get $acc)
        (f64.div (local.get $sign) (f64.convert_i32_u (i32.add (i32.shl (local.get $i) (i32.const 1)) (i32.const 1))))))
      (local.set $sign (f64.neg (local.get $sign)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 3000000))))
    (i64.reinterpret_f64 (local.get $acc))))
