// CompiledCode: the threaded code of every function of a module, produced once by the
// translator and shared read-only by all instances of the module.
#pragma once

#include <cstdint>
#include <vector>

#include "exec/code.h"
#include "wasmbind/types.h"

namespace wasmbind::detail {

// A process-wide unique copy of a function type, so call_indirect compares types across
// modules and instances by pointer.
struct InternedType {
  FuncType type;
};
const InternedType* intern_type(const FuncType& type);

struct CompiledCode {
  std::vector<Word> words;                    // code of all functions, back to back
  std::vector<CompiledFunction> functions;    // defined functions (index - imported count)
  std::vector<const InternedType*> types;     // by type index

  // The defined function whose code contains `ip`, for backtraces; nullptr if none.
  const CompiledFunction* function_at(const Word* ip) const;
};

}  // namespace wasmbind::detail
