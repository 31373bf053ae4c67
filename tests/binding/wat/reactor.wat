;; A reactor: _initialize but no _start. Dapr calls neither, so a call returns empty output.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "initialized")
  (func $_initialize (export "_initialize")
    (i32.store (i32.const 32) (i32.const 64))
    (i32.store (i32.const 36) (i32.const 11))
    (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40)))))
