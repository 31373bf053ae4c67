// Go duration syntax (spec.initTimeout and the timeout extension).
#include <gtest/gtest.h>

#include "go_duration.h"

namespace wasmbind::binding {
namespace {

using std::chrono::nanoseconds;

int64_t ns(std::string_view text) {
  auto r = parse_go_duration(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->count() : -1;
}

std::string error_of(std::string_view text) {
  auto r = parse_go_duration(text);
  return r.ok() ? "parsed as " + std::to_string(r->count()) : r.error().message;
}

TEST(GoDuration, AcceptsGoSyntax) {
  EXPECT_EQ(ns("5s"), 5'000'000'000);
  EXPECT_EQ(ns("1m30s"), 90'000'000'000);
  EXPECT_EQ(ns("500ms"), 500'000'000);
  EXPECT_EQ(ns("1.5h"), 5'400'000'000'000);
  EXPECT_EQ(ns("2h45m"), 9'900'000'000'000);
  EXPECT_EQ(ns("300us"), 300'000);
  EXPECT_EQ(ns("300\xC2\xB5s"), 300'000);  // µs
  EXPECT_EQ(ns("300\xCE\xBCs"), 300'000);  // μs
  EXPECT_EQ(ns("7ns"), 7);
  EXPECT_EQ(ns(".5s"), 500'000'000);
  EXPECT_EQ(ns("1.s"), 1'000'000'000);
  EXPECT_EQ(ns("0"), 0);
  EXPECT_EQ(ns("+0"), 0);
  EXPECT_EQ(ns("-2ms"), -2'000'000);
  EXPECT_EQ(ns("1h1m1s1ms1us1ns"), 3'661'001'001'001);
  EXPECT_EQ(ns("2562047h47m16.854775807s"), INT64_MAX);
}

TEST(GoDuration, RefusesWithGoMessages) {
  EXPECT_EQ(error_of(""), "time: invalid duration \"\"");
  EXPECT_EQ(error_of("5"), "time: missing unit in duration \"5\"");
  EXPECT_EQ(error_of("1d"), "time: unknown unit \"d\" in duration \"1d\"");
  EXPECT_EQ(error_of("5 s"), "time: unknown unit \" s\" in duration \"5 s\"");
  EXPECT_EQ(error_of("s"), "time: invalid duration \"s\"");
  EXPECT_EQ(error_of("."), "time: invalid duration \".\"");
  EXPECT_EQ(error_of("-"), "time: invalid duration \"-\"");
  EXPECT_EQ(error_of("1.5.5s"), "time: missing unit in duration \"1.5.5s\"");
  EXPECT_EQ(error_of("9223372036854775808ns"), "time: invalid duration \"9223372036854775808ns\"");
  EXPECT_EQ(error_of("3000000h"), "time: invalid duration \"3000000h\"");
}

TEST(GoDuration, FormatsForMessages) {
  EXPECT_EQ(format_duration(std::chrono::seconds(5)), "5s");
  EXPECT_EQ(format_duration(std::chrono::milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(std::chrono::seconds(90)), "1m30s");
  EXPECT_EQ(format_duration(std::chrono::milliseconds(1500)), "1.5s");
  EXPECT_EQ(format_duration(nanoseconds(0)), "0s");
}

}  // namespace
}  // namespace wasmbind::binding
