// load_components(): Dapr's disk loader for resources folders, with yaml-cpp.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "go_duration.h"
#include "wasmbind/binding.h"

namespace wasmbind::binding {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kApiVersion = "dapr.io/v1alpha1";

Error load_error(std::string message) { return Error(ErrorKind::Host, std::move(message)); }

bool has_yaml_extension(const std::string& name) {
  auto dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = name.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".yaml" || ext == ".yml";
}

// node[key] when node is a map, else a null node: yaml-cpp throws when a missing key's
// (undefined) node is indexed again, and a malformed document must not be able to do that.
YAML::Node child(const YAML::Node& node, const char* key) {
  if (!node.IsDefined() || !node.IsMap()) return YAML::Node();
  return node[key];
}

std::string scalar_or_empty(const YAML::Node& node) {
  return node.IsDefined() && node.IsScalar() ? node.Scalar() : std::string();
}

int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

// A metadata value that is a map or a list becomes its flow-style text, as Dapr turns such a
// value into its JSON text.
std::string value_text(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return {};
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

// Dapr's component name rule: a usable URL path segment.
bool valid_component_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of("/%") == std::string::npos;
}

class FileLoader {
 public:
  FileLoader(const std::string& path, std::string_view app_id, LoadedComponents& out,
             std::map<std::string, std::string>& seen)
      : path_(path), app_id_(app_id), out_(out), seen_(seen) {}

  Result<void> load() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return load_error("cannot read " + path_);
    std::vector<YAML::Node> documents;
    try {
      documents = YAML::LoadAll(in);
    } catch (const YAML::Exception& e) {
      return load_error(where(e.mark) + ": malformed YAML: " + e.msg);
    }
    for (const YAML::Node& document : documents) {
      try {
        if (Result<void> r = load_document(document); !r.ok()) return r;
      } catch (const YAML::Exception& e) {
        return load_error(where(e.mark) + ": " + e.msg);
      }
    }
    return {};
  }

 private:
  std::string where(const YAML::Mark& mark) const {
    if (mark.is_null()) return path_;
    return path_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }
  std::string source_of(const YAML::Node& node) const {
    int line = line_of(node);
    return line > 0 ? path_ + ":" + std::to_string(line) : path_;
  }

  Result<void> load_document(const YAML::Node& document) {
    if (!document.IsMap()) return {};  // empty or not a resource: nothing of ours
    if (scalar_or_empty(child(document, "apiVersion")) != kApiVersion) return {};
    const std::string kind = scalar_or_empty(child(document, "kind"));
    if (kind == "Configuration") {
      const YAML::Node strict = child(child(child(document, "spec"), "wasm"), "strictSandbox");
      if (strict.IsDefined() && strict.IsScalar() && is_truthy(strict.Scalar()))
        out_.global_strict_sandbox = true;
      return {};
    }
    if (kind != "Component") return {};
    return load_component(document);
  }

  Result<void> load_component(const YAML::Node& document) {
    ComponentSpec c;
    c.source = source_of(document);
    const YAML::Node meta = child(document, "metadata");
    c.name = scalar_or_empty(child(meta, "name"));
    if (c.name.empty()) return load_error(c.source + ": component has no metadata.name");
    if (!valid_component_name(c.name))
      return load_error(c.source + ": invalid component name \"" + c.name +
                        "\" (it must be a URL path segment: no '/' or '%', not . or ..)");
    const YAML::Node spec = child(document, "spec");
    c.type = scalar_or_empty(child(spec, "type"));
    if (c.type.empty())
      return load_error(c.source + ": component " + c.name + " has no spec.type");
    c.version = scalar_or_empty(child(spec, "version"));

    if (const YAML::Node timeout = child(spec, "initTimeout"); timeout.IsDefined() && !timeout.IsNull()) {
      const std::string text = scalar_or_empty(timeout);
      auto parsed = parse_go_duration(text);
      // Dapr falls back to the default when initTimeout does not parse.
      if (!parsed.ok() || parsed->count() <= 0) {
        out_.warnings.push_back(source_of(timeout) + ": component " + c.name + ": initTimeout \"" +
                                text + "\" is not a positive duration; using 5s");
      } else {
        auto ms = std::chrono::ceil<std::chrono::milliseconds>(*parsed);
        c.init_timeout = ms;
      }
    }
    if (const YAML::Node ignore = child(spec, "ignoreErrors"); ignore.IsDefined() && !ignore.IsNull()) {
      bool value = false;
      if (!ignore.IsScalar() || !YAML::convert<bool>::decode(ignore, value))
        return load_error(source_of(ignore) + ": component " + c.name +
                          ": spec.ignoreErrors must be true or false");
      c.ignore_errors = value;
    }
    if (const YAML::Node items = child(spec, "metadata"); items.IsDefined() && !items.IsNull()) {
      if (!items.IsSequence())
        return load_error(source_of(items) + ": component " + c.name +
                          ": spec.metadata must be a list of {name, value}");
      for (const YAML::Node& item : items)
        if (Result<void> r = load_metadata_item(c, item); !r.ok()) return r;
    }
    if (const YAML::Node scopes = child(document, "scopes"); scopes.IsDefined() && !scopes.IsNull()) {
      if (!scopes.IsSequence())
        return load_error(source_of(scopes) + ": component " + c.name + ": scopes must be a list");
      for (const YAML::Node& s : scopes) c.scopes.push_back(scalar_or_empty(s));
    }

    // Filters: scopes against the app id, metadata.namespace against $NAMESPACE when set.
    if (!c.scopes.empty() && std::find(c.scopes.begin(), c.scopes.end(), app_id_) == c.scopes.end())
      return {};
    if (const char* ns = std::getenv("NAMESPACE"); ns && *ns) {
      const std::string component_ns = scalar_or_empty(child(meta, "namespace"));
      if (!component_ns.empty() && component_ns != ns) return {};
    }

    auto [it, inserted] = seen_.emplace(c.name, c.source);
    if (!inserted)
      return load_error("duplicate definition of Component name " + c.name + " (" + it->second +
                        " and " + c.source + ")");
    out_.components.push_back(std::move(c));
    return {};
  }

  Result<void> load_metadata_item(ComponentSpec& c, const YAML::Node& item) {
    if (!item.IsMap())
      return load_error(source_of(item) + ": component " + c.name +
                        ": each spec.metadata item must be a map with name and value");
    MetadataItem m;
    m.name = scalar_or_empty(child(item, "name"));
    if (m.name.empty())
      return load_error(source_of(item) + ": component " + c.name + ": metadata item has no name");
    if (const YAML::Node env = child(item, "envRef"); env.IsDefined() && !env.IsNull()) {
      const std::string var = scalar_or_empty(env);
      if (var.rfind("DAPR_", 0) == 0 || var == "APP_API_TOKEN") {
        out_.warnings.push_back(source_of(item) + ": component " + c.name + ": metadata " + m.name +
                                ": envRef may not read " + var + "; item ignored");
        return {};
      }
      const char* value = std::getenv(var.c_str());
      m.value = value ? value : "";
    } else if (child(item, "secretKeyRef").IsDefined()) {
      out_.warnings.push_back(source_of(item) + ": component " + c.name + ": metadata " + m.name +
                              ": secretKeyRef is not supported (no secret stores); item ignored");
      return {};
    } else {
      m.value = value_text(child(item, "value"));
    }
    c.metadata.push_back(std::move(m));
    return {};
  }

  const std::string& path_;
  std::string_view app_id_;
  LoadedComponents& out_;
  std::map<std::string, std::string>& seen_;
};

Result<LoadedComponents> load_folders(std::span<const std::string> resource_paths,
                                      std::string_view app_id) {
  LoadedComponents out;
  std::map<std::string, std::string> seen;  // component name -> "file:line"
  for (const std::string& folder : resource_paths) {
    std::error_code ec;
    std::vector<std::pair<std::string, bool>> entries;  // name, is a directory
    fs::directory_iterator it(folder, ec);
    if (ec) return load_error("cannot read resources folder " + folder + ": " + ec.message());
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      std::error_code type_ec;
      entries.emplace_back(it->path().filename().string(), it->is_directory(type_ec));
    }
    if (ec) return load_error("cannot read resources folder " + folder + ": " + ec.message());
    std::sort(entries.begin(), entries.end());
    for (const auto& [name, is_directory] : entries) {
      if (is_directory) continue;  // no recursion
      std::string path = (fs::path(folder) / name).string();
      if (!has_yaml_extension(name)) {
        out.warnings.push_back(path + ": skipped (not a .yaml or .yml file)");
        continue;
      }
      FileLoader loader(path, app_id, out, seen);
      if (Result<void> r = loader.load(); !r.ok()) return r.error();
    }
  }
  return out;
}

}  // namespace

Result<LoadedComponents> load_components(std::span<const std::string> resource_paths,
                                         std::string_view app_id) {
  try {
    return load_folders(resource_paths, app_id);
  } catch (const std::exception& e) {
    return load_error(std::string("cannot load components: ") + e.what());
  }
}

}  // namespace wasmbind::binding
