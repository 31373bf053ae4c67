// wasmbind-spec: runs WebAssembly spec test scripts (.wast) against wasmbind.
//
//   wasmbind-spec [--verbose] [--features LIST|auto] [--wast2json PATH] [PATH...]
//
// Prints one line per file, a table by command kind and a final "N passed, M failed,
// K skipped" line. Exit status: 0 if nothing failed, 1 if something did, 2 on usage errors.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "report.h"
#include "suite.h"
#include "vm_engine.h"

#ifndef WASMBIND_SPEC_SUITE_DIR
#define WASMBIND_SPEC_SUITE_DIR ""
#endif
#ifndef WASMBIND_SPEC_WAST2JSON
#define WASMBIND_SPEC_WAST2JSON "wast2json"
#endif

namespace spec = wasmbind::spec;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
  CLI::App app{
      "Runs WebAssembly spec test scripts (.wast) against wasmbind's decoder and validator."};
  bool verbose = false;
  bool validate_only = false;
  std::string features = "auto";
  std::string wast2json = WASMBIND_SPEC_WAST2JSON;
  std::string suite_root = WASMBIND_SPEC_SUITE_DIR;
  std::vector<std::string> paths;
  app.add_flag("-v,--verbose", verbose, "Print every failure (file:line: kind: expected, got)");
  app.add_flag("--validate-only", validate_only,
               "Only decode and validate; count commands that need execution as skipped");
  app.add_option("--features", features,
                 "Comma-separated: tail-call, extended-const, multi-memory; 'none'; or 'auto' "
                 "(from the folder: proposals/<feature>/)")
      ->capture_default_str();
  app.add_option("--wast2json", wast2json, "wabt's wast2json executable")->capture_default_str();
  app.add_option("--suite", suite_root,
                 "Spec test suite root: default PATH is its core/ folder, and file names are "
                 "shown relative to it")
      ->capture_default_str();
  app.add_option("paths", paths, ".wast files or folders (searched recursively for *.wast)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  spec::SuiteOptions options;
  options.wast2json = wast2json;
  options.suite_root = suite_root;
  options.verbose = verbose;
  std::vector<fs::path> files;
  try {
    options.features = spec::parse_features(features);
    std::vector<fs::path> roots(paths.begin(), paths.end());
    if (roots.empty()) {
      if (suite_root.empty()) throw std::runtime_error("no PATH given and no default suite dir");
      roots.push_back(fs::path(suite_root) / "core");
    }
    files = spec::collect_wast_files(roots);
    if (files.empty()) throw std::runtime_error("no .wast files found");
  } catch (const std::exception& e) {
    std::cerr << "wasmbind-spec: " << e.what() << '\n';
    return 2;
  }

  spec::Tally total;
  spec::VmEngine engine;
  for (const fs::path& file : files) {
    const std::string name = spec::display_name(file, options.suite_root);
    engine.reset();
    const spec::WastFileResult r =
        spec::run_wast_file(file, name, options, validate_only ? nullptr : &engine);
    if (verbose && !r.diagnostics.empty()) {
      std::cout << name << ": note: wast2json said:\n" << r.diagnostics;
      if (r.diagnostics.back() != '\n') std::cout << '\n';
    }
    for (const spec::Failure& f : r.result.failures) {
      // File-level errors are always shown: there is no other trace of them.
      if (verbose || f.kind == spec::CommandKind::FileError) std::cout << to_string(f) << '\n';
    }
    spec::print_file_line(std::cout, name, r.result.tally);
    total += r.result.tally;
  }

  std::cout << '\n';
  spec::print_table(std::cout, total);
  const spec::Counts counts = total.total();
  std::cout << spec::summary(counts) << std::endl;
  return counts.failed == 0 ? 0 : 1;
}
