#include "name_section.h"

#include "reader.h"

namespace wasmbind::detail {
namespace {

void read_name_map(Reader& r, std::unordered_map<uint32_t, std::string>& out) {
  uint32_t n = r.count(2);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t index = r.u32();
    out[index] = r.name();
  }
}

}  // namespace

void parse_name_section(ModuleIr& m, size_t begin, size_t end) {
  try {
    Reader r(m.bytes.data(), begin, end);
    while (!r.at_end()) {
      uint8_t id = r.u8();
      uint32_t size = r.u32();
      if (size > r.remaining()) r.fail_eof();
      Reader sub(m.bytes.data(), r.offset(), r.offset() + size);
      switch (id) {
        case 0: m.module_name = sub.name(); break;
        case 1: read_name_map(sub, m.function_names); break;
        case 2: {
          uint32_t n = sub.count(2);
          for (uint32_t i = 0; i < n; ++i) {
            uint32_t func = sub.u32();
            read_name_map(sub, m.local_names[func]);
          }
          break;
        }
        default: break;  // other subsections (labels, types, ...) are not needed
      }
      r.skip(size);
    }
  } catch (const WasmError&) {
    m.module_name.clear();
    m.function_names.clear();
    m.local_names.clear();
  }
}

}  // namespace wasmbind::detail
