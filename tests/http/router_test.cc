// Routing as Dapr's chi router does it: path cleaning, methods, parameter unescaping.
#include <gtest/gtest.h>

#include "router.h"
#include "wasmbind/http.h"

namespace wasmbind::http {
namespace {

using boost::beast::http::verb;

RouteMatch route(verb method, std::string_view target) {
  auto m = route_request(method, target);
  EXPECT_TRUE(m.has_value()) << target;
  return m.value_or(RouteMatch{});
}

TEST(CleanPath, AsGoPathClean) {
  EXPECT_EQ(clean_path("/v1.0/bindings/wasm/"), "/v1.0/bindings/wasm");
  EXPECT_EQ(clean_path("//v1.0//bindings///wasm"), "/v1.0/bindings/wasm");
  EXPECT_EQ(clean_path("/v1.0/./x/../healthz"), "/v1.0/healthz");
  EXPECT_EQ(clean_path("/../.."), "/");
  EXPECT_EQ(clean_path("/"), "/");
  EXPECT_EQ(clean_path(""), ".");
  EXPECT_EQ(clean_path("a/../.."), "..");
}

TEST(Router, BindingRoute) {
  for (std::string_view target : {"/v1.0/bindings/wasm", "/v1.0/bindings/wasm/", "//v1.0//bindings/wasm",
                                  "/v1.0/bindings/wasm?x=1", "http://localhost:3500/v1.0/bindings/wasm"}) {
    const RouteMatch post = route(verb::post, target);
    EXPECT_EQ(post.route, Route::Binding) << target;
    EXPECT_EQ(post.parameter, "wasm") << target;
    EXPECT_EQ(route(verb::put, target).route, Route::Binding) << target;
    EXPECT_EQ(route(verb::get, target).route, Route::NotFound) << target;
    EXPECT_EQ(route(verb::delete_, target).route, Route::NotFound) << target;
  }
  EXPECT_EQ(route(verb::post, "/v1.0/bindings/a+b").parameter, "a b");
  EXPECT_EQ(route(verb::post, "/v1.0/bindings/a%2Fb").parameter, "a/b");
  EXPECT_EQ(route(verb::post, "/v1.0/bindings/Wasm").parameter, "Wasm");
  EXPECT_EQ(route(verb::post, "/v1.0/bindings/").route, Route::NotFound);
  EXPECT_EQ(route(verb::post, "/v1.0/bindings/a/b").route, Route::NotFound);
  EXPECT_EQ(route(verb::post, "/V1.0/bindings/wasm").route, Route::NotFound);
}

TEST(Router, OtherRoutes) {
  EXPECT_EQ(route(verb::get, "/v1.0/healthz").route, Route::Healthz);
  EXPECT_EQ(route(verb::get, "/v1.0/healthz/").route, Route::Healthz);
  EXPECT_EQ(route(verb::post, "/v1.0/healthz").route, Route::NotFound);
  EXPECT_EQ(route(verb::get, "/v1.0/healthz/outbound").route, Route::HealthzOutbound);
  EXPECT_EQ(route(verb::get, "/v1.0/metadata").route, Route::Metadata);
  const RouteMatch put = route(verb::put, "/v1.0/metadata/appPID");
  EXPECT_EQ(put.route, Route::MetadataPut);
  EXPECT_EQ(put.parameter, "appPID");
  EXPECT_EQ(route(verb::post, "/v1.0/shutdown").route, Route::Shutdown);
  EXPECT_EQ(route(verb::get, "/v1.0/shutdown").route, Route::NotFound);
  EXPECT_EQ(route(verb::get, "/").route, Route::NotFound);
  EXPECT_EQ(route(verb::get, "/v1.0/state/x").route, Route::NotFound);
}

TEST(Router, InvalidTargets) {
  EXPECT_FALSE(route_request(verb::get, "*"));
  EXPECT_FALSE(route_request(verb::get, "v1.0/healthz"));
  EXPECT_FALSE(route_request(verb::get, "/v1.0/bindings/%zz"));
  EXPECT_FALSE(route_request(verb::get, "/v1.0/bindings/%4"));
}

TEST(Router, QueryValues) {
  EXPECT_EQ(route(verb::get, "/v1.0/healthz?appid=me").query, "appid=me");
  EXPECT_EQ(query_value("appid=me", "appid"), "me");
  EXPECT_EQ(query_value("x=1&appid=a+b%21&appid=2", "appid"), "a b!");
  EXPECT_EQ(query_value("appidx=1", "appid"), "");
  EXPECT_EQ(query_value("", "appid"), "");
}

TEST(Router, ApiTokenExemption) {
  EXPECT_TRUE(exempt_from_api_token(verb::get, "/v1.0/healthz"));
  EXPECT_TRUE(exempt_from_api_token(verb::get, "/v1.0/healthz/"));
  EXPECT_TRUE(exempt_from_api_token(verb::get, "/v1.0/healthz/outbound"));
  EXPECT_FALSE(exempt_from_api_token(verb::post, "/v1.0/healthz"));
  EXPECT_FALSE(exempt_from_api_token(verb::get, "/v1.0/metadata"));
}

}  // namespace
}  // namespace wasmbind::http

namespace wasmbind::http {
namespace {

TEST(ServeOptions, ByteSizes) {
  const std::pair<const char*, uint64_t> good[] = {
      {"4194304", 4194304}, {"4Mi", 4u << 20}, {"4MiB", 4u << 20}, {"4MB", 4000000}, {"4mb", 4000000},
      {"4M", 4000000},      {"512Ki", 524288}, {"2k", 2000},       {"1Gi", 1u << 30}, {"1.5Mi", 1572864},
      {"100B", 100},        {"0", 0},
  };
  for (auto [text, bytes] : good) {
    auto r = parse_byte_size(text);
    ASSERT_TRUE(r.ok()) << text;
    EXPECT_EQ(*r, bytes) << text;
  }
  for (const char* text : {"", "Mi", "4 Mi", "-1", "4mi", "4Xi", "1.2.3", "4.", "99999999999999999999Ti"})
    EXPECT_FALSE(parse_byte_size(text).ok()) << text;
}

TEST(ServeOptions, LogLevels) {
  EXPECT_EQ(parse_log_level("debug"), binding::LogLevel::Debug);
  EXPECT_EQ(parse_log_level("INFO"), binding::LogLevel::Info);
  EXPECT_EQ(parse_log_level("warning"), binding::LogLevel::Warn);
  EXPECT_EQ(parse_log_level("error"), binding::LogLevel::Error);
  EXPECT_FALSE(parse_log_level("loud"));
}

}  // namespace
}  // namespace wasmbind::http
