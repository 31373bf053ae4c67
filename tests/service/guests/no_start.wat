;; A module with no `_start` export (Dapr: the call succeeds with empty output).
(module
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))
