;; Spins forever in a tight loop (no host calls): only an interrupt from the host can stop it,
;; at a loop back-edge. Used for client-disconnect cancellation and the `timeout` metadata.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever
      (br $forever))))
