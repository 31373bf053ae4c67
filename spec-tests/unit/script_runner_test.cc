// The script runner on hand-made JSON scripts, with and without a (fake) engine. The .wasm
// files are tiny hand-written binaries, so only the decoder's basic verdicts are relied on:
// the empty module is valid, a truncated header is malformed.
#include "script_runner.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "wast2json.h"

namespace wasmbind::spec {
namespace {

namespace fs = std::filesystem;

Error make_error(ErrorKind kind, std::string message) {
  Error e;
  e.kind = kind;
  e.message = std::move(message);
  return e;
}

const std::string kEmptyModule("\0asm\1\0\0\0", 8);
const std::string kTruncated("\0asm\1\0\0", 7);

class ScriptRunnerTest : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& bytes) {
    std::ofstream out(dir_.path() / name, std::ios::binary);
    out << bytes;
  }
  FileResult run(const std::string& commands, ScriptEngine* engine = nullptr) {
    write("t.json", R"({"source_filename":"t.wast","commands":[)" + commands + "]}");
    ScriptRunner runner(Features{}, engine);
    return runner.run_json(dir_.path() / "t.json", "t.wast");
  }
  void SetUp() override {
    write("valid.wasm", kEmptyModule);
    write("truncated.wasm", kTruncated);
  }
  TempDir dir_;
};

// Scripted results for invoke/get; records what the runner asked for.
class FakeEngine : public ScriptEngine {
 public:
  void reset() override { ++resets; }
  Result<void> instantiate(std::shared_ptr<const Module> module, std::string_view name) override {
    EXPECT_NE(module, nullptr);
    instantiated.emplace_back(name);
    if (instantiate_error) return *instantiate_error;
    return {};
  }
  Result<std::vector<ScriptValue>> invoke(std::string_view module, std::string_view field,
                                          std::span<const ScriptValue> args) override {
    calls.push_back(std::string(module) + "." + std::string(field) + "/" +
                    std::to_string(args.size()));
    auto it = results.find(std::string(field));
    if (it == results.end()) return make_error(ErrorKind::Host, "no such export");
    return it->second;
  }
  Result<ScriptValue> get(std::string_view module, std::string_view field) override {
    calls.push_back("get " + std::string(module) + "." + std::string(field));
    return ScriptValue::i32(7);
  }
  Result<void> register_module(std::string_view as, std::string_view module) override {
    registered.push_back(std::string(as) + "=" + std::string(module));
    return {};
  }

  void returns(const std::string& field, std::vector<ScriptValue> values) {
    results.insert_or_assign(field, Result<std::vector<ScriptValue>>(std::move(values)));
  }
  void fails(const std::string& field, ErrorKind kind, std::string message) {
    results.insert_or_assign(field, Result<std::vector<ScriptValue>>(make_error(kind, message)));
  }

  int resets = 0;
  std::vector<std::string> instantiated, calls, registered;
  std::optional<Error> instantiate_error;
  std::map<std::string, Result<std::vector<ScriptValue>>> results;
};

TEST_F(ScriptRunnerTest, CompileOnlyVerdictsAndSkips) {
  const FileResult r = run(R"(
    {"type":"module","line":1,"filename":"valid.wasm"},
    {"type":"assert_malformed","line":2,"filename":"truncated.wasm","text":"","module_type":"binary"},
    {"type":"assert_malformed","line":3,"filename":"t.0.wat","text":"unexpected token","module_type":"text"},
    {"type":"assert_invalid","line":4,"filename":"valid.wasm","text":"type mismatch","module_type":"binary"},
    {"type":"assert_return","line":5,"action":{"type":"invoke","field":"f","args":[{"type":"i32","value":"1"}]},"expected":[{"type":"f32","value":"nan:canonical"}]},
    {"type":"assert_unlinkable","line":6,"filename":"valid.wasm","text":"unknown import","module_type":"binary"},
    {"type":"assert_uninstantiable","line":7,"filename":"truncated.wasm","text":"unreachable","module_type":"binary"},
    {"type":"register","line":8,"as":"M"}
  )");
  EXPECT_EQ(r.tally[CommandKind::Module].passed, 1u);
  EXPECT_EQ(r.tally[CommandKind::AssertMalformedBinary].passed, 1u);
  EXPECT_EQ(r.tally[CommandKind::AssertMalformedText].skipped, 1u);
  EXPECT_EQ(r.tally[CommandKind::AssertInvalid].failed, 1u);
  EXPECT_EQ(r.tally[CommandKind::AssertReturn].skipped, 1u);
  EXPECT_EQ(r.tally[CommandKind::AssertUnlinkable].skipped, 1u);
  EXPECT_EQ(r.tally[CommandKind::AssertUninstantiable].failed, 1u);  // must at least compile
  EXPECT_EQ(r.tally[CommandKind::Register].skipped, 1u);
  const Counts total = r.tally.total();
  EXPECT_EQ(total.passed, 2u);
  EXPECT_EQ(total.failed, 2u);
  EXPECT_EQ(total.skipped, 4u);
  ASSERT_EQ(r.failures.size(), 2u);
  EXPECT_EQ(to_string(r.failures[0]),
            "t.wast:4: assert_invalid: expected invalid module: type mismatch, got a valid module");
  EXPECT_EQ(r.failures[1].line, 7u);
  EXPECT_EQ(r.failures[1].expected, "a valid module");
}

TEST_F(ScriptRunnerTest, MalformedMessageMustBePrefix) {
  const FileResult r = run(R"(
    {"type":"assert_malformed","line":9,"filename":"truncated.wasm","text":"this is not the message","module_type":"binary"}
  )");
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].kind, CommandKind::AssertMalformedBinary);
  EXPECT_EQ(r.failures[0].expected, "malformed module: this is not the message");
  EXPECT_EQ(r.failures[0].got.rfind("malformed module: ", 0), 0u) << r.failures[0].got;
}

TEST_F(ScriptRunnerTest, BrokenInputFailsWithoutCrashing) {
  // A command without a type, an unknown command, a missing .wasm, a bad value, a module
  // that does not compile: each is one failure; the file goes on.
  const FileResult r = run(R"(
    {"line":1},
    {"type":"assert_exception","line":2},
    {"type":"module","line":3,"filename":"missing.wasm"},
    {"type":"assert_return","line":4,"action":{"type":"invoke","field":"f","args":[{"type":"i32","value":"x"}]},"expected":[]},
    {"type":"module","line":5,"filename":"truncated.wasm"},
    {"type":"assert_return","line":6,"action":{"type":"invoke","field":"f","args":[]},"expected":[{"type":"i32"}]},
    {"type":"module","line":7,"filename":"valid.wasm"}
  )");
  EXPECT_EQ(r.tally.total().failed, 6u);
  EXPECT_EQ(r.tally.total().passed, 1u);
  EXPECT_EQ(r.tally[CommandKind::Other].failed, 2u);
  EXPECT_EQ(r.tally[CommandKind::Module].failed, 2u);
  EXPECT_EQ(r.tally[CommandKind::AssertReturn].failed, 2u);
  ASSERT_EQ(r.failures.size(), 6u);
  EXPECT_EQ(r.failures[1].got, "\"assert_exception\"");
  EXPECT_NE(r.failures[2].got.find("missing.wasm"), std::string::npos);
  EXPECT_NE(r.failures[3].got.find("bad i32 value \"x\""), std::string::npos);
  EXPECT_EQ(r.failures[4].got.rfind("malformed module", 0), 0u);
}

TEST_F(ScriptRunnerTest, UnreadableJsonIsAFileError) {
  write("bad.json", "{\"commands\": [");
  ScriptRunner runner(Features{}, nullptr);
  FileResult r = runner.run_json(dir_.path() / "bad.json", "bad.wast");
  EXPECT_EQ(r.tally[CommandKind::FileError].failed, 1u);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(to_string(r.failures[0]).rfind("bad.wast: error: bad.json: JSON error", 0), 0u)
      << to_string(r.failures[0]);

  r = runner.run_json(dir_.path() / "nonexistent.json", "x.wast");
  EXPECT_EQ(r.tally[CommandKind::FileError].failed, 1u);

  write("noarray.json", R"({"commands": 3})");
  r = runner.run_json(dir_.path() / "noarray.json", "y.wast");
  EXPECT_EQ(r.tally[CommandKind::FileError].failed, 1u);
}

TEST_F(ScriptRunnerTest, EngineCommands) {
  FakeEngine engine;
  std::array<uint8_t, 16> lanes{};
  lanes[3] = 0x7f;
  lanes[2] = 0xc0;  // lane 0 = 0x7fc00000, a canonical NaN
  engine.returns("nan", {ScriptValue::v128_bytes(lanes)});
  engine.returns("two", {ScriptValue::i32(1), ScriptValue::i64(2)});
  engine.fails("div", ErrorKind::Trap, "integer divide by zero");
  engine.fails("deep", ErrorKind::Exhaustion, "call stack exhausted");
  engine.fails("oob", ErrorKind::Trap, "out of bounds memory access");

  const FileResult r = run(R"(
    {"type":"module","line":1,"name":"$M","filename":"valid.wasm"},
    {"type":"register","line":2,"name":"$M","as":"M"},
    {"type":"assert_return","line":3,"action":{"type":"invoke","module":"$M","field":"nan","args":[]},
     "expected":[{"type":"v128","lane_type":"f32","value":["nan:canonical","0","0","0"]}]},
    {"type":"assert_return","line":4,"action":{"type":"invoke","field":"two","args":[{"type":"i32","value":"5"}]},
     "expected":[{"type":"i32","value":"1"},{"type":"i64","value":"2"}]},
    {"type":"assert_return","line":5,"action":{"type":"invoke","field":"two","args":[]},
     "expected":[{"type":"i32","value":"1"},{"type":"i64","value":"3"}]},
    {"type":"assert_return","line":6,"action":{"type":"get","field":"g"},"expected":[{"type":"i32","value":"7"}]},
    {"type":"assert_trap","line":7,"action":{"type":"invoke","field":"div","args":[]},"text":"integer divide","expected":[{"type":"i32"}]},
    {"type":"assert_trap","line":8,"action":{"type":"invoke","field":"div","args":[]},"text":"integer overflow","expected":[]},
    {"type":"assert_trap","line":9,"action":{"type":"invoke","field":"deep","args":[]},"text":"call stack exhausted","expected":[]},
    {"type":"assert_exhaustion","line":10,"action":{"type":"invoke","field":"deep","args":[]},"text":"call stack exhausted","expected":[]},
    {"type":"action","line":11,"action":{"type":"invoke","field":"oob","args":[]},"expected":[]},
    {"type":"action","line":12,"action":{"type":"invoke","field":"two","args":[]},"expected":[]}
  )",
                           &engine);
  EXPECT_EQ(engine.resets, 1);
  ASSERT_EQ(engine.instantiated.size(), 1u);
  EXPECT_EQ(engine.instantiated[0], "$M");
  ASSERT_EQ(engine.registered.size(), 1u);
  EXPECT_EQ(engine.registered[0], "M=$M");
  ASSERT_GE(engine.calls.size(), 2u);
  EXPECT_EQ(engine.calls[0], "$M.nan/0");
  EXPECT_EQ(engine.calls[1], ".two/1");

  std::vector<uint64_t> failed_lines;
  for (const Failure& f : r.failures) failed_lines.push_back(f.line);
  EXPECT_EQ(failed_lines, (std::vector<uint64_t>{5, 8, 9, 11}));
  EXPECT_EQ(r.tally.total().passed, 8u);
  EXPECT_EQ(r.tally.total().skipped, 0u);
  EXPECT_EQ(
      to_string(r.failures[0]),
      "t.wast:5: assert_return: expected invoke \"two\"() = (i32:1, i64:3), got (i32:1, i64:2)");
  EXPECT_EQ(r.failures[1].got, "trap: integer divide by zero");
}

TEST_F(ScriptRunnerTest, EngineInstantiationFailures) {
  FakeEngine engine;
  engine.instantiate_error = make_error(ErrorKind::Unlinkable, "unknown import \"M\" \"f\"");
  FileResult r = run(R"(
    {"type":"assert_unlinkable","line":1,"filename":"valid.wasm","text":"unknown import","module_type":"binary"},
    {"type":"assert_uninstantiable","line":2,"filename":"valid.wasm","text":"unknown import","module_type":"binary"},
    {"type":"module","line":3,"filename":"valid.wasm"}
  )",
                     &engine);
  EXPECT_EQ(r.tally[CommandKind::AssertUnlinkable].passed, 1u);
  EXPECT_EQ(r.tally[CommandKind::AssertUninstantiable].failed, 1u);  // wrong kind
  EXPECT_EQ(r.tally[CommandKind::Module].failed, 1u);

  engine.instantiate_error = make_error(ErrorKind::Trap, "unreachable executed");
  r = run(R"(
    {"type":"assert_uninstantiable","line":1,"filename":"valid.wasm","text":"unreachable","module_type":"binary"},
    {"type":"assert_unlinkable","line":2,"filename":"valid.wasm","text":"unreachable","module_type":"binary"}
  )",
          &engine);
  EXPECT_EQ(r.tally[CommandKind::AssertUninstantiable].passed, 1u);
  EXPECT_EQ(r.tally[CommandKind::AssertUnlinkable].failed, 1u);
  EXPECT_EQ(engine.resets, 2);
}

}  // namespace
}  // namespace wasmbind::spec
