;; A tiny plugin for examples/plugin-host. It imports two host functions, owns a memory the host writes into,
;; and exports functions the host calls. Build: ./build.sh (needs wabt's wat2wasm).
(module $plugin
  (import "host" "log" (func $log (param i32 i32)))
  (import "host" "bump" (func $bump (param i32) (result i32)))
  (memory (export "memory") 1)

  ;; "Hello, " at 0; the host writes a name at 64 and the plugin builds the greeting at 128.
  (data (i32.const 0) "Hello, ")

  ;; Copy "Hello, " + name (at 64, length $len) + "!" to 128, log it, and count the greeting in the host's data.
  (func (export "greet") (param $len i32) (result i32)
    (memory.copy (i32.const 128) (i32.const 0) (i32.const 7))
    (memory.copy (i32.const 135) (i32.const 64) (local.get $len))
    (i32.store8 (i32.add (i32.const 135) (local.get $len)) (i32.const 33))
    (call $log (i32.const 128) (i32.add (local.get $len) (i32.const 8)))
    (call $bump (i32.const 1)))

  ;; Sum of 1..n, the plugin's "real work".
  (func (export "sum") (param $n i32) (result i64)
    (local $acc i64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; Traps with "integer divide by zero" when $b is 0, so the host can show a trap and its backtrace.
  (func $divide (export "divide") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b))))
