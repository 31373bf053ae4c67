// `wasmbind version`: the release and what each component can do in this build.
#include <iostream>

#include "commands.h"
#include "wasmbind/binding.h"
#include "wasmbind/http.h"
#include "wasmbind/wasi.h"

namespace wasmbind::tools {

int run_version() {
  std::cout << "wasmbind " << WASMBIND_VERSION << '\n'
            << "  vm:      WebAssembly 2.0 decoder, validator and threaded-code interpreter\n"
            << "  wasi:    " << wasi::description() << '\n'
            << "  binding: " << binding::description() << '\n'
            << "  http:    " << http::description() << '\n';
  return 0;
}

}  // namespace wasmbind::tools
