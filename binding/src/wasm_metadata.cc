#include "wasm_metadata.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "go_duration.h"

namespace wasmbind::binding {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

Error bad(std::string message) { return Error(ErrorKind::Host, std::move(message)); }

template <class T>
std::optional<T> parse_unsigned(std::string_view text) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::vector<std::string_view> split_list(std::string_view text) {
  std::vector<std::string_view> pieces;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view piece = text.substr(0, comma);
    while (!piece.empty() && std::isspace(static_cast<unsigned char>(piece.front()))) piece.remove_prefix(1);
    while (!piece.empty() && std::isspace(static_cast<unsigned char>(piece.back()))) piece.remove_suffix(1);
    if (!piece.empty()) pieces.push_back(piece);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return pieces;
}

Result<void> parse_mounts(std::string_view text, const InitOptions& options, WasmMetadata& out) {
  for (std::string_view entry : split_list(text)) {
    // hostdir:guestdir[:rw|:ro]
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (;;) {
      size_t colon = entry.find(':', start);
      parts.push_back(entry.substr(start, colon == std::string_view::npos ? colon : colon - start));
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
    bool read_only = true;
    if (parts.size() == 3 && (parts[2] == "rw" || parts[2] == "ro")) {
      read_only = parts[2] == "ro";
    } else if (parts.size() != 2) {
      return bad("invalid mount \"" + std::string(entry) + "\" (want hostdir:guestdir or hostdir:guestdir:rw)");
    }
    if (parts[0].empty() || parts[1].empty())
      return bad("invalid mount \"" + std::string(entry) + "\" (empty directory)");
    wasi::Preopen p;
    p.host_path = std::string(parts[0]);
    if (p.host_path.front() != '/' && !options.working_directory.empty())
      p.host_path = options.working_directory + "/" + p.host_path;
    p.guest_path = std::string(parts[1]);
    p.read_only = read_only;
    struct stat st;
    if (stat(p.host_path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      return bad("mount \"" + std::string(entry) + "\": " + p.host_path + " is not a directory");
    out.mounts.push_back(std::move(p));
  }
  return {};
}

}  // namespace

Result<WasmMetadata> parse_wasm_metadata(const ComponentSpec& spec, const InitOptions& options) {
  // Keys match case-insensitively; two spellings of one key are refused, as dapr/kit does.
  std::set<std::string> keys;
  for (const MetadataItem& item : spec.metadata) {
    std::string key = lower(item.name);
    if (!keys.insert(key).second) return bad("key " + key + " is duplicate in the metadata");
  }
  WasmMetadata m;
  for (const MetadataItem& item : spec.metadata) {
    const std::string key = lower(item.name);
    const std::string& v = item.value;
    if (key == "url") {
      m.url = v;
    } else if (key == "strictsandbox") {
      m.strict_sandbox = is_truthy(v);
    } else if (key == "timeout") {
      auto d = parse_go_duration(v);
      if (!d.ok()) return bad("invalid timeout \"" + v + "\": " + d.error().message);
      if (d->count() <= 0) return bad("invalid timeout \"" + v + "\": must be positive");
      m.timeout = *d;
    } else if (key == "maxmemorypages") {
      auto pages = parse_unsigned<uint32_t>(v);
      if (!pages || *pages == 0 || *pages > 65536)
        return bad("invalid maxMemoryPages \"" + v + "\" (want 1 to 65536)");
      m.max_memory_pages = *pages;
    } else if (key == "maxoutputbytes") {
      auto bytes = parse_unsigned<uint64_t>(v);
      if (!bytes) return bad("invalid maxOutputBytes \"" + v + "\" (want a byte count)");
      m.max_output_bytes = *bytes;
    } else if (key == "env") {
      for (std::string_view pair : split_list(v)) {
        size_t eq = pair.find('=');
        if (eq == 0 || eq == std::string_view::npos)
          return bad("invalid env entry \"" + std::string(pair) + "\" (want KEY=VALUE)");
        m.env.emplace_back(pair);
      }
    } else if (key == "mounts") {
      if (Result<void> r = parse_mounts(v, options, m); !r.ok()) return r.error();
    } else if (key == "stderr") {
      const std::string mode = lower(v);
      if (mode == "discard" || mode.empty()) m.stderr_mode = StderrMode::Discard;
      else if (mode == "log") m.stderr_mode = StderrMode::Log;
      else if (mode == "header") m.stderr_mode = StderrMode::Header;
      else return bad("invalid stderr \"" + v + "\" (want discard, log or header)");
    } else if (key == "sha256") {
      std::string digest = lower(v);
      if (digest.size() != 64 ||
          digest.find_first_not_of("0123456789abcdef") != std::string::npos)
        return bad("invalid sha256 \"" + v + "\" (want 64 hex digits)");
      m.sha256 = std::move(digest);
    }
    // Anything else is ignored, as Dapr ignores unknown metadata.
  }
  if (options.force_strict_sandbox) m.strict_sandbox = true;
  return m;
}

}  // namespace wasmbind::binding
