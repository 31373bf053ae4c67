// Value: one WebAssembly value as the embedding API passes it, with its type and exact bits
// (NaN payloads are preserved; v128 is 16 little-endian bytes).
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "wasmbind/types.h"

namespace wasmbind {

using V128 = std::array<uint8_t, 16>;

class FunctionInstance;  // what a funcref points to (opaque to embedders)

struct Value {
  ValType type = ValType::I32;
  V128 bits{};  // low bytes hold scalars; references hold a pointer

  static Value i32(int32_t v) { return scalar(ValType::I32, static_cast<uint32_t>(v)); }
  static Value i64(int64_t v) { return scalar(ValType::I64, static_cast<uint64_t>(v)); }
  static Value f32(float v) { return scalar(ValType::F32, std::bit_cast<uint32_t>(v)); }
  static Value f64(double v) { return scalar(ValType::F64, std::bit_cast<uint64_t>(v)); }
  static Value f32_bits(uint32_t v) { return scalar(ValType::F32, v); }
  static Value f64_bits(uint64_t v) { return scalar(ValType::F64, v); }
  static Value v128(const V128& v) {
    Value r;
    r.type = ValType::V128;
    r.bits = v;
    return r;
  }
  static Value funcref(const FunctionInstance* f) {
    return scalar(ValType::FuncRef, reinterpret_cast<uintptr_t>(f));
  }
  // An externref is an opaque host pointer; nullptr is ref.null extern.
  static Value externref(const void* p) {
    return scalar(ValType::ExternRef, reinterpret_cast<uintptr_t>(p));
  }
  static Value null(ValType ref_type) { return scalar(ref_type, 0); }

  int32_t as_i32() const { return static_cast<int32_t>(low64()); }
  int64_t as_i64() const { return static_cast<int64_t>(low64()); }
  float as_f32() const { return std::bit_cast<float>(static_cast<uint32_t>(low64())); }
  double as_f64() const { return std::bit_cast<double>(low64()); }
  uint32_t f32_bits() const { return static_cast<uint32_t>(low64()); }
  uint64_t f64_bits() const { return low64(); }
  const FunctionInstance* as_funcref() const {
    return reinterpret_cast<const FunctionInstance*>(static_cast<uintptr_t>(low64()));
  }
  const void* as_externref() const {
    return reinterpret_cast<const void*>(static_cast<uintptr_t>(low64()));
  }
  bool is_null() const { return low64() == 0; }

  uint64_t low64() const {
    uint64_t v;
    std::memcpy(&v, bits.data(), 8);
    return v;
  }
  uint64_t high64() const {
    uint64_t v;
    std::memcpy(&v, bits.data() + 8, 8);
    return v;
  }

 private:
  static Value scalar(ValType t, uint64_t v) {
    Value r;
    r.type = t;
    std::memcpy(r.bits.data(), &v, 8);
    return r;
  }
};

}  // namespace wasmbind
