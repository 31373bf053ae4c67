// create_wasm_output_binding() and invoke(): init errors, argv/stdin/stdout, exit codes,
// traps, isolation, cancellation and the opt-in limits, with WAT guests.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "sha256.h"
#include "test_http_server.h"
#include "test_support.h"

namespace wasmbind::binding {
namespace {

using namespace std::chrono_literals;
using testing::guest_path;
using testing::TempDir;

std::unique_ptr<OutputBinding> make(const std::string& guest, std::vector<MetadataItem> extra = {},
                                    InitOptions options = {}) {
  auto b = create_wasm_output_binding(testing::wasm_component("wasm", "file://" + guest_path(guest),
                                                              std::move(extra)),
                                      options);
  EXPECT_TRUE(b.ok()) << (b.ok() ? "" : b.error().message);
  return b.ok() ? std::move(*b) : nullptr;
}

std::string init_error(const ComponentSpec& spec, const InitOptions& options = {}) {
  auto b = create_wasm_output_binding(spec, options);
  return b.ok() ? "initialised" : b.error().message;
}

InvokeResult call(OutputBinding& b, std::string args = "", std::string data = "",
                  std::shared_ptr<Cancellation> cancellation = nullptr, bool with_args = true) {
  InvokeRequest r;
  r.operation = "execute";
  if (with_args) r.metadata["args"] = std::move(args);
  r.data = std::move(data);
  r.cancellation = std::move(cancellation);
  return b.invoke(r);
}

std::string ok_output(const InvokeResult& r) {
  EXPECT_TRUE(r.ok()) << *r.error;
  return r.data;
}

std::string error_of(const InvokeResult& r) {
  EXPECT_FALSE(r.ok()) << "succeeded with output " << r.data;
  EXPECT_TRUE(r.data.empty());
  return r.error.value_or("");
}

// ---- init ---------------------------------------------------------------------------------

TEST(BindingInit, MetadataAndUrlErrorsHaveDaprsPrefix) {
  ComponentSpec none = testing::wasm_component("wasm", "");
  none.metadata.clear();
  EXPECT_EQ(init_error(none), "wasm: failed to parse metadata: missing url");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "")), "wasm: failed to parse metadata: missing url");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "ldap://x/y.wasm")),
            "wasm: failed to parse metadata: unsupported URL scheme: ldap");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "oci://r/i:t")), "wasm: failed to parse metadata: TODO oci");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file:x")),
            "wasm: failed to parse metadata: invalid file URL: file:x (expected file://PATH)");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file://" + guest_path("echo"), {{"URL", "x"}})),
            "wasm: failed to parse metadata: key url is duplicate in the metadata");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file://" + guest_path("echo"), {{"timeout", "5"}})),
            "wasm: failed to parse metadata: invalid timeout \"5\": time: missing unit in duration \"5\"");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file://" + guest_path("echo"), {{"stderr", "file"}})),
            "wasm: failed to parse metadata: invalid stderr \"file\" (want discard, log or header)");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file://" + guest_path("echo"), {{"env", "NOEQUALS"}})),
            "wasm: failed to parse metadata: invalid env entry \"NOEQUALS\" (want KEY=VALUE)");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file://" + guest_path("echo"), {{"maxMemoryPages", "0"}})),
            "wasm: failed to parse metadata: invalid maxMemoryPages \"0\" (want 1 to 65536)");
}

TEST(BindingInit, CompileErrors) {
  TempDir dir;
  dir.write("text.wasm", "hello, not wasm");
  dir.write("short.wasm", "\0a");
  dir.write("version.wasm", std::string("\0asm\x02\0\0\0", 8));
  dir.write("truncated.wasm", std::string("\0asm\x01\0\0\0\x01\x05\x01", 11));
  InitOptions o;
  o.working_directory = dir.str();
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file://text.wasm"), o),
            "wasm: error compiling binary: invalid magic number");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file://short.wasm"), o),
            "wasm: error compiling binary: invalid magic number");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file://version.wasm"), o),
            "wasm: error compiling binary: invalid version header");
  std::string truncated = init_error(testing::wasm_component("wasm", "file://truncated.wasm"), o);
  EXPECT_EQ(truncated.rfind("wasm: error compiling binary: ", 0), 0u) << truncated;
  EXPECT_GT(truncated.size(), std::string("wasm: error compiling binary: ").size());
}

TEST(BindingInit, TypeAndVersion) {
  ComponentSpec v2 = testing::wasm_component("wasm", "file://" + guest_path("echo"));
  v2.version = "v2";
  EXPECT_EQ(init_error(v2), "couldn't find binding wasm (bindings.wasm/v2)");
  for (const char* version : {"", "v0", "V1"}) {
    ComponentSpec ok = testing::wasm_component("wasm", "file://" + guest_path("echo"));
    ok.version = version;
    EXPECT_EQ(init_error(ok), "initialised") << version;
  }
  ComponentSpec state = testing::wasm_component("wasm", "file://" + guest_path("echo"));
  state.type = "state.redis";
  EXPECT_EQ(init_error(state), "couldn't find binding wasm (state.redis/v1)");
  auto b = make("echo");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->name(), "wasm");
  EXPECT_EQ(b->type(), "bindings.wasm");
  EXPECT_EQ(b->version(), "v1");
  EXPECT_EQ(b->operations(), std::vector<std::string>{"execute"});
}

TEST(BindingInit, Sha256Pinning) {
  const std::string bytes = testing::read_file(guest_path("echo"));
  const std::string digest = sha256_hex(bytes);
  std::string upper = digest;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(make("echo", {{"sha256", upper}}));
  const std::string wrong(64, '0');
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file://" + guest_path("echo"), {{"sha256", wrong}})),
            "wasm: failed to parse metadata: sha256 mismatch: want " + wrong + ", got " + digest);
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file://" + guest_path("echo"), {{"sha256", "abc"}})),
            "wasm: failed to parse metadata: invalid sha256 \"abc\" (want 64 hex digits)");
}

TEST(BindingInit, HttpLoadedGuestNamedFromTheUrlPath) {
  testing::TestHttpServer server;
  server.route("/x/args.wasm?v=1", {200, testing::read_file(guest_path("args")), {}, {}});
  auto b = create_wasm_output_binding(testing::wasm_component("wasm", server.url("/x/args.wasm?v=1")), {});
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(ok_output(call(**b, "a,b")), "args\na\nb");
  // 404 and a slow server make init fail with the loader's message.
  EXPECT_EQ(init_error(testing::wasm_component("wasm", server.url("/nope.wasm"))),
            "wasm: failed to parse metadata: received 404 status code from \"" + server.url("/nope.wasm") + "\"");
  server.route("/slow.wasm", {200, "late", {}, 3000ms});
  ComponentSpec slow = testing::wasm_component("wasm", server.url("/slow.wasm"));
  slow.init_timeout = 200ms;
  EXPECT_EQ(init_error(slow), "wasm: failed to parse metadata: Get \"" + server.url("/slow.wasm") +
                                  "\": context deadline exceeded");
}

// ---- invoke: arguments, stdin, stdout --------------------------------------------------------

TEST(BindingInvoke, OperationIsChecked) {
  auto b = make("echo");
  ASSERT_TRUE(b);
  InvokeRequest r;
  r.operation = "create";
  EXPECT_EQ(b->invoke(r).error, "binding wasm does not support operation create. supported operations:execute");
  r.operation = "";
  EXPECT_EQ(b->invoke(r).error, "operation field is missing from request");
}

TEST(BindingInvoke, ArgvIsGuestNameThenSplitArgs) {
  auto b = make("args");
  ASSERT_TRUE(b);
  EXPECT_EQ(ok_output(call(*b, "", "", nullptr, false)), "args");
  EXPECT_EQ(ok_output(call(*b, "")), "args");
  EXPECT_EQ(ok_output(call(*b, "1,2")), "args\n1\n2");
  EXPECT_EQ(ok_output(call(*b, "a,,b")), "args\na\n\nb");
  EXPECT_EQ(ok_output(call(*b, ",")), "args\n\n");
  EXPECT_EQ(ok_output(call(*b, " x ")), "args\n x ");
  EXPECT_EQ(ok_output(call(*b, "-ne,print \"Hello \"; print")), "args\n-ne\nprint \"Hello \"; print");
  EXPECT_EQ(error_of(call(*b, std::string("a\0b", 3))), "args invalid: contains NUL character");
  // Only the exact key "args" counts.
  InvokeRequest capital;
  capital.operation = "execute";
  capital.metadata["Args"] = "ignored";
  EXPECT_EQ(ok_output(b->invoke(capital)), "args");
}

TEST(BindingInvoke, StdinIsTheDataAndStdoutIsReturned) {
  auto b = make("echo");
  ASSERT_TRUE(b);
  EXPECT_EQ(ok_output(call(*b, "", "\"salaboy\"")), "\"salaboy\"");
  EXPECT_EQ(ok_output(call(*b, "", "")), "");
  std::string big(1 << 20, 'q');
  for (size_t i = 0; i < big.size(); i += 4099) big[i] = static_cast<char>(i);
  EXPECT_EQ(ok_output(call(*b, "", big)), big);  // 1 MiB through stdin and stdout, intact
  auto flood = make("flood");
  ASSERT_TRUE(flood);
  EXPECT_EQ(ok_output(call(*flood, "16")), std::string(1 << 20, 'a'));
}

TEST(BindingInvoke, StderrIsDiscardedByDefault) {
  auto b = make("stdio");
  ASSERT_TRUE(b);
  InvokeResult r = call(*b);
  EXPECT_EQ(ok_output(r), "out");
  EXPECT_EQ(r.stderr_output, "");
}

// ---- exit codes and traps --------------------------------------------------------------------

TEST(BindingInvoke, ExitCodes) {
  auto b = make("exit");
  ASSERT_TRUE(b);
  EXPECT_EQ(ok_output(call(*b, "0")), "partial");
  EXPECT_EQ(error_of(call(*b, "3")), "module closed with exit_code(3)");
  EXPECT_EQ(error_of(call(*b, "4294967294")), "module closed with exit_code(4294967294)");
  // wazero's reserved codes read as what they stand for.
  EXPECT_EQ(error_of(call(*b, "4294967295")), "module closed with context canceled");
  EXPECT_EQ(error_of(call(*b, "4026531839")), "module closed with context deadline exceeded");
}

TEST(BindingInvoke, TrapsReadLikeWazero) {
  auto b = make("trap");
  ASSERT_TRUE(b);
  struct Case {
    const char* mode;
    const char* text;
  } cases[] = {
      {"u", "unreachable"},
      {"d", "integer divide by zero"},
      {"v", "integer overflow"},
      {"c", "invalid conversion to integer"},
      {"o", "out of bounds memory access"},
      {"t", "invalid table access"},
      {"n", "invalid table access"},
      {"i", "indirect call type mismatch"},
      {"s", "stack overflow"},
  };
  int n = 0;
  for (const Case& c : cases) {
    ++n;
    std::string e = error_of(call(*b, c.mode));
    std::string want = "module[trap-" + std::to_string(n) + "] function[_start] failed: wasm error: " +
                       c.text + "\nwasm stack trace:\n\ttrap-" + std::to_string(n) + ".";
    EXPECT_EQ(e.substr(0, want.size()), want) << c.mode << ": " << e;
  }
  // Frames innermost first, named from the name section.
  std::string unreachable = error_of(call(*b, "u"));
  EXPECT_NE(unreachable.find("\n\ttrap-10.crash\n\ttrap-10._start"), std::string::npos) << unreachable;
  // stdout written before the trap is dropped.
  std::string partial = error_of(call(*b, "w"));
  EXPECT_EQ(partial.rfind("module[trap-11] function[_start] failed: wasm error: unreachable\n", 0), 0u)
      << partial;
  EXPECT_EQ(ok_output(call(*b, "x")), "fine");
}

TEST(BindingInvoke, StartSectionTrap) {
  auto b = make("start_trap");
  ASSERT_TRUE(b);
  std::string e = error_of(call(*b));
  EXPECT_EQ(e.rfind("module[start_trap-1] function[start] failed: wasm error: unreachable", 0), 0u) << e;
}

TEST(BindingInvoke, NoStartExportSucceedsEmptyWithoutInitialize) {
  auto b = make("reactor");
  ASSERT_TRUE(b);
  InvokeResult r = call(*b);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.data, "");
}

TEST(BindingInvoke, UnknownImportModuleFailsEachCallNotInit) {
  auto b = make("env_import");
  ASSERT_TRUE(b);
  EXPECT_EQ(error_of(call(*b)), "module[env] not instantiated");
  EXPECT_EQ(error_of(call(*b)), "module[env] not instantiated");
}

TEST(BindingInvoke, MissingOrMistypedWasiImportFailsEachCallNotInit) {
  auto missing = make("wasi_unlinkable");
  ASSERT_TRUE(missing);
  EXPECT_EQ(error_of(call(*missing)), "unknown import (wasi_snapshot_preview1.no_such_call)");
  EXPECT_EQ(error_of(call(*missing)), "unknown import (wasi_snapshot_preview1.no_such_call)");
  auto mistyped = make("wasi_mistyped");
  ASSERT_TRUE(mistyped);
  EXPECT_EQ(error_of(call(*mistyped)), "incompatible import type (wasi_snapshot_preview1.fd_write)");
}

TEST(BindingInvoke, EveryCallIsAFreshInstance) {
  auto b = make("counter");
  ASSERT_TRUE(b);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(ok_output(call(*b)), "1");
}

TEST(BindingInvoke, ConcurrentCallsEachGetTheirOwnOutput) {
  auto b = make("args");
  ASSERT_TRUE(b);
  std::vector<std::future<std::string>> calls;
  for (int i = 0; i < 32; ++i)
    calls.push_back(std::async(std::launch::async, [&b, i] { return call(*b, "/" + std::to_string(i)).data; }));
  for (int i = 0; i < 32; ++i) EXPECT_EQ(calls[i].get(), "args\n/" + std::to_string(i));
}

TEST(BindingInvoke, InstanceCounterCountsFailedCallsToo) {
  auto b = make("trap");
  ASSERT_TRUE(b);
  EXPECT_EQ(error_of(call(*b, std::string("\0", 1))), "args invalid: contains NUL character");  // 1
  EXPECT_TRUE(call(*b, "x").ok());                                                             // 2
  std::string e = error_of(call(*b, "u"));                                                     // 3
  EXPECT_EQ(e.rfind("module[trap-3] ", 0), 0u) << e;
}

// ---- sandbox ---------------------------------------------------------------------------------

TEST(BindingInvoke, NoEnvironmentByDefault) {
  auto b = make("env");
  ASSERT_TRUE(b);
  EXPECT_EQ(ok_output(call(*b)), "");
}

TEST(BindingInvoke, StrictSandboxMakesRandomDeterministic) {
  auto normal = make("random");
  ASSERT_TRUE(normal);
  std::string a = ok_output(call(*normal)), b = ok_output(call(*normal));
  EXPECT_EQ(a.size(), 16u);
  EXPECT_NE(a, b);
  for (const char* yes : {"true", "yes", "1"}) {
    auto strict = make("random", {{"strictSandbox", yes}});
    ASSERT_TRUE(strict);
    std::string s1 = ok_output(call(*strict)), s2 = ok_output(call(*strict));
    EXPECT_EQ(s1.size(), 16u);
    EXPECT_EQ(s1, s2) << yes;
  }
  auto enabled = make("random", {{"strictSandbox", "enabled"}});
  ASSERT_TRUE(enabled);
  EXPECT_NE(ok_output(call(*enabled)), ok_output(call(*enabled)));
  InitOptions forced;
  forced.force_strict_sandbox = true;
  auto global = make("random", {}, forced);
  ASSERT_TRUE(global);
  EXPECT_EQ(ok_output(call(*global)), ok_output(call(*global)));
}

// ---- cancellation and limits -----------------------------------------------------------------

TEST(BindingInvoke, CancellationStopsAnInfiniteLoop) {
  auto b = make("trap");
  ASSERT_TRUE(b);
  auto cancellation = std::make_shared<Cancellation>();
  auto started = std::chrono::steady_clock::now();
  std::thread canceller([cancellation] {
    std::this_thread::sleep_for(100ms);
    cancellation->cancel();
  });
  InvokeResult r = call(*b, "l", "", cancellation);
  auto took = std::chrono::steady_clock::now() - started;
  canceller.join();
  EXPECT_EQ(error_of(r), "module closed with context canceled");
  EXPECT_GE(took, 90ms);
  EXPECT_LT(took, 5s);
  // The binding keeps serving.
  EXPECT_EQ(ok_output(call(*b, "x")), "fine");
}

TEST(BindingInvoke, CancelledBeforeTheCallFailsAtOnce) {
  auto b = make("trap");
  ASSERT_TRUE(b);
  auto cancellation = std::make_shared<Cancellation>();
  cancellation->cancel();
  EXPECT_TRUE(cancellation->cancelled());
  EXPECT_EQ(error_of(call(*b, "l", "", cancellation)), "module closed with context canceled");
}

TEST(BindingInvoke, TimeoutMetadataEndsARunawayGuest) {
  auto b = make("trap", {{"timeout", "200ms"}});
  ASSERT_TRUE(b);
  auto started = std::chrono::steady_clock::now();
  InvokeResult r = call(*b, "l");
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(error_of(r), "module closed with context deadline exceeded");
  EXPECT_GE(took, 190ms);
  EXPECT_LT(took, 5s);
  EXPECT_EQ(ok_output(call(*b, "x")), "fine");  // short calls are unaffected
}

TEST(BindingInvoke, MaxOutputBytes) {
  auto b = make("echo", {{"maxOutputBytes", "10"}});
  ASSERT_TRUE(b);
  EXPECT_EQ(ok_output(call(*b, "", "0123456789")), "0123456789");
  EXPECT_EQ(error_of(call(*b, "", "0123456789a")), "output exceeds maxOutputBytes (10)");
  // A guest that writes forever is stopped once past the cap.
  auto flood = make("flood", {{"maxOutputBytes", "100000"}});
  ASSERT_TRUE(flood);
  EXPECT_EQ(error_of(call(*flood)), "output exceeds maxOutputBytes (100000)");
}

TEST(BindingInvoke, MaxMemoryPages) {
  auto unlimited = make("grow");
  ASSERT_TRUE(unlimited);
  EXPECT_EQ(ok_output(call(*unlimited)), "grown");
  auto limited = make("grow", {{"maxMemoryPages", "5"}});
  ASSERT_TRUE(limited);
  EXPECT_EQ(ok_output(call(*limited)), "refused");
  auto big = make("big_memory", {{"maxMemoryPages", "5"}});
  ASSERT_TRUE(big);
  EXPECT_EQ(error_of(call(*big)), "memory of 10 pages exceeds the limit of 5 pages");
  auto big_ok = make("big_memory", {{"maxMemoryPages", "10"}});
  ASSERT_TRUE(big_ok);
  EXPECT_TRUE(call(*big_ok).ok());
}

// ---- extensions: env, mounts, stderr -------------------------------------------------------------

TEST(BindingInvoke, EnvExtension) {
  auto b = make("env", {{"env", "A=1, B=two words,EMPTY="}});
  ASSERT_TRUE(b);
  EXPECT_EQ(ok_output(call(*b)), "A=1\nB=two words\nEMPTY=");
}

TEST(BindingInvoke, MountsExtension) {
  TempDir dir;
  dir.write("data/hello.txt", "hello from the host");
  std::filesystem::create_directories(dir.path() / "out");
  InitOptions o;
  o.working_directory = dir.str();
  auto ro = make("mount", {{"mounts", "data:/data"}}, o);
  ASSERT_TRUE(ro);
  EXPECT_EQ(ok_output(call(*ro, "r")), "hello from the host");
  // Read-only: creating a file fails with ENOTCAPABLE (76), exit 100 + 76.
  EXPECT_EQ(error_of(call(*ro, "w")), "module closed with exit_code(176)");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "data/new.txt"));
  auto rw = make("mount", {{"mounts", "out:/out:rw"}}, o);
  ASSERT_TRUE(rw);
  EXPECT_TRUE(call(*rw, "w").ok());
  EXPECT_EQ(testing::read_file((dir.path() / "out/new.txt").string()), "x");
  // No mounts: fd 3 is not a preopen (EBADF = 8).
  auto none = make("mount");
  ASSERT_TRUE(none);
  EXPECT_EQ(error_of(call(*none, "r")), "module closed with exit_code(108)");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file://" + guest_path("mount"), {{"mounts", "missing:/m"}}), o),
            "wasm: failed to parse metadata: mount \"missing:/m\": " + dir.str() + "/missing is not a directory");
  EXPECT_EQ(init_error(testing::wasm_component("wasm", "file://" + guest_path("mount"), {{"mounts", "data"}}), o),
            "wasm: failed to parse metadata: invalid mount \"data\" (want hostdir:guestdir or hostdir:guestdir:rw)");
}

TEST(BindingInvoke, StderrExtension) {
  auto header = make("stdio", {{"stderr", "header"}});
  ASSERT_TRUE(header);
  InvokeResult r = call(*header);
  EXPECT_EQ(ok_output(r), "out");
  EXPECT_EQ(r.stderr_output, "err");

  std::vector<std::pair<LogLevel, std::string>> logged;
  std::mutex mutex;
  InitOptions o;
  o.log = [&](LogLevel level, std::string_view message) {
    std::lock_guard lock(mutex);
    logged.emplace_back(level, std::string(message));
  };
  auto log = make("stdio", {{"STDERR", "Log"}}, o);
  ASSERT_TRUE(log);
  logged.clear();
  InvokeResult l = call(*log);
  EXPECT_EQ(ok_output(l), "out");
  EXPECT_EQ(l.stderr_output, "");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].first, LogLevel::Info);
  EXPECT_EQ(logged[0].second, "binding wasm guest stdio-1 stderr: err");
}

}  // namespace
}  // namespace wasmbind::binding
