;; The runner must report this: the module is invalid, but because of a type mismatch,
;; not for the reason the script expects.
(assert_invalid
  (module (func (result i32) (i64.const 0)))
  "unknown memory")
