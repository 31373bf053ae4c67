#include "reader.h"

namespace wasmbind::detail {

// UTF-8 as the binary format accepts it: shortest encodings only, no surrogates, nothing
// above U+10FFFF.
bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

std::string Reader::name() {
  uint32_t len = u32();
  size_t at = pos_;
  if (len > remaining()) malformed("length out of bounds", at);
  std::string s(reinterpret_cast<const char*>(data_ + pos_), len);
  pos_ += len;
  if (!is_valid_utf8(s)) malformed("malformed UTF-8 encoding", at);
  return s;
}

}  // namespace wasmbind::detail
