// Small helpers over component metadata: case-insensitive lookup and Dapr's truthy strings.
#include <algorithm>
#include <cctype>

#include "wasmbind/binding.h"

namespace wasmbind::binding {
namespace {
bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}
bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
}  // namespace

std::optional<std::string> ComponentSpec::find_metadata(std::string_view key) const {
  for (const MetadataItem& item : metadata)
    if (iequals(item.name, key)) return item.value;
  return std::nullopt;
}

bool is_truthy(std::string_view value) {
  while (!value.empty() && is_space(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
  while (!value.empty() && is_space(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  for (std::string_view yes : {"y", "yes", "true", "t", "on", "1"})
    if (iequals(value, yes)) return true;
  return false;
}

}  // namespace wasmbind::binding
