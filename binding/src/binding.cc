#include "wasmbind/binding.h"

namespace wasmbind::binding {

std::string_view description() {
  return "Dapr bindings.wasm: components from resources folders (yaml-cpp), modules from "
         "file://, http:// and https:// (Beast, OpenSSL, gzip), one fresh WASI instance per "
         "execute; extensions: timeout, maxMemoryPages, maxOutputBytes, env, mounts, stderr, sha256";
}

}  // namespace wasmbind::binding
