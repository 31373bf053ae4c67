// Opcode: every instruction of WebAssembly 2.0 (plus tail calls), numbered densely from the
// table in opcodes.def, with the static facts the decoder and validator need about each.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "wasmbind/types.h"

namespace wasmbind::detail {

enum class Opcode : uint16_t {
#define WB_OP(name, prefix, code, text, imm, p0, p1, p2, r) name,
#include "opcodes.def"
#undef WB_OP
  Count_
};

constexpr size_t kOpcodeCount = static_cast<size_t>(Opcode::Count_);

// What follows the opcode in the binary.
enum class Immediate : uint8_t {
  None, BlockType, Label, BrTable, Func, CallIndirect, SelectT, Local, Global, Table, Mem,
  MemIdx, I32, I64, F32, F64, V128, Shuffle, Lane, MemLane, RefType, MemoryInit, Data,
  MemoryCopy, TableInit, Elem, TableCopy,
};

// Operand types of ops typed by a fixed signature; Special ones are typed by hand.
enum class SigType : uint8_t { NONE, I32, I64, F32, F64, V128, SPECIAL };

struct OpcodeInfo {
  uint8_t prefix;  // 0, 0xFC or 0xFD
  uint32_t code;
  std::string_view text;
  Immediate immediate;
  SigType params[3];
  SigType result;
};

const OpcodeInfo& info(Opcode op);
inline std::string_view name(Opcode op) { return info(op).text; }

// Maps (prefix, code) to an opcode; nullopt for codes the format does not define.
std::optional<Opcode> lookup_opcode(uint8_t prefix, uint32_t code);

// log2 of the natural alignment (access size) of a memory instruction.
uint32_t natural_alignment_log2(Opcode op);
// Number of lanes of the vector shape a lane instruction addresses.
uint32_t lane_count(Opcode op);

}  // namespace wasmbind::detail
