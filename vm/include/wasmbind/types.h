// Value and entity types of the WebAssembly 2.0 type system, shared by the decoder, the
// validator, the embedding API and everything built on them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasmbind {

// Encoded as in the binary format, so a decoded byte maps to the enum directly.
enum class ValType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

std::string_view to_string(ValType type);
inline bool is_ref(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }
inline bool is_num(ValType t) {
  return t == ValType::I32 || t == ValType::I64 || t == ValType::F32 || t == ValType::F64;
}

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};
std::string to_string(const FuncType& type);

// Minimum and optional maximum, in pages for memories and elements for tables.
struct SizeLimits {
  uint32_t min = 0;
  std::optional<uint32_t> max;
  bool operator==(const SizeLimits&) const = default;
};

struct TableType {
  ValType element = ValType::FuncRef;
  SizeLimits limits;
  bool operator==(const TableType&) const = default;
};

struct MemoryType {
  SizeLimits limits;
  bool operator==(const MemoryType&) const = default;
};

struct GlobalType {
  ValType type = ValType::I32;
  bool is_mutable = false;
  bool operator==(const GlobalType&) const = default;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };
std::string_view to_string(ExternKind kind);

struct ImportDesc {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type_index = 0;  // kind == Func
  TableType table;               // kind == Table
  MemoryType memory;             // kind == Memory
  GlobalType global;             // kind == Global
};

struct ExportDesc {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;  // into the kind's index space (imports first)
};

constexpr uint32_t kPageSize = 65536;
constexpr uint32_t kMaxPages = 65536;  // 4 GiB of 32-bit addressable memory

}  // namespace wasmbind
