#include "exec/invoke.h"

#include <sys/mman.h>

#include <optional>

#include "exec/handler.h"
#include "exec/host_call.h"
#include "exec/watchdog.h"

namespace wasmbind::detail {
namespace {

void* reserve(uint64_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                 -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

std::string frame_name(const InstanceState* instance, const CompiledFunction* f) {
  std::string_view name = instance ? instance->module->function_name(f->index) : std::string_view{};
  std::string s = name.empty() ? "func[" + std::to_string(f->index) + "]" : std::string(name);
  return s;
}

Error trap_error(const ExecContext& ctx) {
  std::string message(to_string(ctx.trap));
  if (ctx.trap_index != UINT64_MAX) message += " " + std::to_string(ctx.trap_index);
  Error e(ctx.trap == TrapKind::CallStackExhausted ? ErrorKind::Exhaustion : ErrorKind::Trap,
          std::move(message));
  e.trap = ctx.trap;
  // Innermost first: the running function, then each caller recorded in the frames.
  if (ctx.function) e.backtrace.push_back(frame_name(ctx.instance, ctx.function));
  constexpr size_t kMaxFrames = 64;
  for (const Frame* f = ctx.frame_top; f != ctx.frames && e.backtrace.size() < kMaxFrames;) {
    --f;
    if (f->function) e.backtrace.push_back(frame_name(f->instance, f->function));
  }
  return e;
}

}  // namespace

ExecStack::ExecStack(uint64_t slots_wanted, uint64_t frames_wanted)
    : slot_count(slots_wanted), frame_count(frames_wanted) {
  slots = static_cast<Slot*>(reserve(slot_count * sizeof(Slot)));
  frames = static_cast<Frame*>(reserve(frame_count * sizeof(Frame)));
}

ExecStack::~ExecStack() {
  if (slots) munmap(slots, slot_count * sizeof(Slot));
  if (frames) munmap(frames, frame_count * sizeof(Frame));
}

Result<std::vector<Value>> invoke(InstanceState& instance, const FunctionInstance* function,
                                  std::span<const Value> args) {
  const FuncType& type = *function->type;
  if (args.size() != type.params.size())
    return Error(ErrorKind::Host, "expected " + std::to_string(type.params.size()) +
                                      " arguments, got " + std::to_string(args.size()));
  for (size_t i = 0; i < args.size(); ++i)
    if (args[i].type != type.params[i])
      return Error(ErrorKind::Host, "argument " + std::to_string(i) + " should be " +
                                        std::string(to_string(type.params[i])));

  // Each thread keeps one execution stack and reuses it for every call it makes, into any
  // instance: reserving (and later unmapping) a fresh stack per instance would dominate the
  // cost of a short per-request instance. A nested call (a host function calling back into
  // Wasm) finds the thread's stack busy and gets a fresh one.
  const uint64_t slots_wanted = std::max<uint64_t>(instance.limits.max_stack_bytes / 8, 1024);
  const uint64_t frames_wanted = std::max<uint32_t>(instance.limits.max_call_depth, 1) + 1;
  thread_local std::unique_ptr<ExecStack> cached;
  std::unique_ptr<ExecStack> stack = std::move(cached);
  if (!stack || stack->slot_count != slots_wanted || stack->frame_count != frames_wanted) {
    stack = std::make_unique<ExecStack>(slots_wanted, frames_wanted);
    if (!stack->slots || !stack->frames)
      return Error(ErrorKind::Limit, "cannot reserve the execution stack");
  }
  struct GiveBack {
    std::unique_ptr<ExecStack>& stack;
    ~GiveBack() {
      if (!cached) cached = std::move(stack);
    }
  } give_back{stack};

  ++instance.active_calls;
  struct Leave {
    uint32_t& active_calls;
    ~Leave() { --active_calls; }
  } leave{instance.active_calls};

  ExecContext ctx;
  ctx.instance = &instance;
  ctx.stack_end = stack->slots + stack->slot_count;
  ctx.frames = ctx.frame_top = stack->frames;
  ctx.frames_end = stack->frames + stack->frame_count;
  // An interrupt requested before the call starts stops it at its first function entry (so a
  // cancellation racing with the call's start is never lost); the trap that reports an
  // interrupt consumes it, so the instance can be called again.
  ctx.interrupt = instance.interrupt.get();
  std::optional<DeadlineGuard> deadline;
  std::chrono::steady_clock::time_point deadline_at{};
  if (instance.limits.timeout) {
    deadline_at = std::chrono::steady_clock::now() + *instance.limits.timeout;
    deadline.emplace(deadline_at, instance.interrupt);
  }

  Slot* fp = stack->slots;
  if (param_slots(type) > stack->slot_count || result_slots(type) > stack->slot_count)
    return Error(ErrorKind::Limit, "stack too small for the call's arguments");
  Slot* p = fp;
  for (const Value& v : args) {
    std::memcpy(p, v.bits.data(), v.type == ValType::V128 ? 16 : 8);
    if (v.type == ValType::I32 || v.type == ValType::F32) *p &= 0xFFFFFFFFu;
    p += v.type == ValType::V128 ? 2 : 1;
  }

  Status status = call_function_nested(&ctx, nullptr, function, fp);
  deadline.reset();
#ifdef WASMBIND_OP_PROFILE
  profile_dump();  // while the code it lists is alive
#endif
  const bool interrupted =
      (status == Status::Trap && ctx.trap == TrapKind::Interrupted) ||
      (status == Status::HostError && ctx.host_error.trap == TrapKind::Interrupted);
  // Our own deadline may fire just as a call completes; it must not leak into the next call.
  // A nested call (a host function calling back into this instance) leaves the request
  // pending: it must still stop the calls around it, even if the host function swallows the
  // nested call's trap, and the outermost call consumes it.
  if (instance.active_calls == 1 &&
      (interrupted || (instance.limits.timeout && std::chrono::steady_clock::now() >= deadline_at)))
    instance.interrupt->store(0, std::memory_order_relaxed);
  Result<std::vector<Value>> out = [&]() -> Result<std::vector<Value>> {
    switch (status) {
      case Status::Ok: {
        std::vector<Value> results;
        results.reserve(type.results.size());
        const Slot* q = fp;
        for (ValType t : type.results) {
          Value v = Value::null(t);
          std::memcpy(v.bits.data(), q, t == ValType::V128 ? 16 : 8);
          if (t == ValType::I32 || t == ValType::F32) v.bits[4] = v.bits[5] = v.bits[6] = v.bits[7] = 0;
          results.push_back(v);
          q += t == ValType::V128 ? 2 : 1;
        }
        return results;
      }
      case Status::Trap:
        return trap_error(ctx);
      case Status::HostError:
        return ctx.host_error;
    }
    return Error(ErrorKind::Host, "unknown execution status");
  }();
  return out;
}

}  // namespace wasmbind::detail
