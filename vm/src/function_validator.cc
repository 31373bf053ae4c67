#include "function_validator.h"

#include <algorithm>
#include <string>

namespace wasmbind::detail {
namespace {

// Backing storage for the one-value block types ([] -> [t]).
constexpr ValType kSingleTypes[] = {ValType::I32,  ValType::I64,     ValType::F32,
                                    ValType::F64,  ValType::V128,    ValType::FuncRef,
                                    ValType::ExternRef};

std::span<const ValType> single(ValType t) {
  for (const ValType& s : kSingleTypes)
    if (s == t) return {&s, 1};
  return {};
}

ValType to_val_type(SigType t) {
  switch (t) {
    case SigType::I32: return ValType::I32;
    case SigType::I64: return ValType::I64;
    case SigType::F32: return ValType::F32;
    case SigType::F64: return ValType::F64;
    case SigType::V128: return ValType::V128;
    default: return kUnknownType;
  }
}

std::string type_name(ValType t) {
  return t == kUnknownType ? "nothing" : std::string(to_string(t));
}

}  // namespace

FunctionValidator::FunctionValidator(const ModuleContext& context, uint32_t function_index)
    : ctx_(context),
      m_(*context.module),
      body_(m_.bodies[function_index - m_.imported_functions]),
      reader_(m_.bytes.data(), body_.code_begin, m_.bytes.size()),
      decoder_(reader_, m_.features) {
  reader_.set_eof_message("unexpected end of section or function");
  // The type index was checked by module validation; a body is also decoded (without
  // checking) when that failed, so guard against a bad index here.
  uint32_t type_index = m_.func_type_indices[function_index];
  if (type_index < m_.types.size()) {
    params_ = m_.types[type_index].params;
    results_ = m_.types[type_index].results;
  }
  uint64_t end = params_.size();
  local_ends_.reserve(body_.locals.size());
  for (const LocalGroup& g : body_.locals) local_ends_.push_back(end += g.count);
  values_.reserve(64);
  controls_.reserve(16);
  push_control(Opcode::Block, {}, results_);
}

ValType FunctionValidator::local_type(uint32_t index) const {
  if (index < params_.size()) return params_[index];
  auto it = std::upper_bound(local_ends_.begin(), local_ends_.end(), uint64_t{index});
  if (it == local_ends_.end()) invalid("unknown local " + std::to_string(index), instr_.offset);
  return body_.locals[static_cast<size_t>(it - local_ends_.begin())].type;
}

const Instr& FunctionValidator::next() {
  decoder_.decode(instr_);
  if (instr_.op == Opcode::Block || instr_.op == Opcode::Loop || instr_.op == Opcode::If) ++depth_;
  if (instr_.op == Opcode::End) --depth_;
  validate(instr_);
  return instr_;
}

void FunctionValidator::skip_rest() {
  uint64_t depth = depth_;
  while (depth > 0) {
    decoder_.decode(instr_);
    switch (instr_.op) {
      case Opcode::Block: case Opcode::Loop: case Opcode::If: ++depth; break;
      case Opcode::End: --depth; break;
      case Opcode::MemoryInit: case Opcode::DataDrop: uses_data_segments_ = true; break;
      default: break;
    }
  }
  if (reader_.offset() != body_.code_end) malformed("section size mismatch", reader_.offset());
  done_ = true;
}

ValType FunctionValidator::pop() {
  const ControlFrame& frame = controls_.back();
  if (values_.size() == frame.height) {
    if (frame.unreachable) return kUnknownType;
    invalid("type mismatch: expected a value, found an empty stack", instr_.offset);
  }
  ValType t = values_.back();
  values_.pop_back();
  return t;
}

ValType FunctionValidator::pop(ValType expected) {
  ValType actual = pop();
  if (actual != expected && actual != kUnknownType && expected != kUnknownType)
    type_mismatch(expected, actual);
  return actual == kUnknownType ? expected : actual;
}

void FunctionValidator::pop(std::span<const ValType> expected) {
  for (size_t i = expected.size(); i-- > 0;) pop(expected[i]);
}

void FunctionValidator::type_mismatch(ValType expected, ValType got) const {
  invalid("type mismatch: expected " + type_name(expected) + ", found " + type_name(got),
          instr_.offset);
}

void FunctionValidator::push_control(Opcode kind, std::span<const ValType> params,
                                     std::span<const ValType> results) {
  controls_.push_back({kind, params, results, static_cast<uint32_t>(values_.size()), false});
  push(params);
}

ControlFrame FunctionValidator::pop_control() {
  ControlFrame frame = controls_.back();
  pop(frame.results);
  if (values_.size() != frame.height)
    invalid("type mismatch: values remain on the stack at the end of a block", instr_.offset);
  controls_.pop_back();
  return frame;
}

void FunctionValidator::set_unreachable() {
  values_.resize(controls_.back().height);
  controls_.back().unreachable = true;
}

const ControlFrame& FunctionValidator::label(uint32_t depth) const {
  if (depth >= controls_.size()) invalid("unknown label " + std::to_string(depth), instr_.offset);
  return controls_[controls_.size() - 1 - depth];
}

void FunctionValidator::block_signature(const BlockType& bt, std::span<const ValType>& params,
                                        std::span<const ValType>& results) const {
  params = {};
  results = {};
  switch (bt.kind) {
    case BlockType::Kind::Empty: break;
    case BlockType::Kind::Value: results = single(bt.value); break;
    case BlockType::Kind::TypeIndex: {
      const FuncType& t = check_type(bt.type_index);
      params = t.params;
      results = t.results;
      break;
    }
  }
}

void FunctionValidator::check_memory(uint32_t index) const {
  if (index >= m_.all_memories.size())
    invalid("unknown memory " + std::to_string(index), instr_.offset);
}

const TableType& FunctionValidator::check_table(uint32_t index) const {
  if (index >= m_.all_tables.size()) invalid("unknown table " + std::to_string(index), instr_.offset);
  return m_.all_tables[index];
}

const FuncType& FunctionValidator::check_type(uint32_t index) const {
  if (index >= m_.types.size()) invalid("unknown type " + std::to_string(index), instr_.offset);
  return m_.types[index];
}

void FunctionValidator::check_function(uint32_t index) const {
  if (index >= m_.func_type_indices.size())
    invalid("unknown function " + std::to_string(index), instr_.offset);
}

void FunctionValidator::check_data_segment(uint32_t index) {
  uses_data_segments_ = true;
  if (index >= m_.data_count.value_or(static_cast<uint32_t>(m_.data.size())))
    invalid("unknown data segment " + std::to_string(index), instr_.offset);
}

const ElementSegment& FunctionValidator::check_element(uint32_t index) const {
  if (index >= m_.elements.size())
    invalid("unknown elem segment " + std::to_string(index), instr_.offset);
  return m_.elements[index];
}

void FunctionValidator::validate_memory_access(const Instr& in) {
  check_memory(in.index);
  if (in.align_log2 > natural_alignment_log2(in.op))
    invalid("alignment must not be larger than natural", in.offset);
  if (info(in.op).immediate == Immediate::MemLane && in.lane >= lane_count(in.op))
    invalid("invalid lane index", in.offset);
}

void FunctionValidator::validate(const Instr& in) {
  const OpcodeInfo& op = info(in.op);
  if (op.result == SigType::SPECIAL) return validate_special(in);

  switch (op.immediate) {
    case Immediate::Mem:
    case Immediate::MemLane: validate_memory_access(in); break;
    case Immediate::MemIdx: check_memory(in.index); break;
    case Immediate::Lane:
      if (in.lane >= lane_count(in.op)) invalid("invalid lane index", in.offset);
      break;
    case Immediate::Shuffle:
      for (uint8_t lane : in.bytes)
        if (lane >= 32) invalid("invalid lane index", in.offset);
      break;
    default: break;
  }
  for (int i = 2; i >= 0; --i)
    if (op.params[i] != SigType::NONE) pop(to_val_type(op.params[i]));
  if (op.result != SigType::NONE) push(to_val_type(op.result));
}

void FunctionValidator::validate_special(const Instr& in) {
  switch (in.op) {
    case Opcode::Unreachable:
      set_unreachable();
      break;
    case Opcode::Nop:
      break;
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If: {
      std::span<const ValType> params, results;
      block_signature(in.block, params, results);
      if (in.op == Opcode::If) pop(ValType::I32);
      pop(params);
      push_control(in.op, params, results);
      break;
    }
    case Opcode::Else: {
      if (controls_.back().kind != Opcode::If) malformed("END opcode expected", in.offset);
      ControlFrame frame = pop_control();
      push_control(Opcode::Else, frame.params, frame.results);
      break;
    }
    case Opcode::End: {
      ControlFrame frame = pop_control();
      // An `if` without `else` has an implicit empty else, which must yield its results.
      if (frame.kind == Opcode::If && !std::equal(frame.params.begin(), frame.params.end(),
                                                  frame.results.begin(), frame.results.end()))
        invalid("type mismatch: if without else must leave its parameters as results", in.offset);
      push(frame.results);
      if (controls_.empty()) {
        done_ = true;
        // Like sections, a body is read up to its final `end` and must end exactly there.
        if (reader_.offset() != body_.code_end)
          malformed("section size mismatch", reader_.offset());
      }
      break;
    }
    case Opcode::Br:
      pop(label(in.index).label_types());
      set_unreachable();
      break;
    case Opcode::BrIf: {
      pop(ValType::I32);
      std::span<const ValType> types = label(in.index).label_types();
      pop(types);
      push(types);
      break;
    }
    case Opcode::BrTable: {
      pop(ValType::I32);
      const std::vector<uint32_t>& targets = decoder_.br_table_targets();
      size_t arity = label(targets.back()).label_types().size();
      for (uint32_t depth : targets) {
        std::span<const ValType> types = label(depth).label_types();
        if (types.size() != arity)
          invalid("type mismatch: br_table targets differ in arity", in.offset);
        // Check the operands against this label without consuming them.
        size_t available = values_.size() - controls_.back().height;
        size_t keep = std::min(types.size(), available);
        scratch_.assign(values_.end() - static_cast<std::ptrdiff_t>(keep), values_.end());
        pop(types);
        values_.insert(values_.end(), scratch_.begin(), scratch_.end());
      }
      set_unreachable();
      break;
    }
    case Opcode::Return:
      pop(results_);
      set_unreachable();
      break;
    case Opcode::Call: {
      check_function(in.index);
      const FuncType& t = m_.function_type(in.index);
      pop(t.params);
      push(t.results);
      break;
    }
    case Opcode::CallIndirect: {
      const TableType& table = check_table(in.index2);
      if (table.element != ValType::FuncRef)
        invalid("type mismatch: call_indirect needs a funcref table", in.offset);
      const FuncType& t = check_type(in.index);
      pop(ValType::I32);
      pop(t.params);
      push(t.results);
      break;
    }
    case Opcode::ReturnCall:
    case Opcode::ReturnCallIndirect: {
      const FuncType* t;
      if (in.op == Opcode::ReturnCall) {
        check_function(in.index);
        t = &m_.function_type(in.index);
      } else {
        const TableType& table = check_table(in.index2);
        if (table.element != ValType::FuncRef)
          invalid("type mismatch: return_call_indirect needs a funcref table", in.offset);
        t = &check_type(in.index);
        pop(ValType::I32);
      }
      if (t->results != std::vector<ValType>(results_.begin(), results_.end()))
        invalid("type mismatch: tail call results differ from the caller's", in.offset);
      pop(t->params);
      set_unreachable();
      break;
    }
    case Opcode::Drop:
      pop();
      break;
    case Opcode::Select:
    case Opcode::SelectT: {
      if (in.op == Opcode::SelectT && in.select_arity != 1)
        invalid("invalid result arity", in.offset);
      pop(ValType::I32);
      if (in.op == Opcode::SelectT) {
        pop(in.type);
        pop(in.type);
        push(in.type);
        select_type_ = in.type;
        break;
      }
      ValType a = pop(), b = pop();
      // Untyped select takes numbers or vectors only.
      if (is_ref(a) || is_ref(b)) invalid("type mismatch: select needs a type for references", in.offset);
      if (a != b && a != kUnknownType && b != kUnknownType) type_mismatch(a, b);
      select_type_ = a == kUnknownType ? b : a;
      push(select_type_);
      break;
    }
    case Opcode::LocalGet:
      push(local_type(in.index));
      break;
    case Opcode::LocalSet:
      pop(local_type(in.index));
      break;
    case Opcode::LocalTee: {
      ValType t = local_type(in.index);
      pop(t);
      push(t);
      break;
    }
    case Opcode::GlobalGet:
    case Opcode::GlobalSet: {
      if (in.index >= m_.all_globals.size())
        invalid("unknown global " + std::to_string(in.index), in.offset);
      const GlobalType& g = m_.all_globals[in.index];
      if (in.op == Opcode::GlobalGet) {
        push(g.type);
      } else {
        if (!g.is_mutable) invalid("global is immutable", in.offset);
        pop(g.type);
      }
      break;
    }
    case Opcode::TableGet: {
      const TableType& t = check_table(in.index);
      pop(ValType::I32);
      push(t.element);
      break;
    }
    case Opcode::TableSet: {
      const TableType& t = check_table(in.index);
      pop(t.element);
      pop(ValType::I32);
      break;
    }
    case Opcode::RefNull:
      push(in.type);
      break;
    case Opcode::RefIsNull: {
      ValType t = pop();
      if (t != kUnknownType && !is_ref(t))
        invalid("type mismatch: ref.is_null needs a reference, found " + type_name(t), in.offset);
      push(ValType::I32);
      break;
    }
    case Opcode::RefFunc:
      check_function(in.index);
      if (!ctx_.declared_function_refs[in.index])
        invalid("undeclared function reference", in.offset);
      push(ValType::FuncRef);
      break;
    case Opcode::MemoryInit:
      check_memory(in.index2);
      check_data_segment(in.index);
      pop(ValType::I32);
      pop(ValType::I32);
      pop(ValType::I32);
      break;
    case Opcode::DataDrop:
      check_data_segment(in.index);
      break;
    case Opcode::MemoryCopy:
      check_memory(in.index);
      check_memory(in.index2);
      pop(ValType::I32);
      pop(ValType::I32);
      pop(ValType::I32);
      break;
    case Opcode::MemoryFill:
      check_memory(in.index);
      pop(ValType::I32);
      pop(ValType::I32);
      pop(ValType::I32);
      break;
    case Opcode::TableInit: {
      const TableType& t = check_table(in.index2);
      const ElementSegment& e = check_element(in.index);
      if (e.type != t.element) type_mismatch(t.element, e.type);
      pop(ValType::I32);
      pop(ValType::I32);
      pop(ValType::I32);
      break;
    }
    case Opcode::ElemDrop:
      check_element(in.index);
      break;
    case Opcode::TableCopy: {
      const TableType& dst = check_table(in.index);
      const TableType& src = check_table(in.index2);
      if (dst.element != src.element) type_mismatch(dst.element, src.element);
      pop(ValType::I32);
      pop(ValType::I32);
      pop(ValType::I32);
      break;
    }
    case Opcode::TableGrow: {
      const TableType& t = check_table(in.index);
      pop(ValType::I32);
      pop(t.element);
      push(ValType::I32);
      break;
    }
    case Opcode::TableSize:
      check_table(in.index);
      push(ValType::I32);
      break;
    case Opcode::TableFill: {
      const TableType& t = check_table(in.index);
      pop(ValType::I32);
      pop(t.element);
      pop(ValType::I32);
      break;
    }
    default:
      invalid("internal error: no validation rule for " + std::string(name(in.op)), in.offset);
  }
}

bool validate_function_body(const ModuleContext& context, uint32_t function_index) {
  FunctionValidator v(context, function_index);
  try {
    while (!v.done()) v.next();
  } catch (WasmError& e) {
    if (e.error().kind != ErrorKind::Invalid) throw;
    v.skip_rest();  // a malformed encoding later in the body takes precedence
    throw;
  }
  return v.uses_data_segments();
}

}  // namespace wasmbind::detail
