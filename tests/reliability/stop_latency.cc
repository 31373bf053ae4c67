// How fast a runaway guest stops. Each scenario runs a guest that would never finish:
//   loop       an empty infinite loop
//   recursion  a binary recursion of depth 40 (2^40 calls: no loop, only calls and returns)
//   deep       f calls g calls f ... with a call-depth limit of 4 million frames
//   fill       memory.fill over 1 GiB, again and again
//   copy       memory.copy of 1 GiB - 1 onto itself shifted by one byte, again and again
//   poll       WASI poll_oneoff waiting 60 s on a clock
// and stops it either from another thread (InterruptHandle::interrupt after a random 1-20 ms)
// or by its deadline (Limits::timeout, random 1-20 ms). The latency is the time from the
// interrupt call, or the deadline, to the call returning its `interrupted` trap. It prints
// p50/p99/max per scenario and method and fails if a p99 exceeds --max-p99-ms or a call ends
// any other way.
//
// Usage: stop_latency [--trials N] [--max-p99-ms MS] [SCENARIO...]
// CTest runs 20 trials per scenario and method with a generous bound; the closing note's
// figures come from --trials 1000 (bound 100 ms).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "module_builder.h"
#include "wasmbind/vm.h"
#include "wasmbind/wasi.h"

namespace {

using namespace wasmbind;
using namespace wasmbind::test;
using Clock = std::chrono::steady_clock;

constexpr uint32_t kGiBPages = 16384;

Bytes runaway_module() {
  ModuleBuilder m;
  const uint32_t t0 = m.type({}, {});
  const uint32_t t1 = m.type({op::kI32}, {});
  m.memory(kGiBPages);
  m.export_func("loop", m.func(t0, {}, {0x03, 0x40, 0x0C, 0x00, 0x0B}));
  // rec(n): if n == 0 return; rec(n - 1); rec(n - 1)
  const uint32_t rec = 1;  // the next function index
  Bytes body = op::local_get(0);
  put(body, {0x45, 0x04, 0x40, 0x0F, 0x0B});  // i32.eqz if return end
  for (int i = 0; i < 2; ++i) {
    put(body, op::local_get(0));
    put(body, op::i32_const(1));
    put(body, {0x6B});  // i32.sub
    put(body, op::call(rec));
  }
  m.func(t1, {}, body);
  Bytes start_rec = op::i32_const(40);
  put(start_rec, op::call(rec));
  m.export_func("recursion", m.func(t0, {}, start_rec));
  const uint32_t f = 3, g = 4;
  m.export_func("deep", m.func(t0, {}, op::call(g)));
  m.func(t0, {}, op::call(f));
  Bytes fill = {0x03, 0x40};
  put(fill, op::i32_const(0));
  put(fill, op::i32_const(7));
  put(fill, op::i32_const(1 << 30));
  put(fill, {0xFC, 0x0B, 0x00, 0x0C, 0x00, 0x0B});
  m.export_func("fill", m.func(t0, {}, fill));
  Bytes copy = {0x03, 0x40};
  put(copy, op::i32_const(1));
  put(copy, op::i32_const(0));
  put(copy, op::i32_const((1 << 30) - 1));
  put(copy, {0xFC, 0x0A, 0x00, 0x00, 0x0C, 0x00, 0x0B});
  m.export_func("copy", m.func(t0, {}, copy));
  return m.build();
}

// Calls wasi_snapshot_preview1.poll_oneoff on one 60 s monotonic clock subscription.
Bytes poll_module() {
  ModuleBuilder m;
  const uint32_t tp = m.type({op::kI32, op::kI32, op::kI32, op::kI32}, {op::kI32});
  const uint32_t t0 = m.type({}, {});
  const uint32_t poll = m.import_func("wasi_snapshot_preview1", "poll_oneoff", tp);
  m.memory(1);
  Bytes sub(48, 0);
  sub[16] = 1;  // clock id: monotonic
  const uint64_t timeout = 60'000'000'000;
  std::memcpy(sub.data() + 24, &timeout, 8);
  m.data_active(0, sub);
  Bytes body = op::i32_const(0);
  put(body, op::i32_const(64));
  put(body, op::i32_const(1));
  put(body, op::i32_const(128));
  put(body, op::call(poll));
  put(body, {0x1A});
  m.export_func("poll", m.func(t0, {}, body));
  return m.build();
}

struct Scenario {
  std::string name;
  std::shared_ptr<const Module> module;
  bool wasi = false;
  Limits limits;
};

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Stats {
  std::vector<double> samples;
  double quantile(double q) {
    std::sort(samples.begin(), samples.end());
    return samples[std::min(samples.size() - 1, static_cast<size_t>(q * samples.size()))];
  }
};

class Runner {
 public:
  explicit Runner(uint32_t seed) : rng_(seed) { wasi::define_imports(wasi_linker_); }

  // One trial; returns the stop latency in ms, or a negative number if the call did not end
  // in an `interrupted` trap.
  double trial(const Scenario& s, bool by_deadline, std::string& error) {
    const auto delay = std::chrono::microseconds(std::uniform_int_distribution<int>(1000, 20000)(rng_));
    Limits limits = s.limits;
    if (by_deadline) limits.timeout = delay;
    wasi::Config config;  // real clocks: poll_oneoff really waits
    auto context = wasi::Context::create(config);
    const Linker& linker = s.wasi ? wasi_linker_ : plain_linker_;
    auto instance = linker.instantiate(s.module, limits, context.ok() ? context->get() : nullptr);
    if (!instance.ok()) {
      error = instance.error().to_string();
      return -1;
    }
    InterruptHandle handle = (*instance)->interrupt_handle();
    std::atomic<int64_t> interrupted_at{0};
    const auto start = Clock::now();
    std::thread stopper;
    if (!by_deadline) {
      stopper = std::thread([&] {
        std::this_thread::sleep_until(start + delay);
        interrupted_at.store(Clock::now().time_since_epoch().count());
        handle.interrupt();
      });
    }
    auto r = (*instance)->call(s.name, {});
    const auto returned = Clock::now();
    if (stopper.joinable()) stopper.join();
    if (r.ok() || r.error().trap != TrapKind::Interrupted) {
      error = r.ok() ? "returned" : r.error().to_string();
      return -1;
    }
    const auto stop_requested =
        by_deadline ? start + delay : Clock::time_point(Clock::duration(interrupted_at.load()));
    return std::max(0.0, ms(returned - stop_requested));
  }

 private:
  std::mt19937 rng_;
  Linker plain_linker_;
  Linker wasi_linker_;
};

}  // namespace

int main(int argc, char** argv) {
  int trials = 20;
  double max_p99 = 1000;
  std::vector<std::string> wanted;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--trials" && i + 1 < argc) trials = std::atoi(argv[++i]);
    else if (a == "--max-p99-ms" && i + 1 < argc) max_p99 = std::atof(argv[++i]);
    else wanted.push_back(a);
  }

  auto runaway = Module::compile(runaway_module());
  auto poll = Module::compile(poll_module());
  if (!runaway.ok() || !poll.ok()) {
    std::fprintf(stderr, "stop_latency: %s\n",
                 (!runaway.ok() ? runaway.error() : poll.error()).to_string().c_str());
    return 1;
  }
  std::vector<Scenario> scenarios;
  for (const char* name : {"loop", "recursion", "deep", "fill", "copy"})
    scenarios.push_back(Scenario{name, runaway.value(), false, Limits{}});
  scenarios.push_back(Scenario{"poll", poll.value(), true, Limits{}});
  scenarios[2].limits.max_call_depth = 4'000'000;
  scenarios[2].limits.max_stack_bytes = uint64_t{512} << 20;

  Runner runner(12345);
  bool ok = true;
  std::printf("%-10s %-9s %7s %9s %9s %9s\n", "scenario", "stop by", "trials", "p50 ms", "p99 ms",
              "max ms");
  for (const Scenario& s : scenarios) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), s.name) == wanted.end()) continue;
    for (bool by_deadline : {false, true}) {
      Stats stats;
      for (int t = 0; t < trials; ++t) {
        std::string error;
        double latency = runner.trial(s, by_deadline, error);
        if (latency < 0) {
          std::fprintf(stderr, "stop_latency: %s (%s): the call ended otherwise: %s\n",
                       s.name.c_str(), by_deadline ? "deadline" : "interrupt", error.c_str());
          ok = false;
          break;
        }
        stats.samples.push_back(latency);
      }
      if (stats.samples.empty()) continue;
      const double p50 = stats.quantile(0.5), p99 = stats.quantile(0.99);
      const double max = stats.samples.back();
      std::printf("%-10s %-9s %7zu %9.3f %9.3f %9.3f\n", s.name.c_str(),
                  by_deadline ? "deadline" : "interrupt", stats.samples.size(), p50, p99, max);
      std::fflush(stdout);
      if (p99 > max_p99) {
        std::fprintf(stderr, "stop_latency: %s p99 %.3f ms exceeds %.0f ms\n", s.name.c_str(), p99,
                     max_p99);
        ok = false;
      }
    }
  }
  return ok ? 0 : 1;
}
