// SHA-256 (OpenSSL EVP) for the `sha256` pinning extension.
#pragma once

#include <string>
#include <string_view>

namespace wasmbind::binding {

// Lower-case hex digest of `bytes`; empty if OpenSSL fails.
std::string sha256_hex(std::string_view bytes);

}  // namespace wasmbind::binding
