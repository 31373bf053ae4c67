// Message checks that cannot pass from the binary alone, each with the reason. The command's
// error kind is still checked; only the expected message text is waived.
#pragma once

#include <cstdint>
#include <string_view>

namespace wasmbind::spec {

// The reason if the message check of `wast_file` (a display name ending in the .wast file
// name) at `line` is waived, else empty.
std::string_view message_waiver(std::string_view wast_file, uint64_t line);

}  // namespace wasmbind::spec
