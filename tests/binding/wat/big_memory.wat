;; Needs 10 pages from the start: refused at instantiation under maxMemoryPages below 10.
(module
  (memory (export "memory") 10)
  (func $_start (export "_start")))
