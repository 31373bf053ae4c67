// Memory and table handlers: loads and stores with explicit bounds checks against the
// memory size held in a register, bulk memory operations, and table operations.
//
// Effective addresses come from effective_address() (handler.h), shared with the SIMD loads
// and stores.
#include <algorithm>

#include "exec/handler.h"

namespace wasmbind::detail {
namespace {

template <class Stored, class Slotted>
WB_HANDLER(op_load) {
  uint64_t ea;
  if (!effective_address(fp[ip[2].u], ip[3].u, sizeof(Stored), msize, ea)) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  Stored v;
  std::memcpy(&v, mem + ea, sizeof(Stored));
  wr<Slotted>(fp, ip[1].u, static_cast<Slotted>(v));
  WB_NEXT(4);
}

WB_HANDLER(op_load128) {
  uint64_t ea;
  if (!effective_address(fp[ip[2].u], ip[3].u, 16, msize, ea)) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  std::memcpy(fp + ip[1].u, mem + ea, 16);
  WB_NEXT(4);
}

template <class Stored>
WB_HANDLER(op_store) {
  uint64_t ea;
  if (!effective_address(fp[ip[1].u], ip[3].u, sizeof(Stored), msize, ea)) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  std::memcpy(mem + ea, fp + ip[2].u, sizeof(Stored));
  WB_NEXT(4);
}

WB_HANDLER(op_store128) {
  uint64_t ea;
  if (!effective_address(fp[ip[1].u], ip[3].u, 16, msize, ea)) [[unlikely]]
    WB_TRAP(TrapKind::MemoryOutOfBounds);
  std::memcpy(mem + ea, fp + ip[2].u, 16);
  WB_NEXT(4);
}

WB_HANDLER(op_memory_size) {
  wr<uint32_t>(fp, ip[1].u, static_cast<uint32_t>(msize / kPageSize));
  WB_NEXT(2);
}

WB_HANDLER(op_memory_grow) {
  uint32_t delta = static_cast<uint32_t>(fp[ip[2].u]);
  std::optional<uint32_t> old = ctx->instance->memory0->grow(delta);
  wr<uint32_t>(fp, ip[1].u, old ? *old : UINT32_MAX);
  mem = memory_base(ctx->instance);
  msize = memory_size(ctx->instance);
  WB_NEXT(3);
}

inline bool range_ok(uint64_t start, uint64_t length, uint64_t size) {
  return start + length <= size;  // both < 2^32, no overflow
}

// Bulk operations over more than this many bytes run in chunks and check for an interrupt
// between chunks: one memory.fill may cover 4 GiB (over a second with the page faults), and
// a deadline or a cancelled request must stop it as quickly as it stops a loop.
constexpr uint64_t kBulkChunkBytes = uint64_t{1} << 20;

// Calls step(offset, count) over [0, n) in chunks of at most `chunk`, from the start or (when
// `backward`, for copies whose destination overlaps above their source) from the end.
// Returns false when an interrupt arrived between two chunks; the bounds were checked before,
// so a partial operation only ever happens because the guest is being stopped.
template <class Step>
bool in_chunks(const ExecContext* ctx, uint64_t n, uint64_t chunk, bool backward, Step step) {
  for (uint64_t done = 0; done < n;) {
    if (done != 0 && ctx->interrupt->load(std::memory_order_relaxed)) [[unlikely]]
      return false;
    const uint64_t k = std::min(chunk, n - done);
    step(backward ? n - done - k : done, k);
    done += k;
  }
  return true;
}

WB_HANDLER(op_memory_fill) {
  uint64_t d = static_cast<uint32_t>(fp[ip[1].u]);
  uint8_t value = static_cast<uint8_t>(fp[ip[2].u]);
  uint64_t n = static_cast<uint32_t>(fp[ip[3].u]);
  if (!range_ok(d, n, msize)) [[unlikely]]
    return trap(ctx, ip, TrapKind::MemoryOutOfBounds);
  if (!in_chunks(ctx, n, kBulkChunkBytes, false,
                 [&](uint64_t off, uint64_t k) { std::memset(mem + d + off, value, k); }))
    return trap(ctx, ip, TrapKind::Interrupted);
  WB_NEXT(4);
}

WB_HANDLER(op_memory_copy) {
  uint64_t d = static_cast<uint32_t>(fp[ip[1].u]);
  uint64_t s = static_cast<uint32_t>(fp[ip[2].u]);
  uint64_t n = static_cast<uint32_t>(fp[ip[3].u]);
  if (!range_ok(d, n, msize) || !range_ok(s, n, msize)) [[unlikely]]
    return trap(ctx, ip, TrapKind::MemoryOutOfBounds);
  if (!in_chunks(ctx, n, kBulkChunkBytes, d > s,
                 [&](uint64_t off, uint64_t k) { std::memmove(mem + d + off, mem + s + off, k); }))
    return trap(ctx, ip, TrapKind::Interrupted);
  WB_NEXT(4);
}

WB_HANDLER(op_memory_init) {
  std::span<const uint8_t> seg = ctx->instance->data_segments[ip[1].u];
  uint64_t d = static_cast<uint32_t>(fp[ip[2].u]);
  uint64_t s = static_cast<uint32_t>(fp[ip[3].u]);
  uint64_t n = static_cast<uint32_t>(fp[ip[4].u]);
  if (!range_ok(d, n, msize) || !range_ok(s, n, seg.size())) [[unlikely]]
    return trap(ctx, ip, TrapKind::MemoryOutOfBounds);
  if (!in_chunks(ctx, n, kBulkChunkBytes, false, [&](uint64_t off, uint64_t k) {
        std::memcpy(mem + d + off, seg.data() + s + off, k);
      }))
    return trap(ctx, ip, TrapKind::Interrupted);
  WB_NEXT(5);
}

WB_HANDLER(op_data_drop) {
  ctx->instance->data_segments[ip[1].u] = {};
  WB_NEXT(2);
}

// ---- tables ---------------------------------------------------------------------------

WB_HANDLER(op_table_get) {
  Table* t = ctx->instance->table_ptrs[ip[2].u];
  uint32_t i = static_cast<uint32_t>(fp[ip[3].u]);
  if (i >= t->size()) [[unlikely]]
    return trap(ctx, ip, TrapKind::TableOutOfBounds);
  fp[ip[1].u] = reinterpret_cast<uintptr_t>(t->elements()[i]);
  WB_NEXT(4);
}

WB_HANDLER(op_table_set) {
  Table* t = ctx->instance->table_ptrs[ip[1].u];
  uint32_t i = static_cast<uint32_t>(fp[ip[2].u]);
  if (i >= t->size()) [[unlikely]]
    return trap(ctx, ip, TrapKind::TableOutOfBounds);
  t->elements()[i] = reinterpret_cast<const void*>(static_cast<uintptr_t>(fp[ip[3].u]));
  WB_NEXT(4);
}

WB_HANDLER(op_table_size) {
  wr<uint32_t>(fp, ip[1].u, ctx->instance->table_ptrs[ip[2].u]->size());
  WB_NEXT(3);
}

WB_HANDLER(op_table_grow) {
  Table* t = ctx->instance->table_ptrs[ip[2].u];
  const void* init = reinterpret_cast<const void*>(static_cast<uintptr_t>(fp[ip[3].u]));
  uint32_t delta = static_cast<uint32_t>(fp[ip[4].u]);
  std::optional<uint32_t> old = t->grow(delta, init);
  wr<uint32_t>(fp, ip[1].u, old ? *old : UINT32_MAX);
  WB_NEXT(5);
}

WB_HANDLER(op_table_fill) {
  Table* t = ctx->instance->table_ptrs[ip[1].u];
  uint64_t i = static_cast<uint32_t>(fp[ip[2].u]);
  const void* v = reinterpret_cast<const void*>(static_cast<uintptr_t>(fp[ip[3].u]));
  uint64_t n = static_cast<uint32_t>(fp[ip[4].u]);
  if (!range_ok(i, n, t->size())) [[unlikely]]
    return trap(ctx, ip, TrapKind::TableOutOfBounds);
  const void** elems = t->elements().data() + i;
  if (!in_chunks(ctx, n, kBulkChunkBytes / sizeof(void*), false,
                 [&](uint64_t off, uint64_t k) { std::fill_n(elems + off, k, v); }))
    return trap(ctx, ip, TrapKind::Interrupted);
  WB_NEXT(5);
}

WB_HANDLER(op_table_copy) {
  Table* dst = ctx->instance->table_ptrs[ip[1].u];
  Table* src = ctx->instance->table_ptrs[ip[2].u];
  uint64_t d = static_cast<uint32_t>(fp[ip[3].u]);
  uint64_t s = static_cast<uint32_t>(fp[ip[4].u]);
  uint64_t n = static_cast<uint32_t>(fp[ip[5].u]);
  if (!range_ok(d, n, dst->size()) || !range_ok(s, n, src->size())) [[unlikely]]
    return trap(ctx, ip, TrapKind::TableOutOfBounds);
  const void** to = dst->elements().data() + d;
  const void** from = src->elements().data() + s;
  // Same table with the destination above the source: copy from the end, as memmove would.
  if (!in_chunks(ctx, n, kBulkChunkBytes / sizeof(void*), dst == src && d > s,
                 [&](uint64_t off, uint64_t k) {
                   std::memmove(to + off, from + off, k * sizeof(void*));
                 }))
    return trap(ctx, ip, TrapKind::Interrupted);
  WB_NEXT(6);
}

WB_HANDLER(op_table_init) {
  Table* t = ctx->instance->table_ptrs[ip[1].u];
  const std::vector<const void*>& seg = ctx->instance->element_segments[ip[2].u];
  uint64_t d = static_cast<uint32_t>(fp[ip[3].u]);
  uint64_t s = static_cast<uint32_t>(fp[ip[4].u]);
  uint64_t n = static_cast<uint32_t>(fp[ip[5].u]);
  if (!range_ok(d, n, t->size()) || !range_ok(s, n, seg.size())) [[unlikely]]
    return trap(ctx, ip, TrapKind::TableOutOfBounds);
  const void** to = t->elements().data() + d;
  if (!in_chunks(ctx, n, kBulkChunkBytes / sizeof(void*), false, [&](uint64_t off, uint64_t k) {
        std::memcpy(to + off, seg.data() + s + off, k * sizeof(void*));
      }))
    return trap(ctx, ip, TrapKind::Interrupted);
  WB_NEXT(6);
}

WB_HANDLER(op_elem_drop) {
  ctx->instance->element_segments[ip[1].u].clear();
  WB_NEXT(2);
}

}  // namespace

void register_memory_handlers(Handler* t) {
  auto set = [t](XOp op, Handler h) { t[static_cast<size_t>(op)] = h; };
  set(XOp::Load8U, op_load<uint8_t, uint64_t>);
  set(XOp::Load16U, op_load<uint16_t, uint64_t>);
  set(XOp::Load32U, op_load<uint32_t, uint64_t>);
  set(XOp::Load64, op_load<uint64_t, uint64_t>);
  set(XOp::Load8S32, op_load<int8_t, uint32_t>);
  set(XOp::Load16S32, op_load<int16_t, uint32_t>);
  set(XOp::Load8S64, op_load<int8_t, int64_t>);
  set(XOp::Load16S64, op_load<int16_t, int64_t>);
  set(XOp::Load32S64, op_load<int32_t, int64_t>);
  set(XOp::Load128, op_load128);
  set(XOp::Store8, op_store<uint8_t>);
  set(XOp::Store16, op_store<uint16_t>);
  set(XOp::Store32, op_store<uint32_t>);
  set(XOp::Store64, op_store<uint64_t>);
  set(XOp::Store128, op_store128);
  set(XOp::MemorySize, op_memory_size);
  set(XOp::MemoryGrow, op_memory_grow);
  set(XOp::MemoryFill, op_memory_fill);
  set(XOp::MemoryCopy, op_memory_copy);
  set(XOp::MemoryInit, op_memory_init);
  set(XOp::DataDrop, op_data_drop);
  set(XOp::TableGet, op_table_get);
  set(XOp::TableSet, op_table_set);
  set(XOp::TableSize, op_table_size);
  set(XOp::TableGrow, op_table_grow);
  set(XOp::TableFill, op_table_fill);
  set(XOp::TableCopy, op_table_copy);
  set(XOp::TableInit, op_table_init);
  set(XOp::ElemDrop, op_elem_drop);
}

}  // namespace wasmbind::detail
