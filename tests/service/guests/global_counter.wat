;; Increments a mutable global and prints its value as one decimal digit through fd_write.
;; Every call must print "1": each request runs a fresh instance.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $calls (mut i32) (i32.const 0))
  (func (export "_start")
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    ;; byte 16: the digit; bytes 0..7: one iovec {ptr=16, len=1}; bytes 8..11: nwritten
    (i32.store8 (i32.const 16) (i32.add (i32.const 48) (global.get $calls)))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 1))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
