// ModuleBuilder: assembles whole modules (types, imports, functions, memories, tables,
// globals, exports, segments) programmatically, for tests whose modules are too big or too
// regular to write as WAT: a million functions, a br_table of 131,072 labels, one function
// per (instruction, offset) pair at the 2^32 boundary.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasmbind::test {

using Bytes = std::vector<uint8_t>;

inline void put(Bytes& out, std::initializer_list<uint8_t> bytes) { out.insert(out.end(), bytes); }
inline void put(Bytes& out, const Bytes& bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

inline void put_uleb(Bytes& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
}

inline void put_sleb(Bytes& out, int64_t v) {
  for (;;) {
    uint8_t b = v & 0x7F;
    v >>= 7;
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    out.push_back(done ? b : (b | 0x80));
    if (done) return;
  }
}

inline void put_name(Bytes& out, std::string_view s) {
  put_uleb(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

// Instruction helpers (code bytes).
namespace op {
constexpr uint8_t kI32 = 0x7F, kI64 = 0x7E, kF32 = 0x7D, kF64 = 0x7C, kV128 = 0x7B,
                  kFuncRef = 0x70, kExternRef = 0x6F;
inline Bytes i32_const(int64_t v) {
  Bytes b{0x41};
  put_sleb(b, static_cast<int32_t>(v));
  return b;
}
inline Bytes i64_const(int64_t v) {
  Bytes b{0x42};
  put_sleb(b, v);
  return b;
}
inline Bytes local_get(uint32_t i) {
  Bytes b{0x20};
  put_uleb(b, i);
  return b;
}
inline Bytes call(uint32_t f) {
  Bytes b{0x10};
  put_uleb(b, f);
  return b;
}
// A memory instruction: opcode bytes (prefix included), then align and offset.
inline Bytes memarg(Bytes opcode, uint32_t align_log2, uint64_t offset) {
  put_uleb(opcode, align_log2);
  put_uleb(opcode, offset);
  return opcode;
}
}  // namespace op

// Imports must be added before any function is defined (imports come first in the
// function index space).
class ModuleBuilder {
 public:
  uint32_t type(const Bytes& params, const Bytes& results) {
    Bytes t{0x60};
    put_uleb(t, params.size());
    put(t, params);
    put_uleb(t, results.size());
    put(t, results);
    types_.push_back(t);
    ++type_count_;
    return type_count_ - 1;
  }

  uint32_t import_func(std::string_view module, std::string_view name, uint32_t type_index) {
    Bytes b;
    put_name(b, module);
    put_name(b, name);
    b.push_back(0x00);
    put_uleb(b, type_index);
    imports_.push_back(b);
    return func_count_++;
  }

  // A function of `type_index` with `locals` (count, type) groups and `code` (without the
  // final `end`, which is added). Returns its function index.
  uint32_t func(uint32_t type_index, const std::vector<std::pair<uint32_t, uint8_t>>& locals,
                const Bytes& code) {
    put_uleb(funcs_, type_index);
    ++defined_count_;
    Bytes body;
    put_uleb(body, locals.size());
    for (auto [count, t] : locals) {
      put_uleb(body, count);
      body.push_back(t);
    }
    put(body, code);
    body.push_back(0x0B);
    put_uleb(code_, body.size());
    put(code_, body);
    return func_count_++;
  }

  void memory(uint64_t min, std::optional<uint64_t> max = {}) {
    put(memories_, {static_cast<uint8_t>(max ? 1 : 0)});
    put_uleb(memories_, min);
    if (max) put_uleb(memories_, *max);
    ++memory_count_;
  }

  void table(uint8_t element, uint64_t min, std::optional<uint64_t> max = {}) {
    put(tables_, {element, static_cast<uint8_t>(max ? 1 : 0)});
    put_uleb(tables_, min);
    if (max) put_uleb(tables_, *max);
    ++table_count_;
  }

  void export_(std::string_view name, uint8_t kind, uint32_t index) {
    put_name(exports_, name);
    exports_.push_back(kind);
    put_uleb(exports_, index);
    ++export_count_;
  }
  void export_func(std::string_view name, uint32_t index) { export_(name, 0x00, index); }

  // Active data segment for memory 0 at a constant i32 offset (given as its 32 bits).
  void data_active(uint32_t offset, const Bytes& bytes) {
    data_.push_back(0x00);
    put(data_, op::i32_const(static_cast<int32_t>(offset)));
    data_.push_back(0x0B);
    put_uleb(data_, bytes.size());
    put(data_, bytes);
    ++data_count_;
  }
  void data_passive(const Bytes& bytes) {
    data_.push_back(0x01);
    put_uleb(data_, bytes.size());
    put(data_, bytes);
    ++data_count_;
  }

  // Element segments of function indices: active for table 0, or passive.
  void elem_active(uint32_t offset, const std::vector<uint32_t>& functions) {
    elems_.push_back(0x00);
    put(elems_, op::i32_const(static_cast<int32_t>(offset)));
    elems_.push_back(0x0B);
    put_funcs(functions);
  }
  void elem_passive(const std::vector<uint32_t>& functions) {
    put(elems_, {0x01, 0x00});  // passive, elemkind funcref
    put_funcs(functions);
  }

  Bytes build() const {
    Bytes out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    section(out, 1, type_count_, concat(types_));
    section(out, 2, imports_.size(), concat(imports_));
    section(out, 3, defined_count_, funcs_);
    section(out, 4, table_count_, tables_);
    section(out, 5, memory_count_, memories_);
    section(out, 7, export_count_, exports_);
    section(out, 9, elem_count_, elems_);
    if (data_count_) section(out, 12, data_count_, {}, true);
    section(out, 10, defined_count_, code_);
    section(out, 11, data_count_, data_);
    return out;
  }

 private:
  void put_funcs(const std::vector<uint32_t>& functions) {
    put_uleb(elems_, functions.size());
    for (uint32_t f : functions) put_uleb(elems_, f);
    ++elem_count_;
  }
  static Bytes concat(const std::vector<Bytes>& parts) {
    Bytes out;
    for (const Bytes& p : parts) put(out, p);
    return out;
  }
  // A section holding `count` items; the data count section holds the count alone.
  static void section(Bytes& out, uint8_t id, uint64_t count, const Bytes& items,
                      bool count_only = false) {
    if (count == 0 && !count_only) return;
    Bytes contents;
    put_uleb(contents, count);
    put(contents, items);
    out.push_back(id);
    put_uleb(out, contents.size());
    put(out, contents);
  }

  std::vector<Bytes> types_, imports_;
  Bytes funcs_, tables_, memories_, exports_, elems_, data_, code_;
  uint32_t type_count_ = 0, func_count_ = 0, defined_count_ = 0, memory_count_ = 0,
           table_count_ = 0, export_count_ = 0, elem_count_ = 0, data_count_ = 0;
};

}  // namespace wasmbind::test
