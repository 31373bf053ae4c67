// The Translator class (see translator.h), shared by the files that implement it:
//   translator.cc         frame layout, operand stack, control flow, calls, the entry points
//   translate_numeric.cc  numeric and SIMD instructions
//   translate_memory.cc   loads and stores, with their address arithmetic folded in
//   peephole_fusion.cc    superinstruction selection, the accumulator hand-over, copy pairing
// Internal to the translator (not part of vm/include). The small helpers every instruction
// goes through (push, pop, slot_of, emit, word, note_result, ...) are defined here, inline,
// so every file can still inline them, as it could when the translator was one file.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "compile/translator.h"
#include "exec/ops.h"

// A namespace of its own: Operand, Control and the like are names other parts of the vm may
// want for their own types.
namespace wasmbind::detail::translation {

constexpr size_t kNone = std::numeric_limits<size_t>::max();
// Frames are addressed with 32-bit slot indices; keep well inside that.
constexpr uint64_t kMaxFrameSlots = 1u << 28;
// Valid modules may declare up to 2^32-1 locals; the interpreter runs functions with up to
// 100,000 of them (each frame gets a slot per local, zeroed on every call; wasmtime's
// validator stops at 50,000).
constexpr uint64_t kMaxLocals = 100'000;

inline uint32_t width(ValType t) { return t == ValType::V128 ? 2 : 1; }

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

  // Translates the whole body; returns whether it uses memory.init or data.drop.
  bool run();

 private:
  // ---- frame layout (translator.cc) --------------------------------------------------

  void layout_locals();
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
  // Defined in translator.cc:
  void flush_locals();
  bool has_local_refs() const;
  void materialize_top(size_t n);
  void move(Operand& o, uint32_t dst);

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
  // Notes that a branch may land at the current end of the code.
  void mark_label() { label_at_ = code_.size(); }

  void word(uint64_t u) {
    Word w;
    w.u = u;
    code_.push_back(w);
  }
  // Branch operand words and their fixups, defined in translator.cc:
  void branch_word(Control& target, size_t start);
  void bind_here(std::vector<std::pair<size_t, size_t>>& fixups);

  Control& label(uint32_t depth) { return ctl_[ctl_.size() - 1 - depth]; }
  std::span<const ValType> label_types(const Control& c) const {
    return c.kind == Opcode::Loop ? c.params : c.results;
  }

  // Defined in translator.cc:
  void set_dead();
  bool branch_needs_moves(const Control& target) const;
  void branch_moves(const Control& target);
  void jump(Control& target);

  // ---- instructions: control, variables, tables, calls (translator.cc) ---------------

  void translate(const Instr& in);
  void reject_other_memories(const Instr& in, const OpcodeInfo& op);
  void translate_dead(const Instr& in);
  void three_operands(XOp op, std::initializer_list<uint64_t> leading);
  void translate_local_set(const Instr& in);
  void block_signature(const Instr& in, std::span<const ValType>& params,
                       std::span<const ValType>& results) const;
  void enter_block(const Instr& in);
  void enter_if(const Instr& in);
  void enter_else();
  void end_block();
  void translate_br_if(uint32_t depth);
  void translate_br_table();

  // The callee's arguments are the top operands, moved into consecutive slots: the callee's
  // frame starts at the first of them (`base`); its size is checked when it is entered.
  struct CallSite {
    const FuncType* type;
    uint32_t base;
    uint32_t index_slot;  // call_indirect: the table index operand
  };
  CallSite prepare_call(const Instr& in, bool indirect);
  void translate_call(const Instr& in);
  void translate_tail_call(const Instr& in);

  // ---- numeric and SIMD instructions (translate_numeric.cc) --------------------------

  void translate_numeric(const Instr& in, const OpcodeInfo& op);
  void translate_simd_immediate(const Instr& in, const OpcodeInfo& op);

  // ---- loads and stores (translate_memory.cc) ----------------------------------------

  std::pair<uint32_t, uint64_t> address(Operand& a, uint64_t offset);
  void translate_load(const Instr& in, XOp op);
  void note_load_twin(XOp plain, XOp x, LoadAcc to_acc);
  void note_load(size_t start, uint32_t dst, Opcode wasm_op, XOp op, uint64_t address_slot,
                 uint64_t c, uint64_t offset);
  void translate_store(const Instr& in, XOp op);

  // ---- peephole fusion and the accumulator (peephole_fusion.cc) ----------------------

  size_t previous_start(size_t start) const;
  void emit_copy(ValType type, uint64_t dst, uint64_t src);
  bool fuse_shifted_operand(Opcode op, Operand& a, Operand& b, uint32_t dst);
  size_t emit_from_acc(XOp op, std::initializer_list<uint64_t> words);
  size_t emit_numeric(Opcode op, NumForm form, std::initializer_list<uint64_t> words);
  void truncate(size_t start, bool keep_handover = false);
  bool fuse_add_shl(const Operand& a, const Operand& b, uint32_t dst);
  bool fuse_f64_load(Opcode op, Operand& a, Operand& b, uint32_t dst);
  bool fuse_f64_product(Opcode op, const Operand& a, const Operand& b, uint32_t dst);
  bool fuse_v128_load(Opcode op, Operand& a, Operand& b, uint32_t dst);
  bool fuse_mul_by_lane(Opcode op, const Operand& a, const Operand& b, uint32_t dst);
  bool fuse_v128_mac(Opcode op, const Operand& a, const Operand& b, uint32_t dst);
  std::pair<size_t, size_t> conditional_branch(Operand& cond, bool negate);

  // Inline, since nearly every instruction goes through them: the accumulator hand-over
  // (see peephole_fusion.cc) and the record of the last instruction (LastInstr).

  // Whether operand `o`, consumed by numeric op `op` in `form`, can come from the accumulator.
  bool forwardable(const Operand& o, Opcode op, NumForm form) const {
    return in_acc(o) && handler(numeric_form_op(op, form)) != nullptr;
  }
  // Whether operand `o` is the result of the last instruction and can be handed over in the
  // accumulator.
  bool in_acc(const Operand& o) const {
    return last_.valid && last_.has_twin && o.kind == Operand::Kind::Temp && o.slot == last_.dst;
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
  // Whether operand `o` is the result of the last instruction, still removable.
  bool just_computed(const Operand& o, LastInstr::Kind kind) const {
    return last_.valid && last_.kind == kind && o.kind == Operand::Kind::Temp && o.slot == last_.dst;
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
  LastInstr before_load_;  // the last instruction before the latest plain load
  // The starts of the latest instructions emitted (a ring; truncate() drops those cut off).
  std::array<size_t, 8> recent_starts_{};
  size_t recent_count_ = 0;
  size_t last_copy_ = kNone;  // where the latest scalar Copy64 starts (emit_copy)
  size_t label_at_ = 0;       // the latest position a branch may land on (mark_label)
  // The latest accumulator hand-overs: producer's handler word, consumer's first word, and
  // the producer's op before the switch. Truncation goes back at most a few ops.
  struct Forward {
    size_t producer = 0, consumer = SIZE_MAX;
    XOp op = XOp::Br;
  };
  std::array<Forward, 4> forwards_{};
  size_t forward_count_ = 0;
};

}  // namespace wasmbind::detail::translation
