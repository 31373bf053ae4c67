// Linker and Instance: import resolution, instantiation (spec 4.5.4: allocate, initialise
// globals, run active element and data segments in order, then the start function) and
// calls from the embedder.
#include "wasmbind/instance.h"

#include <cstring>

#include "exec/invoke.h"
#include "module_ir.h"
#include "runtime/instance_state.h"

namespace wasmbind {

using detail::InstanceState;

namespace detail {
InstanceState::~InstanceState() = default;
}

// ---- free functions -------------------------------------------------------------------

struct PartialInstances {
  std::mutex mutex;
  std::vector<std::shared_ptr<const void>> states;
};

namespace {
struct HostFunctionBox {
  FunctionInstance function;
};
}  // namespace

FunctionHandle make_host_function(HostFunction fn) {
  auto box = std::make_shared<HostFunctionBox>();
  box->function.host = std::move(fn);
  box->function.type = &box->function.host.type;
  box->function.type_id = detail::intern_type(box->function.host.type);
  FunctionHandle h;
  h.function = &box->function;
  h.owner = box;
  return h;
}

const FuncType& function_type(const FunctionInstance* f) { return *f->type; }

Memory* Caller::memory() { return instance_ ? instance_->memory0 : nullptr; }

bool Caller::interrupt_requested() const {
  return instance_ != nullptr && instance_->interrupt->load(std::memory_order_relaxed) != 0;
}

// ---- Linker ---------------------------------------------------------------------------

Linker::Linker() : partial_(std::make_shared<PartialInstances>()) {}

Linker& Linker::define(std::string module, std::string name, Extern value) {
  defs_[{std::move(module), std::move(name)}] = std::move(value);
  return *this;
}

Linker& Linker::define(std::string module, std::string name, HostFunction fn) {
  Extern e;
  e.kind = ExternKind::Func;
  e.func = make_host_function(std::move(fn));
  return define(std::move(module), std::move(name), std::move(e));
}

Linker& Linker::define_instance(std::string module, const Instance& instance) {
  for (const ExportDesc& ex : instance.module().exports())
    if (auto e = instance.get_export(ex.name)) define(module, ex.name, std::move(*e));
  return *this;
}

namespace {

Error unlinkable(const ImportDesc& im, const std::string& why) {
  return Error(ErrorKind::Unlinkable, why + " (" + im.module + "." + im.name + ")");
}

// Limits subtyping (spec 4.5.3): the provided object's current size and maximum must lie
// within what the import asks for.
bool limits_match(uint64_t actual_min, std::optional<uint32_t> actual_max, const SizeLimits& want) {
  if (actual_min < want.min) return false;
  if (want.max) {
    if (!actual_max || *actual_max > *want.max) return false;
  }
  return true;
}

using Definitions = std::map<std::pair<std::string, std::string>, Extern, std::less<>>;

// The extern each import of `m` names in `defs`, checked against the import's type (spec
// 4.5.3, external types matching).
Result<std::vector<Extern>> resolve_imports(const detail::ModuleIr& m, const Definitions& defs) {
  std::vector<Extern> resolved;
  resolved.reserve(m.imports.size());
  for (const ImportDesc& im : m.imports) {
    auto it = defs.find(std::make_pair(im.module, im.name));
    if (it == defs.end()) return unlinkable(im, "unknown import");
    const Extern& e = it->second;
    if (e.kind != im.kind) return unlinkable(im, "incompatible import type");
    bool matches = false;
    switch (im.kind) {
      case ExternKind::Func:
        matches = e.func.function && *e.func.function->type == m.types[im.func_type_index];
        break;
      case ExternKind::Table:
        matches = e.table->type().element == im.table.element &&
                  limits_match(e.table->size(), e.table->type().limits.max, im.table.limits);
        break;
      case ExternKind::Memory:
        matches = limits_match(e.memory->pages(), e.memory->type().limits.max, im.memory.limits);
        break;
      case ExternKind::Global:
        matches = e.global->type() == im.global;
        break;
    }
    if (!matches) return unlinkable(im, "incompatible import type");
    resolved.push_back(e);
  }
  return resolved;
}

class Instantiation {
 public:
  Instantiation(std::shared_ptr<const Module> module, const Limits& limits, void* user_data)
      : st_(std::make_shared<InstanceState>()), m_(module->ir()) {
    st_->module = std::move(module);
    st_->code = &st_->module->code();
    st_->limits = limits;
    st_->user_data = user_data;
  }

  // Whether a failed instantiation stored functions into a table it does not own.
  bool wrote_imported_table() const { return wrote_imported_table_; }
  std::shared_ptr<InstanceState> state() const { return st_; }

  // `imports` are resolve_imports's, in the module's import order.
  Result<std::shared_ptr<InstanceState>> run(const std::vector<Extern>& imports) {
    add_imports(imports);
    if (Result<void> r = allocate(); !r.ok()) return r.error();
    if (Result<void> r = initialise_segments(); !r.ok()) return r.error();
    if (m_.start) {
      auto r = detail::invoke(*st_, st_->functions[*m_.start], {});
      if (!r.ok()) {
        Error e = r.error();
        if (e.kind == ErrorKind::Trap || e.kind == ErrorKind::Exhaustion)
          e.kind = ErrorKind::Uninstantiable;
        return e;
      }
    }
    return st_;
  }

 private:
  void add_imports(const std::vector<Extern>& imports) {
    for (const Extern& e : imports) {
      switch (e.kind) {
        case ExternKind::Func:
          st_->functions.push_back(e.func.function);
          st_->keep_alive.push_back(e.func.owner);
          break;
        case ExternKind::Table: st_->tables.push_back(e.table); break;
        case ExternKind::Memory: st_->memories.push_back(e.memory); break;
        case ExternKind::Global: st_->globals.push_back(e.global); break;
      }
    }
  }

  Result<void> allocate() {
    const detail::CompiledCode& code = *st_->code;
    st_->own_functions.resize(m_.functions.size());
    for (size_t i = 0; i < m_.functions.size(); ++i) {
      FunctionInstance& f = st_->own_functions[i];
      f.type = &m_.types[m_.functions[i].type_index];
      f.type_id = code.types[m_.functions[i].type_index];
      f.owner = st_.get();
      f.code = &code.functions[i];
      st_->functions.push_back(&f);
    }
    for (const TableType& t : m_.tables) {
      auto table = Table::create(t, st_->limits.max_table_elements);
      if (!table.ok()) return table.error();
      st_->tables.push_back(std::move(table.value()));
    }
    for (const MemoryType& mt : m_.memories) {
      auto mem = Memory::create(mt, st_->limits.max_memory_pages);
      if (!mem.ok()) return mem.error();
      st_->memories.push_back(std::move(mem.value()));
    }
    for (auto& t : st_->tables) st_->table_ptrs.push_back(t.get());
    st_->memory0 = st_->memories.empty() ? nullptr : st_->memories[0].get();
    for (const detail::Global& g : m_.globals) {
      auto global = std::make_shared<Global>(g.type, evaluate(g.init, g.type.type));
      st_->globals.push_back(std::move(global));
    }
    for (auto& g : st_->globals) st_->global_cells.push_back(&g->cell());
    st_->data_segments.reserve(m_.data.size());
    for (const detail::DataSegment& d : m_.data)
      st_->data_segments.emplace_back(m_.bytes.data() + d.data_begin, d.data_size);
    st_->element_segments.reserve(m_.elements.size());
    for (const detail::ElementSegment& seg : m_.elements) {
      std::vector<const void*> refs;
      refs.reserve(seg.items.size());
      for (const detail::ConstExpr& item : seg.items)
        refs.push_back(reinterpret_cast<const void*>(static_cast<uintptr_t>(evaluate(item, seg.type).low64())));
      st_->element_segments.push_back(std::move(refs));
    }
    return {};
  }

  // Constant expressions (already validated): constants, ref.null/ref.func, global.get and,
  // with extended-const, integer add/sub/mul.
  Value evaluate(const detail::ConstExpr& expr, ValType type) {
    std::vector<Value> stack;
    for (const detail::ConstInstr& ci : expr.instrs) {
      using Op = detail::ConstInstr::Op;
      Value v = Value::null(type);
      switch (ci.op) {
        case Op::I32Const: case Op::F32Const:
          v.type = ci.op == Op::I32Const ? ValType::I32 : ValType::F32;
          std::memcpy(v.bits.data(), ci.bits.data(), 4);
          break;
        case Op::I64Const: case Op::F64Const:
          v.type = ci.op == Op::I64Const ? ValType::I64 : ValType::F64;
          std::memcpy(v.bits.data(), ci.bits.data(), 8);
          break;
        case Op::V128Const:
          v.type = ValType::V128;
          v.bits = ci.bits;
          break;
        case Op::RefNull: v = Value::null(ci.ref_type); break;
        case Op::RefFunc: v = Value::funcref(st_->functions[ci.index]); break;
        case Op::GlobalGet: v = st_->globals[ci.index]->get(); break;
        case Op::I32Add: case Op::I32Sub: case Op::I32Mul: {
          uint32_t b = static_cast<uint32_t>(stack.back().as_i32());
          stack.pop_back();
          uint32_t a = static_cast<uint32_t>(stack.back().as_i32());
          stack.pop_back();
          uint32_t r = ci.op == Op::I32Add ? a + b : ci.op == Op::I32Sub ? a - b : a * b;
          v = Value::i32(static_cast<int32_t>(r));
          break;
        }
        case Op::I64Add: case Op::I64Sub: case Op::I64Mul: {
          uint64_t b = static_cast<uint64_t>(stack.back().as_i64());
          stack.pop_back();
          uint64_t a = static_cast<uint64_t>(stack.back().as_i64());
          stack.pop_back();
          uint64_t r = ci.op == Op::I64Add ? a + b : ci.op == Op::I64Sub ? a - b : a * b;
          v = Value::i64(static_cast<int64_t>(r));
          break;
        }
        case Op::NonConstant: break;  // rejected by validation
      }
      stack.push_back(v);
    }
    Value result = stack.empty() ? Value::null(type) : stack.back();
    result.type = type;
    return result;
  }

  Result<void> initialise_segments() {
    for (size_t i = 0; i < m_.elements.size(); ++i) {
      const detail::ElementSegment& seg = m_.elements[i];
      if (seg.mode == detail::SegmentMode::Active) {
        uint64_t offset = static_cast<uint32_t>(evaluate(seg.offset, ValType::I32).as_i32());
        Table& t = *st_->table_ptrs[seg.table_index];
        const auto& refs = st_->element_segments[i];
        if (offset + refs.size() > t.size())
          return Error(ErrorKind::Uninstantiable, "out of bounds table access");
        std::copy(refs.begin(), refs.end(), t.elements().begin() + static_cast<std::ptrdiff_t>(offset));
        if (seg.table_index < m_.imported_tables && !refs.empty()) wrote_imported_table_ = true;
      }
      if (seg.mode != detail::SegmentMode::Passive) st_->element_segments[i].clear();
    }
    for (size_t i = 0; i < m_.data.size(); ++i) {
      const detail::DataSegment& seg = m_.data[i];
      if (seg.mode != detail::SegmentMode::Active) continue;
      uint64_t offset = static_cast<uint32_t>(evaluate(seg.offset, ValType::I32).as_i32());
      Memory& mem = *st_->memories[seg.memory_index];
      if (!mem.write(offset, st_->data_segments[i]))
        return Error(ErrorKind::Uninstantiable, "out of bounds memory access");
      st_->data_segments[i] = {};
    }
    return {};
  }

  std::shared_ptr<InstanceState> st_;
  const detail::ModuleIr& m_;
  bool wrote_imported_table_ = false;
};

}  // namespace

Result<LinkedModule> Linker::link(std::shared_ptr<const Module> module) const {
  auto imports = resolve_imports(module->ir(), defs_);
  if (!imports.ok()) return imports.error();
  return LinkedModule(std::move(module), std::move(imports.value()), partial_);
}

Result<std::unique_ptr<Instance>> Linker::instantiate(std::shared_ptr<const Module> module,
                                                      const Limits& limits, void* user_data) const {
  auto linked = link(std::move(module));
  if (!linked.ok()) return linked.error();
  return linked->instantiate(limits, user_data);
}

// ---- LinkedModule ---------------------------------------------------------------------

LinkedModule::LinkedModule(std::shared_ptr<const Module> module, std::vector<Extern> imports,
                           std::shared_ptr<PartialInstances> partial)
    : module_(std::move(module)), imports_(std::move(imports)), partial_(std::move(partial)) {}

Result<std::unique_ptr<Instance>> LinkedModule::instantiate(const Limits& limits, void* user_data) const {
  Instantiation inst(module_, limits, user_data);
  auto st = inst.run(imports_);
  if (!st.ok()) {
    if (inst.wrote_imported_table() && partial_) {  // null only from a moved-from Linker
      std::lock_guard lock(partial_->mutex);
      partial_->states.push_back(inst.state());
    }
    return st.error();
  }
  return std::unique_ptr<Instance>(new Instance(std::move(st.value())));
}

// ---- Instance -------------------------------------------------------------------------

Instance::Instance(std::shared_ptr<InstanceState> state) : state_(std::move(state)) {}
Instance::~Instance() = default;

const Module& Instance::module() const { return *state_->module; }

std::optional<Extern> Instance::get_export(std::string_view name) const {
  for (const ExportDesc& ex : state_->module->exports()) {
    if (ex.name != name) continue;
    Extern e;
    e.kind = ex.kind;
    switch (ex.kind) {
      case ExternKind::Func:
        e.func.function = state_->functions[ex.index];
        e.func.owner = e.func.function->owner == state_.get()
                           ? std::shared_ptr<const void>(state_)
                           : state_->keep_alive[ex.index];
        break;
      case ExternKind::Table: e.table = state_->tables[ex.index]; break;
      case ExternKind::Memory: e.memory = state_->memories[ex.index]; break;
      case ExternKind::Global: e.global = state_->globals[ex.index]; break;
    }
    return e;
  }
  return std::nullopt;
}

Result<std::vector<Value>> Instance::call(std::string_view export_name, std::span<const Value> args) {
  auto e = get_export(export_name);
  if (!e || e->kind != ExternKind::Func)
    return Error(ErrorKind::Host, "no exported function named \"" + std::string(export_name) + "\"");
  return call(e->func.function, args);
}

Result<std::vector<Value>> Instance::call(const FunctionInstance* function, std::span<const Value> args) {
  return detail::invoke(*state_, function, args);
}

Memory* Instance::memory() { return state_->memory0; }

std::shared_ptr<Memory> Instance::exported_memory(std::string_view name) const {
  auto e = get_export(name);
  return e && e->kind == ExternKind::Memory ? e->memory : nullptr;
}

InterruptHandle Instance::interrupt_handle() const { return InterruptHandle(state_->interrupt); }

}  // namespace wasmbind
