;; Increments a global and prints it: a fresh instance per call always prints 1.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $count (mut i32) (i32.const 0))
  (func $_start (export "_start")
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (i32.store8 (i32.const 64) (i32.add (i32.const 48) (global.get $count)))
    (i32.store (i32.const 32) (i32.const 64))
    (i32.store (i32.const 36) (i32.const 1))
    (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40)))))
