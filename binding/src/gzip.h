// gzip decoding (zlib) for module downloads served with `Content-Encoding: gzip`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "wasmbind/error.h"

namespace wasmbind::binding {

// Decodes one or more concatenated gzip members (as Go's gzip.Reader does). Fails on corrupt
// or truncated input, and when the output would exceed `max_output` bytes.
Result<std::string> gunzip(std::string_view compressed, size_t max_output);

}  // namespace wasmbind::binding
