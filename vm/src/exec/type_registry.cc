// Interned function types: one immutable copy per distinct signature for the process, so
// call_indirect's type check is a pointer comparison even across modules.
#include <memory>
#include <mutex>
#include <unordered_map>

#include "exec/compiled_code.h"

namespace wasmbind::detail {
namespace {

struct TypeHash {
  size_t operator()(const FuncType& t) const {
    size_t h = t.params.size() * 31 + t.results.size();
    for (ValType v : t.params) h = h * 131 + static_cast<size_t>(v);
    for (ValType v : t.results) h = h * 137 + static_cast<size_t>(v);
    return h;
  }
};

}  // namespace

const InternedType* intern_type(const FuncType& type) {
  static std::mutex mutex;
  static auto* types = new std::unordered_map<FuncType, std::unique_ptr<InternedType>, TypeHash>();
  std::lock_guard lock(mutex);
  auto [it, inserted] = types->try_emplace(type);
  if (inserted) it->second = std::make_unique<InternedType>(InternedType{type});
  return it->second.get();
}

const CompiledFunction* CompiledCode::function_at(const Word* ip) const {
  if (words.empty() || ip < words.data() || ip >= words.data() + words.size()) return nullptr;
  size_t offset = static_cast<size_t>(ip - words.data());
  const CompiledFunction* best = nullptr;
  for (const CompiledFunction& f : functions)
    if (f.entry_offset <= offset && (!best || f.entry_offset > best->entry_offset)) best = &f;
  return best;
}

}  // namespace wasmbind::detail
