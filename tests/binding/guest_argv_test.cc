// argv as Dapr builds it (spec §3.3): the guest name from the URL and metadata.args split
// on every comma.
#include <gtest/gtest.h>

#include "guest_argv.h"

namespace wasmbind::binding {
namespace {

std::vector<std::string> argv_for(std::string_view args) {
  std::vector<std::string> argv{"main"};
  append_split_args(args, argv);
  return argv;
}

using V = std::vector<std::string>;

TEST(GuestArgv, SplitsLikeStringsSplit) {
  EXPECT_EQ(argv_for(""), (V{"main"}));
  EXPECT_EQ(argv_for("1,2"), (V{"main", "1", "2"}));
  EXPECT_EQ(argv_for("salaboy"), (V{"main", "salaboy"}));
  EXPECT_EQ(argv_for("a,,b"), (V{"main", "a", "", "b"}));
  EXPECT_EQ(argv_for(","), (V{"main", "", ""}));
  EXPECT_EQ(argv_for("a,"), (V{"main", "a", ""}));
  EXPECT_EQ(argv_for(",a"), (V{"main", "", "a"}));
  EXPECT_EQ(argv_for(" x , y"), (V{"main", " x ", " y"}));
  EXPECT_EQ(argv_for("-ne,print \"Hello \"; print"), (V{"main", "-ne", "print \"Hello \"; print"}));
}

TEST(GuestArgv, PathBaseIsGos) {
  EXPECT_EQ(go_path_base(""), ".");
  EXPECT_EQ(go_path_base("/"), "/");
  EXPECT_EQ(go_path_base("///"), "/");
  EXPECT_EQ(go_path_base("a/b/"), "b");
  EXPECT_EQ(go_path_base("x.wasm"), "x.wasm");
  EXPECT_EQ(go_path_base("/opt/x.wasm"), "x.wasm");
}

TEST(GuestArgv, GuestNameFromUrl) {
  EXPECT_EQ(guest_name_from_url("file://testdata/args/main.wasm"), "main");
  EXPECT_EQ(guest_name_from_url("file://a/b/ruby.wasm"), "ruby");
  EXPECT_EQ(guest_name_from_url("file:///opt/x.wasm"), "x");
  EXPECT_EQ(guest_name_from_url("file://tool"), "tool");
  EXPECT_EQ(guest_name_from_url("file://x.wasm.wasm"), "x.wasm");
  EXPECT_EQ(guest_name_from_url("file://dir/.wasm"), "");
  // file:// paths are raw: a query-like tail is part of the name, %20 is not decoded.
  EXPECT_EQ(guest_name_from_url("file://my%20tool.wasm"), "my%20tool");
  EXPECT_EQ(guest_name_from_url("http://127.0.0.1:8080/x/tool.wasm?v=1"), "tool");
  EXPECT_EQ(guest_name_from_url("https://h/x/tool.wasm#frag"), "tool");
  EXPECT_EQ(guest_name_from_url("https://github.com/vmware-labs/webassembly-language-runtimes/"
                                "releases/download/ruby%2F3.2.0%2B20230215-1349da9/ruby-3.2.0-slim.wasm"),
            "ruby-3.2.0-slim");
  EXPECT_EQ(guest_name_from_url("http://h/a%2Fb.wasm"), "b");  // decoded path, then base
  EXPECT_EQ(guest_name_from_url("http://h/my%20tool.wasm"), "my tool");
  EXPECT_EQ(guest_name_from_url("http://h"), ".");
  EXPECT_EQ(guest_name_from_url("http://h/"), "/");
}

}  // namespace
}  // namespace wasmbind::binding
