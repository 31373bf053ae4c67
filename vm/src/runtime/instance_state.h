// InstanceState: everything an instance owns or links to, laid out for the interpreter's
// handlers (which reach it through ExecContext::instance), and FunctionInstance, the target
// of calls and function references.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "exec/compiled_code.h"
#include "wasmbind/instance.h"
#include "wasmbind/limits.h"
#include "wasmbind/runtime.h"

namespace wasmbind {

// A callable function: Wasm code of some instance, or a host function.
class FunctionInstance {
 public:
  const FuncType* type = nullptr;
  const detail::InternedType* type_id = nullptr;
  detail::InstanceState* owner = nullptr;             // Wasm functions
  const detail::CompiledFunction* code = nullptr;     // Wasm functions
  HostFunction host;                                  // host functions (code == nullptr)
};

namespace detail {

struct InstanceState {
  std::shared_ptr<const Module> module;
  const CompiledCode* code = nullptr;
  Limits limits;
  void* user_data = nullptr;

  std::vector<FunctionInstance> own_functions;     // defined functions
  std::vector<const FunctionInstance*> functions;  // the function index space
  std::vector<std::shared_ptr<const void>> keep_alive;  // owners of imported functions

  std::vector<std::shared_ptr<Memory>> memories;
  Memory* memory0 = nullptr;
  std::vector<std::shared_ptr<Table>> tables;
  std::vector<Table*> table_ptrs;
  std::vector<std::shared_ptr<Global>> globals;
  std::vector<Value*> global_cells;

  // Segments still available to memory.init / table.init (cleared by data.drop, elem.drop
  // and, for active and declarative segments, by instantiation).
  std::vector<std::span<const uint8_t>> data_segments;
  std::vector<std::vector<const void*>> element_segments;

  std::shared_ptr<std::atomic<uint32_t>> interrupt = std::make_shared<std::atomic<uint32_t>>(0);
  // Calls into this instance in progress on the native stack (more than one when a host
  // function calls back in); only the outermost consumes an interrupt.
  uint32_t active_calls = 0;

  ~InstanceState();
};

}  // namespace detail
}  // namespace wasmbind
