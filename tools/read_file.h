// Reads a whole file into memory, reporting failures as wasmbind errors so that commands
// print them like any other.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wasmbind/error.h"

namespace wasmbind::tools {

Result<std::vector<uint8_t>> read_file(const std::string& path);

}  // namespace wasmbind::tools
