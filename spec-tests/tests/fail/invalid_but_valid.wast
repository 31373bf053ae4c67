;; The runner must report this: the module is valid.
(assert_invalid
  (module (func (result i32) (i32.const 0)))
  "type mismatch")
