// A tuning aid, compiled in only with -DWASMBIND_OP_PROFILE=ON: every dispatch counts the
// instruction it enters, and at the end of each outermost call the hot instructions are listed in code order
// with their op names and operand words, so the translated form of a hot loop (and which ops
// follow which) can be read directly. Written to $WASMBIND_OP_PROFILE_OUT, else stderr.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "exec/handler.h"

namespace wasmbind::detail {
namespace {

std::string op_name(Handler h) {
  static const std::unordered_map<Handler, std::string> names = [] {
    std::unordered_map<Handler, std::string> m;
    const char* core[] = {
#define WB_X(name) #name,
        WB_CORE_OPS(WB_X) WB_FUSED_OPS(WB_X)
#undef WB_X
    };
    size_t n = static_cast<size_t>(XOp::LoadAccBase_);
    for (size_t i = 0; i < n; ++i)
      if (Handler h = handler(static_cast<XOp>(i))) m.emplace(h, core[i]);
    const char* compares[] = {
#define WB_X(name, fn, type) #name,
        WB_COMPARE_OPS(WB_X)
#undef WB_X
    };
    for (size_t i = 0; i < kCompareCount; ++i)
      for (int form = 0; form < 8; ++form)
        if (Handler h = handler(cmp_branch_op(static_cast<int>(i), form & 2, form & 1, form & 4)))
          m.emplace(h, std::string(form & 4 ? "BrAcc" : "Br") + (form & 2 ? "Not" : "") +
                           compares[i] + (form & 1 ? "Imm" : ""));
    for (size_t i = 0; i < kI32CompareCount; ++i)
      for (int form = 0; form < 4; ++form)
        if (Handler h = handler(add_cmp_branch_op(static_cast<int>(i), form & 2, form & 1)))
          m.emplace(h, std::string(form & 1 ? "AddBr" : "AddImmBr") + (form & 2 ? "Not" : "") +
                           compares[i] + "Imm");
    const char* forms[] = {"", "_imm", "/SS_A", "/SI_A", "/AS_S", "/AS_A",
                           "/AI_S", "/AI_A", "/SA_S", "/SA_A", "/SM_S", "/MS_S"};
    for (size_t i = 0; i < kNumericOpCount; ++i) {
      std::string base(name(static_cast<Opcode>(i)));
      for (size_t f = 0; f < kNumFormCount; ++f)
        if (Handler h = handler(numeric_form_op(static_cast<Opcode>(i), static_cast<NumForm>(f))))
          m.emplace(h, base + forms[f]);
    }
    const char* load_forms[] = {"/ToAcc", "/CToAcc", "/ASToAcc", "/SCToAcc", "/FromAcc", "/AccToAcc"};
    for (size_t i = 0; i < 9; ++i)
      for (size_t f = 0; f < 6; ++f)
        if (Handler h = handler(load_acc_op(static_cast<XOp>(static_cast<size_t>(XOp::Load8U) + i),
                                            static_cast<LoadAcc>(f))))
          m.emplace(h, std::string(core[static_cast<size_t>(XOp::Load8U) + i]) + load_forms[f]);
    for (size_t i = 0; i < 4; ++i)
      for (size_t f = 0; f < 2; ++f)
        if (Handler h = handler(store_acc_op(static_cast<XOp>(static_cast<size_t>(XOp::Store8) + i),
                                             static_cast<StoreAcc>(f))))
          m.emplace(h, std::string(core[static_cast<size_t>(XOp::Store8) + i]) +
                           (f ? "C/FromAcc" : "/FromAcc"));
    return m;
  }();
  auto it = names.find(h);
  return it == names.end() ? "?" : it->second;
}

struct Profile {
  std::mutex mu;
  std::unordered_map<const Word*, uint64_t> counts;

  void dump() {
    std::lock_guard lock(mu);
    std::vector<std::pair<const Word*, uint64_t>> v(counts.begin(), counts.end());
    if (v.empty()) return;
    uint64_t total = 0;
    for (auto& [ip, n] : v) total += n;
    std::sort(v.begin(), v.end());
    const char* path = std::getenv("WASMBIND_OP_PROFILE_OUT");
    FILE* out = path ? std::fopen(path, "w") : stderr;
    if (!out) return;
    std::fprintf(out, "%llu dispatches\n", static_cast<unsigned long long>(total));
    // Totals per op, then the hot instructions in code order.
    std::unordered_map<std::string, uint64_t> per_op;
    for (auto& [ip, n] : v) per_op[op_name(ip->handler)] += n;
    std::vector<std::pair<uint64_t, std::string>> ops;
    for (auto& [name, n] : per_op) ops.emplace_back(n, name);
    std::sort(ops.rbegin(), ops.rend());
    for (auto& [n, name] : ops)
      if (n * 1000 >= total)
        std::fprintf(out, "%12llu %5.1f%%  %s\n", static_cast<unsigned long long>(n),
                     100.0 * n / total, name.c_str());
    std::fprintf(out, "\nhot code (count, address, op, operand words):\n");
    const Word* prev_end = nullptr;
    for (size_t i = 0; i < v.size(); ++i) {
      auto [ip, n] = v[i];
      if (n * 2000 < total) continue;
      if (ip != prev_end) std::fprintf(out, "  ...\n");
      size_t words = i + 1 < v.size() ? static_cast<size_t>(v[i + 1].first - ip) - 1 : 4;
      words = std::min<size_t>(words, 8);
      std::fprintf(out, "%12llu %p %-22s", static_cast<unsigned long long>(n),
                   static_cast<const void*>(ip), op_name(ip->handler).c_str());
      for (size_t w = 1; w <= words; ++w)
        std::fprintf(out, " %lld", static_cast<long long>(ip[w].i));
      std::fprintf(out, "\n");
      prev_end = ip + 1 + words;
    }
    if (out != stderr) std::fclose(out);
    counts.clear();
  }
};

Profile& profile() {
  static Profile p;
  return p;
}

}  // namespace

void profile_count(const Word* ip) noexcept {
  Profile& p = profile();
  std::lock_guard lock(p.mu);
  ++p.counts[ip];
}

void profile_dump() { profile().dump(); }

}  // namespace wasmbind::detail
