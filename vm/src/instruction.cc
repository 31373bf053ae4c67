#include "instruction.h"

#include <cstring>

namespace wasmbind::detail {

ValType decode_val_type(Reader& r) {
  size_t at = r.offset();
  uint8_t b = r.u8();
  switch (b) {
    case 0x7F: case 0x7E: case 0x7D: case 0x7C: case 0x7B: case 0x70: case 0x6F:
      return static_cast<ValType>(b);
    default:
      malformed("malformed value type", at);
  }
}

ValType decode_ref_type(Reader& r) {
  size_t at = r.offset();
  uint8_t b = r.u8();
  if (b == 0x70 || b == 0x6F) return static_cast<ValType>(b);
  malformed("malformed reference type", at);
}

// In 2.0 the memory index of memory.size/grow/fill/copy/init is a single zero byte; with
// multi-memory it becomes a LEB128 index.
uint32_t InstrDecoder::memory_index_byte() {
  if (features_.multi_memory) return r_.u32();
  size_t at = r_.offset();
  if (r_.u8() != 0) malformed("zero byte expected", at);
  return 0;
}

void InstrDecoder::decode(Instr& in) {
  in.offset = r_.offset();
  uint8_t first = r_.u8();
  std::optional<Opcode> op;
  if (first == 0xFC || first == 0xFD) {
    uint32_t code = r_.u32();
    op = lookup_opcode(first, code);
  } else {
    op = lookup_opcode(0, first);
  }
  if (!op) malformed("illegal opcode", in.offset);
  if ((*op == Opcode::ReturnCall || *op == Opcode::ReturnCallIndirect) && !features_.tail_call)
    malformed("illegal opcode", in.offset);
  in.op = *op;

  switch (info(in.op).immediate) {
    case Immediate::None:
      break;
    case Immediate::BlockType: {
      uint8_t b = r_.peek_u8();
      if (b == 0x40) {
        r_.u8();
        in.block.kind = BlockType::Kind::Empty;
      } else if (b == 0x7F || b == 0x7E || b == 0x7D || b == 0x7C || b == 0x7B || b == 0x70 ||
                 b == 0x6F) {
        r_.u8();
        in.block.kind = BlockType::Kind::Value;
        in.block.value = static_cast<ValType>(b);
      } else {
        size_t at = r_.offset();
        int64_t index = r_.s33();
        if (index < 0) malformed("malformed block type", at);
        in.block.kind = BlockType::Kind::TypeIndex;
        in.block.type_index = static_cast<uint32_t>(index);
      }
      break;
    }
    case Immediate::Label:
    case Immediate::Func:
    case Immediate::Local:
    case Immediate::Global:
    case Immediate::Table:
    case Immediate::Data:
    case Immediate::Elem:
      in.index = r_.u32();
      break;
    case Immediate::BrTable: {
      uint32_t n = r_.count(1);
      targets_.resize(n + 1);
      for (uint32_t i = 0; i <= n; ++i) targets_[i] = r_.u32();
      break;
    }
    case Immediate::CallIndirect:
      in.index = r_.u32();   // type
      in.index2 = r_.u32();  // table
      break;
    case Immediate::SelectT: {
      in.select_arity = r_.count(1);
      for (uint32_t i = 0; i < in.select_arity; ++i) {
        ValType t = decode_val_type(r_);
        if (i == 0) in.type = t;
      }
      break;
    }
    case Immediate::Mem:
    case Immediate::MemLane: {
      uint32_t align = r_.u32();
      in.index = 0;
      if (features_.multi_memory && (align & 0x40)) {
        align &= ~0x40u;
        in.index = r_.u32();
      }
      in.align_log2 = align;
      in.mem_offset = r_.u32();
      if (info(in.op).immediate == Immediate::MemLane) in.lane = r_.u8();
      break;
    }
    case Immediate::MemIdx:
      in.index = memory_index_byte();
      break;
    case Immediate::I32: {
      int32_t v = r_.s32();
      std::memcpy(in.bytes.data(), &v, 4);
      break;
    }
    case Immediate::I64: {
      int64_t v = r_.s64();
      std::memcpy(in.bytes.data(), &v, 8);
      break;
    }
    case Immediate::F32:
      r_.bytes(in.bytes.data(), 4);
      break;
    case Immediate::F64:
      r_.bytes(in.bytes.data(), 8);
      break;
    case Immediate::V128:
    case Immediate::Shuffle:
      r_.bytes(in.bytes.data(), 16);
      break;
    case Immediate::Lane:
      in.lane = r_.u8();
      break;
    case Immediate::RefType:
      in.type = decode_ref_type(r_);
      break;
    case Immediate::MemoryInit:
      in.index = r_.u32();  // data segment
      in.index2 = memory_index_byte();
      break;
    case Immediate::MemoryCopy:
      in.index = memory_index_byte();   // destination
      in.index2 = memory_index_byte();  // source
      break;
    case Immediate::TableInit:
      in.index = r_.u32();   // element segment
      in.index2 = r_.u32();  // table
      break;
    case Immediate::TableCopy:
      in.index = r_.u32();   // destination
      in.index2 = r_.u32();  // source
      break;
  }
}

}  // namespace wasmbind::detail
