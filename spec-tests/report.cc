#include "report.h"

#include <cstdio>
#include <ostream>

namespace wasmbind::spec {

std::string_view to_string(CommandKind kind) {
  switch (kind) {
    case CommandKind::Module: return "module";
    case CommandKind::AssertReturn: return "assert_return";
    case CommandKind::AssertTrap: return "assert_trap";
    case CommandKind::AssertExhaustion: return "assert_exhaustion";
    case CommandKind::AssertInvalid: return "assert_invalid";
    case CommandKind::AssertMalformedBinary: return "assert_malformed (binary)";
    case CommandKind::AssertMalformedText: return "assert_malformed (text)";
    case CommandKind::AssertUnlinkable: return "assert_unlinkable";
    case CommandKind::AssertUninstantiable: return "assert_uninstantiable";
    case CommandKind::Register: return "register";
    case CommandKind::Action: return "action";
    case CommandKind::Other: return "unknown command";
    case CommandKind::FileError: return "file error";
  }
  return "?";
}

Counts& Counts::operator+=(const Counts& o) {
  passed += o.passed;
  failed += o.failed;
  skipped += o.skipped;
  return *this;
}

void Tally::add(CommandKind kind, Outcome outcome) {
  Counts& c = by_kind_[static_cast<size_t>(kind)];
  switch (outcome) {
    case Outcome::Passed: ++c.passed; break;
    case Outcome::Failed: ++c.failed; break;
    case Outcome::Skipped: ++c.skipped; break;
  }
}

Tally& Tally::operator+=(const Tally& o) {
  for (size_t i = 0; i < kCommandKindCount; ++i) by_kind_[i] += o.by_kind_[i];
  return *this;
}

Counts Tally::total() const {
  Counts t;
  for (const Counts& c : by_kind_) t += c;
  return t;
}

std::string to_string(const Failure& f) {
  if (f.kind == CommandKind::FileError) return f.file + ": error: " + f.got;
  std::string s =
      f.file + ":" + std::to_string(f.line) + ": " + std::string(to_string(f.kind)) + ": ";
  s += "expected " + f.expected + ", got " + f.got;
  return s;
}

std::string summary(const Counts& c) {
  return std::to_string(c.passed) + " passed, " + std::to_string(c.failed) + " failed, " +
         std::to_string(c.skipped) + " skipped";
}

void print_file_line(std::ostream& out, std::string_view file, const Tally& tally) {
  out << file << ": " << summary(tally.total()) << '\n';
}

namespace {

void print_row(std::ostream& out, std::string_view name, const Counts& c) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%-26.*s %9llu %9llu %9llu\n", static_cast<int>(name.size()),
                name.data(), static_cast<unsigned long long>(c.passed),
                static_cast<unsigned long long>(c.failed),
                static_cast<unsigned long long>(c.skipped));
  out << buf;
}

}  // namespace

void print_table(std::ostream& out, const Tally& tally) {
  char header[128];
  std::snprintf(header, sizeof header, "%-26s %9s %9s %9s\n", "command", "passed", "failed",
                "skipped");
  out << header;
  for (size_t i = 0; i < kCommandKindCount; ++i) {
    const auto kind = static_cast<CommandKind>(i);
    const Counts& c = tally[kind];
    const bool optional_row = kind == CommandKind::Other || kind == CommandKind::FileError;
    if (optional_row && c.passed + c.failed + c.skipped == 0) continue;
    print_row(out, to_string(kind), c);
  }
  print_row(out, "total", tally.total());
}

}  // namespace wasmbind::spec
