// Reader: a bounds-checked cursor over a byte range of the module binary. Every read checks
// the remaining length first, so decoding can never run past the end of its input. Offsets
// are absolute (from the start of the module) so errors can say where they happened.
//
// Section and function-body readers are bounded by the end of the module, not of the
// section: the decoder checks afterwards that the section was consumed exactly ("section
// size mismatch"). That is how the reference interpreter reads, and the spec tests expect
// the messages it gives when a count or size is wrong.
//
// LEB128 follows the binary format's exact rules: at most ceil(N/7) bytes for an N-bit
// integer ("integer representation too long"), and the unused bits of the last byte must be
// zero (unsigned) or copies of the sign bit (signed) ("integer too large").
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "wasm_error.h"

namespace wasmbind::detail {

class Reader {
 public:
  Reader(const uint8_t* data, size_t begin, size_t end) : data_(data), pos_(begin), end_(end) {}

  size_t offset() const { return pos_; }
  size_t end() const { return end_; }
  size_t remaining() const { return end_ - pos_; }
  bool at_end() const { return pos_ >= end_; }
  const uint8_t* data() const { return data_; }

  // The message the spec uses for running out of bytes depends on context: at the top level
  // it is "unexpected end", inside a section or a function body "unexpected end of section
  // or function". Nested readers (per section, per function) set the latter.
  void set_eof_message(const char* message) { eof_message_ = message; }

  uint8_t u8() {
    need(1);
    return data_[pos_++];
  }
  uint8_t peek_u8() {
    need(1);
    return data_[pos_];
  }

  uint32_t u32_fixed() {
    need(4);
    uint32_t v;
    std::memcpy(&v, data_ + pos_, 4);
    pos_ += 4;
    return v;  // the format is little-endian, as is every host we build for
  }
  uint64_t u64_fixed() {
    need(8);
    uint64_t v;
    std::memcpy(&v, data_ + pos_, 8);
    pos_ += 8;
    return v;
  }
  void bytes(void* out, size_t n) {
    need(n);
    std::memcpy(out, data_ + pos_, n);
    pos_ += n;
  }
  void skip(size_t n) {
    need(n);
    pos_ += n;
  }

  uint32_t u32() {
    // Most indices and counts fit in one byte.
    if (pos_ < end_ && data_[pos_] < 0x80) [[likely]]
      return data_[pos_++];
    return static_cast<uint32_t>(leb_unsigned(32));
  }
  // A one-bit flag encoded as LEB128 (the limits flag): 0x81 0x00 is "too long", 2 is
  // "too large".
  bool flag_bit() { return leb_unsigned(1) != 0; }
  uint64_t u64() { return leb_unsigned(64); }
  int32_t s32() { return static_cast<int32_t>(leb_signed(32)); }
  int64_t s64() { return leb_signed(64); }
  int64_t s33() { return leb_signed(33); }

  // A vector length: also checked against the bytes left, assuming each element takes at
  // least `min_element_size` bytes, so a hostile count can never drive a huge allocation.
  uint32_t count(size_t min_element_size = 1) {
    size_t at = pos_;
    uint32_t n = u32();
    if (min_element_size != 0 && n > remaining() / min_element_size) malformed(eof_message_, at);
    return n;
  }

  // A name: length-prefixed UTF-8.
  std::string name();

  [[noreturn]] void fail_eof() const { malformed(eof_message_, pos_); }

 private:
  void need(size_t n) const {
    if (n > end_ - pos_) fail_eof();
  }

  uint64_t leb_unsigned(unsigned bits) {
    uint64_t result = 0;
    unsigned shift = 0;
    const unsigned max_bytes = (bits + 6) / 7;
    for (unsigned i = 0;; ++i) {
      uint8_t b = u8();
      if (i == max_bytes - 1) {
        // Last permitted byte: no continuation, and no bits beyond `bits`.
        if (b & 0x80) malformed("integer representation too long", pos_ - 1);
        unsigned used = bits - shift;  // bits this byte may still carry
        if (used < 7 && (b >> used) != 0) malformed("integer too large", pos_ - 1);
        return result | (static_cast<uint64_t>(b) << shift);
      }
      result |= static_cast<uint64_t>(b & 0x7F) << shift;
      shift += 7;
      if (!(b & 0x80)) return result;
    }
  }

  int64_t leb_signed(unsigned bits) {
    uint64_t result = 0;
    unsigned shift = 0;
    const unsigned max_bytes = (bits + 6) / 7;
    for (unsigned i = 0;; ++i) {
      uint8_t b = u8();
      if (i == max_bytes - 1) {
        if (b & 0x80) malformed("integer representation too long", pos_ - 1);
        unsigned used = bits - shift;  // value bits in this byte, the top one being the sign
        if (used < 7) {
          // Bits from `used-1` (the sign) to 6 must all be equal.
          uint8_t upper = static_cast<uint8_t>(b >> (used - 1)) & 0x7F;
          uint8_t all = static_cast<uint8_t>(0x7F >> (used - 1));
          if (upper != 0 && upper != all) malformed("integer too large", pos_ - 1);
        }
        result |= static_cast<uint64_t>(b & 0x7F) << shift;
        shift += 7;
        break;
      }
      result |= static_cast<uint64_t>(b & 0x7F) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    if (shift < 64 && (result >> (shift - 1)) & 1) result |= ~uint64_t{0} << shift;
    return static_cast<int64_t>(result);
  }

  const uint8_t* data_;
  size_t pos_;
  size_t end_;
  const char* eof_message_ = "unexpected end";
};

bool is_valid_utf8(std::string_view s);

}  // namespace wasmbind::detail
