;; A small module for `make run` and the CLI test: one host import, a memory with a data
;; segment, and exported functions that exercise arithmetic, a loop and a host call.
(module
  (import "env" "log" (func $log (param i32)))

  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wasmbind\00")

  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))

  ;; Iterative Fibonacci: fib(0) = 0, fib(1) = 1.
  (func (export "fib") (param $n i32) (result i32)
    (local $prev i32) (local $cur i32) (local $next i32)
    (local.set $cur (i32.const 1))
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (block $done
      (loop $step
        (br_if $done (i32.le_u (local.get $n) (i32.const 1)))
        (local.set $next (i32.add (local.get $prev) (local.get $cur)))
        (local.set $prev (local.get $cur))
        (local.set $cur (local.get $next))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $step)))
    (local.get $cur))

  ;; Hands the host the address of the greeting in the data segment.
  (func (export "greet")
    (call $log (i32.const 16)))
)
