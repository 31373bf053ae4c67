#include "wasmbind/wasi.h"

namespace wasmbind::wasi {

std::string_view description() {
  return "not implemented yet (WASI preview1 comes in a later issue)";
}

}  // namespace wasmbind::wasi
