;; assert_unlinkable / assert_uninstantiable modules must be valid even when nothing is
;; instantiated. The first is invalid (type mismatch); the second passes (its data segment is
;; out of bounds, so instantiation traps).
(assert_unlinkable
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\05\01\60\00\01\7f"        ;; type 0: [] -> [i32]
    "\03\02\01\00"                 ;; func 0: type 0
    "\0a\06\01\04\00\42\00\0b"     ;; body: i64.const 0 (type mismatch)
  )
  "unknown import")
(assert_trap
  (module (memory 0) (data (i32.const 1) "x"))
  "out of bounds memory access")
