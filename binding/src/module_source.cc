#include "module_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "http_fetch.h"

namespace wasmbind::binding {
namespace {

Error fail(std::string message) { return Error(ErrorKind::Host, std::move(message)); }

std::string errno_text(int error) {
  std::string s = std::strerror(error);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

// Go's os.ReadFile error shapes: "open PATH: no such file or directory",
// "read PATH: is a directory".
Result<std::string> read_file(const std::string& shown, const std::string& path, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail("open " + shown + ": " + errno_text(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  std::string bytes;
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    if (static_cast<uint64_t>(st.st_size) > max_bytes)
      return fail("read " + shown + ": file exceeds " + std::to_string(max_bytes) + " bytes");
    bytes.reserve(static_cast<size_t>(st.st_size));
  }
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("read " + shown + ": " + errno_text(errno));
    }
    if (n == 0) break;
    if (bytes.size() + static_cast<size_t>(n) > max_bytes)
      return fail("read " + shown + ": file exceeds " + std::to_string(max_bytes) + " bytes");
    bytes.append(buffer, static_cast<size_t>(n));
  }
  return bytes;
}

}  // namespace

Result<std::string> load_module_bytes(std::string_view url, const ModuleSourceOptions& options) {
  if (url.empty()) return fail("missing url");
  size_t colon = url.find(':');
  if (colon == std::string_view::npos) return fail("invalid URL: " + std::string(url));
  std::string_view scheme = url.substr(0, colon);
  if (scheme == "file") {
    // Dapr takes everything after "file://" raw: no decoding, no host part.
    constexpr std::string_view kPrefix = "file://";
    if (url.substr(0, kPrefix.size()) != kPrefix)
      return fail("invalid file URL: " + std::string(url) + " (expected file://PATH)");
    std::string path(url.substr(kPrefix.size()));
    if (path.empty()) return fail("invalid file URL: " + std::string(url) + " (empty path)");
    std::string full = path;
    if (path.front() != '/' && !options.working_directory.empty()) {
      full = options.working_directory;
      if (full.back() != '/') full += '/';
      full += path;
    }
    return read_file(path, full, options.max_bytes);
  }
  if (scheme == "http" || scheme == "https") {
    HttpGetOptions get;
    get.deadline = options.deadline;
    get.max_body_bytes = options.max_bytes;
    auto response = http_get(url, get);
    if (!response.ok()) return response.error();
    if (response->status != 200)
      return fail("received " + std::to_string(response->status) + " status code from \"" +
                  std::string(url) + "\"");
    return std::move(response->body);
  }
  if (scheme == "oci") return fail("TODO oci");
  return fail("unsupported URL scheme: " + std::string(scheme));
}

}  // namespace wasmbind::binding
