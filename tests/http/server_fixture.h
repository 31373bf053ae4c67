// The real server on a loopback port, shared by the server and hardening tests: a fresh
// resources folder per test holding bindings.wasm components over the guests assembled
// from tests/http/wat, options sized for a test (any free port, two I/O threads, two
// workers), and the server's log kept so a test can look for a line.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "wasmbind/http.h"

namespace wasmbind::http::test {

// A bindings.wasm component named `name` whose url is the built guest `guest`.wasm;
// `extra_metadata` is appended as further `- name: ... value: ...` entries.
std::string component_yaml(const std::string& name, const std::string& guest,
                           const std::string& extra_metadata = "");

class ServerFixture : public ::testing::Test {
 protected:
  // Creates the folder (named after `prefix`, the process and the test), writes
  // `components` into it as components.yaml, and sets the default options.
  void prepare(std::string_view prefix, const std::string& components);
  void TearDown() override;

  // Starts the server with options_ (failing the test if it cannot) and sets port_.
  void start();
  // GET /v1.0/healthz answers 204.
  bool healthy();
  // Some log line contains `needle` within `wait`.
  bool log_contains(std::string_view needle, std::chrono::milliseconds wait = std::chrono::seconds(5));
  // Drops log lines instead of keeping them (for tests that send thousands of requests).
  void discard_log();

  std::filesystem::path dir_;
  ServerOptions options_;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;

 private:
  std::mutex log_mutex_;
  std::vector<std::string> log_;
};

}  // namespace wasmbind::http::test
