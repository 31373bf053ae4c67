#include "server_fixture.h"

#include <unistd.h>

#include <fstream>
#include <thread>

#include "test_client.h"

namespace wasmbind::http::test {

namespace fs = std::filesystem;

std::string component_yaml(const std::string& name, const std::string& guest,
                           const std::string& extra_metadata) {
  return "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name +
         "\nspec:\n  type: bindings.wasm\n  version: v1\n  metadata:\n  - name: url\n    value: \"file://" +
         std::string(HTTP_TEST_WASM_DIR) + "/" + guest + ".wasm\"\n" + extra_metadata;
}

void ServerFixture::prepare(std::string_view prefix, const std::string& components) {
  dir_ = fs::temp_directory_path() /
         (std::string(prefix) + std::to_string(::getpid()) + "-" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  std::ofstream(dir_ / "components.yaml") << components;
  options_.resources_paths = {dir_.string()};
  options_.app_id = "me";
  options_.listen_address = "127.0.0.1";
  options_.port = 0;
  options_.io_threads = 2;
  options_.worker_threads = 2;
  options_.log = [this](binding::LogLevel, std::string_view message) {
    std::lock_guard lock(log_mutex_);
    log_.emplace_back(message);
  };
}

void ServerFixture::TearDown() {
  server_.reset();
  if (!dir_.empty()) fs::remove_all(dir_);
}

void ServerFixture::start() {
  auto server = Server::start(options_);
  ASSERT_TRUE(server.ok()) << server.error().to_string();
  server_ = std::move(server.value());
  port_ = server_->port();
}

bool ServerFixture::healthy() {
  auto r = fetch(port_, "GET", "/v1.0/healthz");
  return r && r->status == 204;
}

bool ServerFixture::log_contains(std::string_view needle, std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  do {
    {
      std::lock_guard lock(log_mutex_);
      for (const auto& line : log_)
        if (line.find(needle) != std::string::npos) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

void ServerFixture::discard_log() {
  options_.log = [](binding::LogLevel, std::string_view) {};
}

}  // namespace wasmbind::http::test
