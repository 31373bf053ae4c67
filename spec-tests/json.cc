#include "json.h"

#include <rapidjson/error/en.h>

#include <charconv>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace wasmbind::spec::json {

rapidjson::Document load_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("cannot read " + path.string());
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    throw std::runtime_error(path.filename().string() + ": JSON error at offset " +
                             std::to_string(doc.GetErrorOffset()) + ": " +
                             rapidjson::GetParseError_En(doc.GetParseError()));
  }
  return doc;
}

const rapidjson::Value* find(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) throw std::runtime_error("expected a JSON object");
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

const rapidjson::Value& member(const rapidjson::Value& object, const char* name) {
  const rapidjson::Value* v = find(object, name);
  if (v == nullptr) throw std::runtime_error(std::string("missing \"") + name + "\"");
  return *v;
}

std::string string(const rapidjson::Value& value, std::string_view what) {
  if (!value.IsString()) throw std::runtime_error(std::string(what) + " is not a string");
  return std::string(value.GetString(), value.GetStringLength());
}

std::string string_member(const rapidjson::Value& object, const char* name) {
  return string(member(object, name), std::string("\"") + name + "\"");
}

std::optional<std::string> optional_string_member(const rapidjson::Value& object,
                                                  const char* name) {
  const rapidjson::Value* v = find(object, name);
  if (v == nullptr) return std::nullopt;
  return string(*v, std::string("\"") + name + "\"");
}

uint64_t uint_member(const rapidjson::Value& object, const char* name) {
  const rapidjson::Value& v = member(object, name);
  if (!v.IsUint64())
    throw std::runtime_error(std::string("\"") + name + "\" is not an unsigned integer");
  return v.GetUint64();
}

const rapidjson::Value& array_member(const rapidjson::Value& object, const char* name) {
  const rapidjson::Value& v = member(object, name);
  if (!v.IsArray()) throw std::runtime_error(std::string("\"") + name + "\" is not an array");
  return v;
}

uint64_t parse_decimal(std::string_view text, uint64_t max, std::string_view what) {
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, 10);
  if (text.empty() || ec != std::errc() || ptr != end || value > max) {
    throw std::runtime_error("bad " + std::string(what) + " value \"" + std::string(text) + "\"");
  }
  return value;
}

}  // namespace wasmbind::spec::json
