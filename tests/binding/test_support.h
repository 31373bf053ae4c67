// Shared helpers for the binding tests: temporary folders, files, the WAT guests built for
// them (WASMBIND_BINDING_WASM_DIR) and component specs made in code.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "wasmbind/binding.h"

namespace wasmbind::binding::testing {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("wasmbind-binding-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // Writes `content` to `relative` (creating parent folders) and returns the full path.
  std::string write(const std::string& relative, const std::string& content) const {
    auto full = path_ / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream out(full, std::ios::binary);
    out << content;
    return full.string();
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Path of a guest assembled from tests/binding/wat/<stem>.wat.
inline std::string guest_path(const std::string& stem) {
  return std::string(WASMBIND_BINDING_WASM_DIR) + "/" + stem + ".wasm";
}

inline ComponentSpec wasm_component(std::string name, std::string url,
                                    std::vector<MetadataItem> extra = {}) {
  ComponentSpec c;
  c.name = std::move(name);
  c.type = "bindings.wasm";
  c.version = "v1";
  c.metadata.push_back({"url", std::move(url)});
  for (auto& item : extra) c.metadata.push_back(std::move(item));
  c.source = "test";
  return c;
}

}  // namespace wasmbind::binding::testing
