// args_*, environ_*, clock_res_get, clock_time_get.
#include <time.h>

#include <string>
#include <vector>

#include "host.h"

namespace wasmbind::wasi {
namespace {

// Writes the pointer array and the NUL-separated strings of `items` (blob = concatenation).
int32_t write_strings(Call& c, const std::vector<std::string>& items, const std::string& blob,
                      uint32_t ptrs, uint32_t buf) {
  if (!c.mem.valid(ptrs, uint64_t{items.size()} * 4) || !c.mem.valid(buf, blob.size()))
    return err(abi::kFault);
  uint64_t off = buf;
  for (size_t i = 0; i < items.size(); ++i) {
    c.mem.store32(ptrs + uint64_t{i} * 4, static_cast<uint32_t>(off));
    off += items[i].size() + 1;
  }
  c.mem.write_bytes(buf, blob);
  return err(abi::kSuccess);
}

int32_t sizes(Call& c, size_t count, size_t bytes, uint32_t count_ptr, uint32_t size_ptr) {
  if (!c.mem.valid(count_ptr, 4) || !c.mem.valid(size_ptr, 4)) return err(abi::kFault);
  c.mem.store32(count_ptr, static_cast<uint32_t>(count));
  c.mem.store32(size_ptr, static_cast<uint32_t>(bytes));
  return err(abi::kSuccess);
}

int32_t args_get(Call& c, uint32_t argv, uint32_t buf) {
  return write_strings(c, c.ctx.config.args, c.ctx.args_blob, argv, buf);
}
int32_t args_sizes_get(Call& c, uint32_t argc, uint32_t size) {
  return sizes(c, c.ctx.config.args.size(), c.ctx.args_blob.size(), argc, size);
}
int32_t environ_get(Call& c, uint32_t env, uint32_t buf) {
  return write_strings(c, c.ctx.config.env, c.ctx.env_blob, env, buf);
}
int32_t environ_sizes_get(Call& c, uint32_t count, uint32_t size) {
  return sizes(c, c.ctx.config.env.size(), c.ctx.env_blob.size(), count, size);
}

bool host_clock(uint32_t id, clockid_t& out) {
  switch (id) {
    case abi::kClockRealtime: out = CLOCK_REALTIME; return true;
    case abi::kClockMonotonic: out = CLOCK_MONOTONIC; return true;
    case abi::kClockProcessCputime: out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case abi::kClockThreadCputime: out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
  }
}

// Deterministic mode (strictSandbox) offers only the realtime and monotonic clocks, as Dapr
// does: CPU-time clocks would reveal how long the guest ran.
bool clock_offered(const Call& c, uint32_t id) {
  return !c.ctx.config.deterministic || id == abi::kClockRealtime || id == abi::kClockMonotonic;
}

int32_t clock_res_get(Call& c, uint32_t id, uint32_t res_ptr) {
  clockid_t hc;
  if (!host_clock(id, hc) || !clock_offered(c, id)) return err(abi::kInval);
  uint64_t res = 1;
  if (c.ctx.config.deterministic) {
    // Dapr's fake wall clock ticks in 1 ms steps; its fake monotonic clock reports 1 ns.
    if (id == abi::kClockRealtime) res = 1'000'000;
  } else {
    timespec ts{};
    if (clock_getres(hc, &ts) != 0) return err(last_errno());
    res = static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
    if (res == 0) res = 1;
  }
  if (!c.mem.store64(res_ptr, res)) return err(abi::kFault);
  return err(abi::kSuccess);
}

int32_t clock_time_get(Call& c, uint32_t id, uint64_t /*precision*/, uint32_t time_ptr) {
  clockid_t hc;
  if (!host_clock(id, hc) || !clock_offered(c, id)) return err(abi::kInval);
  if (!c.mem.valid(time_ptr, 8)) return err(abi::kFault);
  uint64_t t = 0;
  if (c.ctx.config.deterministic) {
    t = c.ctx.read_fake_clock(id);
  } else {
    timespec ts{};
    if (clock_gettime(hc, &ts) != 0) return err(last_errno());
    t = static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
  }
  c.mem.store64(time_ptr, t);
  return err(abi::kSuccess);
}

}  // namespace

void define_args_env_clock(Linker& l) {
  define_op(l, "args_get", &args_get);
  define_op(l, "args_sizes_get", &args_sizes_get);
  define_op(l, "environ_get", &environ_get);
  define_op(l, "environ_sizes_get", &environ_sizes_get);
  define_op(l, "clock_res_get", &clock_res_get);
  define_op(l, "clock_time_get", &clock_time_get);
}

}  // namespace wasmbind::wasi
