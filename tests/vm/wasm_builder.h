// WasmBuilder: assembles module binaries byte by byte for decoder and validator tests, so a
// test can state exactly which malformed or invalid encoding it feeds in.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "wasmbind/module.h"

namespace wasmbind::test {

using Bytes = std::vector<uint8_t>;

inline void append(Bytes& out, const Bytes& in) { out.insert(out.end(), in.begin(), in.end()); }

inline Bytes uleb(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
  return out;
}

inline Bytes sleb(int64_t v) {
  Bytes out;
  for (;;) {
    uint8_t b = v & 0x7F;
    v >>= 7;
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    out.push_back(done ? b : (b | 0x80));
    if (done) return out;
  }
}

inline Bytes name(std::string_view s) {
  Bytes out = uleb(s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) append(out, p);
  return out;
}

inline Bytes header() { return {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}; }

inline Bytes section(uint8_t id, const Bytes& contents) {
  Bytes out{id};
  append(out, uleb(contents.size()));
  append(out, contents);
  return out;
}

// A vector: count then the items.
inline Bytes vec(std::initializer_list<Bytes> items) {
  Bytes out = uleb(items.size());
  for (const Bytes& i : items) append(out, i);
  return out;
}

inline Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out = header();
  for (const Bytes& s : sections) append(out, s);
  return out;
}

// Type section entry: func type with the given param and result type bytes.
inline Bytes func_type(Bytes params, Bytes results) {
  Bytes out{0x60};
  append(out, uleb(params.size()));
  append(out, params);
  append(out, uleb(results.size()));
  append(out, results);
  return out;
}

// A function body with no locals.
inline Bytes body(const Bytes& code) {
  Bytes contents{0x00};  // no local groups
  append(contents, code);
  Bytes out = uleb(contents.size());
  append(out, contents);
  return out;
}

// One function of type 0 (which the caller defines) with the given code (ending in 0x0B).
inline Bytes one_function_module(const Bytes& type, const Bytes& code,
                                 std::initializer_list<Bytes> extra_before_code = {}) {
  Bytes out = header();
  append(out, section(1, vec({type})));
  append(out, section(3, vec({uleb(0)})));
  for (const Bytes& s : extra_before_code) append(out, s);
  append(out, section(10, vec({body(code)})));
  return out;
}

inline Result<void> check(const Bytes& wasm, const Features& f = {}) { return validate(wasm, f); }

}  // namespace wasmbind::test
