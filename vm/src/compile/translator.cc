// The translator's driver: frame layout, the operand stack, control flow (blocks, if/else,
// br, br_if, br_table), variables, tables and calls, and the entry points of translator.h.
// Numeric instructions are in translate_numeric.cc, loads and stores in translate_memory.cc,
// the superinstructions chosen along the way in peephole_fusion.cc (translator_state.h
// lists them all).
#include "compile/translator.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "compile/op_selection.h"
#include "compile/translator_state.h"

namespace wasmbind::detail::translation {

bool Translator::run() {
  layout_locals();
  fn_.entry_offset = code_.size();
  mark_label();
  Control f;
  f.results = v_.results();
  f.is_function = true;
  f.base_slot = temp_base_;
  ctl_.push_back(f);
  try {
    while (!v_.done()) translate(v_.next());
  } catch (WasmError& e) {
    if (e.error().kind == ErrorKind::Invalid) v_.skip_rest();
    throw;
  }
  fn_.frame_slots = std::max<uint32_t>(max_slot_, temp_base_);
  fn_.stack_slots = std::max<uint32_t>(fn_.frame_slots, fn_.param_slots + kZeroedOnEntry);
  return v_.uses_data_segments();
}

// ---- frame layout -------------------------------------------------------------------

void Translator::layout_locals() {
  uint64_t count = v_.local_count();
  if (count > kMaxLocals)
    throw WasmError(ErrorKind::Limit, "function has more than 100000 locals", 0);
  uint64_t slots = 0;
  local_slots_.reserve(static_cast<size_t>(count));
  for (ValType t : v_.params()) {
    local_slots_.push_back(static_cast<uint32_t>(slots));
    slots += width(t);
  }
  fn_.param_slots = static_cast<uint32_t>(slots);
  for (const LocalGroup& g : v_.local_groups()) {
    for (uint32_t i = 0; i < g.count; ++i) {
      local_slots_.push_back(static_cast<uint32_t>(slots));
      slots += width(g.type);
    }
  }
  // One more local that is never written: the zero address for loads and stores whose
  // address is a constant (folded into the offset).
  zero_slot_ = static_cast<uint32_t>(slots);
  temp_base_ = zero_slot_ + 1;
  fn_.local_slots = temp_base_;
  max_slot_ = temp_base_;
}

// ---- operand stack ------------------------------------------------------------------

// Locals that stay on the stack across a block boundary or a write to the local must be
// copied out first: the copy must happen on every path that reaches the merge point.
void Translator::flush_locals() {
  for (Operand& o : stack_)
    if (o.kind == Operand::Kind::Local) materialize(o);
}

bool Translator::has_local_refs() const {
  for (const Operand& o : stack_)
    if (o.kind == Operand::Kind::Local) return true;
  return false;
}

void Translator::materialize_top(size_t n) {
  for (size_t i = stack_.size() - n; i < stack_.size(); ++i) materialize(stack_[i]);
}

// Writes operand `o` into slot `dst`.
void Translator::move(Operand& o, uint32_t dst) {
  if (o.kind == Operand::Kind::Temp || o.kind == Operand::Kind::Local) {
    if (o.slot == dst) return;
    emit_copy(o.type, dst, o.slot);
  } else if (o.type == ValType::V128) {
    emit(XOp::Const128, {dst, o.lo, o.hi});
  } else {
    emit(XOp::Const64, {dst, o.lo});
  }
}

// ---- branches -----------------------------------------------------------------------

// A branch operand word to `target` (a Control), from the instruction starting at `start`.
void Translator::branch_word(Control& target, size_t start) {
  if (target.kind == Opcode::Loop) {
    word(static_cast<uint64_t>(static_cast<int64_t>(target.loop_start) - static_cast<int64_t>(start)));
  } else {
    target.fixups.emplace_back(code_.size(), start);
    target.end_targeted = true;
    word(0);
  }
}

void Translator::bind_here(std::vector<std::pair<size_t, size_t>>& fixups) {
  mark_label();
  for (auto [w, start] : fixups)
    code_[w].i = static_cast<int64_t>(code_.size()) - static_cast<int64_t>(start);
  fixups.clear();
}

void Translator::set_dead() {
  Control& c = ctl_.back();
  c.dead = true;
  if (stack_.size() > c.stack_size) stack_.resize(c.stack_size);
  last_.valid = false;
}

// Copies the top values for a branch to `target` into its slots (or, for the function's
// label, into the result slots 0..n) without popping them.
bool Translator::branch_needs_moves(const Control& target) const {
  std::span<const ValType> types = label_types(target);
  uint32_t dst = target.is_function ? 0 : target.base_slot;
  size_t first = stack_.size() - types.size();
  for (size_t i = 0; i < types.size(); ++i) {
    const Operand& o = stack_[first + i];
    if (o.kind != Operand::Kind::Temp || o.slot != dst) return true;
    dst += width(types[i]);
  }
  return false;
}

void Translator::branch_moves(const Control& target) {
  std::span<const ValType> types = label_types(target);
  size_t first = stack_.size() - types.size();
  if (target.is_function) {
    // Results go to slots 0..n, which may hold locals still to be read. Moving in
    // ascending order, result i overwrites only slots below its own target, so only a
    // local below its target must be copied out first (one already in place stays put).
    uint32_t to = 0;
    for (size_t i = 0; i < types.size(); ++i) {
      Operand& o = stack_[first + i];
      if (o.kind == Operand::Kind::Local && o.slot < to) materialize(o);
      to += width(types[i]);
    }
    // A single result computed just now is written straight into slot 0.
    if (types.size() == 1 && last_.valid && stack_.back().kind == Operand::Kind::Temp &&
        stack_.back().slot == last_.dst) {
      code_[last_.dst_word].u = 0;
      last_.valid = false;
      return;
    }
  }
  uint32_t dst = target.is_function ? 0 : target.base_slot;
  for (size_t i = 0; i < types.size(); ++i) {
    move(stack_[first + i], dst);
    dst += width(types[i]);
  }
}

// An unconditional branch to `target`, values already moved.
void Translator::jump(Control& target) {
  if (target.is_function) {
    emit(XOp::Return);
    return;
  }
  if (last_copy_ != kNone && last_copy_ + 3 == code_.size() && label_at_ <= last_copy_ &&
      code_[last_copy_].handler == handler(XOp::Copy64)) {
    // A value moved into place just before the branch: one op.
    code_[last_copy_].handler = handler(XOp::CopyBr);
    const size_t start = last_copy_;
    last_copy_ = kNone;
    last_.valid = false;
    branch_word(target, start);
    return;
  }
  size_t start = emit(XOp::Br);
  branch_word(target, start);
}

// ---- instructions -------------------------------------------------------------------

void Translator::translate(const Instr& in) {
  if (ctl_.back().dead) return translate_dead(in);
  const OpcodeInfo& op = info(in.op);
  if (m_.all_memories.size() > 1) reject_other_memories(in, op);
  if (in.op == Opcode::MemorySize) {
    uint32_t dst = push_temp(ValType::I32).canon;
    emit(XOp::MemorySize, {dst});
    return;
  }
  if (in.op == Opcode::MemoryGrow) {
    Operand a = pop();
    uint32_t sa = slot_of(a);
    emit(XOp::MemoryGrow, {a.canon, sa});
    push_temp(ValType::I32);
    return;
  }
  if (op.result != SigType::SPECIAL && op.immediate != Immediate::None &&
      op.immediate != Immediate::V128 && op.prefix == 0xFD && in.op != Opcode::V128Load &&
      in.op != Opcode::V128Store)
    return translate_simd_immediate(in, op);
  if (op.result != SigType::SPECIAL) {
    XOp load = load_op(in.op), store = store_op(in.op);
    if (load != XOp::NumericBase_) return translate_load(in, load);
    if (store != XOp::NumericBase_) return translate_store(in, store);
    return translate_numeric(in, op);
  }
  switch (in.op) {
    case Opcode::Nop: break;
    case Opcode::Unreachable: emit(XOp::Unreachable); set_dead(); break;
    case Opcode::Block: case Opcode::Loop: enter_block(in); break;
    case Opcode::If: enter_if(in); break;
    case Opcode::Else: enter_else(); break;
    case Opcode::End: end_block(); break;
    case Opcode::Br: {
      Control& target = label(in.index);
      branch_moves(target);
      jump(target);
      set_dead();
      break;
    }
    case Opcode::BrIf: translate_br_if(in.index); break;
    case Opcode::BrTable: translate_br_table(); break;
    case Opcode::Return: {
      Control& f = ctl_.front();
      branch_moves(f);
      jump(f);
      set_dead();
      break;
    }
    case Opcode::Call: translate_call(in); break;
    case Opcode::CallIndirect: translate_call(in); break;
    case Opcode::ReturnCall: case Opcode::ReturnCallIndirect: translate_tail_call(in); break;
    case Opcode::Drop: pop(); break;
    case Opcode::Select: case Opcode::SelectT: {
      ValType t = v_.select_type();
      Operand c = pop(), b = pop(), a = pop();
      uint32_t sa = slot_of(a), sb = slot_of(b), sc = slot_of(c);
      emit(t == ValType::V128 ? XOp::Select128 : XOp::Select64, {a.canon, sa, sb, sc});
      push_temp(t);
      break;
    }
    case Opcode::LocalGet: push(Operand::Kind::Local, v_.local_type(in.index), local_slot(in.index)); break;
    case Opcode::LocalSet: case Opcode::LocalTee: translate_local_set(in); break;
    case Opcode::GlobalGet: {
      ValType t = m_.all_globals[in.index].type;
      uint32_t dst = push_temp(t).canon;
      emit(t == ValType::V128 ? XOp::GlobalGet128 : XOp::GlobalGet64, {dst, in.index});
      break;
    }
    case Opcode::GlobalSet: {
      Operand a = pop();
      uint32_t sa = slot_of(a);
      emit(a.type == ValType::V128 ? XOp::GlobalSet128 : XOp::GlobalSet64, {in.index, sa});
      break;
    }
    case Opcode::TableGet: {
      Operand a = pop();
      uint32_t sa = slot_of(a);
      emit(XOp::TableGet, {a.canon, in.index, sa});
      push_temp(m_.all_tables[in.index].element);
      break;
    }
    case Opcode::TableSet: {
      Operand b = pop(), a = pop();
      uint32_t sa = slot_of(a), sb = slot_of(b);
      emit(XOp::TableSet, {in.index, sa, sb});
      break;
    }
    case Opcode::TableSize: {
      uint32_t dst = push_temp(ValType::I32).canon;
      emit(XOp::TableSize, {dst, in.index});
      break;
    }
    case Opcode::TableGrow: {
      Operand b = pop(), a = pop();
      uint32_t sa = slot_of(a), sb = slot_of(b);
      emit(XOp::TableGrow, {a.canon, in.index, sa, sb});
      push_temp(ValType::I32);
      break;
    }
    case Opcode::TableFill: three_operands(XOp::TableFill, {in.index}); break;
    case Opcode::TableCopy: three_operands(XOp::TableCopy, {in.index, in.index2}); break;
    case Opcode::TableInit: three_operands(XOp::TableInit, {in.index2, in.index}); break;
    case Opcode::ElemDrop: emit(XOp::ElemDrop, {in.index}); break;
    case Opcode::MemoryFill: three_operands(XOp::MemoryFill, {}); break;
    case Opcode::MemoryCopy: three_operands(XOp::MemoryCopy, {}); break;
    case Opcode::MemoryInit: three_operands(XOp::MemoryInit, {in.index}); break;
    case Opcode::DataDrop: emit(XOp::DataDrop, {in.index}); break;
    case Opcode::RefNull: push_const(in.type, 0); break;
    case Opcode::RefIsNull: {
      Operand a = pop();
      uint32_t sa = slot_of(a);
      emit(XOp::RefIsNull, {a.canon, sa});
      push_temp(ValType::I32);
      break;
    }
    case Opcode::RefFunc: {
      uint32_t dst = push_temp(ValType::FuncRef).canon;
      emit(XOp::RefFunc, {dst, in.index});
      break;
    }
    default:
      throw WasmError(ErrorKind::Limit,
                      "instruction not supported by the interpreter: " + std::string(name(in.op)),
                      in.offset);
  }
}

// The handlers address memory 0 only (it lives in a register); an instruction of the
// multi-memory proposal that touches another memory stops execution with an error
// instead of running against the wrong memory.
void Translator::reject_other_memories(const Instr& in, const OpcodeInfo& op) {
  bool other = false;
  switch (op.immediate) {
    case Immediate::Mem: case Immediate::MemLane: case Immediate::MemIdx: other = in.index != 0; break;
    case Immediate::MemoryCopy: other = in.index != 0 || in.index2 != 0; break;
    case Immediate::MemoryInit: other = in.index2 != 0; break;
    default: break;
  }
  if (other) {
    // The module is valid, so it compiles; running this instruction fails clearly.
    emit(XOp::Unsupported);
  }
}

// Unreachable code emits nothing; only the block structure is followed.
void Translator::translate_dead(const Instr& in) {
  switch (in.op) {
    case Opcode::Block: case Opcode::Loop: case Opcode::If: {
      Control c;
      c.kind = in.op;
      c.stack_size = stack_.size();
      c.entered_live = false;
      c.dead = true;
      ctl_.push_back(std::move(c));
      break;
    }
    case Opcode::Else: enter_else(); break;
    case Opcode::End: end_block(); break;
    default: break;
  }
}

void Translator::three_operands(XOp op, std::initializer_list<uint64_t> leading) {
  Operand c = pop(), b = pop(), a = pop();
  uint32_t sa = slot_of(a), sb = slot_of(b), sc = slot_of(c);
  last_.valid = false;
  size_t start = emit(op, leading);
  (void)start;
  word(sa);
  word(sb);
  word(sc);
}

void Translator::translate_local_set(const Instr& in) {
  uint32_t target = local_slot(in.index);
  Operand& top = stack_.back();
  bool tee = in.op == Opcode::LocalTee;
  bool top_is_target = top.kind == Operand::Kind::Local && top.slot == target;
  bool other_refs = false;
  for (size_t i = 0; i + 1 < stack_.size(); ++i)
    if (stack_[i].kind == Operand::Kind::Local && stack_[i].slot == target) other_refs = true;
  if (!top_is_target) {
    if (!other_refs && last_.valid && top.kind == Operand::Kind::Temp && top.slot == last_.dst) {
      // Retarget: the instruction that computed the value writes the local directly.
      code_[last_.dst_word].u = target;
      if ((last_.kind == LastInstr::Kind::AddImm && !last_.shifted) ||
          last_.kind == LastInstr::Kind::Add) {
        // Still the last instruction: a branch testing the local can absorb it.
        last_.imm = last_.kind == LastInstr::Kind::AddImm;
        last_.kind = LastInstr::Kind::AddToLocal;
        last_.dst = target;
      } else {
        last_.valid = false;
      }
    } else {
      if (other_refs) {
        for (size_t i = 0; i + 1 < stack_.size(); ++i)
          if (stack_[i].kind == Operand::Kind::Local && stack_[i].slot == target)
            materialize(stack_[i]);
      }
      move(stack_.back(), target);
    }
  }
  ValType t = stack_.back().type;
  pop();
  if (tee) push(Operand::Kind::Local, t, target);
}

void Translator::block_signature(const Instr& in, std::span<const ValType>& params,
                                 std::span<const ValType>& results) const {
  // The validator has pushed the block; its control frame holds the resolved signature.
  const ControlFrame& f = v_.control_frames().back();
  params = f.params;
  results = f.results;
  (void)in;
}

void Translator::enter_block(const Instr& in) {
  Control c;
  c.kind = in.op;
  block_signature(in, c.params, c.results);
  flush_locals();
  materialize_top(c.params.size());
  c.stack_size = stack_.size() - c.params.size();
  c.base_slot = c.params.empty() ? next_slot() : stack_[c.stack_size].canon;
  c.loop_start = code_.size();
  mark_label();
  last_.valid = false;
  ctl_.push_back(std::move(c));
}

void Translator::enter_if(const Instr& in) {
  Control c;
  c.kind = Opcode::If;
  block_signature(in, c.params, c.results);
  Operand cond = pop();
  size_t n = c.params.size();
  bool clean = !has_local_refs();
  for (size_t i = stack_.size() - n; i < stack_.size(); ++i)
    if (stack_[i].kind != Operand::Kind::Temp) clean = false;
  std::pair<size_t, size_t> br;
  if (clean && fusable(cond)) {
    br = conditional_branch(cond, /*negate=*/true);
  } else {
    uint32_t s = slot_of(cond);
    flush_locals();
    materialize_top(n);
    Operand temp = cond;
    temp.kind = Operand::Kind::Temp;
    temp.slot = s;
    br = conditional_branch(temp, true);
  }
  if (n > 0) {
    // The then-arm consumes its parameters; keep the originals for the else arm and give
    // the then-arm copies.
    size_t first = stack_.size() - n;
    for (size_t i = 0; i < n; ++i) {
      Operand src = stack_[first + i];
      Operand& copy = push_temp(src.type);
      emit_copy(src.type, copy.canon, src.slot);
    }
    c.hidden = n;
  }
  c.stack_size = stack_.size() - n;
  c.base_slot = n ? stack_[c.stack_size].canon : next_slot();
  c.else_instr = br.first;
  c.else_word = br.second;
  last_.valid = false;
  ctl_.push_back(std::move(c));
}

void Translator::enter_else() {
  Control& c = ctl_.back();
  if (!c.entered_live) return;  // the whole if is unreachable
  if (!c.dead) {
    materialize_top(c.results.size());
    size_t start = emit(XOp::Br);
    c.fixups.emplace_back(code_.size(), start);
    c.end_targeted = true;
    word(0);
  }
  mark_label();
  code_[c.else_word].i = static_cast<int64_t>(code_.size()) - static_cast<int64_t>(c.else_instr);
  c.else_word = kNone;
  c.kind = Opcode::Else;
  c.dead = false;
  stack_.resize(c.stack_size);
  if (c.hidden > 0) {
    size_t first = stack_.size() - c.hidden;
    for (size_t i = 0; i < c.hidden; ++i) {
      Operand src = stack_[first + i];
      Operand& copy = push_temp(src.type);
      emit_copy(src.type, copy.canon, src.slot);
    }
  } else {
    // Parameters are still in their slots: the then-arm was branched over.
    for (ValType t : c.params) push_temp(t);
  }
  last_.valid = false;
}

void Translator::end_block() {
  Control& c = ctl_.back();
  if (!c.entered_live) {
    ctl_.pop_back();
    return;
  }
  bool fallthrough = !c.dead;
  if (fallthrough && !c.is_function) materialize_top(c.results.size());
  if (c.is_function) {
    if (fallthrough) {
      branch_moves(c);
      emit(XOp::Return);
    }
    ctl_.pop_back();
    return;
  }
  bool if_without_else = c.else_word != kNone;
  if (if_without_else) {
    // The false path skips to here with its parameters, which equal its results and are
    // already in place (or, with hidden originals, must be copied into place).
    if (c.hidden > 0 && fallthrough) {
      size_t skip = emit(XOp::Br);
      c.fixups.emplace_back(code_.size(), skip);
      word(0);
    }
    mark_label();
    code_[c.else_word].i = static_cast<int64_t>(code_.size()) - static_cast<int64_t>(c.else_instr);
    if (c.hidden > 0) {
      size_t first = c.stack_size - c.hidden;
      uint32_t dst = c.base_slot;
      for (size_t i = 0; i < c.hidden; ++i) {
        move(stack_[first + i], dst);
        dst += width(stack_[first + i].type);
      }
    }
  }
  bind_here(c.fixups);
  bool reachable = fallthrough || c.end_targeted || if_without_else;
  size_t keep = c.stack_size - c.hidden;
  uint32_t base = c.base_slot;
  std::span<const ValType> results = c.results;
  size_t hidden = c.hidden;
  ctl_.pop_back();
  stack_.resize(keep);
  if (hidden > 0) {
    // An `if` with parameters left its results above the hidden originals; move them down
    // to where the stack continues, so every operand sits in its position's slot.
    uint32_t canon = next_slot();
    if (reachable) {
      uint32_t src = base, dst = canon;
      for (ValType t : results) {
        emit_copy(t, dst, src);
        src += width(t);
        dst += width(t);
      }
    }
    base = canon;
  }
  for (ValType t : results) {
    Operand o;
    o.type = t;
    o.canon = o.slot = base;
    base += width(t);
    max_slot_ = std::max(max_slot_, base);
    stack_.push_back(o);
  }
  last_.valid = false;
  if (!reachable) set_dead();
}

void Translator::translate_br_if(uint32_t depth) {
  Operand cond = pop();
  Control& target = label(depth);
  if (!target.is_function && !branch_needs_moves(target)) {
    auto [start, w] = conditional_branch(cond, false);
    code_.resize(w);
    branch_word(target, start);
    return;
  }
  // Values must move before branching: skip over the moves when the condition is false.
  auto [start, w] = conditional_branch(cond, true);
  branch_moves(target);
  jump(target);
  mark_label();
  code_[w].i = static_cast<int64_t>(code_.size()) - static_cast<int64_t>(start);
}

void Translator::translate_br_table() {
  Operand index = pop();
  uint32_t s = slot_of(index);
  std::vector<uint32_t> targets = v_.br_table_targets();
  size_t count = targets.size();
  size_t start = emit(XOp::BrTable, {s, count - 1});
  size_t table = code_.size();
  for (size_t i = 0; i < count; ++i) word(0);
  // Targets that need value moves (or a return) get a stub after the table, one per label.
  std::vector<std::pair<uint32_t, size_t>> stubs;
  for (size_t i = 0; i < count; ++i) {
    Control& target = label(targets[i]);
    if (!target.is_function && !branch_needs_moves(target)) {
      if (target.kind == Opcode::Loop) {
        code_[table + i].i = static_cast<int64_t>(target.loop_start) - static_cast<int64_t>(start);
      } else {
        target.fixups.emplace_back(table + i, start);
        target.end_targeted = true;
      }
      continue;
    }
    auto it = std::find_if(stubs.begin(), stubs.end(),
                           [&](auto& p) { return p.first == targets[i]; });
    if (it == stubs.end()) {
      stubs.emplace_back(targets[i], code_.size());
      mark_label();
      branch_moves(target);
      jump(target);
      it = stubs.end() - 1;
    }
    code_[table + i].i = static_cast<int64_t>(it->second) - static_cast<int64_t>(start);
  }
  set_dead();
}

// ---- calls --------------------------------------------------------------------------

Translator::CallSite Translator::prepare_call(const Instr& in, bool indirect) {
  const FuncType& type = indirect ? m_.types[in.index] : m_.function_type(in.index);
  uint32_t index_slot = 0;
  if (indirect) {
    Operand index = pop();
    index_slot = slot_of(index);
  }
  size_t n = type.params.size();
  materialize_top(n);
  uint32_t base = n ? stack_[stack_.size() - n].canon : next_slot();
  return {&type, base, index_slot};
}

void Translator::translate_call(const Instr& in) {
  bool indirect = in.op == Opcode::CallIndirect;
  auto [type, base, index_slot] = prepare_call(in, indirect);
  stack_.resize(stack_.size() - type->params.size());
  if (indirect) {
    emit(XOp::CallIndirect,
         {reinterpret_cast<uint64_t>(out_.types[in.index]), in.index2, base, index_slot});
  } else if (in.index < m_.imported_functions) {
    emit(XOp::CallImport, {in.index, base});
  } else {
    emit(XOp::Call, {reinterpret_cast<uint64_t>(&out_.functions[in.index - m_.imported_functions]),
                     base});
  }
  for (ValType t : type->results) push_temp(t);
}

// return_call: the arguments replace this frame's parameters, then the callee runs in
// this frame's place (no frame record is pushed).
void Translator::translate_tail_call(const Instr& in) {
  bool indirect = in.op == Opcode::ReturnCallIndirect;
  auto [type, base, index_slot] = prepare_call(in, indirect);
  uint32_t arg_slots = 0;
  for (ValType t : type->params) arg_slots += width(t);
  if (indirect) {
    emit(XOp::ReturnCallIndirect, {reinterpret_cast<uint64_t>(out_.types[in.index]), in.index2,
                                   base, index_slot, arg_slots});
  } else if (in.index < m_.imported_functions) {
    emit(XOp::ReturnCallImport, {in.index, base, arg_slots});
  } else {
    emit(XOp::ReturnCall,
         {reinterpret_cast<uint64_t>(&out_.functions[in.index - m_.imported_functions]), base,
          arg_slots});
  }
  set_dead();
}

}  // namespace wasmbind::detail::translation

namespace wasmbind::detail {

// ---- entry points (translator.h) ----------------------------------------------------

bool translate_function(const ModuleContext& context, uint32_t function_index, CompiledCode& code) {
  try {
    return translation::Translator(context, function_index, code).run();
  } catch (WasmError& e) {
    if (e.error().kind != ErrorKind::Limit) throw;
    // A limit of the interpreter (locals, frame size) must not hide a validation error or a
    // malformed encoding later in the body: validate the whole body first.
    validate_function_body(context, function_index);
    throw;
  }
}

void prepare_compiled_code(const ModuleIr& module, CompiledCode& code) {
  code.types.reserve(module.types.size());
  for (const FuncType& t : module.types) code.types.push_back(intern_type(t));
  code.functions.resize(module.functions.size());
  for (size_t i = 0; i < code.functions.size(); ++i)
    code.functions[i].index = module.imported_functions + static_cast<uint32_t>(i);
  code.words.reserve(module.bytes.size());
}

void finish_compiled_code(CompiledCode& code) {
  code.words.shrink_to_fit();
  for (CompiledFunction& f : code.functions) f.entry = code.words.data() + f.entry_offset;
}

}  // namespace wasmbind::detail
