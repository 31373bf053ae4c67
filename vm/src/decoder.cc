#include "decoder.h"

#include <cstring>

#include "const_expr.h"
#include "instruction.h"
#include "name_section.h"
#include "reader.h"

namespace wasmbind::detail {
namespace {

enum SectionId : uint8_t {
  kCustom = 0, kType, kImport, kFunction, kTable, kMemory, kGlobal, kExport, kStart, kElement,
  kCode, kData, kDataCount,
};

// Position of each known section in the required order; data count sits between element
// and code.
int section_rank(uint8_t id) {
  static constexpr int kRank[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
  return kRank[id];
}

constexpr const char* kInSection = "unexpected end of section or function";

class ModuleDecoder {
 public:
  ModuleDecoder(std::span<const uint8_t> wasm, const Features& features)
      : ir_(std::make_unique<ModuleIr>()) {
    ir_->features = features;
    ir_->bytes.assign(wasm.begin(), wasm.end());
  }

  std::unique_ptr<ModuleIr> run() {
    const uint8_t* data = ir_->bytes.data();
    Reader r(data, 0, ir_->bytes.size());
    uint8_t magic[4];
    r.bytes(magic, 4);
    if (std::memcmp(magic, "\0asm", 4) != 0) malformed("magic header not detected", 0);
    uint8_t version[4];
    r.bytes(version, 4);
    if (std::memcmp(version, "\1\0\0\0", 4) != 0) malformed("unknown binary version", 4);

    int last_rank = 0;
    while (!r.at_end()) {
      size_t id_at = r.offset();
      uint8_t id = r.u8();
      if (id > kDataCount) malformed("malformed section id", id_at);
      uint32_t size = r.u32();
      if (size > r.remaining()) malformed("length out of bounds", r.offset());
      size_t begin = r.offset(), end = begin + size;
      if (id != kCustom) {
        if (section_rank(id) <= last_rank) malformed("unexpected content after last section", id_at);
        last_rank = section_rank(id);
      }
      Reader s(data, begin, ir_->bytes.size());
      s.set_eof_message(kInSection);
      switch (id) {
        case kCustom: custom_section(s, end); break;
        case kType: type_section(s); break;
        case kImport: import_section(s); break;
        case kFunction: function_section(s); break;
        case kTable: table_section(s); break;
        case kMemory: memory_section(s); break;
        case kGlobal: global_section(s); break;
        case kExport: export_section(s); break;
        case kStart: ir_->start = s.u32(); break;
        case kElement: element_section(s); break;
        case kDataCount: ir_->data_count = s.u32(); break;
        case kCode: code_section(s); break;
        case kData: data_section(s); break;
      }
      if (s.offset() != end) malformed("section size mismatch", s.offset());
      r.skip(size);
    }
    // Checked once every section is read, as the reference interpreter does, so that a
    // misplaced section is reported as such rather than as a count mismatch.
    if (ir_->bodies.size() != ir_->functions.size())
      malformed("function and code section have inconsistent lengths", r.offset());
    if (ir_->data_count && *ir_->data_count != ir_->data.size())
      malformed("data count and data section have inconsistent lengths", r.offset());
    build_index_spaces();
    return std::move(ir_);
  }

 private:
  void custom_section(Reader& s, size_t end) {
    CustomSection c;
    c.name = s.name();
    if (s.offset() > end) malformed(kInSection, end);
    c.data_begin = s.offset();
    c.data_size = end - s.offset();
    s.skip(c.data_size);
    if (c.name == "name") parse_name_section(*ir_, c.data_begin, c.data_begin + c.data_size);
    ir_->customs.push_back(std::move(c));
  }

  void type_section(Reader& s) {
    uint32_t n = s.count();
    ir_->types.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      size_t at = s.offset();
      if (s.u8() != 0x60) malformed("integer representation too long", at);
      FuncType t;
      uint32_t np = s.count();
      t.params.reserve(np);
      for (uint32_t k = 0; k < np; ++k) t.params.push_back(decode_val_type(s));
      uint32_t nr = s.count();
      t.results.reserve(nr);
      for (uint32_t k = 0; k < nr; ++k) t.results.push_back(decode_val_type(s));
      ir_->types.push_back(std::move(t));
    }
  }

  SizeLimits limits(Reader& s) {
    size_t at = s.offset();
    (void)at;
    bool has_max = s.flag_bit();
    SizeLimits l;
    l.min = s.u32();
    if (has_max) l.max = s.u32();
    return l;
  }

  TableType table_type(Reader& s) {
    TableType t;
    t.element = decode_ref_type(s);
    t.limits = limits(s);
    return t;
  }

  GlobalType global_type(Reader& s) {
    GlobalType g;
    g.type = decode_val_type(s);
    size_t at = s.offset();
    uint8_t m = s.u8();
    if (m > 1) malformed("malformed mutability", at);
    g.is_mutable = m == 1;
    return g;
  }

  void import_section(Reader& s) {
    uint32_t n = s.count();
    ir_->imports.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      ImportDesc im;
      im.module = s.name();
      im.name = s.name();
      size_t at = s.offset();
      uint8_t kind = s.u8();
      switch (kind) {
        case 0: im.kind = ExternKind::Func; im.func_type_index = s.u32(); break;
        case 1: im.kind = ExternKind::Table; im.table = table_type(s); break;
        case 2: im.kind = ExternKind::Memory; im.memory.limits = limits(s); break;
        case 3: im.kind = ExternKind::Global; im.global = global_type(s); break;
        default: malformed("malformed import kind", at);
      }
      ir_->imports.push_back(std::move(im));
    }
  }

  void function_section(Reader& s) {
    uint32_t n = s.count();
    ir_->functions.resize(n);
    for (uint32_t i = 0; i < n; ++i) ir_->functions[i].type_index = s.u32();
  }

  void table_section(Reader& s) {
    uint32_t n = s.count();
    for (uint32_t i = 0; i < n; ++i) ir_->tables.push_back(table_type(s));
  }

  void memory_section(Reader& s) {
    uint32_t n = s.count();
    for (uint32_t i = 0; i < n; ++i) ir_->memories.push_back(MemoryType{limits(s)});
  }

  void global_section(Reader& s) {
    uint32_t n = s.count();
    ir_->globals.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      Global g;
      g.type = global_type(s);
      g.init = decode_const_expr(s, ir_->features);
      ir_->globals.push_back(std::move(g));
    }
  }

  void export_section(Reader& s) {
    uint32_t n = s.count();
    ir_->exports.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      ExportDesc e;
      e.name = s.name();
      size_t at = s.offset();
      uint8_t kind = s.u8();
      if (kind > 3) malformed("malformed export kind", at);
      e.kind = static_cast<ExternKind>(kind);
      e.index = s.u32();
      ir_->exports.push_back(std::move(e));
    }
  }

  // A ref.func item, for the encodings that list function indices.
  ConstExpr function_item(Reader& s) {
    ConstExpr e;
    e.offset = s.offset();
    ConstInstr ci;
    ci.op = ConstInstr::Op::RefFunc;
    ci.offset = e.offset;
    ci.index = s.u32();
    e.instrs.push_back(ci);
    return e;
  }

  // Element segments: flags bit 0 = passive or declarative, bit 1 = explicit table index
  // (active) or declarative (otherwise), bit 2 = items are expressions, not function indices.
  void element_section(Reader& s) {
    uint32_t n = s.count();
    ir_->elements.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      ElementSegment seg;
      seg.decl_offset = s.offset();
      uint32_t flags = s.u32();
      if (flags > 7) malformed("malformed elements segment kind", seg.decl_offset);
      bool passive_or_declarative = flags & 1;
      bool explicit_table_or_declarative = flags & 2;
      bool expressions = flags & 4;
      if (!passive_or_declarative) {
        seg.mode = SegmentMode::Active;
        if (explicit_table_or_declarative) seg.table_index = s.u32();
        seg.offset = decode_const_expr(s, ir_->features);
      } else {
        seg.mode = explicit_table_or_declarative ? SegmentMode::Declarative : SegmentMode::Passive;
      }
      // Encodings 0 and 4 imply funcref; the others name the element kind or type.
      if (flags != 0 && flags != 4) {
        if (expressions) {
          seg.type = decode_ref_type(s);
        } else {
          size_t at = s.offset();
          if (s.u8() != 0x00) malformed("malformed element kind", at);
          seg.type = ValType::FuncRef;
        }
      }
      uint32_t count = s.count();
      seg.items.reserve(count);
      for (uint32_t k = 0; k < count; ++k)
        seg.items.push_back(expressions ? decode_const_expr(s, ir_->features) : function_item(s));
      ir_->elements.push_back(std::move(seg));
    }
  }

  void code_section(Reader& s) {
    uint32_t n = s.count();
    ir_->bodies.resize(n);
    for (uint32_t i = 0; i < n; ++i) {
      FunctionBody& body = ir_->bodies[i];
      body.body_begin = s.offset();
      uint32_t size = s.u32();
      if (size > s.remaining()) malformed(kInSection, s.offset());
      size_t end = s.offset() + size;
      Reader b(s.data(), s.offset(), ir_->bytes.size());
      b.set_eof_message(kInSection);
      uint32_t groups = b.count();
      body.locals.reserve(groups);
      for (uint32_t g = 0; g < groups; ++g) {
        size_t count_at = b.offset();
        LocalGroup group;
        group.count = b.u32();
        group.type = decode_val_type(b);
        body.local_count += group.count;
        if (body.local_count > UINT32_MAX) malformed("too many locals", count_at);
        body.locals.push_back(group);
      }
      body.code_begin = b.offset();
      body.code_end = end;
      if (body.code_begin > end) malformed("section size mismatch", end);
      s.skip(size);
    }
  }

  void data_section(Reader& s) {
    uint32_t n = s.count();
    ir_->data.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      DataSegment seg;
      seg.decl_offset = s.offset();
      uint32_t flags = s.u32();
      switch (flags) {
        case 0:
          seg.offset = decode_const_expr(s, ir_->features);
          break;
        case 1:
          seg.mode = SegmentMode::Passive;
          break;
        case 2:
          seg.memory_index = s.u32();
          seg.offset = decode_const_expr(s, ir_->features);
          break;
        default:
          malformed("malformed data segment kind", seg.decl_offset);
      }
      uint32_t size = s.u32();
      if (size > s.remaining()) malformed(kInSection, s.offset());
      seg.data_begin = s.offset();
      seg.data_size = size;
      s.skip(size);
      ir_->data.push_back(std::move(seg));
    }
  }

  void build_index_spaces() {
    ModuleIr& m = *ir_;
    for (const ImportDesc& im : m.imports) {
      switch (im.kind) {
        case ExternKind::Func:
          m.func_type_indices.push_back(im.func_type_index);
          ++m.imported_functions;
          break;
        case ExternKind::Table:
          m.all_tables.push_back(im.table);
          ++m.imported_tables;
          break;
        case ExternKind::Memory:
          m.all_memories.push_back(im.memory);
          ++m.imported_memories;
          break;
        case ExternKind::Global:
          m.all_globals.push_back(im.global);
          ++m.imported_globals;
          break;
      }
    }
    for (const FunctionDecl& f : m.functions) m.func_type_indices.push_back(f.type_index);
    m.all_tables.insert(m.all_tables.end(), m.tables.begin(), m.tables.end());
    m.all_memories.insert(m.all_memories.end(), m.memories.begin(), m.memories.end());
    for (const Global& g : m.globals) m.all_globals.push_back(g.type);
  }

  std::unique_ptr<ModuleIr> ir_;
};

}  // namespace

std::unique_ptr<ModuleIr> decode_module(std::span<const uint8_t> wasm, const Features& features) {
  return ModuleDecoder(wasm, features).run();
}

}  // namespace wasmbind::detail
