;; Never finishes: only cancellation (client gone, shutdown) stops it.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever (br $forever))))
