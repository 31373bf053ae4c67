#include "guest_argv.h"

#include "url_parts.h"

namespace wasmbind::binding {

std::string_view go_path_base(std::string_view path) {
  if (path.empty()) return ".";
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (path == "/") return path;
  size_t slash = path.rfind('/');
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  return path.empty() ? "/" : path;
}

std::string guest_name_from_url(std::string_view url) {
  std::string path;
  constexpr std::string_view kFile = "file://";
  if (url.substr(0, kFile.size()) == kFile) {
    path = url.substr(kFile.size());
  } else if (auto parts = parse_http_url(url); parts.ok()) {
    path = parts->decoded_path;
  } else {
    path = url;
  }
  std::string name(go_path_base(path));
  constexpr std::string_view kSuffix = ".wasm";
  if (name.size() >= kSuffix.size() && name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0)
    name.resize(name.size() - kSuffix.size());
  return name;
}

void append_split_args(std::string_view args, std::vector<std::string>& argv) {
  if (args.empty()) return;
  for (;;) {
    size_t comma = args.find(',');
    if (comma == std::string_view::npos) {
      argv.emplace_back(args);
      return;
    }
    argv.emplace_back(args.substr(0, comma));
    args.remove_prefix(comma + 1);
  }
}

}  // namespace wasmbind::binding
