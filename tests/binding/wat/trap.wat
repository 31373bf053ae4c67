;; Fails the way argv[1]'s first letter says: u unreachable, d divide by zero, v integer
;; overflow, c invalid conversion, o out-of-bounds load, t call_indirect past the table,
;; n call_indirect of a null element, i call_indirect type mismatch, s stack overflow
;; (unbounded recursion), l an infinite loop, w writes "partial" then unreachable.
;; Anything else returns normally after writing "fine".
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (type $void (func))
  (type $takes_i32 (func (param i32)))
  (memory (export "memory") 1)
  (table 2 funcref)
  (elem (i32.const 0) $target)
  (global $sink (mut i32) (i32.const 0))
  (data (i32.const 64) "partial")
  (data (i32.const 80) "fine")
  (func $target)
  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 32) (local.get $ptr))
    (i32.store (i32.const 36) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40))))
  (func $recurse (param $depth i32)
    (call $recurse (i32.add (local.get $depth) (i32.const 1))))
  (func $crash (param $mode i32)
    (if (i32.eq (local.get $mode) (i32.const 117)) (then (unreachable)))  ;; u
    (if (i32.eq (local.get $mode) (i32.const 100))                        ;; d
      (then (global.set $sink (i32.div_s (i32.const 1) (global.get $sink)))))
    (if (i32.eq (local.get $mode) (i32.const 118))                        ;; v
      (then (global.set $sink (i32.div_s (i32.const 0x80000000) (i32.sub (global.get $sink) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 99))                         ;; c
      (then (global.set $sink (i32.trunc_f32_s (f32.div (f32.const 0) (f32.convert_i32_s (global.get $sink)))))))
    (if (i32.eq (local.get $mode) (i32.const 111))                        ;; o
      (then (global.set $sink (i32.load (i32.sub (global.get $sink) (i32.const 16))))))
    (if (i32.eq (local.get $mode) (i32.const 116))                        ;; t
      (then (call_indirect (type $void) (i32.add (global.get $sink) (i32.const 7)))))
    (if (i32.eq (local.get $mode) (i32.const 110))                        ;; n
      (then (call_indirect (type $void) (i32.add (global.get $sink) (i32.const 1)))))
    (if (i32.eq (local.get $mode) (i32.const 105))                        ;; i
      (then (call_indirect (type $takes_i32) (i32.const 5) (global.get $sink))))
    (if (i32.eq (local.get $mode) (i32.const 115))                        ;; s
      (then (call $recurse (i32.const 0))))
    (if (i32.eq (local.get $mode) (i32.const 108))                        ;; l
      (then (loop $forever (global.set $sink (i32.add (global.get $sink) (i32.const 1))) (br $forever))))
    (if (i32.eq (local.get $mode) (i32.const 119))                        ;; w
      (then (call $write (i32.const 64) (i32.const 7)) (unreachable))))
  (func $_start (export "_start")
    (local $mode i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (if (i32.ge_u (i32.load (i32.const 0)) (i32.const 2))
      (then
        (drop (call $args_get (i32.const 1024) (i32.const 2048)))
        (local.set $mode (i32.load8_u (i32.load (i32.const 1028))))))
    (call $crash (local.get $mode))
    (call $write (i32.const 80) (i32.const 4))))
