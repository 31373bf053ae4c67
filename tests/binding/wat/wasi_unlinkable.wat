;; Imports a WASI function that wasi_snapshot_preview1 does not have, and fd_write with the
;; wrong signature. Imports are resolved once when the component initialises, but as with
;; wazero (which links per instantiation) the component still initialises and every call
;; fails with the linking error.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "no_such_call" (func $nope))
  (memory (export "memory") 1)
  (func $_start (export "_start") (call $nope)))
