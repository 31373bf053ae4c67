;; Exercises every command kind of the runner. Run without an engine, this gives
;; 9 passed (4 modules, 2 assert_invalid, 3 assert_malformed binary) and 11 skipped
;; (everything that needs execution, and the text-format assert_malformed).

(module $M
  (memory 1)
  (global (export "g") i32 (i32.const 7))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func $loop (export "loop") (call $loop))
)
(register "M" $M)

(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (get $M "g") (i32.const 7))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_exhaustion (invoke "loop") "call stack exhausted")
(invoke "add" (i32.const 0) (i32.const 0))

(module binary "\00asm" "\01\00\00\00")
(module (func (result f32) (f32.const nan:0x1)))
(module (import "M" "add" (func (param i32 i32) (result i32))))

(assert_invalid
  (module (func (result i32) (i64.const 0)))
  "type mismatch")
(assert_invalid
  (module (func (local.get 0) (drop)))
  "unknown local")

(assert_malformed (module binary "") "unexpected end")
(assert_malformed (module binary "\00asm" "\02\00\00\00") "unknown binary version")
(assert_malformed (module binary "\00asm\01\00\00") "unexpected end")
(assert_malformed (module quote "(func (result i32) (i32.const nan))") "unexpected token")

(assert_unlinkable
  (module (import "M" "nope" (func)))
  "unknown import")
(assert_unlinkable
  (module (import "M" "add" (func (param i64))))
  "incompatible import type")
(assert_trap
  (module (memory 0) (data (i32.const 1) "x"))
  "out of bounds memory access")
(assert_trap
  (module (func $s unreachable) (start $s))
  "unreachable")
