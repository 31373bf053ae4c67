;; Imports a function from module "env", which Dapr does not provide: every call fails with
;; "module[env] not instantiated", the component still initialises.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "foo" (func $foo))
  (import "other" "bar" (func $bar))
  (memory (export "memory") 1)
  (func $_start (export "_start") (call $foo) (call $bar)))
