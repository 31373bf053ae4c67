#include "module_validator.h"

#include <string>
#include <unordered_set>

namespace wasmbind::detail {
namespace {

class FieldValidator {
 public:
  explicit FieldValidator(const ModuleIr& m) : m_(m) {}

  void run() {
    for (const ImportDesc& im : m_.imports) {
      switch (im.kind) {
        case ExternKind::Func: check_type_index(im.func_type_index, 0); break;
        case ExternKind::Table: check_table(im.table, 0); break;
        case ExternKind::Memory: check_memory(im.memory, 0); break;
        case ExternKind::Global: break;
      }
    }
    for (const FunctionDecl& f : m_.functions) check_type_index(f.type_index, 0);
    for (const TableType& t : m_.tables) check_table(t, 0);
    for (const MemoryType& mem : m_.memories) check_memory(mem, 0);
    if (m_.all_memories.size() > 1 && !m_.features.multi_memory) invalid("multiple memories", 0);
    for (const Global& g : m_.globals) check_const_expr(g.init, g.type.type);
    for (const ElementSegment& seg : m_.elements) check_element(seg);
    for (const DataSegment& seg : m_.data) {
      if (seg.mode != SegmentMode::Active) continue;
      if (seg.memory_index >= m_.all_memories.size())
        invalid("unknown memory " + std::to_string(seg.memory_index), seg.decl_offset);
      check_const_expr(seg.offset, ValType::I32);
    }
    if (m_.start) check_start(*m_.start);
    check_exports();
  }

 private:

  void check_type_index(uint32_t index, size_t at) const {
    if (index >= m_.types.size()) invalid("unknown type " + std::to_string(index), at);
  }

  static void check_limits(const SizeLimits& l, uint64_t bound, const char* too_large) {
    if (l.min > bound || (l.max && *l.max > bound)) invalid(too_large, 0);
    if (l.max && l.min > *l.max) invalid("size minimum must not be greater than maximum", 0);
  }

  static void check_table(const TableType& t, size_t) {
    check_limits(t.limits, UINT32_MAX, "table size must be at most 2^32-1");
  }

  static void check_memory(const MemoryType& mem, size_t) {
    check_limits(mem.limits, kMaxPages, "memory size must be at most 65536 pages (4GiB)");
  }

  // A global.get in a constant expression may only name an imported global (module-defined
  // globals are not initialised yet); extended-const keeps that rule.
  void check_const_expr(const ConstExpr& expr, ValType expected) const {
    uint32_t visible = m_.imported_globals;
    std::vector<ValType> stack;
    auto pop = [&](ValType t, size_t at) {
      if (stack.empty() || stack.back() != t) invalid("type mismatch", at);
      stack.pop_back();
    };
    for (const ConstInstr& ci : expr.instrs) {
      using Op = ConstInstr::Op;
      switch (ci.op) {
        case Op::NonConstant: invalid("constant expression required", ci.offset);
        case Op::I32Const: stack.push_back(ValType::I32); break;
        case Op::I64Const: stack.push_back(ValType::I64); break;
        case Op::F32Const: stack.push_back(ValType::F32); break;
        case Op::F64Const: stack.push_back(ValType::F64); break;
        case Op::V128Const: stack.push_back(ValType::V128); break;
        case Op::RefNull: stack.push_back(ci.ref_type); break;
        case Op::RefFunc:
          if (ci.index >= m_.func_type_indices.size())
            invalid("unknown function " + std::to_string(ci.index), ci.offset);
          stack.push_back(ValType::FuncRef);
          break;
        case Op::GlobalGet: {
          if (ci.index >= visible) invalid("unknown global " + std::to_string(ci.index), ci.offset);
          const GlobalType& g = m_.all_globals[ci.index];
          if (g.is_mutable) invalid("constant expression required", ci.offset);
          stack.push_back(g.type);
          break;
        }
        case Op::I32Add: case Op::I32Sub: case Op::I32Mul:
          pop(ValType::I32, ci.offset);
          pop(ValType::I32, ci.offset);
          stack.push_back(ValType::I32);
          break;
        case Op::I64Add: case Op::I64Sub: case Op::I64Mul:
          pop(ValType::I64, ci.offset);
          pop(ValType::I64, ci.offset);
          stack.push_back(ValType::I64);
          break;
      }
    }
    if (stack.size() != 1 || stack[0] != expected) invalid("type mismatch", expr.offset);
  }

  void check_element(const ElementSegment& seg) const {
    for (const ConstExpr& item : seg.items) check_const_expr(item, seg.type);
    if (seg.mode != SegmentMode::Active) return;
    if (seg.table_index >= m_.all_tables.size())
      invalid("unknown table " + std::to_string(seg.table_index), seg.decl_offset);
    check_const_expr(seg.offset, ValType::I32);
    if (m_.all_tables[seg.table_index].element != seg.type)
      invalid("type mismatch: element segment type differs from its table's", seg.decl_offset);
  }

  void check_start(uint32_t index) const {
    if (index >= m_.func_type_indices.size())
      invalid("unknown function " + std::to_string(index), 0);
    const FuncType& t = m_.function_type(index);
    if (!t.params.empty() || !t.results.empty()) invalid("start function must have type [] -> []", 0);
  }

  void check_exports() const {
    std::unordered_set<std::string_view> names;
    names.reserve(m_.exports.size());
    for (const ExportDesc& e : m_.exports) {
      if (!names.insert(e.name).second) invalid("duplicate export name", 0);
      size_t limit = 0;
      const char* what = "";
      switch (e.kind) {
        case ExternKind::Func: limit = m_.func_type_indices.size(); what = "unknown function "; break;
        case ExternKind::Table: limit = m_.all_tables.size(); what = "unknown table "; break;
        case ExternKind::Memory: limit = m_.all_memories.size(); what = "unknown memory "; break;
        case ExternKind::Global: limit = m_.all_globals.size(); what = "unknown global "; break;
      }
      if (e.index >= limit) invalid(what + std::to_string(e.index), 0);
    }
  }

  const ModuleIr& m_;
};

void mark(std::vector<bool>& refs, uint32_t index) {
  if (index < refs.size()) refs[index] = true;
}

void mark_expr(std::vector<bool>& refs, const ConstExpr& expr) {
  for (const ConstInstr& ci : expr.instrs)
    if (ci.op == ConstInstr::Op::RefFunc) mark(refs, ci.index);
}

}  // namespace

ModuleContext make_module_context(const ModuleIr& m) {
  ModuleContext ctx;
  ctx.module = &m;
  // Spec 3.4.10: ref.func in a function body may only name functions that occur elsewhere
  // in the module: in element segments, exports or global initialisers.
  ctx.declared_function_refs.assign(m.func_type_indices.size(), false);
  for (const ElementSegment& seg : m.elements) {
    for (const ConstExpr& item : seg.items) mark_expr(ctx.declared_function_refs, item);
  }
  for (const Global& g : m.globals) mark_expr(ctx.declared_function_refs, g.init);
  for (const ExportDesc& e : m.exports)
    if (e.kind == ExternKind::Func) mark(ctx.declared_function_refs, e.index);
  return ctx;
}

void validate_module_fields(const ModuleIr& m) { FieldValidator(m).run(); }

}  // namespace wasmbind::detail
