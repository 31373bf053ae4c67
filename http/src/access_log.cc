#include "access_log.h"

#include <charconv>

#include "logger.h"

namespace wasmbind::http {
namespace {

void append_field(std::string& out, std::string_view name, uint64_t value) {
  out.push_back(' ');
  out.append(name);
  out.push_back('=');
  char digits[24];
  const auto r = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, r.ptr);
}

}  // namespace

void format_access_fields(std::string& out, const AccessRecord& record) {
  out.append("method=");
  append_logfmt_value(out, record.method);
  out.append(" target=");
  append_logfmt_value(out, record.target);
  out.append(" binding=");
  append_logfmt_value(out, record.binding);
  append_field(out, "status", record.status);
  append_field(out, "duration_us", record.duration_us);
  append_field(out, "bytes_in", record.bytes_in);
  append_field(out, "bytes_out", record.bytes_out);
  if (!record.error.empty()) {
    out.append(" error=");
    append_logfmt_value(out, record.error);
  }
}

}  // namespace wasmbind::http
