// The execution side of a spec test script, behind an interface so the runner does not depend
// on the interpreter. Without an engine the runner only decodes and validates: it checks
// module / assert_malformed / assert_invalid and counts the commands that need execution as
// skipped. An engine implementation (the interpreter's issue) plugs in here.
//
// Errors use wasmbind::Error; the runner checks `kind` and that `message` starts with the
// script's expected text (the reference interpreter's rule):
//   instantiate: ErrorKind::Unlinkable (import mismatch, unknown import),
//                ErrorKind::Uninstantiable or ErrorKind::Trap (segment out of bounds, start
//                trapped)
//   invoke/get:  ErrorKind::Trap, ErrorKind::Exhaustion (call stack exhausted)
// Any other error kind of an operation that should succeed counts as a failure.
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "values.h"
#include "wasmbind/error.h"
#include "wasmbind/module.h"

namespace wasmbind::spec {

class ScriptEngine {
 public:
  virtual ~ScriptEngine() = default;

  // Called before each script: drop all instances and registrations, then provide the
  // `spectest` host module (see the test suite README for its contents).
  virtual void reset() = 0;

  // Instantiates a compiled module against the registered modules. On success it becomes the
  // current module and, if `name` is non-empty (the script's "$id"), is reachable by that name.
  // On failure nothing changes.
  virtual Result<void> instantiate(std::shared_ptr<const Module> module, std::string_view name) = 0;

  // Calls export `field` of the instance `module` ("$id"; empty = the current module).
  virtual Result<std::vector<ScriptValue>> invoke(std::string_view module, std::string_view field,
                                                  std::span<const ScriptValue> args) = 0;

  // Reads exported global `field` of the instance `module` (empty = current).
  virtual Result<ScriptValue> get(std::string_view module, std::string_view field) = 0;

  // Makes the instance `module` (empty = current) importable under the module name `as`.
  virtual Result<void> register_module(std::string_view as, std::string_view module) = 0;
};

}  // namespace wasmbind::spec
