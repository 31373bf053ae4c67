// Loading module bytes from a component url (spec §4): URL errors, file:// paths, http://
// from a server in the test (status codes, gzip, redirects, refused connections, deadlines).
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "gzip.h"
#include "module_source.h"
#include "sha256.h"
#include "test_http_server.h"
#include "test_support.h"

namespace wasmbind::binding {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;
using testing::TestHttpServer;

ModuleSourceOptions options(std::string working_directory = "",
                            std::chrono::milliseconds timeout = 5000ms) {
  ModuleSourceOptions o;
  o.working_directory = std::move(working_directory);
  o.deadline = std::chrono::steady_clock::now() + timeout;
  return o;
}

std::string error_of(std::string_view url, const ModuleSourceOptions& o = options()) {
  auto r = load_module_bytes(url, o);
  return r.ok() ? "loaded " + std::to_string(r->size()) + " bytes" : r.error().message;
}

TEST(ModuleSource, UrlErrorsAreDaprs) {
  EXPECT_EQ(error_of(""), "missing url");
  EXPECT_EQ(error_of("x"), "invalid URL: x");
  EXPECT_EQ(error_of("ldap://x/y.wasm"), "unsupported URL scheme: ldap");
  EXPECT_EQ(error_of("FILE://x.wasm"), "unsupported URL scheme: FILE");
  EXPECT_EQ(error_of("oci://registry/image:tag"), "TODO oci");
  // Go panics on these; we report them.
  EXPECT_EQ(error_of("file:x"), "invalid file URL: file:x (expected file://PATH)");
  EXPECT_EQ(error_of("file://"), "invalid file URL: file:// (empty path)");
  EXPECT_EQ(error_of("http:// "), "parse \"http:// \": leftover");
}

TEST(ModuleSource, FilePathsAreRawAndRelativeToTheWorkingDirectory) {
  TempDir dir;
  dir.write("rel/main.wasm", "relative bytes");
  dir.write("my%20tool.wasm", "percent bytes");
  auto relative = load_module_bytes("file://rel/main.wasm", options(dir.str()));
  ASSERT_TRUE(relative.ok()) << relative.error().message;
  EXPECT_EQ(*relative, "relative bytes");
  // Not URL-decoded.
  auto raw = load_module_bytes("file://my%20tool.wasm", options(dir.str()));
  ASSERT_TRUE(raw.ok()) << raw.error().message;
  EXPECT_EQ(*raw, "percent bytes");
  // A leading '/' is absolute whatever the working directory.
  auto absolute = load_module_bytes("file://" + dir.str() + "/rel/main.wasm", options("/nonexistent"));
  ASSERT_TRUE(absolute.ok()) << absolute.error().message;
  EXPECT_EQ(*absolute, "relative bytes");
  // Errors are the OS's, in Go's shape.
  EXPECT_EQ(error_of("file://testduta", options(dir.str())), "open testduta: no such file or directory");
  EXPECT_EQ(error_of("file://rel", options(dir.str())), "read rel: is a directory");
}

TEST(ModuleSource, FileRelativeToTheProcessWorkingDirectoryByDefault) {
  TempDir dir;
  dir.write("cwd.wasm", "cwd bytes");
  char previous[4096];
  ASSERT_NE(getcwd(previous, sizeof previous), nullptr);
  ASSERT_EQ(chdir(dir.str().c_str()), 0);
  auto r = load_module_bytes("file://cwd.wasm", options(""));
  ASSERT_EQ(chdir(previous), 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "cwd bytes");
}

TEST(ModuleSource, HttpOkSendsAcceptEncodingGzip) {
  TestHttpServer server;
  server.route("/x/tool.wasm?v=1", {200, "module bytes", {{"Content-Type", "text/plain"}}, {}});
  auto r = load_module_bytes(server.url("/x/tool.wasm?v=1"), options());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "module bytes");
  EXPECT_EQ(server.hits("/x/tool.wasm?v=1"), 1);
  auto headers = server.last_headers("/x/tool.wasm?v=1");
  EXPECT_EQ(headers["accept-encoding"], "gzip");
  EXPECT_EQ(headers["host"], "127.0.0.1:" + std::to_string(server.port()));
}

TEST(ModuleSource, HttpGzipBodyIsDecoded) {
  TestHttpServer server;
  std::string payload(100'000, '\0');
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>((i * 7) % 251);
  server.route("/gz.wasm", {200, testing::gzip_compress(payload), {{"Content-Encoding", "gzip"}}, {}});
  auto r = load_module_bytes(server.url("/gz.wasm"), options());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, payload);

  server.route("/broken.wasm", {200, "not gzip at all", {{"Content-Encoding", "gzip"}}, {}});
  std::string broken = error_of(server.url("/broken.wasm"));
  EXPECT_EQ(broken.rfind("Get \"" + server.url("/broken.wasm") + "\": gzip: ", 0), 0u) << broken;
}

TEST(ModuleSource, HttpRedirectChainIsFollowed) {
  TestHttpServer server;
  server.route("/start", {302, "", {{"Location", server.url("/second")}}, {}});
  server.route("/second", {301, "", {{"Location", "../dir/third"}}, {}});  // relative
  server.route("/dir/third", {307, "", {{"Location", "/final.wasm?x=1"}}, {}});
  server.route("/final.wasm?x=1", {200, "at last", {}, {}});
  auto r = load_module_bytes(server.url("/start"), options());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "at last");
  EXPECT_EQ(server.hits("/start"), 1);
  EXPECT_EQ(server.hits("/second"), 1);
  EXPECT_EQ(server.hits("/dir/third"), 1);
  EXPECT_EQ(server.hits("/final.wasm?x=1"), 1);
}

TEST(ModuleSource, HttpRedirectLoopStopsAfterTen) {
  TestHttpServer server;
  server.route("/loop", {302, "", {{"Location", "/loop"}}, {}});
  EXPECT_EQ(error_of(server.url("/loop")), "Get \"" + server.url("/loop") + "\": stopped after 10 redirects");
  EXPECT_EQ(server.hits("/loop"), 11);
}

TEST(ModuleSource, HttpNon200IsAnError) {
  TestHttpServer server;
  EXPECT_EQ(error_of(server.url("/missing.wasm")),
            "received 404 status code from \"" + server.url("/missing.wasm") + "\"");
  server.route("/created", {201, "x", {}, {}});
  EXPECT_EQ(error_of(server.url("/created")),
            "received 201 status code from \"" + server.url("/created") + "\"");
  server.route("/noloc", {302, "", {}, {}});
  EXPECT_EQ(error_of(server.url("/noloc")), "received 302 status code from \"" + server.url("/noloc") + "\"");
}

TEST(ModuleSource, HttpConnectionRefused) {
  // A port that was just free: bind, read it, close.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/x.wasm";
  EXPECT_EQ(error_of(url), "Get \"" + url + "\": dial tcp 127.0.0.1:" +
                               std::to_string(ntohs(addr.sin_port)) + ": connect: connection refused");
}

TEST(ModuleSource, SlowServerHitsTheDeadline) {
  TestHttpServer server;
  server.route("/slow.wasm", {200, "too late", {}, 3000ms});
  auto started = std::chrono::steady_clock::now();
  std::string e = error_of(server.url("/slow.wasm"), options("", 300ms));
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(e, "Get \"" + server.url("/slow.wasm") + "\": context deadline exceeded");
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 2000ms);
}

TEST(ModuleSource, BodyLimit) {
  TestHttpServer server;
  server.route("/big.wasm", {200, std::string(4096, 'x'), {}, {}});
  ModuleSourceOptions o = options();
  o.max_bytes = 1000;
  EXPECT_EQ(error_of(server.url("/big.wasm"), o),
            "Get \"" + server.url("/big.wasm") + "\": response body exceeds 1000 bytes");
  TempDir dir;
  dir.write("big.wasm", std::string(4096, 'x'));
  ModuleSourceOptions f = options(dir.str());
  f.max_bytes = 1000;
  EXPECT_EQ(error_of("file://big.wasm", f), "read big.wasm: file exceeds 1000 bytes");
}

TEST(Gzip, RoundTripsConcatenatedMembersAndRefusesBadInput) {
  std::string a = testing::gzip_compress("hello, ");
  std::string b = testing::gzip_compress("world");
  auto both = gunzip(a + b, 1 << 20);
  ASSERT_TRUE(both.ok()) << both.error().message;
  EXPECT_EQ(*both, "hello, world");
  EXPECT_FALSE(gunzip(a.substr(0, a.size() - 4), 1 << 20).ok());  // truncated trailer
  EXPECT_FALSE(gunzip("", 1 << 20).ok());
  auto capped = gunzip(testing::gzip_compress(std::string(10000, 'z')), 100);
  ASSERT_FALSE(capped.ok());
  EXPECT_EQ(capped.error().message, "gzip: decoded body exceeds 100 bytes");
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace wasmbind::binding
