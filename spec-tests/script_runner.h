// Runs the commands of one wast2json JSON script against wasmbind's decoder and validator,
// and, when given a ScriptEngine, against an executing engine.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "report.h"
#include "script_engine.h"
#include "wasmbind/module.h"

namespace wasmbind::spec {

struct FileResult {
  Tally tally;
  std::vector<Failure> failures;  // in script order
};

class ScriptRunner {
 public:
  // `engine` may be null: then only decoding and validation are checked, and commands that
  // need execution are counted as skipped (module binaries are still compiled where the
  // script says they are valid).
  ScriptRunner(const Features& features, ScriptEngine* engine);

  // Runs `json_file`; the .wasm files it names are read from the same directory. Never throws:
  // an unreadable JSON file is one FileError failure, a malformed command one failure of its
  // kind. `display_name` names the .wast in failures.
  FileResult run_json(const std::filesystem::path& json_file, const std::string& display_name);

 private:
  Features features_;
  ScriptEngine* engine_;
};

}  // namespace wasmbind::spec
