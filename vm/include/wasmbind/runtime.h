// Runtime objects a module instance is made of, which may also be created by the embedder
// and shared between instances: memories, tables, globals and host functions.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wasmbind/error.h"
#include "wasmbind/types.h"
#include "wasmbind/value.h"

namespace wasmbind {

namespace detail {
struct InstanceState;
struct ExecContext;
}  // namespace detail

// A linear memory. Its address range is reserved once at its maximum size, so growing never
// moves it: a pointer from data() stays valid for the memory's lifetime.
class Memory {
 public:
  // Fails (Limit) when the reservation cannot be made or min exceeds `max_pages_limit`.
  static Result<std::shared_ptr<Memory>> create(const MemoryType& type, uint32_t max_pages_limit);
  ~Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  const MemoryType& type() const { return type_; }
  uint32_t pages() const { return static_cast<uint32_t>(size_ / kPageSize); }
  uint64_t size() const { return size_; }
  uint8_t* data() { return base_; }
  const uint8_t* data() const { return base_; }
  // Returns the old size in pages, or nullopt (the spec's -1) if it cannot grow.
  std::optional<uint32_t> grow(uint32_t delta_pages);

  // Bounds-checked copies; false when [addr, addr+len) is not inside the memory.
  bool read(uint64_t addr, std::span<uint8_t> out) const;
  bool write(uint64_t addr, std::span<const uint8_t> in);

 private:
  Memory() = default;
  friend struct detail::InstanceState;
  MemoryType type_;
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
  uint64_t reserved_ = 0;
  uint32_t max_pages_ = 0;  // min(type max, embedder limit)
};

// A table of references (funcref or externref), stored as raw pointers (null = nullptr).
class Table {
 public:
  static Result<std::shared_ptr<Table>> create(const TableType& type, uint32_t max_elements_limit,
                                               Value init = Value::null(ValType::FuncRef));
  const TableType& type() const { return type_; }
  uint32_t size() const { return static_cast<uint32_t>(elements_.size()); }
  std::optional<uint32_t> grow(uint32_t delta, const void* init);
  std::optional<Value> get(uint32_t index) const;
  bool set(uint32_t index, const Value& v);

  // Raw storage for the interpreter. Function references in a table do not keep their
  // instance alive: an instance must outlive every table or global it stores its functions in.
  std::vector<const void*>& elements() { return elements_; }

 private:
  TableType type_;
  uint32_t max_elements_ = 0;
  std::vector<const void*> elements_;
};

// A global variable's storage, shareable between instances (imported/exported globals).
class Global {
 public:
  Global(GlobalType type, Value value) : type_(type), value_(value) { value_.type = type.type; }
  const GlobalType& type() const { return type_; }
  Value get() const { return value_; }
  // Fails for an immutable global or a value of the wrong type.
  bool set(const Value& v);
  Value& cell() { return value_; }

 private:
  GlobalType type_;
  Value value_;
};

class Instance;

// What a host function sees of the instance calling it.
class Caller {
 public:
  Caller(detail::InstanceState* instance, void* user_data) : instance_(instance), user_data_(user_data) {}
  // The calling instance's memory 0, or nullptr if it has none.
  Memory* memory();
  void* user_data() const { return user_data_; }
  // True once the instance's interrupt handle fired or its deadline passed. A host function
  // that blocks (a sleep, a poll) checks this so a runaway guest cannot hide in the host.
  bool interrupt_requested() const;

 private:
  detail::InstanceState* instance_;
  void* user_data_;
};

// A host function: returns an Error to trap (kind Host or Exit) and stop the guest.
using HostCallback =
    std::function<Result<void>(Caller&, std::span<const Value> args, std::span<Value> results)>;

struct HostFunction {
  FuncType type;
  HostCallback callback;
};

// A function as an extern: a host function, or a Wasm function of a live instance.
struct FunctionHandle {
  const FunctionInstance* function = nullptr;
  std::shared_ptr<const void> owner;  // keeps the owning instance or host function alive
};

struct Extern {
  ExternKind kind = ExternKind::Func;
  FunctionHandle func;
  std::shared_ptr<Table> table;
  std::shared_ptr<Memory> memory;
  std::shared_ptr<Global> global;
};

// Turns a HostFunction into a function extern that can be linked into any module.
FunctionHandle make_host_function(HostFunction fn);
// The type of any function reference.
const FuncType& function_type(const FunctionInstance* f);

// Cross-thread handle that stops a running call with an `interrupted` trap within a loop
// iteration or function call; cheap to copy and safe to use after the instance is gone.
class InterruptHandle {
 public:
  InterruptHandle() = default;
  explicit InterruptHandle(std::shared_ptr<std::atomic<uint32_t>> flag) : flag_(std::move(flag)) {}
  void interrupt() const {
    if (flag_) flag_->store(1, std::memory_order_relaxed);
  }

 private:
  std::shared_ptr<std::atomic<uint32_t>> flag_;
};

}  // namespace wasmbind
