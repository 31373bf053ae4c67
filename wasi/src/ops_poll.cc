// poll_oneoff: clock subscriptions (relative and absolute) and fd read/write readiness.
// Regular files and in-memory stdio are always ready; host-fd stdio is poll(2)ed.
#include <poll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "host.h"

namespace wasmbind::wasi {
namespace {

struct Event {
  uint64_t userdata;
  uint16_t error;
  uint8_t type;
  uint64_t nbytes;
  uint16_t flags;
};

bool clock_now(Call& c, uint32_t id, uint64_t& now) {
  if (c.ctx.config.deterministic) {
    if (id == abi::kClockRealtime) now = c.ctx.fake_realtime_ns;
    else if (id == abi::kClockMonotonic) now = c.ctx.fake_monotonic_ns;
    else return false;
    return true;
  }
  clockid_t hc;
  switch (id) {
    case abi::kClockRealtime: hc = CLOCK_REALTIME; break;
    case abi::kClockMonotonic: hc = CLOCK_MONOTONIC; break;
    case abi::kClockProcessCputime: hc = CLOCK_PROCESS_CPUTIME_ID; break;
    case abi::kClockThreadCputime: hc = CLOCK_THREAD_CPUTIME_ID; break;
    default: return false;
  }
  timespec ts{};
  clock_gettime(hc, &ts);
  now = static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
  return true;
}

// The host fd behind a stdio entry, or -1 when it is served from memory.
int stdio_host_fd(Call& c, const FdEntry& e) {
  const Config& cfg = c.ctx.config;
  if (e.kind == FdKind::Stdin && cfg.stdin_input.kind == Input::Kind::HostFd) return cfg.stdin_input.fd;
  if (e.kind == FdKind::Stdout && cfg.stdout_output.kind == Output::Kind::HostFd)
    return cfg.stdout_output.fd;
  if (e.kind == FdKind::Stderr && cfg.stderr_output.kind == Output::Kind::HostFd)
    return cfg.stderr_output.fd;
  return -1;
}

// Blocking waits are cut into slices so an interrupted instance (a deadline, a cancelled
// request) stops within one slice instead of sleeping on.
constexpr uint64_t kSliceNs = 5'000'000;  // 5 ms

void sleep_for(Call& c, uint64_t wait_ns) {
  timespec until{};
  clock_gettime(CLOCK_MONOTONIC, &until);
  const bool forever = wait_ns == UINT64_MAX;
  if (!forever) {
    uint64_t ns = static_cast<uint64_t>(until.tv_nsec) + wait_ns % 1'000'000'000ull;
    until.tv_sec += static_cast<time_t>(wait_ns / 1'000'000'000ull + ns / 1'000'000'000ull);
    until.tv_nsec = static_cast<long>(ns % 1'000'000'000ull);
  }
  for (;;) {
    if (c.caller.interrupt_requested()) return;
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t left = static_cast<int64_t>(until.tv_sec - now.tv_sec) * 1'000'000'000 +
                   (until.tv_nsec - now.tv_nsec);
    if (!forever && left <= 0) return;
    uint64_t slice = forever ? kSliceNs : std::min<uint64_t>(static_cast<uint64_t>(left), kSliceNs);
    timespec ts{0, static_cast<long>(slice)};
    nanosleep(&ts, nullptr);  // EINTR just ends this slice early
  }
}

// poll(2) over host fds for at most wait_ns, in slices; the number ready, or -1 with errno.
int wait_for_fds(Call& c, std::vector<pollfd>& pfds, uint64_t wait_ns) {
  uint64_t waited = 0;
  for (;;) {
    uint64_t slice = wait_ns == UINT64_MAX ? kSliceNs : std::min(wait_ns - waited, kSliceNs);
    int ms = static_cast<int>((slice + 999'999) / 1'000'000);
    int n = poll(pfds.data(), pfds.size(), ms);
    if (n < 0 && errno != EINTR) return -1;
    if (n > 0) return n;
    waited += slice;
    if (c.caller.interrupt_requested()) return 0;
    if (wait_ns != UINT64_MAX && waited >= wait_ns) return 0;
  }
}

int32_t poll_oneoff(Call& c, uint32_t in, uint32_t out, uint32_t nsubs, uint32_t nevents_ptr) {
  namespace s = abi::subscription;
  if (nsubs == 0) return err(abi::kInval);
  if (!c.mem.valid(in, uint64_t{nsubs} * s::kSizeof) ||
      !c.mem.valid(out, uint64_t{nsubs} * abi::event::kSizeof) || !c.mem.valid(nevents_ptr, 4))
    return err(abi::kFault);

  std::vector<Event> ready;
  struct Clock {
    uint64_t userdata;
    uint64_t timeout;  // relative, ns
  };
  std::vector<Clock> clocks;
  std::vector<pollfd> pfds;
  std::vector<Event> pending;  // parallel to pfds

  for (uint32_t i = 0; i < nsubs; ++i) {
    uint64_t base = in + uint64_t{i} * s::kSizeof;
    uint64_t userdata = 0;
    uint8_t tag = 0;
    c.mem.load64(base + s::kUserdata, userdata);
    c.mem.load8(base + s::kTag, tag);
    if (tag == abi::kEventClock) {
      uint32_t id = 0;
      uint64_t timeout = 0;
      uint16_t flags = 0;
      c.mem.load32(base + s::kClockId, id);
      c.mem.load64(base + s::kClockTimeout, timeout);
      c.mem.load16(base + s::kClockFlags, flags);
      uint64_t now = 0;
      if (!clock_now(c, id, now)) {
        ready.push_back({userdata, abi::kInval, tag, 0, 0});
        continue;
      }
      if (flags & abi::kSubclockAbstime) timeout = timeout > now ? timeout - now : 0;
      clocks.push_back({userdata, timeout});
    } else if (tag == abi::kEventFdRead || tag == abi::kEventFdWrite) {
      uint32_t fd = 0;
      c.mem.load32(base + s::kFd, fd);
      FdEntry* e = c.ctx.fds.get(fd);
      if (e == nullptr) {
        ready.push_back({userdata, abi::kBadf, tag, 0, 0});
        continue;
      }
      if (!e->has(abi::rights::kPollFdReadwrite)) {
        ready.push_back({userdata, abi::kNotCapable, tag, 0, 0});
        continue;
      }
      if (e->kind == FdKind::Dir) {
        ready.push_back({userdata, abi::kBadf, tag, 0, 0});
        continue;
      }
      int host = e->kind == FdKind::File ? -1 : stdio_host_fd(c, *e);
      if (host >= 0) {
        pfds.push_back({host, static_cast<short>(tag == abi::kEventFdRead ? POLLIN : POLLOUT), 0});
        pending.push_back({userdata, 0, tag, 0, 0});
        continue;
      }
      uint64_t nbytes = 0;
      if (tag == abi::kEventFdRead) {
        if (e->kind == FdKind::Stdin && c.ctx.config.stdin_input.kind == Input::Kind::Bytes) {
          nbytes = c.ctx.config.stdin_input.bytes.size() - c.ctx.stdin_pos;
        } else if (e->kind == FdKind::File) {
          struct stat st;
          off_t pos = lseek(e->host.get(), 0, SEEK_CUR);
          if (fstat(e->host.get(), &st) == 0 && pos >= 0 && st.st_size > pos)
            nbytes = static_cast<uint64_t>(st.st_size - pos);
        }
      }
      ready.push_back({userdata, 0, tag, nbytes, 0});
    } else {
      return err(abi::kInval);
    }
  }

  uint64_t wait_ns = UINT64_MAX;
  for (const Clock& k : clocks) wait_ns = std::min(wait_ns, k.timeout);
  if (!ready.empty()) wait_ns = 0;
  if (c.ctx.config.deterministic && !pfds.empty()) wait_ns = 0;

  uint64_t start = 0;
  clock_now(c, abi::kClockMonotonic, start);
  if (!pfds.empty()) {
    int n = wait_for_fds(c, pfds, wait_ns);
    if (n < 0) return err(last_errno());
    for (size_t i = 0; i < pfds.size(); ++i) {
      if (pfds[i].revents == 0) continue;
      Event ev = pending[i];
      if (pfds[i].revents & (POLLHUP | POLLERR)) ev.flags = abi::kEventFdReadwriteHangup;
      if (pfds[i].revents & POLLNVAL) ev.error = abi::kBadf;
      ready.push_back(ev);
    }
  } else if (ready.empty() && wait_ns != UINT64_MAX && wait_ns > 0 && !c.ctx.config.deterministic) {
    sleep_for(c, wait_ns);  // deterministic sleeps return at once, as Dapr's strictSandbox
  } else if (ready.empty() && wait_ns == UINT64_MAX && !c.ctx.config.deterministic) {
    sleep_for(c, UINT64_MAX);  // nothing can ever be ready: block until interrupted
  }
  if (c.caller.interrupt_requested()) {
    c.interrupted = true;
    return err(abi::kIntr);
  }
  uint64_t end = 0;
  clock_now(c, abi::kClockMonotonic, end);
  uint64_t elapsed = end - start;
  if (c.ctx.config.deterministic && ready.empty()) elapsed = wait_ns;
  for (const Clock& k : clocks)
    if (k.timeout <= elapsed || (ready.empty() && k.timeout == wait_ns))
      ready.push_back({k.userdata, 0, abi::kEventClock, 0, 0});

  namespace ev = abi::event;
  uint32_t count = 0;
  for (const Event& e : ready) {
    if (count == nsubs) break;
    uint64_t p = out + uint64_t{count} * ev::kSizeof;
    for (size_t k = 0; k < ev::kSizeof; ++k) c.mem.store8(p + k, 0);
    c.mem.store64(p + ev::kUserdata, e.userdata);
    c.mem.store16(p + ev::kError, e.error);
    c.mem.store8(p + ev::kType, e.type);
    c.mem.store64(p + ev::kNbytes, e.nbytes);
    c.mem.store16(p + ev::kFlags, e.flags);
    ++count;
  }
  c.mem.store32(nevents_ptr, count);
  return err(abi::kSuccess);
}

}  // namespace

void define_poll(Linker& l) { define_op(l, "poll_oneoff", &poll_oneoff); }

}  // namespace wasmbind::wasi
