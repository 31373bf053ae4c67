;; Not a valid script: wast2json fails, and the runner reports a file error.
(module (func (i32.bogus)))
