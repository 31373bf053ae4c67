;; Guests for the interpreter's control tests: loops that never end, recursion that never
;; ends, a long counted loop, and a host call.
(module
  (import "host" "add" (func $host_add (param i32 i32) (result i32)))
  (import "host" "fail" (func $host_fail))
  (memory (export "memory") 1)
  (data (i32.const 0) "wasmbind")

  (func $spin (export "spin")
    (loop $forever (br $forever)))

  (func $recurse (export "recurse") (param i32) (result i32)
    (call $recurse (i32.add (local.get 0) (i32.const 1))))

  ;; Counts down from n; returns the number of iterations.
  (func (export "count") (param $n i64) (result i64)
    (local $i i64)
    (block $done
      (loop $next
        (br_if $done (i64.eqz (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.get $i))

  (func (export "call_host") (param i32 i32) (result i32)
    (call $host_add (local.get 0) (local.get 1)))

  (func (export "call_fail") (call $host_fail))

  (func $inner (unreachable))
  (func $middle (call $inner))
  (func (export "trap_deep") (call $middle))

  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
)
