// Counting results by command kind and printing them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace wasmbind::spec {

enum class CommandKind : uint8_t {
  Module,
  AssertReturn,
  AssertTrap,
  AssertExhaustion,
  AssertInvalid,
  AssertMalformedBinary,
  AssertMalformedText,
  AssertUnlinkable,
  AssertUninstantiable,
  Register,
  Action,
  Other,      // a command type this runner does not know (always a failure)
  FileError,  // the file could not be converted or read (one failure per file)
};
constexpr size_t kCommandKindCount = static_cast<size_t>(CommandKind::FileError) + 1;

std::string_view to_string(CommandKind kind);

enum class Outcome : uint8_t { Passed, Failed, Skipped };

struct Counts {
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped = 0;
  Counts& operator+=(const Counts& o);
};

class Tally {
 public:
  void add(CommandKind kind, Outcome outcome);
  Tally& operator+=(const Tally& o);
  const Counts& operator[](CommandKind kind) const { return by_kind_[static_cast<size_t>(kind)]; }
  Counts total() const;

 private:
  std::array<Counts, kCommandKindCount> by_kind_{};
};

// One failed command: where, and what was expected versus what happened.
struct Failure {
  std::string file;   // display name of the .wast
  uint64_t line = 0;  // .wast line; 0 for file-level errors
  CommandKind kind = CommandKind::Other;
  std::string expected;
  std::string got;
};

// "core/binary.wast:12: assert_malformed: expected ..., got ..."
// File errors: "core/x.wast: error: <got>"
std::string to_string(const Failure& failure);

// "N passed, M failed, K skipped"
std::string summary(const Counts& counts);

// "core/address.wast: 255 passed, 0 failed, 1000 skipped"
void print_file_line(std::ostream& out, std::string_view file, const Tally& tally);

// The per-kind table. Rows for `Other` and `FileError` appear only when non-zero.
void print_table(std::ostream& out, const Tally& tally);

}  // namespace wasmbind::spec
