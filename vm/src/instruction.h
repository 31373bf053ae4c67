// Instruction decoding: one instruction (opcode and immediates) at a time, from a Reader.
// Used for function bodies by the function validator, which translates in the same pass,
// and for constant expressions by the decoder. It checks only the binary format; typing is
// the validator's job.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "module_ir.h"
#include "opcode.h"
#include "reader.h"

namespace wasmbind::detail {

struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex };
  Kind kind = Kind::Empty;
  ValType value = ValType::I32;  // Kind::Value
  uint32_t type_index = 0;       // Kind::TypeIndex
};

struct Instr {
  Opcode op = Opcode::Nop;
  size_t offset = 0;  // of the opcode's first byte
  // The primary index immediate: label depth, function, local, global, table, type (of
  // call_indirect), data or element segment, memory (of memory ops), or destination table
  // (table.copy) and memory (memory.copy).
  uint32_t index = 0;
  // The secondary index: table of call_indirect/table.init, source of table.copy and
  // memory.copy, memory of memory.init.
  uint32_t index2 = 0;
  BlockType block;
  uint32_t align_log2 = 0;  // memory access
  uint64_t mem_offset = 0;  // memory access
  uint8_t lane = 0;         // lane index
  ValType type = ValType::I32;  // select t (first type), ref.null
  uint32_t select_arity = 0;    // select t: number of types given
  std::array<uint8_t, 16> bytes{};  // constants (little-endian) and shuffle lane indices
};

class InstrDecoder {
 public:
  InstrDecoder(Reader& reader, const Features& features) : r_(reader), features_(features) {}

  // Decodes the next instruction; throws WasmError(Malformed) on bad encoding.
  void decode(Instr& out);

  // br_table label depths of the last decoded br_table, default target last.
  const std::vector<uint32_t>& br_table_targets() const { return targets_; }

 private:
  uint32_t memory_index_byte();

  Reader& r_;
  Features features_;
  std::vector<uint32_t> targets_;
};

// Decodes a value type byte; `what` names the context for the error message.
ValType decode_val_type(Reader& r);
ValType decode_ref_type(Reader& r);

}  // namespace wasmbind::detail
