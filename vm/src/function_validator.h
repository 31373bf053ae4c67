// FunctionValidator: decodes and type-checks one function body, one instruction per call to
// next(), following the validation algorithm of the spec's appendix (an operand type stack
// and a control stack). It is built to drive a translator: after next() returns, the decoded
// instruction and the validator's stacks describe exactly what the instruction consumed and
// produced, so the translator's operand stack can mirror the type stack without a second
// decode of the body.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "instruction.h"
#include "module_ir.h"
#include "reader.h"

namespace wasmbind::detail {

// A stack entry whose type is not known because the code is unreachable (the spec's
// "Unknown"); never a valid ValType byte.
constexpr ValType kUnknownType = static_cast<ValType>(0);

// Facts about the whole module that function bodies are checked against; computed once
// by the module validator and shared by every function.
struct ModuleContext {
  const ModuleIr* module = nullptr;
  std::vector<bool> declared_function_refs;  // functions that ref.func may name
};

struct ControlFrame {
  Opcode kind = Opcode::Block;  // Block (also the function itself), Loop, If or Else
  std::span<const ValType> params;
  std::span<const ValType> results;
  uint32_t height = 0;  // operand stack height below the block's own operands
  bool unreachable = false;

  // A branch to a loop goes to its start, so it carries the loop's parameters.
  std::span<const ValType> label_types() const { return kind == Opcode::Loop ? params : results; }
};

class FunctionValidator {
 public:
  FunctionValidator(const ModuleContext& context, uint32_t function_index);

  bool done() const { return done_; }
  // Decodes and validates the next instruction. Throws WasmError: Malformed for a bad
  // encoding, Invalid for a typing error.
  const Instr& next();
  // After a typing error: decode the rest of the body without checking types, so that a
  // malformed encoding further on is still reported (a malformed module is reported as
  // malformed even when it is also invalid).
  void skip_rest();

  // State after the last next(), for a translator.
  const Instr& instr() const { return instr_; }
  const std::vector<ValType>& operand_types() const { return values_; }
  const std::vector<ControlFrame>& control_frames() const { return controls_; }
  const std::vector<uint32_t>& br_table_targets() const { return decoder_.br_table_targets(); }
  ValType local_type(uint32_t index) const;
  uint64_t local_count() const { return params_.size() + body_.local_count; }
  std::span<const ValType> params() const { return params_; }
  std::span<const LocalGroup> local_groups() const { return body_.locals; }
  std::span<const ValType> results() const { return results_; }
  ValType select_type() const { return select_type_; }  // operand type of the last select
  // Whether the body uses memory.init or data.drop, which need a data count section.
  bool uses_data_segments() const { return uses_data_segments_; }

 private:
  void validate(const Instr& in);
  void validate_special(const Instr& in);
  void validate_memory_access(const Instr& in);

  void push(ValType t) { values_.push_back(t); }
  void push(std::span<const ValType> ts) { values_.insert(values_.end(), ts.begin(), ts.end()); }
  ValType pop();
  ValType pop(ValType expected);
  void pop(std::span<const ValType> expected);
  void push_control(Opcode kind, std::span<const ValType> params, std::span<const ValType> results);
  ControlFrame pop_control();
  void set_unreachable();
  const ControlFrame& label(uint32_t depth) const;
  void block_signature(const BlockType& bt, std::span<const ValType>& params,
                       std::span<const ValType>& results) const;

  // Index checks; each throws Invalid "unknown <thing> <index>".
  void check_memory(uint32_t index) const;
  const TableType& check_table(uint32_t index) const;
  const FuncType& check_type(uint32_t index) const;
  void check_function(uint32_t index) const;
  void check_data_segment(uint32_t index);
  const ElementSegment& check_element(uint32_t index) const;
  [[noreturn]] void type_mismatch(ValType expected, ValType got) const;

  const ModuleContext& ctx_;
  const ModuleIr& m_;
  const FunctionBody& body_;
  Reader reader_;
  InstrDecoder decoder_;
  Instr instr_;
  std::span<const ValType> params_;
  std::span<const ValType> results_;
  std::vector<uint64_t> local_ends_;  // cumulative local counts per group, for local_type()
  std::vector<ValType> values_;
  std::vector<ControlFrame> controls_;
  std::vector<ValType> scratch_;  // br_table operand checks
  uint64_t depth_ = 1;  // open blocks including the function's, counted as decoded
  ValType select_type_ = kUnknownType;
  bool done_ = false;
  bool uses_data_segments_ = false;
};

// Validates function `function_index` (imports included in the numbering) to the end.
// Returns whether it uses data segment instructions (see uses_data_segments()).
bool validate_function_body(const ModuleContext& context, uint32_t function_index);

}  // namespace wasmbind::detail
