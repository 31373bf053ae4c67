#include "vm_engine.h"

#include <bit>
#include <cstring>

namespace wasmbind::spec {

VmEngine::VmEngine() { reset(); }

void VmEngine::reset() {
  current_ = nullptr;
  named_.clear();
  linker_ = Linker();
  instances_.clear();
  extern_ids_.clear();
  define_spectest();
}

// The host module of the spec tests (see the suite's README): print functions that do
// nothing, globals of 666, a 10..20 funcref table and a 1..2 page memory.
void VmEngine::define_spectest() {
  auto print = [](std::vector<ValType> params) {
    return HostFunction{FuncType{std::move(params), {}},
                        [](Caller&, std::span<const Value>, std::span<Value>) { return Result<void>(); }};
  };
  linker_.define("spectest", "print", print({}));
  linker_.define("spectest", "print_i32", print({ValType::I32}));
  linker_.define("spectest", "print_i64", print({ValType::I64}));
  linker_.define("spectest", "print_f32", print({ValType::F32}));
  linker_.define("spectest", "print_f64", print({ValType::F64}));
  linker_.define("spectest", "print_i32_f32", print({ValType::I32, ValType::F32}));
  linker_.define("spectest", "print_f64_f64", print({ValType::F64, ValType::F64}));
  auto global = [&](const char* name, Value v) {
    Extern e;
    e.kind = ExternKind::Global;
    e.global = std::make_shared<Global>(GlobalType{v.type, false}, v);
    linker_.define("spectest", name, e);
  };
  global("global_i32", Value::i32(666));
  global("global_i64", Value::i64(666));
  global("global_f32", Value::f32(666.6f));
  global("global_f64", Value::f64(666.6));
  Extern table;
  table.kind = ExternKind::Table;
  table.table = Table::create(TableType{ValType::FuncRef, {10, 20}}, 1u << 20).value();
  linker_.define("spectest", "table", table);
  Extern memory;
  memory.kind = ExternKind::Memory;
  memory.memory = Memory::create(MemoryType{{1, 2}}, kMaxPages).value();
  linker_.define("spectest", "memory", memory);
}

Instance* VmEngine::find(std::string_view module) {
  if (module.empty()) return current_;
  auto it = named_.find(module);
  return it == named_.end() ? nullptr : it->second;
}

Result<void> VmEngine::instantiate(std::shared_ptr<const Module> module, std::string_view name) {
  Limits limits;
  limits.max_call_depth = 20000;
  // No spec command runs for long; a bug that loops must fail the command, not hang CI.
  limits.timeout = std::chrono::seconds(60);
  auto inst = linker_.instantiate(std::move(module), limits);
  if (!inst.ok()) return inst.error();
  current_ = inst->get();
  if (!name.empty()) named_[std::string(name)] = current_;
  instances_.push_back(std::move(inst.value()));
  return {};
}

Value VmEngine::to_vm(const ScriptValue& v) {
  switch (v.type) {
    case ValueType::I32: return Value::i32(static_cast<int32_t>(v.bits));
    case ValueType::I64: return Value::i64(static_cast<int64_t>(v.bits));
    case ValueType::F32: return Value::f32_bits(static_cast<uint32_t>(v.bits));
    case ValueType::F64: return Value::f64_bits(v.bits);
    case ValueType::V128: return Value::v128(v.v128);
    case ValueType::FuncRef: return Value::null(ValType::FuncRef);  // scripts pass only null
    case ValueType::ExternRef:
      if (v.is_null) return Value::null(ValType::ExternRef);
      extern_ids_.push_back(v.bits);
      return Value::externref(&extern_ids_.back());
  }
  return Value::i32(0);
}

ScriptValue VmEngine::from_vm(const Value& v) const {
  switch (v.type) {
    case ValType::I32: return ScriptValue::i32(static_cast<uint32_t>(v.as_i32()));
    case ValType::I64: return ScriptValue::i64(static_cast<uint64_t>(v.as_i64()));
    case ValType::F32: return ScriptValue::f32_bits(v.f32_bits());
    case ValType::F64: return ScriptValue::f64_bits(v.f64_bits());
    case ValType::V128: return ScriptValue::v128_bytes(v.bits);
    case ValType::FuncRef:
      return v.is_null() ? ScriptValue::null_ref(ValueType::FuncRef)
                         : ScriptValue::ref(ValueType::FuncRef, 0);
    case ValType::ExternRef:
      return v.is_null() ? ScriptValue::null_ref(ValueType::ExternRef)
                         : ScriptValue::ref(ValueType::ExternRef,
                                            *static_cast<const uint64_t*>(v.as_externref()));
  }
  return ScriptValue::i32(0);
}

Result<std::vector<ScriptValue>> VmEngine::invoke(std::string_view module, std::string_view field,
                                                  std::span<const ScriptValue> args) {
  Instance* inst = find(module);
  if (!inst) return Error(ErrorKind::Host, "unknown module " + std::string(module));
  std::vector<Value> in;
  in.reserve(args.size());
  for (const ScriptValue& a : args) in.push_back(to_vm(a));
  auto out = inst->call(field, in);
  if (!out.ok()) return out.error();
  std::vector<ScriptValue> results;
  for (const Value& v : *out) results.push_back(from_vm(v));
  return results;
}

Result<ScriptValue> VmEngine::get(std::string_view module, std::string_view field) {
  Instance* inst = find(module);
  if (!inst) return Error(ErrorKind::Host, "unknown module " + std::string(module));
  auto e = inst->get_export(field);
  if (!e || e->kind != ExternKind::Global)
    return Error(ErrorKind::Host, "no exported global " + std::string(field));
  return from_vm(e->global->get());
}

Result<void> VmEngine::register_module(std::string_view as, std::string_view module) {
  Instance* inst = find(module);
  if (!inst) return Error(ErrorKind::Host, "unknown module " + std::string(module));
  linker_.define_instance(std::string(as), *inst);
  return {};
}

}  // namespace wasmbind::spec
