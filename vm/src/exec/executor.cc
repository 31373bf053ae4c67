#include <array>

#include "exec/handler.h"
#include "exec/host_call.h"

namespace wasmbind::detail {

uint32_t param_slots(const FuncType& type) {
  uint32_t n = 0;
  for (ValType t : type.params) n += t == ValType::V128 ? 2 : 1;
  return n;
}
uint32_t result_slots(const FuncType& type) {
  uint32_t n = 0;
  for (ValType t : type.results) n += t == ValType::V128 ? 2 : 1;
  return n;
}

namespace {

Value read_value(const Slot* s, ValType t) {
  Value v;
  v.type = t;
  std::memcpy(v.bits.data(), s, t == ValType::V128 ? 16 : 8);
  return v;
}

void write_value(Slot* s, const Value& v) {
  std::memcpy(s, v.bits.data(), v.type == ValType::V128 ? 16 : 8);
  if (v.type == ValType::I32 || v.type == ValType::F32) s[0] &= 0xFFFFFFFFu;
}

}  // namespace

Status call_host(ExecContext* ctx, const Word* ip, const FunctionInstance* f, Slot* args) noexcept {
  const FuncType& type = *f->type;
  constexpr size_t kInline = 8;
  std::array<Value, kInline> in_small, out_small;
  std::vector<Value> in_big, out_big;
  std::span<Value> in, out;
  try {
    if (type.params.size() <= kInline) {
      in = std::span<Value>(in_small.data(), type.params.size());
    } else {
      in_big.resize(type.params.size());
      in = in_big;
    }
    if (type.results.size() <= kInline) {
      out = std::span<Value>(out_small.data(), type.results.size());
    } else {
      out_big.resize(type.results.size());
      out = out_big;
    }
    const Slot* p = args;
    for (size_t i = 0; i < type.params.size(); ++i) {
      in[i] = read_value(p, type.params[i]);
      p += type.params[i] == ValType::V128 ? 2 : 1;
    }
    for (size_t i = 0; i < type.results.size(); ++i) out[i] = Value::null(type.results[i]);
    Caller caller(ctx->instance, ctx->instance ? ctx->instance->user_data : nullptr);
    Result<void> r = f->host.callback(caller, in, out);
    if (!r.ok()) {
      ctx->host_error = r.error();
      ctx->trap_ip = ip;
      return Status::HostError;
    }
    Slot* q = args;
    for (size_t i = 0; i < type.results.size(); ++i) {
      Value v = out[i];
      v.type = type.results[i];
      write_value(q, v);
      q += type.results[i] == ValType::V128 ? 2 : 1;
    }
    return Status::Ok;
  } catch (const std::exception& e) {
    ctx->host_error = Error(ErrorKind::Host, std::string("host function threw: ") + e.what());
    ctx->trap_ip = ip;
    return Status::HostError;
  }
}

Status call_function_nested(ExecContext* ctx, const Word* ip, const FunctionInstance* f,
                            Slot* fp) noexcept {
  if (f->code == nullptr) return call_host(ctx, ip, f, fp);
  static const Word exit_word = [] {
    Word w;
    w.handler = handler(XOp::Exit);
    return w;
  }();
  const CompiledFunction* fn = f->code;
  if (fp + fn->stack_slots > ctx->stack_end || ctx->frame_top == ctx->frames_end)
    return trap(ctx, ip, TrapKind::CallStackExhausted);
  *ctx->frame_top++ = Frame{&exit_word, fp, ctx->instance, ctx->function};
  ctx->instance = f->owner;
  ctx->function = fn;
  zero_locals(fp, *fn);
  Status s =
      fn->entry->handler(fn->entry, fp, ctx, memory_base(f->owner), memory_size(f->owner), 0);
  // On success the return handler restored the caller's state; on a trap the embedding
  // unwinds the whole call, so the frame stack is reset by the caller of the API.
  return s;
}

}  // namespace wasmbind::detail
