#include "read_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace wasmbind::tools {
namespace {

Error file_error(const std::string& path, int errnum) {
  Error error;
  error.kind = ErrorKind::Host;
  error.message = "cannot read " + path + ": " + std::strerror(errnum);
  return error;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

Result<std::vector<uint8_t>> read_file(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return file_error(path, errno);

  // Read in chunks rather than trusting a size from fseek/ftell, so pipes and
  // /dev/stdin-style paths work too.
  std::vector<uint8_t> bytes;
  uint8_t chunk[64 * 1024];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file.get())) > 0) {
    bytes.insert(bytes.end(), chunk, chunk + n);
  }
  if (std::ferror(file.get())) return file_error(path, errno);
  return bytes;
}

}  // namespace wasmbind::tools
