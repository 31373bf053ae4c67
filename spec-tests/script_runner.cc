#include "script_runner.h"
#include "waivers.h"

#include <cstdint>
#include <exception>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "json.h"

namespace wasmbind::spec {

namespace {

namespace fs = std::filesystem;

struct Action {
  bool is_get = false;
  std::string module;  // "$id", or empty for the current module
  std::string field;
  std::vector<ScriptValue> args;
};

Action parse_action(const rapidjson::Value& j) {
  Action a;
  const std::string type = json::string_member(j, "type");
  if (type == "get") {
    a.is_get = true;
  } else if (type != "invoke") {
    throw std::runtime_error("unknown action type \"" + type + "\"");
  }
  a.module = json::optional_string_member(j, "module").value_or("");
  a.field = json::string_member(j, "field");
  if (const rapidjson::Value* args = json::find(j, "args")) {
    if (!args->IsArray()) throw std::runtime_error("\"args\" is not an array");
    for (const rapidjson::Value& arg : args->GetArray()) {
      ScriptValue v = parse_value(arg);
      if (v.is_pattern()) throw std::runtime_error("argument is not a concrete value");
      a.args.push_back(v);
    }
  }
  return a;
}

std::vector<ScriptValue> parse_expected(const rapidjson::Value& command) {
  std::vector<ScriptValue> values;
  const rapidjson::Value* expected = json::find(command, "expected");
  if (expected == nullptr) return values;
  if (!expected->IsArray()) throw std::runtime_error("\"expected\" is not an array");
  for (const rapidjson::Value& e : expected->GetArray()) values.push_back(parse_value(e));
  return values;
}

std::string list(const std::vector<ScriptValue>& values) {
  std::string s = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i != 0) s += ", ";
    s += to_string(values[i]);
  }
  return s + ")";
}

std::string describe(const Action& a) {
  std::string s = a.is_get ? "get " : "invoke ";
  if (!a.module.empty()) s += a.module + " ";
  s += "\"" + a.field + "\"";
  if (!a.is_get) s += list(a.args);
  return s;
}

bool message_matches(const Error& error, const std::string& expected_text) {
  return std::string_view(error.message).starts_with(expected_text);
}

std::vector<uint8_t> read_binary(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.filename().string());
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("cannot read " + path.filename().string());
  return bytes;
}

// The state of one script run.
class Run {
 public:
  Run(const Features& features, ScriptEngine* engine, fs::path dir, const std::string& file,
      FileResult& result)
      : features_(features), engine_(engine), dir_(std::move(dir)), file_(file), result_(result) {}

  void command(const rapidjson::Value& cmd) {
    line_ = 0;
    kind_ = CommandKind::Other;
    try {
      if (const rapidjson::Value* line = json::find(cmd, "line"); line && line->IsUint64()) {
        line_ = line->GetUint64();
      }
      const std::string type = json::string_member(cmd, "type");
      kind_ = classify(type, cmd);
      dispatch(type, cmd);
    } catch (const std::exception& e) {
      fail("a well-formed command", std::string("unreadable command: ") + e.what());
    }
  }

 private:
  static CommandKind classify(const std::string& type, const rapidjson::Value& cmd) {
    if (type == "module") return CommandKind::Module;
    if (type == "assert_return") return CommandKind::AssertReturn;
    if (type == "assert_trap") return CommandKind::AssertTrap;
    if (type == "assert_exhaustion") return CommandKind::AssertExhaustion;
    if (type == "assert_invalid") return CommandKind::AssertInvalid;
    if (type == "assert_malformed") {
      return json::optional_string_member(cmd, "module_type").value_or("binary") == "text"
                 ? CommandKind::AssertMalformedText
                 : CommandKind::AssertMalformedBinary;
    }
    if (type == "assert_unlinkable") return CommandKind::AssertUnlinkable;
    if (type == "assert_uninstantiable") return CommandKind::AssertUninstantiable;
    if (type == "register") return CommandKind::Register;
    if (type == "action") return CommandKind::Action;
    return CommandKind::Other;
  }

  void dispatch(const std::string& type, const rapidjson::Value& cmd) {
    switch (kind_) {
      case CommandKind::Module: return module(cmd);
      case CommandKind::AssertReturn: return assert_return(cmd);
      case CommandKind::AssertTrap: return assert_action_error(cmd, ErrorKind::Trap, "trap");
      case CommandKind::AssertExhaustion:
        return assert_action_error(cmd, ErrorKind::Exhaustion, "exhaustion");
      case CommandKind::AssertInvalid: return assert_not_compiling(cmd, ErrorKind::Invalid);
      case CommandKind::AssertMalformedBinary:
        return assert_not_compiling(cmd, ErrorKind::Malformed);
      case CommandKind::AssertMalformedText:
        // A text module: this runner tests the binary decoder, not a WAT parser.
        return skip();
      case CommandKind::AssertUnlinkable:
      case CommandKind::AssertUninstantiable: return assert_not_instantiating(cmd);
      case CommandKind::Register: return register_module(cmd);
      case CommandKind::Action: return action(cmd);
      case CommandKind::Other:
      case CommandKind::FileError: break;
    }
    fail("a known command type", "\"" + type + "\"");
  }

  // --- outcomes ---
  void pass() { result_.tally.add(kind_, Outcome::Passed); }
  void skip() { result_.tally.add(kind_, Outcome::Skipped); }
  void fail(std::string expected, std::string got) {
    result_.tally.add(kind_, Outcome::Failed);
    result_.failures.push_back(Failure{file_, line_, kind_, std::move(expected), std::move(got)});
  }

  Result<std::shared_ptr<const Module>> compile(const rapidjson::Value& cmd) {
    const std::string filename = json::string_member(cmd, "filename");
    const fs::path path = dir_ / fs::path(filename).filename();  // never leave the temp dir
    const std::vector<uint8_t> bytes = read_binary(path);
    return Module::compile(bytes, features_);
  }

  static bool is_text(const rapidjson::Value& cmd) {
    return json::optional_string_member(cmd, "module_type").value_or("binary") == "text";
  }

  // --- modules ---
  void module(const rapidjson::Value& cmd) {
    const std::string name = json::optional_string_member(cmd, "name").value_or("");
    auto compiled = compile(cmd);
    if (!compiled.ok()) return fail("a valid module", compiled.error().to_string());
    if (engine_ == nullptr) return pass();
    Result<void> inst = engine_->instantiate(std::move(compiled.value()), name);
    if (!inst.ok()) return fail("instantiation to succeed", inst.error().to_string());
    pass();
  }

  // assert_invalid / assert_malformed (binary): compiling must fail with `want` and a message
  // that starts with the expected text.
  void assert_not_compiling(const rapidjson::Value& cmd, ErrorKind want) {
    const std::string text = json::string_member(cmd, "text");
    if (is_text(cmd)) return skip();
    const std::string expected = std::string(to_string(want)) + ": " + text;
    auto compiled = compile(cmd);
    if (compiled.ok()) return fail(expected, "a valid module");
    const Error& error = compiled.error();
    bool waived = !message_waiver(file_, line_).empty();
    if (error.kind != want || (!message_matches(error, text) && !waived))
      return fail(expected, error.to_string());
    pass();
  }

  // assert_unlinkable / assert_uninstantiable: the module is valid; instantiating it must fail.
  void assert_not_instantiating(const rapidjson::Value& cmd) {
    const std::string text = json::string_member(cmd, "text");
    if (is_text(cmd)) return skip();
    auto compiled = compile(cmd);
    if (!compiled.ok()) return fail("a valid module", compiled.error().to_string());
    if (engine_ == nullptr) return skip();

    const bool unlinkable = kind_ == CommandKind::AssertUnlinkable;
    const std::string expected =
        std::string(unlinkable ? "unlinkable module: " : "uninstantiable module: ") + text;
    Result<void> inst = engine_->instantiate(std::move(compiled.value()), "");
    if (inst.ok()) return fail(expected, "instantiation succeeded");
    const Error& error = inst.error();
    const bool kind_ok =
        unlinkable ? error.kind == ErrorKind::Unlinkable
                   : (error.kind == ErrorKind::Uninstantiable || error.kind == ErrorKind::Trap);
    if (!kind_ok || !message_matches(error, text)) return fail(expected, error.to_string());
    pass();
  }

  void register_module(const rapidjson::Value& cmd) {
    const std::string as = json::string_member(cmd, "as");
    const std::string name = json::optional_string_member(cmd, "name").value_or("");
    if (engine_ == nullptr) return skip();
    Result<void> r = engine_->register_module(as, name);
    if (!r.ok()) return fail("register \"" + as + "\" to succeed", r.error().to_string());
    pass();
  }

  // --- actions ---
  Result<std::vector<ScriptValue>> perform(const Action& a) {
    if (!a.is_get) return engine_->invoke(a.module, a.field, a.args);
    Result<ScriptValue> v = engine_->get(a.module, a.field);
    if (!v.ok()) return v.error();
    return std::vector<ScriptValue>{v.value()};
  }

  void action(const rapidjson::Value& cmd) {
    const Action a = parse_action(json::member(cmd, "action"));
    (void)parse_expected(cmd);  // checked for well-formedness; results are not compared
    if (engine_ == nullptr) return skip();
    auto r = perform(a);
    if (!r.ok()) return fail(describe(a) + " to succeed", r.error().to_string());
    pass();
  }

  void assert_return(const rapidjson::Value& cmd) {
    const Action a = parse_action(json::member(cmd, "action"));
    const std::vector<ScriptValue> expected = parse_expected(cmd);
    for (const ScriptValue& v : expected) {
      if (!v.has_value) throw std::runtime_error("assert_return expects a value without one");
    }
    if (engine_ == nullptr) return skip();

    const std::string what = describe(a) + " = " + list(expected);
    auto r = perform(a);
    if (!r.ok()) return fail(what, r.error().to_string());
    std::vector<ScriptValue> got = r.value();
    bool same = got.size() == expected.size();
    for (size_t i = 0; same && i < got.size(); ++i) same = matches(expected[i], got[i]);
    if (!same) {
      // Show v128 results in the expectation's lane shape.
      for (size_t i = 0; i < got.size() && i < expected.size(); ++i) {
        if (got[i].type == ValueType::V128) got[i].lane_type = expected[i].lane_type;
      }
      return fail(what, list(got));
    }
    pass();
  }

  // assert_trap / assert_exhaustion on an action.
  void assert_action_error(const rapidjson::Value& cmd, ErrorKind want, const char* noun) {
    const Action a = parse_action(json::member(cmd, "action"));
    const std::string text = json::string_member(cmd, "text");
    (void)parse_expected(cmd);
    if (engine_ == nullptr) return skip();

    const std::string expected = describe(a) + " to " + noun + ": " + text;
    auto r = perform(a);
    if (r.ok()) return fail(expected, "results " + list(r.value()));
    const Error& error = r.error();
    if (error.kind != want || !message_matches(error, text))
      return fail(expected, error.to_string());
    pass();
  }

  const Features& features_;
  ScriptEngine* engine_;
  fs::path dir_;
  const std::string& file_;
  FileResult& result_;
  uint64_t line_ = 0;
  CommandKind kind_ = CommandKind::Other;
};

}  // namespace

ScriptRunner::ScriptRunner(const Features& features, ScriptEngine* engine)
    : features_(features), engine_(engine) {}

FileResult ScriptRunner::run_json(const fs::path& json_file, const std::string& display_name) {
  FileResult result;
  try {
    const rapidjson::Document doc = json::load_file(json_file);
    const rapidjson::Value& commands = json::array_member(doc, "commands");
    if (engine_ != nullptr) engine_->reset();
    Run run(features_, engine_, json_file.parent_path(), display_name, result);
    for (const rapidjson::Value& cmd : commands.GetArray()) run.command(cmd);
  } catch (const std::exception& e) {
    result.tally.add(CommandKind::FileError, Outcome::Failed);
    result.failures.push_back(Failure{display_name, 0, CommandKind::FileError, "", e.what()});
  }
  return result;
}

}  // namespace wasmbind::spec
