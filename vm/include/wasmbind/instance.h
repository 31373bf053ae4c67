// Linker and Instance: resolve a module's imports by name, instantiate it (memories, tables,
// globals, segment initialisation, start function) and call its exports.
#pragma once

#include <map>
#include <mutex>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "wasmbind/error.h"
#include "wasmbind/limits.h"
#include "wasmbind/module.h"
#include "wasmbind/runtime.h"
#include "wasmbind/value.h"

namespace wasmbind {

namespace detail {
template <class T> struct WasmTypeOf;
template <> struct WasmTypeOf<int32_t> { static constexpr ValType value = ValType::I32; };
template <> struct WasmTypeOf<uint32_t> { static constexpr ValType value = ValType::I32; };
template <> struct WasmTypeOf<int64_t> { static constexpr ValType value = ValType::I64; };
template <> struct WasmTypeOf<uint64_t> { static constexpr ValType value = ValType::I64; };
template <> struct WasmTypeOf<float> { static constexpr ValType value = ValType::F32; };
template <> struct WasmTypeOf<double> { static constexpr ValType value = ValType::F64; };

template <class T> Value to_value(T v) {
  if constexpr (std::is_same_v<T, float>) return Value::f32(v);
  else if constexpr (std::is_same_v<T, double>) return Value::f64(v);
  else if constexpr (sizeof(T) == 4) return Value::i32(static_cast<int32_t>(v));
  else return Value::i64(static_cast<int64_t>(v));
}
template <class T> T from_value(const Value& v) {
  if constexpr (std::is_same_v<T, float>) return v.as_f32();
  else if constexpr (std::is_same_v<T, double>) return v.as_f64();
  else if constexpr (sizeof(T) == 4) return static_cast<T>(v.as_i32());
  else return static_cast<T>(v.as_i64());
}

template <class F> struct Signature;
template <class R, class... A> struct Signature<R(A...)> {
  using Result = R;
  using Args = std::tuple<A...>;
  static FuncType type() {
    FuncType t{{WasmTypeOf<A>::value...}, {}};
    if constexpr (!std::is_void_v<R>) t.results.push_back(WasmTypeOf<R>::value);
    return t;
  }
};
template <class C, class R, class... A> struct Signature<R (C::*)(A...) const> : Signature<R(A...)> {};
template <class C, class R, class... A> struct Signature<R (C::*)(A...)> : Signature<R(A...)> {};
template <class F> struct Signature : Signature<decltype(&F::operator())> {};
template <class R, class... A> struct Signature<R (*)(A...)> : Signature<R(A...)> {};
}  // namespace detail

class LinkedModule;

class Linker {
 public:
  Linker();
  Linker& define(std::string module, std::string name, Extern value);
  Linker& define(std::string module, std::string name, HostFunction fn);
  // A host function from a C++ callable with a typed signature (int32_t, int64_t, float,
  // double parameters and result), e.g. [](int32_t a, int32_t b) { return a + b; }.
  template <class F>
  Linker& func(std::string module, std::string name, F f) {
    using Sig = detail::Signature<F>;
    HostFunction h{Sig::type(), [f](Caller&, std::span<const Value> args, std::span<Value> results) {
                     return invoke_typed<Sig>(f, args, results);
                   }};
    return define(std::move(module), std::move(name), std::move(h));
  }
  // Every export of `instance` under module name `module` (the spec tests' `register`).
  Linker& define_instance(std::string module, const Instance& instance);

  // Resolves imports and instantiates; errors are Unlinkable (missing or mistyped import)
  // or Uninstantiable (segment out of bounds, start function trapped).
  Result<std::unique_ptr<Instance>> instantiate(std::shared_ptr<const Module> module,
                                                const Limits& limits = {},
                                                void* user_data = nullptr) const;
  // Resolves and type-checks the imports once, for a module instantiated many times (an
  // Unlinkable error here is the one instantiate would give). The result holds what it
  // resolved: later define() calls do not change it.
  Result<LinkedModule> link(std::shared_ptr<const Module> module) const;

 private:
  template <class Sig, class F>
  static Result<void> invoke_typed(F& f, std::span<const Value> args, std::span<Value> results) {
    using Args = typename Sig::Args;
    auto call = [&]<size_t... I>(std::index_sequence<I...>) {
      return f(detail::from_value<std::tuple_element_t<I, Args>>(args[I])...);
    };
    constexpr size_t n = std::tuple_size_v<Args>;
    if constexpr (std::is_void_v<typename Sig::Result>) {
      call(std::make_index_sequence<n>{});
    } else {
      results[0] = detail::to_value(call(std::make_index_sequence<n>{}));
    }
    return {};
  }

  std::map<std::pair<std::string, std::string>, Extern, std::less<>> defs_;
  // Instances whose instantiation failed after storing their functions into an imported
  // table: the spec keeps those writes, so the functions must stay callable.
  std::shared_ptr<struct PartialInstances> partial_;
};

// A module with its imports resolved (wasmtime's InstancePre): instantiating it skips the
// lookups by name and the type checks, which an embedder that instantiates per request (the
// binding does) would otherwise repeat every time. The checks cannot go stale: imported
// tables and memories only grow, and their maximum and element type never change.
class LinkedModule {
 public:
  const Module& module() const { return *module_; }
  // Errors are Uninstantiable (segment out of bounds, start function trapped) or a limit.
  Result<std::unique_ptr<Instance>> instantiate(const Limits& limits = {},
                                                void* user_data = nullptr) const;

 private:
  friend class Linker;
  LinkedModule(std::shared_ptr<const Module> module, std::vector<Extern> imports,
               std::shared_ptr<struct PartialInstances> partial);
  std::shared_ptr<const Module> module_;
  std::vector<Extern> imports_;  // in the module's import order
  std::shared_ptr<struct PartialInstances> partial_;
};

class Instance {
 public:
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  const Module& module() const;
  std::optional<Extern> get_export(std::string_view name) const;

  // Calls an exported function; argument types are checked against its signature.
  Result<std::vector<Value>> call(std::string_view export_name, std::span<const Value> args);
  Result<std::vector<Value>> call(const FunctionInstance* function, std::span<const Value> args);
  // Typed call: instance.call<int32_t(int32_t, int32_t)>("add", 1, 2).
  template <class Sig, class... A>
  auto call(std::string_view export_name, A... args) {
    using R = typename detail::Signature<Sig*>::Result;
    using Params = typename detail::Signature<Sig*>::Args;
    static_assert(sizeof...(A) == std::tuple_size_v<Params>, "argument count differs from Sig");
    // Each argument is converted to the signature's parameter type (a literal 1000 passed
    // for an int64_t parameter is an i64).
    auto convert = [&]<size_t... I>(std::index_sequence<I...>) {
      return std::vector<Value>{
          detail::to_value(static_cast<std::tuple_element_t<I, Params>>(args))...};
    };
    std::vector<Value> in = convert(std::index_sequence_for<A...>{});
    auto out = call(export_name, in);
    if constexpr (std::is_void_v<R>) {
      return out.ok() ? Result<void>() : Result<void>(out.error());
    } else {
      if (!out.ok()) return Result<R>(out.error());
      if (out->size() != 1 || out->front().type != detail::WasmTypeOf<R>::value)
        return Result<R>(Error(ErrorKind::Host, "result type differs from the requested signature"));
      return Result<R>(detail::from_value<R>(out->front()));
    }
  }

  // Memory 0 (or the named exported memory), for reading and writing guest data.
  Memory* memory();
  std::shared_ptr<Memory> exported_memory(std::string_view name) const;

  // Stops the running call, or the next one if none runs, with an `interrupted` trap; the
  // trap consumes the request. Safe from any thread.
  InterruptHandle interrupt_handle() const;
  void interrupt() const { interrupt_handle().interrupt(); }

 private:
  friend class LinkedModule;
  explicit Instance(std::shared_ptr<detail::InstanceState> state);
  std::shared_ptr<detail::InstanceState> state_;
};

}  // namespace wasmbind
