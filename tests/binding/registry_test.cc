// BindingRegistry::create(): components initialised in order, other types skipped,
// ignoreErrors honoured, the global strict-sandbox switch applied.
#include <gtest/gtest.h>

#include <mutex>

#include "test_support.h"

namespace wasmbind::binding {
namespace {

using testing::guest_path;

struct Log {
  std::mutex mutex;
  std::vector<std::pair<LogLevel, std::string>> lines;
  LogSink sink() {
    return [this](LogLevel level, std::string_view message) {
      std::lock_guard lock(mutex);
      lines.emplace_back(level, std::string(message));
    };
  }
  bool contains(LogLevel level, std::string_view text) {
    std::lock_guard lock(mutex);
    for (const auto& [l, m] : lines)
      if (l == level && m.find(text) != std::string::npos) return true;
    return false;
  }
};

TEST(BindingRegistry, InitialisesWasmComponentsAndSkipsOthers) {
  LoadedComponents loaded;
  loaded.components.push_back(testing::wasm_component("echo", "file://" + guest_path("echo")));
  ComponentSpec redis;
  redis.name = "statestore";
  redis.type = "state.redis";
  redis.version = "v1";
  redis.source = "res/redis.yaml:1";
  loaded.components.push_back(redis);
  loaded.components.push_back(testing::wasm_component("args", "file://" + guest_path("args")));
  Log log;
  InitOptions o;
  o.log = log.sink();
  auto registry = BindingRegistry::create(loaded, o);
  ASSERT_TRUE(registry.ok()) << registry.error().message;
  ASSERT_EQ((*registry)->bindings().size(), 2u);
  EXPECT_EQ((*registry)->bindings()[0]->name(), "echo");
  EXPECT_EQ((*registry)->bindings()[1]->name(), "args");
  EXPECT_EQ((*registry)->find("nope"), nullptr);
  OutputBinding* args = (*registry)->find("args");
  ASSERT_NE(args, nullptr);
  InvokeRequest r;
  r.operation = "execute";
  r.metadata["args"] = "x";
  EXPECT_EQ(args->invoke(r).data, "args\nx");
  EXPECT_TRUE(log.contains(LogLevel::Warn, "statestore (state.redis/v1) from res/redis.yaml:1 skipped"));
}

TEST(BindingRegistry, FailingInitStopsStartupUnlessIgnoreErrors) {
  LoadedComponents loaded;
  ComponentSpec broken = testing::wasm_component("wasm", "");
  broken.source = "res/a.yaml:3";
  loaded.components.push_back(broken);
  auto failed = BindingRegistry::create(loaded, {});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message,
            "failed to init component wasm (bindings.wasm/v1) from res/a.yaml:3: "
            "wasm: failed to parse metadata: missing url");

  loaded.components[0].ignore_errors = true;
  loaded.components.push_back(testing::wasm_component("echo", "file://" + guest_path("echo")));
  Log log;
  InitOptions o;
  o.log = log.sink();
  auto tolerated = BindingRegistry::create(loaded, o);
  ASSERT_TRUE(tolerated.ok()) << tolerated.error().message;
  ASSERT_EQ((*tolerated)->bindings().size(), 1u);
  EXPECT_EQ((*tolerated)->find("wasm"), nullptr);
  EXPECT_NE((*tolerated)->find("echo"), nullptr);
  EXPECT_TRUE(log.contains(LogLevel::Error, "missing url"));
}

TEST(BindingRegistry, GlobalStrictSandboxAppliesToEveryComponent) {
  LoadedComponents loaded;
  loaded.components.push_back(testing::wasm_component("random", "file://" + guest_path("random")));
  loaded.global_strict_sandbox = true;
  auto registry = BindingRegistry::create(loaded, {});
  ASSERT_TRUE(registry.ok()) << registry.error().message;
  InvokeRequest r;
  r.operation = "execute";
  OutputBinding* b = (*registry)->find("random");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->invoke(r).data, b->invoke(r).data);
}

}  // namespace
}  // namespace wasmbind::binding
