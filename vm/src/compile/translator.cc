#include "compile/translator.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <limits>

#include "compile/op_selection.h"
#include "exec/ops.h"

namespace wasmbind::detail {
namespace {

constexpr size_t kNone = std::numeric_limits<size_t>::max();
// Frames are addressed with 32-bit slot indices; keep well inside that.
constexpr uint64_t kMaxFrameSlots = 1u << 28;
// Valid modules may declare up to 2^32-1 locals; the interpreter runs functions with up to
// 100,000 of them (each frame gets a slot per local, zeroed on every call; wasmtime's
// validator stops at 50,000).
constexpr uint64_t kMaxLocals = 100'000;

uint32_t width(ValType t) { return t == ValType::V128 ? 2 : 1; }

struct Operand {
  enum class Kind : uint8_t { Temp, Local, Const };
  Kind kind = Kind::Temp;
  ValType type = ValType::I32;
  uint32_t slot = 0;   // where the value is now (Temp: == canon; Local: the local's slot)
  uint32_t canon = 0;  // the slot reserved for this stack position
  uint64_t lo = 0, hi = 0;  // Const bits
};

struct Control {
  Opcode kind = Opcode::Block;
  std::span<const ValType> params, results;
  size_t stack_size = 0;  // operands below the block's parameters
  uint32_t base_slot = 0;  // first parameter slot on entry; first result slot on exit
  size_t hidden = 0;       // `if` with parameters: originals kept below for the else arm
  std::vector<std::pair<size_t, size_t>> fixups;  // (offset word, instruction start)
  size_t loop_start = 0;
  size_t else_word = kNone, else_instr = kNone;  // the branch to the else arm
  bool is_function = false;
  bool entered_live = true;
  bool dead = false;           // the code at this point cannot run
  bool end_targeted = false;   // some branch goes to the end
};

// The last emitted instruction, while it is the last and its result is on top of the
// stack: a following local.set can retarget its destination, and the instruction consuming
// the result can absorb it (a comparison into br_if/if, address arithmetic into a load or
// store, a load into f64 arithmetic) by truncating the code back to `start`.
struct LastInstr {
  enum class Kind : uint8_t {
    Other,
    Compare,  // a <cmp> b (b a slot, or an immediate if `imm`); `compare` its index
    Eqz,      // i32.eqz a
    Eqz64,    // i64.eqz a
    ShiftImm,  // i32 shift or rotate (op) of a by the constant b (< 32)
    AddImm,    // i32.add a and the constant b (i32.sub by c is an add of -c); if `shifted`,
               // (a << k) + b, with start at the i32.shl feeding it
    Add,       // i32.add a b (slots)
    AddShl,    // I32AddShl: a + (b << k)
    Load,      // a load (op `load`) from (u32)(a + b) + offset, b = 0 unless fused
    F64ArithLoad,  // F64<op>Load: d = other <op> load(a + b, offset); `rmw` its store form
    AddToLocal,    // AddImm or Add retargeted into the local `dst` (b a constant if `imm`)
  };
  bool valid = false;
  size_t start = 0;
  size_t head = 0;       // the word of the producing op's handler (start, unless combined)
  XOp xop = XOp::Br;     // the op there (when emitted by emit_numeric)
  bool has_twin = false; // the op has a form that leaves its result in the accumulator,
  XOp twin = XOp::Br;    // this one
  bool a_acc = false;    // its (left) operand came from the accumulator
  size_t dst_word = 0;
  uint32_t dst = 0;
  Kind kind = Kind::Other;
  int compare = -1;
  bool imm = false;
  bool negated = false;  // Compare: the value is the comparison's negation (cmp + i32.eqz)
  bool shifted = false;  // AddImm: see above
  uint64_t other = 0;    // F64ArithLoad: the other operand's slot
  XOp arith = XOp::Br;   // F64ArithLoad: the op
  XOp rmw = XOp::Br;     // F64ArithLoad: the read-modify-write op, Br if none
  // F64ArithLoad (an add): its other operand is the product an F64MulLoad right before it
  // computed (s * load64(b + c + offset)), starting at axpy_start.
  bool axpy = false;
  size_t axpy_start = 0;
  uint64_t axpy_s = 0, axpy_b = 0, axpy_c = 0, axpy_offset = 0;
  // Compare: its left operand is the local an AddToLocal (described by these) just wrote.
  bool after_add = false;
  size_t add_start = 0;
  uint64_t add_a = 0, add_b = 0;
  bool add_imm = false;
  uint64_t a = 0, b = 0, k = 0, offset = 0;
  XOp load = XOp::Load64;
  Opcode op = Opcode::Nop;  // the Wasm instruction it came from
};

class Translator {
 public:
  Translator(const ModuleContext& ctx, uint32_t function_index, CompiledCode& out)
      : v_(ctx, function_index),
        m_(*ctx.module),
        out_(out),
        code_(out.words),
        fn_(out.functions[function_index - m_.imported_functions]) {}

  bool run() {
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

 private:
  // ---- frame layout ------------------------------------------------------------------

  void layout_locals() {
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

  uint32_t local_slot(uint32_t index) const { return local_slots_[index]; }

  // ---- operand stack -----------------------------------------------------------------

  uint32_t next_slot() const {
    return stack_.empty() ? temp_base_ : stack_.back().canon + width(stack_.back().type);
  }
  Operand& push(Operand::Kind kind, ValType type, uint32_t slot = 0) {
    Operand o;
    o.kind = kind;
    o.type = type;
    o.canon = next_slot();
    o.slot = kind == Operand::Kind::Temp ? o.canon : slot;
    uint64_t top = uint64_t{o.canon} + width(type);
    if (top > kMaxFrameSlots) throw WasmError(ErrorKind::Limit, "function frame too large", 0);
    max_slot_ = std::max(max_slot_, static_cast<uint32_t>(top));
    stack_.push_back(o);
    return stack_.back();
  }
  Operand& push_temp(ValType type) { return push(Operand::Kind::Temp, type); }
  void push_const(ValType type, uint64_t lo, uint64_t hi = 0) {
    Operand& o = push(Operand::Kind::Const, type);
    o.lo = lo;
    o.hi = hi;
  }
  Operand pop() {
    Operand o = stack_.back();
    stack_.pop_back();
    return o;
  }

  // Puts the value in its reserved slot (for Local and Const operands) and returns the slot.
  uint32_t materialize(Operand& o) {
    if (o.kind == Operand::Kind::Local) {
      emit_copy(o.type, o.canon, o.slot);
    } else if (o.kind == Operand::Kind::Const) {
      if (o.type == ValType::V128) emit(XOp::Const128, {o.canon, o.lo, o.hi});
      else emit(XOp::Const64, {o.canon, o.lo});
    }
    o.kind = Operand::Kind::Temp;
    o.slot = o.canon;
    return o.slot;
  }
  // The slot to read an operand from: a Local is read in place, a Const needs a slot.
  uint32_t slot_of(Operand& o) {
    return o.kind == Operand::Kind::Const ? materialize(o) : o.slot;
  }
  // Locals that stay on the stack across a block boundary or a write to the local must be
  // copied out first: the copy must happen on every path that reaches the merge point.
  void flush_locals() {
    for (Operand& o : stack_)
      if (o.kind == Operand::Kind::Local) materialize(o);
  }
  bool has_local_refs() const {
    for (const Operand& o : stack_)
      if (o.kind == Operand::Kind::Local) return true;
    return false;
  }
  void materialize_top(size_t n) {
    for (size_t i = stack_.size() - n; i < stack_.size(); ++i) materialize(stack_[i]);
  }

  // Writes operand `o` into slot `dst`.
  void move(Operand& o, uint32_t dst) {
    if (o.kind == Operand::Kind::Temp || o.kind == Operand::Kind::Local) {
      if (o.slot == dst) return;
      emit_copy(o.type, dst, o.slot);
    } else if (o.type == ValType::V128) {
      emit(XOp::Const128, {dst, o.lo, o.hi});
    } else {
      emit(XOp::Const64, {dst, o.lo});
    }
  }

  // ---- emission ----------------------------------------------------------------------

  size_t emit(XOp op, std::initializer_list<uint64_t> operands = {}) {
    last_.valid = false;
    size_t start = code_.size();
    Word w;
    w.handler = handler(op);
    if (w.handler == nullptr)
      throw WasmError(ErrorKind::Limit,
                      "instruction not supported by the interpreter: " +
                          std::string(name(v_.instr().op)),
                      v_.instr().offset);
    code_.push_back(w);
    for (uint64_t u : operands) word(u);
    recent_starts_[recent_count_++ % recent_starts_.size()] = start;
    return start;
  }
  // Where the instruction emitted before the one at `start` begins, if still remembered.
  size_t previous_start(size_t start) const {
    const size_t window = std::min(recent_count_, recent_starts_.size());
    for (size_t i = 1; i < window; ++i)
      if (recent_starts_[(recent_count_ - i) % recent_starts_.size()] == start)
        return recent_starts_[(recent_count_ - i - 1) % recent_starts_.size()];
    return kNone;
  }
  // A slot-to-slot copy. Copies come in runs (locals rotated in a loop, values moved into
  // place before a branch): a scalar copy right after another, with no branch landing
  // between them, joins it as one Copy64x2 (still done in order).
  void emit_copy(ValType type, uint64_t dst, uint64_t src) {
    if (type == ValType::V128) {
      emit(XOp::Copy128, {dst, src});
      last_copy_ = kNone;
      return;
    }
    if (last_copy_ != kNone && last_copy_ + 3 == code_.size() && label_at_ <= last_copy_ &&
        code_[last_copy_].handler == handler(XOp::Copy64)) {
      code_[last_copy_].handler = handler(XOp::Copy64x2);
      word(dst);
      word(src);
      last_copy_ = kNone;
      last_.valid = false;
      return;
    }
    last_copy_ = emit(XOp::Copy64, {dst, src});
  }
  // Notes that a branch may land at the current end of the code.
  void mark_label() { label_at_ = code_.size(); }

  void word(uint64_t u) {
    Word w;
    w.u = u;
    code_.push_back(w);
  }
  // A branch operand word to `target` (a Control), from the instruction starting at `start`.
  void branch_word(Control& target, size_t start) {
    if (target.kind == Opcode::Loop) {
      word(static_cast<uint64_t>(static_cast<int64_t>(target.loop_start) - static_cast<int64_t>(start)));
    } else {
      target.fixups.emplace_back(code_.size(), start);
      target.end_targeted = true;
      word(0);
    }
  }
  void bind_here(std::vector<std::pair<size_t, size_t>>& fixups) {
    mark_label();
    for (auto [w, start] : fixups)
      code_[w].i = static_cast<int64_t>(code_.size()) - static_cast<int64_t>(start);
    fixups.clear();
  }

  Control& label(uint32_t depth) { return ctl_[ctl_.size() - 1 - depth]; }
  std::span<const ValType> label_types(const Control& c) const {
    return c.kind == Opcode::Loop ? c.params : c.results;
  }

  void set_dead() {
    Control& c = ctl_.back();
    c.dead = true;
    if (stack_.size() > c.stack_size) stack_.resize(c.stack_size);
    last_.valid = false;
  }

  // Copies the top values for a branch to `target` into its slots (or, for the function's
  // label, into the result slots 0..n) without popping them.
  bool branch_needs_moves(const Control& target) const {
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
  void branch_moves(const Control& target) {
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
  void jump(Control& target) {
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

  // ---- instructions ------------------------------------------------------------------

  void translate(const Instr& in) {
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
  void reject_other_memories(const Instr& in, const OpcodeInfo& op) {
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
  void translate_dead(const Instr& in) {
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

  void three_operands(XOp op, std::initializer_list<uint64_t> leading) {
    Operand c = pop(), b = pop(), a = pop();
    uint32_t sa = slot_of(a), sb = slot_of(b), sc = slot_of(c);
    last_.valid = false;
    size_t start = emit(op, leading);
    (void)start;
    word(sa);
    word(sb);
    word(sc);
  }

  void translate_numeric(const Instr& in, const OpcodeInfo& op) {
    int params = (op.params[0] != SigType::NONE) + (op.params[1] != SigType::NONE) +
                 (op.params[2] != SigType::NONE);
    ValType rt = result_type(op.result);
    if (params == 0) {  // constants
      uint64_t lo, hi;
      std::memcpy(&lo, in.bytes.data(), 8);
      std::memcpy(&hi, in.bytes.data() + 8, 8);
      if (in.op == Opcode::I32Const || in.op == Opcode::F32Const) lo &= 0xFFFFFFFFu;
      push_const(rt, lo, hi);
      return;
    }
    if (params == 1) {
      Operand a = pop();
      uint32_t sa = slot_of(a);
      const bool negates_compare =
          in.op == Opcode::I32Eqz && just_computed(a, LastInstr::Kind::Compare);
      const LastInstr compare = last_;
      size_t start = emit_numeric(in.op, forwardable(a, in.op, NumForm::AS_S) ? NumForm::AS_S
                                                                              : NumForm::SS_S,
                                  {a.canon, sa});
      push_temp(rt);
      if (negates_compare) {
        // A branch on (a <cmp> b) == 0 can still fuse: it branches on the negation, and
        // removes the comparison along with the i32.eqz (whose destination stays the one a
        // local.set would retarget, and whose handler the accumulator form would replace).
        const LastInstr eqz = last_;
        last_ = compare;
        last_.head = eqz.head;
        last_.xop = eqz.xop;
        last_.has_twin = eqz.has_twin;
        last_.twin = eqz.twin;
        last_.dst_word = start + 1;
        last_.negated = !compare.negated;
        return;
      }
      if (in.op == Opcode::I32Eqz || in.op == Opcode::I64Eqz) {
        last_.kind = in.op == Opcode::I32Eqz ? LastInstr::Kind::Eqz : LastInstr::Kind::Eqz64;
        last_.a = sa;
      }
      return;
    }
    if (params == 3) {
      Operand c = pop(), b = pop(), a = pop();
      uint32_t sa = slot_of(a), sb = slot_of(b), sc = slot_of(c);
      size_t start = emit(numeric_op(in.op), {a.canon, sa, sb, sc});
      push_temp(rt);
      note_result(start, a.canon, in.op);
      return;
    }
    // (binary)
    Operand b = pop(), a = pop();
    uint32_t dst = a.canon;
    if (fuse_f64_load(in.op, a, b, dst)) return;
    if (fuse_v128_load(in.op, a, b, dst)) return;
    if (fuse_f64_product(in.op, a, b, dst)) return;
    if (fuse_v128_mac(in.op, a, b, dst)) return;
    if (fuse_mul_by_lane(in.op, a, b, dst)) return;
    bool imm_form = handler(numeric_imm_op(in.op)) != nullptr;
    if (imm_form && b.kind == Operand::Kind::Const && b.type == ValType::V128) {
      // A SIMD op with a v128 constant: d a lo hi.
      uint32_t sa = slot_of(a);
      size_t start = emit(numeric_imm_op(in.op), {dst, sa, b.lo, b.hi});
      push_temp(rt);
      note_result(start, dst, in.op);
      return;
    }
    if (imm_form && a.kind == Operand::Kind::Const && b.kind != Operand::Kind::Const &&
        commutative(in.op)) {
      std::swap(a, b);
    }
    const int compare = compare_index(in.op);
    if (imm_form && b.kind == Operand::Kind::Const) {
      uint32_t sa = slot_of(a);
      // What was emitted before this instruction (after any constant `a` needed).
      const LastInstr prev = last_;
      emit_numeric(in.op, forwardable(a, in.op, NumForm::AI_S) ? NumForm::AI_S : NumForm::SI_S,
                   {dst, sa, b.lo});
      push_temp(rt);
      last_.a = sa;
      last_.b = b.lo;
      if (compare >= 0) {
        note_compare(prev, a, compare, true);
      } else if (in.op == Opcode::I32Shl || in.op == Opcode::I32ShrS ||
                 in.op == Opcode::I32ShrU || in.op == Opcode::I32Rotl ||
                 in.op == Opcode::I32Rotr) {
        last_.kind = LastInstr::Kind::ShiftImm;
        last_.b = b.lo & 31;
      } else if (in.op == Opcode::I32Add || in.op == Opcode::I32Sub) {
        last_.kind = LastInstr::Kind::AddImm;
        last_.b = in.op == Opcode::I32Add ? b.lo : (0 - b.lo) & 0xFFFFFFFFu;
        if (prev.valid && prev.kind == LastInstr::Kind::ShiftImm && prev.op == Opcode::I32Shl &&
            a.kind == Operand::Kind::Temp && a.slot == prev.dst) {
          // (x << k) + c: keep both, but let a load or store take them as one address.
          last_.shifted = true;
          last_.k = prev.b;
          last_.a = prev.a;
          last_.start = prev.start;
        }
      }
      return;
    }
    if (in.op == Opcode::I32Add && fuse_add_shl(a, b, dst)) return;
    if (fuse_shifted_operand(in.op, a, b, dst)) return;
    uint32_t sa = slot_of(a), sb = slot_of(b);
    const LastInstr prev = last_;
    NumForm form = forwardable(a, in.op, NumForm::AS_S)   ? NumForm::AS_S
                   : forwardable(b, in.op, NumForm::SA_S) ? NumForm::SA_S
                                                          : NumForm::SS_S;
    emit_numeric(in.op, form, {dst, sa, sb});
    push_temp(rt);
    last_.a = sa;
    last_.b = sb;
    if (compare >= 0) note_compare(prev, a, compare, false);
    else if (in.op == Opcode::I32Add) last_.kind = LastInstr::Kind::Add;
  }

  // Records the comparison just emitted (operands in last_.a/b). If its left operand is the
  // local that the instruction before (`prev`) updated with an add, a branch on it can take
  // both (the loop counter idiom), when the right operand is a constant.
  void note_compare(const LastInstr& prev, const Operand& left, int compare, bool imm) {
    last_.kind = LastInstr::Kind::Compare;
    last_.compare = compare;
    last_.imm = imm;
    last_.negated = false;
    if (imm && static_cast<size_t>(compare) < kI32CompareCount && prev.valid &&
        prev.kind == LastInstr::Kind::AddToLocal && left.kind == Operand::Kind::Local &&
        left.slot == prev.dst) {
      last_.after_add = true;
      last_.add_start = prev.start;
      last_.add_a = prev.a;
      last_.add_b = prev.b;
      last_.add_imm = prev.imm;
    }
  }

  // An i32 add/sub/and/or/xor with an operand shifted or rotated by a constant by the
  // instruction just emitted: one op (I32<op><shift>).
  bool fuse_shifted_operand(Opcode op, Operand& a, Operand& b, uint32_t dst) {
    static constexpr Opcode kShifts[] = {Opcode::I32Shl, Opcode::I32ShrS, Opcode::I32ShrU,
                                         Opcode::I32Rotl, Opcode::I32Rotr};
    static constexpr XOp kFused[][5] = {
        {XOp::I32AddShl, XOp::I32AddShrS, XOp::I32AddShrU, XOp::I32AddRotl, XOp::I32AddRotr},
        {XOp::I32SubShl, XOp::I32SubShrS, XOp::I32SubShrU, XOp::I32SubRotl, XOp::I32SubRotr},
        {XOp::I32AndShl, XOp::I32AndShrS, XOp::I32AndShrU, XOp::I32AndRotl, XOp::I32AndRotr},
        {XOp::I32OrShl, XOp::I32OrShrS, XOp::I32OrShrU, XOp::I32OrRotl, XOp::I32OrRotr},
        {XOp::I32XorShl, XOp::I32XorShrS, XOp::I32XorShrU, XOp::I32XorRotl, XOp::I32XorRotr},
    };
    int row;
    switch (op) {
      case Opcode::I32Add: row = 0; break;
      case Opcode::I32Sub: row = 1; break;
      case Opcode::I32And: row = 2; break;
      case Opcode::I32Or: row = 3; break;
      case Opcode::I32Xor: row = 4; break;
      default: return false;
    }
    Operand* other;
    if (just_computed(b, LastInstr::Kind::ShiftImm)) {
      other = &a;
    } else if (row != 1 && just_computed(a, LastInstr::Kind::ShiftImm) &&
               b.kind == Operand::Kind::Local) {
      other = &b;
    } else {
      return false;
    }
    LastInstr shift = last_;
    int column = static_cast<int>(std::find(std::begin(kShifts), std::end(kShifts), shift.op) -
                                  std::begin(kShifts));
    truncate(shift.start);
    uint32_t s = slot_of(*other);  // a constant gets a slot of its own, not the shift's source
    size_t start = emit(kFused[row][column], {dst, s, shift.a, shift.b});
    push_temp(ValType::I32);
    note_result(start, dst, op);
    return true;
  }

  // ---- the accumulator ------------------------------------------------------------------
  //
  // An op whose result is an operand of the op right after it can leave it in the
  // accumulator (a handler argument, so a register) instead of a slot: the producer's handler
  // is switched to its ..._A form and the consumer reads that operand in an A.. form. The
  // slot words stay, so a fusion that later removes the consumer can switch the producer
  // back (truncate()).

  // Whether operand `o`, consumed by numeric op `op` in `form`, can come from the accumulator.
  bool forwardable(const Operand& o, Opcode op, NumForm form) const {
    return in_acc(o) && handler(numeric_form_op(op, form)) != nullptr;
  }
  // Whether operand `o` is the result of the last instruction and can be handed over in the
  // accumulator.
  bool in_acc(const Operand& o) const {
    return last_.valid && last_.has_twin && o.kind == Operand::Kind::Temp && o.slot == last_.dst;
  }

  // Emits `op`, which reads the last instruction's result from the accumulator: that
  // instruction is switched to its accumulator form first.
  size_t emit_from_acc(XOp op, std::initializer_list<uint64_t> words) {
    const size_t producer = last_.head;
    const XOp producer_op = last_.xop;
    code_[producer].handler = handler(last_.twin);
    size_t start = emit(op, words);
    forwards_[forward_count_++ % forwards_.size()] = {producer, start, producer_op};
    return start;
  }
  // Notes the op just emitted (`x`) as one whose result may go to the accumulator instead,
  // in its form `twin` (if that has a handler).
  void note_twin(XOp x, XOp twin) {
    last_.xop = x;
    if (handler(twin) != nullptr) {
      last_.has_twin = true;
      last_.twin = twin;
    }
  }

  // Emits numeric op `op` in `form` and notes it as the last instruction (with its
  // accumulator twin); an A.. form first switches the producer to its accumulator form.
  size_t emit_numeric(Opcode op, NumForm form, std::initializer_list<uint64_t> words) {
    const bool from_acc = form == NumForm::AS_S || form == NumForm::AI_S || form == NumForm::SA_S;
    const XOp x = numeric_form_op(op, form);
    size_t start = from_acc ? emit_from_acc(x, words) : emit(x, words);
    note_result(start, *words.begin(), op);
    note_twin(x, numeric_form_op(op, to_acc(form)));
    last_.a_acc = form == NumForm::AS_S || form == NumForm::AI_S;
    return start;
  }

  // Cuts the code back to `start` (to replace the instructions from there by a fused op). A
  // producer before `start` whose consumer is removed goes back to writing its slot, unless
  // `keep_handover`: the fused op reads the accumulator in the removed consumer's place.
  void truncate(size_t start, bool keep_handover = false) {
    for (Forward& f : forwards_) {
      if (f.consumer == SIZE_MAX || f.consumer < start) continue;
      if (f.producer < start && !keep_handover) code_[f.producer].handler = handler(f.op);
      f = Forward{};
    }
    code_.resize(start);
    if (last_copy_ != kNone && last_copy_ >= start) last_copy_ = kNone;
    while (recent_count_ > 0 &&
           recent_starts_[(recent_count_ - 1) % recent_starts_.size()] >= start)
      --recent_count_;
  }

  // Whether operand `o` is the result of the last instruction, still removable.
  bool just_computed(const Operand& o, LastInstr::Kind kind) const {
    return last_.valid && last_.kind == kind && o.kind == Operand::Kind::Temp && o.slot == last_.dst;
  }

  // `base + (index << k)`, the address arithmetic of array accesses, becomes one op when the
  // shift was the instruction just emitted and the other operand needs no code.
  bool fuse_add_shl(const Operand& a, const Operand& b, uint32_t dst) {
    const Operand* shifted = nullptr;
    const Operand* base = nullptr;
    if (last_.op != Opcode::I32Shl) return false;
    if (just_computed(b, LastInstr::Kind::ShiftImm) && a.kind != Operand::Kind::Const) {
      shifted = &b, base = &a;
    } else if (just_computed(a, LastInstr::Kind::ShiftImm) && b.kind == Operand::Kind::Local) {
      shifted = &a, base = &b;
    }
    if (!shifted) return false;
    LastInstr shl = last_;
    truncate(shl.start);
    size_t start = emit(XOp::I32AddShl, {dst, base->slot, shl.a, shl.b});
    push_temp(ValType::I32);
    note_result(start, dst, Opcode::I32Add);
    last_.kind = LastInstr::Kind::AddShl;
    last_.a = base->slot;
    last_.b = shl.a;
    last_.k = shl.b;
    return true;
  }

  // f64 add/sub/mul/div with an operand loaded by the instruction just emitted: the load
  // folds into the arithmetic (F64<op>Load, or ..LoadRev when the loaded value is the left
  // operand of sub or div).
  bool fuse_f64_load(Opcode op, Operand& a, Operand& b, uint32_t dst) {
    XOp fused, fused_rev;
    switch (op) {
      case Opcode::F64Add: fused = fused_rev = XOp::F64AddLoad; break;
      case Opcode::F64Mul: fused = fused_rev = XOp::F64MulLoad; break;
      case Opcode::F64Sub: fused = XOp::F64SubLoad, fused_rev = XOp::F64SubLoadRev; break;
      case Opcode::F64Div: fused = XOp::F64DivLoad, fused_rev = XOp::F64DivLoadRev; break;
      default: return false;
    }
    if (!last_.valid || last_.op != Opcode::F64Load) return false;
    Operand* other;
    XOp x;
    if (just_computed(b, LastInstr::Kind::Load)) {
      other = &a, x = fused;
    } else if (just_computed(a, LastInstr::Kind::Load)) {
      other = &b, x = fused_rev;
    } else {
      return false;
    }
    LastInstr load = last_;
    // The product of an F64MulLoad emitted just before the load, added: an axpy step.
    const LastInstr mul = before_load_;
    const bool axpy = x == XOp::F64AddLoad && other == &a && mul.valid &&
                      mul.kind == LastInstr::Kind::F64ArithLoad && mul.arith == XOp::F64MulLoad &&
                      a.kind == Operand::Kind::Temp && a.slot == mul.dst;
    truncate(load.start);
    // A constant operand gets its own slot (never the load's address slot: that belongs to
    // the loaded operand's stack position).
    uint32_t s = slot_of(*other);
    size_t start = emit(x, {dst, s, load.a, load.b, load.offset});
    push_temp(ValType::F64);
    note_result(start, dst, op);
    if (axpy) {
      last_.axpy = true;
      last_.axpy_start = mul.start;
      last_.axpy_s = mul.other;
      last_.axpy_b = mul.a;
      last_.axpy_c = mul.b;
      last_.axpy_offset = mul.offset;
    }
    last_.arith = x;
    last_.kind = LastInstr::Kind::F64ArithLoad;
    last_.other = s;
    last_.a = load.a;
    last_.b = load.b;
    last_.offset = load.offset;
    switch (x) {
      case XOp::F64AddLoad: last_.rmw = XOp::F64AddStore; break;
      case XOp::F64MulLoad: last_.rmw = XOp::F64MulStore; break;
      case XOp::F64SubLoad: last_.rmw = XOp::F64SubStore; break;
      case XOp::F64SubLoadRev: last_.rmw = XOp::F64SubStoreRev; break;
      default: last_.rmw = XOp::Br; break;
    }
    return true;
  }

  // f64 mul/add/sub with an operand that the f64.mul just emitted computed from two slots:
  // one op, F64Mul<op> d a b y (each result still rounded on its own). The other operand y
  // must need no code: a constant would take a slot the product's operands may still be in.
  bool fuse_f64_product(Opcode op, const Operand& a, const Operand& b, uint32_t dst) {
    if (op != Opcode::F64Mul && op != Opcode::F64Add && op != Opcode::F64Sub) return false;
    if (!last_.valid || last_.op != Opcode::F64Mul || last_.kind != LastInstr::Kind::Other ||
        last_.xop != numeric_form_op(Opcode::F64Mul, NumForm::SS_S))
      return false;
    const bool product_left = a.kind == Operand::Kind::Temp && a.slot == last_.dst;
    const bool product_right = b.kind == Operand::Kind::Temp && b.slot == last_.dst;
    if (product_left == product_right) return false;
    const Operand& y = product_left ? b : a;
    if (y.kind == Operand::Kind::Const) return false;
    XOp x, twin;
    switch (op) {
      case Opcode::F64Mul: x = XOp::F64MulMul, twin = XOp::F64MulMulA; break;
      case Opcode::F64Add: x = XOp::F64MulAdd, twin = XOp::F64MulAddA; break;
      default:
        if (product_left) x = XOp::F64MulRsub, twin = XOp::F64MulRsubA;
        else x = XOp::F64MulSub, twin = XOp::F64MulSubA;
    }
    const LastInstr mul = last_;
    truncate(mul.start);
    size_t start = emit(x, {dst, mul.a, mul.b, y.slot});
    push_temp(ValType::F64);
    note_result(start, dst, op);
    note_twin(x, twin);
    return true;
  }

  // A SIMD binary op with an operand v128-loaded by the instruction just emitted: the load
  // folds in (form SM_S, or MS_S when the loaded value is the left operand).
  bool fuse_v128_load(Opcode op, Operand& a, Operand& b, uint32_t dst) {
    if (!last_.valid || last_.kind != LastInstr::Kind::Load || last_.load != XOp::Load128)
      return false;
    NumForm form;
    Operand* other;
    if (just_computed(b, LastInstr::Kind::Load) && a.kind != Operand::Kind::Const) {
      form = NumForm::SM_S, other = &a;
    } else if (just_computed(a, LastInstr::Kind::Load) && b.kind == Operand::Kind::Local) {
      form = NumForm::MS_S, other = &b;
    } else {
      return false;
    }
    if (handler(numeric_form_op(op, form)) == nullptr) return false;
    LastInstr load = last_;
    truncate(load.start);
    size_t start = emit(numeric_form_op(op, form), {dst, other->slot, load.a, load.b, load.offset});
    push_temp(ValType::V128);
    note_result(start, dst, op);
    last_.xop = numeric_form_op(op, form);  // fuse_v128_mac reads the form
    return true;
  }

  // f32x4.mul by a lane splat (an i8x16.shuffle) just emitted: one op, F32x4MulLane (the
  // splat on the right) or F32x4MulLaneL (on the left), the order kept for NaN bits.
  bool fuse_mul_by_lane(Opcode op, const Operand& a, const Operand& b, uint32_t dst) {
    if (op != Opcode::F32x4Mul || !last_.valid || last_.op != Opcode::I8x16Shuffle) return false;
    const int lane = static_cast<int>(last_.xop) - static_cast<int>(XOp::V128Splat32Lane0);
    if (lane < 0 || lane > 3) return false;
    const bool splat_left = a.kind == Operand::Kind::Temp && a.slot == last_.dst;
    const bool splat_right = b.kind == Operand::Kind::Temp && b.slot == last_.dst;
    if (splat_left == splat_right) return false;
    const Operand& other = splat_left ? b : a;
    if (other.kind == Operand::Kind::Const) return false;
    static_assert(static_cast<int>(XOp::V128Splat32Lane3) - static_cast<int>(XOp::V128Splat32Lane0) == 3 &&
                  static_cast<int>(XOp::F32x4MulLane3) - static_cast<int>(XOp::F32x4MulLane0) == 3 &&
                  static_cast<int>(XOp::F32x4MulLaneL3) - static_cast<int>(XOp::F32x4MulLaneL0) == 3);
    const XOp x = static_cast<XOp>(
        static_cast<int>(splat_left ? XOp::F32x4MulLaneL0 : XOp::F32x4MulLane0) + lane);
    if (handler(x) == nullptr) return false;
    const uint64_t source = last_.a;
    truncate(last_.start);
    const size_t start = emit(x, {dst, other.slot, source});
    push_temp(ValType::V128);
    note_result(start, dst, op);
    return true;
  }

  // A SIMD add whose operand is the product the op just emitted computed (i32x4.dot_i16x8_s,
  // i16x8.mul or f32x4.mul, of slots or with a v128-loaded operand), the other operand
  // needing no code: one multiply-accumulate op, V128Mac.. (ops.h).
  bool fuse_v128_mac(Opcode op, const Operand& a, const Operand& b, uint32_t dst) {
    Opcode product_op;
    XOp first;
    switch (op) {
      case Opcode::I32x4Add: product_op = Opcode::I32x4DotI16x8S, first = XOp::V128MacDotSS; break;
      case Opcode::I16x8Add: product_op = Opcode::I16x8Mul, first = XOp::V128MacI16SS; break;
      case Opcode::F32x4Add: product_op = Opcode::F32x4Mul, first = XOp::V128MacF32SS; break;
      default: return false;
    }
    static_assert(static_cast<int>(XOp::V128MacDotMSL) - static_cast<int>(XOp::V128MacDotSS) == 5 &&
                  static_cast<int>(XOp::V128MacI16MSL) - static_cast<int>(XOp::V128MacI16SS) == 5 &&
                  static_cast<int>(XOp::V128MacF32MSL) - static_cast<int>(XOp::V128MacF32SS) == 5);
    if (!last_.valid || last_.op != product_op || last_.kind != LastInstr::Kind::Other) return false;
    int mem;
    if (last_.xop == numeric_form_op(product_op, NumForm::SS_S)) mem = 0;
    else if (last_.xop == numeric_form_op(product_op, NumForm::SM_S)) mem = 1;
    else if (last_.xop == numeric_form_op(product_op, NumForm::MS_S)) mem = 2;
    else return false;
    const bool product_left = a.kind == Operand::Kind::Temp && a.slot == last_.dst;
    const bool product_right = b.kind == Operand::Kind::Temp && b.slot == last_.dst;
    if (product_left == product_right) return false;
    const Operand& y = product_left ? b : a;
    if (y.kind == Operand::Kind::Const) return false;
    const XOp x = static_cast<XOp>(static_cast<int>(first) + mem + (product_left ? 3 : 0));
    if (handler(x) == nullptr) return false;
    // The product's operand words after its destination: a b, or other address c off.
    const size_t start = last_.start;
    const size_t operand_words = mem == 0 ? 2 : 4;
    uint64_t w[4];
    for (size_t i = 0; i < operand_words; ++i) w[i] = code_[start + 2 + i].u;
    truncate(start);
    if (mem == 0) emit(x, {dst, w[0], w[1], y.slot});
    else emit(x, {dst, w[0], w[1], w[2], w[3], y.slot});
    push_temp(ValType::V128);
    note_result(start, dst, op);
    return true;
  }

  void note_result(size_t start, uint32_t dst, Opcode op) {
    last_.valid = true;
    last_.start = start;
    last_.head = start;
    last_.has_twin = false;
    last_.xop = XOp::Br;
    last_.a_acc = false;
    last_.dst_word = start + 1;
    last_.dst = dst;
    last_.kind = LastInstr::Kind::Other;
    last_.op = op;
    last_.shifted = false;
    last_.after_add = false;
    last_.negated = false;
    last_.axpy = false;
  }
  // Whether the last instruction computed `cond` and can be fused into a branch.
  bool fusable(const Operand& cond) const {
    return just_computed(cond, LastInstr::Kind::Compare) ||
           just_computed(cond, LastInstr::Kind::Eqz) ||
           just_computed(cond, LastInstr::Kind::Eqz64) || tests_added_local(cond);
  }
  // Whether `cond` is the local that the last instruction set to itself plus a constant.
  bool tests_added_local(const Operand& cond) const {
    return last_.valid && last_.kind == LastInstr::Kind::AddToLocal && last_.imm &&
           cond.kind == Operand::Kind::Local && cond.slot == last_.dst;
  }
  // Emits a conditional branch on `cond` (taken when true, or when false if `negate`),
  // fusing a just-computed comparison; returns the instruction start and the offset word.
  std::pair<size_t, size_t> conditional_branch(Operand& cond, bool negate) {
    if (fusable(cond)) {
      LastInstr l = last_;
      size_t start;
      if (l.kind == LastInstr::Kind::AddToLocal) {
        truncate(l.start);
        start = emit(negate ? XOp::I32AddImmBrZ : XOp::I32AddImmBrNz, {l.dst, l.a, l.b});
        word(0);
        return {start, code_.size() - 1};
      }
      if (l.kind == LastInstr::Kind::Compare && l.after_add) {
        truncate(l.add_start);
        start = emit(add_cmp_branch_op(l.compare, negate != l.negated, !l.add_imm),
                     {l.a, l.add_a, l.add_b, l.b});
        word(0);
        return {start, code_.size() - 1};
      }
      if ((l.kind == LastInstr::Kind::Compare || l.kind == LastInstr::Kind::Eqz) && l.a_acc) {
        // The comparison read its left operand from the accumulator; so does the fused op.
        truncate(l.start, /*keep_handover=*/true);
        if (l.kind == LastInstr::Kind::Eqz)
          start = emit(negate ? XOp::BrAccNz : XOp::BrAccZ);
        else
          start = emit(cmp_branch_op(l.compare, negate != l.negated, l.imm, /*acc=*/true),
                       {l.a, l.b});
        word(0);
        return {start, code_.size() - 1};
      }
      truncate(l.start);
      if (l.kind == LastInstr::Kind::Eqz) {
        start = emit(negate ? XOp::BrIfNz : XOp::BrIfZ, {l.a});
      } else if (l.kind == LastInstr::Kind::Eqz64) {
        start = emit(negate ? XOp::BrI64Nz : XOp::BrI64Z, {l.a});
      } else {
        start = emit(cmp_branch_op(l.compare, negate != l.negated, l.imm), {l.a, l.b});
      }
      word(0);
      return {start, code_.size() - 1};
    }
    if (in_acc(cond)) {
      size_t start = emit_from_acc(negate ? XOp::BrAccZ : XOp::BrAccNz, {});
      word(0);
      return {start, code_.size() - 1};
    }
    uint32_t s = slot_of(cond);
    size_t start = emit(negate ? XOp::BrIfZ : XOp::BrIfNz, {s});
    word(0);
    return {start, code_.size() - 1};
  }

  // SIMD instructions with immediates, all handled by the op of their opcode:
  //   lane extract      d a lane            lane replace     d a b lane
  //   shuffle           d a b lanes[0..7] lanes[8..15]     (lane bytes, little-endian)
  //   load (extend, splat, zero)  d a offset
  //   load lane         d a(address) b(vector) offset lane
  //   store lane        a(address) b(vector) offset lane
  void translate_simd_immediate(const Instr& in, const OpcodeInfo& op) {
    XOp x = numeric_op(in.op);
    switch (op.immediate) {
      case Immediate::Lane: {
        if (op.params[1] == SigType::NONE) {
          Operand a = pop();
          uint32_t sa = slot_of(a);
          emit(x, {a.canon, sa, in.lane});
        } else {
          Operand b = pop(), a = pop();
          uint32_t sa = slot_of(a), sb = slot_of(b);
          emit(x, {a.canon, sa, sb, in.lane});
        }
        push_temp(result_type(op.result));
        return;
      }
      case Immediate::Shuffle: {
        Operand b = pop(), a = pop();
        uint32_t sa = slot_of(a), sb = slot_of(b);
        if (int lane = splat32_lane(in.bytes); lane >= 0) {
          // Every 32-bit lane is the same lane of a (0..3) or b (4..7).
          static constexpr XOp kSplat[] = {XOp::V128Splat32Lane0, XOp::V128Splat32Lane1,
                                           XOp::V128Splat32Lane2, XOp::V128Splat32Lane3};
          const size_t start = emit(kSplat[lane & 3], {a.canon, lane < 4 ? sa : sb});
          push_temp(ValType::V128);
          note_result(start, a.canon, in.op);
          last_.xop = kSplat[lane & 3];  // fuse_mul_by_lane reads the lane
          last_.a = lane < 4 ? sa : sb;
          return;
        }
        uint64_t lo, hi;
        std::memcpy(&lo, in.bytes.data(), 8);
        std::memcpy(&hi, in.bytes.data() + 8, 8);
        emit(x, {a.canon, sa, sb, lo, hi});
        push_temp(ValType::V128);
        return;
      }
      case Immediate::Mem: {
        Operand a = pop();
        uint32_t sa = slot_of(a);
        emit(x, {a.canon, sa, in.mem_offset});
        push_temp(ValType::V128);
        return;
      }
      case Immediate::MemLane: {
        Operand b = pop(), a = pop();
        uint32_t sa = slot_of(a), sb = slot_of(b);
        if (op.result == SigType::NONE) {
          emit(x, {sa, sb, in.mem_offset, in.lane});
        } else {
          emit(x, {a.canon, sa, sb, in.mem_offset, in.lane});
          push_temp(ValType::V128);
        }
        return;
      }
      default:
        throw WasmError(ErrorKind::Limit, "unexpected SIMD immediate", in.offset);
    }
  }

  // The 32-bit lane (0..7 over a then b) that a shuffle's lane indices splat, or -1.
  static int splat32_lane(const std::array<uint8_t, 16>& lanes) {
    if (lanes[0] % 4 != 0) return -1;
    for (int i = 0; i < 16; ++i)
      if (lanes[i] != lanes[0] + i % 4) return -1;
    return lanes[0] / 4;
  }

  // A constant address is folded into the offset (read against the zero slot): the
  // effective address is computed in 64 bits either way, so bounds checks are unchanged.
  std::pair<uint32_t, uint64_t> address(Operand& a, uint64_t offset) {
    if (a.kind == Operand::Kind::Const) return {zero_slot_, (a.lo & 0xFFFFFFFFu) + offset};
    return {a.slot, offset};
  }

  // The address arithmetic just emitted for a load or store address `a` folds into the
  // access (op ..C for a constant added, ..AS for base + index << k).
  void translate_load(const Instr& in, XOp op) {
    Operand a = pop();
    before_load_.valid = false;
    ValType rt = result_type(info(in.op).result);
    if (just_computed(a, LastInstr::Kind::AddImm)) {
      LastInstr add = last_;
      truncate(add.start);
      if (add.shifted) {
        size_t start =
            emit(fused_load_sc(op), {a.canon, add.a, add.k, add.b, in.mem_offset});
        push_temp(rt);
        note_result(start, a.canon, in.op);
        note_load_twin(op, fused_load_sc(op), LoadAcc::SCToAcc);
        return;
      }
      size_t start = emit(fused_load_c(op), {a.canon, add.a, add.b, in.mem_offset});
      push_temp(rt);
      note_load(start, a.canon, in.op, op, add.a, add.b, in.mem_offset);
      note_load_twin(op, fused_load_c(op), LoadAcc::CToAcc);
      return;
    }
    if (just_computed(a, LastInstr::Kind::AddShl) || just_computed(a, LastInstr::Kind::Add)) {
      LastInstr add = last_;
      if (add.kind == LastInstr::Kind::Add) add.k = 0;
      truncate(add.start);
      size_t start = emit(fused_load_as(op), {a.canon, add.a, add.b, add.k, in.mem_offset});
      push_temp(rt);
      note_result(start, a.canon, in.op);
      note_load_twin(op, fused_load_as(op), LoadAcc::ASToAcc);
      return;
    }
    if (op != XOp::Load128 && in_acc(a)) {
      // The address is the accumulator.
      size_t start = emit_from_acc(load_acc_op(op, LoadAcc::FromAcc), {a.canon, a.slot, in.mem_offset});
      push_temp(rt);
      note_result(start, a.canon, in.op);
      note_load_twin(op, load_acc_op(op, LoadAcc::FromAcc), LoadAcc::AccToAcc);
      return;
    }
    auto [sa, offset] = address(a, in.mem_offset);
    before_load_ = last_;  // still the last instruction once this load is folded away
    size_t start = emit(op, {a.canon, sa, offset});
    push_temp(rt);
    note_load(start, a.canon, in.op, op, sa, 0, offset);
    note_load_twin(op, op, LoadAcc::ToAcc);
  }
  // A scalar load (`plain` the op of its kind; `x` the form emitted) can leave its result in
  // the accumulator in form `to_acc`.
  void note_load_twin(XOp plain, XOp x, LoadAcc to_acc) {
    if (plain != XOp::Load128) note_twin(x, load_acc_op(plain, to_acc));
  }
  void note_load(size_t start, uint32_t dst, Opcode wasm_op, XOp op, uint64_t address_slot,
                 uint64_t c, uint64_t offset) {
    note_result(start, dst, wasm_op);
    last_.kind = LastInstr::Kind::Load;
    last_.load = op;
    last_.a = address_slot;
    last_.b = c;
    last_.offset = offset;
  }

  void translate_store(const Instr& in, XOp op) {
    Operand b = pop(), a = pop();
    // base + (index << k) just computed, and a value that needs no code: a local, or a
    // scalar constant (a v128 one would need a slot, possibly the index's).
    if ((just_computed(a, LastInstr::Kind::AddShl) || just_computed(a, LastInstr::Kind::Add)) &&
        (b.kind == Operand::Kind::Local ||
         (b.kind == Operand::Kind::Const && op != XOp::Store128))) {
      LastInstr add = last_;
      if (add.kind == LastInstr::Kind::Add) add.k = 0;
      truncate(add.start);
      if (b.kind == Operand::Kind::Const)
        emit(fused_store_imm_as(op), {add.a, add.b, add.k, b.lo, in.mem_offset});
      else
        emit(fused_store_as(op), {add.a, add.b, add.k, b.slot, in.mem_offset});
      return;
    }
    if (b.kind == Operand::Kind::Const && op != XOp::Store128) {
      auto [sa, offset] = address(a, in.mem_offset);
      emit(fused_store_imm(op), {sa, b.lo, offset});
      return;
    }
    // mem[L + off] = x <op> mem[L + off], the load folded into the arithmetic just before.
    if (op == XOp::Store64 && just_computed(b, LastInstr::Kind::F64ArithLoad) &&
        last_.rmw != XOp::Br && a.kind == Operand::Kind::Local && a.slot == last_.a &&
        last_.b == 0 && last_.offset == in.mem_offset) {
      LastInstr arith = last_;
      if (arith.axpy && arith.rmw == XOp::F64AddStore) {
        // An unrolled loop steps the address first (L = p + 8, L = L + 16): one op for both.
        const size_t add = previous_start(arith.axpy_start);
        const bool add_imm = add != kNone &&
                             code_[add].handler == handler(numeric_form_op(Opcode::I32Add, NumForm::SI_S));
        const bool add_reg = add != kNone &&
                             code_[add].handler == handler(numeric_form_op(Opcode::I32Add, NumForm::SS_S));
        if ((add_imm || add_reg) && code_[add + 1].u == a.slot && label_at_ <= add) {
          const uint64_t from = code_[add + 2].u, by = code_[add + 3].u;
          truncate(add);
          emit(add_imm ? XOp::F64AxpyStoreAddImm : XOp::F64AxpyStoreAdd,
               {a.slot, from, by, arith.axpy_s, arith.axpy_b, arith.axpy_c, arith.axpy_offset,
                in.mem_offset});
          return;
        }
        truncate(arith.axpy_start);
        emit(XOp::F64AxpyStore, {a.slot, arith.axpy_s, arith.axpy_b, arith.axpy_c,
                                 arith.axpy_offset, in.mem_offset});
        return;
      }
      truncate(arith.start);
      emit(arith.rmw, {a.slot, arith.other, in.mem_offset});
      return;
    }
    if (op != XOp::Store128 && in_acc(b)) {
      // The value was computed just before: it comes in the accumulator.
      auto [sa, offset] = address(a, in.mem_offset);
      emit_from_acc(store_acc_op(op, StoreAcc::ValueFromAcc), {sa, b.slot, offset});
      return;
    }
    // The value needs no code of its own (or only a constant's), so the address arithmetic
    // is still the last instruction.
    if (just_computed(a, LastInstr::Kind::AddImm) && !last_.shifted) {
      LastInstr add = last_;
      truncate(add.start);
      uint32_t sb = slot_of(b);
      emit(fused_store_c(op), {add.a, sb, add.b, in.mem_offset});
      return;
    }
    uint32_t sb = slot_of(b);
    auto [sa, offset] = address(a, in.mem_offset);
    emit(op, {sa, sb, offset});
  }

  void translate_local_set(const Instr& in) {
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

  void block_signature(const Instr& in, std::span<const ValType>& params,
                       std::span<const ValType>& results) const {
    // The validator has pushed the block; its control frame holds the resolved signature.
    const ControlFrame& f = v_.control_frames().back();
    params = f.params;
    results = f.results;
    (void)in;
  }

  void enter_block(const Instr& in) {
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

  void enter_if(const Instr& in) {
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

  void enter_else() {
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

  void end_block() {
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

  void translate_br_if(uint32_t depth) {
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

  void translate_br_table() {
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

  // The callee's arguments are the top operands, moved into consecutive slots: the callee's
  // frame starts at the first of them (`base`); its size is checked when it is entered.
  struct CallSite {
    const FuncType* type;
    uint32_t base;
    uint32_t index_slot;  // call_indirect: the table index operand
  };
  CallSite prepare_call(const Instr& in, bool indirect) {
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

  void translate_call(const Instr& in) {
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
  void translate_tail_call(const Instr& in) {
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

  FunctionValidator v_;
  const ModuleIr& m_;
  CompiledCode& out_;
  std::vector<Word>& code_;
  CompiledFunction& fn_;
  std::vector<uint32_t> local_slots_;
  uint32_t temp_base_ = 0;
  uint32_t zero_slot_ = 0;
  uint32_t max_slot_ = 0;
  std::vector<Operand> stack_;
  std::vector<Control> ctl_;
  LastInstr last_;
  LastInstr before_load_;
  // The starts of the latest instructions emitted (a ring; truncate() drops those cut off).
  std::array<size_t, 8> recent_starts_{};
  size_t recent_count_ = 0;
  size_t last_copy_ = kNone;  // where the latest scalar Copy64 starts (emit_copy)
  size_t label_at_ = 0;       // the latest position a branch may land on (mark_label)  // the last instruction before the latest plain load
  // The latest accumulator hand-overs: producer's handler word, consumer's first word, and
  // the producer's op before the switch. Truncation goes back at most a few ops.
  struct Forward {
    size_t producer = 0, consumer = SIZE_MAX;
    XOp op = XOp::Br;
  };
  std::array<Forward, 4> forwards_{};
  size_t forward_count_ = 0;
};

}  // namespace

bool translate_function(const ModuleContext& context, uint32_t function_index, CompiledCode& code) {
  try {
    return Translator(context, function_index, code).run();
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
