;; The runner must report this: the module is the smallest valid binary, so it is not
;; malformed, and the run must fail (exit code 1).
(assert_malformed
  (module binary "\00asm" "\01\00\00\00")
  "this message never matches")
