// Shared by the ops_*.cc files: the per-call view (Context state + guest memory), the table
// of host functions each file contributes, and a typed registration helper.
#pragma once

#include <cstdint>
#include <span>
#include <tuple>
#include <utility>

#include "abi.h"
#include "context_impl.h"
#include "wasi_errno.h"
#include "guest_memory.h"
#include "wasmbind/vm.h"

namespace wasmbind::wasi {

inline constexpr const char* kModule = "wasi_snapshot_preview1";

struct Call {
  Context::Impl& ctx;
  GuestMemory mem;
  const Caller& caller;
  // Set by a blocking operation that gave up because the instance was interrupted; the call
  // then ends in an `interrupted` trap instead of returning to the guest.
  bool interrupted = false;
};

inline Error interrupted_trap() {
  Error e(ErrorKind::Trap, std::string(to_string(TrapKind::Interrupted)));
  e.trap = TrapKind::Interrupted;
  return e;
}

// Registers `f(Call&, args...) -> errno` as wasi_snapshot_preview1.<name>. Parameters are
// uint32_t (i32) or uint64_t (i64).
template <class... A>
void define_op(Linker& linker, const char* name, int32_t (*f)(Call&, A...)) {
  FuncType type{{detail::WasmTypeOf<A>::value...}, {ValType::I32}};
  linker.define(kModule, name,
                HostFunction{type, [f](Caller& caller, std::span<const Value> args,
                                       std::span<Value> results) -> Result<void> {
                  auto* context = static_cast<Context*>(caller.user_data());
                  if (context == nullptr)
                    return Error(ErrorKind::Host, "WASI function called without a wasi::Context");
                  Call call{context->impl(), GuestMemory(caller.memory()), caller};
                  int32_t r = [&]<size_t... I>(std::index_sequence<I...>) {
                    return f(call, detail::from_value<A>(args[I])...);
                  }(std::index_sequence_for<A...>{});
                  if (call.interrupted) return interrupted_trap();
                  results[0] = Value::i32(r);
                  return {};
                }});
}

inline int32_t err(abi::Errno e) { return static_cast<int32_t>(e); }

// The definitions, one function per source file.
void define_args_env_clock(Linker& linker);
void define_fd_ops(Linker& linker);
void define_readdir(Linker& linker);
void define_path_ops(Linker& linker);
void define_poll(Linker& linker);
void define_misc(Linker& linker);

}  // namespace wasmbind::wasi
