;; Its start section traps: the instantiation of every call fails.
(module
  (func $boom unreachable)
  (start $boom)
  (func $_start (export "_start")))
