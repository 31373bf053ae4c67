#include "go_duration.h"

#include <cstdint>
#include <string>

namespace wasmbind::binding {
namespace {

constexpr uint64_t kNanosecond = 1;
constexpr uint64_t kMicrosecond = 1000 * kNanosecond;
constexpr uint64_t kMillisecond = 1000 * kMicrosecond;
constexpr uint64_t kSecond = 1000 * kMillisecond;
constexpr uint64_t kMinute = 60 * kSecond;
constexpr uint64_t kHour = 60 * kMinute;
constexpr uint64_t kLimit = uint64_t{1} << 63;  // |duration| must fit an int64

bool unit_of(std::string_view u, uint64_t& unit) {
  if (u == "ns") unit = kNanosecond;
  else if (u == "us" || u == "\xC2\xB5s" /* µ U+00B5 */ || u == "\xCE\xBCs" /* μ U+03BC */)
    unit = kMicrosecond;
  else if (u == "ms") unit = kMillisecond;
  else if (u == "s") unit = kSecond;
  else if (u == "m") unit = kMinute;
  else if (u == "h") unit = kHour;
  else return false;
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

Error duration_error(std::string what) { return Error(ErrorKind::Host, "time: " + std::move(what)); }

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

Result<std::chrono::nanoseconds> parse_go_duration(std::string_view text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds{0};
  if (s.empty()) return duration_error("invalid duration " + quoted(text));

  uint64_t total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || is_digit(s[0]))) return duration_error("invalid duration " + quoted(text));
    // Integer part; overflow is an error, as in Go.
    uint64_t whole = 0;
    size_t i = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      if (whole > (kLimit - 1) / 10) return duration_error("invalid duration " + quoted(text));
      whole = whole * 10 + static_cast<uint64_t>(s[i] - '0');
      if (whole > kLimit) return duration_error("invalid duration " + quoted(text));
    }
    const bool has_whole = i > 0;
    s.remove_prefix(i);
    // Fraction: digits past what fits are consumed and ignored.
    uint64_t fraction = 0;
    double scale = 1;
    bool has_fraction = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      size_t j = 0;
      bool overflow = false;
      for (; j < s.size() && is_digit(s[j]); ++j) {
        if (overflow) continue;
        if (fraction > (kLimit - 1) / 10) {
          overflow = true;
          continue;
        }
        fraction = fraction * 10 + static_cast<uint64_t>(s[j] - '0');
        scale *= 10;
      }
      has_fraction = j > 0;
      s.remove_prefix(j);
    }
    if (!has_whole && !has_fraction) return duration_error("invalid duration " + quoted(text));
    size_t u = 0;
    while (u < s.size() && s[u] != '.' && !is_digit(s[u])) ++u;
    if (u == 0) return duration_error("missing unit in duration " + quoted(text));
    uint64_t unit = 0;
    if (!unit_of(s.substr(0, u), unit))
      return duration_error("unknown unit " + quoted(s.substr(0, u)) + " in duration " + quoted(text));
    s.remove_prefix(u);
    if (whole > kLimit / unit) return duration_error("invalid duration " + quoted(text));
    whole *= unit;
    if (fraction > 0) {
      whole += static_cast<uint64_t>(static_cast<double>(fraction) *
                                     (static_cast<double>(unit) / scale));
      if (whole > kLimit) return duration_error("invalid duration " + quoted(text));
    }
    total += whole;
    if (total > kLimit) return duration_error("invalid duration " + quoted(text));
  }
  if (total == kLimit && !negative) return duration_error("invalid duration " + quoted(text));
  int64_t ns = negative ? static_cast<int64_t>(0 - total) : static_cast<int64_t>(total);
  return std::chrono::nanoseconds{ns};
}

std::string format_duration(std::chrono::nanoseconds d) {
  int64_t ns = d.count();
  std::string sign;
  if (ns < 0) {
    sign = "-";
    ns = ns == INT64_MIN ? INT64_MAX : -ns;
  }
  auto n = static_cast<uint64_t>(ns);
  if (n == 0) return "0s";
  if (n < kMicrosecond) return sign + std::to_string(n) + "ns";
  if (n < kMillisecond && n % kMicrosecond == 0) return sign + std::to_string(n / kMicrosecond) + "us";
  if (n < kSecond && n % kMillisecond == 0) return sign + std::to_string(n / kMillisecond) + "ms";
  if (n < kSecond) return sign + std::to_string(n) + "ns";
  std::string out = sign;
  if (n >= kHour) {
    out += std::to_string(n / kHour) + "h";
    n %= kHour;
  }
  if (n >= kMinute || (out.size() > sign.size() && n > 0)) {
    out += std::to_string(n / kMinute) + "m";
    n %= kMinute;
  }
  if (n > 0 || out.size() == sign.size()) {
    uint64_t secs = n / kSecond, rest = n % kSecond;
    out += std::to_string(secs);
    if (rest > 0) {
      std::string frac = std::to_string(rest);
      frac.insert(0, 9 - frac.size(), '0');
      while (!frac.empty() && frac.back() == '0') frac.pop_back();
      out += "." + frac;
    }
    out += "s";
  }
  return out;
}

}  // namespace wasmbind::binding
