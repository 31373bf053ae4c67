// `wasmbind validate FILE...`: decodes and validates each module and says why one is rejected.
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "describe_module.h"
#include "read_file.h"
#include "wasmbind/module.h"

namespace wasmbind::tools {
namespace {

// Returns whether `path` holds a valid module; reports the outcome either way.
bool validate_file(const std::string& path, bool verbose) {
  auto bytes = read_file(path);
  if (!bytes) {
    std::cerr << path << ": " << bytes.error().to_string() << '\n';
    return false;
  }
  auto module = Module::compile(bytes.value());
  if (!module) {
    std::cerr << path << ": " << module.error().to_string() << '\n';
    return false;
  }
  const Module& m = *module.value();
  std::cout << path << ": ok (" << defined_function_count(m) << " functions, " << m.imports().size()
            << " imports, " << m.exports().size() << " exports)\n";
  if (verbose) {
    print_imports(std::cout, m);
    print_exports(std::cout, m);
  }
  return true;
}

}  // namespace

int run_validate(const ValidateOptions& options) {
  bool all_ok = true;
  // Keep going after a failure so one run reports on every file.
  for (const std::string& file : options.files) {
    all_ok = validate_file(file, options.verbose) && all_ok;
  }
  return all_ok ? 0 : 1;
}

}  // namespace wasmbind::tools
