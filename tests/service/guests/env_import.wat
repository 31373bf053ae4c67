;; Imports a function from module `env`, which the binding does not provide: Dapr compiles it
;; fine at init and fails every call with "module[env] not instantiated".
(module
  (import "env" "foo" (func $foo))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $foo)))
