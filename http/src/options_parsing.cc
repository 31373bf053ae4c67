// Parsing of the option values `wasmbind serve` takes as text (kept here so the HTTP tests
// cover them and the CLI stays a thin layer).
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "wasmbind/http.h"

namespace wasmbind::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::optional<double> multiplier(std::string_view suffix) {
  struct Unit {
    std::string_view name;
    double factor;
    bool case_sensitive;
  };
  static constexpr Unit kUnits[] = {
      {"", 1, true},          {"B", 1, false},
      {"Ki", 1024.0, true},   {"Mi", 1048576.0, true}, {"Gi", 1073741824.0, true}, {"Ti", 1099511627776.0, true},
      {"KiB", 1024.0, false}, {"MiB", 1048576.0, false}, {"GiB", 1073741824.0, false},
      {"TiB", 1099511627776.0, false},
      {"k", 1e3, true},       {"K", 1e3, true},        {"M", 1e6, true},         {"G", 1e9, true},
      {"T", 1e12, true},      {"KB", 1e3, false},      {"MB", 1e6, false},       {"GB", 1e9, false},
      {"TB", 1e12, false},
  };
  for (const Unit& unit : kUnits)
    if (unit.case_sensitive ? suffix == unit.name : iequals(suffix, unit.name)) return unit.factor;
  return std::nullopt;
}

}  // namespace

Result<uint64_t> parse_byte_size(std::string_view text) {
  const auto bad = [&] {
    return Error(ErrorKind::Host, "invalid size '" + std::string(text) +
                                      "': want bytes, optionally with a suffix such as Ki, Mi, Gi, KB, MB");
  };
  size_t digits_end = 0;
  while (digits_end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[digits_end])) || text[digits_end] == '.'))
    ++digits_end;
  const std::string_view number = text.substr(0, digits_end);
  if (number.empty() || number.front() == '.' || number.back() == '.' ||
      number.find('.') != number.rfind('.'))
    return bad();
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || end != number.data() + number.size()) return bad();
  const auto factor = multiplier(text.substr(digits_end));
  if (!factor) return bad();
  const double bytes = std::floor(value * *factor);
  if (!(bytes < 1.8e19)) return bad();
  return static_cast<uint64_t>(bytes);
}

std::optional<binding::LogLevel> parse_log_level(std::string_view text) {
  if (iequals(text, "debug")) return binding::LogLevel::Debug;
  if (iequals(text, "info")) return binding::LogLevel::Info;
  if (iequals(text, "warn") || iequals(text, "warning")) return binding::LogLevel::Warn;
  if (iequals(text, "error") || iequals(text, "fatal")) return binding::LogLevel::Error;
  return std::nullopt;
}

}  // namespace wasmbind::http
