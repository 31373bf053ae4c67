// The real server on a loopback port, talked to over TCP: routes, Dapr's status codes and
// bodies, limits and malformed requests, keep-alive and pipelining, deadlines, the
// connection cap, cancellation on disconnect, and graceful stop. Guests are WAT modules
// assembled at build time (echo, spin, stderr).
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "server_fixture.h"
#include "test_client.h"
#include "wasmbind/http.h"

namespace wasmbind::http {
namespace {

using namespace test;

class ServerTest : public ServerFixture {
 protected:
  void SetUp() override {
    prepare("wasmbind-http-test-",
            component_yaml("echo", "echo") + "---\n" + component_yaml("spin", "spin") + "---\n" +
                component_yaml("stderr", "stderr", "  - name: stderr\n    value: header\n"));
  }

  void expect_healthy() { EXPECT_TRUE(healthy()); }
};

constexpr std::string_view kNotFoundBody =
    R"({"errorCode":"ERR_DIRECT_INVOKE","message":"failed getting app id either from the URL path or the header dapr-app-id"})";

TEST_F(ServerTest, Healthz) {
  start();
  auto r = fetch(port_, "GET", "/v1.0/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204u);
  EXPECT_EQ(r->body, "");
  EXPECT_FALSE(r->has_header("content-length"));
  EXPECT_TRUE(r->keep_alive);
  r = fetch(port_, "GET", "/v1.0/healthz/outbound");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204u);
  r = fetch(port_, "GET", "/v1.0/healthz?appid=me");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204u);
  r = fetch(port_, "GET", "/v1.0/healthz?appid=other");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500u);
  EXPECT_EQ(r->body, R"({"errorCode":"ERR_HEALTH_APPID_NOT_MATCH","message":"dapr app-id does not match"})");
  EXPECT_TRUE(log_contains("method=GET target=/v1.0/healthz binding=\"\" status=204"));
}

TEST_F(ServerTest, MetadataListsComponentsAndExtendedKeys) {
  start();
  auto put = fetch(port_, "PUT", "/v1.0/metadata/appPID", "4242");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 204u);
  auto r = fetch(port_, "GET", "/v1.0/metadata");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(r->header("content-type"), "application/json");
  const std::string component = R"(,"type":"bindings.wasm","version":"v1","capabilities":["OUTPUT_BINDING"]})";
  EXPECT_EQ(r->body, R"({"id":"me","runtimeVersion":")" WASMBIND_TEST_VERSION R"(","components":[{"name":"echo")" +
                         component + R"(,{"name":"spin")" + component + R"(,{"name":"stderr")" + component +
                         R"(],"extended":{"appPID":"4242","daprRuntimeVersion":")" WASMBIND_TEST_VERSION "\"}}\n");
}

TEST_F(ServerTest, UnknownRoutesGetDirectInvoke404) {
  start();
  for (auto [method, target] : {std::pair{"GET", "/v1.0/bindings/echo"}, std::pair{"DELETE", "/v1.0/bindings/echo"},
                                std::pair{"GET", "/"}, std::pair{"POST", "/v1.0/state/x"}}) {
    auto r = fetch(port_, method, target);
    ASSERT_TRUE(r) << method << " " << target;
    EXPECT_EQ(r->status, 404u) << method << " " << target;
    EXPECT_EQ(r->body, kNotFoundBody);
    EXPECT_EQ(r->header("content-type"), "application/json");
  }
}

TEST_F(ServerTest, BindingErrorsInDaprOrder) {
  start();
  struct Case {
    const char* target;
    const char* body;
    unsigned status;
    const char* response;
  };
  const Case cases[] = {
      {"/v1.0/bindings/echo", "", 400,
       R"({"errorCode":"ERR_MALFORMED_REQUEST","message":"failed deserializing HTTP body: EOF"})"},
      {"/v1.0/bindings/echo", "x", 400,
       R"({"errorCode":"ERR_MALFORMED_REQUEST","message":"failed deserializing HTTP body: invalid character 'x' looking for beginning of value"})"},
      {"/v1.0/bindings/nope", "{}", 500,
       R"({"errorCode":"ERR_INVOKE_OUTPUT_BINDING","message":"error invoking output binding nope: operation field is missing from request"})"},
      {"/v1.0/bindings/nope", R"({"operation":"execute"})", 500,
       R"({"errorCode":"ERR_INVOKE_OUTPUT_BINDING","message":"error invoking output binding nope: couldn't find output binding nope"})"},
      {"/v1.0/bindings/a+%3Cb%3E", R"({"operation":"execute"})", 500,
       R"({"errorCode":"ERR_INVOKE_OUTPUT_BINDING","message":"error invoking output binding a \u003cb\u003e: couldn't find output binding a \u003cb\u003e"})"},
      {"/v1.0/bindings/echo", R"({"operation":"create"})", 500,
       R"({"errorCode":"ERR_INVOKE_OUTPUT_BINDING","message":"error invoking output binding echo: binding echo does not support operation create. supported operations:execute"})"},
  };
  for (const Case& c : cases) {
    auto r = fetch(port_, "POST", c.target, c.body);
    ASSERT_TRUE(r) << c.body;
    EXPECT_EQ(r->status, c.status) << c.body;
    EXPECT_EQ(r->body, c.response);
    EXPECT_EQ(r->header("content-type"), "application/json");
  }
}

TEST_F(ServerTest, EchoBindingReturnsStdoutExactly) {
  start();
  auto r = fetch(port_, "POST", "/v1.0/bindings/echo", R"({"operation":"execute","data":{"b":1,"a":"x<y"}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u) << r->body;
  EXPECT_EQ(r->body, R"({"a":"x\u003cy","b":1})");
  EXPECT_EQ(r->header("content-type"), "application/json");
  r = fetch(port_, "PUT", "/v1.0/bindings/echo/", R"({"Operation":"execute"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(r->body, "null");
  EXPECT_TRUE(log_contains("binding=echo status=200"));
}

TEST_F(ServerTest, StderrComesBackPercentEncodedInAHeader) {
  start();
  auto r = fetch(port_, "POST", "/v1.0/bindings/stderr", R"({"operation":"execute"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u) << r->body;
  EXPECT_EQ(r->body, "out");
  EXPECT_EQ(r->header("wasmbind-stderr"), "warn:%20100%25%20<bad>%0A");
}

TEST_F(ServerTest, ApiToken) {
  options_.api_token = "s3cret";
  start();
  auto r = fetch(port_, "GET", "/v1.0/metadata");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401u);
  EXPECT_EQ(r->body, "invalid api token\n");
  EXPECT_EQ(r->header("content-type"), "text/plain; charset=utf-8");
  r = fetch(port_, "POST", "/v1.0/bindings/echo", R"({"operation":"execute"})", "dapr-api-token: wrong\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401u);
  r = fetch(port_, "GET", "/nowhere");  // before routing, as Dapr's middleware
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401u);
  r = fetch(port_, "POST", "/v1.0/bindings/echo", R"({"operation":"execute","data":1})", "dapr-api-token: s3cret\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(r->body, "1");
  expect_healthy();  // exempt
  r = fetch(port_, "GET", "/v1.0/healthz/outbound");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204u);
}

TEST_F(ServerTest, BodyLimit) {
  options_.max_body_size = 1024;
  start();
  const std::string exact = R"({"operation":"execute","data":")" + std::string(1024 - 33, 'a') + "\"}";
  ASSERT_EQ(exact.size(), 1024u);
  auto r = fetch(port_, "POST", "/v1.0/bindings/echo", exact);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);

  // One byte over: Dapr's decoder sees "stream too large"; the connection closes.
  TestConnection c(port_);
  ASSERT_TRUE(c.send(make_request("POST", "/v1.0/bindings/echo", exact + " ")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400u);
  EXPECT_EQ(r->body,
            R"({"errorCode":"ERR_MALFORMED_REQUEST","message":"failed deserializing HTTP body: stream too large"})");
  EXPECT_FALSE(r->keep_alive);
  EXPECT_TRUE(c.closed_within(3s));

  // The same over chunked encoding, found while reading the body.
  TestConnection chunked(port_);
  ASSERT_TRUE(chunked.send(
      "POST /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "400\r\n" + std::string(1024, ' ') + "\r\n1\r\n \r\n0\r\n\r\n"));
  r = chunked.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400u);
  EXPECT_NE(r->body.find("stream too large"), std::string::npos);

  // Other routes answer 413.
  r = fetch(port_, "PUT", "/v1.0/metadata/big", std::string(2000, 'x'));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413u);
  expect_healthy();
}

TEST_F(ServerTest, HeaderLimit) {
  options_.max_header_size = 8 * 1024;
  start();
  TestConnection c(port_);
  ASSERT_TRUE(c.send("GET /v1.0/healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431u);
  EXPECT_TRUE(c.closed_within(3s));

  TestConnection many(port_);  // 10,000 small headers
  std::string request = "GET /v1.0/healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 10000; ++i) request += "X-" + std::to_string(i) + ": y\r\n";
  many.send(request + "\r\n");
  r = many.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431u);
  expect_healthy();
}

// Requests a front proxy and this server could frame differently, and other malformed input:
// each is refused with 400 and the connection closed; the server keeps serving.
TEST_F(ServerTest, MalformedAndSmugglingRequestsAreRefused) {
  start();
  const std::string smuggling[] = {
      "POST /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
      "POST /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
      "POST /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
      "POST /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "POST /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
      "POST /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
      "GET /v1.0/healthz HTTP/1.1\r\n\r\n",                        // no Host
      "GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",  // two Hosts
      "GET /v1.0/bindings/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET * HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /v1.0/healthz HTTP/9.9\r\nHost: x\r\n\r\n",
      "GET /v1.0/healthz\r\n\r\n",
      "BR@KEN / HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /v1.0/healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
      "GET /v1.0/healthz HTTP/1.1\r\nHost: x\r\n: empty-name\r\n\r\n",
      "GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n",
  };
  for (const std::string& request : smuggling) {
    TestConnection c(port_);
    ASSERT_TRUE(c.send(request));
    auto r = c.read_response(5s);
    ASSERT_TRUE(r) << request;
    EXPECT_EQ(r->status, 400u) << request;
    EXPECT_TRUE(c.closed_within(3s)) << request;
  }
  expect_healthy();
}

TEST_F(ServerTest, KeepAliveAndPipelining) {
  start();
  TestConnection c(port_);
  // Three requests in one write: the responses come back complete and in order.
  ASSERT_TRUE(c.send(make_request("GET", "/v1.0/healthz") +
                     make_request("POST", "/v1.0/bindings/echo", R"({"operation":"execute","data":"first"})") +
                     make_request("GET", "/nowhere") +
                     make_request("POST", "/v1.0/bindings/echo", R"({"operation":"execute","data":[2]})")));
  auto a = c.read_response();
  auto b = c.read_response();
  auto d = c.read_response();
  auto e = c.read_response();
  ASSERT_TRUE(a && b && d && e);
  EXPECT_EQ(a->status, 204u);
  EXPECT_EQ(b->status, 200u);
  EXPECT_EQ(b->body, R"("first")");
  EXPECT_EQ(d->status, 404u);
  EXPECT_EQ(e->body, "[2]");
  // And the connection stays usable.
  ASSERT_TRUE(c.send(make_request("GET", "/v1.0/healthz")));
  auto f = c.read_response();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, 204u);
  // "Connection: close" is honoured.
  ASSERT_TRUE(c.send(make_request("GET", "/v1.0/healthz", "", "Connection: close\r\n")));
  auto g = c.read_response();
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->keep_alive);
  EXPECT_TRUE(c.closed_within(3s));
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAliveAsked) {
  start();
  TestConnection c(port_);
  ASSERT_TRUE(c.send("GET /v1.0/healthz HTTP/1.0\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204u);
  EXPECT_TRUE(c.closed_within(3s));
  TestConnection k(port_);
  ASSERT_TRUE(k.send("GET /v1.0/healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  r = k.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("connection"), "keep-alive");
  ASSERT_TRUE(k.send("GET /v1.0/healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  EXPECT_TRUE(k.read_response());
}

TEST_F(ServerTest, ExpectContinue) {
  start();
  TestConnection c(port_);
  const std::string body = R"({"operation":"execute","data":"late"})";
  ASSERT_TRUE(c.send("POST /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n"));
  std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(c.send(body));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(r->body, R"("late")");
}

TEST_F(ServerTest, IdleAndHeaderDeadlines) {
  options_.idle_timeout = 200ms;
  options_.header_timeout = 300ms;
  options_.body_timeout = 300ms;
  start();
  TestConnection idle(port_);
  ASSERT_TRUE(idle.send(make_request("GET", "/v1.0/healthz")));
  ASSERT_TRUE(idle.read_response());
  EXPECT_TRUE(idle.closed_within(2s));  // nothing more: cut after idle_timeout

  TestConnection slowloris(port_);  // a head that never finishes
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(slowloris.send("GET /v1.0/healthz HTTP/1.1\r\nHost: x\r\n"));
  for (int i = 0; i < 20 && slowloris.send("X-Drip: 1\r\n"); ++i) std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(slowloris.closed_within(2s));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);

  TestConnection slow_body(port_);  // a body that never finishes
  ASSERT_TRUE(slow_body.send("POST /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"));
  EXPECT_TRUE(slow_body.closed_within(2s));
  expect_healthy();
}

TEST_F(ServerTest, ConnectionCap) {
  options_.max_connections = 2;
  start();
  TestConnection a(port_), b(port_);
  ASSERT_TRUE(a.send(make_request("GET", "/v1.0/healthz")) && a.read_response());
  ASSERT_TRUE(b.send(make_request("GET", "/v1.0/healthz")) && b.read_response());
  TestConnection extra(port_);
  EXPECT_TRUE(extra.closed_within(2s));  // closed at once, before any request
  a.close();
  // Once a slot is free, new connections are served again.
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    auto r = fetch(port_, "GET", "/v1.0/healthz");
    served = r && r->status == 204;
    if (!served) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(served);
}

TEST_F(ServerTest, ClientDisconnectCancelsTheGuest) {
  start();
  {
    TestConnection c(port_);
    ASSERT_TRUE(c.send(make_request("POST", "/v1.0/bindings/spin", R"({"operation":"execute"})")));
    std::this_thread::sleep_for(100ms);
  }  // the client goes away while the guest loops
  EXPECT_TRUE(log_contains("binding=spin status=0"));
  EXPECT_TRUE(log_contains("context canceled"));
  // Both workers are free again: two more echo calls at once still complete.
  auto r1 = std::async(std::launch::async, [&] {
    return fetch(port_, "POST", "/v1.0/bindings/echo", R"({"operation":"execute","data":1})");
  });
  auto r2 = fetch(port_, "POST", "/v1.0/bindings/echo", R"({"operation":"execute","data":2})");
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->body, "2");
  auto first = r1.get();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body, "1");
}

TEST_F(ServerTest, ManyConcurrentCalls) {
  start();
  std::vector<std::thread> clients;
  std::atomic<int> good{0};
  for (int i = 0; i < 40; ++i) {
    clients.emplace_back([&, i] {
      auto r = fetch(port_, "POST", "/v1.0/bindings/echo",
                     R"({"operation":"execute","data":")" + std::to_string(i) + "\"}");
      if (r && r->status == 200 && r->body == "\"" + std::to_string(i) + "\"") ++good;
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(good.load(), 40);
}

TEST_F(ServerTest, GracefulStopCancelsRunningGuestsAfterGrace) {
  options_.shutdown_grace = 300ms;
  start();
  TestConnection idle(port_);
  ASSERT_TRUE(idle.send(make_request("GET", "/v1.0/healthz")) && idle.read_response());
  TestConnection busy(port_);
  ASSERT_TRUE(busy.send(make_request("POST", "/v1.0/bindings/spin", R"({"operation":"execute"})")));
  std::this_thread::sleep_for(100ms);

  const auto started = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_TRUE(idle.closed_within(1s));  // idle keep-alive connections go at once
  EXPECT_FALSE(TestConnection(port_).send(make_request("GET", "/v1.0/healthz")) &&
               TestConnection(port_).read_response(500ms));  // the acceptor is closed
  auto r = busy.read_response(5s);  // the in-flight call is answered in full, then closed
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500u);
  EXPECT_NE(r->body.find("context canceled"), std::string::npos) << r->body;
  EXPECT_FALSE(r->keep_alive);
  server_->wait();
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 3s);
}

TEST_F(ServerTest, ShutdownEndpoint) {
  start();
  auto r = fetch(port_, "POST", "/v1.0/shutdown");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204u);
  server_->wait();  // returns once the server has stopped by itself
  EXPECT_FALSE(fetch(port_, "GET", "/v1.0/healthz"));
}

// Regression: stopping while idle keep-alive connections live on other I/O threads once
// deadlocked the stop sequence (a session ending inside the walk over the connection set).
TEST_F(ServerTest, ShutdownWithIdleConnectionsNeverHangs) {
  for (int round = 0; round < 10; ++round) {
    start();
    std::vector<std::unique_ptr<TestConnection>> idle;
    for (int i = 0; i < 6; ++i) {
      idle.push_back(std::make_unique<TestConnection>(port_));
      ASSERT_TRUE(idle.back()->send(make_request("GET", "/v1.0/healthz")));
      ASSERT_TRUE(idle.back()->read_response());
    }
    auto r = fetch(port_, "POST", "/v1.0/shutdown");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 204u);
    auto waited = std::async(std::launch::async, [this] { server_->wait(); });
    ASSERT_EQ(waited.wait_for(5s), std::future_status::ready) << "round " << round;
    for (auto& c : idle) EXPECT_TRUE(c->closed_within(1s));
    server_.reset();
  }
}

TEST(ServerStart, BadComponentFolderFailsStart) {
  ServerOptions options;
  options.port = 0;
  options.listen_address = "127.0.0.1";
  options.resources_paths = {"/nonexistent/wasmbind-components"};
  options.log = [](binding::LogLevel, std::string_view) {};
  auto server = Server::start(options);
  EXPECT_FALSE(server.ok());
}

TEST(ServerStart, EmptyConfigurationServesHealthz) {
  ServerOptions options;
  options.port = 0;
  options.listen_address = "127.0.0.1";
  options.log = [](binding::LogLevel, std::string_view) {};
  auto server = Server::start(options);
  ASSERT_TRUE(server.ok()) << server.error().to_string();
  auto r = fetch((*server)->port(), "GET", "/v1.0/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204u);
  auto m = fetch((*server)->port(), "GET", "/v1.0/metadata");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->body, R"({"runtimeVersion":")" WASMBIND_TEST_VERSION R"(","extended":{"daprRuntimeVersion":")"
                     WASMBIND_TEST_VERSION "\"}}\n");
}

TEST(ServerStart, PortInUseIsAnError) {
  ServerOptions options;
  options.port = 0;
  options.listen_address = "127.0.0.1";
  options.log = [](binding::LogLevel, std::string_view) {};
  auto first = Server::start(options);
  ASSERT_TRUE(first.ok());
  options.port = (*first)->port();
  auto second = Server::start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("listen on 127.0.0.1:"), std::string::npos) << second.error().message;
}

}  // namespace
}  // namespace wasmbind::http
