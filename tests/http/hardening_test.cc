// Hostile clients against the real server over loopback (issue 7, HTTP hardening): malformed
// and smuggling-shaped requests, each with its exact outcome (a status and a closed
// connection, or a plain close) and a healthz check after it; slowloris against the header
// deadline; 1,000 idle connections; the connection cap; graceful stop under load.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <cstdio>
#include <memory>
#include <set>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server_fixture.h"
#include "test_client.h"
#include "wasmbind/http.h"

namespace wasmbind::http {
namespace {

using namespace test;
using Clock = std::chrono::steady_clock;

class HardeningTest : public ServerFixture {
 protected:
  void SetUp() override {
    prepare("wasmbind-http-hardening-", component_yaml("echo", "echo") + "---\n" +
                                            component_yaml("spin", "spin") + "---\n" +
                                            component_yaml("sleep", "sleep"));
    options_.max_header_size = 8 * 1024;
    options_.max_body_size = 64 * 1024;
    discard_log();
  }
};

constexpr unsigned kClose = 0;  // expected outcome: the connection closes with no response

struct HostileCase {
  const char* kind;
  std::string request;
  unsigned status;  // kClose: no response at all
  // Whether the connection must close after the response (every refusal closes; a few
  // hostile-looking but valid requests are served and the connection kept).
  bool closes = true;
};

std::string repeat(std::string_view piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) out.append(piece);
  return out;
}

constexpr std::string_view kEchoBody = R"({"operation":"execute","data":"hi"})";  // 35 bytes
const std::string kPost = "POST /v1.0/bindings/echo HTTP/1.1\r\nHost: x\r\n";
const std::string kGet = "GET /v1.0/healthz HTTP/1.1\r\nHost: x\r\n";

std::vector<HostileCase> hostile_cases() {
  const std::string body(kEchoBody);
  return {
      // Request lines.
      {"request line without version", "GET /v1.0/healthz\r\nHost: x\r\n\r\n", 400},
      {"HTTP/0.9 simple request", "GET /v1.0/healthz\r\n\r\n", 400},
      {"HTTP/2.0 version", "GET /v1.0/healthz HTTP/2.0\r\nHost: x\r\n\r\n", 400},
      {"HTTP/0.9 version", "GET /v1.0/healthz HTTP/0.9\r\nHost: x\r\n\r\n", 400},
      {"lower-case protocol name", "GET /v1.0/healthz http/1.1\r\nHost: x\r\n\r\n", 400},
      {"bad method characters", "G(T /v1.0/healthz HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"two spaces in request line", "GET  /v1.0/healthz HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"bare LF line endings", "GET /v1.0/healthz HTTP/1.1\nHost: x\n\n", 400},
      {"bare LF after request line only", "GET /v1.0/healthz HTTP/1.1\nHost: x\r\n\r\n", 400},
      {"bare CR in request line", "GET /v1.0/healthz\rHTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"NUL byte in target", std::string("GET /v1.0/he") + '\0' + "althz HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"control byte in target", "GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"asterisk-form target", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"bad percent-escape in path", "GET /v1.0/bindings/%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"oversized target", "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 431},
      // Header fields.
      {"space in header name", kGet + "Bad Header: y\r\n\r\n", 400},
      {"space before colon", kGet + "X-A : y\r\n\r\n", 400},
      {"empty header name", kGet + ": y\r\n\r\n", 400},
      {"non-token character in name", kGet + "X(A): y\r\n\r\n", 400},
      {"header line without colon", kGet + "NoColonHere\r\n\r\n", 400},
      // obs-fold is unfolded to a space (RFC 9112 §5.2), so a folded framing field is seen
      // whole: chunked still collides with Content-Length, and a folded list is not chunked.
      {"obs-fold Transfer-Encoding beside Content-Length", kPost + "Content-Length: 5\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", 400},
      {"obs-fold Transfer-Encoding list", kPost + "Transfer-Encoding: chunked\r\n , identity\r\n\r\n0\r\n\r\n", 400},
      {"NUL byte in header value", kGet + "X-A: a" + '\0' + "b\r\n\r\n", 400},
      {"bare CR in header value", kGet + "X-A: a\rb\r\n\r\n", 400},
      {"oversized header", kGet + "X-Big: " + std::string(9000, 'a') + "\r\n\r\n", 431},
      {"10,000 headers", kGet + repeat("X-N: y\r\n", 10000) + "\r\n", 431},
      {"no Host in HTTP/1.1", "GET /v1.0/healthz HTTP/1.1\r\n\r\n", 400},
      {"two Host headers", kGet + "Host: y\r\n\r\n", 400},
      // Content-Length.
      {"conflicting Content-Length", kPost + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400},
      {"duplicate equal Content-Length", kPost + "Content-Length: 35\r\nContent-Length: 35\r\n\r\n" + body, 400},
      {"Content-Length list", kPost + "Content-Length: 35, 35\r\n\r\n" + body, 400},
      {"Content-Length with plus sign", kPost + "Content-Length: +35\r\n\r\n" + body, 400},
      {"negative Content-Length", kPost + "Content-Length: -1\r\n\r\n", 400},
      {"Content-Length with inner space", kPost + "Content-Length: 3 5\r\n\r\n" + body, 400},
      {"Content-Length not a number", kPost + "Content-Length: abc\r\n\r\n", 400},
      {"Content-Length beyond 2^64", kPost + "Content-Length: 99999999999999999999999\r\n\r\n", 400},
      {"Content-Length beyond the body limit", "PUT /v1.0/metadata/k HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n", 413},
      // Transfer-Encoding and chunks.
      {"Content-Length then chunked", kPost + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
      {"chunked then Content-Length", kPost + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n", 400},
      {"Transfer-Encoding gzip", kPost + "Transfer-Encoding: gzip\r\n\r\n", 400},
      {"Transfer-Encoding identity", kPost + "Transfer-Encoding: identity\r\n\r\n", 400},
      {"Transfer-Encoding gzip, chunked", kPost + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 400},
      {"chunked twice in one field", kPost + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400},
      {"chunked in two fields", kPost + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
      {"HTTP/1.0 with Transfer-Encoding", "POST /v1.0/bindings/echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n23\r\n" + body + "\r\n0\r\n\r\n", 400},
      {"chunk size not hex", kPost + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
      {"chunk size overflows 64 bits", kPost + "Transfer-Encoding: chunked\r\n\r\n1ffffffffffffffff\r\nx\r\n0\r\n\r\n", 400},
      {"negative chunk size", kPost + "Transfer-Encoding: chunked\r\n\r\n-1\r\nx\r\n0\r\n\r\n", 400},
      {"chunk data without CRLF", kPost + "Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", 400},
      {"chunk size with bare LF", kPost + "Transfer-Encoding: chunked\r\n\r\n23\n" + body + "\r\n0\r\n\r\n", 400},
      {"chunk extension of 1 MiB", kPost + "Transfer-Encoding: chunked\r\n\r\n1;x=" + std::string(1 << 20, 'a'), 400},
      {"chunk extension with bad syntax", kPost + "Transfer-Encoding: chunked\r\n\r\n23;=\"\r\n" + body + "\r\n0\r\n\r\n", 400},
      {"chunk sizes beyond the body limit", "PUT /v1.0/metadata/k HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + repeat("ffff\r\n" + std::string(0xffff, 'z') + "\r\n", 2), 413},
      // Expect.
      {"Expect: something else", "PUT /v1.0/metadata/k HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\nv", 417},
      // Requests that look hostile but are valid: served, and the connection kept.
      {"absolute-form target", "GET http://x/v1.0/healthz HTTP/1.1\r\nHost: x\r\n\r\n", 204, false},
      {"GET with a body", kGet + "Content-Length: 5\r\n\r\nGET /", 204, false},
      {"chunk extensions and trailer", kPost + "Transfer-Encoding: chunked\r\n\r\n23;a=b;c=\"d e\"\r\n" + body + "\r\n0;x\r\nX-T: 1\r\n\r\n", 200, false},
      {"Expect: 100-continue without body", kGet + "Expect: 100-continue\r\n\r\n", 204, false},
      {"HTTP/1.0 without Host", "GET /v1.0/healthz HTTP/1.0\r\n\r\n", 204},
      {"obs-fold continuation line", kGet + "X-A: 1\r\n  2\r\n\r\n", 204, false},
      {"HTTP/1.0 keep-alive", "GET /v1.0/healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 204, false},
  };
}

TEST_F(HardeningTest, HostileRequestsGetTheirExactOutcome) {
  start();
  const auto cases = hostile_cases();
  std::set<std::string> kinds;
  for (const HostileCase& c : cases) kinds.insert(c.kind);
  EXPECT_EQ(kinds.size(), cases.size()) << "kinds must be distinct";
  size_t refusals = 0;
  for (const HostileCase& c : cases) {
    SCOPED_TRACE(c.kind);
    TestConnection conn(port_);
    ASSERT_TRUE(conn.connected());
    conn.send(c.request);  // may fail part-way when the server refuses early
    auto r = conn.read_response(5s);
    if (c.status == kClose) {
      EXPECT_FALSE(r) << "status " << r->status;
    } else {
      ASSERT_TRUE(r) << "no response";
      EXPECT_EQ(r->status, c.status) << r->body;
      if (c.closes) {
        EXPECT_FALSE(r->keep_alive);
        EXPECT_TRUE(conn.closed_within(3s));
      } else {
        EXPECT_TRUE(r->keep_alive);
        ASSERT_TRUE(conn.send(make_request("GET", "/v1.0/healthz")));  // still usable
        auto again = conn.read_response(5s);
        ASSERT_TRUE(again);
        EXPECT_EQ(again->status, 204u);
      }
    }
    if (c.status >= 400 || c.status == kClose) ++refusals;
    EXPECT_TRUE(healthy());
  }
  EXPECT_GE(refusals, 30u);
}

// A response to HEAD has headers only (RFC 9110 §9.3.2); a body would be read by the client
// as the start of the next response.
TEST_F(HardeningTest, HeadResponsesHaveNoBody) {
  start();
  TestConnection c(port_);
  ASSERT_TRUE(c.send("HEAD /v1.0/metadata HTTP/1.1\r\nHost: x\r\n\r\n" + make_request("GET", "/v1.0/healthz")));
  auto head = c.read_head_response(5s);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 404u);
  EXPECT_NE(head->header("content-length"), "0");
  auto next = c.read_response(5s);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 204u);
}

TEST_F(HardeningTest, RequestSentOneByteAtATime) {
  start();
  TestConnection c(port_);
  const std::string request =
      make_request("POST", "/v1.0/bindings/echo", kEchoBody) + make_request("GET", "/v1.0/healthz");
  for (char byte : request) ASSERT_TRUE(c.send(std::string_view(&byte, 1)));
  auto r = c.read_response(5s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(r->body, "\"hi\"");
  r = c.read_response(5s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204u);
}

// A request smuggled after a Connection: close request is never answered.
TEST_F(HardeningTest, NothingIsReadAfterConnectionClose) {
  start();
  TestConnection c(port_);
  ASSERT_TRUE(c.send(make_request("GET", "/v1.0/healthz", "", "Connection: close\r\n") +
                     make_request("PUT", "/v1.0/metadata/smuggled", "yes")));
  auto r = c.read_response(5s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204u);
  EXPECT_FALSE(r->keep_alive);
  EXPECT_FALSE(c.read_response(1s));
  auto m = fetch(port_, "GET", "/v1.0/metadata");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->body.find("smuggled"), std::string::npos) << m->body;
}

TEST_F(HardeningTest, SlowlorisIsCutOffByTheHeaderDeadline) {
  options_.header_timeout = 2s;
  options_.idle_timeout = 10s;
  start();
  TestConnection c(port_);
  const auto started = Clock::now();
  const std::string head = kGet + "X-Drip: " + std::string(100, 'a') + "\r\n\r\n";
  size_t sent = 0;
  bool cut = false;
  // One byte per second would take 2 minutes; the deadline must end it after 2 s.
  while (sent < head.size()) {
    if (!c.send(std::string_view(head.data() + sent, 1))) {
      cut = true;
      break;
    }
    ++sent;
    if (c.closed_within(1s)) {
      cut = true;
      break;
    }
  }
  const auto took = Clock::now() - started;
  EXPECT_TRUE(cut);
  EXPECT_LT(sent, head.size());
  EXPECT_GE(took, 1900ms);
  EXPECT_LT(took, 4s);
  std::printf("slowloris: cut off after %zu bytes, %.2f s\n", sent,
              std::chrono::duration<double>(took).count());
  EXPECT_TRUE(healthy());
}

TEST_F(HardeningTest, ThousandIdleConnectionsLeaveHealthzFast) {
  options_.max_connections = 1100;
  start();
  std::vector<std::unique_ptr<TestConnection>> idle;
  idle.reserve(1000);
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(std::make_unique<TestConnection>(port_));
    ASSERT_TRUE(idle.back()->connected()) << i;
    if (i % 2 == 0) {
      ASSERT_TRUE(idle.back()->send("GET /v1.0/hea"));  // half a request line
    }
  }
  std::this_thread::sleep_for(100ms);  // let the server accept them all
  double worst = 0;
  for (int i = 0; i < 10; ++i) {
    const auto started = Clock::now();
    auto r = fetch(port_, "GET", "/v1.0/healthz");
    const double took = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 204u);
    worst = std::max(worst, took);
  }
  std::printf("healthz with 1,000 idle connections: worst of 10 %.2f ms\n", worst);
  EXPECT_LT(worst, 1000.0);
}

TEST_F(HardeningTest, ConnectionCapClosesExtraConnectionsAtOnce) {
  options_.max_connections = 4;
  start();
  std::vector<std::unique_ptr<TestConnection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<TestConnection>(port_));
    ASSERT_TRUE(held.back()->send(make_request("GET", "/v1.0/healthz")));
    ASSERT_TRUE(held.back()->read_response());
  }
  for (int i = 0; i < 5; ++i) {
    TestConnection extra(port_);
    const auto started = Clock::now();
    extra.send(make_request("GET", "/v1.0/healthz"));
    EXPECT_FALSE(extra.read_response(2s));
    EXPECT_TRUE(extra.closed_within(1s));
    EXPECT_LT(Clock::now() - started, 500ms);
  }
  // The held connections are unaffected.
  for (auto& c : held) {
    ASSERT_TRUE(c->send(make_request("GET", "/v1.0/healthz")));
    auto r = c->read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 204u);
  }
}

// stop() with 20 slow calls in flight: the acceptor closes at once, every call is answered
// in full (none truncated), and wait() returns within the grace period plus a margin.
TEST_F(HardeningTest, GracefulStopUnderLoad) {
  options_.shutdown_grace = 3s;
  options_.worker_threads = 20;
  start();
  constexpr int kCalls = 20;
  const std::string body = R"({"operation":"execute","data":"x"})";
  std::vector<std::unique_ptr<TestConnection>> calls;
  for (int i = 0; i < kCalls; ++i) {
    calls.push_back(std::make_unique<TestConnection>(port_));
    ASSERT_TRUE(calls.back()->send(make_request("POST", "/v1.0/bindings/sleep", body)));
  }
  std::this_thread::sleep_for(100ms);  // all 20 are running
  const auto started = Clock::now();
  server_->stop();
  std::this_thread::sleep_for(20ms);
  TestConnection late(port_);
  EXPECT_FALSE(late.connected() && late.send(make_request("GET", "/v1.0/healthz")) && late.read_response(500ms))
      << "the acceptor must be closed";
  int complete = 0;
  for (auto& c : calls) {
    auto r = c->read_response(5s);
    if (!r) continue;
    EXPECT_EQ(r->status, 200u) << r->body;
    EXPECT_EQ(r->body, "\"x\"");
    EXPECT_FALSE(r->keep_alive);
    EXPECT_TRUE(c->closed_within(2s));
    ++complete;
  }
  EXPECT_EQ(complete, kCalls);
  server_->wait();
  const auto took = Clock::now() - started;
  std::printf("graceful stop with %d in-flight calls: %.0f ms\n", kCalls,
              std::chrono::duration<double, std::milli>(took).count());
  EXPECT_GE(took, 150ms);  // the calls really were in flight
  EXPECT_LT(took, options_.shutdown_grace + 2s);
}

}  // namespace
}  // namespace wasmbind::http
