// wasmbind::binding: Dapr's `bindings.wasm` output binding on top of wasmbind::wasi.
//
// A resources folder holds Dapr component YAML files; load_components() reads them, and
// BindingRegistry::create() initialises every `bindings.wasm` component: it loads the module
// from its `url` (file://, http://, https://) once, compiles it once, and then each invoke()
// runs a fresh instance with argv = [guest name, metadata.args split on ','], the request
// data as stdin and stdout as the response. Nothing here knows about HTTP servers or JSON
// request bodies: `data` arrives as the exact bytes for the guest's stdin.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wasmbind/vm.h"

namespace wasmbind::binding {

// ---------------------------------------------------------------------------------------------
// Logging: the binding reports init progress and warnings through a sink the host supplies.
enum class LogLevel : uint8_t { Debug, Info, Warn, Error };
using LogSink = std::function<void(LogLevel, std::string_view message)>;

// ---------------------------------------------------------------------------------------------
// Components, as written in a resources folder.

struct MetadataItem {
  std::string name;   // as written (Dapr matches names case-insensitively)
  std::string value;  // YAML scalars are taken as strings: `value: true` is "true"
};

// One `apiVersion: dapr.io/v1alpha1`, `kind: Component` document.
struct ComponentSpec {
  std::string name;       // metadata.name
  std::string type;       // spec.type, e.g. "bindings.wasm"
  std::string version;    // spec.version, e.g. "v1" (may be empty)
  std::vector<MetadataItem> metadata;  // spec.metadata, in file order
  std::vector<std::string> scopes;     // empty: every app id
  bool ignore_errors = false;          // spec.ignoreErrors
  std::chrono::milliseconds init_timeout{5000};  // spec.initTimeout (Go duration), default 5s
  std::string source;  // "path/to/file.yaml:LINE" of the document, for messages

  // The value of metadata item `name` (case-insensitive), if present.
  std::optional<std::string> find_metadata(std::string_view name) const;
};

struct LoadedComponents {
  std::vector<ComponentSpec> components;  // in load order (folders in order, files by name)
  std::vector<std::string> warnings;      // skipped files and documents, with file:line
  // A `kind: Configuration` document with `spec.wasm.strictSandbox: true` was found: strict
  // mode is forced on every wasm component (Dapr >= 1.12).
  bool global_strict_sandbox = false;
};

// Reads every `.yaml`/`.yml` file (case-insensitive extension, sorted by name, no recursion)
// in each folder; multi-document files; documents of other kinds are ignored; components
// whose `scopes` do not list `app_id` are left out. Errors: a folder that cannot be read, a
// malformed YAML file (file:line), a document that is not a valid component (file:line),
// two components with the same name.
Result<LoadedComponents> load_components(std::span<const std::string> resource_paths,
                                         std::string_view app_id);

// Dapr's truthy strings: y, yes, true, t, on, 1 (trimmed, case-insensitive).
bool is_truthy(std::string_view value);

// ---------------------------------------------------------------------------------------------
// Invocation.

// Cancels one invoke() from any thread (e.g. the HTTP layer when the client disconnects):
// the running guest stops at its next loop back-edge, function entry or blocking WASI call,
// and invoke() returns the error "module closed with context canceled". Cancelling before
// the guest starts makes invoke() fail at once.
class Cancellation {
 public:
  void cancel();
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

  // Used by the binding while a guest runs: an attached handle is interrupted by cancel().
  void attach(InterruptHandle handle);
  void detach();

 private:
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::optional<InterruptHandle> running_;
};

struct InvokeRequest {
  std::string operation;                          // must be "execute"
  std::map<std::string, std::string> metadata;    // "args" is read (case-sensitive)
  std::string data;                               // the guest's stdin, byte for byte
  std::shared_ptr<Cancellation> cancellation;     // optional
};

// What one invoke() produced. On failure `error` holds the binding's text, which the HTTP
// layer wraps as "error invoking output binding <name>: <error>"; `data` is then empty (Dapr
// throws away the stdout of a failed call).
struct InvokeResult {
  std::optional<std::string> error;
  std::string data;                               // the guest's stdout
  std::map<std::string, std::string> metadata;    // returned to the client as headers
  std::string stderr_output;  // captured stderr when the component asks for it (extension)

  bool ok() const { return !error.has_value(); }
};

class OutputBinding {
 public:
  virtual ~OutputBinding() = default;
  virtual const std::string& name() const = 0;
  virtual const std::string& type() const = 0;     // "bindings.wasm"
  virtual const std::string& version() const = 0;  // "v1"
  virtual std::vector<std::string> operations() const = 0;
  // Thread-safe: any number of invokes may run at once, each on its own instance.
  virtual InvokeResult invoke(const InvokeRequest& request) = 0;
};

struct InitOptions {
  LogSink log;                        // may be empty
  bool force_strict_sandbox = false;  // the global Configuration switch
  // Folder that `file://` URLs without a leading '/' are relative to (Dapr: the working
  // directory). Empty: the process's working directory.
  std::string working_directory;
};

// Initialises one `bindings.wasm` component: parses its metadata, loads the module from
// `url` (bounded by the component's initTimeout) and compiles it. The error message is the
// Dapr text, e.g. "wasm: failed to parse metadata: missing url" or
// "wasm: error compiling binary: invalid magic number".
Result<std::unique_ptr<OutputBinding>> create_wasm_output_binding(const ComponentSpec& spec,
                                                                  const InitOptions& options);

// Every output binding of a loaded folder, by name.
class BindingRegistry {
 public:
  // Initialises each component in order. A component whose type is not `bindings.wasm` is
  // skipped with a warning. A failing init is an error (naming the component and its file)
  // unless the component sets ignoreErrors, in which case it is logged and left out.
  static Result<std::unique_ptr<BindingRegistry>> create(const LoadedComponents& components,
                                                         const InitOptions& options);

  OutputBinding* find(std::string_view name) const;  // nullptr when absent
  const std::vector<std::unique_ptr<OutputBinding>>& bindings() const { return bindings_; }

 private:
  std::vector<std::unique_ptr<OutputBinding>> bindings_;
};

// One line on what this component does in the current build, for `wasmbind version`.
std::string_view description();

}  // namespace wasmbind::binding
