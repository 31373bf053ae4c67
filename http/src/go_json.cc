#include "go_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <numeric>

namespace wasmbind::http {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Bytes json.Marshal writes as they are (with HTML escaping on): printable ASCII except
// `"`, `\`, `<`, `>`, `&`.
constexpr bool is_html_safe_ascii(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
}

bool in_range(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

}  // namespace

size_t valid_utf8_sequence_length(std::string_view s, size_t i) {
  const auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const size_t left = s.size() - i;
  const unsigned char c = at(i);
  if (c < 0x80) return 1;
  if (in_range(c, 0xC2, 0xDF)) return left >= 2 && in_range(at(i + 1), 0x80, 0xBF) ? 2 : 0;
  if (in_range(c, 0xE0, 0xEF)) {
    if (left < 3) return 0;
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
    const unsigned char hi = c == 0xED ? 0x9F : 0xBF;  // no surrogates
    return in_range(at(i + 1), lo, hi) && in_range(at(i + 2), 0x80, 0xBF) ? 3 : 0;
  }
  if (in_range(c, 0xF0, 0xF4)) {
    if (left < 4) return 0;
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;  // no overlong forms
    const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    return in_range(at(i + 1), lo, hi) && in_range(at(i + 2), 0x80, 0xBF) &&
                   in_range(at(i + 3), 0x80, 0xBF)
               ? 4
               : 0;
  }
  return 0;
}

std::string to_valid_utf8(std::string_view value) {
  std::string out;
  size_t i = 0;
  size_t clean_from = 0;
  bool changed = false;
  while (i < value.size()) {
    if (static_cast<unsigned char>(value[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t n = valid_utf8_sequence_length(value, i);
    if (n != 0) {
      i += n;
      continue;
    }
    if (!changed) out.reserve(value.size() + 8);
    changed = true;
    out.append(value.substr(clean_from, i - clean_from));
    out.append("\xEF\xBF\xBD");  // U+FFFD, one per offending byte as Go's decoder writes it
    ++i;
    clean_from = i;
  }
  if (!changed) return std::string(value);
  out.append(value.substr(clean_from));
  return out;
}

void append_go_string(std::string& out, std::string_view value) {
  out.push_back('"');
  size_t clean_from = 0;
  size_t i = 0;
  const auto flush = [&](size_t upto) { out.append(value.substr(clean_from, upto - clean_from)); };
  while (i < value.size()) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (c < 0x80) {
      if (is_html_safe_ascii(c) || c == 0x7F) {
        ++i;
        continue;
      }
      flush(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          out.append("\\u00");
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
      }
      clean_from = ++i;
      continue;
    }
    const size_t n = valid_utf8_sequence_length(value, i);
    if (n == 0) {
      flush(i);
      out.append("\\ufffd");
      clean_from = ++i;
      continue;
    }
    // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: E2 80 A8 / E2 80 A9.
    if (n == 3 && c == 0xE2 && static_cast<unsigned char>(value[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(value[i + 2]) & 0xFE) == 0xA8) {
      flush(i);
      out.append("\\u202");
      out.push_back(kHex[static_cast<unsigned char>(value[i + 2]) & 0xF]);
      i += 3;
      clean_from = i;
      continue;
    }
    i += n;
  }
  flush(i);
  out.push_back('"');
}

void append_go_float(std::string& out, double value) {
  // Shortest round-trip digits in scientific form, e.g. "-1.2345e-07", "1e+21", "0e+00".
  char sci[64];
  const auto [end, ec] = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific);
  if (ec != std::errc()) {  // cannot happen for finite doubles; keep the output valid JSON
    out.append("null");
    return;
  }
  const std::string_view text(sci, static_cast<size_t>(end - sci));
  const size_t e_pos = text.find('e');
  std::string_view mantissa = text.substr(0, e_pos);
  const bool negative = !mantissa.empty() && mantissa.front() == '-';
  if (negative) mantissa.remove_prefix(1);
  int exponent = 0;
  std::from_chars(text.data() + e_pos + 1 + (text[e_pos + 1] == '+' ? 1 : 0), text.data() + text.size(),
                  exponent);
  // Digits without the decimal point: value = 0.d1d2d3... * 10^(exponent + 1).
  char digits[32];
  size_t n = 0;
  for (char ch : mantissa)
    if (ch != '.') digits[n++] = ch;

  if (negative) out.push_back('-');
  const double magnitude = std::fabs(value);
  if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) {
    // Go's %e: d[.ddd]e±dd, then json shortens e-0d to e-d; here exponents are <= -7 or
    // >= 21, so the result is the exponent without padding.
    out.push_back(digits[0]);
    if (n > 1) {
      out.push_back('.');
      out.append(digits + 1, n - 1);
    }
    out.push_back('e');
    out.push_back(exponent < 0 ? '-' : '+');
    char exp_text[8];
    const auto r = std::to_chars(exp_text, exp_text + sizeof exp_text, std::abs(exponent));
    out.append(exp_text, r.ptr);
    return;
  }
  if (magnitude == 0) {
    out.push_back('0');
    return;
  }
  const int point = exponent + 1;  // digits before the decimal point
  if (point <= 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-point), '0');
    out.append(digits, n);
  } else if (static_cast<size_t>(point) >= n) {
    out.append(digits, n);
    out.append(static_cast<size_t>(point) - n, '0');
  } else {
    out.append(digits, static_cast<size_t>(point));
    out.push_back('.');
    out.append(digits + point, n - static_cast<size_t>(point));
  }
}

std::string& GoJsonBuilder::open_slot() {
  if (stack_.empty()) {
    result_.clear();
    return result_;
  }
  Frame& frame = stack_.back();
  if (!frame.is_object) {
    if (frame.array_out.size() > 1) frame.array_out.push_back(',');
    return frame.array_out;
  }
  scratch_.clear();
  return scratch_;
}

void GoJsonBuilder::close_slot(std::string& slot) {
  if (stack_.empty() || !stack_.back().is_object) return;  // written in place already
  Frame& frame = stack_.back();
  frame.members.push_back(Member{std::move(frame.pending_key), std::move(slot)});
  frame.pending_key.clear();
}

void GoJsonBuilder::null_value() {
  std::string& slot = open_slot();
  slot.append("null");
  close_slot(slot);
}

void GoJsonBuilder::bool_value(bool value) {
  std::string& slot = open_slot();
  slot.append(value ? "true" : "false");
  close_slot(slot);
}

void GoJsonBuilder::number_value(double value) {
  std::string& slot = open_slot();
  append_go_float(slot, value);
  close_slot(slot);
}

void GoJsonBuilder::string_value(std::string_view value) {
  std::string& slot = open_slot();
  append_go_string(slot, value);
  close_slot(slot);
}

void GoJsonBuilder::start_array() {
  Frame frame;
  frame.array_out.push_back('[');
  stack_.push_back(std::move(frame));
}

void GoJsonBuilder::start_object() {
  Frame frame;
  frame.is_object = true;
  stack_.push_back(std::move(frame));
}

void GoJsonBuilder::key(std::string_view key) { stack_.back().pending_key.assign(key); }

void GoJsonBuilder::end_array() {
  std::string encoded = std::move(stack_.back().array_out);
  encoded.push_back(']');
  stack_.pop_back();
  std::string& slot = open_slot();
  if (&slot == &scratch_ || &slot == &result_) {
    slot = std::move(encoded);
  } else {
    slot.append(encoded);
  }
  close_slot(slot);
}

void GoJsonBuilder::end_object() {
  std::vector<Member> members = std::move(stack_.back().members);
  stack_.pop_back();
  // Stable sort by key: among equal keys the last one written is last in its run, and it is
  // the one a Go map keeps.
  std::stable_sort(members.begin(), members.end(),
                   [](const Member& a, const Member& b) { return a.key < b.key; });
  std::string encoded = "{";
  bool first = true;
  for (size_t i = 0; i < members.size(); ++i) {
    if (i + 1 < members.size() && members[i + 1].key == members[i].key) continue;
    if (!first) encoded.push_back(',');
    first = false;
    append_go_string(encoded, members[i].key);
    encoded.push_back(':');
    encoded.append(members[i].encoded);
  }
  encoded.push_back('}');
  std::string& slot = open_slot();
  if (&slot == &scratch_ || &slot == &result_) {
    slot = std::move(encoded);
  } else {
    slot.append(encoded);
  }
  close_slot(slot);
}

}  // namespace wasmbind::http
