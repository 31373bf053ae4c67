#include "opcode.h"

#include <array>

namespace wasmbind::detail {
namespace {

constexpr OpcodeInfo kInfo[] = {
#define WB_OP(name, prefix, code, text, imm, p0, p1, p2, r) \
  {prefix, code, text, Immediate::imm, {SigType::p0, SigType::p1, SigType::p2}, SigType::r},
#include "opcodes.def"
#undef WB_OP
};
static_assert(std::size(kInfo) == kOpcodeCount);

constexpr uint16_t kNoOpcode = 0xFFFF;

struct LookupTables {
  std::array<uint16_t, 256> plain;
  std::array<uint16_t, 32> misc;   // 0xFC: codes 0..17 used
  std::array<uint16_t, 256> simd;  // 0xFD: codes 0..255
  constexpr LookupTables() : plain(), misc(), simd() {
    plain.fill(kNoOpcode);
    misc.fill(kNoOpcode);
    simd.fill(kNoOpcode);
    for (uint16_t i = 0; i < kOpcodeCount; ++i) {
      const OpcodeInfo& in = kInfo[i];
      if (in.prefix == 0) plain[in.code] = i;
      if (in.prefix == 0xFC) misc[in.code] = i;
      if (in.prefix == 0xFD) simd[in.code] = i;
    }
  }
};
constexpr LookupTables kLookup;

}  // namespace

const OpcodeInfo& info(Opcode op) { return kInfo[static_cast<size_t>(op)]; }

std::optional<Opcode> lookup_opcode(uint8_t prefix, uint32_t code) {
  uint16_t i = kNoOpcode;
  if (prefix == 0 && code < 256) i = kLookup.plain[code];
  if (prefix == 0xFC && code < kLookup.misc.size()) i = kLookup.misc[code];
  if (prefix == 0xFD && code < 256) i = kLookup.simd[code];
  if (i == kNoOpcode) return std::nullopt;
  return static_cast<Opcode>(i);
}

uint32_t natural_alignment_log2(Opcode op) {
  switch (op) {
    case Opcode::I32Load8S: case Opcode::I32Load8U: case Opcode::I64Load8S:
    case Opcode::I64Load8U: case Opcode::I32Store8: case Opcode::I64Store8:
    case Opcode::V128Load8Splat: case Opcode::V128Load8Lane: case Opcode::V128Store8Lane:
      return 0;
    case Opcode::I32Load16S: case Opcode::I32Load16U: case Opcode::I64Load16S:
    case Opcode::I64Load16U: case Opcode::I32Store16: case Opcode::I64Store16:
    case Opcode::V128Load16Splat: case Opcode::V128Load16Lane: case Opcode::V128Store16Lane:
      return 1;
    case Opcode::I32Load: case Opcode::F32Load: case Opcode::I64Load32S:
    case Opcode::I64Load32U: case Opcode::I32Store: case Opcode::F32Store:
    case Opcode::I64Store32: case Opcode::V128Load32Splat: case Opcode::V128Load32Lane:
    case Opcode::V128Store32Lane: case Opcode::V128Load32Zero:
      return 2;
    case Opcode::I64Load: case Opcode::F64Load: case Opcode::I64Store: case Opcode::F64Store:
    case Opcode::V128Load8x8S: case Opcode::V128Load8x8U: case Opcode::V128Load16x4S:
    case Opcode::V128Load16x4U: case Opcode::V128Load32x2S: case Opcode::V128Load32x2U:
    case Opcode::V128Load64Splat: case Opcode::V128Load64Lane: case Opcode::V128Store64Lane:
    case Opcode::V128Load64Zero:
      return 3;
    case Opcode::V128Load: case Opcode::V128Store:
      return 4;
    default:
      return 0;
  }
}

uint32_t lane_count(Opcode op) {
  switch (op) {
    case Opcode::I8x16ExtractLaneS: case Opcode::I8x16ExtractLaneU:
    case Opcode::I8x16ReplaceLane: case Opcode::V128Load8Lane: case Opcode::V128Store8Lane:
      return 16;
    case Opcode::I16x8ExtractLaneS: case Opcode::I16x8ExtractLaneU:
    case Opcode::I16x8ReplaceLane: case Opcode::V128Load16Lane: case Opcode::V128Store16Lane:
      return 8;
    case Opcode::I32x4ExtractLane: case Opcode::I32x4ReplaceLane: case Opcode::F32x4ExtractLane:
    case Opcode::F32x4ReplaceLane: case Opcode::V128Load32Lane: case Opcode::V128Store32Lane:
      return 4;
    case Opcode::I64x2ExtractLane: case Opcode::I64x2ReplaceLane: case Opcode::F64x2ExtractLane:
    case Opcode::F64x2ReplaceLane: case Opcode::V128Load64Lane: case Opcode::V128Store64Lane:
      return 2;
    default:
      return 0;
  }
}

}  // namespace wasmbind::detail
