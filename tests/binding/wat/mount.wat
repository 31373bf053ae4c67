;; Files beneath the first preopen (fd 3). argv[1] "r": prints hello.txt; "w": creates
;; new.txt containing "x". A failing WASI call exits with 100 + its errno.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "hello.txt")
  (data (i32.const 80) "new.txt")
  (data (i32.const 96) "x")
  (func $check (param $errno i32)
    (if (local.get $errno) (then (call $proc_exit (i32.add (i32.const 100) (local.get $errno))))))
  (func $_start (export "_start")
    (local $mode i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $args_get (i32.const 1024) (i32.const 2048)))
    (local.set $mode (i32.load8_u (i32.load (i32.const 1028))))
    (if (i32.eq (local.get $mode) (i32.const 114))  ;; r: open read-only, copy to stdout
      (then
        (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 64) (i32.const 9)
                       (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 16)))
        (i32.store (i32.const 32) (i32.const 4096))
        (i32.store (i32.const 36) (i32.const 4096))
        (call $check (call $fd_read (i32.load (i32.const 16)) (i32.const 32) (i32.const 1) (i32.const 20)))
        (i32.store (i32.const 36) (i32.load (i32.const 20)))
        (call $check (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 20)))))
    (if (i32.eq (local.get $mode) (i32.const 119))  ;; w: create new.txt, write "x"
      (then
        (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 80) (i32.const 7)
                       (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 16)))
        (i32.store (i32.const 32) (i32.const 96))
        (i32.store (i32.const 36) (i32.const 1))
        (call $check (call $fd_write (i32.load (i32.const 16)) (i32.const 32) (i32.const 1) (i32.const 20)))))))
