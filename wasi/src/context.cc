// Context creation (stdio, preopens), stdio plumbing, run_command and description().
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "context_impl.h"
#include "host.h"

namespace wasmbind::wasi {

Context::Context(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Context::~Context() = default;

const std::string& Context::stdout_buffer() const { return impl_->stdout_buf; }
const std::string& Context::stderr_buffer() const { return impl_->stderr_buf; }
bool Context::output_truncated() const { return impl_->truncated; }

Result<std::unique_ptr<Context>> Context::create(Config config) {
  auto impl = std::make_unique<Impl>();
  impl->config = std::move(config);
  const Config& c = impl->config;
  for (const auto& a : c.args) {
    impl->args_blob += a;
    impl->args_blob.push_back('\0');
  }
  for (const auto& e : c.env) {
    impl->env_blob += e;
    impl->env_blob.push_back('\0');
  }
  impl->rng_state = c.random_seed;
  if (c.deterministic) {
    // As Dapr's strictSandbox: wall time truncated to whole seconds, so it reveals no more than
    // the second the call started in.
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    impl->fake_realtime_ns = static_cast<uint64_t>(now.tv_sec) * 1'000'000'000ull;
  }

  auto stdio = [](FdKind kind, abi::Filetype ft) {
    FdEntry e;
    e.kind = kind;
    e.filetype = ft;
    e.rights_base = abi::rights::kStdio;
    return e;
  };
  auto host_type = [](int fd) {
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) return abi::kUnknown;
    if (S_ISREG(st.st_mode)) return abi::kRegularFile;
    if (S_ISCHR(st.st_mode)) return abi::kCharacterDevice;
    if (S_ISBLK(st.st_mode)) return abi::kBlockDevice;
    if (S_ISSOCK(st.st_mode)) return abi::kSocketStream;
    return abi::kUnknown;
  };
  impl->fds.insert_at(0, stdio(FdKind::Stdin, c.stdin_input.kind == Input::Kind::HostFd
                                                  ? host_type(c.stdin_input.fd)
                                                  : abi::kUnknown));
  impl->fds.insert_at(1, stdio(FdKind::Stdout, c.stdout_output.kind == Output::Kind::HostFd
                                                   ? host_type(c.stdout_output.fd)
                                                   : abi::kUnknown));
  impl->fds.insert_at(2, stdio(FdKind::Stderr, c.stderr_output.kind == Output::Kind::HostFd
                                                   ? host_type(c.stderr_output.fd)
                                                   : abi::kUnknown));

  for (const Preopen& p : c.preopens) {
    int fd = open(p.host_path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
      return Error(ErrorKind::Host,
                   "cannot preopen " + p.host_path + ": " + std::strerror(errno));
    FdEntry e;
    e.kind = FdKind::Dir;
    e.host.reset(fd);
    e.filetype = abi::kDirectory;
    e.read_only = p.read_only;
    e.rights_base = abi::rights::kDir;
    e.rights_inheriting = abi::rights::kDir | abi::rights::kFile;
    // Read-only preopen: the rights to change anything beneath it are withheld from the
    // directory and from everything opened through it, so every mutation (create, unlink,
    // rename, write, truncate, set times, ...) fails with ERRNO_NOTCAPABLE, as a missing
    // capability rather than EROFS.
    if (p.read_only) {
      e.rights_base &= ~abi::rights::kDirMutating;
      e.rights_inheriting &= ~(abi::rights::kDirMutating | abi::rights::kFileMutating);
    }
    e.preopen_name = p.guest_path;
    impl->fds.insert(std::move(e));
  }
  return std::unique_ptr<Context>(new Context(std::move(impl)));
}

abi::Errno Context::Impl::write_stdio(FdKind which, std::string_view data, uint64_t& written) {
  const Output& out = which == FdKind::Stdout ? config.stdout_output : config.stderr_output;
  written = data.size();
  switch (out.kind) {
    case Output::Kind::Discard:
      return abi::kSuccess;
    case Output::Kind::Buffer: {
      std::string& buf = which == FdKind::Stdout ? stdout_buf : stderr_buf;
      uint64_t room = out.max_bytes > buf.size() ? out.max_bytes - buf.size() : 0;
      if (data.size() > room) {
        truncated = true;
        data = data.substr(0, static_cast<size_t>(room));
      }
      buf.append(data);
      return abi::kSuccess;
    }
    case Output::Kind::Callback:
      if (out.callback) out.callback(data);
      return abi::kSuccess;
    case Output::Kind::HostFd: {
      size_t done = 0;
      while (done < data.size()) {
        ssize_t n = ::write(out.fd, data.data() + done, data.size() - done);
        if (n < 0) {
          if (errno == EINTR) continue;
          if (done > 0) break;
          written = 0;
          return last_errno();
        }
        done += static_cast<size_t>(n);
      }
      written = done;
      return abi::kSuccess;
    }
  }
  return abi::kSuccess;
}

abi::Errno Context::Impl::read_stdin(uint8_t* data, size_t len, uint64_t& nread) {
  const Input& in = config.stdin_input;
  nread = 0;
  switch (in.kind) {
    case Input::Kind::Empty:
      return abi::kSuccess;
    case Input::Kind::Bytes: {
      size_t avail = in.bytes.size() - stdin_pos;
      size_t n = len < avail ? len : avail;
      if (n > 0) std::memcpy(data, in.bytes.data() + stdin_pos, n);
      stdin_pos += n;
      nread = n;
      return abi::kSuccess;
    }
    case Input::Kind::HostFd: {
      for (;;) {
        ssize_t n = ::read(in.fd, data, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return last_errno();
        nread = static_cast<uint64_t>(n);
        return abi::kSuccess;
      }
    }
  }
  return abi::kSuccess;
}

uint64_t Context::Impl::next_random() {
  // splitmix64
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint64_t Context::Impl::read_fake_clock(uint32_t clock_id) {
  constexpr uint64_t kTick = 1'000'000;  // 1 ms
  if (clock_id == abi::kClockRealtime) return fake_realtime_ns += kTick;
  uint64_t t = fake_monotonic_ns;
  fake_monotonic_ns += kTick;
  return t;
}

void define_imports(Linker& linker) {
  define_args_env_clock(linker);
  define_fd_ops(linker);
  define_readdir(linker);
  define_path_ops(linker);
  define_poll(linker);
  define_misc(linker);
}

Result<ExitStatus> run_command(const Linker& linker, std::shared_ptr<const Module> module,
                               Context& context, const Limits& limits) {
  auto instance = linker.instantiate(std::move(module), limits, &context);
  if (!instance.ok()) {
    if (instance.error().kind == ErrorKind::Exit) return ExitStatus{instance.error().exit_code};
    return instance.error();
  }
  auto start = (*instance)->get_export("_start");
  if (!start || start->kind != ExternKind::Func)
    return Error(ErrorKind::Host, "not a command module (no _start)");
  auto r = (*instance)->call("_start", {});
  if (!r.ok()) {
    if (r.error().kind == ErrorKind::Exit) return ExitStatus{r.error().exit_code};
    return r.error();
  }
  return ExitStatus{0};
}

std::string_view description() {
  return "WASI preview1 (wasi_snapshot_preview1): args, env, clocks, random, stdio, "
         "sandboxed filesystem beneath preopened dirs, poll_oneoff (clocks, stdio); "
         "no sockets";
}

}  // namespace wasmbind::wasi
