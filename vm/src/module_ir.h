// ModuleIr: the decoded form of a module, plain data. Function bodies are not turned into
// trees: each keeps the byte range of its code, which the function validator (and later the
// translator) walks exactly once. Names from the "name" section are kept for diagnostics.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "wasmbind/module.h"
#include "wasmbind/types.h"

namespace wasmbind::detail {

// One instruction of a constant expression. 2.0 allows exactly one (plus `end`); the
// extended-const proposal allows i32/i64 add, sub and mul too, so keep a sequence.
struct ConstInstr {
  enum class Op : uint8_t { I32Const, I64Const, F32Const, F64Const, V128Const, RefNull, RefFunc,
                            GlobalGet, I32Add, I32Sub, I32Mul, I64Add, I64Sub, I64Mul,
                            // Any other instruction: decoded (so malformed encodings are caught
                            // first) but rejected by validation as "constant expression required".
                            NonConstant };
  Op op = Op::I32Const;
  size_t offset = 0;
  ValType ref_type = ValType::FuncRef;  // RefNull
  uint32_t index = 0;                   // RefFunc, GlobalGet
  std::array<uint8_t, 16> bits{};       // the constant, little-endian
};

struct ConstExpr {
  std::vector<ConstInstr> instrs;
  size_t offset = 0;  // where it starts, for error messages
};

struct FunctionDecl {
  uint32_t type_index = 0;
};

struct LocalGroup {
  uint32_t count = 0;
  ValType type = ValType::I32;
};

struct FunctionBody {
  std::vector<LocalGroup> locals;  // as declared, compressed
  uint64_t local_count = 0;        // sum of the groups (params not included)
  size_t code_begin = 0;           // first instruction byte
  size_t code_end = 0;             // one past the final `end`
  size_t body_begin = 0;           // start of the body's size field, for messages
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElementSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t table_index = 0;
  ConstExpr offset;           // Active only
  ValType type = ValType::FuncRef;
  std::vector<ConstExpr> items;  // each yields one reference
  size_t decl_offset = 0;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t memory_index = 0;
  ConstExpr offset;  // Active only
  size_t data_begin = 0;  // byte range of the contents in the module binary
  size_t data_size = 0;
  size_t decl_offset = 0;
};

struct CustomSection {
  std::string name;
  size_t data_begin = 0;
  size_t data_size = 0;
};

struct ModuleIr {
  Features features;
  std::vector<uint8_t> bytes;  // the whole binary; ranges below point into it

  std::vector<FuncType> types;
  std::vector<ImportDesc> imports;
  std::vector<FunctionDecl> functions;  // defined functions only (the function section)
  std::vector<TableType> tables;        // defined only
  std::vector<MemoryType> memories;     // defined only
  std::vector<Global> globals;          // defined only
  std::vector<ExportDesc> exports;
  std::optional<uint32_t> start;
  std::vector<ElementSegment> elements;
  std::optional<uint32_t> data_count;
  std::vector<FunctionBody> bodies;  // parallel to `functions`
  std::vector<DataSegment> data;
  std::vector<CustomSection> customs;

  // Index spaces, imports first; filled by the decoder after the import section.
  uint32_t imported_functions = 0, imported_tables = 0, imported_memories = 0,
           imported_globals = 0;
  std::vector<uint32_t> func_type_indices;  // every function: its type index
  std::vector<TableType> all_tables;
  std::vector<MemoryType> all_memories;
  std::vector<GlobalType> all_globals;

  // From the "name" section; malformed name sections are ignored, as the spec allows.
  std::string module_name;
  std::unordered_map<uint32_t, std::string> function_names;
  std::unordered_map<uint32_t, std::unordered_map<uint32_t, std::string>> local_names;

  const FuncType& function_type(uint32_t func_index) const {
    return types[func_type_indices[func_index]];
  }
};

}  // namespace wasmbind::detail
