// WasmOutputBinding: one bindings.wasm component. Init loads and compiles the module once and
// prepares everything a call needs; invoke() runs a fresh WASI instance per call.
#include <algorithm>
#include <cctype>
#include <cstring>

#include "go_duration.h"
#include "guest_argv.h"
#include "module_source.h"
#include "sha256.h"
#include "trap_messages.h"
#include "wasm_metadata.h"
#include "wasmbind/binding.h"
#include "wasmbind/wasi.h"

namespace wasmbind::binding {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kType = "bindings.wasm";
constexpr std::string_view kWasiModule = "wasi_snapshot_preview1";
constexpr uint64_t kStderrCaptureBytes = 64 * 1024;  // stderr=log|header keep at most this

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

Error init_error(std::string message) { return Error(ErrorKind::Host, std::move(message)); }

// Where a call's stdout goes: straight into the result (no copy at the end), bounded by
// maxOutputBytes; past the cap the guest is interrupted, since its output is lost anyway.
struct StdoutSink {
  std::string* data = nullptr;
  uint64_t cap = UINT64_MAX;
  bool exceeded = false;
  InterruptHandle instance;

  void write(std::string_view bytes) {
    if (exceeded) return;
    if (bytes.size() > cap - data->size()) {
      exceeded = true;
      instance.interrupt();
      return;
    }
    data->append(bytes);
  }
};

// Keeps the Cancellation pointed at the running instance for the duration of one call.
class AttachGuard {
 public:
  AttachGuard(Cancellation* cancellation, InterruptHandle handle) : cancellation_(cancellation) {
    if (cancellation_) cancellation_->attach(std::move(handle));
  }
  ~AttachGuard() {
    if (cancellation_) cancellation_->detach();
  }
  AttachGuard(const AttachGuard&) = delete;
  AttachGuard& operator=(const AttachGuard&) = delete;

 private:
  Cancellation* cancellation_;
};

class WasmOutputBinding final : public OutputBinding {
 public:
  WasmOutputBinding(const ComponentSpec& spec, const InitOptions& options, WasmMetadata metadata,
                    std::shared_ptr<const Module> module)
      : name_(spec.name),
        type_(kType),
        version_(spec.version.empty() ? "v1" : spec.version),
        metadata_(std::move(metadata)),
        guest_name_(guest_name_from_url(metadata_.url)),
        module_(std::move(module)),
        log_(options.log) {
    wasi::define_imports(linker_);
    if (metadata_.max_memory_pages) limits_.max_memory_pages = *metadata_.max_memory_pages;
    if (metadata_.timeout) limits_.timeout = *metadata_.timeout;
    // wazero resolves imports per instantiation: a module imported from anything but WASI
    // is "not instantiated", and every call fails with that, not the init.
    for (const ImportDesc& import : module_->imports()) {
      if (import.module != kWasiModule) {
        link_error_ = "module[" + import.module + "] not instantiated";
        break;
      }
    }
    for (const ExportDesc& e : module_->exports())
      if (e.name == "_start" && e.kind == ExternKind::Func) has_start_ = true;
    // Imports are resolved once here, not per call. A WASI import we do not provide fails
    // every call, as wazero's per-instantiation linking would, after the same checks.
    if (!link_error_) linked_.emplace(linker_.link(module_));
  }

  const std::string& name() const override { return name_; }
  const std::string& type() const override { return type_; }
  const std::string& version() const override { return version_; }
  std::vector<std::string> operations() const override { return {"execute"}; }

  InvokeResult invoke(const InvokeRequest& request) override {
    InvokeResult result;
    try {
      run(request, result);
    } catch (const std::exception& e) {
      result.error = std::string("internal error: ") + e.what();
    } catch (...) {
      result.error = "internal error";
    }
    if (result.error) result.data.clear();
    return result;
  }

 private:
  void run(const InvokeRequest& request, InvokeResult& result) {
    if (request.operation.empty()) {
      result.error = "operation field is missing from request";
      return;
    }
    if (request.operation != "execute") {
      result.error = "binding " + name_ + " does not support operation " + request.operation +
                     ". supported operations:execute";
      return;
    }
    Cancellation* cancellation = request.cancellation.get();
    const uint64_t instance_number = counter_.fetch_add(1, std::memory_order_relaxed) + 1;
    if (link_error_) {
      result.error = *link_error_;
      return;
    }
    if (cancellation && cancellation->cancelled()) {
      result.error = std::string(kContextCanceled);
      return;
    }

    wasi::Config config;
    const auto args = request.metadata.find("args");
    if (args != request.metadata.end() && args->second.find('\0') != std::string::npos) {
      result.error = "args invalid: contains NUL character";
      return;
    }
    config.args.reserve(args == request.metadata.end() ? 1 : 2 + static_cast<size_t>(std::count(
                                                                     args->second.begin(), args->second.end(), ',')));
    config.args.push_back(guest_name_);
    if (args != request.metadata.end()) append_split_args(args->second, config.args);
    config.env = metadata_.env;
    config.preopens = metadata_.mounts;
    if (!request.data.empty()) config.stdin_input = wasi::Input::from_bytes(request.data);
    StdoutSink sink;
    sink.data = &result.data;
    if (metadata_.max_output_bytes) sink.cap = *metadata_.max_output_bytes;
    config.stdout_output = wasi::Output::to_callback([s = &sink](std::string_view b) { s->write(b); });
    if (metadata_.stderr_mode != StderrMode::Discard)
      config.stderr_output = wasi::Output::buffer(kStderrCaptureBytes);
    if (metadata_.strict_sandbox) {
      config.deterministic = true;
      config.random_seed = 42;
    }

    auto context = wasi::Context::create(std::move(config));
    if (!context.ok()) {
      result.error = context.error().message;
      return;
    }
    const Clock::time_point started = Clock::now();
    std::optional<Error> failure;
    bool in_start_section = false;  // the failure came from the module's start function
    {
      auto instance = linked_->ok() ? linked_->value().instantiate(limits_, context->get())
                                    : Result<std::unique_ptr<Instance>>(linked_->error());
      if (!instance.ok()) {
        failure = instance.error();
        in_start_section = true;
        if (failure->kind == ErrorKind::Uninstantiable && failure->trap != TrapKind::None)
          failure->kind = ErrorKind::Trap;  // the start section trapped
      } else if (has_start_) {
        sink.instance = (*instance)->interrupt_handle();
        AttachGuard attach(cancellation, sink.instance);
        auto r = (*instance)->call("_start", {});
        if (!r.ok()) failure = r.error();
      }
    }
    // proc_exit(0) is a successful end, wherever it happens.
    if (failure && failure->kind == ErrorKind::Exit && failure->exit_code == 0) failure.reset();
    finish_stderr(**context, instance_number, result);
    if (sink.exceeded) {
      result.error = "output exceeds maxOutputBytes (" + std::to_string(sink.cap) + ")";
      return;
    }
    if (!failure) return;
    result.error = describe_failure(*failure, cancellation, started, instance_number,
                                    in_start_section ? "start" : "_start");
  }

  std::string describe_failure(const Error& e, const Cancellation* cancellation,
                               Clock::time_point started, uint64_t instance_number,
                               std::string_view function) const {
    if (e.kind == ErrorKind::Exit) return format_exit(e.exit_code);
    if (cancellation && cancellation->cancelled()) return std::string(kContextCanceled);
    const bool timed_out = metadata_.timeout && Clock::now() - started >= *metadata_.timeout;
    if (e.trap == TrapKind::Interrupted || timed_out)
      return std::string(timed_out || metadata_.timeout ? kDeadlineExceeded : kContextCanceled);
    if (e.kind == ErrorKind::Trap || e.kind == ErrorKind::Exhaustion)
      return format_trap(guest_name_ + "-" + std::to_string(instance_number),
                         function, e);
    return e.message;
  }

  void finish_stderr(const wasi::Context& context, uint64_t instance_number, InvokeResult& result) const {
    switch (metadata_.stderr_mode) {
      case StderrMode::Discard:
        return;
      case StderrMode::Header:
        result.stderr_output = context.stderr_buffer();
        return;
      case StderrMode::Log:
        if (log_ && !context.stderr_buffer().empty())
          log_(LogLevel::Info, "binding " + name_ + " guest " + guest_name_ + "-" +
                                   std::to_string(instance_number) +
                                   " stderr: " + context.stderr_buffer());
        return;
    }
  }

  std::string name_, type_, version_;
  WasmMetadata metadata_;
  std::string guest_name_;
  std::shared_ptr<const Module> module_;
  LogSink log_;
  Linker linker_;
  // Set when every import is from WASI: the linked module, or why a WASI import is missing
  // or mistyped. Empty when link_error_ is set.
  std::optional<Result<LinkedModule>> linked_;
  Limits limits_;
  bool has_start_ = false;
  std::optional<std::string> link_error_;
  std::atomic<uint64_t> counter_{0};
};

Result<std::unique_ptr<OutputBinding>> create_binding(const ComponentSpec& spec,
                                                      const InitOptions& options) {
  const Clock::time_point started = Clock::now();
  const Clock::time_point deadline = started + spec.init_timeout;
  const std::string version = lower(spec.version);
  if (spec.type != kType || !(version.empty() || version == "v0" || version == "v1"))
    return init_error("couldn't find binding " + spec.name + " (" + spec.type + "/" + spec.version + ")");

  auto metadata = parse_wasm_metadata(spec, options);
  if (!metadata.ok()) return init_error("wasm: failed to parse metadata: " + metadata.error().message);
  ModuleSourceOptions source;
  source.working_directory = options.working_directory;
  source.deadline = deadline;
  auto bytes = load_module_bytes(metadata->url, source);
  if (!bytes.ok()) return init_error("wasm: failed to parse metadata: " + bytes.error().message);
  if (metadata->sha256) {
    std::string actual = sha256_hex(*bytes);
    if (actual != *metadata->sha256)
      return init_error("wasm: failed to parse metadata: sha256 mismatch: want " + *metadata->sha256 +
                        ", got " + actual);
  }

  // wazero's texts for a file that is not Wasm at all; everything else is our decoder's.
  static constexpr char kMagic[4] = {'\0', 'a', 's', 'm'};
  static constexpr char kVersion[4] = {1, 0, 0, 0};
  if (bytes->size() < 4 || std::memcmp(bytes->data(), kMagic, 4) != 0)
    return init_error("wasm: error compiling binary: invalid magic number");
  if (bytes->size() < 8 || std::memcmp(bytes->data() + 4, kVersion, 4) != 0)
    return init_error("wasm: error compiling binary: invalid version header");
  auto module = Module::compile(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()));
  if (!module.ok()) return init_error("wasm: error compiling binary: " + module.error().to_string());

  if (Clock::now() > deadline)
    return init_error("init timeout for component " + spec.name + " (" + spec.type + "/" +
                      (spec.version.empty() ? "v1" : spec.version) + ") exceeded after " +
                      format_duration(spec.init_timeout));
  if (options.log)
    options.log(LogLevel::Debug,
                "component " + spec.name + ": loaded " + std::to_string(bytes->size()) + " bytes from " +
                    metadata->url + " and compiled them in " +
                    format_duration(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - started)));
  return std::unique_ptr<OutputBinding>(
      new WasmOutputBinding(spec, options, std::move(*metadata), std::move(*module)));
}

}  // namespace

Result<std::unique_ptr<OutputBinding>> create_wasm_output_binding(const ComponentSpec& spec,
                                                                  const InitOptions& options) {
  try {
    return create_binding(spec, options);
  } catch (const std::exception& e) {
    return init_error(std::string("wasm: ") + e.what());
  }
}

}  // namespace wasmbind::binding
