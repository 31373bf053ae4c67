// The guest's argv, as Dapr builds it: [guest name] + metadata.args split on every ','.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wasmbind::binding {

// Go's path.Base: the last element after trailing slashes are removed; "" -> ".", "///" -> "/".
std::string_view go_path_base(std::string_view path);

// argv[0] for a module loaded from `url`: path.Base of the file path (file://, taken raw) or
// of the URL's percent-decoded path (http/https; query and fragment ignored), minus one
// trailing ".wasm". "file://a/b/ruby.wasm" -> "ruby"; "http://h/x/tool.wasm?v=1" -> "tool";
// "http://h" -> ".".
std::string guest_name_from_url(std::string_view url);

// Appends strings.Split(args, ",") to argv; "" appends nothing, empty pieces are kept and
// nothing is trimmed: "a,,b" -> a, "", b; "," -> "", "".
void append_split_args(std::string_view args, std::vector<std::string>& argv);

}  // namespace wasmbind::binding
