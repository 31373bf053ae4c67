// Finding .wast files, choosing features for them, and running one file end to end
// (wast2json into a temp dir, then the script runner).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "script_runner.h"
#include "wasmbind/module.h"

namespace wasmbind::spec {

// Parses --features: "auto" gives nullopt (infer per file); otherwise a comma-separated list of
// tail-call, extended-const, multi-memory (or "none"). Throws std::invalid_argument.
std::optional<Features> parse_features(const std::string& spec);

// Features implied by the folder a .wast lives in: proposals/tail-call, .../extended-const,
// .../multi-memory. Only the part of the path below `suite_root` is looked at when the file
// lies under it.
Features infer_features(const std::filesystem::path& wast, const std::filesystem::path& suite_root);

// The files to run: each .wast path as given, and every *.wast below each folder (recursively),
// sorted. Throws std::runtime_error for a path that does not exist or is neither.
std::vector<std::filesystem::path> collect_wast_files(
    const std::vector<std::filesystem::path>& paths);

// `wast` relative to `suite_root` ("core/address.wast") if it lies below it, else as given.
std::string display_name(const std::filesystem::path& wast,
                         const std::filesystem::path& suite_root);

struct SuiteOptions {
  std::optional<Features> features;  // nullopt: infer_features() per file
  std::string wast2json = "wast2json";
  std::filesystem::path suite_root;
  bool verbose = false;
};

struct WastFileResult {
  FileResult result;
  std::string diagnostics;  // what a successful wast2json printed (usually nothing)
};

// Converts and runs one .wast. Never throws: conversion problems are a FileError failure.
WastFileResult run_wast_file(const std::filesystem::path& wast, const std::string& display,
                             const SuiteOptions& options, ScriptEngine* engine);

}  // namespace wasmbind::spec
