// Converting a .wast script to JSON + .wasm files with wabt's wast2json, in a private
// temporary directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "wasmbind/module.h"

namespace wasmbind::spec {

// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();  // throws std::runtime_error if it cannot be made
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct Wast2JsonResult {
  int exit_status = 0;      // the exit code; 128 + signal number if killed by a signal
  std::string diagnostics;  // what wast2json printed (stdout and stderr)
  bool ok() const { return exit_status == 0; }
};

// wast2json's --enable-... flags for `features`.
std::vector<std::string> wast2json_flags(const Features& features);

// Runs `tool flags... wast -o out_json` (no shell involved) and waits for it. Throws
// std::runtime_error if the process cannot be started.
Wast2JsonResult run_wast2json(const std::string& tool, const std::filesystem::path& wast,
                              const std::filesystem::path& out_json, const Features& features);

}  // namespace wasmbind::spec
