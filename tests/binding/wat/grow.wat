;; Tries to grow memory by 9 pages (to 10) and prints "grown" or "refused".
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "grown")
  (data (i32.const 80) "refused")
  (func $_start (export "_start")
    (if (i32.eq (memory.grow (i32.const 9)) (i32.const -1))
      (then (i32.store (i32.const 32) (i32.const 80)) (i32.store (i32.const 36) (i32.const 7)))
      (else (i32.store (i32.const 32) (i32.const 64)) (i32.store (i32.const 36) (i32.const 5))))
    (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40)))))
