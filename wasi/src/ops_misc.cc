// proc_exit, proc_raise, sched_yield, random_get and the socket functions (no sockets are
// ever granted, so they only report why not).
#include <sched.h>
#include <sys/random.h>

#include <cerrno>

#include "host.h"

namespace wasmbind::wasi {
namespace {

int32_t proc_raise(Call&, uint32_t) { return err(abi::kNoSys); }

int32_t sched_yield_op(Call& c) {
  if (!c.ctx.config.deterministic) sched_yield();
  return err(abi::kSuccess);
}

int32_t random_get(Call& c, uint32_t buf, uint32_t len) {
  uint8_t* d = c.mem.span(buf, len);
  if (d == nullptr) return len == 0 && c.mem.valid(buf, 0) ? err(abi::kSuccess) : err(abi::kFault);
  if (c.ctx.config.deterministic) {
    for (uint32_t i = 0; i < len; i += 8) {
      uint64_t r = c.ctx.next_random();
      for (uint32_t k = 0; k < 8 && i + k < len; ++k) d[i + k] = static_cast<uint8_t>(r >> (8 * k));
    }
    return err(abi::kSuccess);
  }
  size_t done = 0;
  while (done < len) {
    ssize_t n = getrandom(d + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return err(last_errno());
    }
    done += static_cast<size_t>(n);
  }
  return err(abi::kSuccess);
}

// An fd that exists is not a socket; one that does not is BADF.
int32_t not_a_socket(Call& c, uint32_t fd) {
  return c.ctx.fds.get(fd) == nullptr ? err(abi::kBadf) : err(abi::kNotSock);
}
int32_t sock_accept(Call& c, uint32_t fd, uint32_t, uint32_t) { return not_a_socket(c, fd); }
int32_t sock_recv(Call& c, uint32_t fd, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) {
  return not_a_socket(c, fd);
}
int32_t sock_send(Call& c, uint32_t fd, uint32_t, uint32_t, uint32_t, uint32_t) {
  return not_a_socket(c, fd);
}
int32_t sock_shutdown(Call& c, uint32_t fd, uint32_t) { return not_a_socket(c, fd); }

}  // namespace

void define_misc(Linker& l) {
  l.define(kModule, "proc_exit",
           HostFunction{FuncType{{ValType::I32}, {}},
                        [](Caller&, std::span<const Value> args, std::span<Value>) -> Result<void> {
                          Error e(ErrorKind::Exit, "proc_exit");
                          e.exit_code = args[0].as_i32();
                          return e;
                        }});
  define_op(l, "proc_raise", &proc_raise);
  define_op(l, "sched_yield", &sched_yield_op);
  define_op(l, "random_get", &random_get);
  define_op(l, "sock_accept", &sock_accept);
  define_op(l, "sock_recv", &sock_recv);
  define_op(l, "sock_send", &sock_send);
  define_op(l, "sock_shutdown", &sock_shutdown);
}

}  // namespace wasmbind::wasi
