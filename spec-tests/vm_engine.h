// VmEngine: runs spec test scripts on wasmbind's interpreter through the public embedding
// API (Linker, Instance), with the `spectest` host module the scripts import.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>

#include "script_engine.h"
#include "wasmbind/vm.h"

namespace wasmbind::spec {

class VmEngine final : public ScriptEngine {
 public:
  VmEngine();
  void reset() override;
  Result<void> instantiate(std::shared_ptr<const Module> module, std::string_view name) override;
  Result<std::vector<ScriptValue>> invoke(std::string_view module, std::string_view field,
                                          std::span<const ScriptValue> args) override;
  Result<ScriptValue> get(std::string_view module, std::string_view field) override;
  Result<void> register_module(std::string_view as, std::string_view module) override;

 private:
  Instance* find(std::string_view module);
  Value to_vm(const ScriptValue& v);
  ScriptValue from_vm(const Value& v) const;
  void define_spectest();

  Linker linker_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::map<std::string, Instance*, std::less<>> named_;
  Instance* current_ = nullptr;
  std::deque<uint64_t> extern_ids_;  // externref N is a pointer to an entry holding N
};

}  // namespace wasmbind::spec
