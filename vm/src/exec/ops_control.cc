// Control handlers: moves and constants, branches (plain, conditional, tables), select, calls
// and returns, globals and references. Compare-and-branch fusions are in ops_branch.cc.
#include <array>

#include "exec/handler.h"
#include "exec/host_call.h"

namespace wasmbind::detail {
namespace {

WB_HANDLER(op_copy64) {
  fp[ip[1].u] = fp[ip[2].u];
  WB_NEXT(3);
}
WB_HANDLER(op_copy64x2) {
  fp[ip[1].u] = fp[ip[2].u];
  fp[ip[3].u] = fp[ip[4].u];
  WB_NEXT(5);
}
WB_HANDLER(op_copy128) {
  std::memmove(fp + ip[1].u, fp + ip[2].u, 16);  // result moves may overlap by one slot
  WB_NEXT(3);
}
WB_HANDLER(op_const64) {
  fp[ip[1].u] = ip[2].u;
  WB_NEXT(3);
}
WB_HANDLER(op_const128) {
  fp[ip[1].u] = ip[2].u;
  fp[ip[1].u + 1] = ip[3].u;
  WB_NEXT(4);
}

WB_HANDLER(op_br) { WB_JUMP(ip + ip[1].i); }
WB_HANDLER(op_copy_br) {
  fp[ip[1].u] = fp[ip[2].u];
  WB_JUMP(ip + ip[3].i);
}
WB_HANDLER(op_br_if_nz) {
  if (static_cast<uint32_t>(fp[ip[1].u]) != 0) WB_JUMP(ip + ip[2].i);
  WB_NEXT(3);
}
WB_HANDLER(op_br_if_z) {
  if (static_cast<uint32_t>(fp[ip[1].u]) == 0) WB_JUMP(ip + ip[2].i);
  WB_NEXT(3);
}
WB_HANDLER(op_br_table) {
  uint32_t index = static_cast<uint32_t>(fp[ip[1].u]);
  uint64_t last = ip[2].u;  // the default target's position in the table
  WB_JUMP(ip + ip[3 + (index < last ? index : last)].i);
}


WB_HANDLER(op_unreachable) { return trap(ctx, ip, TrapKind::Unreachable); }

WB_HANDLER(op_unsupported) {
  ctx->host_error = Error(ErrorKind::Limit, "instruction needs multi-memory execution, which the interpreter does not support yet");
  ctx->trap_ip = ip;
  return Status::HostError;
}

WB_HANDLER(op_select64) {
  fp[ip[1].u] = static_cast<uint32_t>(fp[ip[4].u]) ? fp[ip[2].u] : fp[ip[3].u];
  WB_NEXT(5);
}
WB_HANDLER(op_select128) {
  const Slot* src = static_cast<uint32_t>(fp[ip[4].u]) ? fp + ip[2].u : fp + ip[3].u;
  std::memmove(fp + ip[1].u, src, 16);
  WB_NEXT(5);
}

// ---- calls -----------------------------------------------------------------------------

// Zeroes the locals of the function just entered (ctx->function) when there are more than
// one fixed block covers, then runs it from `ip` (its entry). A separate handler, so that the
// call handlers' hot path makes no call (which would make them save registers).
[[gnu::noinline]] WB_HANDLER(op_enter_zeroing) {
  zero_locals(fp, *ctx->function);
  WB_MUSTTAIL return ip->handler(ip, fp, ctx, mem, msize, acc);
}

// Enters Wasm function `f` with its frame at `nfp`; the caller resumes at `ret`. Calls and
// returns pass 0 as the accumulator (values cross them in slots), which frees its register
// for these longer handlers.
#define WB_ENTER(f, nfp, ret)                                                              \
  do {                                                                                     \
    const CompiledFunction* fn_ = (f);                                                     \
    Slot* nfp_ = (nfp);                                                                    \
    if (nfp_ + fn_->stack_slots > ctx->stack_end || ctx->frame_top == ctx->frames_end)     \
      [[unlikely]]                                                                         \
      WB_TRAP(TrapKind::CallStackExhausted);                                               \
    if (ctx->interrupt->load(std::memory_order_relaxed)) [[unlikely]]                      \
      WB_TRAP(TrapKind::Interrupted);                                                      \
    *ctx->frame_top++ = Frame{(ret), fp, ctx->instance, ctx->function};                    \
    ctx->function = fn_;                                                                   \
    const Word* entry_ = fn_->entry;                                                       \
    WB_PROFILE(entry_);                                                                    \
    if (fn_->local_slots - fn_->param_slots > kZeroedOnEntry) [[unlikely]]                 \
      WB_MUSTTAIL return op_enter_zeroing(entry_, nfp_, ctx, mem, msize, 0);                    \
    std::memset(nfp_ + fn_->param_slots, 0, kZeroedOnEntry * sizeof(Slot));                \
    WB_MUSTTAIL return entry_->handler(entry_, nfp_, ctx, mem, msize, 0);                       \
  } while (0)

// Calls a function reached through an import or a table: a host function runs at once; a
// Wasm function of another instance switches the context to that instance.
#define WB_CALL_FUNCTION(fi, nfp, ret)                                                     \
  do {                                                                                     \
    const FunctionInstance* f_ = (fi);                                                     \
    if (f_->code == nullptr) {                                                             \
      Status s_ = call_host(ctx, ip, f_, (nfp));                                           \
      if (s_ != Status::Ok) [[unlikely]]                                                   \
        return s_;                                                                         \
      mem = memory_base(ctx->instance);                                                    \
      msize = memory_size(ctx->instance);                                                  \
      const Word* r_ = (ret);                                                              \
      WB_MUSTTAIL return r_->handler(r_, fp, ctx, mem, msize, 0);                               \
    }                                                                                      \
    if (f_->owner != ctx->instance) {                                                      \
      /* The frame record saves the caller's instance; the callee's memory is loaded. */   \
      Slot* cfp_ = (nfp);                                                                  \
      if (cfp_ + f_->code->stack_slots > ctx->stack_end || ctx->frame_top == ctx->frames_end) \
        [[unlikely]]                                                                       \
        return trap(ctx, ip, TrapKind::CallStackExhausted);                                \
      *ctx->frame_top++ = Frame{(ret), fp, ctx->instance, ctx->function};                  \
      ctx->instance = f_->owner;                                                           \
      ctx->function = f_->code;                                                            \
      zero_locals(cfp_, *f_->code);                                                        \
      uint8_t* cmem_ = memory_base(f_->owner);                                             \
      uint64_t csize_ = memory_size(f_->owner);                                            \
      const Word* centry_ = f_->code->entry;                                               \
      WB_MUSTTAIL return centry_->handler(centry_, cfp_, ctx, cmem_, csize_, 0);                \
    }                                                                                      \
    WB_ENTER(f_->code, (nfp), (ret));                                                      \
  } while (0)

WB_HANDLER(op_call) {
  WB_ENTER(static_cast<const CompiledFunction*>(ip[1].p), fp + ip[2].u, ip + 3);
}

WB_HANDLER(op_call_import) {
  WB_CALL_FUNCTION(ctx->instance->functions[ip[1].u], fp + ip[2].u, ip + 3);
}

// Looks up a call_indirect target; null (with the trap recorded) if it cannot be called.
inline const FunctionInstance* indirect_target(const Word* ip, const Slot* fp,
                                               ExecContext* ctx) noexcept {
  const auto* type = static_cast<const InternedType*>(ip[1].p);
  Table* table = ctx->instance->table_ptrs[ip[2].u];
  uint32_t index = static_cast<uint32_t>(fp[ip[4].u]);
  if (index >= table->size()) {
    ctx->trap_index = index;
    trap(ctx, ip, TrapKind::UndefinedElement);
    return nullptr;
  }
  const auto* f = static_cast<const FunctionInstance*>(table->elements()[index]);
  if (f == nullptr) {
    ctx->trap_index = index;
    trap(ctx, ip, TrapKind::UninitializedElement);
    return nullptr;
  }
  if (f->type_id != type) {
    trap(ctx, ip, TrapKind::IndirectCallTypeMismatch);
    return nullptr;
  }
  return f;
}

WB_HANDLER(op_call_indirect) {
  const FunctionInstance* f = indirect_target(ip, fp, ctx);
  if (f == nullptr) [[unlikely]]
    return Status::Trap;
  WB_CALL_FUNCTION(f, fp + ip[3].u, ip + 5);
}

WB_HANDLER(op_return) {
  const Frame frame = *--ctx->frame_top;
  ctx->function = frame.function;
  if (frame.instance != ctx->instance) ctx->instance = frame.instance;
  // The callee may have grown the memory (the base never moves, the size may change).
  mem = memory_base(ctx->instance);
  msize = memory_size(ctx->instance);
  const Word* r = frame.return_ip;
  Slot* rfp = frame.fp;
  WB_PROFILE(r);
  WB_MUSTTAIL return r->handler(r, rfp, ctx, mem, msize, 0);
}

WB_HANDLER(op_exit) {
  (void)ip, (void)fp, (void)ctx, (void)mem, (void)msize;
  return Status::Ok;
}

// Tail calls: the arguments replace this frame's parameters and the callee takes over the
// frame; the caller's frame record stays, so the callee returns straight to our caller.
#define WB_TAIL_ENTER(fn, base_word, nargs_word)                                           \
  do {                                                                                     \
    const CompiledFunction* tf_ = (fn);                                                    \
    std::memmove(fp, fp + ip[base_word].u, ip[nargs_word].u * 8u);                         \
    if (fp + tf_->stack_slots > ctx->stack_end) [[unlikely]]                               \
      return trap(ctx, ip, TrapKind::CallStackExhausted);                                  \
    if (ctx->interrupt->load(std::memory_order_relaxed)) [[unlikely]]                      \
      return trap(ctx, ip, TrapKind::Interrupted);                                         \
    ctx->function = tf_;                                                                   \
    zero_locals(fp, *tf_);                                                                 \
    const Word* te_ = tf_->entry;                                                          \
    WB_MUSTTAIL return te_->handler(te_, fp, ctx, mem, msize, 0);                               \
  } while (0)

// A tail call to a host function or to another instance's function is made as a nested
// call, whose results are then returned as ours.
WB_HANDLER(op_return_call) { WB_TAIL_ENTER(static_cast<const CompiledFunction*>(ip[1].p), 2, 3); }

WB_HANDLER(op_return_call_import) {
  const FunctionInstance* f = ctx->instance->functions[ip[1].u];
  if (f->code != nullptr && f->owner == ctx->instance) WB_TAIL_ENTER(f->code, 2, 3);
  Status s = call_function_nested(ctx, ip, f, fp + ip[2].u);
  if (s != Status::Ok) return s;
  std::memmove(fp, fp + ip[2].u, result_slots(*f->type) * 8u);
  WB_MUSTTAIL return op_return(ip, fp, ctx, mem, msize, acc);
}

WB_HANDLER(op_return_call_indirect) {
  const FunctionInstance* f = indirect_target(ip, fp, ctx);
  if (f == nullptr) [[unlikely]]
    return Status::Trap;
  if (f->code != nullptr && f->owner == ctx->instance) WB_TAIL_ENTER(f->code, 3, 5);
  Status s = call_function_nested(ctx, ip, f, fp + ip[3].u);
  if (s != Status::Ok) return s;
  std::memmove(fp, fp + ip[3].u, result_slots(*f->type) * 8u);
  WB_MUSTTAIL return op_return(ip, fp, ctx, mem, msize, acc);
}

// ---- globals and references -------------------------------------------------------------

WB_HANDLER(op_global_get64) {
  fp[ip[1].u] = ctx->instance->global_cells[ip[2].u]->low64();
  WB_NEXT(3);
}
WB_HANDLER(op_global_get128) {
  std::memcpy(fp + ip[1].u, ctx->instance->global_cells[ip[2].u]->bits.data(), 16);
  WB_NEXT(3);
}
WB_HANDLER(op_global_set64) {
  std::memcpy(ctx->instance->global_cells[ip[1].u]->bits.data(), fp + ip[2].u, 8);
  WB_NEXT(3);
}
WB_HANDLER(op_global_set128) {
  std::memcpy(ctx->instance->global_cells[ip[1].u]->bits.data(), fp + ip[2].u, 16);
  WB_NEXT(3);
}
WB_HANDLER(op_ref_func) {
  fp[ip[1].u] = reinterpret_cast<uintptr_t>(ctx->instance->functions[ip[2].u]);
  WB_NEXT(3);
}
WB_HANDLER(op_i32_add_shl) {
  uint32_t base = static_cast<uint32_t>(fp[ip[2].u]);
  uint32_t index = static_cast<uint32_t>(fp[ip[3].u]);
  wr<uint32_t>(fp, ip[1].u, base + (index << ip[4].u));
  WB_NEXT(5);
}
WB_HANDLER(op_ref_is_null) {
  fp[ip[1].u] = fp[ip[2].u] == 0;
  WB_NEXT(3);
}

}  // namespace

void register_control_handlers(Handler* t) {
  auto set = [t](XOp op, Handler h) { t[static_cast<size_t>(op)] = h; };
  set(XOp::Copy64, op_copy64);
  set(XOp::Copy64x2, op_copy64x2);
  set(XOp::Copy128, op_copy128);
  set(XOp::Const64, op_const64);
  set(XOp::Const128, op_const128);
  set(XOp::Br, op_br);
  set(XOp::CopyBr, op_copy_br);
  set(XOp::BrIfNz, op_br_if_nz);
  set(XOp::BrIfZ, op_br_if_z);
  set(XOp::BrTable, op_br_table);
  set(XOp::Unreachable, op_unreachable);
  set(XOp::Unsupported, op_unsupported);
  set(XOp::Return, op_return);
  set(XOp::Exit, op_exit);
  set(XOp::Call, op_call);
  set(XOp::CallImport, op_call_import);
  set(XOp::CallIndirect, op_call_indirect);
  set(XOp::ReturnCall, op_return_call);
  set(XOp::ReturnCallImport, op_return_call_import);
  set(XOp::ReturnCallIndirect, op_return_call_indirect);
  set(XOp::Select64, op_select64);
  set(XOp::Select128, op_select128);
  set(XOp::GlobalGet64, op_global_get64);
  set(XOp::GlobalGet128, op_global_get128);
  set(XOp::GlobalSet64, op_global_set64);
  set(XOp::GlobalSet128, op_global_set128);
  set(XOp::RefFunc, op_ref_func);
  set(XOp::RefIsNull, op_ref_is_null);
  set(XOp::I32AddShl, op_i32_add_shl);
}

}  // namespace wasmbind::detail
