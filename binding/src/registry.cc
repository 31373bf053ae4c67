// BindingRegistry: every bindings.wasm component of a loaded resources folder, initialised in
// order, with Dapr's ignoreErrors rule.
#include "wasmbind/binding.h"

namespace wasmbind::binding {
namespace {
std::string describe(const ComponentSpec& c) {
  return c.name + " (" + c.type + "/" + (c.version.empty() ? "v1" : c.version) + ")";
}
}  // namespace

Result<std::unique_ptr<BindingRegistry>> BindingRegistry::create(const LoadedComponents& components,
                                                                 const InitOptions& options) {
  auto registry = std::make_unique<BindingRegistry>();
  InitOptions effective = options;
  effective.force_strict_sandbox = options.force_strict_sandbox || components.global_strict_sandbox;
  auto log = [&](LogLevel level, const std::string& message) {
    if (options.log) options.log(level, message);
  };
  for (const ComponentSpec& c : components.components) {
    if (c.type != "bindings.wasm") {
      log(LogLevel::Warn, "component " + describe(c) + " from " + c.source +
                              " skipped: only bindings.wasm components are supported");
      continue;
    }
    auto binding = create_wasm_output_binding(c, effective);
    if (!binding.ok()) {
      std::string message = "failed to init component " + describe(c) + " from " + c.source + ": " +
                            binding.error().message;
      if (!c.ignore_errors) return Error(ErrorKind::Host, std::move(message));
      log(LogLevel::Error, message + " (ignoreErrors: the component is left out)");
      continue;
    }
    log(LogLevel::Info, "component " + describe(c) + " loaded from " + c.source);
    registry->bindings_.push_back(std::move(*binding));
  }
  return registry;
}

OutputBinding* BindingRegistry::find(std::string_view name) const {
  for (const auto& b : bindings_)
    if (b->name() == name) return b.get();
  return nullptr;
}

}  // namespace wasmbind::binding
